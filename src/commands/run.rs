//! `selfmassage run`.

use crate::app::App;

pub fn run(_app: &App, _args: &crate::cli::RunArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
