//! Shared helpers for integration tests.
#![allow(dead_code)]

pub mod mssql_simulator;
pub mod sql_practice;
