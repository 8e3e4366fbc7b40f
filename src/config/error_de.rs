//! German texts for [`ErrorKind`], [`PathProblem`] and [`ResolveError`]
//! (the English texts are their `Display`).

use super::error::ErrorKind;
use super::paths::{PathProblem, ResolveError};
use super::schedule::ScheduleProblem;
use crate::i18n::Language;

fn meinten_sie(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (meinten Sie `{s}`?)"),
        None => String::new(),
    }
}

fn bereich(section: &str) -> String {
    if section == "top level" {
        "auf oberster Ebene".to_string()
    } else {
        format!("in `{section}`")
    }
}

/// The German message for an error kind.
pub fn message(kind: &ErrorKind) -> String {
    use ErrorKind as K;
    let de = Language::De;
    match kind {
        K::Io(e) => format!("Die Datei kann nicht gelesen werden: {e}"),
        K::Syntax(m) => format!("YAML-Syntaxfehler: {m}"),
        K::Alias => "YAML-Anker und -Verweise (`&name`, `*name`) werden hier nicht unterstützt; bitte den Wert ausschreiben".into(),
        K::Empty => "Die Datei ist leer; bitte von tresor.example.yaml ausgehen".into(),
        K::UnknownKey {
            key,
            section,
            suggestion,
            expected,
        } => format!(
            "Unbekannter Schlüssel `{key}` {}{}; erlaubt sind: {}",
            bereich(section),
            meinten_sie(suggestion),
            expected.join(", ")
        ),
        K::DuplicateKey { key, section } => {
            format!("`{key}` steht zweimal {}; bitte nur einmal angeben", bereich(section))
        }
        K::MissingKey { key, section } => format!("`{key}` fehlt {}", bereich(section)),
        K::WrongType { field, expected, found } => format!(
            "`{field}` muss {} sein, gefunden: {}",
            expected.name(de),
            found.name(de)
        ),
        K::BadLanguage { value } => {
            format!("`language: {value}` wird nicht unterstützt; erwartet: de oder en")
        }
        K::NotANumber { field, value } => {
            format!("`{field}: {value}` ist keine ganze Zahl; erwartet z. B. `{field}: 7`")
        }
        K::OutOfRange { field, value, min, max } => {
            format!("`{field}: {value}` liegt außerhalb des erlaubten Bereichs {min} bis {max}")
        }
        K::NotABool { field, value } => {
            format!("`{field}: {value}` ist kein Ja/Nein-Wert; erwartet: true oder false")
        }
        K::BadPath { field, value, problem } => format!("`{field}`: `{value}`: {}", path_problem(problem)),
        K::Unresolvable { field, value, problem } => format!("`{field}`: `{value}`: {}", resolve_error(problem)),
        K::BadGlob { field, value, reason } => {
            format!("`{field}`: `{value}` ist kein gültiges Muster: {reason}")
        }
        K::BadName { value, section } => format!(
            "Der Name `{value}` {} darf nur Buchstaben, Ziffern, `-` und `_` enthalten",
            bereich(section)
        ),
        K::BadChoice {
            field,
            value,
            suggestion,
            expected,
        } => format!(
            "`{field}: {value}` ist nicht erlaubt{}; erwartet: {}",
            meinten_sie(suggestion),
            expected.join(" oder ")
        ),
        K::BadSchedule {
            field,
            value,
            problem,
        } => format!(
            "`{field}: {value}`: {}; erwartet: `manual` oder z. B. `30 22 * * Mon-Fri`",
            schedule_problem(problem)
        ),
        K::BadDestinationType { field, value } => {
            format!("`{field}: {value}` ist kein Ziel-Typ; erwartet: local")
        }
        K::NoDestinations => "Es ist kein Sicherungsziel definiert; bitte z. B. `destinations: { rdx: { type: local, path: 'E:\\tresor' } }` ergänzen".into(),
        K::UnknownDestination {
            job,
            value,
            suggestion,
            defined,
        } => format!(
            "Job `{job}`: Ziel `{value}` ist nicht definiert{}; definiert sind: {}",
            meinten_sie(suggestion),
            defined.join(", ")
        ),
        K::UnknownProfile { name, suggestion, known } => format!(
            "Unbekanntes Profil `{name}`{}; bekannt sind: {} (oder ein Dateipfad mit Endung .yaml)",
            meinten_sie(suggestion),
            known.join(", ")
        ),
        K::DuplicateProfile { name } => format!("Profil `{name}` ist doppelt aufgeführt"),
        K::ProfileFile { path, source } => {
            format!("Profildatei `{path}` kann nicht gelesen werden: {source}")
        }
        K::DuplicateSource {
            first,
            second,
            snapshot_path,
        } => format!("`{first}` und `{second}` sichern beide `{snapshot_path}`; bitte eines entfernen"),
        K::BadRecipient { value, reason } => format!(
            "`{value}` ist kein öffentlicher age-Schlüssel ({reason}); ein Wiederherstellungsschlüssel sieht so aus: `age1…` (aus `age-keygen -y` oder `tresor init`)"
        ),
        K::RetentionKeepsNothing { field } => format!(
            "{field}: alle keep_*-Werte sind 0, damit würde jede Sicherung gelöscht; mindestens einen Wert größer 0 setzen"
        ),
        K::SqlTarget { both } => format!(
            "sqlserver: entweder `connection` (Verbindungszeichenfolge) oder `server` (mit optional instance/port/user/password) angeben, nicht {}",
            if *both { "beides" } else { "keines von beiden" }
        ),
        K::SqlCredentials => "sqlserver: `user` und `password` gehören zusammen (für Windows-Anmeldung beide weglassen)".into(),
    }
}

