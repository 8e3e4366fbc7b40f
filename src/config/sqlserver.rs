//! `sqlserver:` in tresor.yaml: which SQL Server, how to log in, and the
//! staging folder native backups are written to. Either a `connection` string
//! or `server` (`.\MEDATIXX` or `server` + `instance`) with optional `port` and
//! `user`/`password` (SQL login; without them Windows authentication).

use secrecy::SecretString;

use super::document::Reader;
use super::error::{ConfigError, ErrorKind};
use super::model::{SqlAuth, SqlServerConfig, SqlTarget};
use super::paths::ConfigPath;
use super::profiles::opt_bool;
use super::read::join;
use super::yaml::Node;

const KEYS: &[&str] = &[
    "connection",
    "server",
    "instance",
    "port",
    "user",
    "password",
    "staging",
    "timeout_minutes",
    "trust_server_certificate",
];

/// Default statement timeout (4 hours: big FILESTREAM databases on slow disks).
pub const DEFAULT_TIMEOUT_MINUTES: u32 = 240;

/// Reads the `sqlserver:` section.
pub fn read(r: &Reader<'_>, node: &Node) -> Result<SqlServerConfig, ConfigError> {
    let doc = r.doc;
    let s = "sqlserver";
    let f = doc.fields(node, s, KEYS)?;
    let text = |key: &str| -> Result<Option<String>, ConfigError> {
        f.get(key).map(|n| doc.text(n, &join(s, key))).transpose()
    };
    let target = match (text("connection")?, text("server")?) {
        (Some(_), Some(_)) | (None, None) => {
            let both = f.get("connection").is_some();
            return Err(doc.err(node.pos, ErrorKind::SqlTarget { both }));
        }
        (Some(c), None) => SqlTarget::ConnectionString(c),
        (None, Some(server)) => {
            let (host, inline_instance) = match server.split_once('\\') {
                Some((h, i)) => (h.to_string(), Some(i.to_string())),
                None => (server.clone(), None),
            };
            let port = match f.get("port") {
                Some(n) => Some(
                    u16::try_from(doc.number(n, &join(s, "port"), 1, 65535)?).unwrap_or(u16::MAX),
                ),
                None => None,
            };
            let auth = match (text("user")?, text("password")?) {
                (None, None) => SqlAuth::Windows,
                (Some(user), Some(password)) => SqlAuth::Sql {
                    user,
                    password: SecretString::from(password),
                },
                _ => return Err(doc.err(node.pos, ErrorKind::SqlCredentials)),
            };
            SqlTarget::Server {
                host,
                instance: text("instance")?.or(inline_instance),
                port,
                auth,
            }
        }
    };
    let (staging, staging_for_server) = match f.get("staging") {
        Some(n) => {
            let p = r.path(n, "sqlserver.staging")?;
            (p.local, p.parsed.windows_string())
        }
        None => {
            let parsed = ConfigPath::Drive {
                letter: r.data_drive,
                components: vec!["tresor".into(), "staging".into()],
            };
            let local = parsed.resolve(&r.host).map_err(|problem| {
                doc.err(
                    node.pos,
                    ErrorKind::Unresolvable {
                        field: "sqlserver.staging".into(),
                        value: parsed.windows_string(),
                        problem,
                    },
                )
            })?;
            (local, parsed.windows_string())
        }
    };
    let timeout_minutes = match f.get("timeout_minutes") {
        Some(n) => u32::try_from(doc.number(n, "sqlserver.timeout_minutes", 1, 7 * 24 * 60)?)
            .unwrap_or(u32::MAX),
        None => DEFAULT_TIMEOUT_MINUTES,
    };
    Ok(SqlServerConfig {
        target,
        staging,
        staging_for_server,
        timeout_minutes,
        trust_server_certificate: opt_bool(doc, &f, "trust_server_certificate", s)?,
    })
}
