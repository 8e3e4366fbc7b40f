//! INI files as the medatixx products write them (`WINACS.INI`,
//! `ServiceProvider.ini`): sections, `key=value` lines, `;`/`#` comments.
//!
//! A small parser on purpose: the INI crates either process backslash
//! escapes (which would mangle `C:\WINACS\Text`) or expect UTF-8 text. Old
//! Windows programs write INI files in the ANSI code page, which on German
//! Windows is Windows-1252 (<https://learn.microsoft.com/en-us/windows/win32/intl/code-pages>);
//! a byte-order mark selects UTF-8 or UTF-16 instead, and text that is valid
//! UTF-8 without a mark is taken as UTF-8. Decoding is `encoding_rs`.

/// One `key=value` entry: the section it stands in (as written, without
/// brackets; empty before the first section), the key and the value, both
/// trimmed. Keys are compared case-insensitively, as Windows'
/// `GetPrivateProfileString` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub section: String,
    pub key: String,
    /// The value as a program reads it: one pair of enclosing quotes removed.
    pub value: String,
    /// The value as written in the file (trimmed), to show the IT partner.
    pub raw: String,
}

/// A parsed INI file: its entries in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ini {
    pub entries: Vec<Entry>,
}

impl Ini {
    /// Decodes the file's bytes (see the module text) and parses them.
    pub fn from_bytes(bytes: &[u8]) -> Ini {
        Ini::parse(&decode(bytes))
    }

    /// Parses INI text. Lines that are neither a section, an entry nor a
    /// comment are ignored (Windows ignores them too).
    pub fn parse(text: &str) -> Ini {
        let mut section = String::new();
        let mut entries = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with(';') || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                if let Some((name, _)) = rest.split_once(']') {
                    section = name.trim().to_string();
                }
                continue;
            }
            if let Some((key, value)) = line.split_once('=') {
                let raw = value.trim();
                entries.push(Entry {
                    section: section.clone(),
                    key: key.trim().to_string(),
                    value: unquote(raw).to_string(),
                    raw: raw.to_string(),
                });
            }
        }
        Ini { entries }
    }

    /// The entries of `section` (case-insensitive).
    pub fn section<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.section.eq_ignore_ascii_case(section))
    }

    /// The first entry named `key` in any section (case-insensitive) with a
    /// value.
    pub fn find(&self, key: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.key.eq_ignore_ascii_case(key) && !e.value.is_empty())
    }
}

/// One pair of enclosing double or single quotes removed, as
/// `GetPrivateProfileString` does
/// (<https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getprivateprofilestring>):
/// `"C:\WINACS"` is the same path as `C:\WINACS`.
pub fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

/// Bytes → text: a BOM decides (UTF-8, UTF-16 LE/BE); else valid UTF-8 is
/// UTF-8; else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keys_and_comments() {
        let ini = Ini::parse(
            "; Kommentar\r\n[Pfade]\r\nText = C:\\WINACS\\Text\r\n# x\r\nFoto=\"D:\\Fotos\"\r\n\r\n[Andere]\r\nText=no\r\nkaputt\r\n",
        );
        let pfade: Vec<_> = ini.section("PFADE").collect();
        assert_eq!(pfade.len(), 2);
        assert_eq!(pfade[0].key, "Text");
        assert_eq!(pfade[0].value, r"C:\WINACS\Text");
        assert_eq!(pfade[1].value, r"D:\Fotos");
        assert_eq!(pfade[1].raw, r#""D:\Fotos""#);
        assert_eq!(ini.find("text").map(|e| e.section.as_str()), Some("Pfade"));
        assert!(ini.find("kaputt").is_none());
    }

    #[test]
    fn one_pair_of_quotes_goes() {
        assert_eq!(unquote(r"'C:\x'"), r"C:\x");
        assert_eq!(unquote(r#""C:\x""#), r"C:\x");
        assert_eq!(unquote(r#""C:\x"#), r#""C:\x"#);
        assert_eq!(unquote("'"), "'");
    }

    #[test]
    fn windows_1252_umlauts_are_decoded() {
        let bytes =
            b"[Pfade]\r\nR\xf6ntgen=C:\\Praxisdaten\\R\xf6ntgen\r\nPraxis=Dr. M\xfcller \x80\r\n";
        let ini = Ini::from_bytes(bytes);
        assert_eq!(ini.entries[0].key, "Röntgen");
        assert_eq!(ini.entries[0].value, r"C:\Praxisdaten\Röntgen");
        assert_eq!(ini.entries[1].value, "Dr. Müller €");
    }

    #[test]
    fn utf8_and_utf16_with_bom() {
        assert_eq!(decode("Röntgen".as_bytes()), "Röntgen");
        assert_eq!(decode(b"\xef\xbb\xbfa=\xc3\xb6"), "a=ö");
        let mut utf16 = vec![0xff, 0xfe];
        for u in "k=Ö".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(Ini::from_bytes(&utf16).entries[0].value, "Ö");
    }
}
