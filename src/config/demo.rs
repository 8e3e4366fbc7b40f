//! The embedded demo configuration (`tresor demo`, tests): a complete practice
//! under one base directory, with the same Windows paths a real server has.
//!
//! Drive mapping: `C:` → `base/C` (practice data), `E:` → `base/RDX` (the RDX
//! cartridge), `K:` → `base/keys`, `\\nas\praxis` → `base/NAS`. Paths resolve
//! through these mounts on every host, Windows included.

use std::path::Path;

use super::error::ConfigError;
use super::model::Config;
use super::paths::{ConfigPath, HostContext, Mounts};

/// Origin of the demo config in messages.
pub const DEMO_ORIGIN: &str = "<embedded demo>";

const DEMO_YAML: &str = r#"
practice: "Demo-Praxis Dr. Beispiel"
language: de
profiles: [x.concept, medatixx]
keys:
  machine: 'K:\machine.key'
destinations:
  rdx: { type: local, path: 'E:\' }
  nas: { type: local, path: '\\nas\praxis' }
jobs:
  nightly:    { destination: rdx, mirrors: [nas] }
  feierabend: { destination: rdx, mirrors: [nas], copy_only: true }
rotation:
  destination: rdx
  plan: custom
  cartridges:
    - { name: 'Kassette Praxis', job: nightly, days: [mon, tue, wed, thu, fri, sat, sun], kept: practice }
    - { name: 'Kassette extern', job: feierabend, days: [mon, tue, wed, thu, fri, sat, sun], kept: home }
"#;

/// The demo config for `base` (nothing is created on disk).
pub fn demo(base: &Path) -> Result<Config, ConfigError> {
    let mut mounts = Mounts::default()
        .with_drive('C', base.join("C"))
        .with_drive('E', base.join("RDX"))
        .with_drive('K', base.join("keys"));
    if let Ok(nas) = ConfigPath::parse(r"\\nas\praxis", &HostContext::windows(), 'C') {
        mounts.unc.push((nas, base.join("NAS")));
    }
    super::parse(DEMO_YAML, DEMO_ORIGIN, &HostContext::posix(mounts))
}

#[cfg(test)]
mod tests {
    use super::super::model::DestinationKind;
    use super::super::Language;
    use super::*;

    #[test]
    fn demo_config_is_complete() {
        let base = Path::new("/tmp/tresor-demo");
        let cfg = demo(base).unwrap();
        assert_eq!(cfg.origin, DEMO_ORIGIN);
        assert_eq!(cfg.language, Language::De);
        assert_eq!(cfg.keys.machine, base.join("keys/machine.key"));
        let path = |name: &str| match &cfg.destinations[name].kind {
            DestinationKind::Local { path, .. } => path.clone(),
            other => panic!("the demo uses folders, not {other:?}"),
        };
        assert_eq!(path("rdx"), base.join("RDX"));
        assert_eq!(path("nas"), base.join("NAS"));
        let names: Vec<&str> = cfg.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["x.concept", "medatixx"]);
        assert_eq!(cfg.jobs.len(), 2);
        assert_eq!(cfg.jobs["nightly"].destination, "rdx");
        assert_eq!(cfg.jobs["nightly"].mirrors, ["nas"]);
        // COPY_ONLY by default: no job moves the differential base.
        assert!(cfg.jobs["nightly"].copy_only);
        assert!(cfg.jobs["feierabend"].copy_only);
        let dedata = cfg.jobs["nightly"]
            .sources
            .iter()
            .find(|s| s.label == "x.concept: DEDATA")
            .unwrap();
        assert_eq!(dedata.path, base.join("C/DConcept/DEDATA"));
        assert_eq!(dedata.snapshot_path, "C/DConcept/DEDATA");
        assert!(cfg.jobs["nightly"].databases.iter().any(|d| d.filestream));
    }
}
