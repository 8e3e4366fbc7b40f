//! How to reach and log in to one SQL Server instance.

use secrecy::SecretString;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerAddress {
    /// A TCP host and port (default instance: 1433).
    Host { host: String, port: u16 },
    /// `HOST\INSTANCE`, resolved to a port through SQL Browser (UDP 1434).
    Named { host: String, instance: String },
}

impl fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerAddress::Host { host, port } => write!(f, "{host},{port}"),
            ServerAddress::Named { host, instance } => write!(f, "{host}\\{instance}"),
        }
    }
}

#[derive(Clone, Debug)]
pub enum Auth {
    Sql {
        user: String,
        password: SecretString,
    },
    /// Integrated security as the account running tresor (SSPI on Windows).
    Windows,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encryption {
    /// TLS for the whole session (production).
    Required,
    /// TLS for the login packet only.
    Off,
    /// No TLS at all (only the test simulator).
    NotSupported,
}

#[derive(Clone, Debug)]
pub struct SqlServerSettings {
    pub server: ServerAddress,
    pub auth: Auth,
    pub encryption: Encryption,
    pub trust_server_certificate: bool,
    /// Where BACKUP writes; the SQL Server service account must be able to write it.
    pub staging_dir: PathBuf,
    /// Our own watchdog for BACKUP/RESTORE/DBCC: the statement is cancelled on the
    /// server when it runs longer.
    pub statement_timeout: Duration,
    pub login_timeout: Duration,
}

pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(6 * 3600);
pub const DEFAULT_LOGIN_TIMEOUT: Duration = Duration::from_secs(15);

impl SqlServerSettings {
    /// Settings with production defaults: TLS required, certificate checked,
    /// 6 h statement watchdog, 15 s login timeout.
    pub fn new(server: ServerAddress, auth: Auth, staging_dir: PathBuf) -> Self {
        SqlServerSettings {
            server,
            auth,
            encryption: Encryption::Required,
            trust_server_certificate: false,
            staging_dir,
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
            login_timeout: DEFAULT_LOGIN_TIMEOUT,
        }
    }

    /// The login name for messages (`None` for Windows authentication).
    pub(crate) fn user(&self) -> Option<String> {
        match &self.auth {
            Auth::Sql { user, .. } => Some(user.clone()),
            Auth::Windows => None,
        }
    }
}

/// What a connection string says; the rest (staging folder, watchdog) comes from
/// tresor's configuration.
#[derive(Clone, Debug)]
pub struct SqlServerSettingsPartial {
    pub server: ServerAddress,
    pub auth: Auth,
    pub database: Option<String>,
    pub encryption: Option<Encryption>,
    pub trust_server_certificate: Option<bool>,
    pub login_timeout: Option<Duration>,
}

impl SqlServerSettingsPartial {
    pub fn into_settings(self, staging_dir: PathBuf) -> SqlServerSettings {
        let mut s = SqlServerSettings::new(self.server, self.auth, staging_dir);
        if let Some(e) = self.encryption {
            s.encryption = e;
        }
        if let Some(t) = self.trust_server_certificate {
            s.trust_server_certificate = t;
        }
        if let Some(t) = self.login_timeout {
            s.login_timeout = t;
        }
        s
    }
}
