//! Will one backup fit on the cartridge? Sizes come from [`crate::disk`];
//! the judgement is a pure function.

use std::path::Path;

pub use crate::disk::Space;

/// What a cartridge of `total` bytes with `free` bytes left can do with a
/// backup of about `estimate` bytes of new data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// It fits as it is.
    Fits,
    /// It fits only after old snapshots are removed (retention, then prune).
    PruneFirst,
    /// Even an empty cartridge of this size could not hold it: fail before
    /// writing anything.
    TooSmall,
}

/// The judgement (sizes in bytes).
pub fn fit(total: u64, free: u64, estimate: u64) -> Fit {
    if estimate > total {
        Fit::TooSmall
    } else if estimate > free {
        Fit::PruneFirst
    } else {
        Fit::Fits
    }
}

/// Total and free bytes of the cartridge holding `dir` (an existing folder).
pub fn of(dir: &Path) -> std::io::Result<Space> {
    crate::disk::space(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_prune_first_too_small() {
        const G: u64 = 1 << 30;
        assert_eq!(fit(1000 * G, 500 * G, 40 * G), Fit::Fits);
        assert_eq!(fit(1000 * G, 40 * G, 40 * G), Fit::Fits);
        assert_eq!(fit(1000 * G, 39 * G, 40 * G), Fit::PruneFirst);
        assert_eq!(fit(1000 * G, 0, 40 * G), Fit::PruneFirst);
        assert_eq!(fit(20 * G, 20 * G, 40 * G), Fit::TooSmall);
        assert_eq!(fit(0, 0, 1), Fit::TooSmall);
        assert_eq!(fit(0, 0, 0), Fit::Fits);
    }

    #[test]
    fn sizes_of_a_real_folder() {
        let t = tempfile::tempdir().unwrap();
        let s = of(t.path()).unwrap();
        assert!(s.total >= s.free && s.total > 0);
    }
}
