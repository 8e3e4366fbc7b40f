//! Text that `detect` writes into tresor.yaml: the one place a value read
//! from a product's file (a path, a key name, a connection string, a folder
//! name below the drive root) becomes a YAML scalar or comment text.
//!
//! YAML breaks lines at CR and LF (and YAML 1.1 parsers also at NEL U+0085,
//! LS U+2028 and PS U+2029), inside a comment too: a lone CR in a
//! `WINACS.INI` value would otherwise end the comment or scalar and start a
//! key of the attacker's choice (`guard: {enabled: false}`). So every value
//! goes through [`scalar`] and every comment line through [`comment`].
//! tresor's config reader refuses a double-quoted scalar that holds a
//! control character (a `"C:\tresor"` typed by hand would hold a TAB), so
//! detect does not write such values at all — a path or connection string
//! with one is an open question, a key name used as a label shows the
//! escape — and [`scalar`]'s double quotes are the safe last resort: the
//! file then fails to load instead of loading what an attacker wrote.
//! YAML 1.2 escapes: <https://yaml.org/spec/1.2.2/#57-escaped-characters>.

/// A character YAML must not see raw in written text: C0/C1 controls
/// (CR, LF, TAB, NUL, NEL …), DEL, the Unicode line and paragraph
/// separators and the byte-order mark.
pub fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `s` as one YAML scalar that reads back as exactly `s`: single-quoted
/// when it holds no [`unsafe_char`] (backslashes of Windows paths stay as
/// they are), else double-quoted with every such character escaped.
pub fn scalar(s: &str) -> String {
    if !s.chars().any(unsafe_char) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if unsafe_char(c) => out.push_str(&escape(c)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One comment line's text: each [`unsafe_char`] shown as its escape
/// (`\r`, `\u2028`), so the comment cannot end early and still says what
/// the file held.
pub fn comment(line: &str) -> String {
    if !line.chars().any(unsafe_char) {
        return line.to_string();
    }
    line.chars()
        .map(|c| {
            if unsafe_char(c) {
                escape(c)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn escape(c: char) -> String {
    match c {
        '\0' => "\\0".into(),
        '\t' => "\\t".into(),
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        c => format!("\\u{:04X}", c as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `key: <scalar>` back with the parser tresor.yaml is read with.
    fn read_back(s: &str) -> String {
        let yaml = format!("# {}\nkey: {}\nother: 1\n", comment(s), scalar(s));
        let docs = yaml_rust2::YamlLoader::load_from_str(&yaml).unwrap();
        let map = docs[0].as_hash().unwrap();
        assert_eq!(map.len(), 2, "{yaml:?}");
        docs[0]["key"].as_str().unwrap().to_string()
    }

    #[test]
    fn every_hostile_character_reads_back_as_written() {
        for c in [
            '\r', '\n', '\0', '\t', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{7f}',
            '\u{1b}', '\u{b}', '\u{c}',
        ] {
            let s = format!("C:\\x{c}guard: {{enabled: false}}{c}'\"#");
            assert_eq!(read_back(&s), s, "{c:?}");
            assert!(!scalar(&s).contains(c), "{c:?}");
            assert!(!comment(&s).contains(c), "{c:?}");
        }
    }

    #[test]
    fn plain_text_stays_single_quoted() {
        assert_eq!(scalar(r"C:\WINACS\Text"), r"'C:\WINACS\Text'");
        assert_eq!(scalar("Dr. O'Neil"), "'Dr. O''Neil'");
        assert_eq!(read_back("Röntgen 100%"), "Röntgen 100%");
    }
}
