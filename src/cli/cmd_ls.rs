//! `tresor ls SNAPSHOT [PATH]`: the files of a snapshot.

use crate::error::Error;
use crate::repo::tree::NodeKind;
use crate::report::messages::size;

use super::args::LsArgs;
use super::context::Ctx;
use super::{output, Outcome};

pub fn run(ctx: &Ctx, a: &LsArgs) -> Result<Outcome, Error> {
    let repo = ctx.open(&a.repo, None)?.load_index()?;
    let (_, snap) = repo.find_snapshot(&a.snapshot)?;
    let prefix = a
        .path
        .as_deref()
        .map(|p| p.replace('\\', "/").trim_matches('/').to_string());
    let mut shown = 0usize;
    for n in repo.load_tree(&snap)? {
        // `tresor ls latest | head`: the reader has what it wanted.
        if output::closed() {
            break;
        }
        if let Some(p) = &prefix {
            let inside = n.path.len() > p.len() && n.path.as_bytes()[p.len()] == b'/';
            if !(n.path.eq_ignore_ascii_case(p)
                || (inside && n.path[..p.len()].eq_ignore_ascii_case(p)))
            {
                continue;
            }
        }
        shown += 1;
        if a.repo.json {
            println!("{}", serde_json::to_string(&n).unwrap_or_default());
            continue;
        }
        let t = chrono::DateTime::from_timestamp(n.mtime_ns.div_euclid(1_000_000_000), 0)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%d.%m.%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        match n.kind {
            NodeKind::Dir => println!("d {:>10} {t} {}/", "", n.path),
            NodeKind::Symlink => println!(
                "l {:>10} {t} {} -> {}",
                "",
                n.path,
                n.target.unwrap_or_default()
            ),
            NodeKind::File => println!("- {:>10} {t} {}", size(n.size), n.path),
        }
    }
    if shown == 0 {
        if let Some(p) = prefix {
            return Err(crate::job::JobError::NothingSelected { patterns: p }.into());
        }
    }
    Ok(Outcome::Ok)
}
