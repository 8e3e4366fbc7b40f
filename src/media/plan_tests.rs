//! The plan in time (day boundary, weekend, the three kinds of plan, the
//! cyclic order) and every branch of `decide`.

use chrono::{NaiveDate, NaiveDateTime, Weekday};

use super::*;
use crate::config::rotation::{Kept, Plan};
use crate::media::Label;
use crate::repo::Id;

fn rotation(plan: Plan) -> Rotation {
    Rotation {
        destination: "rdx".into(),
        plan,
        cartridges: Rotation::builtin(plan),
        day_starts: 6 * 60,
        wrong_medium: WrongMedium::Warn,
        eject: false,
        at_drive_root: false,
    }
}

/// 2026-11-30 is a Monday.
fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .or_else(|| NaiveDate::from_ymd_opt(2026, 12, day - 30))
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn due_name(r: &Rotation, job: &str, now: NaiveDateTime) -> Option<String> {
    due(r, job, now).map(|c| c.name.clone())
}

#[test]
fn the_day_starts_at_six_by_default() {
    // Tuesday 05:59 is still Monday's backup day; 06:00 is Tuesday's.
    assert_eq!(backup_day(at(31, 5, 59), 360), at(30, 0, 0).date());
    assert_eq!(backup_day(at(31, 6, 0), 360), at(31, 0, 0).date());
    assert_eq!(backup_day(at(31, 0, 0), 0), at(31, 0, 0).date());
    let r = rotation(Plan::Variant1);
    assert_eq!(
        due_name(&r, "nightly", at(31, 2, 30)).as_deref(),
        Some("Montag Praxis")
    );
    assert_eq!(
        due_name(&r, "nightly", at(31, 5, 59)).as_deref(),
        Some("Montag Praxis")
    );
    assert_eq!(
        due_name(&r, "nightly", at(31, 6, 0)).as_deref(),
        Some("Dienstag Praxis")
    );
    assert_eq!(
        due_name(&r, "feierabend", at(31, 18, 30)).as_deref(),
        Some("Dienstag extern")
    );
}

#[test]
fn nothing_is_due_at_the_weekend() {
    let r = rotation(Plan::Variant1);
    // Saturday 5 Dec 10:00, Sunday 6 Dec 23:00.
    assert_eq!(due_name(&r, "nightly", at(35, 10, 0)), None);
    assert_eq!(due_name(&r, "feierabend", at(36, 23, 0)), None);
    // Saturday 02:30 is still Friday's backup day.
    assert_eq!(
        due_name(&r, "nightly", at(35, 2, 30)).as_deref(),
        Some("Freitag Praxis")
    );
    // Monday 02:30 belongs to Sunday: nothing.
    assert_eq!(due_name(&r, "nightly", at(37, 2, 30)), None);
    assert_eq!(due_name(&r, "unknown-job", at(31, 12, 0)), None);
}

#[test]
fn variant2_and_custom_plans() {
    let r = rotation(Plan::Variant2);
    assert_eq!(
        due_name(&r, "nightly", at(33, 3, 0)).as_deref(),
        Some("Mittwoch")
    );
    assert_eq!(due_name(&r, "feierabend", at(33, 18, 0)), None);
    let mut c = rotation(Plan::Custom);
    c.cartridges = vec![
        Cartridge {
            name: "Woche A".into(),
            job: "nightly".into(),
            weekdays: vec![Weekday::Mon, Weekday::Wed, Weekday::Sat],
            kept: Kept::Practice,
        },
        Cartridge {
            name: "Woche B".into(),
            job: "nightly".into(),
            weekdays: vec![Weekday::Tue],
            kept: Kept::Home,
        },
    ];
    assert_eq!(
        due_name(&c, "nightly", at(35, 12, 0)).as_deref(),
        Some("Woche A")
    );
    assert_eq!(
        due_name(&c, "nightly", at(31, 12, 0)).as_deref(),
        Some("Woche B")
    );
    assert_eq!(due_name(&c, "nightly", at(33, 12, 0)), None);
    assert_eq!(next_after(&c, &c.cartridges[1]).name, "Woche A");
}

#[test]
fn next_after_follows_plan_order_and_wraps_friday_to_monday() {
    let r = rotation(Plan::Variant1);
    let get = |n: &str| r.cartridge(n).unwrap();
    assert_eq!(next_after(&r, get("Montag extern")).name, "Montag Praxis");
    assert_eq!(next_after(&r, get("Montag Praxis")).name, "Dienstag extern");
    assert_eq!(next_after(&r, get("Freitag Praxis")).name, "Montag extern");
    let r2 = rotation(Plan::Variant2);
    assert_eq!(
        next_after(&r2, r2.cartridge("Freitag").unwrap()).name,
        "Montag"
    );
    let stranger = Cartridge {
        name: "Alt".into(),
        job: "nightly".into(),
        weekdays: vec![Weekday::Mon],
        kept: Kept::Practice,
    };
    assert_eq!(next_after(&r2, &stranger).name, "Montag");
}

