//! The `sup-lsp` binary: serves the language server over stdio.

#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "the binary, not library code: it only starts the server"
)]

use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "--version" || a == "-V") {
        println!("sup-lsp {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let runtime = match sup_lsp::runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("sup-lsp: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(sup_lsp::serve_stdio());
    // The client said `exit` (or closed stdin): leave now, without waiting
    // for blocked reads on stdin that may never return.
    runtime.shutdown_background();
    if sup_lsp::server::SHUTDOWN_REQUESTED.load(std::sync::atomic::Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
