//! job (to be written)
