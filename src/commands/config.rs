//! `selfmassage config`.

use crate::app::App;

pub fn run(_app: &App, _args: &crate::cli::ConfigArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
