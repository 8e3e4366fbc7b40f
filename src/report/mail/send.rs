//! Delivering a [`MailText`] over SMTP with lettre (rustls, no OpenSSL):
//! STARTTLS (required), implicit TLS or plain to a local relay; AUTH when a
//! user is configured; a timeout per step. The dialogue is driven step by
//! step (connect, TLS, AUTH, MAIL, RCPT per recipient, DATA) so that a
//! failure names what failed: the connection, the certificate, the login, a
//! recipient. A refused recipient does not keep the mail from the others.
//!
//! The message is `text/plain; charset=utf-8` with `Date`, `Message-ID`,
//! `Auto-Submitted: auto-generated` (RFC 3834: no vacation replies to a
//! machine, <https://www.rfc-editor.org/rfc/rfc3834#section-5>) and
//! `X-Auto-Response-Suppress: All` (the same for Exchange/Outlook,
//! <https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-oxcmail/ced68690-498a-4567-9d14-5c01f974d8b1>).

use std::io;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use secrecy::ExposeSecret;

use super::compose::MailText;
use super::error::{ConnectProblem, MailError, TlsProblem};
use crate::config::mail::{MailSettings, Security, Smtp};
use crate::config::SecretSource;

type SmtpError = lettre::transport::smtp::Error;

/// Sends `mail` to every recipient of `settings` through its SMTP server.
///
/// Blocking; each step waits at most `smtp.timeout_seconds`. `Ok` means the
/// server accepted the message for every recipient. Errors:
/// [`MailError::RecipientRefused`] when some recipients were refused (the
/// others got the mail: `delivered`); every other error means nobody got it.
pub fn send(settings: &MailSettings, mail: &MailText) -> Result<(), MailError> {
    let message = build(settings, mail)?;
    deliver(&settings.smtp, message.envelope(), &message.formatted())
}

/// The message with its headers.
pub fn build(settings: &MailSettings, mail: &MailText) -> Result<Message, MailError> {
    let mailbox = |v: &str| {
        v.parse::<Mailbox>().map_err(|_| MailError::Address {
            value: v.to_string(),
        })
    };
    let from = mailbox(&settings.from)?;
    let mut b = Message::builder()
        .message_id(Some(message_id(&from)))
        .date_now()
        .from(from)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Auto-Response-Suppress"),
            "All".into(),
        ));
    for to in &settings.to {
        b = b.to(mailbox(to)?);
    }
    b.body(mail.body.clone()).map_err(|_| MailError::Address {
        value: settings.to.join(", "),
    })
}

/// `<time.random@sender-domain>` (RFC 5322 section 3.6.4): unique, and in
/// the sender's domain rather than the server's bare host name.
fn message_id(from: &Mailbox) -> String {
    let now = chrono::Utc::now();
    format!(
        "<{}.{:016x}.tresor@{}>",
        now.format("%Y%m%d%H%M%S%3f"),
        rand::random::<u64>(),
        from.email.domain()
    )
}

/// Where in the dialogue an error happened: it decides what the error means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Connect,
    StartTls,
    Auth,
    Mail,
    Data,
}

fn deliver(s: &Smtp, envelope: &Envelope, bytes: &[u8]) -> Result<(), MailError> {
    let server = format!("{}:{}", s.host, s.port);
    let fail = |stage: Stage, e: SmtpError| classify(stage, &e, s, &server);
    let timeout = Some(Duration::from_secs(u64::from(s.timeout_seconds)));
    let tls = match s.security {
        Security::None => None,
        Security::StartTls | Security::Tls => Some(tls_parameters(s)?),
    };
    let password = match (&s.user, &s.password) {
        (Some(user), Some(p)) => Some((user.clone(), password(p)?)),
        (Some(user), None) => Some((user.clone(), String::new())),
        _ => None,
    };
    let hello = ClientId::default();
    let implicit = match s.security {
        Security::Tls => tls.as_ref(),
        _ => None,
    };
    let mut conn =
        SmtpConnection::connect((s.host.as_str(), s.port), timeout, &hello, implicit, None)
            .map_err(|e| fail(Stage::Connect, e))?;
    let result = dialogue(&mut conn, s, envelope, bytes, tls.as_ref(), password, &fail);
    match &result {
        Ok(()) | Err(MailError::RecipientRefused { .. }) => {
            let _ = conn.quit();
        }
        Err(_) => conn.abort(),
    }
    result
}

