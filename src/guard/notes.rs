//! File names that ransomware leaves behind: the ransom note dropped into
//! every folder it encrypted. Names from the public descriptions of the
//! families that hit German practices (LockBit `Restore-My-Files.txt`,
//! STOP/Djvu `_readme.txt`, Conti/Ryuk `readme.txt` variants with
//! `DECRYPT`, BlackCat `RECOVER-…-FILES.txt`, "HOW_TO_DECRYPT.html").
//! A plain `readme.txt` is not one: installers ship those.

/// Whether a file name (last path component) looks like a ransom note.
pub fn is_ransom_note(name: &str) -> bool {
    let lower = name.to_lowercase();
    let Some((stem, ext)) = lower.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "txt" | "html" | "htm" | "hta" | "rtf" | "url") {
        return false;
    }
    if lower == "_readme.txt" || stem.starts_with("!!!") {
        return true;
    }
    const MARKS: &[&str] = &[
        "decrypt",
        "entschl",
        "ransom",
        "restore-my-files",
        "restore_my_files",
        "restore_files",
        "restore-files",
        "recover-files",
        "recover_files",
        "how_to_recover",
        "how-to-recover",
        "how_to_restore",
        "how_to_back",
        "unlock_files",
        "unlock-files",
        "your_files",
        "files_encrypted",
        "files-encrypted",
        "read_me_to",
        "readme_for",
    ];
    MARKS.iter().any(|m| stem.contains(m))
        || (stem.starts_with("recover-") && stem.ends_with("-files"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_and_ordinary_names() {
        for n in [
            "Restore-My-Files.txt",
            "_readme.txt",
            "HOW_TO_DECRYPT.html",
            "README_FOR_DECRYPT.txt",
            "!!!_READ_ME_!!!.txt",
            "RECOVER-abc12-FILES.txt",
            "Dateien_entschlüsseln.txt",
            "YOUR_FILES_ARE_ENCRYPTED.HTML",
        ] {
            assert!(is_ransom_note(n), "{n}");
        }
        for n in [
            "readme.txt",
            "Befund_Decrypt.pdf",
            "B000012.RTF",
            "restore.log",
            "decrypt",
            "Liesmich.txt",
        ] {
            assert!(!is_ransom_note(n), "{n}");
        }
    }
}
