//! The `LanguageServer` implementation: protocol plumbing only. Each request
//! is answered by a function in its own module that takes an [`Analysis`]
//! and returns LSP types, so the features can be tested without a client.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::analysis::{normalise, Analysis};
use crate::config::Config;
use crate::state::Document;
use crate::world::{file_key, World};
use crate::{
    actions, completion, diagnostics, folding, format, hints, hover, navigation, symbols, tokens,
};

/// Set when the client asks to shut down: the process then exits with 0 on
/// `exit`, and with 1 if `exit` comes without it, as the protocol asks.
pub static SHUTDOWN_REQUESTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// How long a request may take before it is answered with an error. Its
/// work goes on, on its blocking thread, but the request no longer holds
/// one of the server's request slots: a request that can never finish
/// (a file it reads that never ends) cannot stop the server from answering
/// others, `shutdown` included. Far beyond the check of the largest policy
/// the server accepts ([`crate::MAX_POLICY_BYTES`]).
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long the server waits for the client to accept its file watcher.
const REGISTRATION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The server: a handle on the client and the shared state that background
/// checks also reach.
#[derive(Debug)]
pub struct Server {
    client: Client,
    world: Arc<World>,
    /// Held while diagnostics are sent, so that two checks of one document
    /// finishing together cannot publish out of order.
    publishing: Arc<tokio::sync::Mutex<()>>,
    /// Notes on options ignored at `initialize`, logged at `initialized`:
    /// the client takes no messages before.
    ignored_options: std::sync::Mutex<Vec<String>>,
}

