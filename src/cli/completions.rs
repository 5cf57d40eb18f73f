//! `sup completions SHELL` and `sup man`: what shells and `man` need, generated from the same
//! argument definitions the command parses with, so they never fall behind it.

use std::path::PathBuf;

use clap::CommandFactory;

use super::{exit, Cli};

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {
    /// Write `sup.1` and one page per command (`sup-eval.1`, ...) into this folder instead of
    /// printing `sup.1`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub(crate) fn completions(args: &CompletionArgs) -> u8 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "sup", &mut script);
    super::print_stdout(&String::from_utf8_lossy(&script));
    exit::OK
}

pub(crate) fn man(args: &ManArgs) -> u8 {
    let command = Cli::command();
    if let Some(dir) = &args.out {
        return match std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(command, dir))
        {
            Ok(()) => exit::OK,
            Err(e) => {
                sayln!(
                    "error: cannot write the manual pages to `{}`: {e}",
                    dir.display()
                );
                exit::FAILED
            }
        };
    }
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
        sayln!("error: cannot write the manual page: {e}");
        return exit::FAILED;
    }
    super::print_stdout(&String::from_utf8_lossy(&page));
    exit::OK
}
