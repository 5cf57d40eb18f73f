//! placeholder
pub(super) fn render(_r: &super::Report) -> Result<Vec<u8>, String> { Ok(Vec::new()) }
