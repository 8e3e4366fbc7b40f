//! `mail:` — the SMTP server and recipients of the job mails, read from
//! tresor.yaml into [`MailSettings`] (what `report::mail` sends with), and
//! its lines in `tresor config check` (never the password).
//!
//! ```yaml
//! mail:
//!   smtp: { host: mail.example.de, port: 587, security: starttls,
//!           user: backup@praxis-muster.de, password_env: TRESOR_SMTP_PASSWORD }
//!   from: 'Datensicherung Praxis Dr. Muster <backup@praxis-muster.de>'
//!   to: [praxis@praxis-muster.de, technik@it-partner.de]
//!   send: always        # or: problems
//! ```
//!
//! Plain SMTP (`security: none`) is accepted only to a relay on this machine
//! (`localhost`, `127.0.0.1`, `::1`): to any other host the password and
//! the practice's backup report would cross the network unencrypted.

use std::net::IpAddr;
use std::path::PathBuf;

use secrecy::SecretString;

use super::document::Reader;
use super::error::{ConfigError, ErrorKind};
use super::model::SecretSource;
use super::read::{join, Doc, Fields};
use super::suggest::closest;
use super::yaml::{Node, Value};
use crate::i18n::Language;
use crate::tr;

/// Where job mails go and through which server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailSettings {
    /// Sender address as written (`Datensicherung Praxis <backup@praxis.de>`);
    /// checked to parse as a mailbox when the configuration is read.
    pub from: String,
    /// Recipients (practice, IT partner), each checked like `from`; at least one.
    pub to: Vec<String>,
    /// The server that takes the mails.
    pub smtp: Smtp,
    /// For which runs a mail is sent.
    pub send: SendWhen,
}

/// The SMTP server (`mail.smtp`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Smtp {
    /// Host name or IP address.
    pub host: String,
    /// TCP port (default by `security`: 587, 465 or 25).
    pub port: u16,
    /// How the connection is protected.
    pub security: Security,
    /// Login name for SMTP AUTH; without it no AUTH is tried.
    pub user: Option<String>,
    /// The password for `user` (`password:` or `password_env:`).
    pub password: Option<SecretSource>,
    /// An extra certificate authority (PEM file) to trust besides the
    /// system's: a mail server with a certificate of the IT partner's own CA.
    pub ca_file: Option<PathBuf>,
    /// How long to wait for the server at each step, in seconds (default 30).
    pub timeout_seconds: u32,
}

/// How the SMTP connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which is required: a server
    /// that does not offer it gets no mail (port 587, "submission",
    /// <https://www.rfc-editor.org/rfc/rfc6409>).
    #[default]
    StartTls,
    /// TLS from the first byte (port 465, <https://www.rfc-editor.org/rfc/rfc8314>).
    Tls,
    /// No encryption: only to a relay on this machine (port 25).
    None,
}

/// For which runs a mail is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SendWhen {
    /// After every run.
    #[default]
    Always,
    /// Only after runs with warnings or a failure.
    Problems,
}

/// Default wait per SMTP step, in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 30;

