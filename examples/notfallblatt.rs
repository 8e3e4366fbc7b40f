//! Writes an emergency sheet for a made-up practice (ten RDX cartridges,
//! a NAS, an S3 bucket, two databases, the recovery key printed) to look at:
//!
//!     cargo run --example notfallblatt -- OUT_DIR [de|en]
//!     pdftoppm -png -r 80 OUT_DIR/notfallblatt.pdf OUT_DIR/page
//!
//! `tresor notfallblatt` fills the same `Sheet` from the configuration.

use std::path::PathBuf;

use tresor::i18n::Language;
use tresor::report::notfallblatt::{self, KeyOnSheet, Opens, Place, PlaceKind, Sheet};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let lang = match args.next().as_deref() {
        Some("en") => Language::En,
        _ => Language::De,
    };
    let days = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"];
    let cartridges = days
        .iter()
        .flat_map(|d| {
            [
                (format!("{d} Praxis"), false),
                (format!("{d} extern"), true),
            ]
        })
        .collect();
    let key = tresor::repo::crypto::generate_key();
    let sheet = Sheet {
        lang,
        practice: "Praxis Dr. Müller & Kollegen".into(),
        created: chrono::Local::now().fixed_offset(),
        host: "PRAXIS-SRV01".into(),
        installation: "3f9a1c0e".repeat(8),
        destinations: vec![
            Place {
                name: "rdx".into(),
                kind: PlaceKind::Cartridges {
                    path: r"E:\tresor".into(),
                    cartridges,
                },
                repository: Some("8c41d2f7".repeat(8)),
                opens: Some(Opens {
                    opened: 9,
                    total: 9,
                    since: chrono::DateTime::parse_from_rfc3339("2026-11-20T22:30:00+01:00").ok(),
                }),
            },
            Place {
                name: "nas".into(),
                kind: PlaceKind::Folder {
                    path: r"\\nas01\praxis\tresor".into(),
                },
                repository: Some("a07e55b1".repeat(8)),
                opens: None,
            },
            Place {
                name: "cloud".into(),
                kind: PlaceKind::Bucket {
                    bucket: "praxis-mueller-backup".into(),
                    endpoint: "https://fsn1.your-objectstorage.com".into(),
                    region: "fsn1".into(),
                    prefix: "tresor".into(),
                    access_key_id: None,
                },
                repository: None,
                opens: None,
            },
        ],
        key: KeyOnSheet::Printed {
            secret: key.secret,
            recipient: key.recipient.clone(),
        },
        recovery_recipients: vec![key.recipient],
        sources: vec![
            ("x.concept: DEDATA".into(), r"C:\DConcept\DEDATA".into()),
            ("Scans".into(), r"D:\Scans".into()),
        ],
        databases: vec!["WINACS".into(), "medatixx_praxis".into()],
        has_databases: true,
        job: Some("nightly".into()),
        password_history: Some("Tresor im Büro, Ordner „Praxis-EDV“, Register 3".into()),
        bucket_secret_kept: None,
        contact: Some("IT-Partner Weiß GmbH, 0521 123456".into()),
    };
    let blocks = notfallblatt::blocks(&sheet);
    std::fs::create_dir_all(&out)?;
    std::fs::write(
        out.join("notfallblatt.txt"),
        notfallblatt::text::render(&blocks),
    )?;
    std::fs::write(
        out.join("notfallblatt.pdf"),
        notfallblatt::pdf::render(&blocks, "Notfallblatt"),
    )?;
    println!("{}", out.join("notfallblatt.pdf").display());
    Ok(())
}
