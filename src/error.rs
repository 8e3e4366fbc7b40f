//! Error type (to be written)
