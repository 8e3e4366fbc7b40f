//! Proves that the code and the message files agree: every `tr!` id exists in
//! both languages and formats with the arguments the code passes, both
//! languages define the same ids, and no message is left unused.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;

/// One `tr!` call found in the sources.
struct Use {
    at: String,
    id: String,
    args: Vec<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Source without `//` comment lines (doc examples are not uses).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Finds `tr!(lang, "id", a = …, b = …)` calls: the id and the argument names.
fn uses_in(file: &str, code: &str) -> Vec<Use> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = code[from..].find("tr!(") {
        let start = from + pos;
        from = start + 4;
        // `str!(` or `xtr!(` are other macros.
        if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_') {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        let mut i = start + 4;
        let mut depth = 1;
        let mut id: Option<String> = None;
        let mut args = Vec::new();
        let mut after_comma = false;
        while i < b.len() && depth > 0 {
            match b[i] {
                b'"' => {
                    let s = i + 1;
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        if b[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    if id.is_none() {
                        id = Some(code[s..i].to_string());
                    }
                    after_comma = false;
                }
                b'\'' => {
                    // A char literal ('x', '\n'); a lifetime has no closing quote.
                    if i + 2 < b.len() && b[i + 2] == b'\'' {
                        i += 2;
                    } else if i + 3 < b.len() && b[i + 1] == b'\\' && b[i + 3] == b'\'' {
                        i += 3;
                    }
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    after_comma = false;
                }
                b')' | b']' | b'}' => {
                    depth -= 1;
                    after_comma = false;
                }
                b',' if depth == 1 => after_comma = true,
                c if after_comma && (c.is_ascii_alphabetic() || c == b'_') => {
                    let s = i;
                    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                        i += 1;
                    }
                    let name = &code[s..i];
                    let rest = code[i..].trim_start();
                    if rest.starts_with('=') && !rest.starts_with("==") && id.is_some() {
                        args.push(name.to_string());
                    }
                    after_comma = false;
                    continue;
                }
                c if c.is_ascii_whitespace() => {}
                _ => after_comma = false,
            }
            i += 1;
        }
        match id {
            Some(id) => out.push(Use {
                at: format!("{file}:{line}"),
                id,
                args,
            }),
            None => panic!("{file}:{line}: tr! without a literal message id"),
        }
    }
    out
}

fn all_uses() -> Vec<Use> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut out = Vec::new();
    for f in files {
        if f.ends_with("i18n/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).expect("source readable");
        let name = f.strip_prefix(root).unwrap_or(&f).display().to_string();
        out.extend(uses_in(&name, &code_of(&text)));
    }
    out
}

/// The German help texts of commands and flags: their ids are computed from
/// the command tree at run time (`cli/help.rs`, whose tests check that each
/// is used and none is missing); English help is the clap definition itself.
fn is_computed_help(id: &str) -> bool {
    id.starts_with("help-tresor") || id.starts_with("help-arg-") || id.starts_with("help-builtin")
}

/// Message ids defined in a language's files, with the text of each message
/// (without the computed help ids, see [`is_computed_help`]).
fn defined(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut all = defined_all(files);
    all.retain(|id, _| !is_computed_help(id));
    all
}

fn defined_all(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, text) in files {
        let mut current: Option<(String, String)> = None;
        for line in text.lines() {
            let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if starts_entry || line.starts_with('#') || line.starts_with('-') {
                if let Some((id, body)) = current.take() {
                    assert!(
                        out.insert(id.clone(), body).is_none(),
                        "{name}.ftl: {id} is defined twice"
                    );
                }
            }
            if starts_entry {
                let id = line.split('=').next().unwrap_or("").trim().to_string();
                current = Some((id, line.to_string()));
            } else if let Some((_, body)) = current.as_mut() {
                body.push('\n');
                body.push_str(line);
            }
        }
        if let Some((id, body)) = current.take() {
            assert!(
                out.insert(id.clone(), body).is_none(),
                "{name}.ftl: {id} is defined twice"
            );
        }
    }
    out
}

#[test]
fn message_files_parse() {
    for (lang, files) in [("de", DE), ("en", EN)] {
        for (name, text) in files {
            if let Err((_, errors)) = FluentResource::try_new(text.to_string()) {
                panic!("{lang}/{name}.ftl: {errors:?}");
            }
        }
    }
}

#[test]
fn both_languages_define_the_same_messages() {
    let de: BTreeSet<_> = defined(DE).into_keys().collect();
    let en: BTreeSet<_> = defined(EN).into_keys().collect();
    let only_de: Vec<_> = de.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&de).collect();
    assert!(
        only_de.is_empty() && only_en.is_empty(),
        "only German: {only_de:?}; only English: {only_en:?}"
    );
}

#[test]
fn every_message_in_code_exists_in_both_languages() {
    let uses = all_uses();
    let mut problems = Vec::new();
    for (lang, files) in [(Language::De, DE), (Language::En, EN)] {
        let defs = defined(files);
        for u in &uses {
            let Some(body) = defs.get(&u.id) else {
                problems.push(format!("{}: {} missing in {}", u.at, u.id, lang.code()));
                continue;
            };
            let bundle = bundle(lang);
            let Some(pattern) = bundle.get_message(&u.id).and_then(|m| m.value()) else {
                problems.push(format!("{}: {} has no value", u.at, u.id));
                continue;
            };
            let mut args = FluentArgs::new();
            for a in &u.args {
                args.set(a.as_str(), FluentValue::from(2.0));
            }
            let mut errors = Vec::new();
            let _ = bundle.format_pattern(pattern, Some(&args), &mut errors);
            if !errors.is_empty() {
                problems.push(format!("{}: {} ({}): {errors:?}", u.at, u.id, lang.code()));
            }
            // Every argument the code passes is used in at least one language.
            if lang == Language::De {
                let en = defined(EN);
                for a in &u.args {
                    let var = format!("${a}");
                    let used =
                        body.contains(&var) || en.get(&u.id).is_some_and(|b| b.contains(&var));
                    if !used {
                        problems.push(format!("{}: {} ignores the argument {a}", u.at, u.id));
                    }
                }
            }
        }
    }
    let used: BTreeSet<&str> = uses.iter().map(|u| u.id.as_str()).collect();
    for id in defined(DE).keys() {
        if !used.contains(id.as_str()) {
            problems.push(format!("{id} is defined but never used"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn plural_forms_follow_the_language() {
    assert_eq!(tr!(Language::De, "count-files", files = 1), "1 Datei");
    assert_eq!(tr!(Language::De, "count-files", files = 3), "3 Dateien");
    assert_eq!(tr!(Language::En, "count-files", files = 1), "1 file");
    assert_eq!(tr!(Language::En, "count-files", files = 0), "0 files");
}

#[test]
fn an_unknown_id_still_says_something() {
    let s = text(
        Language::De,
        "no-such-message",
        &[("path", Arg::from("C:/x"))],
    );
    assert_eq!(s, "no-such-message path=C:/x");
}

#[test]
fn the_scanner_finds_ids_and_argument_names() {
    let code = r#"let a = tr!(lang, "one-id", path = p.display().to_string(), n = f(a, b == c));
        let b = tr!(self.lang, "two");"#;
    let u = uses_in("x.rs", code);
    assert_eq!(u.len(), 2);
    assert_eq!(u[0].id, "one-id");
    assert_eq!(u[0].args, vec!["path", "n"]);
    assert_eq!(u[1].id, "two");
    assert!(u[1].args.is_empty());
}
