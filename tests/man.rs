//! The man pages in `man/` are generated from the command-line definition,
//! so they cannot drift from it: this test renders them and compares.
//! `TRESOR_BLESS=1 cargo test --test man` rewrites them after a CLI change —
//! on a developer's machine only: where `CI` is set (`.ci/run` sets `CI=1`, as
//! CI services do) blessing is refused and stale pages fail the test, so CI can
//! never "pass" by regenerating what it should check.

use std::path::Path;

use clap::CommandFactory;

fn render(cmd: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .expect("render into memory");
    out
}

#[test]
fn man_pages_match_the_command_line() {
    let mut cli = tresor::cli::Cli::command();
    cli.build();
    let mut pages = vec![("tresor.1".to_string(), render(cli.clone()))];
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("tresor-{}", sub.get_name());
        pages.push((
            format!("{name}.1"),
            render(
                sub.clone()
                    .display_name(name.clone())
                    .bin_name(name.clone()),
            ),
        ));
    }
    assert!(pages.len() > 8, "every subcommand has a page");

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let bless = std::env::var_os("TRESOR_BLESS").is_some();
    assert!(
        !(bless && std::env::var_os("CI").is_some()),
        "TRESOR_BLESS is refused when CI is set: CI checks the man pages, it never rewrites them"
    );
    let mut stale = Vec::new();
    for (file, want) in &pages {
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, want).expect("write man page");
        } else if std::fs::read(&path).ok().as_ref() != Some(want) {
            stale.push(file.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "man pages out of date: {stale:?}; run TRESOR_BLESS=1 cargo test --test man"
    );
}
