//! `--help` in the configured language. The clap definition (`args.rs`)
//! carries the English texts; for German, before parsing, the command tree
//! is walked and every command's `about` and every argument's `help` is
//! replaced from `src/i18n/de/help.ftl`, and clap's headings ("Usage",
//! "Options", "Commands", "Arguments") from `help-heading-*`.
//!
//! Message ids, computed from the command path (`tresor schedule install`
//! → `help-tresor-schedule-install`):
//! - a command's about: `help-<path>`; a longer text for `--help` (optional):
//!   `help-<path>-long`;
//! - an argument: `help-<path>--<arg id>` (the arg id is the field name:
//!   `dry_run`), else the shared `help-arg--<arg id>` (flags that many
//!   commands flatten in: `json`, `repo`, `key` …); global flags (`--config`)
//!   use the root's id `help-tresor--config` on every subcommand;
//! - clap's own `--help`, `--version` and `help` subcommand: `help-builtin-*`.
//!
//! The test `every_command_and_argument_has_german_help` lists every id that
//! is missing, and `no_german_help_text_is_stale` every id no command uses.

use clap::Command;

use crate::i18n::{lookup, Language};
use crate::tr;

/// The command tree with its help in `lang` (English: unchanged).
pub fn localized(mut cmd: Command, lang: Language) -> Command {
    if lang == Language::En {
        return cmd;
    }
    cmd.build();
    walk(cmd, lang, &[])
}

/// The help text ids of a command at `path` (`["tresor", "schedule"]`).
fn command_id(path: &[String]) -> String {
    if path.last().is_some_and(|n| n == "help") && path.len() > 1 {
        return "help-builtin-help".into();
    }
    format!("help-{}", path.join("-"))
}

/// The ids tried for an argument, most specific first.
fn arg_ids(path: &[String], arg: &clap::Arg) -> Vec<String> {
    let id = arg.get_id().as_str();
    match id {
        "help" | "version" => return vec![format!("help-builtin--{id}")],
        _ => {}
    }
    if arg.is_global_set() {
        return vec![format!("help-tresor--{id}")];
    }
    vec![
        format!("{}--{id}", command_id(path)),
        format!("help-arg--{id}"),
    ]
}

fn template(lang: Language) -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        tr!(lang, "help-heading-usage")
    )
}

