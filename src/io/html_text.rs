//! HTML to plain text for imported descriptions (TimelineJS text is HTML; Chronoscope shows
//! plain text only): tags removed, `<br>`/`<p>`/`<li>`… become line breaks, scripts and styles
//! dropped, whitespace collapsed as a browser would, entities decoded with `html-escape`.
//! Not a full HTML parser: malformed markup degrades to text, never to an error. Also finds the
//! `<a href>` targets of a fragment ([`html_links`]), so imported links become sources.

use std::borrow::Cow;

/// Converts an HTML fragment to plain text. Text without `<` or `&` is returned trimmed.
pub fn html_to_text(html: &str) -> String {
    html_to_text_cow(html).into_owned()
}

/// [`html_to_text`], borrowing `html` when it is plain text already (most cells), so that a
/// reader building an event from it copies the text once, into the event.
pub fn html_to_text_cow(html: &str) -> Cow<'_, str> {
    match look(html) {
        Look::Plain => return Cow::Borrowed(html),
        Look::Spaced => return Cow::Owned(collapse_whitespace(html)),
        Look::Markup => {}
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        let after = &rest[lt + 1..];
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !starts_tag {
            // "a < b": a literal less-than sign.
            push_text(&mut out, "<");
            rest = after;
            continue;
        }
        if let Some(comment) = after.strip_prefix("!--") {
            rest = match comment.find("-->") {
                Some(end) => &comment[end + 3..],
                None => "",
            };
            continue;
        }
        let Some(gt) = tag_end(after) else {
            // An unclosed tag swallows the rest, as in a browser.
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "script" | "style" if !closing => {
                let close = format!("</{name}");
                rest = match find_ascii_case_insensitive(rest, &close) {
                    Some(i) => match rest[i..].find('>') {
                        Some(g) => &rest[i + g + 1..],
                        None => "",
                    },
                    None => "",
                };
            }
            "br" => push_break(&mut out, 1),
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "ul" | "ol"
            | "table" | "section" | "article" | "header" | "footer" => push_break(&mut out, 2),
            "li" if !closing => {
                push_break(&mut out, 1);
                out.push_str("\u{2022} ");
            }
            "li" | "tr" | "dt" | "dd" => push_break(&mut out, 1),
            "td" | "th" if closing => push_text(&mut out, " "),
            _ => {}
        }
    }
    push_text(&mut out, rest);
    let decoded = html_escape::decode_html_entities(&out);
    Cow::Owned(tidy_lines(&decoded))
}

/// The `href` of every `<a>` tag, entities decoded, in order (duplicates removed).
pub fn html_links(html: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let Some(gt) = tag_end(after) else { break };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let is_anchor = tag.len() > 1
            && tag.as_bytes()[0].eq_ignore_ascii_case(&b'a')
            && tag.as_bytes()[1].is_ascii_whitespace();
        if !is_anchor {
            continue;
        }
        let Some(at) = find_ascii_case_insensitive(tag, "href") else {
            continue;
        };
        let value = tag[at + 4..].trim_start();
        let Some(value) = value.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let url = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or(""),
        };
        let url = html_escape::decode_html_entities(url.trim()).into_owned();
        if !url.is_empty() && !links.contains(&url) {
            links.push(url);
        }
    }
    links
}

/// Index of the `>` closing a tag body, skipping `>` inside quoted attribute values.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Appends source text, collapsing runs of whitespace (including newlines) to one space.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Ends the current line and, for `lines == 2`, leaves one empty line (a paragraph break).
fn push_break(out: &mut String, lines: usize) {
    while out.ends_with(' ') {
        out.pop();
    }
    if out.is_empty() {
        return;
    }
    let have = out.chars().rev().take_while(|&c| c == '\n').count();
    for _ in have..lines {
        out.push('\n');
    }
}

/// Trims each line, and removes blank lines at the ends and beyond one in a row.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() && c != '\u{a0}');
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run > 0 {
                out.push('\n');
            }
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_text(&mut out, text);
    out.truncate(out.trim_end().len());
    out
}

/// What a cell needs before it is plain text.
#[derive(Debug, PartialEq)]
enum Look {
    /// Nothing: no markup, no entity, no whitespace to collapse (most cells: a few SIMD
    /// searches instead of a push per character).
    Plain,
    /// Whitespace collapsed only.
    Spaced,
    /// Tags or entities (`<`, `&`).
    Markup,
}

/// Below this many bytes one pass over the bytes is cheaper than the vector searches, whose
/// setup dominates in a short cell (a headline, a caption).
const SHORT_TEXT: usize = 96;

fn look(text: &str) -> Look {
    if text.len() <= SHORT_TEXT {
        look_short(text)
    } else {
        look_long(text)
    }
}

/// [`look`] with plain loops over the bytes, which the compiler turns into vector instructions.
fn look_short(text: &str) -> Look {
    const MARKUP: u8 = 1;
    const CONTROL: u8 = 2;
    const HIGH: u8 = 0x80;
    let bytes = text.as_bytes();
    // `<` or `&`; tab, line feed, vertical tab, form feed or carriage return; the top bit of
    // every byte of a character beyond ASCII.
    let seen = or_over_bytes(bytes, |b| {
        let markup = (u8::from(b == b'<') | u8::from(b == b'&')) * MARKUP;
        let control = u8::from(b.wrapping_sub(b'\t') <= b'\r' - b'\t') * CONTROL;
        markup | control | (b & HIGH)
    });
    if seen & MARKUP != 0 {
        return Look::Markup;
    }
    let spaced = seen & CONTROL != 0
        || bytes.first() == Some(&b' ')
        || bytes.last() == Some(&b' ')
        || has_double_space(bytes)
        // U+00A0, U+2003…: white space beyond ASCII, collapsed too.
        || (seen & HIGH != 0 && text.chars().any(|c| !c.is_ascii() && c.is_whitespace()));
    if spaced { Look::Spaced } else { Look::Plain }
}

