//! Opening a tiberius connection: TCP (or SQL Browser for named instances),
//! TLS as configured, login under our own timeout. tiberius' own command
//! timeout is switched off: it would break long BACKUPs and leave the
//! connection unusable (see watchdog.rs for ours).

use super::errors::SqlError;
use super::settings::{Auth, Encryption, ServerAddress, SqlServerSettings};
use tiberius::{AuthMethod, Config, EncryptionLevel, SqlBrowser};
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};

pub(crate) type Client = tiberius::Client<Compat<TcpStream>>;

/// A small single-threaded runtime per public call: the job pipeline is synchronous.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, SqlError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(SqlError::Runtime)
}

fn auth_method(auth: &Auth) -> Result<AuthMethod, SqlError> {
    match auth {
        Auth::Sql { user, password } => {
            use secrecy::ExposeSecret;
            Ok(AuthMethod::sql_server(user, password.expose_secret()))
        }
        #[cfg(windows)]
        Auth::Windows => Ok(AuthMethod::Integrated),
        #[cfg(not(windows))]
        Auth::Windows => Err(SqlError::WindowsAuthUnavailable),
    }
}

fn config(settings: &SqlServerSettings) -> Result<Config, SqlError> {
    let mut config = Config::new();
    match &settings.server {
        ServerAddress::Host { host, port } => {
            config.host(host);
            config.port(*port);
        }
        ServerAddress::Named { host, instance } => {
            config.host(host);
            config.instance_name(instance);
        }
    }
    config.application_name("tresor");
    // Never the login's default database: RESTORE and DROP of the database a
    // session uses fail (3102, 3702); Microsoft recommends master for them
    // (https://learn.microsoft.com/sql/relational-databases/errors-events/database-engine-events-and-errors-3000-to-3999, 3102).
    config.database("master");
    config.encryption(match settings.encryption {
        Encryption::Required => EncryptionLevel::Required,
        Encryption::Off => EncryptionLevel::Off,
        Encryption::NotSupported => EncryptionLevel::NotSupported,
    });
    if settings.trust_server_certificate {
        config.trust_cert();
    }
    config.authentication(auth_method(&settings.auth)?);
    config.command_timeout(None);
    // Our own timeout covers TCP connect, SQL Browser and the handshake together.
    config.handshake_timeout(None);
    Ok(config)
}

pub(crate) async fn connect(settings: &SqlServerSettings) -> Result<Client, SqlError> {
    let server = settings.server.to_string();
    let config = config(settings)?;
    let attempt =
        async {
            let tcp =
                match &settings.server {
                    ServerAddress::Host { .. } => TcpStream::connect(config.get_addr())
                        .await
                        .map_err(|e| SqlError::Connect {
                            server: server.clone(),
                            detail: e.to_string(),
                            kind: Some(e.kind()),
                        })?,
                    ServerAddress::Named { .. } => TcpStream::connect_named(&config)
                        .await
                        .map_err(|e| match e {
                            tiberius::error::Error::Io { kind, .. } => SqlError::Connect {
                                server: server.clone(),
                                detail: e.to_string(),
                                kind: Some(kind),
                            },
                            other => SqlError::InstanceNotFound {
                                server: server.clone(),
                                detail: other.to_string(),
                            },
                        })?,
                };
            // Latency matters more than throughput for the small TDS exchanges.
            let _ = tcp.set_nodelay(true);
            tiberius::Client::connect(config, tcp.compat_write())
                .await
                .map_err(|e| login_error(e, settings, &server))
        };
    tokio::time::timeout(settings.login_timeout, attempt)
        .await
        .map_err(|_| SqlError::LoginTimeout {
            server: server.clone(),
            after: settings.login_timeout,
        })?
}

fn login_error(e: tiberius::error::Error, settings: &SqlServerSettings, server: &str) -> SqlError {
    let server = server.to_string();
    match e {
        tiberius::error::Error::Server(t)
            if matches!(t.code(), 18456 | 18452 | 18470 | 18486 | 18487 | 18488) =>
        {
            SqlError::LoginFailed {
                server,
                user: settings.user(),
                message: t.message().to_string(),
            }
        }
        tiberius::error::Error::Server(t) => SqlError::Server {
            code: t.code(),
            message: t.message().to_string(),
        },
        tiberius::error::Error::Tls(detail) => SqlError::Tls { server, detail },
        tiberius::error::Error::Io { kind, message } => SqlError::Connect {
            server,
            detail: message,
            kind: Some(kind),
        },
        other => SqlError::Connect {
            server,
            detail: other.to_string(),
            kind: None,
        },
    }
}