/// What clap would append to an argument's help in English (`[default:
/// …]`, `[possible values: …]`, `[env: …]`), translated; `None` when it
/// appends nothing.
fn clap_notes(a: &clap::Arg, lang: Language) -> Option<String> {
    let mut notes = Vec::new();
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        notes.push(tr!(
            lang,
            "help-env",
            name = env.to_string_lossy().into_owned()
        ));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() && a.get_action().takes_values() {
        notes.push(tr!(lang, "help-default", value = defaults.join(", ")));
    }
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !a.is_hide_possible_values_set() && a.get_action().takes_values() {
        notes.push(tr!(
            lang,
            "help-possible-values",
            values = values.join(", ")
        ));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

fn walk(mut cmd: Command, lang: Language, parent: &[String]) -> Command {
    let mut path = parent.to_vec();
    path.push(cmd.get_name().to_string());
    let id = command_id(&path);
    if let Some(text) = lookup(lang, &id) {
        cmd = cmd.about(text).long_about(None);
    }
    if let Some(text) = lookup(lang, &format!("{id}-long")) {
        cmd = cmd.long_about(text);
    }
    cmd = cmd
        .help_template(template(lang))
        .subcommand_help_heading(tr!(lang, "help-heading-commands"))
        .subcommand_value_name(tr!(lang, "help-value-command"));
    let args: Vec<(String, Vec<String>, bool, Option<String>)> = cmd
        .get_arguments()
        .map(|a| {
            (
                a.get_id().to_string(),
                arg_ids(&path, a),
                a.is_positional(),
                clap_notes(a, lang),
            )
        })
        .collect();
    let options = tr!(lang, "help-heading-options");
    let positionals = tr!(lang, "help-heading-arguments");
    for (arg, ids, positional, notes) in args {
        let text = ids.iter().find_map(|i| lookup(lang, i));
        let heading = if positional { &positionals } else { &options };
        cmd = cmd.mut_arg(arg, |a| {
            let mut a = a.help_heading(heading.clone());
            if let Some(t) = text {
                a = a.help(t).long_help(None);
            }
            match notes {
                // clap's own notes are English: replaced by translated ones.
                Some(n) => {
                    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                    a.hide_default_value(true)
                        .hide_possible_values(true)
                        .hide_env(true)
                        .help(format!("{help} {n}").trim().to_string())
                }
                None => a,
            }
        });
    }
    // `[OPTIONS]` in the usage line (clap's "Usage: " title cut off: the
    // template has its own).
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .split_once(": ")
        .map_or(usage.as_str(), |(_, u)| u)
        .replace("[OPTIONS]", &tr!(lang, "help-usage-options"));
    cmd = cmd.override_usage(usage);
    // The `help` subcommand's children repeat the commands beside it
    // (`tresor config help check`): they take those commands' texts.
    let children_of = if cmd.get_name() == "help" && !parent.is_empty() {
        parent.to_vec()
    } else {
        path
    };
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for s in subs {
        cmd = cmd.mut_subcommand(s, |c| walk(c, lang, &children_of));
    }
    cmd
}

/// Every help id the command tree asks for: (where, ids tried), for the tests.
#[cfg(test)]
fn wanted(cmd: &Command, parent: &[String], out: &mut Vec<(String, Vec<String>)>) {
    let mut path = parent.to_vec();
    path.push(cmd.get_name().to_string());
    let builtin_help = cmd.get_name() == "help" && !parent.is_empty();
    if !cmd.is_hide_set() {
        out.push((path.join(" "), vec![command_id(&path)]));
    }
    for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        // The `help` subcommand's positional has no text in English either.
        if builtin_help && a.is_positional() {
            continue;
        }
        out.push((
            format!("{} {}", path.join(" "), a.get_id()),
            arg_ids(&path, a),
        ));
    }
    if builtin_help {
        return;
    }
    for s in cmd.get_subcommands() {
        wanted(s, &path, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn tree() -> Command {
        let mut c = super::super::Cli::command();
        c.build();
        c
    }

    #[test]
    fn every_command_and_argument_has_german_help() {
        let mut want = Vec::new();
        wanted(&tree(), &[], &mut want);
        assert!(want.len() > 50, "the whole tree is walked: {}", want.len());
        let missing: Vec<String> = want
            .iter()
            .filter(|(_, ids)| ids.iter().all(|i| lookup(Language::De, i).is_none()))
            .map(|(at, ids)| format!("{at}: {}", ids[0]))
            .collect();
        assert!(
            missing.is_empty(),
            "add to src/i18n/de/help.ftl:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn no_german_help_text_is_stale() {
        let mut want = Vec::new();
        wanted(&tree(), &[], &mut want);
        let mut ids: std::collections::BTreeSet<String> =
            want.into_iter().flat_map(|(_, ids)| ids).collect();
        // `-long` texts belong to their command.
        let longs: Vec<String> = ids.iter().map(|i| format!("{i}-long")).collect();
        ids.extend(longs);
        let text = include_str!("../i18n/de/help.ftl");
        let stale: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim()))
            .filter(|id| {
                id.starts_with("help-tresor")
                    || id.starts_with("help-arg-")
                    || id.starts_with("help-builtin")
            })
            .filter(|id| !ids.contains(*id))
            .collect();
        assert!(stale.is_empty(), "no command or flag uses: {stale:?}");
    }

    /// Renders every command's `-h` and `--help` as clap would print them.
    fn all_help(cmd: &mut Command, out: &mut Vec<(String, String)>) {
        out.push((
            cmd.get_name().to_string(),
            cmd.render_long_help().to_string(),
        ));
        out.push((cmd.get_name().to_string(), cmd.render_help().to_string()));
        if cmd.get_name() == "help" {
            return;
        }
        for s in cmd.get_subcommands_mut() {
            all_help(s, out);
        }
    }

    /// What clap writes by itself in English.
    const CLAP_ENGLISH: [&str; 17] = [
        "Usage:",
        "Options:",
        "Arguments:",
        "Commands:",
        "Print help",
        "Print version",
        "[default:",
        "[possible values:",
        "Possible values:",
        "[aliases:",
        "[alias:",
        "[short aliases:",
        "[env:",
        "[OPTIONS]",
        "<COMMAND>",
        "see more with",
        "see a summary with",
    ];

    #[test]
    fn the_walk_reaches_every_subcommand_with_clap_notes() {
        // The notes this test guards against exist in the English tree.
        let mut english = tree();
        let mut pages = Vec::new();
        all_help(&mut english, &mut pages);
        let all: String = pages.into_iter().map(|(_, p)| p).collect();
        for note in ["[default:", "[possible values:", "[env:", "[OPTIONS]"] {
            assert!(all.contains(note), "English help shows {note}");
        }
        // And the German walk changes every command of the tree.
        fn names(c: &Command, path: &str, out: &mut Vec<String>) {
            let p = format!("{path} {}", c.get_name());
            out.push(p.clone());
            if c.get_name() != "help" {
                for s in c.get_subcommands() {
                    names(s, &p, out);
                }
            }
        }
        let (mut en, mut de) = (Vec::new(), Vec::new());
        names(&tree(), "", &mut en);
        names(
            &localized(super::super::Cli::command(), Language::De),
            "",
            &mut de,
        );
        assert_eq!(en, de);
        assert!(en.len() > 40, "{}", en.len());
    }

    #[test]
    fn german_help_keeps_no_english_text() {
        let mut german = localized(super::super::Cli::command(), Language::De);
        let mut pages = Vec::new();
        all_help(&mut german, &mut pages);
        assert!(pages.len() > 20);
        let english = tree();
        let mut originals = Vec::new();
        let mut collect = |c: &Command| {
            if let Some(a) = c.get_about() {
                originals.push(a.to_string());
            }
            for a in c.get_arguments() {
                if let Some(h) = a.get_help() {
                    originals.push(h.to_string());
                }
            }
        };
        fn each(c: &Command, f: &mut dyn FnMut(&Command)) {
            f(c);
            for s in c.get_subcommands() {
                each(s, f);
            }
        }
        each(&english, &mut collect);
        for (name, page) in &pages {
            for o in &originals {
                assert!(!page.contains(o.as_str()), "{name}: English left: {o}");
            }
            for word in CLAP_ENGLISH {
                assert!(!page.contains(word), "{name}: {word}\n{page}");
            }
        }
        let root = &pages[0].1;
        assert!(
            root.contains("Aufruf:") && root.contains("Befehle:"),
            "{root}"
        );
    }

    #[test]
    fn english_is_the_definition_itself() {
        let en = localized(super::super::Cli::command(), Language::En);
        assert_eq!(
            en.get_about().map(|a| a.to_string()),
            super::super::Cli::command()
                .get_about()
                .map(|a| a.to_string())
        );
    }
}
