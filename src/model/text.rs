//! Text helpers that the model and the importers share.

/// `str::trim`, skipping its character-by-character look at both ends when the text is empty
/// or starts and ends with a visible ASCII character, as most cells and dates do (the look was
/// 5 % of reading a big CSV).
pub fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        (None, _) => text,
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick trim is the standard one.
        #[test]
        fn trimming_equals_str_trim(text in "[ a\\t\\u{a0}\\u{3000}é~]{0,8}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }
}
