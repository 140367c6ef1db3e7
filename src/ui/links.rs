//! The one place a link leaves the app: which URLs may open (http, https and mailto, checked
//! after parsing), handing them to the system browser off the UI thread, and reporting back when
//! no browser could be started. Only [`Command::OpenUrl`](super::commands::Command::OpenUrl),
//! pushed by a user's click or key press, reaches [`Links::open`].

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// The URL to hand to the browser, normalised, if it is an http(s) link with a host or a mailto
/// link with an address; `None` for every other scheme, for text with control characters and
/// for text that is not a URL. The policy itself is [`crate::model::link::check_link`].
///
/// Parsing first matters: a launcher handed text that is not a URL may treat it as a local path.
pub fn openable_url(text: &str) -> Option<url::Url> {
    let safe = crate::model::link::check_link(text).ok()?;
    url::Url::parse(&safe.url).ok()
}

/// Whether a link may be opened in the browser: http, https and mailto only.
pub fn is_openable_url(text: &str) -> bool {
    openable_url(text).is_some()
}

/// Something that starts a browser on a URL. The system one in the app; a recording one in tests.
pub trait LinkOpener: Send + Sync {
    /// Starts the browser on `url` (already checked), or says why it could not.
    fn open(&self, url: &str) -> Result<(), String>;
}

/// The user's browser: `$BROWSER`, then the desktop's default (xdg), then `x-www-browser`.
pub struct SystemBrowser;

impl LinkOpener for SystemBrowser {
    fn open(&self, url: &str) -> Result<(), String> {
        webbrowser::open(url).map_err(|e| e.to_string())
    }
}

/// A link that could not be opened, for the banner.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkFailure {
    pub url: String,
    pub reason: String,
}

impl LinkFailure {
    /// The banner text: what failed, why, and what the user can still do.
    pub fn message(&self) -> String {
        format!(
            "No web browser could be started to open {} ({}). Copy the link with Ctrl+C (the \
             citation includes it) or set the BROWSER environment variable.",
            self.url, self.reason
        )
    }
}

/// Why [`Links::open`] did not start anything.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    /// Not http, https or mailto (or not a URL at all).
    Scheme(String),
}

/// Opens links through a [`LinkOpener`] on a worker thread and collects the failures.
pub struct Links {
    opener: Arc<dyn LinkOpener>,
    failures_tx: Sender<LinkFailure>,
    failures: Receiver<LinkFailure>,
}

impl Default for Links {
    fn default() -> Self {
        Links::new(Arc::new(SystemBrowser))
    }
}

impl Links {
    pub fn new(opener: Arc<dyn LinkOpener>) -> Self {
        let (failures_tx, failures) = mpsc::channel();
        Links {
            opener,
            failures_tx,
            failures,
        }
    }

    /// Checks the scheme and starts the browser without blocking the frame (finding and starting
    /// a launcher can take a while); a failure comes back through [`Links::poll_failure`].
    pub fn open(&self, text: &str, ctx: &egui::Context) -> Result<(), Refused> {
        let Some(url) = openable_url(text) else {
            return Err(Refused::Scheme(text.to_owned()));
        };
        let opener = Arc::clone(&self.opener);
        let tx = self.failures_tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            if let Err(reason) = opener.open(url.as_str()) {
                let _ = tx.send(LinkFailure {
                    url: url.to_string(),
                    reason,
                });
                ctx.request_repaint();
            }
        });
        Ok(())
    }

    /// A link that failed to open since the last call, if any.
    pub fn poll_failure(&self) -> Option<LinkFailure> {
        self.failures.try_recv().ok()
    }
}

/// A [`LinkOpener`] that records what it was asked to open (tests, and headless runs).
#[derive(Default)]
pub struct RecordingOpener {
    pub opened: std::sync::Mutex<Vec<String>>,
    /// When set, every open fails with this reason (as when no browser is installed).
    pub fail_with: Option<String>,
}

impl RecordingOpener {
    pub fn opened(&self) -> Vec<String> {
        self.opened.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

impl LinkOpener for RecordingOpener {
    fn open(&self, url: &str) -> Result<(), String> {
        if let Ok(mut v) = self.opened.lock() {
            v.push(url.to_owned());
        }
        match &self.fail_with {
            Some(reason) => Err(reason.clone()),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn only_web_and_mail_links_open() {
        assert!(is_openable_url("https://www.dea.gov/x"));
        assert!(is_openable_url("HTTP://example.org"));
        assert!(is_openable_url("  https://example.org/a b  "));
        assert!(is_openable_url("mailto:desk@example.org"));
        assert!(!is_openable_url("javascript:alert(1)"));
        assert!(!is_openable_url("file:///etc/passwd"));
        assert!(!is_openable_url("https://"));
        assert!(!is_openable_url("mailto:"));
        assert!(!is_openable_url("ftp://example.org"));
        assert!(!is_openable_url("/etc/passwd"));
        assert!(!is_openable_url("Washington Post"));
        assert!(!is_openable_url("http://[bad"));
    }

    /// Waits (bounded) for the worker thread to report.
    fn wait_until(mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !done() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn opens_web_links_through_the_opener_and_refuses_other_schemes() {
        let opener = Arc::new(RecordingOpener::default());
        let links = Links::new(opener.clone());
        let ctx = egui::Context::default();
        assert_eq!(
            links.open("javascript:alert(1)", &ctx),
            Err(Refused::Scheme("javascript:alert(1)".into()))
        );
        assert!(links.open("file:///etc/passwd", &ctx).is_err());
        assert_eq!(links.open(" HTTPS://Example.org/case?id=1 ", &ctx), Ok(()));
        assert_eq!(links.open("mailto:desk@example.org", &ctx), Ok(()));
        wait_until(|| opener.opened().len() == 2);
        let mut opened = opener.opened();
        opened.sort();
        assert_eq!(
            opened,
            ["https://example.org/case?id=1", "mailto:desk@example.org"]
        );
        assert_eq!(links.poll_failure(), None);
    }

    #[test]
    fn a_browser_that_cannot_start_is_reported() {
        let opener = Arc::new(RecordingOpener {
            fail_with: Some("No valid browsers detected".into()),
            ..Default::default()
        });
        let links = Links::new(opener);
        let ctx = egui::Context::default();
        links.open("https://example.org/", &ctx).unwrap();
        let mut failure = None;
        wait_until(|| {
            failure = links.poll_failure();
            failure.is_some()
        });
        let failure = failure.expect("the failure is reported");
        assert_eq!(failure.url, "https://example.org/");
        let message = failure.message();
        assert!(
            message.contains("No web browser could be started"),
            "{message}"
        );
        assert!(message.contains("https://example.org/"), "{message}");
        assert!(message.contains("No valid browsers detected"), "{message}");
    }
}