/// German text for a path problem.
pub fn path_problem(p: &PathProblem) -> String {
    match p {
        PathProblem::Empty => "der Pfad ist leer".into(),
        PathProblem::Relative => "der Pfad ist relativ; bitte absolut schreiben, z. B. `C:\\DConcept\\DEDATA` oder `\\\\nas\\freigabe\\ordner`".into(),
        PathProblem::ParentComponent => "der Pfad enthält `..`; bitte das gemeinte Verzeichnis direkt angeben".into(),
        PathProblem::EmptyUncServer => "im UNC-Pfad fehlt der Servername; richtig ist `\\\\server\\freigabe\\ordner`".into(),
        PathProblem::EmptyUncShare => "im UNC-Pfad fehlt der Freigabename; richtig ist `\\\\server\\freigabe\\ordner`".into(),
        PathProblem::DevicePath => "Gerätepfade (`\\\\?\\…`, `\\\\.\\…`) werden nicht unterstützt; bitte `C:\\…` oder `\\\\server\\freigabe` schreiben".into(),
        PathProblem::BadDriveLetter(d) => format!("`{d}` ist kein Laufwerksbuchstabe; Laufwerke sind A: bis Z:"),
        PathProblem::BadCharacter { component, character } => format!(
            "der Name `{component}` enthält `{character}`, das Windows in Dateinamen nicht erlaubt"
        ),
        PathProblem::PosixOnWindows => "`/…`-Pfade gibt es nur unter Linux; unter Windows bitte `C:\\…` schreiben".into(),
    }
}

/// German text for a resolve error.
pub fn resolve_error(e: &ResolveError) -> String {
    match e {
        ResolveError::UnmappedDrive { letter } => format!(
            "Laufwerk {letter}: ist auf diesem Rechner nicht zugeordnet; bitte in der Konfiguration ergänzen, z. B. `drives: {{ {letter}: /srv/praxis/{} }}`",
            letter.to_ascii_lowercase()
        ),
        ResolveError::UnmappedUnc { server, share } => format!(
            "die Freigabe \\\\{server}\\{share} ist auf diesem Rechner nicht zugeordnet; bitte ergänzen, z. B. `unc: {{ '\\\\{server}\\{share}': /mnt/{share} }}`"
        ),
        ResolveError::PosixOnWindows => "`/…`-Pfade gibt es nur unter Linux".into(),
    }
}

fn schedule_problem(p: &ScheduleProblem) -> String {
    use ScheduleProblem as P;
    match p {
        P::FieldCount(n) => format!("braucht fünf Felder `MINUTE STUNDE * * TAGE`, gefunden: {n}"),
        P::NotWeekly => "Tag im Monat und Monat müssen `*` sein (die Aufgabenplanung startet wöchentlich)".into(),
        P::NumericDays => "Wochentage bitte als Namen schreiben (Mon-Fri, Sat, Sun): 1 bedeutet je nach Programm Montag oder Sonntag".into(),
        P::NotFixedTime => "Minute und Stunde müssen Zahlen oder Listen von Zahlen sein (z. B. `30 22` oder `0 12,22`)".into(),
        P::Invalid(reason) => format!("ungültig: {reason}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::error::Shape;
    use super::*;

    #[test]
    fn german_texts_differ_from_english() {
        let kinds = [
            ErrorKind::NoDestinations,
            ErrorKind::BadLanguage { value: "fr".into() },
            ErrorKind::WrongType {
                field: "jobs".into(),
                expected: Shape::Map,
                found: Shape::List,
            },
            ErrorKind::UnknownKey {
                key: "destinaton".into(),
                section: "jobs.nightly".into(),
                suggestion: Some("destination".into()),
                expected: vec!["destination".into()],
            },
        ];
        for k in &kinds {
            assert_ne!(message(k), k.to_string());
        }
        assert!(message(&kinds[3]).contains("meinten Sie `destination`?"));
        assert!(resolve_error(&ResolveError::UnmappedDrive { letter: 'D' })
            .contains("drives: { D: /srv/praxis/d }"));
    }
}
