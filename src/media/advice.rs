//! After a job: which cartridge to take out, where it goes, which one to
//! insert next — the lines staff act on (the final screen, the mail).

use super::plan::next_after;
use crate::config::rotation::{Cartridge, Kept, Rotation};
use crate::i18n::Language;
use crate::tr;

/// What to do with the cartridges now. Same shape as
/// `report::record::MediumAdvice` (the runner copies the three texts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    /// The cartridge to take out now (`Dienstag extern`).
    pub take_out: String,
    /// Where it goes, in the practice's language (`nach Hause mitnehmen`).
    pub goes_to: String,
    /// The cartridge to insert for the next run (`Dienstag Praxis`).
    pub insert_next: String,
    /// Where the cartridge just written is kept.
    pub kept: Kept,
    /// The whole instruction as one sentence.
    pub sentence: String,
}

/// The advice after `cartridge` (the one just written) in `lang`.
pub fn advice(rotation: &Rotation, cartridge: &Cartridge, lang: Language) -> Advice {
    let next = next_after(rotation, cartridge);
    let goes_to = match cartridge.kept {
        Kept::Home => tr!(lang, "media-kept-home"),
        Kept::Practice => tr!(lang, "media-kept-practice"),
    };
    let sentence = tr!(
        lang,
        "media-advice",
        take_out = &cartridge.name,
        goes_to = &goes_to,
        insert_next = &next.name
    );
    Advice {
        take_out: cartridge.name.clone(),
        goes_to,
        insert_next: next.name.clone(),
        kept: cartridge.kept,
        sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::rotation::{Plan, WrongMedium};

    #[test]
    fn take_out_where_it_goes_and_what_comes_next() {
        let r = Rotation {
            destination: "rdx".into(),
            plan: Plan::Variant1,
            cartridges: Rotation::builtin(Plan::Variant1),
            day_starts: 360,
            wrong_medium: WrongMedium::Warn,
            eject: false,
            at_drive_root: false,
        };
        let a = advice(&r, r.cartridge("Dienstag extern").unwrap(), Language::De);
        assert_eq!(a.take_out, "Dienstag extern");
        assert_eq!(a.insert_next, "Dienstag Praxis");
        assert_eq!(a.kept, Kept::Home);
        assert_eq!(
            a.sentence,
            "Kassette »Dienstag extern« jetzt entnehmen und mit nach Hause nehmen; danach »Dienstag Praxis« einlegen."
        );
        let a = advice(&r, r.cartridge("Freitag Praxis").unwrap(), Language::En);
        assert_eq!(a.insert_next, "Montag extern");
        assert_eq!(
            a.sentence,
            "Take out the cartridge “Freitag Praxis” now and put it in the practice's safe; then insert “Montag extern”."
        );
    }
}
