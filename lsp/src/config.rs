//! Settings agreed at `initialize`: position encoding, workspace folders, and
//! the few options a client (or a test) may pass in `initializationOptions`.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use tower_lsp_server::ls_types::InitializeParams;

use crate::convert::Encoding;

/// How long to wait after a change before checking. None by default:
/// checks of one document never overlap (see `Server::schedule_check`), so
/// changes that arrive while a check runs are already gathered into one
/// check of the newest text, and the wait adapts to the check's own cost. A
/// fixed delay only adds latency (under load a timer wake-up costs more than
/// its nominal few milliseconds), but an editor may still ask for one.
pub const DEFAULT_DEBOUNCE: Duration = Duration::ZERO;

#[derive(Debug, Clone)]
pub struct Config {
    pub encoding: Encoding,
    /// The date review dates are judged against; `None` means the real
    /// today, read at each check, as `sup check` does.
    pub today: Option<chrono::NaiveDate>,
    pub debounce: Duration,
    /// Workspace folders, searched for policies that conform to a framework.
    pub roots: Vec<PathBuf>,
    /// Whether the client can register file watchers at run time.
    pub watch_files: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            encoding: Encoding::Utf16,
            today: None,
            debounce: DEFAULT_DEBOUNCE,
            roots: Vec::new(),
            watch_files: false,
        }
    }
}

/// `initializationOptions`, all optional.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Options {
    /// `YYYY-MM-DD`: pin the date review dates are judged against.
    today: Option<String>,
    /// Milliseconds to wait after a change before checking.
    debounce_ms: Option<u64>,
}

impl Config {
    pub fn from_initialize(params: &InitializeParams) -> Config {
        let general = params.capabilities.general.as_ref();
        let encoding = Encoding::negotiate(general.and_then(|g| g.position_encodings.as_deref()));
        // Unknown or malformed options are ignored rather than refused: an
        // editor's stray setting must not stop the server from starting.
        let options: Options = params
            .initialization_options
            .clone()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        let today = parse_today(options.today);
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| crate::analysis::normalise(&p)))
            .collect();
        #[expect(deprecated, reason = "older clients send only rootUri")]
        if roots.is_empty() {
            if let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
                roots.push(crate::analysis::normalise(&root));
            }
        }
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        Config {
            encoding,
            today,
            debounce: options
                .debounce_ms
                .map_or(DEFAULT_DEBOUNCE, Duration::from_millis),
            roots,
            watch_files,
        }
    }

    /// Apply settings sent after start (`workspace/didChangeConfiguration`):
    /// the same fields as `initializationOptions`, either at the top level or
    /// under `sup` (VS Code sends its `sup.*` settings so). A setting left
    /// out returns to its default, as a cleared setting in an editor should.
    /// Anything but an object (some clients send `null` and expect to be
    /// asked instead) changes nothing; returns whether anything was applied.
    pub fn apply_settings(&mut self, settings: &serde_json::Value) -> bool {
        let section = settings.get("sup").unwrap_or(settings);
        if !section.is_object() {
            return false;
        }
        let options: Options = serde_json::from_value(section.clone()).unwrap_or_default();
        self.today = parse_today(options.today);
        self.debounce = options
            .debounce_ms
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
        true
    }

    /// The date to judge review dates against now.
    pub fn today(&self) -> Option<chrono::NaiveDate> {
        Some(
            self.today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        )
    }
}

/// A pinned date, `YYYY-MM-DD`; anything else (an empty setting, a typo)
/// means the real today rather than a refusal to start.
fn parse_today(text: Option<String>) -> Option<chrono::NaiveDate> {
    text.and_then(|t| chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok())
}
