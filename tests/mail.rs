//! Job mails against a real SMTP server on loopback (aiosmtpd, installed by
//! scripts/test.sh): `tresor mail test` plain to localhost, with STARTTLS and
//! AUTH, with implicit TLS; the errors a practice meets (wrong password,
//! server down, untrusted certificate, no STARTTLS, a refused recipient) with
//! exit 2 and their message in German and English; what arrives (subject
//! with umlauts and dash, Auto-Submitted, From/To, body). And the library
//! path the job runner takes: `compose` + `send` of a failed run record.

mod common;
#[path = "support/smtp.rs"]
mod smtp;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use smtp::{free_port, Mode, Options, SmtpServer};

const FROM: &str = "Datensicherung Praxis Dr. Müller <backup@praxis-mueller.de>";
const PASSWORD_VAR: &str = "TRESOR_TEST_SMTP_PASSWORD";

/// A tresor.yaml with `smtp` as the `mail.smtp` flow mapping.
fn config(dir: &Path, smtp: &str, to: &str) -> PathBuf {
    let yaml = format!(
        "practice: Praxis Dr. Müller\nlanguage: de\nkeys:\n  machine: {key}\n\
         destinations:\n  rdx: {{ type: local, path: {rdx} }}\n\
         mail:\n  smtp: {{ {smtp} }}\n  from: '{FROM}'\n  to: [{to}]\n",
        key = dir.join("machine.key").display(),
        rdx = dir.join("rdx").display(),
    );
    let path = dir.join("tresor.yaml");
    std::fs::write(&path, yaml).unwrap();
    path
}

fn plain(port: u16) -> String {
    format!("host: 127.0.0.1, port: {port}, security: none")
}

fn starttls(server: &SmtpServer) -> String {
    format!(
        "host: 127.0.0.1, port: {}, security: starttls, user: backup@praxis-mueller.de, \
         password_env: {PASSWORD_VAR}, ca_file: {}",
        server.port,
        server.ca_file.as_ref().unwrap().display()
    )
}

fn mail_test(config: &Path, lang: &str) -> Command {
    let mut c = tresor();
    c.args(["--config"])
        .arg(config)
        .args(["--language", lang, "mail", "test"]);
    c
}

fn login() -> Option<(String, String)> {
    Some(("backup@praxis-mueller.de".into(), "richtig-geheim".into()))
}

#[test]
fn plain_to_localhost_arrives_with_its_headers_and_body() {
    let server = SmtpServer::start(Options::plain());
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &plain(server.port),
        "praxis@praxis-mueller.de, technik@it-partner.de",
    );
    let r = ok(&mut mail_test(&cfg, "de"));
    assert!(
        r.stdout.contains(&format!(
            "Der Mailserver 127.0.0.1:{} hat die Testnachricht angenommen",
            server.port
        )),
        "{}",
        r.stdout
    );
    let got = server.wait_for(1);
    assert_eq!(got.len(), 1, "{}", server.log());
    let m = &got[0];
    let subject = m.header("Subject").unwrap();
    assert!(
        subject.starts_with("Testnachricht der Datensicherung – Praxis Dr. Müller – "),
        "{subject}"
    );
    // On the wire the subject is an RFC 2047 encoded word: plain ASCII.
    let raw_subject = m.raw_header("Subject").unwrap();
    assert!(raw_subject.is_ascii(), "{raw_subject}");
    assert!(raw_subject.contains("=?utf-8?b?"), "{raw_subject}");
    assert!(m.raw.is_ascii(), "the whole message is 7-bit");
    assert_eq!(m.header("Auto-Submitted"), Some("auto-generated"));
    // The display name has a `.`: quoted on the wire (RFC 5322 section 3.2.5).
    assert_eq!(
        m.header("From"),
        Some("\"Datensicherung Praxis Dr. Müller\" <backup@praxis-mueller.de>")
    );
    let to = m.header("To").unwrap();
    assert!(
        to.contains("praxis@praxis-mueller.de") && to.contains("technik@it-partner.de"),
        "{to}"
    );
    assert!(m.header("Date").is_some());
    assert!(
        m.header("Message-ID")
            .is_some_and(|id| id.ends_with("@praxis-mueller.de>")),
        "{:?}",
        m.header("Message-ID")
    );
    assert_eq!(m.json["content_type"], "text/plain");
    assert_eq!(m.json["charset"], "utf-8");
    assert_eq!(m.json["mail_from"], "backup@praxis-mueller.de");
    assert_eq!(
        m.json["rcpt_tos"],
        serde_json::json!(["praxis@praxis-mueller.de", "technik@it-partner.de"])
    );
    assert_eq!(m.json["tls"], false);
    assert!(
        m.body()
            .contains("Wenn Sie diese E-Mail lesen, kommen die Nachrichten der Datensicherung an."),
        "{}",
        m.body()
    );
}