fn dialogue(
    conn: &mut SmtpConnection,
    s: &Smtp,
    envelope: &Envelope,
    bytes: &[u8],
    tls: Option<&TlsParameters>,
    login: Option<(String, String)>,
    fail: &dyn Fn(Stage, SmtpError) -> MailError,
) -> Result<(), MailError> {
    let server = format!("{}:{}", s.host, s.port);
    if s.security == Security::StartTls {
        if !conn.server_info().supports_feature(Extension::StartTls) {
            return Err(MailError::Tls {
                server,
                problem: TlsProblem::NoStartTls,
            });
        }
        if let Some(tls) = tls {
            conn.starttls(tls, &ClientId::default())
                .map_err(|e| fail(Stage::StartTls, e))?;
        }
    }
    if let Some((user, password)) = login {
        conn.auth(
            &[Mechanism::Plain, Mechanism::Login],
            &Credentials::new(user, password),
        )
        .map_err(|e| fail(Stage::Auth, e))?;
    }
    let mut params = Vec::new();
    if !bytes.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
        params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let non_ascii = envelope
        .to()
        .iter()
        .chain(envelope.from())
        .any(|a| !a.to_string().is_ascii());
    if non_ascii && conn.server_info().supports_feature(Extension::SmtpUtfEight) {
        params.push(MailParameter::SmtpUtfEight);
    }
    conn.command(Mail::new(envelope.from().cloned(), params))
        .map_err(|e| match fail(Stage::Mail, e) {
            MailError::SenderRefused { server, reply, .. } => MailError::SenderRefused {
                server,
                from: envelope.from().map(|a| a.to_string()).unwrap_or_default(),
                reply,
            },
            other => other,
        })?;
    let mut refused = Vec::new();
    let mut accepted = 0usize;
    for to in envelope.to() {
        match conn.command(Rcpt::new(to.clone(), Vec::new())) {
            Ok(_) => accepted += 1,
            Err(e) if e.status().is_some() => refused.push((to.to_string(), reply(&e))),
            Err(e) => return Err(fail(Stage::Mail, e)),
        }
    }
    if accepted == 0 {
        return Err(MailError::RecipientRefused {
            server,
            refused,
            delivered: 0,
        });
    }
    conn.command(Data).map_err(|e| fail(Stage::Data, e))?;
    conn.message(bytes).map_err(|e| fail(Stage::Data, e))?;
    if refused.is_empty() {
        Ok(())
    } else {
        Err(MailError::RecipientRefused {
            server,
            refused,
            delivered: accepted,
        })
    }
}

/// The TLS settings: the host name the certificate must carry, the
/// system's roots plus `ca_file`.
fn tls_parameters(s: &Smtp) -> Result<TlsParameters, MailError> {
    let mut b = TlsParameters::builder(s.host.clone());
    if let Some(path) = &s.ca_file {
        let bad = || MailError::CaFile {
            path: path.display().to_string(),
        };
        let pem = std::fs::read(path).map_err(|_| bad())?;
        // lettre accepts a file without any certificate in it.
        if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
            return Err(bad());
        }
        b = b.add_root_certificate(Certificate::from_pem(&pem).map_err(|_| bad())?);
    }
    b.build_rustls().map_err(|e| MailError::Tls {
        server: format!("{}:{}", s.host, s.port),
        problem: TlsProblem::Other(e.to_string()),
    })
}

fn password(p: &SecretSource) -> Result<String, MailError> {
    match p {
        SecretSource::Inline(s) => Ok(s.expose_secret().to_string()),
        SecretSource::Env(var) => {
            std::env::var(var).map_err(|_| MailError::PasswordMissing { var: var.clone() })
        }
    }
}

/// `535 5.7.8 Authentication credentials invalid` from a negative reply.
fn reply(e: &SmtpError) -> String {
    let text = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    match e.status() {
        Some(code) => format!("{code} {text}").trim().to_string(),
        None => text,
    }
}

