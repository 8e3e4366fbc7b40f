//! `rotation:` read from whole files: the built-in plans, a custom plan, and
//! every refusal with its line, column and words in both languages.

use chrono::Weekday;

use super::*;
use crate::config::{parse, HostContext, Language, Mounts};

fn host() -> HostContext {
    HostContext::posix(
        Mounts::default()
            .with_drive('C', "/praxis/c")
            .with_drive('E', "/praxis/rdx"),
    )
}

const HEAD: &str = "\
practice: Praxis Test
keys:
  machine: 'C:\\tresor\\machine.key'
destinations:
  rdx: { type: local, path: 'E:\\tresor' }
  nas: { type: local, path: 'C:\\nas' }
";

fn with(rotation: &str) -> String {
    format!("{HEAD}{rotation}")
}

fn rotation(text: &str) -> Rotation {
    parse(&with(text), "tresor.yaml", &host())
        .unwrap_or_else(|e| panic!("{}", e.render(Language::En)))
        .rotation
        .expect("rotation read")
}

/// The error's `line:column` and its English and German text.
fn refused(text: &str) -> ((usize, usize), String, String) {
    let e = match parse(&with(text), "tresor.yaml", &host()) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    };
    let p = e.position.expect("position");
    (
        (p.line, p.column),
        e.render(Language::En),
        e.render(Language::De),
    )
}

#[test]
fn variant1_is_ten_cartridges_extern_before_praxis() {
    let r = rotation("rotation:\n  destination: rdx\n");
    assert_eq!(r.plan, Plan::Variant1);
    assert_eq!(r.day_starts, 360);
    assert_eq!(r.wrong_medium, WrongMedium::Warn);
    assert!(!r.eject);
    let names: Vec<&str> = r.cartridges.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 10);
    assert_eq!(
        &names[..4],
        &[
            "Montag extern",
            "Montag Praxis",
            "Dienstag extern",
            "Dienstag Praxis"
        ]
    );
    assert_eq!(names[9], "Freitag Praxis");
    let ext = r.cartridge("Dienstag extern").unwrap();
    assert_eq!(
        (ext.job.as_str(), ext.kept, ext.weekdays.as_slice()),
        ("feierabend", Kept::Home, &[Weekday::Tue][..])
    );
    let praxis = r.cartridge("Freitag Praxis").unwrap();
    assert_eq!(
        (praxis.job.as_str(), praxis.kept),
        ("nightly", Kept::Practice)
    );
}

#[test]
fn variant2_is_five_nightly_cartridges() {
    let text = "\
jobs:
  nightly: { destination: rdx, mirrors: [nas] }
rotation:
  destination: rdx
  plan: variant2
  day_starts: '05:30'
  wrong_medium: refuse
  eject: ja
";
    let r = rotation(text);
    assert_eq!(r.plan, Plan::Variant2);
    let names: Vec<&str> = r.cartridges.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
    );
    assert!(r.cartridges.iter().all(|c| c.job == "nightly"));
    assert_eq!(r.day_starts, 5 * 60 + 30);
    assert_eq!(r.wrong_medium, WrongMedium::Refuse);
    assert!(r.eject);
}

#[test]
fn custom_plan_reads_german_and_english_days() {
    let text = "\
jobs:
  nightly: { destination: rdx }
rotation:
  destination: rdx
  plan: custom
  cartridges:
    - { name: 'Woche A', job: nightly, days: [Mo, mittwoch, FRI], kept: practice }
    - { name: 'Woche B', job: nightly, days: [Di, thu], kept: home }
";
    let r = rotation(text);
    assert_eq!(r.plan, Plan::Custom);
    assert_eq!(
        r.cartridges[0].weekdays,
        vec![Weekday::Mon, Weekday::Wed, Weekday::Fri]
    );
    assert_eq!(r.cartridges[1].weekdays, vec![Weekday::Tue, Weekday::Thu]);
    assert_eq!(r.cartridges[1].kept, Kept::Home);
}

