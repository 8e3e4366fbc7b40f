//! Reading an S3 destination (`type: s3`) and the German region rule.
//!
//! ```yaml
//! destinations:
//!   cloud:
//!     type: s3
//!     provider: hetzner          # aws, hetzner, ionos, ovh, stackit, open-telekom-cloud, wasabi, self-hosted
//!     region: fsn1
//!     bucket: praxis-mueller-backup
//!     prefix: tresor             # optional: key prefix of this practice
//!     endpoint: https://…        # optional for providers tresor knows
//!     access_key_id: …           # optional: else the standard AWS environment/profile
//!     secret_env: TRESOR_S3_SECRET   # or secret_access_key: …
//!     object_lock: { mode: compliance, days: 30 }
//! ```

use secrecy::SecretString;

use super::error::{ConfigError, ErrorKind};
use super::model::{LockMode, ObjectLock, S3Credentials, S3Destination, SecretSource};
use super::read::{join, Doc, Fields};
use super::region::{self, Provider, RegionProblem};
use super::suggest::closest;
use super::yaml::Node;

/// Keys of an S3 destination.
pub const FIELDS: &[&str] = &[
    "type",
    "provider",
    "region",
    "endpoint",
    "bucket",
    "prefix",
    "path_style",
    "access_key_id",
    "secret_access_key",
    "secret_env",
    "object_lock",
    "located_in_germany",
];

/// Reads the fields of `node` (already checked against [`FIELDS`]) at `section`.
pub fn read(
    doc: Doc<'_>,
    node: &Node,
    f: &Fields<'_>,
    section: &str,
) -> Result<S3Destination, ConfigError> {
    let provider_node = f.required(doc, "provider")?;
    let provider_text = doc.text(provider_node, &join(section, "provider"))?;
    let provider = Provider::parse(&provider_text).ok_or_else(|| {
        let names: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
        doc.err(
            provider_node.pos,
            ErrorKind::BadChoice {
                field: join(section, "provider"),
                value: provider_text.clone(),
                suggestion: closest(&provider_text, &names),
                expected: names.iter().map(|s| s.to_string()).collect(),
            },
        )
    })?;
    let region_node = f.required(doc, "region")?;
    let region_text = doc
        .text(region_node, &join(section, "region"))?
        .trim()
        .to_string();
    let located_in_germany = match f.get("located_in_germany") {
        Some(n) => doc.boolean(n, &join(section, "located_in_germany"))?,
        None => false,
    };
    match region::check(provider, &region_text, located_in_germany) {
        Ok(_) => {}
        Err(RegionProblem::NotGerman { german }) => {
            return Err(doc.err(
                region_node.pos,
                ErrorKind::RegionNotGerman {
                    field: join(section, "region"),
                    provider: provider.name().to_string(),
                    region: region_text,
                    german: german.iter().map(|s| s.to_string()).collect(),
                },
            ))
        }
        Err(RegionProblem::SelfHostedUndeclared) => {
            return Err(doc.err(
                f.get("located_in_germany").map_or(node.pos, |n| n.pos),
                ErrorKind::LocationUndeclared {
                    field: section.to_string(),
                },
            ))
        }
    }

    let endpoint = match f.get("endpoint") {
        Some(n) => {
            let e = doc.text(n, &join(section, "endpoint"))?.trim().to_string();
            let lower = e.to_ascii_lowercase();
            let host = lower
                .strip_prefix("https://")
                .or_else(|| lower.strip_prefix("http://"))
                .unwrap_or("");
            if host.is_empty() || host.contains(char::is_whitespace) {
                return Err(doc.err(
                    n.pos,
                    ErrorKind::BadEndpoint {
                        field: join(section, "endpoint"),
                        value: e,
                    },
                ));
            }
            // A known provider's German region with another region's
            // endpoint would send the data abroad under a German label.
            if !region::endpoint_fits(provider, &region_text, host) {
                return Err(doc.err(
                    n.pos,
                    ErrorKind::EndpointNotInRegion {
                        field: join(section, "endpoint"),
                        value: e,
                        provider: provider.name().to_string(),
                        region: region_text,
                    },
                ));
            }
            Some(e.trim_end_matches('/').to_string())
        }
        None => None,
    };
    if endpoint.is_none() && matches!(provider, Provider::Ionos | Provider::SelfHosted) {
        return Err(doc.err(
            node.pos,
            ErrorKind::S3FieldMissing {
                field: join(section, "endpoint"),
                alternatives: Vec::new(),
            },
        ));
    }

    let bucket = doc
        .text(f.required(doc, "bucket")?, &join(section, "bucket"))?
        .trim()
        .to_string();
    let prefix = match f.get("prefix") {
        Some(n) => doc
            .text(n, &join(section, "prefix"))?
            .trim()
            .trim_matches('/')
            .to_string(),
        None => String::new(),
    };
    let path_style = match f.get("path_style") {
        Some(n) => doc.boolean(n, &join(section, "path_style"))?,
        // AWS prefers virtual-host style; S3-compatible servers path style.
        None => provider != Provider::Aws,
    };
    let credentials = read_credentials(doc, node, f, section)?;
    let object_lock = match f.get("object_lock") {
        Some(n) => Some(read_lock(doc, n, &join(section, "object_lock"))?),
        None => None,
    };
    Ok(S3Destination {
        provider,
        region: region_text,
        endpoint,
        bucket,
        prefix,
        path_style,
        credentials,
        object_lock,
        located_in_germany,
    })
}