#[test]
fn starttls_with_login_arrives_encrypted_and_logged_in() {
    let server = SmtpServer::start(Options {
        mode: Mode::StartTls,
        login: login(),
        refuse: None,
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &starttls(&server), "praxis@praxis-mueller.de");
    let r = ok(mail_test(&cfg, "en").env(PASSWORD_VAR, "richtig-geheim"));
    assert!(
        r.stdout.contains("accepted the test message"),
        "{}",
        r.stdout
    );
    let got = server.wait_for(1);
    assert_eq!(got.len(), 1, "{}", server.log());
    assert_eq!(got[0].json["tls"], true);
    assert_eq!(got[0].json["authenticated"], true);
    assert!(got[0]
        .header("Subject")
        .unwrap()
        .starts_with("Backup test message – Praxis Dr. Müller – "));
}

#[test]
fn implicit_tls_with_login_arrives() {
    let server = SmtpServer::start(Options {
        mode: Mode::Tls,
        login: login(),
        refuse: None,
    });
    let dir = tempfile::tempdir().unwrap();
    let smtp = format!(
        "host: 127.0.0.1, port: {}, security: tls, user: backup@praxis-mueller.de, \
         password: richtig-geheim, ca_file: {}",
        server.port,
        server.ca_file.as_ref().unwrap().display()
    );
    let cfg = config(dir.path(), &smtp, "praxis@praxis-mueller.de");
    ok(&mut mail_test(&cfg, "de"));
    let got = server.wait_for(1);
    assert_eq!(got.len(), 1, "{}", server.log());
    assert_eq!(got[0].json["tls"], true);
    assert_eq!(got[0].json["authenticated"], true);
}

#[test]
fn a_wrong_password_is_refused_with_exit_2_in_both_languages() {
    let server = SmtpServer::start(Options {
        mode: Mode::StartTls,
        login: login(),
        refuse: None,
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &starttls(&server), "praxis@praxis-mueller.de");
    let de = expect_code(mail_test(&cfg, "de").env(PASSWORD_VAR, "falsch"), 2);
    assert!(
        de.stderr.contains(&format!(
            "Der Mailserver 127.0.0.1:{} hat die Anmeldung als backup@praxis-mueller.de abgelehnt (Antwort: 535",
            server.port
        )),
        "{}",
        de.stderr
    );
    assert!(de.stderr.contains("App-Passwort"), "{}", de.stderr);
    let en = expect_code(mail_test(&cfg, "en").env(PASSWORD_VAR, "falsch"), 2);
    assert!(
        en.stderr
            .contains("refused the login as backup@praxis-mueller.de (reply: 535"),
        "{}",
        en.stderr
    );
    assert!(en.stderr.contains("app password"), "{}", en.stderr);
    // The JSON document carries the stable code.
    let j = expect_code(
        mail_test(&cfg, "en")
            .arg("--json")
            .env(PASSWORD_VAR, "falsch"),
        2,
    );
    let doc: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "mail_auth");
    assert_eq!(doc["command"], "mail");
    assert!(server.messages().is_empty());
    // Without the variable: said, before any connection.
    let unset = expect_code(mail_test(&cfg, "de").env_remove(PASSWORD_VAR), 2);
    assert!(
        unset.stderr.contains(&format!(
            "Die Umgebungsvariable {PASSWORD_VAR} (mail.smtp.password_env) ist nicht gesetzt"
        )),
        "{}",
        unset.stderr
    );
}

#[test]
fn a_server_that_is_down_is_a_connection_error_with_exit_2() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), &plain(port), "praxis@praxis-mueller.de");
    let de = expect_code(&mut mail_test(&cfg, "de"), 2);
    assert!(
        de.stderr.contains(&format!(
            "Keine Verbindung zum Mailserver 127.0.0.1:{port}: Der Server lehnt die Verbindung ab"
        )),
        "{}",
        de.stderr
    );
    assert!(
        de.stderr.contains("mail.smtp.host und mail.smtp.port"),
        "{}",
        de.stderr
    );
    let en = expect_code(mail_test(&cfg, "en").arg("--json"), 2);
    assert!(
        en.stderr.contains(&format!(
            "No connection to the mail server 127.0.0.1:{port}: The server refuses the connection"
        )),
        "{}",
        en.stderr
    );
    let doc: serde_json::Value = serde_json::from_str(&en.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "mail_connect");
    assert_eq!(doc["exit_code"], 2);
}

