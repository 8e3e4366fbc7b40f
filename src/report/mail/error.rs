//! Why a mail was not delivered, precisely enough to fix it: each kind has a
//! stable code (docs/output.md) and is told with a hint in German or English
//! ([`MailError::render`]). `Display` is English, for logs.

use crate::i18n::Language;
use crate::tr;

/// A mail that the server did not take (or not for every recipient).
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// `password_env:` names a variable that is not set.
    #[error("the SMTP password variable {var} is not set")]
    PasswordMissing {
        /// The variable's name.
        var: String,
    },
    /// `ca_file:` cannot be read or holds no PEM certificate.
    #[error("CA file {path} cannot be used")]
    CaFile {
        /// As resolved.
        path: String,
    },
    /// `from`/`to` that does not parse (the configuration reader checks
    /// them; this is for settings built in code).
    #[error("{value} is not a mail address")]
    Address {
        /// As given.
        value: String,
    },
    /// No TCP connection to the server.
    #[error("cannot connect to {server}: {problem:?}")]
    Connect {
        /// `host:port`.
        server: String,
        /// Why.
        problem: ConnectProblem,
    },
    /// The server did not answer within the timeout.
    #[error("{server} did not answer within {seconds} s")]
    Timeout {
        /// `host:port`.
        server: String,
        /// The configured wait per step.
        seconds: u32,
    },
    /// The encrypted connection failed (no STARTTLS, certificate, handshake).
    #[error("TLS with {server} failed: {problem:?}")]
    Tls {
        /// `host:port`.
        server: String,
        /// Why.
        problem: TlsProblem,
    },
    /// The server refused the user name or password.
    #[error("{server} refused the login of {user}: {reply}")]
    AuthRejected {
        /// `host:port`.
        server: String,
        /// The configured user.
        user: String,
        /// The server's reply (`535 5.7.8 …`).
        reply: String,
    },
    /// The server offers no login method tresor speaks (PLAIN, LOGIN).
    #[error("{server} offers no supported login method")]
    AuthUnsupported {
        /// `host:port`.
        server: String,
    },
    /// The server wants a login and none is configured.
    #[error("{server} requires a login: {reply}")]
    AuthRequired {
        /// `host:port`.
        server: String,
        /// The server's reply (`530 …`).
        reply: String,
    },
    /// The server refused the sender address.
    #[error("{server} refused the sender {from}: {reply}")]
    SenderRefused {
        /// `host:port`.
        server: String,
        /// The envelope sender.
        from: String,
        /// The server's reply.
        reply: String,
    },
    /// The server refused one or more recipients; the others (`delivered`)
    /// got the mail.
    #[error("{server} refused {} recipient(s)", refused.len())]
    RecipientRefused {
        /// `host:port`.
        server: String,
        /// Each refused address with the server's reply.
        refused: Vec<(String, String)>,
        /// Recipients that got the mail anyway.
        delivered: usize,
    },
    /// The server refused the message itself (size, content).
    #[error("{server} did not accept the message: {reply}")]
    Rejected {
        /// `host:port`.
        server: String,
        /// The server's reply.
        reply: String,
    },
    /// Anything else in the SMTP dialogue (a server that does not speak
    /// SMTP on that port, a broken connection).
    #[error("SMTP with {server}: {detail}")]
    Protocol {
        /// `host:port`.
        server: String,
        /// The client library's description (English).
        detail: String,
    },
}

/// Why no connection came about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectProblem {
    /// Nothing listens on that port (or a firewall rejects).
    Refused,
    /// No route to the host or network.
    Unreachable,
    /// The name does not resolve (DNS).
    UnknownHost,
    /// Something else (the system's description).
    Other(String),
}

/// Why the encrypted connection failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TlsProblem {
    /// `security: starttls` and the server does not offer STARTTLS.
    NoStartTls,
    /// The certificate is not signed by a trusted authority.
    Untrusted,
    /// The certificate is for another name.
    WrongName,
    /// The certificate has expired (or is not valid yet).
    Expired,
    /// The server presents a CA certificate as its own (a self-signed
    /// certificate made with `basicConstraints CA:TRUE`, openssl's default),
    /// which TLS clients refuse.
    CaAsServerCertificate,
    /// The server does not speak TLS on that port.
    NotTls,
    /// Something else in the handshake (the library's description).
    Other(String),
}

