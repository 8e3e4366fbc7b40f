//! "Did you mean …?": the closest allowed word to a misspelt one.

/// The candidate closest to `word` (case-insensitive edit distance), if it is
/// close enough to be a plausible typo (about a third of its length).
pub fn closest<'a, I, S>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + 'a + ?Sized,
{
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (distance(&word, &c.as_ref().to_lowercase()), c.as_ref()))
        .filter(|(d, c)| *d <= c.chars().count().div_ceil(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.to_string())
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_but_not_unrelated_words() {
        let keys = ["destination", "copy_only", "retention"];
        assert_eq!(closest("destinaton", &keys).as_deref(), Some("destination"));
        assert_eq!(closest("Copy-Only", &keys).as_deref(), Some("copy_only"));
        assert_eq!(closest("schedule", &keys), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(
            closest("x.konzept", &["x.concept", "x.comfort"]).as_deref(),
            Some("x.concept")
        );
    }
}