#[test]
fn an_untrusted_certificate_and_a_missing_starttls_are_tls_errors() {
    let server = SmtpServer::start(Options {
        mode: Mode::StartTls,
        login: login(),
        refuse: None,
    });
    let dir = tempfile::tempdir().unwrap();
    // Without ca_file the self-signed certificate is not trusted.
    let smtp = format!(
        "host: 127.0.0.1, port: {}, security: starttls, user: backup@praxis-mueller.de, password: richtig-geheim",
        server.port
    );
    let cfg = config(dir.path(), &smtp, "praxis@praxis-mueller.de");
    let de = expect_code(&mut mail_test(&cfg, "de"), 2);
    assert!(
        de.stderr
            .contains("Sein Zertifikat ist von keiner vertrauenswürdigen Stelle ausgestellt"),
        "{}",
        de.stderr
    );
    assert!(de.stderr.contains("mail.smtp.ca_file"), "{}", de.stderr);
    let en = expect_code(&mut mail_test(&cfg, "en"), 2);
    assert!(
        en.stderr
            .contains("Its certificate is not issued by a trusted authority"),
        "{}",
        en.stderr
    );

    // A plain server and `security: starttls`: nothing is sent unencrypted.
    let plain_server = SmtpServer::start(Options::plain());
    let smtp = format!(
        "host: 127.0.0.1, port: {}, security: starttls, user: u, password: p",
        plain_server.port
    );
    let cfg = config(dir.path(), &smtp, "praxis@praxis-mueller.de");
    let de = expect_code(mail_test(&cfg, "de").arg("--json"), 2);
    assert!(
        de.stderr
            .contains("Der Server bietet keine Verschlüsselung (STARTTLS) an"),
        "{}",
        de.stderr
    );
    let doc: serde_json::Value = serde_json::from_str(&de.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "mail_tls");
    assert!(plain_server.messages().is_empty());
    assert!(server.messages().is_empty());
}

#[test]
fn a_refused_recipient_is_named_and_the_others_get_the_mail() {
    let server = SmtpServer::start(Options {
        mode: Mode::Plain,
        login: None,
        refuse: Some("niemand@".into()),
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &plain(server.port),
        "praxis@praxis-mueller.de, niemand@praxis-mueller.de",
    );
    let de = expect_code(&mut mail_test(&cfg, "de"), 2);
    assert!(
        de.stderr.contains(
            "hat einen Empfänger abgelehnt: niemand@praxis-mueller.de (550 5.1.1 <niemand@praxis-mueller.de>"
        ),
        "{}",
        de.stderr
    );
    assert!(
        de.stderr
            .contains("Ein anderer Empfänger hat sie bekommen."),
        "{}",
        de.stderr
    );
    let got = server.wait_for(1);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].json["rcpt_tos"],
        serde_json::json!(["praxis@praxis-mueller.de"])
    );
    let en = expect_code(mail_test(&cfg, "en").arg("--json"), 2);
    assert!(en.stderr.contains("refused one recipient"), "{}", en.stderr);
    let doc: serde_json::Value = serde_json::from_str(&en.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "mail_recipient_refused");
}

#[test]
fn without_a_mail_section_the_test_is_a_configuration_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tresor.yaml");
    std::fs::write(
        &path,
        format!(
            "practice: P\nkeys:\n  machine: {}\ndestinations:\n  rdx: {{ type: local, path: {} }}\n",
            dir.path().join("m.key").display(),
            dir.path().join("rdx").display()
        ),
    )
    .unwrap();
    let de = expect_code(&mut mail_test(&path, "de"), 3);
    assert!(
        de.stderr.contains("kein E-Mail-Versand eingerichtet"),
        "{}",
        de.stderr
    );
    let en = expect_code(mail_test(&path, "en").arg("--json"), 3);
    let doc: serde_json::Value = serde_json::from_str(&en.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "mail_not_configured");
}