impl MailError {
    /// The stable code (docs/output.md).
    pub fn code(&self) -> &'static str {
        match self {
            MailError::PasswordMissing { .. } => "mail_password_missing",
            MailError::CaFile { .. } => "mail_ca_file",
            MailError::Address { .. } => "mail_address",
            MailError::Connect { .. } => "mail_connect",
            MailError::Timeout { .. } => "mail_timeout",
            MailError::Tls { .. } => "mail_tls",
            MailError::AuthRejected { .. } | MailError::AuthUnsupported { .. } => "mail_auth",
            MailError::AuthRequired { .. } => "mail_auth_required",
            MailError::SenderRefused { .. } => "mail_sender_refused",
            MailError::RecipientRefused { .. } => "mail_recipient_refused",
            MailError::Rejected { .. } => "mail_rejected",
            MailError::Protocol { .. } => "mail_protocol",
        }
    }

    /// The message and a hint of what to do, in `lang`.
    pub fn render(&self, lang: Language) -> (String, Option<String>) {
        use MailError as E;
        let (message, hint) = match self {
            E::PasswordMissing { var } => (
                tr!(lang, "mail-error-password-missing", var = var),
                tr!(lang, "mail-error-password-missing-hint", var = var),
            ),
            E::CaFile { path } => (
                tr!(lang, "mail-error-ca-file", path = path),
                tr!(lang, "mail-error-ca-file-hint"),
            ),
            E::Address { value } => (
                tr!(lang, "mail-error-address", value = value),
                tr!(lang, "mail-error-address-hint"),
            ),
            E::Connect { server, problem } => {
                let reason = match problem {
                    ConnectProblem::Refused => tr!(lang, "mail-connect-refused"),
                    ConnectProblem::Unreachable => tr!(lang, "mail-connect-unreachable"),
                    ConnectProblem::UnknownHost => tr!(lang, "mail-connect-unknown-host"),
                    ConnectProblem::Other(t) => t.clone(),
                };
                (
                    tr!(lang, "mail-error-connect", server = server, reason = reason),
                    tr!(lang, "mail-error-connect-hint"),
                )
            }
            E::Timeout { server, seconds } => (
                tr!(
                    lang,
                    "mail-error-timeout",
                    server = server,
                    seconds = *seconds
                ),
                tr!(lang, "mail-error-timeout-hint"),
            ),
            E::Tls { server, problem } => {
                let (reason, hint) = match problem {
                    TlsProblem::NoStartTls => (
                        tr!(lang, "mail-tls-no-starttls"),
                        tr!(lang, "mail-tls-no-starttls-hint"),
                    ),
                    TlsProblem::Untrusted => (
                        tr!(lang, "mail-tls-untrusted"),
                        tr!(lang, "mail-tls-untrusted-hint"),
                    ),
                    TlsProblem::WrongName => (
                        tr!(lang, "mail-tls-wrong-name"),
                        tr!(lang, "mail-tls-wrong-name-hint"),
                    ),
                    TlsProblem::Expired => (
                        tr!(lang, "mail-tls-expired"),
                        tr!(lang, "mail-tls-expired-hint"),
                    ),
                    TlsProblem::CaAsServerCertificate => (
                        tr!(lang, "mail-tls-ca-as-server"),
                        tr!(lang, "mail-tls-ca-as-server-hint"),
                    ),
                    TlsProblem::NotTls => (
                        tr!(lang, "mail-tls-not-tls"),
                        tr!(lang, "mail-tls-port-hint"),
                    ),
                    TlsProblem::Other(t) => (t.clone(), tr!(lang, "mail-tls-port-hint")),
                };
                (
                    tr!(lang, "mail-error-tls", server = server, reason = reason),
                    hint,
                )
            }
            E::AuthRejected {
                server,
                user,
                reply,
            } => (
                tr!(
                    lang,
                    "mail-error-auth",
                    server = server,
                    user = user,
                    reply = reply
                ),
                tr!(lang, "mail-error-auth-hint"),
            ),
            E::AuthUnsupported { server } => (
                tr!(lang, "mail-error-auth-unsupported", server = server),
                tr!(lang, "mail-tls-port-hint"),
            ),
            E::AuthRequired { server, reply } => (
                tr!(
                    lang,
                    "mail-error-auth-required",
                    server = server,
                    reply = reply
                ),
                tr!(lang, "mail-error-auth-required-hint"),
            ),
            E::SenderRefused {
                server,
                from,
                reply,
            } => (
                tr!(
                    lang,
                    "mail-error-sender",
                    server = server,
                    from = from,
                    reply = reply
                ),
                tr!(lang, "mail-error-sender-hint"),
            ),
            E::RecipientRefused {
                server,
                refused,
                delivered,
            } => {
                let list = refused
                    .iter()
                    .map(|(to, reply)| format!("{to} ({reply})"))
                    .collect::<Vec<_>>()
                    .join("; ");
                (
                    tr!(
                        lang,
                        "mail-error-recipients",
                        server = server,
                        count = refused.len(),
                        list = list,
                        delivered = *delivered
                    ),
                    tr!(lang, "mail-error-recipients-hint"),
                )
            }
            E::Rejected { server, reply } => (
                tr!(lang, "mail-error-rejected", server = server, reply = reply),
                tr!(lang, "mail-error-rejected-hint"),
            ),
            E::Protocol { server, detail } => (
                tr!(
                    lang,
                    "mail-error-protocol",
                    server = server,
                    detail = detail
                ),
                tr!(lang, "mail-tls-port-hint"),
            ),
        };
        (message, Some(hint))
    }
}
