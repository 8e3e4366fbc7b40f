//! A medatixx practice served by the TDS simulator, for CLI scenarios: the
//! lx2 Server files the profile needs, a data folder, a staging folder and a
//! `tresor.yaml` with one RDX folder and the simulator as `sqlserver:`.

use std::fs;
use std::path::PathBuf;

use super::mssql_simulator::{Instance, Simulator};

pub struct SqlPractice {
    pub _t: tempfile::TempDir,
    pub root: PathBuf,
    pub config: PathBuf,
    pub staging: PathBuf,
    pub sim: Simulator,
}

/// `databases` adds the instance's databases; it gets the data folder.
pub fn medatixx_practice(databases: impl FnOnce(&mut Instance, &str)) -> SqlPractice {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().to_path_buf();
    let c = root.join("C");
    let lx2 = c.join("ProgramData/medatixx/lx2 Server");
    fs::create_dir_all(&lx2).unwrap();
    fs::write(lx2.join("Server.Host.config"), "<configuration/>").unwrap();
    fs::write(lx2.join("medatixx.lic"), "LIZENZ").unwrap();
    let data = c.join("MSSQL/DATA");
    fs::create_dir_all(&data).unwrap();
    let staging = root.join("staging");
    fs::create_dir_all(&staging).unwrap();
    let d = data.to_string_lossy().into_owned();
    let mut inst = Instance::express(&d);
    databases(&mut inst, &d);
    let sim = Simulator::start(inst);
    let config = root.join("tresor.yaml");
    fs::write(
        &config,
        format!(
            "practice: Testpraxis\nlanguage: en\ndrives:\n  C: {c}\nprofiles: [medatixx]\nkeys:\n  machine: {root}/keys/machine.key\n\
             destinations:\n  rdx: {{ type: local, path: {root}/RDX }}\n\
             sqlserver:\n  connection: 'Server=tcp:127.0.0.1,{port};User ID=tresor;Password=geheim;Encrypt=NotSupported'\n  staging: {staging}\n  timeout_minutes: 1\n",
            c = c.display(),
            root = root.display(),
            port = sim.port,
            staging = staging.display()
        ),
    )
    .unwrap();
    SqlPractice {
        _t: t,
        root,
        config,
        staging,
        sim,
    }
}
