//! `selfmassage history`.

use crate::app::App;

pub fn run(_app: &App, _args: &crate::cli::HistoryArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