/// What the job runner does after a failed run: compose the record's mail
/// and send it; it arrives with the failure in the subject and what to do.
#[test]
fn a_failed_run_record_is_composed_and_arrives() {
    use tresor::config::mail::{MailSettings, Security, SendWhen, Smtp};
    use tresor::i18n::Language;
    use tresor::report::mail;
    use tresor::report::record::{Notice, RunKind, RunRecord};

    let server = SmtpServer::start(Options::plain());
    let settings = MailSettings {
        from: FROM.into(),
        to: vec!["praxis@praxis-mueller.de".into()],
        smtp: Smtp {
            host: "127.0.0.1".into(),
            port: server.port,
            security: Security::None,
            user: None,
            password: None,
            ca_file: None,
            timeout_seconds: 30,
        },
        send: SendWhen::Problems,
    };
    let mut record = RunRecord::start(RunKind::Backup, Some("nightly"), "Praxis Dr. Müller");
    record.errors.push(Notice {
        code: String::from("medium_missing"),
        text: "Keine Kassette eingelegt: bitte „Dienstag Praxis“ einlegen.".into(),
    });
    record.finish(2);
    assert!(mail::wanted(&settings, &record));
    let text = mail::compose(Language::De, &record);
    mail::send(&settings, &text).unwrap();
    let got = server.wait_for(1);
    assert_eq!(got.len(), 1, "{}", server.log());
    let subject = got[0].header("Subject").unwrap();
    assert!(
        subject.starts_with("Datensicherung FEHLGESCHLAGEN – Praxis Dr. Müller – "),
        "{subject}"
    );
    let body = got[0].body();
    assert!(
        body.contains("Keine Kassette eingelegt: bitte „Dienstag Praxis“ einlegen."),
        "{body}"
    );
    assert!(
        body.contains("Es wurde keine neue Sicherung geschrieben."),
        "{body}"
    );
    assert!(
        body.contains("Bitte informieren Sie noch heute Ihren IT-Betreuer"),
        "{body}"
    );

    // `send: problems` sends nothing for a run that went well.
    record.finish(0);
    assert!(!mail::wanted(&settings, &record));
}

/// A server that accepts the connection and never answers: the configured
/// timeout ends the wait with its own error.
#[test]
fn a_silent_server_ends_in_a_timeout() {
    use tresor::config::mail::{MailSettings, Security, SendWhen, Smtp};
    use tresor::i18n::Language;
    use tresor::report::mail::{self, MailError};

    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    // The connection stays open, silent, until the client has given up:
    // only its own timeout can end the wait.
    let (gave_up, until_given_up) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let conn = listener.accept();
        let _ = until_given_up.recv();
        drop(conn);
    });
    let settings = MailSettings {
        from: FROM.into(),
        to: vec!["praxis@praxis-mueller.de".into()],
        smtp: Smtp {
            host: "127.0.0.1".into(),
            port,
            security: Security::None,
            user: None,
            password: None,
            ca_file: None,
            timeout_seconds: 1,
        },
        send: SendWhen::Always,
    };
    let text = mail::MailText {
        subject: "x".into(),
        body: "y".into(),
    };
    let e = mail::send(&settings, &text).unwrap_err();
    gave_up.send(()).unwrap();
    assert!(matches!(e, MailError::Timeout { seconds: 1, .. }), "{e:?}");
    assert_eq!(e.code(), "mail_timeout");
    let (de, hint) = e.render(Language::De);
    assert_eq!(
        de,
        format!("Der Mailserver 127.0.0.1:{port} hat nicht innerhalb einer Sekunde geantwortet.")
    );
    assert!(hint.unwrap().contains("Port 465"));
    holder.join().unwrap();
}

