//! Tests of the transfer fields: text forms, window arithmetic, and the
//! errors `tresor config check` reports with line and column.

use std::path::PathBuf;

use super::*;
use crate::config::{parse, ConfigPath, HostContext, Mounts};

fn rate(t: &str) -> u64 {
    parse_rate(t).expect(t).bytes_per_second
}

#[test]
fn rates_in_bytes_and_bits() {
    assert_eq!(rate("8 MiB/s"), 8 * 1024 * 1024);
    assert_eq!(rate("500 KiB/s"), 500 * 1024);
    assert_eq!(rate("10 Mbit/s"), 1_250_000);
    assert_eq!(rate("10 MBit/s"), 1_250_000);
    assert_eq!(rate("10Mbps"), 1_250_000);
    assert_eq!(rate("1,5 MB/s"), 1_500_000);
    assert_eq!(rate("1.5 MiB/s"), 1_572_864);
    assert_eq!(rate("64 kbit/s"), 8000);
}

#[test]
fn bad_rates_say_why() {
    assert_eq!(parse_rate("8"), Err(TransferProblem::NoUnit));
    assert_eq!(parse_rate("viel"), Err(TransferProblem::NotANumber));
    assert_eq!(parse_rate("0 MiB/s"), Err(TransferProblem::Zero));
    assert_eq!(
        parse_rate("10 Mb/s"),
        Err(TransferProblem::AmbiguousUnit("Mb/s".into()))
    );
    assert_eq!(
        parse_rate("8 MiB/h"),
        Err(TransferProblem::UnknownUnit("MiB/h".into()))
    );
    assert_eq!(
        parse_rate("8 Mib/s"),
        Err(TransferProblem::UnknownUnit("Mib/s".into()))
    );
}

#[test]
fn windows_cross_midnight() {
    let w = parse_window("20:00-06:30").expect("window");
    assert_eq!((w.start, w.end), (1200, 390));
    assert!(w.contains(20 * 60));
    assert!(w.contains(23 * 60 + 59));
    assert!(w.contains(0));
    assert!(w.contains(6 * 60 + 29));
    assert!(!w.contains(6 * 60 + 30), "end is exclusive");
    assert!(!w.contains(12 * 60));
    assert!(!w.contains(19 * 60 + 59));
    assert_eq!(w.to_string(), "20:00-06:30");
    assert_eq!(w.opens(), "20:00");
}

#[test]
fn a_window_within_one_day_and_the_whole_day() {
    let w = parse_window(" 9:00 – 17:00 ").expect("window");
    assert!(w.contains(9 * 60) && w.contains(16 * 60 + 59));
    assert!(!w.contains(17 * 60) && !w.contains(8 * 60));
    let all = parse_window("00:00-24:00").expect("whole day");
    assert!(all.is_always());
    assert!((0..1440).all(|m| all.contains(m)));
}

#[test]
fn bad_windows_say_why() {
    use TransferProblem as P;
    assert_eq!(parse_window("20:00"), Err(P::WindowFormat));
    assert_eq!(parse_window("8pm-6am"), Err(P::WindowFormat));
    assert_eq!(parse_window("25:00-06:00"), Err(P::BadTime("25:00".into())));
    assert_eq!(parse_window("20:00-06:60"), Err(P::BadTime("06:60".into())));
    assert_eq!(parse_window("24:00-06:00"), Err(P::BadTime("24:00".into())));
    assert_eq!(parse_window("20:00-20:00"), Err(P::EmptyWindow));
    assert_eq!(parse_window("00:00-00:00"), Err(P::EmptyWindow));
}

#[test]
fn every_problem_has_a_german_and_an_english_text() {
    use TransferProblem as P;
    for p in [
        P::NoUnit,
        P::UnknownUnit("x".into()),
        P::AmbiguousUnit("Mb/s".into()),
        P::NotANumber,
        P::Zero,
        P::WindowFormat,
        P::BadTime("25:00".into()),
        P::EmptyWindow,
        P::DaytimeWithoutWindow,
        P::DaytimeNotLower,
    ] {
        let (de, en) = (
            problem_text(Language::De, &p),
            problem_text(Language::En, &p),
        );
        assert_ne!(de, en, "{p:?}");
    }
}

