use super::*;

fn sheet(lang: Language, key: KeyOnSheet) -> Sheet {
    Sheet {
        lang,
        practice: "Praxis Dr. Müller".into(),
        created: DateTime::parse_from_rfc3339("2026-12-01T03:10:00+01:00").unwrap(),
        host: "PRAXIS-SRV".into(),
        installation: "ab".repeat(32),
        destinations: vec![
            Place {
                name: "rdx".into(),
                kind: PlaceKind::Cartridges {
                    path: r"E:\tresor".into(),
                    cartridges: vec![
                        ("Montag Praxis".into(), false),
                        ("Montag extern".into(), true),
                    ],
                },
                repository: Some("cd".repeat(32)),
            },
            Place {
                name: "nas".into(),
                kind: PlaceKind::Folder {
                    path: r"\\nas\praxis sicherung".into(),
                },
                repository: None,
            },
            Place {
                name: "cloud".into(),
                kind: PlaceKind::Bucket {
                    bucket: "praxis-mueller".into(),
                    endpoint: "https://fsn1.your-objectstorage.com".into(),
                    region: "fsn1".into(),
                    prefix: "tresor".into(),
                },
                repository: None,
            },
        ],
        key,
        recovery_recipients: vec!["age1recovery".into()],
        sources: vec![("x.concept: DEDATA".into(), r"C:\DConcept\DEDATA".into())],
        databases: vec!["WINACS".into()],
        password_history: Some("Tresor im Büro, Ordner Praxis-EDV".into()),
        contact: None,
    }
}

/// The text with its line breaks as spaces (wrapped sentences read whole).
fn flat(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_text_states_key_and_commands_one_per_line() {
    let secret = "AGE-SECRET-KEY-1QQQQ";
    let s = sheet(
        Language::De,
        KeyOnSheet::Printed {
            secret: secret.into(),
            recipient: "age1recovery".into(),
        },
    );
    let raw = text::render(&blocks(&s));
    assert!(raw.lines().any(|l| l == secret), "{raw}");
    let t = flat(&raw);
    let commands: Vec<&str> = raw
        .lines()
        .filter_map(|l| l.trim().strip_prefix("> "))
        .collect();
    assert_eq!(
        commands[..3],
        [
            r"tresor snapshots --repo E:\tresor --key wiederherstellungsschluessel.txt",
            r"tresor restore latest --repo E:\tresor --key wiederherstellungsschluessel.txt --target Wiederherstellung",
            r"tresor restore latest --repo E:\tresor --key wiederherstellungsschluessel.txt --to-original",
        ]
    );
    assert!(
        commands[3].contains("restore-db latest") && commands[3].ends_with("--database WINACS")
    );
    // The other folder, quoted for cmd.exe; the bucket's way; the vendor's note and its answer.
    assert!(t.contains(r#"nas "\\nas\praxis sicherung""#), "{t}");
    assert!(t.contains("rclone"), "{t}");
    assert!(t.contains("zum Zeitpunkt der Sicherung gültig"), "{t}");
    assert!(t.contains("Tresor im Büro, Ordner Praxis-EDV"), "{t}");
    assert!(t.contains("Außer Haus: Montag extern"), "{t}");
    // A field without a value leaves a line to write on.
    assert!(t.contains("Ansprechpartner (IT-Betreuer): ____"), "{t}");
    // Wrapped at 78 columns, but for the commands.
    assert!(
        raw.lines()
            .all(|l| l.chars().count() <= 78 || l.starts_with("    > tresor ")),
        "{raw}"
    );
}

#[test]
fn without_the_key_it_says_where_it_is_kept_in_english_too() {
    let s = sheet(
        Language::En,
        KeyOnSheet::Kept(Some("safe, emergency binder".into())),
    );
    let t = flat(&text::render(&blocks(&s)));
    assert!(!t.contains("AGE-SECRET-KEY-1Q"), "{t}");
    assert!(!t.contains("It holds the recovery key"), "{t}");
    assert!(t.contains("Kept in: safe, emergency binder"), "{t}");
    assert!(t.contains("valid when the backup was made"), "{t}");
}
