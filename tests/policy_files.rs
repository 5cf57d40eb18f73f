//! What every command does with a "policy" that is not a policy file: too
//! large, endless (`/dev/zero`), a directory, a pipe. Each is refused with a
//! message naming the file and exit code 2, without reading it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "a test: a panic is a failing test, which is what we want"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use sup::workspace::{read_policy, MAX_POLICY_BYTES};

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sup-files-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A file of `len` bytes of spaces, written sparsely where it can be.
fn sized(path: &Path, len: u64) {
    let file = std::fs::File::create(path).unwrap();
    file.set_len(len).unwrap();
}

#[test]
fn the_limit_is_16_mib_and_a_file_of_exactly_that_is_read() {
    assert_eq!(MAX_POLICY_BYTES, 16 * 1024 * 1024);
    let dir = dir("exact");
    let path = dir.join("exact.sup");
    sized(&path, MAX_POLICY_BYTES);
    assert_eq!(read_policy(&path).unwrap().len() as u64, MAX_POLICY_BYTES);
    sized(&path, MAX_POLICY_BYTES + 1);
    let e = read_policy(&path).unwrap_err();
    assert_eq!(
        e.to_string(),
        "it is larger than 16 MiB, the most a policy file may be"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn not_utf8_says_so_as_before() {
    let dir = dir("utf8");
    let path = dir.join("latin1.sup");
    std::fs::write(&path, b"policy \"caf\xe9\" { }\n").unwrap();
    assert_eq!(
        read_policy(&path).unwrap_err().to_string(),
        "stream did not contain valid UTF-8"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
fn fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn every_command_refuses_what_is_not_a_policy_file() {
    let dir = dir("cli");
    let ok = dir.join("ok.sup");
    std::fs::write(&ok, "policy \"P\" {\n  owner: \"X\"\n}\n").unwrap();
    std::fs::create_dir_all(dir.join("records")).unwrap();
    let large = dir.join("large.sup");
    sized(&large, MAX_POLICY_BYTES + 1);
    let folder = dir.join("folder.sup");
    std::fs::create_dir_all(&folder).unwrap();
    let mut cases: Vec<(PathBuf, &str)> =
        vec![(large, "larger than 16 MiB"), (folder, "it is a directory")];
    #[cfg(unix)]
    {
        cases.push((PathBuf::from("/dev/zero"), "not a regular file"));
        let pipe = dir.join("pipe.sup");
        fifo(&pipe);
        cases.push((pipe, "not a regular file"));
    }
    let ok = ok.to_str().unwrap();
    let records = dir.join("records");
    let records = records.to_str().unwrap();
    for (path, why) in &cases {
        let p = path.to_str().unwrap();
        for args in [
            vec!["check", p],
            vec!["check", "--format", "json", p],
            vec!["describe", p],
            vec!["compile", p],
            vec!["eval", "--records", records, "--as-of", "2026-01-01", p],
            vec!["diff", ok, p],
            vec!["diff", p, ok],
            vec!["fmt", "--check", p],
            vec!["fmt", p],
        ] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_sup"))
                .args(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            // A command that hung on the pipe would never finish.
            let start = std::time::Instant::now();
            while child.try_wait().unwrap().is_none() {
                if start.elapsed().as_secs() > 60 {
                    let _ = child.kill();
                    panic!("{args:?} did not finish");
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(
                stderr.contains(&format!("cannot read `{p}`")),
                "{args:?}: {stderr}"
            );
            assert!(stderr.contains(why), "{args:?}: {stderr}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
