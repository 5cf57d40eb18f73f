//! Parse and check arbitrary bytes, then draw and describe what was found,
//! as `sup check`, `sup describe` and `sup fmt` would: any panic is a bug.
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
        // The human report (miette), in both themes, and the JSON.
        let _ = sup::report::diagnostics::render_human("fuzz.sup", source, &checked.diagnostics, false);
        let _ = sup::report::diagnostics::render_human("fuzz.sup", source, &checked.diagnostics, true);
        let _ = sup::report::diagnostics::to_json_all("fuzz.sup", source, &checked.diagnostics, &[]);
        // Plain English, whatever compiled (statements with errors are left out).
        let _ = sup::describe::describe(&checked.policy);
        // The formatter: idempotent when it formats at all.
        if let Ok(once) = sup::format::format(source) {
            let twice = sup::format::format(&once);
            assert!(matches!(twice, Ok(ref t) if *t == once), "not idempotent");
        }
    }
});