fn read_credentials(
    doc: Doc<'_>,
    node: &Node,
    f: &Fields<'_>,
    section: &str,
) -> Result<S3Credentials, ConfigError> {
    let id = f.get("access_key_id");
    let inline = f.get("secret_access_key");
    let env = f.get("secret_env");
    if let (Some(_), Some(e)) = (inline, env) {
        return Err(doc.err(
            e.pos,
            ErrorKind::S3FieldConflict {
                field: join(section, "secret_env"),
                other: join(section, "secret_access_key"),
            },
        ));
    }
    let Some(id) = id else {
        return match inline.or(env) {
            Some(n) => Err(doc.err(
                n.pos,
                ErrorKind::S3FieldConflict {
                    field: join(
                        section,
                        if inline.is_some() {
                            "secret_access_key"
                        } else {
                            "secret_env"
                        },
                    ),
                    other: join(section, "access_key_id"),
                },
            )),
            None => Ok(S3Credentials::Standard),
        };
    };
    let access_key_id = doc
        .text(id, &join(section, "access_key_id"))?
        .trim()
        .to_string();
    let secret = match (inline, env) {
        (Some(n), _) => SecretSource::Inline(SecretString::from(
            doc.text(n, &join(section, "secret_access_key"))?,
        )),
        (_, Some(n)) => SecretSource::Env(
            doc.text(n, &join(section, "secret_env"))?
                .trim()
                .to_string(),
        ),
        (None, None) => {
            return Err(doc.err(
                node.pos,
                ErrorKind::S3FieldMissing {
                    field: join(section, "secret_access_key"),
                    alternatives: vec!["secret_access_key".into(), "secret_env".into()],
                },
            ))
        }
    };
    Ok(S3Credentials::Key {
        access_key_id,
        secret,
    })
}

fn read_lock(doc: Doc<'_>, node: &Node, section: &str) -> Result<ObjectLock, ConfigError> {
    let f = doc.fields(node, section, &["mode", "days"])?;
    let mode_node = f.required(doc, "mode")?;
    let mode_text = doc.text(mode_node, &join(section, "mode"))?;
    let mode = match mode_text.trim().to_ascii_lowercase().as_str() {
        "compliance" => LockMode::Compliance,
        "governance" => LockMode::Governance,
        _ => {
            let allowed = ["compliance", "governance"];
            return Err(doc.err(
                mode_node.pos,
                ErrorKind::BadChoice {
                    field: join(section, "mode"),
                    value: mode_text.clone(),
                    suggestion: closest(&mode_text, &allowed),
                    expected: allowed.iter().map(|s| s.to_string()).collect(),
                },
            ));
        }
    };
    // S3 allows retention up to 100 years; a day is the useful minimum.
    let days = doc.number(f.required(doc, "days")?, &join(section, "days"), 1, 36_500)? as u32;
    Ok(ObjectLock { mode, days })
}
