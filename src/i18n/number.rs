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

/// A duration given in milliseconds as seconds with one decimal: `0,6 s`.
pub fn seconds(lang: Language, ms: u64) -> String {
    format!("{} s", decimal(lang, ms as f64 / 1000.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

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