impl Server {
    pub fn new(client: Client) -> Self {
        Server {
            client,
            world: Arc::new(World::default()),
            publishing: Arc::new(tokio::sync::Mutex::new(())),
            ignored_options: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Tell the client which options were ignored, and why.
    async fn log_ignored(&self, ignored: Vec<String>) {
        for note in ignored {
            self.client
                .log_message(MessageType::WARNING, format!("sup: option ignored: {note}"))
                .await;
        }
    }

    /// Answer a request on a blocking thread. A request may have to check
    /// its document (when no background check has caught up with the text)
    /// or files it links to, which takes seconds for a huge file; run on the
    /// task that serves every handler, that would hold up requests about
    /// other documents, `$/cancelRequest` and `exit` for as long. A panic
    /// becomes an error response, as in [`guarded`]; a request not done
    /// within [`REQUEST_TIMEOUT`] gets an error response too. Blocking
    /// threads have a stack of [`crate::STACK_SIZE`] (see `main.rs`), so
    /// the walks of a deeply nested syntax tree fit.
    async fn answer<T: Send + 'static>(
        &self,
        f: impl FnOnce(&World) -> T + Send + 'static,
    ) -> Result<T> {
        let world = self.world.clone();
        let work = tokio::task::spawn_blocking(move || guarded(|| f(&world)));
        match tokio::time::timeout(REQUEST_TIMEOUT, work).await {
            Ok(done) => done.unwrap_or_else(|_| Err(bug())),
            Err(_) => {
                let mut e = Error::internal_error();
                e.message = format!(
                    "the sup language server gave up on this request after {REQUEST_TIMEOUT:?}"
                )
                .into();
                Err(e)
            }
        }
    }

    /// Check a document after the debounce delay and publish its
    /// diagnostics.
    ///
    /// Checks of one document never overlap: a change that arrives while a
    /// check runs leaves the next check to that one, which checks again as
    /// soon as it ends, on the newest text. So while an author types, the
    /// server checks as often as it can and no more, and the wait after the
    /// last keystroke is at most one check.
    fn schedule_check(&self, uri: Uri, generation: u64, delay: std::time::Duration) {
        let world = self.world.clone();
        let client = self.client.clone();
        let publishing = self.publishing.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let mut expected = Some(generation);
            loop {
                let claimed = {
                    let mut docs = world.docs.lock();
                    let Some(doc) = docs.get_mut(&uri) else {
                        return;
                    };
                    if expected.is_some_and(|g| g != doc.generation) || doc.checking {
                        // A newer change has its own task, or the running
                        // check will see this change when it ends.
                        return;
                    }
                    doc.checking = true;
                    doc.generation
                };
                let checking = world.clone();
                let target = uri.clone();
                // Checking is CPU work: keep it off the threads that read messages.
                let result = tokio::task::spawn_blocking(move || checking.analysis(&target)).await;
                match result {
                    Ok(Some(analysis)) => {
                        publish(&world, &client, &publishing, &uri, &analysis).await
                    }
                    Ok(None) => {}
                    Err(e) => {
                        let message = format!("checking {} failed: {e}", uri.as_str());
                        client.log_message(MessageType::ERROR, message).await;
                    }
                }
                let again = {
                    let mut docs = world.docs.lock();
                    let Some(doc) = docs.get_mut(&uri) else {
                        return;
                    };
                    doc.checking = false;
                    doc.generation != claimed
                };
                if !again {
                    return;
                }
                expected = None;
            }
        });
    }

    /// Re-check the open documents whose diagnostics depend on the files at
    /// `changed` (the policies that conform to one of them), and the
    /// documents in `also`. With many files open, a save or a change on
    /// disk so costs a check of the few files it concerns, not of every
    /// open one.
    ///
    /// A document whose check of its current text has not finished is
    /// re-checked as well: that check may have read a file before it changed.
    fn recheck_dependents(&self, changed: &[PathBuf], also: &[Uri]) {
        let changed: Vec<PathBuf> = changed.iter().map(|p| file_key(p)).collect();
        let mut scheduled = Vec::new();
        {
            let mut docs = self.world.docs.lock();
            for (uri, doc) in docs.iter_mut() {
                let affected = also.contains(uri)
                    || doc.current_analysis().is_none_or(|analysis| {
                        framework_named(&analysis).is_some_and(|f| changed.contains(&f))
                    });
                if affected {
                    doc.invalidate();
                    scheduled.push((uri.clone(), doc.generation));
                }
            }
        }
        for (uri, generation) in scheduled {
            self.schedule_check(uri, generation, std::time::Duration::ZERO);
        }
    }

    /// Re-check the open documents that may depend on the document `edited`
    /// (at `path`), which was opened, changed or closed: a policy is judged
    /// against its framework as it stands in the editor, saved or not.
    /// After `delay`, so that typing in a framework checks its policies
    /// when it pauses, as it checks the framework itself; the edited
    /// document is left to its own check.
    ///
    /// Those that depend on it are the documents whose latest analysis (of
    /// any text) names it as their framework, and those being checked for
    /// the first time, which may have read it before the edit. A check that
    /// has not started yet will read it as edited. Other documents are left
    /// alone, so typing in one file never keeps another's check going.
    fn recheck_after_edit(&self, path: &Path, edited: &Uri, delay: std::time::Duration) {
        let key = file_key(path);
        let mut scheduled = Vec::new();
        {
            let mut docs = self.world.docs.lock();
            for (uri, doc) in docs.iter_mut() {
                let affected = uri != edited
                    && match &doc.analysis {
                        Some(analysis) => framework_named(analysis).as_ref() == Some(&key),
                        None => doc.checking,
                    };
                if affected {
                    doc.invalidate();
                    scheduled.push((uri.clone(), doc.generation));
                }
            }
        }
        for (uri, generation) in scheduled {
            self.schedule_check(uri, generation, delay);
        }
    }
}

/// The framework file a policy names in `conforms to`, whether it exists
/// or not, as [`file_key`] spells it.
fn framework_named(analysis: &Analysis) -> Option<PathBuf> {
    let target = analysis.checked.policy.header.conforms_to.as_ref()?;
    Some(file_key(&sup::check::framework_path(
        &analysis.path,
        target,
    )))
}

