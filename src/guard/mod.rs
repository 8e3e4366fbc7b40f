//! The ransomware guard: notices an encryption attack in the night's data
//! while the backup reads it (`detector`, with `entropy`, `signature` and
//! `notes` as its senses), keeps the alarm open until a technician closes it
//! (`state`: retention and prune wait while it is open), and shields the
//! repositories from other accounts (`shield`: icacls on Windows, modes on
//! Linux). It reads the configuration; `job` feeds and asks it; `report`
//! renders its [`GuardReport`]. It imports neither.

pub mod detector;
pub mod entropy;
pub mod notes;
pub mod shield;
pub mod signature;
pub mod state;

pub use detector::{Detector, GuardReport, Sampled, Signal, Vanished};
