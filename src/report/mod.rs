//! Report: what a person sees — progress while a job runs, messages in the
//! practice's language, and the final summary.

pub mod checkmk;
pub mod eventlog;
pub mod guard_text;
pub mod journal;
pub mod log;
pub mod mail;
pub mod messages;
pub mod notfallblatt;
pub mod progress;
pub mod record;
pub mod screen;
pub mod status;
pub mod status_text;

pub use progress::Progress;

/// A stored name (a file name from a snapshot or a source folder) made safe
/// for one terminal line: a newline becomes `\n`, a tab `\t`, ESC `\x1b`,
/// any other control character (C0, DEL, C1) `\xNN` / `\u{NN}`. Names
/// without control characters come back unchanged (backslashes of Windows
/// paths stay as they are). JSON keeps the exact name instead.
pub fn one_line(name: &str) -> std::borrow::Cow<'_, str> {
    escape(name, |_| true)
}

/// Escapes control characters except the line ends and tabs a message
/// itself contains (see [`one_line`] for the notation).
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, |c| c != '\n' && c != '\t')
}

fn escape(text: &str, escape_this: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    if !text.chars().any(|c| c.is_control() && escape_this(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !(c.is_control() && escape_this(c)) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{one_line, terminal_safe};

    #[test]
    fn a_stored_name_stays_on_one_line_and_cannot_steer_the_terminal() {
        assert_eq!(
            one_line("x\nSicherung gespeichert: alles OK"),
            "x\\nSicherung gespeichert: alles OK"
        );
        assert_eq!(one_line("a\u{1b}[31mrot"), "a\\x1b[31mrot");
        assert_eq!(one_line("del\u{7f} c1\u{9b}"), "del\\x7f c1\\u{9b}");
        assert_eq!(one_line("C:\\DConcept\\DEDATA"), "C:\\DConcept\\DEDATA");
        assert_eq!(one_line("Brief für Müller.rtf"), "Brief für Müller.rtf");
    }

    #[test]
    fn message_lines_keep_their_line_ends_but_lose_escape_sequences() {
        assert_eq!(terminal_safe("a\n\tb"), "a\n\tb");
        assert_eq!(terminal_safe("a\u{1b}]0;x\u{7}b"), "a\\x1b]0;x\\x07b");
    }
}
