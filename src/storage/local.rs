//! Local filesystem backend (RDX cartridge, NAS path).