fn ours(name: &str) -> Found {
    Found::Ours(Label::new(name, &Id::random()))
}

#[test]
fn decide_every_branch() {
    let mut r = rotation(Plan::Variant1);
    let due = r.cartridge("Dienstag Praxis").cloned();
    let due = due.as_ref();
    let insert = Some("Dienstag Praxis".to_string());

    assert_eq!(decide(&r, &ours("Dienstag Praxis"), due), Decision::Go);
    // Another cartridge of the set, also one another job writes.
    for other in ["Montag Praxis", "Dienstag extern"] {
        assert_eq!(
            decide(&r, &ours(other), due),
            Decision::GoWarn {
                found: other.into(),
                expected: "Dienstag Praxis".into()
            }
        );
    }
    assert_eq!(
        decide(&r, &Found::NoMedium, due),
        Decision::Refuse(Refusal::NoMedium {
            insert: insert.clone()
        })
    );
    assert_eq!(
        decide(&r, &Found::Unlabelled(Contents::OtherData), due),
        Decision::Refuse(Refusal::Unlabelled {
            insert: insert.clone(),
            contents: Contents::OtherData
        })
    );
    let foreign = Found::Foreign(Label::new("Montag", &Id::random()));
    assert_eq!(
        decide(&r, &foreign, due),
        Decision::Refuse(Refusal::Foreign {
            found: "Montag".into(),
            insert: insert.clone()
        })
    );
    assert_eq!(
        decide(&r, &ours("Samstag"), due),
        Decision::Refuse(Refusal::NotInPlan {
            found: "Samstag".into(),
            insert: insert.clone()
        })
    );
    // Nothing due: any cartridge of the set goes, none names what to insert.
    assert_eq!(decide(&r, &ours("Montag extern"), None), Decision::Go);
    assert_eq!(
        decide(&r, &Found::NoMedium, None),
        Decision::Refuse(Refusal::NoMedium { insert: None })
    );

    r.wrong_medium = WrongMedium::Refuse;
    assert_eq!(decide(&r, &ours("Dienstag Praxis"), due), Decision::Go);
    assert_eq!(
        decide(&r, &ours("Montag Praxis"), due),
        Decision::Refuse(Refusal::WrongCartridge {
            found: "Montag Praxis".into(),
            expected: "Dienstag Praxis".into()
        })
    );
}

#[test]
fn refusals_name_the_cartridge_to_insert_in_both_languages() {
    let r = Refusal::NoMedium {
        insert: Some("Dienstag extern".into()),
    };
    assert_eq!(r.code(), "no_medium");
    let (de, hint) = r.render(Language::De);
    assert!(de.contains("Keine Kassette"), "{de}");
    assert_eq!(
        hint.as_deref(),
        Some("Bitte die Kassette »Dienstag extern« einlegen.")
    );
    let (en, hint) = r.render(Language::En);
    assert!(en.contains("No cartridge"), "{en}");
    assert_eq!(
        hint.as_deref(),
        Some("Please insert the cartridge “Dienstag extern”.")
    );
    let w = Refusal::WrongCartridge {
        found: "Montag Praxis".into(),
        expected: "Dienstag Praxis".into(),
    };
    let (de, _) = w.render(Language::De);
    assert!(
        de.contains("»Montag Praxis«") && de.contains("»Dienstag Praxis«"),
        "{de}"
    );
    let g = Decision::GoWarn {
        found: "Montag Praxis".into(),
        expected: "Dienstag Praxis".into(),
    };
    assert!(g
        .warning(Language::En)
        .unwrap()
        .contains("“Dienstag Praxis”"));
    assert_eq!(Decision::Go.warning(Language::De), None);
    assert_eq!(Decision::WARNING_CODE, w.code());
    for (r, code) in [
        (
            Refusal::Unlabelled {
                insert: None,
                contents: Contents::Empty,
            },
            "medium_unlabelled",
        ),
        (
            Refusal::Foreign {
                found: "X".into(),
                insert: None,
            },
            "medium_foreign",
        ),
        (
            Refusal::NotInPlan {
                found: "X".into(),
                insert: None,
            },
            "medium_not_in_plan",
        ),
    ] {
        assert_eq!(r.code(), code);
        let (_, hint) = r.render(Language::De);
        assert_eq!(
            hint.as_deref(),
            Some("Bitte eine Kassette des Plans einlegen.")
        );
    }
}
