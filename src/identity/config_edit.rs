//! Recovery recipients into tresor.yaml, by a careful textual edit: the
//! `keys:` block gets the missing `age1…` lines, everything else — comments,
//! order, quoting, line ends — stays as the IT partner wrote it. When the
//! block has a shape this edit does not handle (flow style `keys: {…}`,
//! `recovery: [...]`), or the edited text would not read back as the same
//! configuration plus those recipients, the file is left alone and the caller
//! prints the lines to add.

use std::path::Path;

use crate::config::{self, HostContext};

use super::IdentityError;

/// What happened to the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// Every recipient was listed already.
    Unchanged,
    /// The missing recipients were added.
    Written,
    /// Not edited; the YAML to add under `keys:` instead.
    Manual(String),
}

/// Adds the `recipients` that `keys.recovery` of the file at `path` lacks.
pub fn add_recovery(path: &Path, recipients: &[String]) -> Result<Update, IdentityError> {
    let io = |source| IdentityError::Io {
        path: path.display().to_string(),
        source,
    };
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(io)?;
    let host = HostContext::current();
    let listed = match config::parse(&text, &origin, &host) {
        Ok(c) => c.keys.recovery,
        Err(_) => return Ok(Update::Manual(manual(recipients))),
    };
    let missing: Vec<String> = recipients
        .iter()
        .filter(|r| !listed.contains(r))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(Update::Unchanged);
    }
    let Some(edited) = edit(&text, &missing) else {
        return Ok(Update::Manual(manual(&missing)));
    };
    // The edit must read back as before plus the recipients, nothing else.
    let reads_back = config::parse(&edited, &origin, &host).is_ok_and(|c| {
        let mut want = listed.clone();
        want.extend(missing.iter().cloned());
        c.keys.recovery == want
    });
    if !reads_back {
        return Ok(Update::Manual(manual(&missing)));
    }
    let tmp = path.with_extension("yaml.tmp");
    std::fs::write(&tmp, edited)
        .and_then(|_| {
            let perms = std::fs::metadata(path)?.permissions();
            std::fs::set_permissions(&tmp, perms)
        })
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(io)?;
    Ok(Update::Written)
}

/// The lines to add by hand.
pub fn manual(recipients: &[String]) -> String {
    let mut s = String::from("keys:\n  recovery:\n");
    for r in recipients {
        s.push_str(&format!("    - {r}\n"));
    }
    s
}

/// The text with `recipients` appended to the block list `keys.recovery`
/// (created after the last entry of a block-style `keys:` when absent);
/// `None` when the shape is not one this edit handles.
fn edit(text: &str, recipients: &[String]) -> Option<String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    let keys = lines.iter().position(|l| code(l) == "keys:")?;
    // The block: every following line that is blank or indented.
    let end = (keys + 1..lines.len())
        .find(|&i| !lines[i].trim().is_empty() && !starts_indented(&lines[i]))
        .unwrap_or(lines.len());
    let entries: Vec<usize> = (keys + 1..end)
        .filter(|&i| !code(&lines[i]).is_empty())
        .collect();
    let indent = indent_of(&lines[*entries.first()?]).to_string();
    let recovery = entries.iter().copied().find(|&i| {
        indent_of(&lines[i]) == indent && code(&lines[i]).trim_start().starts_with("recovery:")
    });
    let (after, item_indent) = match recovery {
        Some(r) => {
            if code(&lines[r]).trim_start() != "recovery:" {
                return None; // `recovery: [..]` or a single value
            }
            let items: Vec<usize> = entries
                .iter()
                .copied()
                .filter(|&i| i > r)
                .take_while(|&i| code(&lines[i]).trim_start().starts_with("- "))
                .collect();
            match items.last() {
                Some(&last) => (last, indent_of(&lines[last]).to_string()),
                None => (r, format!("{indent}  ")),
            }
        }
        None => {
            let last = *entries.last()?;
            lines.insert(last + 1, format!("{indent}recovery:"));
            (last + 1, format!("{indent}  "))
        }
    };
    for (n, r) in recipients.iter().enumerate() {
        lines.insert(after + 1 + n, format!("{item_indent}- {r}"));
    }
    Some(lines.join(eol))
}

/// A line without its comment and trailing blanks (key lines hold no `#`
/// inside quotes; a value that does is simply not recognised).
fn code(line: &str) -> &str {
    let t = line.split(" #").next().unwrap_or("");
    if t.trim_start().starts_with('#') {
        return "";
    }
    t.trim_end()
}

fn starts_indented(line: &str) -> bool {
    line.starts_with(' ') || line.starts_with('\t')
}

fn indent_of(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

    #[test]
    fn recovery_is_added_after_the_machine_key_keeping_comments() {
        let text = "# Praxis\nkeys:\n  # dieser Server\n  machine: 'C:\\k\\machine.key'  # bleibt\n\n# Ziele\ndestinations: {}\n";
        assert_eq!(
            edit(text, &[R.into()]).unwrap(),
            format!("# Praxis\nkeys:\n  # dieser Server\n  machine: 'C:\\k\\machine.key'  # bleibt\n  recovery:\n    - {R}\n\n# Ziele\ndestinations: {{}}\n")
        );
    }

    #[test]
    fn an_existing_list_gets_one_more_item_and_crlf_stays() {
        let text = "keys:\r\n    recovery:\r\n    - age1alt\r\n    machine: k\r\n";
        assert_eq!(
            edit(text, &[R.into()]).unwrap(),
            format!("keys:\r\n    recovery:\r\n    - age1alt\r\n    - {R}\r\n    machine: k\r\n")
        );
        let empty = "keys:\n  machine: k\n  recovery:\nx: 1\n";
        assert_eq!(
            edit(empty, &[R.into()]).unwrap(),
            format!("keys:\n  machine: k\n  recovery:\n    - {R}\nx: 1\n")
        );
    }

    #[test]
    fn shapes_it_does_not_handle_are_left_alone() {
        assert_eq!(edit("keys: { machine: k }\n", &[R.into()]), None);
        assert_eq!(
            edit("keys:\n  machine: k\n  recovery: []\n", &[R.into()]),
            None
        );
        assert!(manual(&[R.into()]).contains(&format!("    - {R}\n")));
    }
}
