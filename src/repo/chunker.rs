//! Content-defined chunking (FastCDC 2020, gear table seeded from the
//! repository secret) with our own streaming buffer: chunks are handed out as
//! borrowed slices of one large read buffer, so unchanged data costs no copy.
//!
//! Two parameter sets live in every repository config: `files` for ordinary
//! files and `pages` for SQL Server backups and page-structured record
//! databases, where changes are scattered 8 KiB pages (see docs/format.md for
//! the measurements behind the numbers).

use std::io::{self, Read};

use fastcdc::v2020::{cut_gear, get_gear_with_seed, MASKS};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkerParams {
    pub min: u32,
    pub avg: u32,
    pub max: u32,
    /// Seeds the gear table, so boundaries differ between installations.
    pub seed: u64,
}

impl ChunkerParams {
    pub fn files(seed: u64) -> ChunkerParams {
        ChunkerParams {
            min: 64 * 1024,
            avg: 256 * 1024,
            max: 2 * 1024 * 1024,
            seed,
        }
    }

    pub fn pages(seed: u64) -> ChunkerParams {
        ChunkerParams {
            min: 4 * 1024,
            avg: 16 * 1024,
            max: 128 * 1024,
            seed,
        }
    }

    /// Parameters outside FastCDC's documented ranges would panic inside the
    /// crate: check them when a repository config is read.
    pub fn is_valid(&self) -> bool {
        (64..=1_048_576).contains(&self.min)
            && (256..=4_194_304).contains(&self.avg)
            && (1024..=16_777_216).contains(&self.max)
            && self.min <= self.avg
            && self.avg <= self.max
    }
}

pub struct Chunker {
    p: ChunkerParams,
    mask_s: u64,
    mask_l: u64,
    gear: Box<[u64; 256]>,
    gear_ls: Box<[u64; 256]>,
    buf: Vec<u8>,
}

/// Normalisation level 1, as the FastCDC paper recommends.
const NORMALIZATION: u32 = 1;

impl Chunker {
    pub fn new(p: ChunkerParams) -> Chunker {
        let bits = (p.avg as f64).log2().round() as usize;
        let (gear, gear_ls) = get_gear_with_seed(p.seed);
        Chunker {
            p,
            mask_s: MASKS[bits + NORMALIZATION as usize],
            mask_l: MASKS[bits - NORMALIZATION as usize],
            gear,
            gear_ls,
            buf: Vec::new(),
        }
    }

    pub fn params(&self) -> ChunkerParams {
        self.p
    }

    /// Next cut point within `data` (which is at least `max` long or the tail).
    fn cut(&self, data: &[u8]) -> usize {
        let (_, n) = cut_gear(
            data,
            self.p.min as usize,
            self.p.avg as usize,
            self.p.max as usize,
            self.mask_s,
            self.mask_l,
            self.mask_s << 1,
            self.mask_l << 1,
            &self.gear,
            &self.gear_ls,
        );
        n.max(1).min(data.len())
    }

    /// Splits everything `r` yields into chunks, calling `f` for each in order.
    /// Returns the number of bytes read.
    pub fn chunk_reader<R: Read, E: From<io::Error>>(
        &mut self,
        mut r: R,
        mut f: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<u64, E> {
        let max = self.p.max as usize;
        let cap = (max * 2).max(1024 * 1024);
        let mut buf = std::mem::take(&mut self.buf);
        buf.resize(cap, 0);
        let (mut start, mut end, mut eof, mut total) = (0usize, 0usize, false, 0u64);
        let result = loop {
            if !eof && end - start < max {
                buf.copy_within(start..end, 0);
                end -= start;
                start = 0;
                while end < cap {
                    match r.read(&mut buf[end..]) {
                        Ok(0) => {
                            eof = true;
                            break;
                        }
                        Ok(n) => {
                            end += n;
                            total += n as u64;
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            if start == end {
                break Ok(total);
            }
            let n = self.cut(&buf[start..end]);
            if let Err(e) = f(&buf[start..start + n]) {
                break Err(e);
            }
            start += n;
        };
        self.buf = buf;
        result
    }

    /// Chunks an in-memory buffer (trees, tests).
    pub fn chunk_slice<'a>(&self, data: &'a [u8]) -> Vec<&'a [u8]> {
        let mut out = Vec::new();
        let mut rest = data;
        while !rest.is_empty() {
            let n = self.cut(rest);
            out.push(&rest[..n]);
            rest = &rest[n..];
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn data(n: usize, seed: u64) -> Vec<u8> {
        let mut r = rand::rngs::StdRng::seed_from_u64(seed);
        (0..n).map(|_| r.gen()).collect()
    }

    fn chunks(p: ChunkerParams, d: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        Chunker::new(p)
            .chunk_reader::<_, io::Error>(d, |c| {
                out.push(c.to_vec());
                Ok(())
            })
            .unwrap();
        out
    }

    #[test]
    fn streaming_equals_slice_and_reassembles() {
        let d = data(9_000_000, 1);
        let p = ChunkerParams::pages(42);
        let streamed = chunks(p, &d);
        let sliced: Vec<Vec<u8>> = Chunker::new(p)
            .chunk_slice(&d)
            .iter()
            .map(|c| c.to_vec())
            .collect();
        assert_eq!(streamed, sliced);
        assert_eq!(streamed.concat(), d);
        assert!(streamed.iter().all(|c| c.len() <= p.max as usize));
        let avg = d.len() / streamed.len();
        assert!(avg > 8 * 1024 && avg < 32 * 1024, "avg chunk {avg}");
    }

    #[test]
    fn a_changed_page_changes_few_chunks() {
        let mut d = data(4_000_000, 2);
        let p = ChunkerParams::pages(7);
        let before = chunks(p, &d);
        d[2_000_000..2_008_192].fill(0xAB);
        let after = chunks(p, &d);
        let old: std::collections::HashSet<_> = before.iter().collect();
        let new = after.iter().filter(|c| !old.contains(c)).count();
        assert!(new <= 3, "{new} new chunks for one changed page");
    }

    #[test]
    fn seed_changes_boundaries_and_empty_input_has_no_chunks() {
        let d = data(2_000_000, 3);
        assert_ne!(
            chunks(ChunkerParams::files(1), &d),
            chunks(ChunkerParams::files(2), &d)
        );
        assert!(chunks(ChunkerParams::files(1), &[]).is_empty());
        assert!(ChunkerParams::files(0).is_valid() && ChunkerParams::pages(0).is_valid());
        assert!(!ChunkerParams {
            min: 10,
            avg: 5,
            max: 1,
            seed: 0
        }
        .is_valid());
    }
}
