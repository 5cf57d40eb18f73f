//! `sup-lsp`: the language server for `.sup` supervision policies.
//!
//! Only this crate speaks LSP. It depends on the `sup` library, never on the
//! CLI: diagnostics come from the same checker as `sup check`, and every
//! feature reads the checker's syntax tree, compiled policy and symbol index.
//!
//! Code map: [`server`] is the protocol plumbing; [`state`] holds open
//! documents; [`convert`] is the one place positions are converted; each
//! feature has its own module taking an [`analysis::Analysis`].

// Library code never panics on bad input: every failure is a diagnostic.
// The lints that hold it to that are in the workspace's Cargo.toml; tests
// may unwrap and index (clippy.toml), and may slice strings:
#![cfg_attr(
    test,
    allow(
        clippy::string_slice,
        reason = "a test: a panic is a failing test; library code is still checked in the ordinary build"
    )
)]

pub mod actions;
pub mod analysis;
pub mod completion;
pub mod config;
pub mod convert;
pub mod diagnostics;
pub mod folding;
pub mod format;
pub mod hints;
pub mod hover;
pub mod navigation;
pub mod prelude;
pub mod server;
pub mod state;
pub mod symbols;
pub mod tokens;
pub mod transport;
pub mod words;
pub mod world;

use tower_lsp_server::{ClientSocket, LspService};

/// The largest policy the server checks or reads from disk, in bytes: a
/// larger open document gets one diagnostic saying so instead of a check,
/// and a larger file on disk is passed over. 16 MiB is far beyond any real
/// policy (the 2,000-line benchmark policy is under 100 KiB).
///
/// The same limit as `sup check`'s, so a file the editor checks is one the
/// command line reads.
pub const MAX_POLICY_BYTES: usize = sup_eval::workspace::MAX_POLICY_BYTES as usize;

/// The stack of every runtime thread, blocking threads included (checks
/// and requests run there). The parser limits how deeply a policy may nest,
/// but checks and every feature that walks the syntax tree (hover, symbols,
/// semantic tokens, folding, formatting, completion, inlay hints) recurse
/// once or more per level: with this much stack even many times the
/// library's limit fits, where a default 2 MiB thread may not in a debug
/// build. Only the pages used are committed.
pub const STACK_SIZE: usize = 64 << 20;

/// The runtime the server runs on: several threads, each with a stack of
/// [`STACK_SIZE`].
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(STACK_SIZE)
        .build()
}

/// The service, ready to be served over any pair of streams.
pub fn service() -> (LspService<server::Server>, ClientSocket) {
    LspService::new(server::Server::new)
}

/// Serve LSP over standard input and output until the client says `exit`.
pub async fn serve_stdio() {
    transport::serve(tokio::io::stdin(), tokio::io::stdout()).await;
}
