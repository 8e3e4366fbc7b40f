//! The signatures ("magic numbers") of the file types a practice keeps, by
//! extension: a `.pdf` whose first bytes are not `%PDF` was not written by a
//! PDF writer. Sources: the PDF specification (ISO 32000-1, 7.5.2), JPEG
//! (ITU T.81, SOI marker), PNG (RFC 2083, 3.1), GIF89a, TIFF 6.0 (section 2),
//! the ZIP application note (4.3.7, local file header), the Compound File
//! Binary format ([MS-CFB] 2.2) of `.doc`/`.xls`/`.msg`, RTF 1.9.1 and
//! DICOM PS3.10 (7.1: `DICM` at offset 128).
//!
//! `.bak` is deliberately absent: SQL Server's backups start with `TAPE`,
//! but editors and installers write `.bak` copies of anything.

/// What a file's start says about its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The extension has no known signature (or the file is too short).
    Unknown,
    /// The signature is there.
    Matches,
    /// The extension has a signature and the file's start lacks it.
    Missing,
}

/// Checks `start` (the file's first bytes, at least 132 when the file has
/// them) against the signature of `extension` (lower case, without dot).
pub fn check(extension: &str, start: &[u8]) -> Check {
    let any = |magics: &[&[u8]]| -> Check {
        let need = magics.iter().map(|m| m.len()).min().unwrap_or(0);
        if start.len() < need {
            Check::Unknown
        } else if magics.iter().any(|m| start.starts_with(m)) {
            Check::Matches
        } else {
            Check::Missing
        }
    };
    match extension {
        // A PDF may carry a few bytes before its header (ISO 32000-1, 7.5.2 note).
        "pdf" => {
            if start.len() < 5 {
                Check::Unknown
            } else if start[..start.len().min(1024)]
                .windows(5)
                .any(|w| w == b"%PDF-")
            {
                Check::Matches
            } else {
                Check::Missing
            }
        }
        "jpg" | "jpeg" | "jpe" | "jfif" => any(&[&[0xFF, 0xD8, 0xFF]]),
        "png" => any(&[b"\x89PNG\r\n\x1a\n"]),
        "gif" => any(&[b"GIF87a", b"GIF89a"]),
        "tif" | "tiff" => any(&[b"II*\0", b"MM\0*"]),
        "bmp" => any(&[b"BM"]),
        "zip" | "odt" | "ods" | "odp" => any(&[b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]),
        // A password-protected Office file is a CFB container ([MS-OFFCRYPTO] 2.3.4).
        "docx" | "xlsx" | "pptx" => any(&[
            b"PK\x03\x04",
            b"PK\x05\x06",
            b"PK\x07\x08",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        ]),
        // Word and practice software save RTF under `.doc` too.
        "doc" => any(&[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", b"{\\rtf"]),
        "xls" | "ppt" | "msg" => any(&[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"]),
        "rtf" => any(&[b"{\\rtf"]),
        "gz" | "tgz" => any(&[b"\x1f\x8b"]),
        "7z" => any(&[b"7z\xBC\xAF\x27\x1C"]),
        "dcm" => {
            if start.len() < 132 {
                Check::Unknown
            } else if &start[128..132] == b"DICM" {
                Check::Matches
            } else {
                Check::Missing
            }
        }
        _ => Check::Unknown,
    }
}

/// Extensions whose content compresses when it is what its name says
/// (text, exchange formats of German practice software such as the xDT
/// family, record databases): random content there is a sign.
pub fn expects_compressible(extension: &str) -> bool {
    matches!(
        extension,
        "rtf"
            | "txt"
            | "xml"
            | "csv"
            | "htm"
            | "html"
            | "ini"
            | "log"
            | "gdt"
            | "bdt"
            | "ldt"
            | "adt"
            | "hl7"
            | "json"
            | "sql"
            | "dat"
            | "doc"
            | "xls"
    )
}

/// The lower-case extension of a path's last component, if any.
pub fn extension_of(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = name.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() || ext.len() > 16 {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_types() {
        assert_eq!(check("pdf", b"%PDF-1.7\n..."), Check::Matches);
        assert_eq!(check("pdf", b"\r\n%PDF-1.4 after junk"), Check::Matches);
        assert_eq!(check("pdf", b"\x8a\x13\x99random bytes"), Check::Missing);
        assert_eq!(
            check("jpg", &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2]),
            Check::Matches
        );
        assert_eq!(check("jpg", &[0x12, 0xD8, 0xFF, 0xE0]), Check::Missing);
        assert_eq!(check("docx", b"PK\x03\x04rest"), Check::Matches);
        assert_eq!(
            check("docx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1.."),
            Check::Matches
        );
        assert_eq!(check("doc", b"{\\rtf1\\ansi"), Check::Matches);
        assert_eq!(check("rtf", b"{\\rtf1\\ansi"), Check::Matches);
        assert_eq!(check("rtf", b"\x00\x01garbage"), Check::Missing);
        assert_eq!(check("bak", b"anything"), Check::Unknown);
        assert_eq!(check("pdf", b"%P"), Check::Unknown);
        let mut dicom = vec![0u8; 128];
        dicom.extend_from_slice(b"DICM");
        assert_eq!(check("dcm", &dicom), Check::Matches);
        dicom[129] = b'X';
        assert_eq!(check("dcm", &dicom), Check::Missing);
    }

    #[test]
    fn extensions() {
        assert_eq!(
            extension_of("C/DConcept/DETEXT/B01.RTF").as_deref(),
            Some("rtf")
        );
        assert_eq!(extension_of("a/b.RTF.lockbit").as_deref(), Some("lockbit"));
        assert_eq!(extension_of("a/.profile"), None);
        assert_eq!(extension_of("a/Makefile"), None);
        assert_eq!(extension_of("a.b/c"), None);
    }
}