fn host() -> HostContext {
    let mut mounts = Mounts::default().with_drive('E', "/praxis/rdx");
    if let Ok(p) = ConfigPath::parse(r"\\nas\praxis", &HostContext::windows(), 'C') {
        mounts.unc.push((p, PathBuf::from("/praxis/nas")));
    }
    HostContext::posix(mounts)
}

fn config(destination: &str) -> Result<crate::config::Config, ConfigError> {
    let text = format!(
        "practice: Praxis Test\nkeys:\n  machine: 'E:\\machine.key'\ndestinations:\n{destination}\n"
    );
    parse(&text, "tresor.yaml", &host())
}

#[test]
fn a_nas_destination_with_limit_window_and_daytime_limit() {
    let cfg = config(
        "  nas:\n    path: '\\\\nas\\praxis\\tresor'\n    limit: '10 Mbit/s'\n    \
         daytime_limit: '500 KiB/s'\n    window: '20:00-06:30'",
    )
    .unwrap_or_else(|e| panic!("{}", e.render(Language::En)));
    let nas = &cfg.destinations["nas"];
    assert_eq!(
        nas.transfer,
        Transfer {
            limit: Some(Rate {
                bytes_per_second: 1_250_000
            }),
            daytime_limit: Some(Rate {
                bytes_per_second: 512_000
            }),
            window: Some(TimeWindow {
                start: 1200,
                end: 390
            }),
        }
    );
}

#[test]
fn a_destination_without_the_fields_is_unlimited() {
    let cfg = config("  rdx: { type: local, path: 'E:\\tresor' }").expect("config");
    assert_eq!(cfg.destinations["rdx"].transfer, Transfer::default());
}

#[test]
fn a_bad_unit_is_reported_at_its_line_and_column_in_both_languages() {
    let e = config("  rdx: { path: 'E:\\tresor', limit: '10 Mb/s' }").expect_err("ambiguous");
    let p = e.position.expect("position");
    assert_eq!((p.line, p.column), (5, 36));
    assert_eq!(
        e.render(Language::En),
        "tresor.yaml:5:36: `destinations.rdx.limit: 10 Mb/s`: `Mb/s` is ambiguous (bits or \
         bytes, a factor of 8); write `Mbit/s` for bits or `MB/s` or `MiB/s` for bytes"
    );
    let de = e.render(Language::De);
    assert!(de.starts_with("tresor.yaml, Zeile 5, Spalte 36: "), "{de}");
    assert!(de.contains("mehrdeutig (Bit oder Byte, Faktor 8)"), "{de}");
}

#[test]
fn a_bad_window_is_reported_in_german() {
    let e = config("  rdx: { path: 'E:\\tresor', window: '20:00-25:00' }").expect_err("bad");
    let de = e.render(Language::De);
    assert!(
        de.ends_with(
            "`destinations.rdx.window: 20:00-25:00`: die Uhrzeit `25:00` gibt es nicht; \
             erlaubt sind 00:00 bis 23:59 (24:00 nur als Ende)"
        ),
        "{de}"
    );
}

#[test]
fn a_daytime_limit_needs_a_window_and_must_be_lower() {
    let e =
        config("  rdx: { path: 'E:\\tresor', daytime_limit: '1 MiB/s' }").expect_err("no window");
    assert!(matches!(
        &*e.kind,
        ErrorKind::BadTransfer {
            problem: TransferProblem::DaytimeWithoutWindow,
            ..
        }
    ));
    assert!(e.render(Language::En).contains("needs `window`"));
    let e = config(
        "  rdx: { path: 'E:\\tresor', limit: '1 MiB/s', daytime_limit: '2 MiB/s', window: '20:00-06:00' }",
    )
    .expect_err("not lower");
    assert!(e
        .render(Language::De)
        .contains("muss kleiner als `limit` sein"));
}

#[test]
fn a_limit_that_is_not_text_is_a_type_error() {
    let e = config("  rdx: { path: 'E:\\tresor', limit: [1, 2] }").expect_err("list");
    assert!(matches!(&*e.kind, ErrorKind::WrongType { .. }), "{e}");
}
