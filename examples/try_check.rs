fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let checked = sup::check::check(&src, &sup::check::CheckOptions { file_name: path.clone(), today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22) });
    print!("{}", sup::report::diagnostics::render_human(&path, &src, &checked.diagnostics, false));
}
