//! Helpers shared by the CLI-level tests: the tresor binary, a generated
//! practice tree, and comparisons of whole trees.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn tresor() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tresor"));
    // Hermetic: a configuration at the machine's default place (another
    // process's /etc/tresor/tresor.yaml) must not leak into a test.
    c.env_remove("TRESOR_CONFIG")
        .env_remove("TRESOR_KEY_FILE")
        .env(
            "TRESOR_DEFAULT_CONFIG",
            "/nonexistent/tresor-tests/tresor.yaml",
        )
        .env("TRESOR_LANG", "en");
    c
}

/// A `--json` document from stdout (the panic shows what was printed).
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("tresor runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs and asserts exit code `code` exactly; shows both streams when it differs.
pub fn expect_code(cmd: &mut Command, code: i32) -> Run {
    let r = run(cmd);
    assert_eq!(
        r.code, code,
        "expected exit {code}, got {}:\nstdout:\n{}\nstderr:\n{}",
        r.code, r.stdout, r.stderr
    );
    r
}

/// Success without warnings: exit 0 exactly (a run that starts warning fails the test).
pub fn ok(cmd: &mut Command) -> Run {
    expect_code(cmd, 0)
}

/// Success with warnings: exit 1 exactly (README, "Exit codes").
pub fn warned(cmd: &mut Command) -> Run {
    expect_code(cmd, 1)
}

/// Generates a practice tree with the benchmark generator (scale `tiny`).
pub fn practice_tree(dir: &Path, scale: &str) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_practice.py");
    let st = Command::new("python3")
        .arg(&script)
        .arg("init")
        .arg(dir)
        .args(["--scale", scale])
        .status()
        .expect("python3 runs");
    assert!(st.success(), "gen_practice.py init failed");
}

/// Like `practice_tree`, with another seed: content no earlier tree shares.
pub fn practice_tree_seeded(dir: &Path, scale: &str, seed: u32) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_practice.py");
    let st = Command::new("python3")
        .arg(&script)
        .arg("init")
        .arg(dir)
        .args(["--scale", scale, "--seed", &seed.to_string()])
        .status()
        .expect("python3 runs");
    assert!(st.success(), "gen_practice.py init failed");
}

pub fn practice_day(dir: &Path, day: u32) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_practice.py");
    let st = Command::new("python3")
        .arg(&script)
        .arg("day")
        .arg(dir)
        .args(["--day", &day.to_string()])
        .status()
        .expect("python3 runs");
    assert!(st.success(), "gen_practice.py day failed");
}

/// A repository with machine + recovery key in `keys/`.
pub struct Repo {
    pub root: PathBuf,
    pub repo: PathBuf,
    pub keys: PathBuf,
}

impl Repo {
    pub fn init(root: &Path) -> Repo {
        let r = Repo {
            root: root.to_path_buf(),
            repo: root.join("repo"),
            keys: root.join("keys"),
        };
        ok(tresor()
            .args(["init", "--repo"])
            .arg(&r.repo)
            .arg("--key-out")
            .arg(&r.keys));
        r
    }

    pub fn machine_key(&self) -> PathBuf {
        self.keys.join("machine.key")
    }

