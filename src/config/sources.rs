//! What a job backs up: the active profiles (`profiles:`) and the extra file
//! `sources:` of tresor.yaml, turned into resolved [`FileSource`]s, plus the
//! profiles' databases.

use std::path::Path;

use super::document::Reader;
use super::error::{ConfigError, ErrorKind};
use super::model::{DatabaseSpec, FileSource};
use super::paths::{ConfigPath, PathProblem};
use super::profiles::{
    find_embedded, globs, opt_bool, parse_profile, profile_names, PathKind, Profile,
};
use super::read::join;
use super::suggest::closest;
use super::yaml::Node;

/// Reads `profiles:`: embedded names/aliases (any case) or profile files (`….yaml`,
/// relative to the config file's directory or absolute).
pub fn read_profiles(
    r: &Reader<'_>,
    node: Option<&Node>,
    origin: &str,
) -> Result<Vec<Profile>, ConfigError> {
    let doc = r.doc;
    let Some(node) = node else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Profile> = Vec::new();
    for (i, item) in doc.list(node, "profiles")?.iter().enumerate() {
        let name = doc.text(item, &format!("profiles.{i}"))?;
        let lower = name.trim().to_ascii_lowercase();
        let profile = if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            let path = match ConfigPath::parse(&name, &r.host, r.data_drive) {
                Ok(p) => p.resolve(&r.host).map_err(|problem| {
                    doc.err(
                        item.pos,
                        ErrorKind::Unresolvable {
                            field: format!("profiles.{i}"),
                            value: name.clone(),
                            problem,
                        },
                    )
                })?,
                Err(PathProblem::Relative) => Path::new(origin)
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(name.trim()),
                Err(problem) => {
                    return Err(doc.err(
                        item.pos,
                        ErrorKind::BadPath {
                            field: format!("profiles.{i}"),
                            value: name.clone(),
                            problem,
                        },
                    ))
                }
            };
            let text = std::fs::read_to_string(&path).map_err(|source| {
                doc.err(
                    item.pos,
                    ErrorKind::ProfileFile {
                        path: path.display().to_string(),
                        source,
                    },
                )
            })?;
            parse_profile(&text, &path.display().to_string())?
        } else {
            find_embedded(&name)?.ok_or_else(|| {
                let known = profile_names();
                doc.err(
                    item.pos,
                    ErrorKind::UnknownProfile {
                        name: name.clone(),
                        suggestion: closest(&name, &known),
                        known: known.iter().map(|s| s.to_string()).collect(),
                    },
                )
            })?
        };
        if out
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&profile.name))
        {
            return Err(doc.err(item.pos, ErrorKind::DuplicateProfile { name: profile.name }));
        }
        out.push(profile);
    }
    Ok(out)
}

/// Every file source: each profile's paths (in profile order), then `sources:`.
/// Two sources landing on the same snapshot path are refused.
pub fn collect(
    r: &Reader<'_>,
    profiles: &[Profile],
    profiles_node: Option<&Node>,
    sources_node: Option<&Node>,
) -> Result<Vec<FileSource>, ConfigError> {
    let doc = r.doc;
    let mut out: Vec<FileSource> = Vec::new();
    for (i, profile) in profiles.iter().enumerate() {
        let pos = profiles_node
            .and_then(|n| n.lookup(&i.to_string()))
            .map(|n| n.pos);
        for item in &profile.paths {
            let parsed = Profile::parsed_path(item, r.data_drive);
            let path = parsed.resolve(&r.host).map_err(|problem| {
                ConfigError::at(
                    doc.origin,
                    pos,
                    ErrorKind::Unresolvable {
                        field: format!("profiles.{i} ({})", profile.name),
                        value: item.path.clone(),
                        problem,
                    },
                )
            })?;
            let source = FileSource {
                label: format!("{}: {}", profile.name, item.label),
                path,
                snapshot_path: parsed.snapshot_path(),
                include: item.include.clone(),
                exclude: item.exclude.clone(),
                optional: item.optional,
                kind: item.kind,
            };
            push_unique(&mut out, source, |kind| {
                ConfigError::at(doc.origin, pos, kind)
            })?;
        }
    }
    let Some(node) = sources_node else {
        return Ok(out);
    };
    for (i, item) in doc.list(node, "sources")?.iter().enumerate() {
        let section = format!("sources.{i}");
        let f = doc.fields(
            item,
            &section,
            &["path", "label", "include", "exclude", "optional"],
        )?;
        let p = r.path(f.required(doc, "path")?, &join(&section, "path"))?;
        let label = match f.get("label") {
            Some(n) => doc.text(n, &join(&section, "label"))?,
            None => p.written.clone(),
        };
        let source = FileSource {
            label,
            path: p.local,
            snapshot_path: p.parsed.snapshot_path(),
            include: globs(doc, f.get("include"), &join(&section, "include"))?,
            exclude: globs(doc, f.get("exclude"), &join(&section, "exclude"))?,
            optional: opt_bool(doc, &f, "optional", &section)?,
            kind: PathKind::Data,
        };
        push_unique(&mut out, source, |kind| doc.err(item.pos, kind))?;
    }
    Ok(out)
}

fn push_unique(
    out: &mut Vec<FileSource>,
    source: FileSource,
    err: impl FnOnce(ErrorKind) -> ConfigError,
) -> Result<(), ConfigError> {
    let key = source.snapshot_path.to_lowercase();
    if let Some(first) = out.iter().find(|s| s.snapshot_path.to_lowercase() == key) {
        return Err(err(ErrorKind::DuplicateSource {
            first: first.label.clone(),
            second: source.label,
            snapshot_path: source.snapshot_path,
        }));
    }
    out.push(source);
    Ok(())
}

/// The databases of all profiles, first mention wins (names compared case-insensitively).
pub fn databases(profiles: &[Profile]) -> Vec<DatabaseSpec> {
    let mut out: Vec<DatabaseSpec> = Vec::new();
    for db in profiles.iter().flat_map(|p| &p.databases) {
        if !out.iter().any(|d| d.name.eq_ignore_ascii_case(&db.name)) {
            out.push(db.clone());
        }
    }
    out
}