/// Send the diagnostics of `analysis` if it is still of the current text and
/// nothing newer has been sent.
async fn publish(
    world: &World,
    client: &Client,
    publishing: &tokio::sync::Mutex<()>,
    uri: &Uri,
    analysis: &Arc<Analysis>,
) {
    if crate::prelude::is_prelude(uri) {
        // Opened by go-to-definition, for reading: not a policy to check.
        return;
    }
    let diagnostics = diagnostics::to_lsp(analysis, world);
    let _order = publishing.lock().await;
    let Some(version) = analysis.version else {
        return;
    };
    {
        let mut docs = world.docs.lock();
        let Some(doc) = docs.get_mut(uri) else { return };
        // Only the current generation is ever sent, so an older result that
        // finishes late can never overwrite a newer one.
        if doc.generation != analysis.generation || doc.published == Some(analysis.generation) {
            return;
        }
        doc.published = Some(analysis.generation);
    }
    client
        .publish_diagnostics(uri.clone(), diagnostics, Some(version))
        .await;
}

/// Run a feature, turning a panic into an error response instead of a dead
/// server. Library code is written not to panic; this is the safety net.
/// Handlers look the analysis up inside it, because that may run the check
/// (when no background check has caught up with the text yet): the check is
/// the largest piece of code a request can reach.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|_| bug())
}

/// The error response for a request whose answer hit a bug.
fn bug() -> Error {
    let mut e = Error::internal_error();
    e.message = "the sup language server hit a bug answering this request".into();
    e
}

