//! `selfmassage check`.

use crate::app::App;

pub fn run(_app: &App, _args: &crate::cli::CheckArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
