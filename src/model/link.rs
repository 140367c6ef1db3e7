//! Which source links may be opened, and how a link is shown before it is: the one place that
//! decides. Only `http`, `https` and `mailto` open; anything else (`javascript:`, `file:`,
//! `data:`, `vbscript:`, a scheme hidden behind control characters) stays text. The text shown
//! on hover is the whole URL as it will be opened, with a host that mixes writing systems (a
//! Cyrillic "а" among Latin letters) in punycode, so a look-alike domain cannot pass for the
//! real one. Opening a link is the UI's job, on a click.

use unicode_script::{Script, UnicodeScript};
use url::{Position, Url};

/// A link that may be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SafeLink {
    /// What to open: the parsed, normalised URL (lower-case scheme, host in punycode).
    pub url: String,
    /// What to show on hover: the same URL, its host readable unless its labels mix scripts.
    pub shown: String,
}

/// Why a link is not opened, said to the user beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a URL at all ("Washington Post").
    NotAUrl,
    /// A scheme other than http, https and mailto (`javascript:`, `file:`, `data:` …).
    Scheme,
    /// Control characters (tabs, line breaks, NUL…) inside: browsers drop some of them, which
    /// can turn text that reads as harmless into a different link.
    ControlCharacters,
    /// http(s) without a host, or mailto without an address.
    Incomplete,
}

impl Refused {
    pub fn reason(self) -> &'static str {
        match self {
            Refused::NotAUrl => "not a web link",
            Refused::Scheme => "only http, https and mailto links open",
            Refused::ControlCharacters => "the link contains control characters",
            Refused::Incomplete => "the link has no host or address",
        }
    }
}

/// Decides whether `text` may open: a `SafeLink` with the URL to open and the text to show, or
/// why not. Surrounding spaces are ignored; everything else must be a well-formed http, https
/// or mailto URL.
pub fn check_link(text: &str) -> Result<SafeLink, Refused> {
    let text = text.trim_matches(' ');
    if text.chars().any(char::is_control) {
        return Err(Refused::ControlCharacters);
    }
    let url = Url::parse(text).map_err(|_| Refused::NotAUrl)?;
    match url.scheme() {
        "http" | "https" => {
            if url.host_str().is_none_or(str::is_empty) {
                return Err(Refused::Incomplete);
            }
        }
        "mailto" => {
            if url.path().trim().is_empty() {
                return Err(Refused::Incomplete);
            }
        }
        _ => return Err(Refused::Scheme),
    }
    let shown = match url.host_str() {
        Some(host) => format!(
            "{}{}{}",
            &url[..Position::BeforeHost],
            shown_host(host),
            &url[Position::AfterHost..]
        ),
        None => url.as_str().to_string(),
    };
    Ok(SafeLink {
        url: url.as_str().to_string(),
        shown,
    })
}

/// True when `text` is a link that opens.
pub fn is_openable(text: &str) -> bool {
    check_link(text).is_ok()
}

