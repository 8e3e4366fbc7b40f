//! A small, deterministic demo practice server (x.concept + medatixx) for
//! `tresor demo`: record databases, letters, catalogues, config and licence.

use std::fs;
use std::io;
use std::path::Path;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const WORDS: &[&str] = &[
    "Patient",
    "Befund",
    "Diagnose",
    "Therapie",
    "Verordnung",
    "Rezept",
    "Überweisung",
    "Labor",
    "Blutbild",
    "Kontrolle",
    "Anamnese",
    "Hypertonie",
    "Diabetes",
    "Röntgen",
    "Sonographie",
    "Impfung",
    "unauffällig",
    "Medikation",
    "täglich",
    "Physiotherapie",
    "Arbeitsunfähigkeit",
    "Krankenkasse",
    "mit",
    "freundlichen",
    "Grüßen",
];

fn text(r: &mut StdRng, n: usize) -> String {
    let mut s = String::with_capacity(n + 20);
    while s.len() < n {
        s.push_str(WORDS[r.gen_range(0..WORDS.len())]);
        s.push(' ');
    }
    s
}

fn record(r: &mut StdRng, id: u32) -> [u8; 256] {
    let mut rec = [0u8; 256];
    rec[..4].copy_from_slice(&id.to_le_bytes());
    rec[4..8].copy_from_slice(&r.gen::<u32>().to_le_bytes());
    let t = text(r, 60);
    let n = t.len().min(200);
    rec[8..8 + n].copy_from_slice(&t.as_bytes()[..n]);
    rec
}

fn write(path: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p)?;
    }
    fs::write(path, data)
}

/// Creates the tree under `root` (the demo's drive C:).
pub fn generate(root: &Path) -> io::Result<()> {
    let mut r = StdRng::seed_from_u64(7);
    let dc = root.join("DConcept");
    for i in 0..20u32 {
        let n = 200 + r.gen_range(0..3000);
        let data: Vec<u8> = (0..n).flat_map(|k| record(&mut r, k)).collect();
        write(&dc.join("DEDATA").join(format!("T{i:04}.DAT")), &data)?;
    }
    for i in 0..300u32 {
        let n = r.gen_range(3000..20000);
        let body = format!("{{\\rtf1\\ansi {}}}", text(&mut r, n));
        write(
            &dc.join("DETEXT")
                .join(format!("{:03}", i / 100))
                .join(format!("B{i:06}.RTF")),
            body.as_bytes(),
        )?;
    }
    for i in 0..5u32 {
        write(
            &dc.join("DEZIFF").join(format!("KAT{i:03}.DAT")),
            text(&mut r, 200_000).as_bytes(),
        )?;
    }
    let ivm: Vec<u8> = (0..500).flat_map(|k| record(&mut r, k)).collect();
    write(&dc.join("IVM").join("DEDATA").join("IVM0.DAT"), &ivm)?;
    let lx2 = root.join("ProgramData").join("medatixx").join("lx2 Server");
    write(
        &lx2.join("Server.Host.config"),
        b"<configuration>\n  <server port=\"4711\" database=\"medatixx\" />\n</configuration>\n",
    )?;
    write(
        &lx2.join("medatixx.lic"),
        format!("LICENCE-DEMO-{:016x}\n", r.gen::<u64>()).as_bytes(),
    )?;
    Ok(())
}

/// A working day: records change in place, new letters arrive.
pub fn working_day(root: &Path) -> io::Result<()> {
    let mut r = StdRng::seed_from_u64(8);
    let dedata = root.join("DConcept").join("DEDATA").join("T0003.DAT");
    let mut data = fs::read(&dedata)?;
    for _ in 0..10 {
        let at = r.gen_range(0..data.len() / 256) * 256;
        data[at..at + 256].copy_from_slice(&record(&mut r, at as u32));
    }
    write(&dedata, &data)?;
    for i in 0..10u32 {
        let body = format!("{{\\rtf1\\ansi {}}}", text(&mut r, 5000));
        write(
            &root
                .join("DConcept")
                .join("DETEXT")
                .join("D001")
                .join(format!("N{i:04}.RTF")),
            body.as_bytes(),
        )?;
    }
    Ok(())
}