    pub fn recovery_key(&self) -> PathBuf {
        fs::read_dir(&self.keys)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("tresor-wiederherstellungsschluessel")
            })
            .expect("recovery key written")
    }

    /// `tresor SUBCOMMAND --repo R --key K ARGS…` (callers may append more args).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = tresor();
        c.arg(args[0])
            .arg("--repo")
            .arg(&self.repo)
            .arg("--key")
            .arg(self.machine_key())
            .args(&args[1..]);
        c
    }

    pub fn backup(&self, src: &Path) -> Run {
        ok(self.cmd(&["backup", "--path"]).arg(src))
    }

    /// Snapshot ids, oldest first.
    pub fn snapshot_ids(&self) -> Vec<String> {
        let r = ok(&mut self.cmd(&["snapshots", "--json"]));
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        v["snapshots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// Restores `snapshot` into `target` with the machine key and proves it
    /// equals the backed-up folder `src`, byte for byte and by mtime.
    pub fn assert_restores(&self, snapshot: &str, src: &Path, target: &Path) {
        ok(self
            .cmd(&["restore", snapshot, "--quiet", "--target"])
            .arg(target));
        assert_same_tree(src, &target.join(snapshot_path(src)));
    }

    /// `check --read-data` reads every byte and finds nothing wrong.
    pub fn assert_check_clean(&self) {
        let check = ok(&mut self.cmd(&["check", "--read-data"]));
        assert!(check.stdout.contains("No errors found"), "{}", check.stdout);
    }

    /// Every file below repo/<dir>.
    pub fn files(&self, dir: &str) -> Vec<PathBuf> {
        walkdir::WalkDir::new(self.repo.join(dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect()
    }
}

/// Path inside a snapshot of an absolute source path (as `backup --path` stores it).
pub fn snapshot_path(abs: &Path) -> String {
    abs.to_string_lossy().trim_start_matches('/').to_string()
}

/// Asserts that every file under `a` is in `b` with equal bytes and mtime (and no extra files).
pub fn assert_same_tree(a: &Path, b: &Path) {
    let list = |p: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = walkdir::WalkDir::new(p)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(p).unwrap().to_path_buf())
            .collect();
        v.sort();
        v
    };
    let (la, lb) = (list(a), list(b));
    assert_eq!(la, lb, "file lists differ");
    assert!(!la.is_empty());
    for rel in la {
        let (x, y) = (a.join(&rel), b.join(&rel));
        assert!(
            fs::read(&x).unwrap() == fs::read(&y).unwrap(),
            "content differs: {}",
            rel.display()
        );
        let (mx, my) = (
            fs::metadata(&x).unwrap().modified().unwrap(),
            fs::metadata(&y).unwrap().modified().unwrap(),
        );
        assert_eq!(mx, my, "mtime differs: {}", rel.display());
    }
}

impl Repo {
    /// `assert_restores` with an exact exit code 0 (no warnings either).
    pub fn assert_restores_exactly(&self, snapshot: &str, src: &Path, target: &Path) {
        expect_code(
            self.cmd(&["restore", snapshot, "--quiet", "--target"])
                .arg(target),
            0,
        );
        assert_same_tree(src, &target.join(snapshot_path(src)));
    }

    /// `check --read-data` exits 0 and finds nothing.
    pub fn assert_check_exactly_clean(&self) {
        let check = expect_code(&mut self.cmd(&["check", "--read-data"]), 0);
        assert!(check.stdout.contains("No errors found"), "{}", check.stdout);
    }
}

/// The user permission tests run tresor as when the suite runs as root:
/// `nobody` (uid and gid 65534). Root ignores file permissions (TESTING.md).
pub const NOBODY: u32 = 65534;

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// `tresor` as a user file permissions apply to: as root (CI), through
/// `setpriv --reuid=65534 --regid=65534 --clear-groups`; otherwise as the
/// current user, who is unprivileged already. The paths the command needs
/// must belong to that user: see [`give_to_nobody`]. Where uid 65534 cannot
/// reach the built binary (a checkout below a private home), it is copied
/// into `scratch` first.
pub fn tresor_unprivileged(scratch: &Path) -> Command {
    if !is_root() {
        return tresor();
    }
    let built = PathBuf::from(env!("CARGO_BIN_EXE_tresor"));
    let reachable = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&built)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let bin = if reachable {
        built
    } else {
        let copy = scratch.join("tresor-bin");
        fs::copy(&built, &copy).expect("copy the tresor binary");
        give_to_nobody(&copy);
        copy
    };
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(bin)
        .env_remove("TRESOR_CONFIG")
        .env_remove("TRESOR_KEY_FILE")
        .env("TRESOR_LANG", "en");
    c
}

/// Hands `path` and everything below it to uid/gid 65534 (when root; an
/// unprivileged run owns its files already). Symlinks are not followed.
pub fn give_to_nobody(path: &Path) {
    if !is_root() {
        return;
    }
    for e in walkdir::WalkDir::new(path) {
        let e = e.expect("walk");
        std::os::unix::fs::lchown(e.path(), Some(NOBODY), Some(NOBODY)).expect("chown");
    }
}

/// Every file below `dir` (not folders), in no particular order.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// Every entry below `dir` with its content (folders empty): to prove a
/// medium or folder was left exactly as it was.
pub fn contents(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let data = if e.file_type().is_file() {
                fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), data)
        })
        .collect()
}

/// `len` bytes zstd cannot shrink (xorshift from `seed`).
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// The one file in `dir` (e.g. the key file `key add-recovery --key-out DIR` wrote).
#[allow(dead_code)]
pub fn only_file_in(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.remove(0)
}
