//! Parse and check arbitrary bytes: any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let options = sup::check::CheckOptions { file_name: "fuzz.sup".into(), today: None };
        let checked = sup::check::check(source, &options);
        for d in &checked.diagnostics {
            for label in &d.labels {
                assert!(label.span.end as usize <= source.len());
            }
        }
    }
});
