//! Numbers as a person reads them: `58,2 MiB` and `0,6 s` in German,
//! `58.2 MiB` and `0.6 s` in English.

use super::Language;

/// `value` with `digits` decimals and the language's decimal separator.
pub fn decimal(lang: Language, value: f64, digits: usize) -> String {
    let s = format!("{value:.digits$}");
    match lang {
        Language::De => s.replace('.', ","),
        Language::En => s,
    }
}

/// A size in binary units (B, KiB, MiB, GiB, TiB; 1 KiB = 1024 bytes), one
/// decimal above bytes: `1,5 GiB` / `1.5 GiB`.
pub fn size(lang: Language, bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{bytes} B")
    } else {
        format!("{} {}", decimal(lang, v, 1), UNITS[u])
    }
}

/// A whole number with thousands grouped: `12.408` in German, `12,408` in English.
pub fn grouped(lang: Language, n: u64) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Language::De => '.',
        Language::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A day as a practice writes it on a note: `Di 24.11.` in German, `Tue 24 Nov` in English.
pub fn weekday_date(lang: Language, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let i = day.weekday().num_days_from_monday() as usize;
    match lang {
        Language::De => {
            const DE: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];
            format!("{} {}", DE[i], day.format("%d.%m."))
        }
        Language::En => day.format("%a %-d %b").to_string(),
    }
}

/// A duration given in milliseconds as seconds with one decimal: `0,6 s`.
pub fn seconds(lang: Language, ms: u64) -> String {
    format!("{} s", decimal(lang, ms as f64 / 1000.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_days() {
        assert_eq!(grouped(Language::De, 12_408), "12.408");
        assert_eq!(grouped(Language::En, 1_234_567), "1,234,567");
        assert_eq!(grouped(Language::De, 999), "999");
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(weekday_date(Language::De, d), "Di 24.11.");
        assert_eq!(weekday_date(Language::En, d), "Tue 24 Nov");
    }

    #[test]
    fn german_uses_the_decimal_comma() {
        assert_eq!(size(Language::De, 61_027_123), "58,2 MiB");
        assert_eq!(size(Language::En, 61_027_123), "58.2 MiB");
        assert_eq!(size(Language::De, 1023), "1023 B");
        assert_eq!(seconds(Language::De, 600), "0,6 s");
        assert_eq!(seconds(Language::En, 600), "0.6 s");
        assert_eq!(decimal(Language::De, 2.0, 0), "2");
    }
}