/// The first I/O error in the chain, and the whole chain as text.
fn io_cause(e: &SmtpError) -> (Option<io::ErrorKind>, String) {
    let mut kind = None;
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if kind.is_none() {
            kind = s.downcast_ref::<io::Error>().map(io::Error::kind);
        }
        let t = s.to_string();
        if !text.contains(&t) {
            text = format!("{text}: {t}");
        }
        source = s.source();
    }
    (kind, text)
}

fn classify(stage: Stage, e: &SmtpError, s: &Smtp, server: &str) -> MailError {
    let server = server.to_string();
    let (kind, text) = io_cause(e);
    // A socket read timeout is `WouldBlock` on Unix, `TimedOut` on Windows.
    if e.is_timeout()
        || matches!(
            kind,
            Some(io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
        )
    {
        return MailError::Timeout {
            server,
            seconds: s.timeout_seconds,
        };
    }
    let tls_active =
        stage == Stage::StartTls || (stage == Stage::Connect && s.security == Security::Tls);
    if let Some(kind) = kind {
        let problem = match kind {
            io::ErrorKind::ConnectionRefused => Some(ConnectProblem::Refused),
            io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => {
                Some(ConnectProblem::Unreachable)
            }
            _ => None,
        };
        if let (Some(problem), Stage::Connect) = (problem, stage) {
            return MailError::Connect { server, problem };
        }
    }
    if stage == Stage::Connect && (text.contains("lookup") || text.contains("resolve")) {
        return MailError::Connect {
            server,
            problem: ConnectProblem::UnknownHost,
        };
    }
    if e.is_tls() || (tls_active && e.status().is_none()) {
        return MailError::Tls {
            server,
            problem: tls_problem(&text),
        };
    }
    match (stage, e.status()) {
        (Stage::StartTls, Some(_)) => MailError::Tls {
            server,
            problem: TlsProblem::NoStartTls,
        },
        (Stage::Auth, Some(_)) => MailError::AuthRejected {
            server,
            user: s.user.clone().unwrap_or_default(),
            reply: reply(e),
        },
        (Stage::Auth, None) if text.contains("authentication mechanism") => {
            MailError::AuthUnsupported { server }
        }
        (Stage::Mail, Some(code)) if code.to_string() == "530" => MailError::AuthRequired {
            server,
            reply: reply(e),
        },
        (Stage::Mail, Some(_)) => MailError::SenderRefused {
            server,
            from: String::new(),
            reply: reply(e),
        },
        (Stage::Data, Some(_)) => MailError::Rejected {
            server,
            reply: reply(e),
        },
        (Stage::Connect, None) if kind.is_some() && !e.is_client() && !e.is_response() => {
            MailError::Connect {
                server,
                problem: ConnectProblem::Other(text),
            }
        }
        _ => MailError::Protocol {
            server,
            detail: text,
        },
    }
}

/// rustls' description of a failed handshake, classified
/// (<https://docs.rs/rustls/latest/rustls/enum.CertificateError.html>).
fn tls_problem(text: &str) -> TlsProblem {
    if text.contains("UnknownIssuer") || text.contains("BadSignature") {
        TlsProblem::Untrusted
    } else if text.contains("NotValidForName") {
        TlsProblem::WrongName
    } else if text.contains("Expired") || text.contains("NotValidYet") {
        TlsProblem::Expired
    } else if text.contains("CaUsedAsEndEntity") {
        TlsProblem::CaAsServerCertificate
    } else if text.contains("InvalidContentType") || text.contains("corrupt message") {
        TlsProblem::NotTls
    } else {
        TlsProblem::Other(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_failures_are_classified_from_rustls_words() {
        let t = |s: &str| tls_problem(&format!("network error: invalid peer certificate: {s}"));
        assert_eq!(t("UnknownIssuer"), TlsProblem::Untrusted);
        assert_eq!(t("NotValidForNameContext { .. }"), TlsProblem::WrongName);
        assert_eq!(t("ExpiredContext { .. }"), TlsProblem::Expired);
        assert_eq!(
            t("Other(OtherError(CaUsedAsEndEntity))"),
            TlsProblem::CaAsServerCertificate
        );
        assert_eq!(
            tls_problem("received corrupt message of type InvalidContentType"),
            TlsProblem::NotTls
        );
        assert!(matches!(tls_problem("something new"), TlsProblem::Other(_)));
    }
}
