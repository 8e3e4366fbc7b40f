//! repo (to be written)

pub mod retention;
