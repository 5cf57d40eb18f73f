//! What the command-line tests share: running the built `sup`, and the policy's content hash
//! hidden in snapshots.

#![allow(
    dead_code,
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "each test crate uses some of these, and a failed expectation fails the test"
)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A run of `sup`: exit code, stdout, stderr.
pub type Run = (i32, String, String);

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the built `sup` in `dir` with `env` set (`NO_COLOR` and `CLICOLOR_FORCE` cleared unless
/// given there) and `stdin` as its standard input.
pub fn run_sup(bin: &str, dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Run {
    let mut command = Command::new(bin);
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("the sup binary runs");
    let mut input = child.stdin.take().unwrap();
    // A command that does not read its input closes the pipe: that is not a failure.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The report with the policy's content hash written `sha256:<hash>`: the snapshots are about
/// the findings, and would otherwise all change with any change to the compiled policy's JSON.
/// `tests/compiled_policy.rs` pins the hash each format names.
pub fn unhashed(text: &str) -> String {
    let mut parts = text.split("sha256:");
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        let hex = part.chars().take_while(char::is_ascii_hexdigit).count();
        out.push_str("sha256:<hash>");
        out.push_str(&part[hex..]);
    }
    out
}