/// A host (punycode, as the URL holds it) made readable label by label: a label decodes to
/// its Unicode form unless that mixes scripts or does not decode.
fn shown_host(ascii_host: &str) -> String {
    ascii_host
        .split('.')
        .map(|label| {
            if !label.starts_with("xn--") {
                return label.to_string();
            }
            let (unicode, result) = idna::domain_to_unicode(label);
            if result.is_ok() && !mixes_scripts(&unicode) {
                unicode
            } else {
                label.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// True when a label mixes writing systems in a way no language does: Latin with Cyrillic
/// ("аpple"), Greek with Latin… Digits, hyphens and combining marks belong to every script.
/// Chinese, Japanese and Korean labels mix Han with Latin, kana, Bopomofo or Hangul by nature:
/// those combinations pass.
fn mixes_scripts(label: &str) -> bool {
    let mut scripts: Vec<Script> = Vec::new();
    for c in label.chars() {
        let s = c.script();
        if !matches!(s, Script::Common | Script::Inherited) && !scripts.contains(&s) {
            scripts.push(s);
        }
    }
    if scripts.len() <= 1 {
        return false;
    }
    let allowed_with_han: [&[Script]; 3] = [
        &[
            Script::Latin,
            Script::Han,
            Script::Hiragana,
            Script::Katakana,
        ],
        &[Script::Latin, Script::Han, Script::Bopomofo],
        &[Script::Latin, Script::Han, Script::Hangul],
    ];
    !allowed_with_han
        .iter()
        .any(|set| scripts.iter().all(|s| set.contains(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_links_open() {
        let l = check_link("https://www.dea.gov/x?a=1#b").unwrap();
        assert_eq!(l.url, "https://www.dea.gov/x?a=1#b");
        assert_eq!(l.shown, l.url);
        assert_eq!(
            check_link("HTTP://Example.org").unwrap().url,
            "http://example.org/"
        );
        assert_eq!(
            check_link("hTtPs://example.org").unwrap().url,
            "https://example.org/"
        );
        assert!(is_openable("mailto:desk@example.org"));
        // Spaces around a cell's text are not part of the link.
        assert_eq!(
            check_link("  https://a.org  ").unwrap().url,
            "https://a.org/"
        );
    }

    #[test]
    fn script_and_local_schemes_never_open() {
        for text in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "JAVASCRIPT:alert(document.cookie)",
            " javascript:alert(1)",
            "javascript://example.org/%0Aalert(1)",
            "file:///etc/passwd",
            "FILE:///C:/Windows/win.ini",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "ftp://example.org",
            "smb://server/share",
            "chrome://settings",
            "about:blank",
        ] {
            assert_eq!(check_link(text), Err(Refused::Scheme), "{text}");
        }
    }

    #[test]
    fn hidden_characters_and_leading_whitespace_tricks_are_refused() {
        for text in [
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\tjavascript:alert(1)",
            "\u{0}https://example.org",
            "https://exa\u{0}mple.org",
            "https://example.org/\r\nSet-Cookie: x",
            "\u{1b}[31mhttps://example.org",
            "https://example.org/\u{7f}",
            "https://example.org/\u{85}",
        ] {
            assert_eq!(
                check_link(text),
                Err(Refused::ControlCharacters),
                "{text:?}"
            );
        }
        // Leading spaces only hide the scheme from a prefix check; the scheme still decides.
        assert_eq!(check_link("   javascript:alert(1)"), Err(Refused::Scheme));
        assert_eq!(
            check_link("\u{a0}https://example.org"),
            Err(Refused::NotAUrl)
        );
    }

    #[test]
    fn incomplete_and_plain_text_stay_text() {
        assert_eq!(check_link("https://"), Err(Refused::NotAUrl));
        assert_eq!(
            check_link("https:example"),
            Ok(check_link("https://example").unwrap())
        );
        assert_eq!(check_link("mailto:"), Err(Refused::Incomplete));
        assert_eq!(check_link("Washington Post"), Err(Refused::NotAUrl));
        assert_eq!(check_link("www.dea.gov"), Err(Refused::NotAUrl));
        assert_eq!(check_link(""), Err(Refused::NotAUrl));
    }

    #[test]
    fn hover_shows_the_whole_url_with_look_alike_hosts_in_punycode() {
        // Cyrillic "а" (U+0430) among Latin letters: shown in punycode.
        let l = check_link("https://\u{430}pple.com/login?next=/account").unwrap();
        assert_eq!(l.url, "https://xn--pple-43d.com/login?next=/account");
        assert_eq!(l.shown, l.url);
        // A whole label in one script reads as written.
        let l = check_link("https://münchen.de/rathaus").unwrap();
        assert_eq!(l.url, "https://xn--mnchen-3ya.de/rathaus");
        assert_eq!(l.shown, "https://münchen.de/rathaus");
        let l = check_link("https://пример.рф/").unwrap();
        assert_eq!(l.shown, "https://пример.рф/");
        // Japanese mixes Han and kana by nature.
        let l = check_link("https://日本語ドメイン.jp/").unwrap();
        assert_eq!(l.shown, "https://日本語ドメイン.jp/");
        // A user name before the host is part of what shows.
        let l = check_link("https://www.dea.gov@evil.example/").unwrap();
        assert_eq!(l.shown, "https://www.dea.gov@evil.example/");
    }

    #[test]
    fn scripts_mix_only_across_languages() {
        assert!(mixes_scripts("\u{430}pple"));
        assert!(mixes_scripts("pay\u{3c1}al"));
        assert!(!mixes_scripts("münchen-2"));
        assert!(!mixes_scripts("日本語ドメイン"));
        assert!(!mixes_scripts("한국abc"));
    }
}
