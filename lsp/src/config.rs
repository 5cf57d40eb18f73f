//! Settings agreed at `initialize`: position encoding, workspace folders, and
//! the few options a client (or a test) may pass in `initializationOptions`.

use std::path::PathBuf;
use std::time::Duration;

use tower_lsp_server::ls_types::InitializeParams;

use crate::convert::Encoding;

/// How long to wait after a change before checking. None by default:
/// checks of one document never overlap (see `Server::schedule_check`), so
/// changes that arrive while a check runs are already gathered into one
/// check of the newest text, and the wait adapts to the check's own cost. A
/// fixed delay only adds latency (under load a timer wake-up costs more than
/// its nominal few milliseconds), but an editor may still ask for one.
pub const DEFAULT_DEBOUNCE: Duration = Duration::ZERO;

/// The longest delay `debounceMs` may ask for. A longer one is taken as
/// this (with a note): a delay of years, or 2^64 - 1 ms, would mean
/// diagnostics never arrive again.
pub const MAX_DEBOUNCE: Duration = Duration::from_millis(10_000);

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

/// `initializationOptions` (or settings sent later), all optional. Each is
/// read on its own, so one of the wrong type leaves the others in force.
#[derive(Debug, Default)]
struct Options {
    /// `today`, `YYYY-MM-DD`: pin the date review dates are judged against.
    today: Option<chrono::NaiveDate>,
    /// `debounceMs`: milliseconds to wait after a change before checking.
    debounce: Option<Duration>,
}

impl Options {
    /// The options in `value`, and a note for each one ignored. Unknown
    /// keys are passed over in silence: editors send settings of their own
    /// (VS Code's `sup.server.path`) in the same object.
    fn read(value: &serde_json::Value) -> (Options, Vec<String>) {
        let mut options = Options::default();
        let mut ignored = Vec::new();
        if value.is_null() {
            return (options, ignored);
        }
        if !value.is_object() {
            ignored.push(format!(
                "the options are not an object ({value}); all ignored"
            ));
            return (options, ignored);
        }
        match value.get("today") {
            None | Some(serde_json::Value::Null) => {}
            // An empty setting in an editor means the real today.
            Some(serde_json::Value::String(text)) if text.trim().is_empty() => {}
            Some(serde_json::Value::String(text)) => match parse_today(text) {
                Some(date) => options.today = Some(date),
                None => ignored.push(format!(
                    "`today`: {text:?} is not a date written YYYY-MM-DD; ignored, review dates are judged against the real today"
                )),
            },
            Some(other) => ignored.push(format!(
                "`today`: expected a date as a string \"YYYY-MM-DD\", got {other}; ignored"
            )),
        }
        match value.get("debounceMs") {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::Number(n)) if n.as_u64().is_some() => {
                let ms = n.as_u64().unwrap_or(0);
                let max = MAX_DEBOUNCE.as_millis();
                if u128::from(ms) > max {
                    ignored.push(format!(
                        "`debounceMs`: {ms} is longer than the longest delay, {max} ms; {max} ms is used"
                    ));
                }
                options.debounce = Some(Duration::from_millis(ms).min(MAX_DEBOUNCE));
            }
            Some(other) => ignored.push(format!(
                "`debounceMs`: expected a whole number of milliseconds, got {other}; ignored, the default applies"
            )),
        }
        (options, ignored)
    }
}

impl Config {
    /// The settings agreed at `initialize`, and a note for each option
    /// ignored (to be logged once the client may be sent messages).
    pub fn from_initialize(params: &InitializeParams) -> (Config, Vec<String>) {
        let general = params.capabilities.general.as_ref();
        let encoding = Encoding::negotiate(general.and_then(|g| g.position_encodings.as_deref()));
        // Malformed options are ignored rather than refused: an editor's
        // stray setting must not stop the server from starting.
        let (options, ignored) = Options::read(
            params
                .initialization_options
                .as_ref()
                .unwrap_or(&serde_json::Value::Null),
        );
        let today = options.today;
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
        let config = Config {
            encoding,
            today,
            debounce: options.debounce.unwrap_or(DEFAULT_DEBOUNCE),
            roots,
            watch_files,
        };
        (config, ignored)
    }

