//! `tresor ls SNAPSHOT [PATH]`: the files of a snapshot. PATH may be typed
//! the Windows way (`C:\WINACS\Rechnung`); see `job::restore::typed`.

use crate::error::{exit, Error};
use crate::i18n;
use crate::job::restore;
use crate::job::restore::typed::{self, Resolved};
use crate::job::JobError;
use crate::repo::tree::{Node, NodeKind};
use crate::repo::{Id, Snapshot};
use crate::tr;

use super::args::LsArgs;
use super::context::Ctx;
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &LsArgs) -> Result<Outcome, Error> {
    let lang = ctx.lang;
    let repo = ctx.open(&a.repo, None)?.load_index()?;
    let (id, snap) = repo.find_snapshot(&a.snapshot)?;
    let nodes = repo.load_tree(&snap)?;
    let prefix = match &a.path {
        None => None,
        Some(p) => Some(resolve_typed(ctx, p, &id, &snap, &nodes)?),
    };
    output::field("snapshot", id.to_string());
    output::field("path", &prefix);
    // A glob (`C:\WINACS\*.ini`) lists what restore --include would take.
    let globbed: Vec<Node>;
    let shown: Vec<&Node> = match prefix.as_deref() {
        Some(p) if typed::is_glob(p) => {
            globbed = restore::select(nodes.clone(), &[p.to_string()]).map_err(|e| match e {
                JobError::NothingSelected { .. } => {
                    not_found(ctx, a.path.as_deref().unwrap_or(p), &id, &snap, &nodes)
                }
                other => other.into(),
            })?;
            globbed.iter().collect()
        }
        _ => nodes
            .iter()
            .filter(|n| {
                prefix
                    .as_deref()
                    .is_none_or(|p| typed::is_at_or_below(&n.path, p))
            })
            .collect(),
    };
    if output::json() {
        // Every field of every node, as the snapshot records it.
        output::field("entries", &shown);
        return Ok(Outcome::Ok);
    }
    for n in shown {
        // `tresor ls latest | head`: the reader has what it wanted.
        if output::closed() {
            break;
        }
        let t = chrono::DateTime::from_timestamp(n.mtime_ns.div_euclid(1_000_000_000), 0)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%d.%m.%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        // A name with a newline or an ESC sequence must not fake a line.
        let path = output::one_line(&n.path);
        match n.kind {
            NodeKind::Dir => println!("d {:>10} {t} {path}/", ""),
            NodeKind::Symlink => println!(
                "l {:>10} {t} {path} -> {}",
                "",
                output::one_line(n.target.as_deref().unwrap_or_default())
            ),
            NodeKind::File => println!("- {:>10} {t} {path}", i18n::size(lang, n.size)),
        }
    }
    Ok(Outcome::Ok)
}

/// A path as typed (`C:\WINACS\Rechnung`, `c:/winacs`, `C/WINACS`) resolved
/// to the snapshot's own spelling, or an error that shows paths of this
/// snapshot. Globs pass unchanged (in snapshot form).
pub(super) fn resolve_typed(
    ctx: &Ctx,
    typed_path: &str,
    id: &Id,
    snap: &Snapshot,
    nodes: &[Node],
) -> Result<String, Error> {
    let form = typed::snapshot_form(typed_path);
    if typed::is_glob(&form) {
        return Ok(form);
    }
    match typed::resolve(&form, nodes.iter().map(|n| n.path.as_str())) {
        Resolved::Found(p) => Ok(p),
        Resolved::Ambiguous(all) => Err(Error::Refused {
            code: "path_ambiguous",
            message: tr!(
                ctx.lang,
                "cli-path-ambiguous",
                path = typed_path,
                spellings = all
                    .iter()
                    .map(|p| output::one_line(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            hint: Some(tr!(ctx.lang, "cli-path-ambiguous-hint")),
            exit: exit::USAGE,
        }),
        Resolved::NotFound => Err(not_found(ctx, typed_path, id, snap, nodes)),
    }
}

/// "Nothing in snapshot … matches …", with paths of this very snapshot as
/// the example.
pub(super) fn not_found(
    ctx: &Ctx,
    typed_path: &str,
    id: &Id,
    snap: &Snapshot,
    nodes: &[Node],
) -> Error {
    let examples = typed::examples(
        snap.sources.iter().map(|s| s.path.as_str()),
        nodes.iter().map(|n| n.path.as_str()),
        3,
    );
    let hint = match examples.first() {
        Some(first) => tr!(
            ctx.lang,
            "cli-path-not-found-hint",
            examples = examples
                .iter()
                .map(|p| output::one_line(p))
                .collect::<Vec<_>>()
                .join(", "),
            windows = output::one_line(&windows_form(first)).into_owned(),
            snapshot = id.short()
        ),
        None => tr!(ctx.lang, "cli-path-not-found-empty", snapshot = id.short()),
    };
    Error::Refused {
        code: "path_not_found",
        message: tr!(
            ctx.lang,
            "cli-path-not-found",
            path = typed_path,
            snapshot = id.short()
        ),
        hint: Some(hint),
        exit: exit::FAILED,
    }
}

/// `C/WINACS` → `C:\WINACS`, `UNC/nas/share` → `\\nas\share` (for hints).
fn windows_form(p: &str) -> String {
    let mut parts = p.split('/');
    match parts.next() {
        Some("UNC") => format!("\\\\{}", parts.collect::<Vec<_>>().join("\\")),
        Some(d) if d.len() == 1 && d.as_bytes()[0].is_ascii_alphabetic() => {
            format!("{d}:\\{}", parts.collect::<Vec<_>>().join("\\"))
        }
        _ => format!("/{p}"),
    }
}
