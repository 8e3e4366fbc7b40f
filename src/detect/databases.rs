//! The server's database list against the profiles: which database belongs
//! to a found product, which required one is missing, and which one no found
//! product covers (another medatixx product such as x.impfen or x.qm, or
//! something else — the IT partner decides; detect never guesses a profile).

use globset::{GlobBuilder, GlobMatcher};

use super::{Detection, Undecided};
use crate::config::Profile;

/// A profile database name or pattern (`WINACS`, `medatixx*`), matched
/// case-insensitively as the backup matches it.
fn matcher(pattern: &str) -> Option<GlobMatcher> {
    GlobBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .ok()
        .map(|g| g.compile_matcher())
}

fn covers(p: &Profile, name: &str) -> bool {
    p.databases
        .iter()
        .any(|d| matcher(&d.name).is_some_and(|m| m.is_match(name)))
}

/// Records `names` (the server's user databases, system databases left out
/// by the caller) and what they leave open.
pub fn match_server(d: &mut Detection, profiles: &[Profile], names: &[String]) {
    let found: Vec<&Profile> = profiles
        .iter()
        .filter(|p| d.products.iter().any(|f| f.profile == p.name))
        .collect();
    for p in &found {
        for spec in p.databases.iter().filter(|s| !s.optional) {
            let Some(m) = matcher(&spec.name) else {
                continue;
            };
            if !names.iter().any(|n| m.is_match(n)) {
                d.undecided.push(Undecided::DatabaseMissing {
                    name: spec.name.clone(),
                    product: p.name.clone(),
                });
            }
        }
    }
    for name in names {
        if found.iter().any(|p| covers(p, name)) {
            continue;
        }
        let product = profiles
            .iter()
            .find(|p| covers(p, name))
            .map(|p| p.name.clone());
        d.undecided.push(Undecided::DatabaseUncovered {
            name: name.clone(),
            product,
        });
    }
    d.server_databases = Some(names.to_vec());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Product;

    fn detection(products: &[&str]) -> Detection {
        Detection {
            data_drive: 'C',
            products: products
                .iter()
                .map(|p| Product {
                    profile: p.to_string(),
                    title: p.to_string(),
                    evidence: Vec::new(),
                    paths: Vec::new(),
                })
                .collect(),
            sources: Vec::new(),
            sql: Vec::new(),
            facts: Vec::new(),
            shares: Vec::new(),
            server_databases: None,
            connection: None,
            undecided: Vec::new(),
        }
    }

    #[test]
    fn covered_missing_and_foreign_databases() {
        let profiles = crate::config::embedded_profiles().unwrap();
        let mut d = detection(&["x.isynet", "medatixx"]);
        let names: Vec<String> = ["winacs", "xImpfen", "x_concept_module"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        match_server(&mut d, &profiles, &names);
        assert_eq!(
            d.undecided,
            vec![
                Undecided::DatabaseMissing {
                    name: "medatixx*".into(),
                    product: "medatixx".into()
                },
                Undecided::DatabaseUncovered {
                    name: "xImpfen".into(),
                    product: None
                },
                Undecided::DatabaseUncovered {
                    name: "x_concept_module".into(),
                    product: Some("x.concept".into())
                },
            ]
        );
        assert_eq!(d.server_databases.as_ref().map(Vec::len), Some(3));
    }
}
