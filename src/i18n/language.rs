//! The language of staff-facing messages (`language:` in tresor.yaml,
//! `--language` on the command line).

/// Language of messages that practice staff read. German unless the config says `en`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    /// Deutsch (default).
    #[default]
    De,
    /// English.
    En,
}

impl Language {
    /// Parses `de` / `en` (case-insensitive, surrounding blanks ignored).
    pub fn from_code(code: &str) -> Option<Language> {
        match code.trim().to_ascii_lowercase().as_str() {
            "de" => Some(Language::De),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The code as written in tresor.yaml.
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_default_is_german() {
        assert_eq!(Language::default(), Language::De);
        for lang in [Language::De, Language::En] {
            assert_eq!(Language::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Language::from_code(" EN "), Some(Language::En));
        assert_eq!(Language::from_code("fr"), None);
    }
}
