//! `sup-lsp`: the language server for `.sup` supervision policies.
//!
//! Only this crate speaks LSP. It depends on the `sup` library, never on the
//! CLI: diagnostics come from the same checker as `sup check`, and every
//! feature reads the checker's syntax tree, compiled policy and symbol index.
//!
//! Code map: [`server`] is the protocol plumbing; [`state`] holds open
//! documents; [`convert`] is the one place positions are converted; each
//! feature has its own module taking an [`analysis::Analysis`].

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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
pub mod lexer;
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

/// The service, ready to be served over any pair of streams.
pub fn service() -> (LspService<server::Server>, ClientSocket) {
    LspService::new(server::Server::new)
}

/// Serve LSP over standard input and output until the client says `exit`.
pub async fn serve_stdio() {
    transport::serve(tokio::io::stdin(), tokio::io::stdout()).await;
}
