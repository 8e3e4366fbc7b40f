//! The file list of a snapshot: one JSON line per node in walk order,
//! stored as `Tree` blobs cut by the chunker, so an unchanged part of the list
//! is stored once across snapshots.

use serde::{Deserialize, Serialize};

use super::id::Id;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    File,
    Dir,
    Symlink,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// '/'-separated path inside the snapshot, e.g. `C/DConcept/DEDATA/T0001.DAT`.
    pub path: String,
    pub kind: NodeKind,
    #[serde(default)]
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    #[serde(default)]
    pub mtime_ns: i64,
    #[serde(default)]
    pub mode: u32,
    /// Windows file attributes (read-only, hidden, system, archive).
    #[serde(default)]
    pub attributes: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Content in order. The ids are keyed hashes of the pieces, so they are
    /// also what a restored file is verified against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chunks: Vec<Id>,
    /// Files of one snapshot with the same value were hard links to one file
    /// (an opaque number derived from device and inode; absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardlink: Option<u64>,
}

pub fn encode_line(n: &Node, out: &mut Vec<u8>) {
    // Serialising plain owned data into a Vec cannot fail.
    if serde_json::to_writer(&mut *out, n).is_ok() {
        out.push(b'\n');
    }
}

pub fn decode(bytes: &[u8]) -> Result<Vec<Node>, serde_json::Error> {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(serde_json::from_slice)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip() {
        let n = Node {
            path: "C/DConcept/DEDATA/Ä.DAT".into(),
            kind: NodeKind::File,
            size: 3,
            mtime_ns: -5,
            mode: 0o644,
            attributes: 1,
            target: None,
            chunks: vec![Id([3; 32])],
            hardlink: Some(7),
        };
        let mut buf = Vec::new();
        encode_line(&n, &mut buf);
        encode_line(&n, &mut buf);
        assert_eq!(decode(&buf).unwrap(), vec![n.clone(), n]);
    }
}