impl Security {
    /// The configuration word (`starttls`, `tls`, `none`).
    pub fn name(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    /// The usual port: 587 (submission with STARTTLS), 465 (implicit TLS), 25.
    pub fn default_port(self) -> u16 {
        match self {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// `localhost` or a loopback address: where plain SMTP is acceptable.
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

const KEYS: &[&str] = &["smtp", "from", "to", "send"];
const SMTP_KEYS: &[&str] = &[
    "host",
    "port",
    "security",
    "user",
    "password",
    "password_env",
    "ca_file",
    "timeout_seconds",
];

/// Reads the `mail:` section.
pub fn read(r: &Reader<'_>, node: &Node) -> Result<MailSettings, ConfigError> {
    let doc = r.doc;
    let f = doc.fields(node, "mail", KEYS)?;
    let smtp = read_smtp(r, f.required(doc, "smtp")?)?;
    let from_node = f.required(doc, "from")?;
    let from = address(doc, from_node, "mail.from")?;
    let to_node = f.required(doc, "to")?;
    let to = match &to_node.value {
        Value::Scalar(_) => vec![address(doc, to_node, "mail.to")?],
        _ => doc
            .list(to_node, "mail.to")?
            .iter()
            .enumerate()
            .map(|(i, n)| address(doc, n, &format!("mail.to.{i}")))
            .collect::<Result<Vec<_>, _>>()?,
    };
    if to.is_empty() {
        return Err(doc.err(
            to_node.pos,
            ErrorKind::NoRecipients {
                field: "mail.to".into(),
            },
        ));
    }
    let send = match f.get("send") {
        None => SendWhen::default(),
        Some(n) => match choice(doc, n, "mail.send", &["always", "problems"])? {
            "problems" => SendWhen::Problems,
            _ => SendWhen::Always,
        },
    };
    Ok(MailSettings {
        from,
        to,
        smtp,
        send,
    })
}

fn read_smtp(r: &Reader<'_>, node: &Node) -> Result<Smtp, ConfigError> {
    let doc = r.doc;
    let s = "mail.smtp";
    let f = doc.fields(node, s, SMTP_KEYS)?;
    let host_node = f.required(doc, "host")?;
    let host = doc.text(host_node, &join(s, "host"))?.trim().to_string();
    let security = match f.get("security") {
        None => Security::default(),
        Some(n) => match choice(doc, n, &join(s, "security"), &["starttls", "tls", "none"])? {
            "tls" => Security::Tls,
            "none" => Security::None,
            _ => Security::StartTls,
        },
    };
    if security == Security::None && !is_loopback(&host) {
        return Err(doc.err(
            host_node.pos,
            ErrorKind::PlainSmtpToRemote {
                field: join(s, "security"),
                host,
            },
        ));
    }
    let port = match f.get("port") {
        Some(n) => u16::try_from(doc.number(n, &join(s, "port"), 1, 65535)?).unwrap_or(u16::MAX),
        None => security.default_port(),
    };
    let user = f
        .get("user")
        .map(|n| doc.text(n, &join(s, "user")).map(|u| u.trim().to_string()))
        .transpose()?;
    let password = read_password(doc, node, &f, s, user.is_some())?;
    let ca_file = f
        .get("ca_file")
        .map(|n| r.path(n, &join(s, "ca_file")).map(|p| p.local))
        .transpose()?;
    let timeout_seconds = match f.get("timeout_seconds") {
        Some(n) => u32::try_from(doc.number(n, &join(s, "timeout_seconds"), 1, 600)?)
            .unwrap_or(DEFAULT_TIMEOUT_SECONDS),
        None => DEFAULT_TIMEOUT_SECONDS,
    };
    Ok(Smtp {
        host,
        port,
        security,
        user,
        password,
        ca_file,
        timeout_seconds,
    })
}

/// `password:` or `password_env:`, never both; one of them exactly when
/// `user:` is given.
fn read_password(
    doc: Doc<'_>,
    node: &Node,
    f: &Fields<'_>,
    s: &str,
    has_user: bool,
) -> Result<Option<SecretSource>, ConfigError> {
    let inline = f.get("password");
    let env = f.get("password_env");
    if let (Some(_), Some(e)) = (inline, env) {
        return Err(doc.err(
            e.pos,
            ErrorKind::S3FieldConflict {
                field: join(s, "password_env"),
                other: join(s, "password"),
            },
        ));
    }
    match (inline.or(env), has_user) {
        (Some(n), false) => Err(doc.err(
            n.pos,
            ErrorKind::S3FieldConflict {
                field: join(
                    s,
                    if inline.is_some() {
                        "password"
                    } else {
                        "password_env"
                    },
                ),
                other: join(s, "user"),
            },
        )),
        (None, true) => Err(doc.err(
            node.pos,
            ErrorKind::S3FieldMissing {
                field: join(s, "password"),
                alternatives: vec!["password".into(), "password_env".into()],
            },
        )),
        (None, false) => Ok(None),
        (Some(n), true) => Ok(Some(if inline.is_some() {
            SecretSource::Inline(SecretString::from(doc.text(n, &join(s, "password"))?))
        } else {
            SecretSource::Env(doc.text(n, &join(s, "password_env"))?.trim().to_string())
        })),
    }
}

/// One of `allowed` (any case), or a "not allowed" error with a suggestion.
fn choice<'a>(
    doc: Doc<'_>,
    node: &Node,
    field: &str,
    allowed: &[&'a str],
) -> Result<&'a str, ConfigError> {
    let v = doc.text(node, field)?;
    let lower = v.trim().to_ascii_lowercase();
    allowed
        .iter()
        .find(|a| **a == lower)
        .copied()
        .ok_or_else(|| {
            doc.err(
                node.pos,
                ErrorKind::BadChoice {
                    field: field.to_string(),
                    value: v.clone(),
                    suggestion: closest(&lower, allowed),
                    expected: allowed.iter().map(|a| a.to_string()).collect(),
                },
            )
        })
}

/// A mailbox (`a@b.de` or `Name <a@b.de>`), checked with the parser the
/// sender uses (lettre's `Mailbox`, RFC 5322 addresses).
fn address(doc: Doc<'_>, node: &Node, field: &str) -> Result<String, ConfigError> {
    let v = doc.text(node, field)?.trim().to_string();
    match v.parse::<lettre::message::Mailbox>() {
        Ok(_) => Ok(v),
        Err(_) => Err(doc.err(
            node.pos,
            ErrorKind::BadMailAddress {
                field: field.to_string(),
                value: v,
            },
        )),
    }
}

/// The `config check` lines for `mail:` (without the password), each to be
/// indented by the caller.
pub fn check_lines(mail: Option<&MailSettings>, lang: Language) -> Vec<String> {
    let Some(m) = mail else {
        return vec![tr!(lang, "mail-config-none")];
    };
    let s = &m.smtp;
    let login = match (&s.user, &s.password) {
        (Some(user), Some(SecretSource::Env(var))) => {
            tr!(lang, "mail-config-login-env", user = user, var = var)
        }
        (Some(user), _) => tr!(lang, "mail-config-login-inline", user = user),
        (None, _) => tr!(lang, "mail-config-no-login"),
    };
    let mut lines = vec![
        tr!(
            lang,
            "mail-config-server",
            host = &s.host,
            port = s.port.to_string(),
            security = s.security.name(),
            login = login
        ),
        tr!(lang, "mail-config-from", from = &m.from),
        tr!(lang, "mail-config-to", to = m.to.join(", ")),
        match m.send {
            SendWhen::Always => tr!(lang, "mail-config-send-always"),
            SendWhen::Problems => tr!(lang, "mail-config-send-problems"),
        },
    ];
    if let Some(ca) = &s.ca_file {
        lines.push(tr!(
            lang,
            "mail-config-ca-file",
            path = ca.display().to_string()
        ));
    }
    lines.push(tr!(lang, "mail-config-test-hint"));
    lines
}

#[cfg(test)]
mod tests {
    use super::super::{parse, ConfigError, HostContext, Mounts};
    use super::*;

    const HEAD: &str = "\
practice: Praxis Test
keys:
  machine: /srv/tresor/machine.key
destinations:
  rdx: { type: local, path: /srv/rdx }
";

    fn read(mail: &str) -> Result<Option<MailSettings>, ConfigError> {
        let text = format!("{HEAD}{mail}");
        parse(&text, "tresor.yaml", &HostContext::posix(Mounts::default())).map(|c| c.mail)
    }

    fn err(mail: &str) -> ConfigError {
        match read(mail) {
            Ok(m) => panic!("expected an error, read {m:?}"),
            Err(e) => e,
        }
    }

    /// Line and column in the whole file (HEAD has 5 lines).
    fn at(e: &ConfigError) -> (usize, usize) {
        let p = e.position.unwrap_or_else(|| panic!("no position: {e}"));
        (p.line, p.column)
    }

    #[test]
    fn the_suggested_section_reads_with_its_defaults() {
        let m = read(
            "mail:
  smtp: { host: mail.example.de, port: 587, security: starttls, user: backup@praxis-muster.de, password_env: TRESOR_SMTP_PASSWORD }
  from: 'Datensicherung Praxis Dr. Muster <backup@praxis-muster.de>'
  to: [praxis@praxis-muster.de, technik@it-partner.de]
  send: problems
",
        )
        .unwrap()
        .unwrap();
        assert_eq!(m.smtp.host, "mail.example.de");
        assert_eq!(m.smtp.port, 587);
        assert_eq!(m.smtp.security, Security::StartTls);
        assert_eq!(m.smtp.user.as_deref(), Some("backup@praxis-muster.de"));
        assert_eq!(
            m.smtp.password,
            Some(SecretSource::Env("TRESOR_SMTP_PASSWORD".into()))
        );
        assert_eq!(m.smtp.timeout_seconds, DEFAULT_TIMEOUT_SECONDS);
        assert_eq!(m.to.len(), 2);
        assert_eq!(m.send, SendWhen::Problems);

        // Defaults: STARTTLS on 587, implicit TLS on 465, plain on 25; send always.
        let m = read("mail:\n  smtp: { host: smtp.example.de }\n  from: a@b.de\n  to: c@d.de\n")
            .unwrap()
            .unwrap();
        assert_eq!((m.smtp.security, m.smtp.port), (Security::StartTls, 587));
        assert_eq!(m.send, SendWhen::Always);
        assert_eq!(m.to, vec!["c@d.de".to_string()]);
        let m = read("mail:\n  smtp: { host: smtp.example.de, security: TLS }\n  from: a@b.de\n  to: [c@d.de]\n")
            .unwrap()
            .unwrap();
        assert_eq!((m.smtp.security, m.smtp.port), (Security::Tls, 465));
        let m = read(
            "mail:\n  smtp: { host: localhost, security: none }\n  from: a@b.de\n  to: [c@d.de]\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!((m.smtp.security, m.smtp.port), (Security::None, 25));
        assert_eq!(read("").unwrap(), None);
    }

    #[test]
    fn the_example_configuration_sends_mail() {
        let cfg = parse(
            super::super::EXAMPLE_YAML,
            "tresor.example.yaml",
            &HostContext::posix(Mounts::default()),
        )
        .unwrap();
        let m = cfg.mail.expect("the example has a mail: section");
        assert_eq!(m.smtp.host, "mail.example.de");
        assert_eq!(
            m.from,
            "Datensicherung Praxis Dr. Muster <backup@praxis-muster.de>"
        );
        assert_eq!(m.send, SendWhen::Always);
    }

    #[test]
    fn a_bad_address_is_named_with_its_position_in_both_languages() {
        let e = err(
            "mail:\n  smtp: { host: h.de }\n  from: a@b.de\n  to: [ok@b.de, 'Praxis <kaputt>']\n",
        );
        assert_eq!(at(&e), (9, 17));
        let de = e.render(Language::De);
        assert!(
            de.starts_with("tresor.yaml, Zeile 9, Spalte 17: `mail.to.1: Praxis <kaputt>` ist keine gültige E-Mail-Adresse"),
            "{de}"
        );
        let en = e.render(Language::En);
        assert!(
            en.starts_with(
                "tresor.yaml:9:17: `mail.to.1: Praxis <kaputt>` is not a valid mail address"
            ),
            "{en}"
        );
        let e = err("mail:\n  smtp: { host: h.de }\n  from: backup\n  to: a@b.de\n");
        assert_eq!(at(&e), (8, 9));
        assert!(
            matches!(*e.kind, ErrorKind::BadMailAddress { ref field, .. } if field == "mail.from")
        );
        let e = err("mail:\n  smtp: { host: h.de }\n  from: a@b.de\n  to: []\n");
        assert!(matches!(*e.kind, ErrorKind::NoRecipients { .. }), "{e}");
        assert!(e.render(Language::De).contains("nennt keinen Empfänger"));
    }

    #[test]
    fn plain_smtp_is_only_for_a_local_relay() {
        for host in ["localhost", "127.0.0.1", "::1", "[::1]"] {
            let yaml = format!("mail:\n  smtp: {{ host: '{host}', security: none }}\n  from: a@b.de\n  to: c@d.de\n");
            assert!(read(&yaml).is_ok(), "{host}");
        }
        let e = err("mail:\n  smtp: { host: mail.example.de, security: none, user: u, password: p }\n  from: a@b.de\n  to: c@d.de\n");
        assert_eq!(at(&e), (7, 17));
        let de = e.render(Language::De);
        assert!(de.contains("`mail.smtp.security: none` (unverschlüsselt) ist nur für einen Mailserver auf diesem Rechner erlaubt"), "{de}");
        assert!(de.contains("mail.example.de"), "{de}");
        let en = e.render(Language::En);
        assert!(en.contains("would cross the network unencrypted"), "{en}");
    }

    #[test]
    fn password_and_user_go_together_and_only_one_password() {
        let e = err("mail:\n  smtp: { host: h.de, user: u, password: p, password_env: X }\n  from: a@b.de\n  to: c@d.de\n");
        assert!(
            matches!(*e.kind, ErrorKind::S3FieldConflict { ref field, .. } if field == "mail.smtp.password_env"),
            "{e}"
        );
        let e = err("mail:\n  smtp: { host: h.de, user: u }\n  from: a@b.de\n  to: c@d.de\n");
        assert!(
            matches!(*e.kind, ErrorKind::S3FieldMissing { ref field, .. } if field == "mail.smtp.password"),
            "{e}"
        );
        let e = err("mail:\n  smtp: { host: h.de, password: p }\n  from: a@b.de\n  to: c@d.de\n");
        assert!(
            matches!(*e.kind, ErrorKind::S3FieldConflict { ref other, .. } if other == "mail.smtp.user"),
            "{e}"
        );
        // Inline passwords stay out of Debug output.
        let m = read("mail:\n  smtp: { host: h.de, user: u, password: sehr-geheim }\n  from: a@b.de\n  to: c@d.de\n")
            .unwrap()
            .unwrap();
        assert!(!format!("{m:?}").contains("sehr-geheim"));
    }

    #[test]
    fn wrong_words_and_numbers_get_suggestions() {
        let e =
            err("mail:\n  smtp: { host: h.de, security: startls }\n  from: a@b.de\n  to: c@d.de\n");
        assert!(
            e.render(Language::De).contains("meinten Sie `starttls`?"),
            "{e}"
        );
        let e = err("mail:\n  smtp: { host: h.de }\n  from: a@b.de\n  to: c@d.de\n  send: immer\n");
        assert!(matches!(*e.kind, ErrorKind::BadChoice { .. }), "{e}");
        assert_eq!(at(&e), (10, 9));
        let e = err("mail:\n  smtp: { host: h.de, port: 70000 }\n  from: a@b.de\n  to: c@d.de\n");
        assert!(matches!(*e.kind, ErrorKind::OutOfRange { .. }), "{e}");
        let e = err("mail:\n  smtp: { host: h.de, tls: yes }\n  from: a@b.de\n  to: c@d.de\n");
        assert!(matches!(*e.kind, ErrorKind::UnknownKey { .. }), "{e}");
        let e = err("mail:\n  from: a@b.de\n  to: c@d.de\n");
        assert!(
            matches!(*e.kind, ErrorKind::MissingKey { ref key, .. } if key == "smtp"),
            "{e}"
        );
    }

    #[test]
    fn config_check_shows_the_server_but_never_the_password() {
        let m = read("mail:\n  smtp: { host: h.de, user: backup@h.de, password: sehr-geheim }\n  from: a@b.de\n  to: [c@d.de, e@f.de]\n")
            .unwrap();
        let de = check_lines(m.as_ref(), Language::De).join("\n");
        assert!(
            de.contains(
                "Server: h.de:587 (starttls), Anmeldung als backup@h.de, Passwort in tresor.yaml"
            ),
            "{de}"
        );
        assert!(de.contains("Empfänger: c@d.de, e@f.de"), "{de}");
        assert!(de.contains("tresor mail test"), "{de}");
        assert!(!de.contains("sehr-geheim"), "{de}");
        let none = check_lines(None, Language::En).join("\n");
        assert!(none.contains("not set up"), "{none}");
    }
}
