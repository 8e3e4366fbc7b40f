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
                opens: None,
            },
            Place {
                name: "nas".into(),
                kind: PlaceKind::Folder {
                    path: r"\\nas\praxis sicherung".into(),
                },
                repository: None,
                opens: None,
            },
            Place {
                name: "cloud".into(),
                kind: PlaceKind::Bucket {
                    bucket: "praxis-mueller".into(),
                    endpoint: "https://fsn1.your-objectstorage.com".into(),
                    region: "fsn1".into(),
                    prefix: "tresor".into(),
                    access_key_id: None,
                },
                repository: None,
                opens: None,
            },
        ],
        key,
        recovery_recipients: vec!["age1recovery".into()],
        sources: vec![("x.concept: DEDATA".into(), r"C:\DConcept\DEDATA".into())],
        databases: vec!["WINACS".into()],
        has_databases: true,
        job: None,
        password_history: Some("Tresor im Büro, Ordner Praxis-EDV".into()),
        bucket_secret_kept: None,
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

/// The sheet says "genügt" only when its key opens the newest snapshot
/// wherever that was checked; otherwise it says so at the top and at the place.
#[test]
fn a_key_that_does_not_open_the_newest_snapshot_is_said_at_the_top() {
    let key = || KeyOnSheet::Printed {
        secret: "AGE-SECRET-KEY-1QQQQ".into(),
        recipient: "age1recovery".into(),
    };
    let mut s = sheet(Language::De, key());
    let since = DateTime::parse_from_rfc3339("2026-11-20T22:30:00+01:00").unwrap();
    s.destinations[0].opens = Some(Opens {
        opened: 3,
        total: 3,
        since: Some(since),
    });
    let t = flat(&text::render(&blocks(&s)));
    assert!(t.contains("Dieses Blatt genügt,"), "{t}");
    assert!(
        t.contains("öffnet hier 3 von 3 Sicherungen, alle ab 20.11.2026"),
        "{t}"
    );

    s.destinations[1].opens = Some(Opens {
        opened: 2,
        total: 5,
        since: None,
    });
    assert_eq!(s.verdict(), Verdict::NotNewest);
    let t = flat(&text::render(&blocks(&s)));
    assert!(!t.contains("Dieses Blatt genügt,"), "{t}");
    assert!(t.contains("genügt NOCH NICHT"), "{t}");
    assert!(
        t.contains("neueste Sicherung auf nas öffnet dieser Wiederherstellungsschlüssel nicht"),
        "{t}"
    );
}

/// No databases, no SQL section (and the sections stay numbered 1…n); a
/// bucket gets its access key id and a line for where the secret is.
#[test]
fn sections_follow_what_the_practice_has() {
    let mut s = sheet(Language::En, KeyOnSheet::Kept(None));
    s.databases.clear();
    s.has_databases = false;
    if let PlaceKind::Bucket { access_key_id, .. } = &mut s.destinations[2].kind {
        *access_key_id = Some("AKIAPRAXIS".into());
    }
    s.bucket_secret_kept = Some("IT partner's password safe".into());
    let t = flat(&text::render(&blocks(&s)));
    assert!(!t.contains("SQL Server databases"), "{t}");
    assert!(!t.contains("restore-db"), "{t}");
    assert!(t.contains("4. Password of the practice software"), "{t}");
    assert!(t.contains("Access key ID: AKIAPRAXIS"), "{t}");
    assert!(
        t.contains("The secret access key is kept here: IT partner's password safe"),
        "{t}"
    );
    // With databases the section is there, between the steps and the password.
    let s = sheet(Language::En, KeyOnSheet::Kept(None));
    let t = flat(&text::render(&blocks(&s)));
    assert!(t.contains("4. SQL Server databases"), "{t}");
    assert!(t.contains("5. Password of the practice software"), "{t}");
}

/// Nothing reachable to check, or no backup yet: the sheet promises nothing.
/// The restore commands name the main job, never plain `latest` (an ad-hoc
/// `--path` snapshot may be newer).
#[test]
fn an_unchecked_key_is_not_called_enough_and_commands_name_the_job() {
    let mut s = sheet(
        Language::De,
        KeyOnSheet::Printed {
            secret: "AGE-SECRET-KEY-1QQQQ".into(),
            recipient: "age1recovery".into(),
        },
    );
    assert_eq!(s.verdict(), Verdict::Unchecked);
    s.destinations[0].opens = Some(Opens {
        opened: 0,
        total: 0,
        since: None,
    });
    assert_eq!(
        s.verdict(),
        Verdict::Unchecked,
        "no backup yet proves nothing"
    );
    s.job = Some("nightly".into());
    let raw = text::render(&blocks(&s));
    let t = flat(&raw);
    assert!(!t.contains("Dieses Blatt genügt,"), "{t}");
    assert!(t.contains("ließ sich beim Drucken nicht prüfen"), "{t}");
    assert!(
        raw.contains("tresor restore latest:nightly --repo E:\\tresor --key wiederherstellungsschluessel.txt --target Wiederherstellung"),
        "{raw}"
    );
    assert!(!raw.contains("restore latest --repo"), "{raw}");
    // Only a bucket: the commands read the download folder, named in a step.
    s.destinations
        .retain(|p| matches!(p.kind, PlaceKind::Bucket { .. }));
    let raw = text::render(&blocks(&s));
    assert!(raw.contains(r"--repo C:\tresor-download"), "{raw}");
    assert!(!raw.contains(r"E:\tresor"), "{raw}");
}
