//! A real SMTP server for tests: aiosmtpd (PyPI `aiosmtpd==1.4.6`, installed
//! by `scripts/test.sh`) with the handler `tests/support/smtp_server.py`, on a
//! free loopback port. Plain, STARTTLS (required) or implicit TLS with a
//! self-signed certificate made here (rcgen), AUTH with a user and password,
//! recipients it refuses. Each accepted message lands in a folder as raw
//! bytes and as decoded JSON ([`Received`]). Stopped when dropped.
//! A missing aiosmtpd fails the test: it is never skipped.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The pinned aiosmtpd version (scripts/test.sh installs it).
pub const AIOSMTPD: &str = "1.4.6";

/// How the server protects the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// No TLS at all.
    Plain,
    /// STARTTLS offered and required before MAIL.
    StartTls,
    /// TLS from the first byte.
    Tls,
}

/// What the server should do.
#[derive(Clone, Debug)]
pub struct Options {
    pub mode: Mode,
    /// AUTH required with this user and password.
    pub login: Option<(String, String)>,
    /// Recipients whose address starts with this are refused (550).
    pub refuse: Option<String>,
}

impl Options {
    pub fn plain() -> Options {
        Options {
            mode: Mode::Plain,
            login: None,
            refuse: None,
        }
    }
}

/// A running aiosmtpd.
pub struct SmtpServer {
    child: Child,
    /// The port on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
    /// The certificate (PEM) a client must trust, for TLS modes.
    pub ca_file: Option<PathBuf>,
}

/// One message the server accepted.
#[derive(Debug)]
pub struct Received {
    /// Envelope, decoded headers and body, as `smtp_server.py` wrote them.
    pub json: serde_json::Value,
    /// The message as it came over the wire.
    pub raw: String,
}

impl Received {
    /// A decoded header (`Subject`, `From`, `Auto-Submitted`).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.json["headers"][name].as_str()
    }

    /// The decoded body.
    pub fn body(&self) -> &str {
        self.json["body"].as_str().unwrap_or("")
    }

    /// The header line as sent (before decoding), without the name.
    pub fn raw_header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\r\n\r\n").next().unwrap_or("");
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(v) = value.as_mut() {
                if line.starts_with(' ') || line.starts_with('\t') {
                    v.push_str(line);
                    continue;
                }
                break;
            }
            if let Some((n, v)) = line.split_once(':') {
                if n.eq_ignore_ascii_case(name) {
                    value = Some(v.trim().to_string());
                }
            }
        }
        value
    }
}

impl SmtpServer {
    /// Starts the server and waits until it accepts connections.
    pub fn start(opts: Options) -> SmtpServer {
        let probe = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        assert!(
            probe.is_ok_and(|s| s.success()),
            "aiosmtpd is not installed: `python3 -m pip install aiosmtpd=={AIOSMTPD}` \
             (scripts/test.sh does); the mail tests need it and are never skipped"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let messages = dir.path().join("messages");
        std::fs::create_dir(&messages).expect("messages dir");
        let port = free_port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let mut cmd = Command::new("python3");
        cmd.arg(&script)
            .arg("--port")
            .arg(port.to_string())
            .arg("--dir")
            .arg(&messages)
            .arg("--mode")
            .arg(match opts.mode {
                Mode::Plain => "plain",
                Mode::StartTls => "starttls",
                Mode::Tls => "tls",
            });
        let mut ca_file = None;
        if opts.mode != Mode::Plain {
            let (cert, key) = self_signed(dir.path());
            cmd.arg("--cert").arg(&cert).arg("--key").arg(&key);
            ca_file = Some(cert);
        }
        if let Some((user, password)) = &opts.login {
            cmd.args(["--user", user, "--password", password]);
        }
        if let Some(r) = &opts.refuse {
            cmd.args(["--refuse", r]);
        }
        let log = std::fs::File::create(dir.path().join("server.log")).expect("log file");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("python3 starts");
        let mut server = SmtpServer {
            child,
            port,
            dir,
            ca_file,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("aiosmtpd ended ({status}): {}", server.log());
            }
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start on {port}: {}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// What the server wrote on stderr.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// The messages received so far, in order.
    pub fn messages(&self) -> Vec<Received> {
        let folder = self.dir.path().join("messages");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("messages dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| Received {
                json: serde_json::from_slice(&std::fs::read(&p).expect("json")).expect("parse"),
                raw: String::from_utf8_lossy(&std::fs::read(p.with_extension("eml")).expect("eml"))
                    .into_owned(),
            })
            .collect()
    }

    /// Waits (up to 10 s) until `n` messages are there; returns them.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let m = self.messages();
            if m.len() >= n || Instant::now() > deadline {
                return m;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server; returns when the port no longer answers.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_ok() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A self-signed certificate for 127.0.0.1 and localhost: (cert, key) PEM files.
fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let c = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()])
        .expect("certificate");
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    std::fs::write(&cert, c.cert.pem()).expect("write cert");
    std::fs::write(&key, c.signing_key.serialize_pem()).expect("write key");
    (cert, key)
}

/// A port nothing listens on (for "server down").
pub fn free_port() -> u16 {
    let l = TcpListener::bind(("127.0.0.1", 0)).expect("bind a free port");
    l.local_addr().expect("local addr").port()
}