    /// Apply settings sent after start (`workspace/didChangeConfiguration`):
    /// the same fields as `initializationOptions`, either at the top level or
    /// under `sup` (VS Code sends its `sup.*` settings so). A setting left
    /// out, or ignored for its type, returns to its default, as a cleared
    /// setting in an editor should. Anything but an object (some clients
    /// send `null` and expect to be asked instead) changes nothing: returns
    /// `None`; else the notes on the settings ignored.
    pub fn apply_settings(&mut self, settings: &serde_json::Value) -> Option<Vec<String>> {
        let section = settings.get("sup").unwrap_or(settings);
        if !section.is_object() {
            return None;
        }
        let (options, ignored) = Options::read(section);
        self.today = options.today;
        self.debounce = options.debounce.unwrap_or(DEFAULT_DEBOUNCE);
        Some(ignored)
    }

    /// The date to judge review dates against now.
    pub fn today(&self) -> Option<chrono::NaiveDate> {
        Some(
            self.today
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        )
    }
}

/// A pinned date, `YYYY-MM-DD`.
fn parse_today(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_ill_typed_option_leaves_the_others_in_force() {
        let (options, ignored) =
            Options::read(&json!({ "today": "2026-11-22", "debounceMs": "20" }));
        assert_eq!(options.today, chrono::NaiveDate::from_ymd_opt(2026, 11, 22));
        assert_eq!(options.debounce, None);
        assert_eq!(ignored.len(), 1, "{ignored:?}");
        assert!(ignored[0].contains("debounceMs"), "{ignored:?}");
    }

    #[test]
    fn a_bad_date_is_noted_and_an_empty_one_is_not() {
        let (options, ignored) = Options::read(&json!({ "today": "22/11/2026", "debounceMs": 20 }));
        assert_eq!(options.today, None);
        assert_eq!(options.debounce, Some(Duration::from_millis(20)));
        assert!(
            ignored.len() == 1 && ignored[0].contains("today"),
            "{ignored:?}"
        );
        let (_, ignored) = Options::read(&json!({ "today": "", "server": { "path": "x" } }));
        assert!(ignored.is_empty(), "{ignored:?}");
    }

    #[test]
    fn a_delay_over_the_bound_is_clamped_with_a_note() {
        let (options, ignored) = Options::read(&json!({ "debounceMs": u64::MAX }));
        assert_eq!(options.debounce, Some(MAX_DEBOUNCE));
        assert_eq!(
            ignored,
            ["`debounceMs`: 18446744073709551615 is longer than the longest delay, 10000 ms; 10000 ms is used"]
        );
        // The bound itself is allowed, without a note.
        let (options, ignored) = Options::read(&json!({ "debounceMs": 10_000 }));
        assert_eq!(options.debounce, Some(Duration::from_millis(10_000)));
        assert!(ignored.is_empty(), "{ignored:?}");
        let (options, ignored) = Options::read(&json!({ "debounceMs": 10_001 }));
        assert_eq!(options.debounce, Some(MAX_DEBOUNCE));
        assert_eq!(ignored.len(), 1, "{ignored:?}");
    }

    #[test]
    fn settings_apply_field_by_field() {
        let mut config = Config::default();
        let ignored = config
            .apply_settings(&json!({ "sup": { "today": 3, "debounceMs": 15 } }))
            .unwrap();
        assert_eq!(config.debounce, Duration::from_millis(15));
        assert_eq!(config.today, None);
        assert_eq!(ignored.len(), 1);
        assert!(config.apply_settings(&serde_json::Value::Null).is_none());
    }
}
