//! Parses the ADO.NET / OLE DB / ODBC connection strings found in medatixx's
//! ServiceProvider.ini and similar files, e.g.
//! `Data Source=.\MEDATIXX;Initial Catalog=x;Integrated Security=True` or
//! `Server=tcp:host,1433;User ID=sa;Password=…;TrustServerCertificate=True`.

use super::errors::SqlError;
use super::settings::{Auth, Encryption, ServerAddress, SqlServerSettingsPartial};
use secrecy::SecretString;
use std::time::Duration;

pub fn parse_connection_string(s: &str) -> Result<SqlServerSettingsPartial, SqlError> {
    let bad = |detail: String| SqlError::InvalidConnectionString { detail };
    let mut server = None;
    let mut database = None;
    let mut user = None;
    let mut password = None;
    let mut integrated = None;
    let mut encryption = None;
    let mut trust = None;
    let mut login_timeout = None;
    for (key, value) in pairs(s).map_err(bad)? {
        let key: String = key
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_')
            .collect::<String>()
            .to_ascii_lowercase();
        match key.as_str() {
            "datasource" | "server" | "address" | "addr" | "networkaddress" => server = Some(value),
            "initialcatalog" | "database" => database = Some(value),
            "userid" | "uid" | "user" | "username" => user = Some(value),
            "password" | "pwd" => password = Some(value),
            "integratedsecurity" | "trustedconnection" => {
                integrated =
                    Some(value.eq_ignore_ascii_case("sspi") || boolean(&value).map_err(bad)?)
            }
            "encrypt" => {
                encryption = Some(match value.to_ascii_lowercase().as_str() {
                    "true" | "yes" | "mandatory" | "strict" => Encryption::Required,
                    "false" | "no" | "optional" => Encryption::Off,
                    // A server without any TLS support (very old instances, the test simulator).
                    "notsupported" | "none" => Encryption::NotSupported,
                    other => return Err(bad(format!("Encrypt={other} is not understood"))),
                })
            }
            "trustservercertificate" => trust = Some(boolean(&value).map_err(bad)?),
            "connecttimeout" | "connectiontimeout" | "timeout" | "logintimeout" => {
                let secs: u64 = value
                    .parse()
                    .map_err(|_| bad(format!("timeout {value:?} is not a number of seconds")))?;
                login_timeout = Some(Duration::from_secs(secs.max(1)));
            }
            // Provider, Driver, Application Name, Persist Security Info, MARS …: not ours to decide.
            _ => {}
        }
    }
    let server = server.ok_or_else(|| bad("no Data Source / Server given".into()))?;
    let auth = match (integrated, user) {
        (Some(true), _) => Auth::Windows,
        (_, Some(user)) if !user.is_empty() => Auth::Sql {
            user,
            password: SecretString::from(password.unwrap_or_default()),
        },
        // Without credentials the medatixx tools log in as the Windows account.
        _ => Auth::Windows,
    };
    Ok(SqlServerSettingsPartial {
        server: parse_server(&server)?,
        auth,
        database: database.filter(|d| !d.is_empty()),
        encryption,
        trust_server_certificate: trust,
        login_timeout,
    })
}

/// `tcp:host,port`, `host\INSTANCE`, `.\INSTANCE`, `(local)`, `host,port`.
pub fn parse_server(s: &str) -> Result<ServerAddress, SqlError> {
    let bad = |detail: String| SqlError::InvalidConnectionString { detail };
    let mut s = s.trim();
    for prefix in ["tcp:", "lpc:", "admin:"] {
        if s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix) {
            s = &s[prefix.len()..];
        }
    }
    if s.len() >= 3 && s[..3].eq_ignore_ascii_case("np:") {
        return Err(bad(format!(
            "named pipes ({s}) are not supported; enable TCP/IP for the instance"
        )));
    }
    if s.to_ascii_lowercase().starts_with("(localdb)") {
        return Err(bad(format!("LocalDB ({s}) is not supported")));
    }
    let (rest, port) = match s.rsplit_once(',') {
        Some((rest, port)) => {
            let port: u16 = port
                .trim()
                .parse()
                .map_err(|_| bad(format!("port {port:?} is not a number")))?;
            (rest.trim(), Some(port))
        }
        None => (s, None),
    };
    let (host, instance) = match rest.split_once('\\') {
        Some((h, i)) => (h.trim(), Some(i.trim())),
        None => (rest, None),
    };
    let host = match host.to_ascii_lowercase().as_str() {
        "" => return Err(bad("the server name is empty".into())),
        "." | "(local)" | "localhost" => "localhost".to_string(),
        _ => host.to_string(),
    };
    Ok(match (port, instance) {
        (Some(port), _) => ServerAddress::Host { host, port },
        (None, Some(i)) if !i.is_empty() && !i.eq_ignore_ascii_case("MSSQLSERVER") => {
            ServerAddress::Named {
                host,
                instance: i.to_string(),
            }
        }
        _ => ServerAddress::Host { host, port: 1433 },
    })
}

fn boolean(v: &str) -> Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" | "" => Ok(false),
        other => Err(format!("{other:?} is not true/false")),
    }
}

/// Splits `k=v;k='v;v';k={v}` into pairs. Quotes double to escape themselves,
/// `}}` escapes `}` inside braces (ODBC).
fn pairs(s: &str) -> Result<Vec<(String, String)>, String> {
    let c: Vec<char> = s.trim().chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        while i < c.len() && (c[i] == ';' || c[i].is_whitespace()) {
            i += 1;
        }
        if i >= c.len() {
            break;
        }
        let start = i;
        while i < c.len() && c[i] != '=' && c[i] != ';' {
            i += 1;
        }
        if i >= c.len() || c[i] != '=' {
            return Err(format!(
                "{:?} has no '='",
                c[start..i].iter().collect::<String>().trim()
            ));
        }
        let key: String = c[start..i].iter().collect::<String>().trim().to_string();
        i += 1;
        while i < c.len() && c[i] == ' ' {
            i += 1;
        }
        let value = match c.get(i) {
            Some(&q @ ('\'' | '"' | '{')) => {
                let close = if q == '{' { '}' } else { q };
                let mut v = String::new();
                i += 1;
                loop {
                    match c.get(i) {
                        None => return Err(format!("value of {key:?} is not closed with {close}")),
                        Some(&ch) if ch == close && c.get(i + 1) == Some(&close) => {
                            v.push(close);
                            i += 2;
                        }
                        Some(&ch) if ch == close => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            v.push(ch);
                            i += 1;
                        }
                    }
                }
                while i < c.len() && c[i] != ';' {
                    i += 1;
                }
                v
            }
            _ => {
                let vs = i;
                while i < c.len() && c[i] != ';' {
                    i += 1;
                }
                c[vs..i].iter().collect::<String>().trim().to_string()
            }
        };
        if key.is_empty() {
            return Err("empty key".into());
        }
        out.push((key, value));
    }
    Ok(out)
}
