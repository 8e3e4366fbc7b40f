//! A real S3-compatible server for tests: moto (PyPI `moto[server]==5.2.5`,
//! installed by `scripts/test.sh`) on a free loopback port.
//!
//! Used by the library's unit tests (`storage::s3`, through `#[path]`) and by
//! the CLI tests (`tests/s3.rs`). One shared server per test binary
//! ([`shared`]); tests that stop the server start their own ([`Moto::start`]).
//! A missing `moto_server` fails the test: it is never skipped.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running moto server; killed when dropped, and when the test process
/// ends (the shared server lives in a static that is never dropped).
pub struct Moto {
    child: Child,
    /// The port on 127.0.0.1.
    pub port: u16,
}

/// Dummy credentials moto accepts.
pub const ACCESS_KEY: &str = "tresor-test";
/// Dummy secret.
pub const SECRET: &str = "tresor-test-secret";

/// moto's own server app, served one request at a time. `moto_server`
/// serves requests on threads, and moto checks a conditional write
/// (`If-None-Match: *`) and stores the object in two steps, so two writers can
/// both win there — which real S3 never lets happen. One at a time makes
/// the test server as atomic as the service it stands for.
fn serve(port: u16) -> String {
    format!(
        "from werkzeug.serving import run_simple; \
         from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app; \
         run_simple(\"127.0.0.1\", {port}, DomainDispatcherApplication(create_backend_app), threaded=False)"
    )
}

impl Moto {
    /// Starts `moto_server -H 127.0.0.1 -p <free port>` and waits until it answers.
    pub fn start() -> Moto {
        Self::start_with(&[])
    }

    /// A server that checks credentials (moto's IAM: every key is unknown),
    /// for "wrong credentials" tests. Buckets cannot be made on it.
    pub fn start_checking_credentials() -> Moto {
        Self::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")])
    }

    fn start_with(env: &[(&str, &str)]) -> Moto {
        assert!(
            on_path("moto_server"),
            "moto_server is not installed: `pip install 'moto[server]==5.2.5'` \
             (scripts/test.sh does); the S3 tests need it and are never skipped"
        );
        let port = free_port();
        // A small shell keeps moto alive while this test process lives and
        // kills it when the process ends (a static server is never dropped)
        // or when the shell gets SIGTERM (drop, `stop`).
        let script = format!(
            "python3 -c '{serve}' >/dev/null 2>&1 & m=$!; \
             trap 'kill -9 $m 2>/dev/null; exit 0' TERM; \
             while kill -0 {parent} 2>/dev/null && kill -0 $m 2>/dev/null; do sleep 0.2; done; \
             kill -9 $m 2>/dev/null",
            parent = std::process::id(),
            serve = serve(port),
        );
        let child = Command::new("sh")
            .args(["-c", &script])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sh starts");
        let m = Moto { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not start on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        m
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates a fresh bucket with a unique name (with Object Lock, which
    /// also turns on versioning, when `object_lock`) and returns its name.
    pub fn bucket(&self, object_lock: bool) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "tresor-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let lock = if object_lock {
            "x-amz-bucket-object-lock-enabled: true\r\n"
        } else {
            ""
        };
        // moto does not check signatures: a plain HTTP request creates it.
        let req = format!(
            "PUT /{name} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\n{lock}Connection: close\r\n\r\n",
            self.port
        );
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to moto");
        s.write_all(req.as_bytes()).expect("send");
        let mut answer = String::new();
        s.read_to_string(&mut answer).expect("read");
        assert!(
            // HTTP/1.0: one request per connection (see `serve`).
            answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200"),
            "create bucket: {answer}"
        );
        name
    }

    /// Stops the server now (a test of "server stopped"); returns when
    /// the port no longer answers.
    pub fn stop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            // SAFETY: kill(2) on our own child's pid.
            unsafe {
                libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
            }
            let _ = self.child.wait();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_ok() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The server shared by all tests of this binary.
pub fn shared() -> &'static Moto {
    static M: OnceLock<Moto> = OnceLock::new();
    M.get_or_init(Moto::start)
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

fn free_port() -> u16 {
    let l = TcpListener::bind(("127.0.0.1", 0)).expect("bind a free port");
    l.local_addr().expect("local addr").port()
}