#[test]
fn no_rotation_section_is_none() {
    let cfg = parse(HEAD, "tresor.yaml", &host()).unwrap();
    assert!(cfg.rotation.is_none());
}

#[test]
fn unknown_destination_is_named_with_a_suggestion() {
    let (at, en, de) = refused("rotation:\n  destination: rdy\n");
    assert_eq!(at, (8, 16));
    assert!(
        en.contains(
            "`rotation.destination`: destination `rdy` is not defined (did you mean `rdx`?)"
        ),
        "{en}"
    );
    assert!(de.contains("Zeile 8, Spalte 16"), "{de}");
    assert!(de.contains("Ziel `rdy` ist nicht definiert"), "{de}");
}

#[test]
fn s3_destination_is_not_a_cartridge_drive() {
    let text = "\
rotation:
  destination: cloud
";
    let head = HEAD.replace(
        "  nas: { type: local, path: 'C:\\nas' }\n",
        "  cloud: { type: s3, provider: hetzner, region: fsn1, bucket: b }\n",
    );
    let e = parse(&format!("{head}{text}"), "tresor.yaml", &host()).unwrap_err();
    assert!(
        e.render(Language::En)
            .contains("is not a folder (type: local)"),
        "{}",
        e.render(Language::En)
    );
    assert!(e.render(Language::De).contains("ist kein Ordner"));
}

#[test]
fn a_job_on_the_drive_without_cartridge_is_refused() {
    // The default jobs both write to rdx; variant 2 has only nightly cartridges.
    let (at, en, de) = refused("rotation:\n  destination: rdx\n  plan: variant2\n");
    assert_eq!(at.0, 9);
    assert!(
        en.contains("job `feierabend` writes to `rdx`, but no cartridge of the plan is its"),
        "{en}"
    );
    assert!(
        de.contains("Job `feierabend` schreibt auf `rdx`, aber keine Kassette"),
        "{de}"
    );
}

#[test]
fn variant1_needs_both_jobs() {
    let text = "\
jobs:
  nightly: { destination: rdx }
rotation:
  destination: rdx
";
    let (_, en, de) = refused(text);
    assert!(en.contains("job `feierabend` is not defined"), "{en}");
    assert!(de.contains("Job `feierabend` ist nicht definiert"), "{de}");
}

#[test]
fn custom_plan_errors_have_positions() {
    let base = "\
jobs:
  nightly: { destination: rdx }
rotation:
  destination: rdx
  plan: custom
  cartridges:
";
    // Line 13 is the first cartridge.
    let (at, en, de) = refused(&format!(
        "{base}    - {{ name: A, job: nightly, days: [Mon] }}\n    - {{ name: a, job: nightly, days: [Tue] }}\n"
    ));
    assert_eq!(at, (14, 15));
    assert!(en.contains("cartridge `a` is listed twice"), "{en}");
    assert!(de.contains("Kassette `a` ist doppelt aufgeführt"), "{de}");

    let (at, en, de) = refused(&format!(
        "{base}    - {{ name: A, job: nigthly, days: [Mon] }}\n"
    ));
    assert_eq!(at, (13, 23));
    assert!(en.contains("(did you mean `nightly`?)"), "{en}");
    assert!(de.contains("(meinten Sie `nightly`?)"), "{de}");

    let (at, en, de) = refused(&format!(
        "{base}    - {{ name: A, job: nightly, days: [Mon, Montg] }}\n"
    ));
    assert_eq!(at, (13, 44));
    assert!(
        en.contains("`Montg` is not a day of the week (did you mean `montag`?)"),
        "{en}"
    );
    assert!(de.contains("`Montg` ist kein Wochentag"), "{de}");

    let (_, en, de) = refused(&format!(
        "{base}    - {{ name: A, job: nightly, days: [] }}\n"
    ));
    assert!(en.contains("cartridge `A` has no days"), "{en}");
    assert!(de.contains("Kassette `A` hat keine Tage"), "{de}");

    let (_, en, _) = refused(&format!(
        "{base}    - {{ name: A, job: nightly, days: [mon], kept: safe }}\n"
    ));
    assert!(en.contains("expected practice or home"), "{en}");

    let (_, en, de) = refused(
        "jobs:\n  nightly: { destination: rdx }\nrotation:\n  destination: rdx\n  plan: custom\n",
    );
    assert!(
        en.contains("`plan: custom` needs a list `cartridges:`"),
        "{en}"
    );
    assert!(de.contains("braucht eine Liste `cartridges:`"), "{de}");
}

