//! The hash rule of the chain (docs/journal.md, "Hash"): BLAKE3 over the
//! previous entry's hash (64 hex digits, ASCII), one line feed, and the
//! canonical JSON of this entry without its `hash` field. Canonical JSON:
//! object keys sorted by their UTF-8 bytes, no whitespace, strings and
//! numbers as serde_json writes them. It is computed from the stored line's
//! parsed value, not from today's `RunRecord`, so fields a later version
//! adds or a reader does not know never change an old entry's hash.

use serde_json::Value;

/// The `prev` of the first chained entry: 64 zeros.
pub const ZERO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of an entry given as a JSON object. Its `hash` field, when
/// present, is left out; its `prev` field (missing: empty) goes first.
/// Returns 64 lower-case hex digits.
pub fn entry_hash(entry: &Value) -> String {
    let prev = entry.get("prev").and_then(Value::as_str).unwrap_or("");
    let mut unsigned = entry.clone();
    if let Value::Object(map) = &mut unsigned {
        map.remove("hash");
    }
    let mut hasher = blake3::Hasher::new();
    hasher.update(prev.as_bytes());
    hasher.update(b"\n");
    hasher.update(canonical(&unsigned).as_bytes());
    hasher.finalize().to_hex().to_string()
}

/// `value` as canonical JSON (sorted keys, no whitespace).
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(v, out);
            }
            out.push(']');
        }
        // Strings, numbers, booleans and null: serde_json's own compact form.
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_and_hash_is_left_out() {
        let a = json!({"seq": 1, "prev": ZERO_HASH, "record": {"b": 1, "a": [true, null, "ü\n"]}});
        assert_eq!(canonical(&a["record"]), r#"{"a":[true,null,"ü\n"],"b":1}"#);
        let mut with_hash = a.clone();
        with_hash["hash"] = json!("whatever");
        assert_eq!(entry_hash(&a), entry_hash(&with_hash));
        // The documented rule, written out by hand.
        let by_hand = blake3::hash(
            format!(
                "{ZERO_HASH}\n{{\"prev\":\"{ZERO_HASH}\",\"record\":{{\"a\":[true,null,\"ü\\n\"],\"b\":1}},\"seq\":1}}"
            )
            .as_bytes(),
        );
        assert_eq!(entry_hash(&a), by_hand.to_hex().to_string());
    }

    #[test]
    fn any_change_changes_the_hash() {
        let a = json!({"seq": 1, "prev": ZERO_HASH, "record": {"items": 5}});
        let b = json!({"seq": 1, "prev": ZERO_HASH, "record": {"items": 6}});
        assert_ne!(entry_hash(&a), entry_hash(&b));
        assert_eq!(entry_hash(&a).len(), 64);
    }
}
