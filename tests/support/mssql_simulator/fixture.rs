//! A ready simulator for tests: temp folders (data, staging, restore), an
//! Express instance with one FILESTREAM database, and client settings for it.

use super::{Blob, Instance, SimDatabase, Simulator};
use std::path::PathBuf;
use std::time::Duration;
use tresor::source::sqlserver::{Auth, Encryption, ServerAddress, SqlServerSettings};

pub struct Env {
    pub _tmp: tempfile::TempDir,
    pub sim: Simulator,
    pub data: PathBuf,
    pub staging: PathBuf,
    pub restore: PathBuf,
}

pub fn blobs() -> Vec<Blob> {
    let pseudo = |n: usize, seed: u8| {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect::<Vec<u8>>()
    };
    vec![
        Blob {
            name: "befund_0001.pdf".into(),
            data: pseudo(20_000, 7),
        },
        Blob {
            name: "leer.txt".into(),
            data: Vec::new(),
        },
        Blob {
            name: "roentgen_0002.dcm".into(),
            data: pseudo(100_003, 99),
        },
    ]
}

pub fn env_with(db_name: &str) -> Env {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let staging = tmp.path().join("staging");
    let restore = tmp.path().join("restore");
    for d in [&data, &staging, &restore] {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    let d = data.to_string_lossy().into_owned();
    let mut inst = Instance::express(&d);
    inst.add(SimDatabase::new(db_name, &d, 2_000, 400).with_filestream(&d, blobs()));
    Env {
        sim: Simulator::start(inst),
        _tmp: tmp,
        data,
        staging,
        restore,
    }
}

pub fn settings(env: &Env) -> SqlServerSettings {
    let mut s = SqlServerSettings::new(
        ServerAddress::Host {
            host: "127.0.0.1".into(),
            port: env.sim.port,
        },
        Auth::Sql {
            user: "tresor".into(),
            password: "geheim".to_string().into(),
        },
        env.staging.clone(),
    );
    s.encryption = Encryption::NotSupported;
    s.statement_timeout = Duration::from_secs(30);
    s.login_timeout = Duration::from_secs(5);
    s
}
