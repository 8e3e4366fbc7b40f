//! `drives:` and `unc:` in tresor.yaml: where Windows drive letters and UNC
//! shares are mounted on a non-Windows host (tests, demo). On Windows both are
//! ignored: paths resolve natively there.

use std::path::{Path, PathBuf};

use super::document::drive_letter;
use super::error::{ConfigError, ErrorKind};
use super::paths::{ConfigPath, HostContext, PathProblem};
use super::read::{join, Doc, Fields};
use super::yaml::Node;

/// The host with the config's mounts added (config entries win over the host's).
pub fn read(
    doc: Doc<'_>,
    top: &Fields<'_>,
    host: &HostContext,
) -> Result<HostContext, ConfigError> {
    let mut out = host.clone();
    if host.windows {
        return Ok(out);
    }
    if let Some(node) = top.get("drives") {
        for (_, key, value) in doc.named(node, "drives")? {
            let letter = drive_letter(doc, key, "drives")?;
            let dir = local_dir(doc, value, &join("drives", &letter.to_string()))?;
            out.mounts.drives.insert(letter, dir);
        }
    }
    if let Some(node) = top.get("unc") {
        for (name, key, value) in doc.named(node, "unc")? {
            let field = join("unc", &name);
            let bad = |problem| {
                doc.err(
                    key.pos,
                    ErrorKind::BadPath {
                        field: field.clone(),
                        value: name.clone(),
                        problem,
                    },
                )
            };
            let prefix = ConfigPath::parse(&name, &HostContext::windows(), 'C').map_err(bad)?;
            if !matches!(prefix, ConfigPath::Unc { .. }) {
                return Err(bad(PathProblem::EmptyUncServer));
            }
            let dir = local_dir(doc, value, &field)?;
            out.mounts.unc.retain(|(p, _)| p != &prefix);
            out.mounts.unc.push((prefix, dir));
        }
    }
    Ok(out)
}

/// A directory of this host (absolute, as the OS writes it).
fn local_dir(doc: Doc<'_>, node: &Node, field: &str) -> Result<PathBuf, ConfigError> {
    let text = doc.text(node, field)?;
    let path = Path::new(text.trim());
    if !path.is_absolute() {
        return Err(doc.err(
            node.pos,
            ErrorKind::BadPath {
                field: field.to_string(),
                value: text.clone(),
                problem: PathProblem::Relative,
            },
        ));
    }
    Ok(path.to_path_buf())
}