/// Where a document lives: its file path, or for an unsaved buffer
/// (`untitled:`) a path made from the URI so that names still resolve.
fn path_of(uri: &Uri) -> std::path::PathBuf {
    match uri.to_file_path() {
        Some(path) if uri.scheme().as_str() == "file" => normalise(&path),
        _ => std::path::PathBuf::from(uri.path().as_str()),
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let (config, ignored) = Config::from_initialize(&params);
        *self
            .ignored_options
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = ignored;
        let encoding = config.encoding;
        self.world.set_config(config);
        Ok(InitializeResult {
            capabilities: capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "sup-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let ignored = std::mem::take(
            &mut *self
                .ignored_options
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        self.log_ignored(ignored).await;
        if self.world.config().watch_files {
            // Re-check when a framework or policy changes outside the editor.
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.sup".into()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "sup-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            // In a task of its own, not awaited here: tower-lsp-server waits
            // for every unfinished handler before it ends, so a client that
            // never answers this request would keep the process alive after
            // `exit`. Bounded too, so the task does not wait forever.
            let client = self.client.clone();
            tokio::spawn(async move {
                let answer = tokio::time::timeout(
                    REGISTRATION_TIMEOUT,
                    client.register_capability(vec![registration]),
                )
                .await;
                let problem = match answer {
                    Ok(Ok(())) => return,
                    Ok(Err(e)) => e.to_string(),
                    Err(_) => format!("no answer within {REGISTRATION_TIMEOUT:?}"),
                };
                client
                    .log_message(
                        MessageType::WARNING,
                        format!("cannot watch .sup files: {problem}"),
                    )
                    .await;
            });
        }
    }

    async fn shutdown(&self) -> Result<()> {
        SHUTDOWN_REQUESTED.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let path = path_of(&doc.uri);
        let encoding = self.world.config().encoding;
        let opened = Document::new(path.clone(), doc.version, doc.text, encoding);
        let generation = opened.generation;
        self.world.docs.lock().insert(doc.uri.clone(), opened);
        // The policies that conform to it now read this buffer.
        self.recheck_after_edit(&path, &doc.uri, std::time::Duration::ZERO);
        self.schedule_check(doc.uri, generation, std::time::Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // Applied before any `.await`: see `state.rs`.
        let applied = self.world.docs.lock().get_mut(&uri).and_then(|doc| {
            doc.apply(version, params.content_changes)
                .then_some((doc.generation, doc.path.clone()))
        });
        if let Some((generation, path)) = applied {
            let debounce = self.world.config().debounce;
            // A framework is judged as it stands in the editor, unsaved.
            self.recheck_after_edit(&path, &uri, debounce);
            self.schedule_check(uri, generation, debounce);
        } else {
            self.client
                .log_message(
                    MessageType::WARNING,
                    format!(
                        "ignored a change to {} (version {version}): not open, or not newer",
                        uri.as_str()
                    ),
                )
                .await;
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // The policies of a saved framework are checked again, and the saved
        // file too.
        let uri = params.text_document.uri;
        let path = self.world.docs.get(&uri).map(|doc| doc.path);
        self.recheck_dependents(path.as_slice(), &[uri]);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let removed = self.world.docs.lock().remove(&uri);
        if let Some(doc) = &removed {
            // Its policies go back to reading the file on disk.
            self.recheck_after_edit(&doc.path, &uri, std::time::Duration::ZERO);
        }
        if removed.is_some() {
            // Under the publishing lock, so a check that was running when
            // the file closed cannot publish after the clear.
            let _order = self.publishing.lock().await;
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // A new `today` or delay changes every open document's diagnostics
        // (a review date may now be past), so all of them are checked again.
        let mut config = self.world.config();
        let Some(ignored) = config.apply_settings(&params.settings) else {
            return;
        };
        self.world.set_config(config);
        self.log_ignored(ignored).await;
        let open: Vec<Uri> = self
            .world
            .docs
            .lock()
            .iter_mut()
            .map(|(uri, _)| uri.clone())
            .collect();
        self.recheck_dependents(&[], &open);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut changed = Vec::new();
        for change in &params.changes {
            if let Some(path) = change.uri.to_file_path() {
                self.world.forget_disk(&path);
                changed.push(path.into_owned());
            }
        }
        self.recheck_dependents(&changed, &[]);
    }

    async fn did_rename_files(&self, params: RenameFilesParams) {
        // Editors close and reopen a renamed buffer, but the open document's
        // path is also moved here so `conforms to` resolves from its new folder.
        let encoding = self.world.config().encoding;
        let mut moved_away = Vec::new();
        let mut changed = Vec::new();
        for file in &params.files {
            let (Ok(old), Ok(new)) = (file.old_uri.parse::<Uri>(), file.new_uri.parse::<Uri>())
            else {
                continue;
            };
            self.world.forget_disk(&path_of(&old));
            // Policies naming the old path lose their framework; those
            // naming the new one find it.
            changed.extend([path_of(&old), path_of(&new)]);
            let mut docs = self.world.docs.lock();
            if let Some(doc) = docs.remove(&old) {
                // If the editor has already opened the new name, that buffer
                // and its version numbers are the ones it will go on
                // changing; moving the old one over it would make its next
                // changes look stale.
                let path = path_of(&new);
                if let std::collections::hash_map::Entry::Vacant(slot) = docs.entry(new) {
                    slot.insert(Document::new(
                        path,
                        doc.version,
                        doc.text.to_string(),
                        encoding,
                    ));
                }
                moved_away.push(old);
            }
        }
        // The old name's diagnostics would otherwise stay in the problems list.
        for old in moved_away {
            let _order = self.publishing.lock().await;
            self.client.publish_diagnostics(old, Vec::new(), None).await;
        }
        // The moved document has no analysis yet, so it is checked too.
        self.recheck_dependents(&changed, &[]);
    }

    async fn did_delete_files(&self, params: DeleteFilesParams) {
        let mut changed = Vec::new();
        let mut deleted = Vec::new();
        for file in &params.files {
            if let Ok(uri) = file.uri.parse::<Uri>() {
                if let Some(path) = uri.to_file_path() {
                    self.world.forget_disk(&path);
                    changed.push(path.into_owned());
                }
                deleted.push(uri);
            }
        }
        // A deleted file that is still open is checked again: its buffer
        // is all that is left of it, and the editor should see it is live.
        self.recheck_dependents(&changed, &deleted);
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let doc = self.world.docs.get(&at.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&at.text_document.uri, doc?);
            hover::hover(&analysis, world, at.position)
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let doc = self.world.docs.get(&at.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&at.text_document.uri, doc?);
            completion::complete(&analysis, at.position).map(CompletionResponse::Array)
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let doc = self.world.docs.get(&at.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&at.text_document.uri, doc?);
            navigation::definition(&analysis, world, at.position)
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let declaration = params.context.include_declaration;
        let doc = self.world.docs.get(&at.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&at.text_document.uri, doc?);
            navigation::references(&analysis, world, at.position, declaration)
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let at = params.text_document_position_params;
        let doc = self.world.docs.get(&at.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&at.text_document.uri, doc?);
            navigation::highlight(&analysis, at.position)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let doc = self.world.docs.get(&params.text_document.uri);
        self.answer(move |world| {
            match doc.map(|doc| world.analysis_of_doc(&params.text_document.uri, doc)) {
                Some(analysis) => navigation::prepare_rename(&analysis, world, params.position),
                None => Ok(None),
            }
        })
        .await?
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let doc = self.world.docs.get(&at.text_document.uri);
        self.answer(move |world| {
            match doc.map(|doc| world.analysis_of_doc(&at.text_document.uri, doc)) {
                Some(analysis) => {
                    navigation::rename(&analysis, world, at.position, &params.new_name)
                }
                None => Ok(None),
            }
        })
        .await?
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let doc = self.world.docs.get(&params.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&params.text_document.uri, doc?);
            Some(DocumentSymbolResponse::Nested(symbols::document_symbols(
                &analysis,
            )))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let doc = self.world.docs.get(&params.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&params.text_document.uri, doc?);
            Some(folding::folding_ranges(&analysis))
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let doc = self.world.docs.get(&params.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&params.text_document.uri, doc?);
            Some(SemanticTokensResult::Tokens(tokens::semantic_tokens(
                &analysis, None,
            )))
        })
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let doc = self.world.docs.get(&params.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&params.text_document.uri, doc?);
            Some(SemanticTokensRangeResult::Tokens(tokens::semantic_tokens(
                &analysis,
                Some(params.range),
            )))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        // Every action here is a quick fix: a client asking only for other
        // kinds (`source.organizeImports` on save, say) gets none.
        if let Some(only) = &params.context.only {
            if !only.iter().any(actions::includes_quick_fixes) {
                return Ok(Some(Vec::new()));
            }
        }
        let doc = self.world.docs.get(&params.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&params.text_document.uri, doc?);
            actions::code_actions(&analysis, params.range)
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let doc = self.world.docs.get(&params.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&params.text_document.uri, doc?);
            Some(hints::inlay_hints(&analysis, params.range))
        })
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let doc = self.world.docs.get(&params.text_document.uri);
        self.answer(move |world| {
            let analysis = world.analysis_of_doc(&params.text_document.uri, doc?);
            format::format(&analysis)
        })
        .await
    }
}

/// What the server offers. Formatting is offered only once `sup fmt`
/// exists in the library (see `format.rs`).
pub fn capabilities(encoding: crate::convert::Encoding) -> ServerCapabilities {
    let sup_files = FileOperationRegistrationOptions {
        filters: vec![FileOperationFilter {
            scheme: Some("file".into()),
            pattern: FileOperationPattern {
                glob: "**/*.sup".into(),
                matches: None,
                options: None,
            },
        }],
    };
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), ":".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: tokens::legend(),
                range: Some(true),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        inlay_hint_provider: Some(OneOf::Left(true)),
        document_formatting_provider: format::AVAILABLE.then_some(OneOf::Left(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: None,
            file_operations: Some(WorkspaceFileOperationsServerCapabilities {
                did_rename: Some(sup_files.clone()),
                did_delete: Some(sup_files),
                ..WorkspaceFileOperationsServerCapabilities::default()
            }),
        }),
        ..ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_request_becomes_an_internal_error() {
        let answer: Result<Option<()>> = guarded(|| panic!("a bug"));
        let error = answer.unwrap_err();
        assert_eq!(
            error.code,
            tower_lsp_server::jsonrpc::ErrorCode::InternalError
        );
        assert!(error.message.contains("hit a bug"), "{}", error.message);
        assert_eq!(guarded(|| Some(3)).ok(), Some(Some(3)));
    }
}
