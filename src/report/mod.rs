//! Report: what a person sees — progress while a job runs, messages in the
//! practice's language, and the final summary.

pub mod journal;
pub mod messages;
pub mod progress;

pub use progress::Progress;
