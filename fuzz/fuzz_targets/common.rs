//! Shared by the fuzz targets: a fixed test key (never used for real data).

#![allow(dead_code)]

use tresor::repo::crypto::{Identities, Recipients};

/// Test identity of the fuzz targets; the seed corpus of `age_decrypt` and
/// `repofile` is encrypted to it.
pub const TEST_IDENTITY: &str =
    "AGE-SECRET-KEY-189KQS8GSVXR802TGU2SWJVKDXDJ4KZZTVAJ8CVKCAX2NHSUP492QZTYZGE";
pub const TEST_RECIPIENT: &str = "age1xgmnxyyjr87kkfx0ug722m94qg4pmcn28xdgj8c8tgeqztvcxsdqkn77we";

pub fn identities() -> Identities {
    Identities::parse(TEST_IDENTITY).expect("test identity parses")
}

pub fn recipients() -> Recipients {
    Recipients::parse(&[TEST_RECIPIENT]).expect("test recipient parses")
}