#[test]
fn builtin_plan_with_cartridges_and_bad_values() {
    let (at, en, de) = refused(
        "rotation:\n  destination: rdx\n  cartridges:\n    - { name: A, job: nightly, days: [mon] }\n",
    );
    assert_eq!(at.0, 10);
    assert!(
        en.contains("`cartridges:` is only for `plan: custom`"),
        "{en}"
    );
    assert!(de.contains("gilt nur mit `plan: custom`"), "{de}");

    let (at, en, _) = refused("rotation:\n  destination: rdx\n  plan: variante1\n");
    assert_eq!(at, (9, 9));
    assert!(en.contains("(did you mean `variant1`?)"), "{en}");

    let (at, en, de) = refused("rotation:\n  destination: rdx\n  day_starts: '25:00'\n");
    assert_eq!(at, (9, 15));
    assert!(en.contains("`25:00` is not a time of day"), "{en}");
    assert!(de.contains("`25:00` ist keine Uhrzeit"), "{de}");

    let (_, en, _) = refused("rotation:\n  destination: rdx\n  wrong_medium: ignore\n");
    assert!(en.contains("expected warn or refuse"), "{en}");
}

#[test]
fn days_and_times_parse() {
    assert_eq!(parse_day("Mo"), Some(Weekday::Mon));
    assert_eq!(parse_day("so"), Some(Weekday::Sun));
    assert_eq!(parse_day("Sonnabend"), Some(Weekday::Sat));
    assert_eq!(parse_day("Di."), Some(Weekday::Tue));
    assert_eq!(parse_day("tuesday"), Some(Weekday::Tue));
    assert_eq!(parse_day("x"), None);
    assert_eq!(parse_time("6:00"), Some(360));
    assert_eq!(parse_time("00:00"), Some(0));
    assert_eq!(parse_time("23:59"), Some(1439));
    assert_eq!(parse_time("24:00"), None);
    assert_eq!(parse_time("6"), None);
    assert_eq!(parse_time("06:7"), None);
    assert_eq!(time_text(330), "05:30");
    assert_eq!(day_short(Language::De, Weekday::Tue), "Di");
    assert_eq!(day_short(Language::En, Weekday::Tue), "Tue");
}

#[test]
fn config_check_shows_the_plan() {
    let cfg = parse(
        &with("rotation:\n  destination: rdx\n  eject: true\n"),
        "tresor.yaml",
        &host(),
    )
    .unwrap();
    let de = crate::config::check_report(&cfg, Language::De);
    assert!(
        de.contains("Kassetten-Rotation auf rdx: Plan variant1 mit 10 Kassetten, neuer Sicherungstag ab 06:00 Uhr, falsche Kassette: sichern und warnen, danach auswerfen"),
        "{de}"
    );
    assert!(
        de.contains("  Dienstag extern    feierabend   Di           wird mit nach Hause genommen"),
        "{de}"
    );
    let en = crate::config::check_report(&cfg, Language::En);
    assert!(
        en.contains("Cartridge rotation on rdx: plan variant1 with 10 cartridges, a new backup day from 06:00, wrong cartridge: back up and warn, ejected afterwards"),
        "{en}"
    );
    assert!(
        en.contains("  Freitag Praxis     nightly      Fri          stays in the practice's safe"),
        "{en}"
    );
}
