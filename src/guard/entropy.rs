//! Does a sample of a file's bytes look random (encrypted, or compressed)?
//! Shannon entropy of the byte histogram, judged against what a random
//! sample of that length reaches.

/// Bytes of a file's start that are looked at.
pub const SAMPLE_LEN: usize = 16 * 1024;
/// Samples shorter than this are not judged: too few bytes to tell.
pub const MIN_SAMPLE_LEN: usize = 1024;

/// Entropy in bits per byte (0.0 ..= 8.0) of `data`.
pub fn bits_per_byte(data: &[u8]) -> f64 {
    if data.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in data {
        counts[b as usize] += 1;
    }
    let n = data.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// `Some(true)` when the sample looks random, `None` when it is too short
/// to judge. A uniformly random sample of n bytes has an expected entropy
/// of about 8 − 184/n bits per byte (the histogram's small-sample bias);
/// the bar sits below that, at 8 − 400/n (7.90 at 4 KiB, 7.98 at 16 KiB),
/// far above any text, record database or page file.
pub fn looks_random(sample: &[u8]) -> Option<bool> {
    if sample.len() < MIN_SAMPLE_LEN {
        return None;
    }
    let bar = 8.0 - 400.0 / sample.len() as f64;
    Some(bits_per_byte(sample) >= bar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngCore, SeedableRng};

    #[test]
    fn random_bytes_look_random_at_every_judged_length() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for len in [MIN_SAMPLE_LEN, 2000, 4096, SAMPLE_LEN] {
            for _ in 0..50 {
                let mut b = vec![0u8; len];
                rng.fill_bytes(&mut b);
                assert_eq!(looks_random(&b), Some(true), "{len}");
            }
        }
    }

    #[test]
    fn text_records_and_short_samples_do_not() {
        let text =
            "{\\rtf1\\ansi Sehr geehrte Kollegin, vielen Dank für die Überweisung. ".repeat(300);
        assert_eq!(looks_random(text.as_bytes()), Some(false));
        let mut records = Vec::new();
        for i in 0u32..64 {
            records.extend_from_slice(&i.to_le_bytes());
            records.extend_from_slice(b"Befund Hypertonie");
            records.resize(records.len() + 235, 0);
        }
        assert_eq!(looks_random(&records), Some(false));
        assert_eq!(looks_random(&[7u8; 100]), None);
        assert!(bits_per_byte(&[]) == 0.0);
    }
}
