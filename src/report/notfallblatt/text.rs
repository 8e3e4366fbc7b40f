//! The sheet as plain text (UTF-8, CRLF-free, 78 columns): for the binder
//! when no PDF viewer is at hand, and what a person or a test follows
//! line by line. Commands and the key are never wrapped.

use super::Block;

/// Columns of wrapped text.
const WIDTH: usize = 78;

/// Renders `blocks` as text.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Title(t) => {
                out.push_str(t);
                out.push('\n');
                out.push_str(&"=".repeat(t.chars().count()));
                out.push('\n');
            }
            Block::Subtitle(t) => {
                push_wrapped(&mut out, t, "", "");
                out.push('\n');
            }
            Block::Heading(t) => {
                if !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(t);
                out.push('\n');
                out.push_str(&"-".repeat(t.chars().count()));
                out.push('\n');
            }
            Block::Para(t) => {
                push_wrapped(&mut out, t, "", "");
                out.push('\n');
            }
            Block::Item(t) => push_wrapped(&mut out, t, "  - ", "    "),
            Block::Command(c) => {
                out.push_str("    ");
                out.push_str(c);
                out.push('\n');
            }
            Block::Key(k) => {
                out.push('\n');
                out.push_str(k);
                out.push_str("\n\n");
            }
            Block::Field { label, value } => {
                let v = value.clone().unwrap_or_else(|| "_".repeat(40));
                push_wrapped(&mut out, &format!("{label}: {v}"), "", "    ");
            }
            Block::Gap => out.push('\n'),
        }
    }
    out
}

fn push_wrapped(out: &mut String, text: &str, first: &str, rest: &str) {
    for (i, line) in wrap(text, WIDTH - first.chars().count(), |s| {
        s.chars().count() as f32
    })
    .into_iter()
    .enumerate()
    {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(&line);
        out.push('\n');
    }
}

/// Breaks `text` into lines no wider than `width` (as `measure` counts),
/// at spaces; a word wider than a line stands alone on its line.
pub fn wrap(text: &str, width: usize, measure: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) > width as f32 && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}
