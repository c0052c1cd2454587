//! `selfmassage new`.

use crate::app::App;

pub fn run(_app: &App, _args: &crate::cli::NewArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