/// The bitwise or of `class` over the bytes, sixteen at a time (the last few padded with
/// zero bytes, which `class` must map to 0): no early exit and no state carried from byte to
/// byte, so each sixteen are a few vector instructions.
fn or_over_bytes(bytes: &[u8], class: impl Fn(u8) -> u8) -> u8 {
    let mut lanes = [0u8; 16];
    for chunk in padded_chunks(bytes) {
        for i in 0..16 {
            lanes[i] |= class(chunk[i]);
        }
    }
    lanes.iter().fold(0, |all, lane| all | lane)
}

/// True when two spaces follow each other, compared sixteen pairs at a time.
fn has_double_space(bytes: &[u8]) -> bool {
    let Some((_, after)) = bytes.split_first() else {
        return false;
    };
    let before = &bytes[..after.len()];
    let mut lanes = [0u8; 16];
    for (a, b) in padded_chunks(before).zip(padded_chunks(after)) {
        for i in 0..16 {
            lanes[i] |= u8::from(a[i] == b' ') & u8::from(b[i] == b' ');
        }
    }
    lanes.iter().any(|&l| l != 0)
}

/// The bytes in arrays of sixteen, the last one padded with zero bytes.
fn padded_chunks(bytes: &[u8]) -> impl Iterator<Item = [u8; 16]> + '_ {
    let (chunks, rest) = bytes.as_chunks::<16>();
    let mut last = [0u8; 16];
    last[..rest.len()].copy_from_slice(rest);
    chunks
        .iter()
        .copied()
        .chain((!rest.is_empty()).then_some(last))
}

/// [`look`] with vector searches, for long text.
fn look_long(text: &str) -> Look {
    let bytes = text.as_bytes();
    if memchr::memchr2(b'<', b'&', bytes).is_some() {
        return Look::Markup;
    }
    let spaced = bytes.first() == Some(&b' ')
        || bytes.last() == Some(&b' ')
        || memchr::memmem::find(bytes, b"  ").is_some()
        || memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_some()
        || memchr::memchr2(0x0B, 0x0C, bytes).is_some()
        // U+00A0, U+2003…: white space beyond ASCII, collapsed too.
        || (!text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_whitespace()));
    if spaced { Look::Spaced } else { Look::Plain }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Text that needs no collapsing comes back as it was; any other text comes back as
        /// collapsing it character by character gives.
        #[test]
        fn collapsing_whitespace_equals_the_character_by_character_pass(
            text in "[ a\t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{2003}é]{0,12}"
        ) {
            let mut slow = String::new();
            push_text(&mut slow, &text);
            let slow = slow.trim_end().to_string();
            proptest::prop_assert_eq!(html_to_text(&text), slow.clone());
            if look(&text) == Look::Plain {
                proptest::prop_assert_eq!(slow, text);
            }
        }
    }

    proptest::proptest! {
        /// The one-pass look at short text agrees with the vector searches.
        #[test]
        fn short_and_long_looks_agree(
            text in "[ a<&\t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2003}é]{0,70}"
        ) {
            proptest::prop_assert_eq!(look_short(&text), look_long(&text));
        }
    }

    #[test]
    fn plain_text_passes_through_trimmed() {
        assert_eq!(html_to_text("  Camarena  case "), "Camarena case");
        assert_eq!(html_to_text(""), "");
    }

    #[test]
    fn entities_are_decoded_after_tags_are_removed() {
        assert_eq!(
            html_to_text("Pe&ntilde;a Nieto &amp; the DEA&#8217;s &quot;list&quot;"),
            "Peña Nieto & the DEA\u{2019}s \"list\""
        );
        // An escaped tag is text, not markup.
        assert_eq!(html_to_text("&lt;b&gt;bold&lt;/b&gt;"), "<b>bold</b>");
    }

    #[test]
    fn blocks_and_breaks_become_newlines() {
        assert_eq!(
            html_to_text("<p>First <b>bold</b>\n  line.</p><p>Second<br>line</p>"),
            "First bold line.\n\nSecond\nline"
        );
        assert_eq!(
            html_to_text("<ul><li>one</li><li>two</li></ul>"),
            "\u{2022} one\n\u{2022} two"
        );
    }

    #[test]
    fn links_keep_their_text_and_quoted_angle_brackets_do_not_end_tags() {
        assert_eq!(
            html_to_text(r#"See <a href="https://x.org/?a>b" target="_blank">the report</a>."#),
            "See the report."
        );
    }

    #[test]
    fn anchors_give_their_links() {
        assert_eq!(
            html_links(
                r#"See <a href="https://x.org/?a=1&amp;b=2">one</a>, <A HREF='https://y.org'>two</A>, <abbr href="no">, <a name=x>, <a href=https://x.org/?a=1&b=2>again</a>"#
            ),
            ["https://x.org/?a=1&b=2", "https://y.org"]
        );
        assert!(html_links("no links <b>here</b>").is_empty());
    }

    #[test]
    fn scripts_styles_and_comments_vanish() {
        assert_eq!(
            html_to_text("a<script>alert('x')</script>b<!-- note -->c<STYLE>p{}</STYLE>d"),
            "abcd"
        );
    }

    #[test]
    fn malformed_markup_degrades_to_text() {
        assert_eq!(html_to_text("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(html_to_text("text <b unclosed"), "text");
        assert_eq!(html_to_text("<!-- never closed"), "");
    }
}