/// A practice with the job `feierabend` (sources `C:\Daten` and
/// `C:\Briefe`, one file each, to the local RDX) and a `mail:` section with
/// `smtp` as its `smtp` flow mapping and `extra` (e.g. `  send: problems\n`)
/// after `to`.
fn job_config(root: &Path, smtp: &str, extra: &str) -> PathBuf {
    for (folder, file, text) in [
        ("C/Daten", "befund.txt", "Befund 1"),
        ("C/Briefe", "brief.txt", "Brief 1"),
    ] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(root.join(folder).join(file), text).unwrap();
    }
    std::fs::create_dir_all(root.join("keys")).unwrap();
    let cfg = root.join("tresor.yaml");
    std::fs::write(
        &cfg,
        format!(
            "practice: Praxis Dr. Müller\ndrives:\n  C: {c}\nkeys:\n  machine: {r}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: {r}/RDX }}\n\
             sources:\n  - path: 'C:\\Daten'\n  - path: 'C:\\Briefe'\n\
             jobs:\n  feierabend: {{ destination: rdx }}\n\
             mail:\n  smtp: {{ {smtp} }}\n  from: '{FROM}'\n  to: [praxis@praxis-mueller.de]\n{extra}",
            c = root.join("C").display(),
            r = root.display(),
        ),
    )
    .unwrap();
    cfg
}

/// `tresor --config CFG --language en ARGS…`.
fn job_cmd(cfg: &Path, args: &[&str]) -> Command {
    let mut c = tresor();
    c.arg("--config")
        .arg(cfg)
        .args(["--language", "en"])
        .args(args);
    c
}

/// Found by the review: a job whose mail could not go out (the server is
/// down) must not look like plain success to the Task Scheduler. It exits
/// 1 exactly, says why, and the journal records "warnings".
#[test]
fn a_job_whose_mail_cannot_be_sent_exits_1_and_is_journaled_with_warnings() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let cfg = job_config(root, &plain(port), "");
    let cmd = |args: &[&str]| job_cmd(&cfg, args);
    ok(&mut cmd(&["init"]));
    let r = warned(&mut cmd(&["backup", "--job", "feierabend"]));
    assert!(
        r.stderr.contains(&format!(
            "The mail about this backup was not sent: No connection to the mail server 127.0.0.1:{port}"
        )),
        "{}",
        r.stderr
    );
    // The backup itself is saved.
    let ls = ok(&mut cmd(&["ls", "latest", "C/Daten"]));
    assert!(ls.stdout.contains("befund.txt"), "{}", ls.stdout);
    let show = ok(&mut cmd(&["journal", "show", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let last = &v["entries"].as_array().unwrap().last().unwrap()["record"];
    assert_eq!(last["kind"], "backup", "{last}");
    assert_eq!(last["outcome"], "warnings", "{last}");
    assert_eq!(last["exit_code"], 1, "{last}");
    assert_ne!(last["mailed"], true, "{last}");
    assert!(
        last["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "mail_connect"),
        "{last}"
    );
}

/// Found by the review: `send: problems` must mail a job that ends with
/// warnings (exit 1), not only one that failed: a source folder that is
/// gone must reach the practice. A clean run under `send: problems` sends
/// nothing.
#[test]
fn send_problems_mails_a_job_that_ends_with_warnings_and_not_a_clean_one() {
    let server = SmtpServer::start(Options::plain());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let cfg = job_config(root, &plain(server.port), "  send: problems\n");
    let cmd = |args: &[&str]| job_cmd(&cfg, args);
    ok(&mut cmd(&["init"]));
    ok(&mut cmd(&["backup", "--job", "feierabend"]));
    std::fs::remove_dir_all(root.join("C/Briefe")).unwrap();
    warned(&mut cmd(&["backup", "--job", "feierabend"]));
    // The mail of the run with warnings is the only one: wait for it, then
    // no earlier one (of the clean run) may be there.
    let got = server.wait_for(1);
    assert_eq!(got.len(), 1, "{}", server.log());
    let subject = got[0].header("Subject").unwrap();
    assert!(
        subject.starts_with("Backup with warnings – Praxis Dr. Müller – "),
        "{subject}"
    );
    let show = ok(&mut cmd(&["journal", "show", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let entries = v["entries"].as_array().unwrap();
    let backups: Vec<&serde_json::Value> = entries
        .iter()
        .map(|e| &e["record"])
        .filter(|r| r["kind"] == "backup")
        .collect();
    assert_eq!(backups.len(), 2, "{v}");
    assert_eq!(backups[0]["outcome"], "ok", "{}", backups[0]);
    assert_ne!(backups[0]["mailed"], true, "{}", backups[0]);
    assert_eq!(backups[1]["outcome"], "warnings", "{}", backups[1]);
    assert_eq!(backups[1]["mailed"], true, "{}", backups[1]);
}
