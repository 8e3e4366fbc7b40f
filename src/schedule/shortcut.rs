//! The desktop shortcut that starts the Feierabend job, for every user of
//! the server (the Public Desktop), made and removed by PowerShell through
//! the `WScript.Shell` COM object. Pure: builds the `powershell` command line.
//!
//! `CreateShortcut`: <https://learn.microsoft.com/en-us/troubleshoot/windows-client/admin-development/create-desktop-shortcut-with-wsh>;
//! `-EncodedCommand` (Base64 of UTF-16LE text, so no quoting of the script on
//! the command line is needed): <https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_powershell_exe>;
//! single-quoted strings (nothing expands; a quote is doubled; the typographic
//! quotes ‘ ’ ‚ ‛ count as single quotes too):
//! <https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_quoting_rules>.

use base64::Engine as _;

use super::schtasks::Invocation;

/// What the shortcut starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcut {
    /// The file name without `.lnk`, as staff see it on the desktop.
    pub name: String,
    /// Full path of `tresor.exe`.
    pub target: String,
    /// The command line after the program (quoted for Windows).
    pub arguments: String,
    /// The folder the program starts in.
    pub working_directory: String,
    /// The tooltip.
    pub description: String,
}

/// Characters PowerShell takes as a single quote.
const SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// `text` as a PowerShell single-quoted string literal: nothing in it is
/// expanded or run.
pub fn ps_quote(text: &str) -> String {
    let mut out = String::from('\'');
    for c in text.chars() {
        if SINGLE_QUOTES.contains(&c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A file name Windows accepts: `\ / : * ? " < > |` and control characters
/// become `-`, trailing dots and blanks go.
pub fn file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "\\/:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_end_matches(['.', ' ']).trim_start();
    if trimmed.is_empty() {
        "tresor".into()
    } else {
        trimmed.to_string()
    }
}

/// The path of `<name>.lnk` on the Public Desktop, as a PowerShell expression.
fn link_path(name: &str) -> String {
    format!(
        "(Join-Path ([Environment]::GetFolderPath('CommonDesktopDirectory')) {})",
        ps_quote(&format!("{}.lnk", file_name(name)))
    )
}

/// The PowerShell script that creates (or replaces) the shortcut.
pub fn create_script(s: &Shortcut) -> String {
    [
        "$ErrorActionPreference = 'Stop'".to_string(),
        format!(
            "$s = (New-Object -ComObject WScript.Shell).CreateShortcut({})",
            link_path(&s.name)
        ),
        format!("$s.TargetPath = {}", ps_quote(&s.target)),
        format!("$s.Arguments = {}", ps_quote(&s.arguments)),
        format!("$s.WorkingDirectory = {}", ps_quote(&s.working_directory)),
        format!("$s.Description = {}", ps_quote(&s.description)),
        format!("$s.IconLocation = {}", ps_quote(&format!("{},0", s.target))),
        "$s.Save()".to_string(),
    ]
    .join("\n")
}

/// The PowerShell script that removes the shortcut (no error when it is gone).
pub fn remove_script(name: &str) -> String {
    format!(
        "Remove-Item -LiteralPath {} -ErrorAction SilentlyContinue",
        link_path(name)
    )
}

/// `powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass
/// -EncodedCommand <Base64 of the script in UTF-16LE>`.
pub fn powershell(script: &str) -> Invocation {
    let utf16: Vec<u8> = script.encode_utf16().flat_map(u16::to_le_bytes).collect();
    Invocation {
        program: "powershell".into(),
        args: vec![
            "-NoProfile".into(),
            "-NonInteractive".into(),
            "-ExecutionPolicy".into(),
            "Bypass".into(),
            "-EncodedCommand".into(),
            base64::engine::general_purpose::STANDARD.encode(utf16),
        ],
    }
}

/// Decodes what [`powershell`] encoded (for `--dry-run` output and tests).
pub fn decode(encoded: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads one PowerShell single-quoted literal at the start of `s`: the
    /// value and the rest after it (how PowerShell's tokenizer reads it).
    fn read_literal(s: &str) -> (String, &str) {
        let mut chars = s.char_indices().peekable();
        let (_, first) = chars.next().unwrap();
        assert!(SINGLE_QUOTES.contains(&first));
        let mut value = String::new();
        while let Some((i, c)) = chars.next() {
            if SINGLE_QUOTES.contains(&c) {
                match chars.peek() {
                    Some((_, n)) if SINGLE_QUOTES.contains(n) => {
                        value.push(c);
                        chars.next();
                    }
                    _ => return (value, &s[i + c.len_utf8()..]),
                }
            } else {
                value.push(c);
            }
        }
        panic!("unterminated literal: {s}");
    }

    #[test]
    fn hostile_names_stay_one_literal() {
        for hostile in [
            "O'Brien",
            "x'; Remove-Item C:\\ -Recurse; '",
            "‘smart’ ‚quotes‛ and 'plain'",
            "$(Stop-Computer) `n $env:USERNAME \"double\"",
            "''''",
            "",
        ] {
            let quoted = ps_quote(hostile);
            let (value, rest) = read_literal(&quoted);
            assert_eq!(value, hostile);
            assert_eq!(rest, "", "{quoted}");
        }
    }

    #[test]
    fn the_script_creates_the_link_on_the_public_desktop() {
        let s = Shortcut {
            name: "Datensicherung Feierabend".into(),
            target: r"C:\Program Files\tresor\tresor.exe".into(),
            arguments: "backup --job feierabend".into(),
            working_directory: r"C:\ProgramData\tresor".into(),
            description: "Praxis O'Neill: Sicherung".into(),
        };
        let script = create_script(&s);
        assert!(script.contains("GetFolderPath('CommonDesktopDirectory')"));
        assert!(script.contains("'Datensicherung Feierabend.lnk'"));
        assert!(script.contains(r"$s.TargetPath = 'C:\Program Files\tresor\tresor.exe'"));
        assert!(script.contains("$s.Arguments = 'backup --job feierabend'"));
        assert!(script.contains("$s.Description = 'Praxis O''Neill: Sicherung'"));
        assert!(script.ends_with("$s.Save()"));
        let inv = powershell(&script);
        assert_eq!(inv.program, "powershell");
        assert_eq!(inv.args[4], "-EncodedCommand");
        assert_eq!(decode(&inv.args[5]).as_deref(), Some(script.as_str()));
        assert!(remove_script("Datensicherung Feierabend")
            .starts_with("Remove-Item -LiteralPath (Join-Path"));
    }

    #[test]
    fn file_names_lose_what_windows_refuses() {
        assert_eq!(file_name(r#"a\b/c:d*e?f"g<h>i|j"#), "a-b-c-d-e-f-g-h-i-j");
        assert_eq!(file_name("Sicherung. "), "Sicherung");
        assert_eq!(file_name(" .."), "tresor");
    }
}
