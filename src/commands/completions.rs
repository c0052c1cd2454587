//! `selfmassage completions` and `selfmassage man`: shell integration from the clap definition.

use clap::CommandFactory;

use crate::cli::{Cli, Shell};

pub fn completions(shell: Shell) -> anyhow::Result<()> {
    use clap_complete::Shell as Target;
    let target = match shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Elvish => Target::Elvish,
        Shell::Powershell => Target::PowerShell,
    };
    let mut command = Cli::command();
    // Generated into memory first: clap_complete panics on a write error, and a closed
    // pipe (`selfmassage completions bash | head`) must end quietly.
    let mut script = Vec::new();
    clap_complete::generate(target, &mut command, "selfmassage", &mut script);
    std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
    Ok(())
}

pub fn man() -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    Ok(())
}
