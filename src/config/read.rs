//! Typed reading of a YAML [`Node`] tree: every helper reports the file, the
//! position and what was expected. Used by the config and profile readers.

use super::error::{ConfigError, ErrorKind, Position, Shape};
use super::suggest::closest;
use super::yaml::{Node, Value};

/// The file being read; turns positions and kinds into [`ConfigError`]s.
#[derive(Clone, Copy, Debug)]
pub struct Doc<'a> {
    /// File name or `<embedded …>`.
    pub origin: &'a str,
}

/// The checked keys of one mapping.
#[derive(Debug)]
pub struct Fields<'n> {
    entries: &'n [(Node, Node)],
    pos: Position,
    section: String,
}

impl<'n> Fields<'n> {
    /// The value of `key`; an empty value (`key:`) counts as absent.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Scalar(s) if s == key))
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// The value of `key`, or a "missing" error at the mapping.
    pub fn required(&self, doc: Doc<'_>, key: &str) -> Result<&'n Node, ConfigError> {
        self.get(key).ok_or_else(|| {
            doc.err(
                self.pos,
                ErrorKind::MissingKey {
                    key: key.to_string(),
                    section: self.section.clone(),
                },
            )
        })
    }
}

/// `a.b` from a section and a key; the top level has no prefix.
pub fn join(section: &str, key: &str) -> String {
    if section.is_empty() || section == "top level" {
        key.to_string()
    } else {
        format!("{section}.{key}")
    }
}

impl<'a> Doc<'a> {
    /// An error at `pos` in this file.
    pub fn err(&self, pos: Position, kind: ErrorKind) -> ConfigError {
        ConfigError::at(self.origin, Some(pos), kind)
    }

    fn wrong_type(&self, node: &Node, field: &str, expected: Shape) -> ConfigError {
        self.err(
            node.pos,
            ErrorKind::WrongType {
                field: field.to_string(),
                expected,
                found: node.shape(),
            },
        )
    }

    /// A mapping with a fixed set of keys (unknown keys get a suggestion, duplicates are refused).
    /// An empty value counts as an empty mapping.
    pub fn fields<'n>(
        &self,
        node: &'n Node,
        section: &str,
        allowed: &[&str],
    ) -> Result<Fields<'n>, ConfigError> {
        let entries = self.entries(node, section)?;
        for (i, (key, _)) in entries.iter().enumerate() {
            let name = self.key_text(key, section)?;
            if !allowed.contains(&name) {
                return Err(self.err(
                    key.pos,
                    ErrorKind::UnknownKey {
                        key: name.to_string(),
                        section: section.to_string(),
                        suggestion: closest(name, allowed),
                        expected: allowed.iter().map(|s| s.to_string()).collect(),
                    },
                ));
            }
            self.refuse_duplicate(entries, i, name, section)?;
        }
        Ok(Fields {
            entries,
            pos: node.pos,
            section: section.to_string(),
        })
    }

    /// A mapping whose keys are names chosen by the user (`destinations`, `jobs`):
    /// returns `(name, key node, value node)` in file order, refusing duplicates.
    pub fn named<'n>(
        &self,
        node: &'n Node,
        section: &str,
    ) -> Result<Vec<(String, &'n Node, &'n Node)>, ConfigError> {
        let entries = self.entries(node, section)?;
        let mut out = Vec::new();
        for (i, (key, value)) in entries.iter().enumerate() {
            let name = self.key_text(key, section)?;
            self.refuse_duplicate(entries, i, name, section)?;
            out.push((name.to_string(), key, value));
        }
        Ok(out)
    }

    fn entries<'n>(
        &self,
        node: &'n Node,
        section: &str,
    ) -> Result<&'n [(Node, Node)], ConfigError> {
        match &node.value {
            Value::Map(entries) => Ok(entries),
            Value::Null => Ok(&[]),
            _ => Err(self.wrong_type(node, section, Shape::Map)),
        }
    }

    fn key_text<'n>(&self, key: &'n Node, section: &str) -> Result<&'n str, ConfigError> {
        match &key.value {
            Value::Scalar(s) => Ok(s),
            _ => Err(self.wrong_type(key, &format!("{section} (key)"), Shape::Text)),
        }
    }

    fn refuse_duplicate(
        &self,
        entries: &[(Node, Node)],
        i: usize,
        name: &str,
        section: &str,
    ) -> Result<(), ConfigError> {
        let earlier = entries[..i]
            .iter()
            .any(|(k, _)| matches!(&k.value, Value::Scalar(s) if s == name));
        if earlier {
            return Err(self.err(
                entries[i].0.pos,
                ErrorKind::DuplicateKey {
                    key: name.to_string(),
                    section: section.to_string(),
                },
            ));
        }
        Ok(())
    }

    /// A single value as text.
    pub fn text(&self, node: &Node, field: &str) -> Result<String, ConfigError> {
        match &node.value {
            Value::Scalar(s) => Ok(s.clone()),
            _ => Err(self.wrong_type(node, field, Shape::Text)),
        }
    }

    /// A whole number in `min..=max`.
    pub fn number(&self, node: &Node, field: &str, min: u64, max: u64) -> Result<u64, ConfigError> {
        let text = self.text(node, field)?;
        let last = field.rsplit('.').next().unwrap_or(field).to_string();
        let n: u64 = text.trim().replace('_', "").parse().map_err(|_| {
            let negative = text.trim().starts_with('-') && text.trim()[1..].parse::<u64>().is_ok();
            let kind = if negative {
                ErrorKind::OutOfRange {
                    field: last.clone(),
                    value: text.clone(),
                    min,
                    max,
                }
            } else {
                ErrorKind::NotANumber {
                    field: last.clone(),
                    value: text.clone(),
                }
            };
            self.err(node.pos, kind)
        })?;
        if n < min || n > max {
            return Err(self.err(
                node.pos,
                ErrorKind::OutOfRange {
                    field: last,
                    value: text,
                    min,
                    max,
                },
            ));
        }
        Ok(n)
    }

    /// `true`/`false` (also `yes`/`no`, `ja`/`nein`, any case).
    pub fn boolean(&self, node: &Node, field: &str) -> Result<bool, ConfigError> {
        let text = self.text(node, field)?;
        match text.trim().to_lowercase().as_str() {
            "true" | "yes" | "ja" | "on" => Ok(true),
            "false" | "no" | "nein" | "off" => Ok(false),
            _ => Err(self.err(
                node.pos,
                ErrorKind::NotABool {
                    field: field.rsplit('.').next().unwrap_or(field).to_string(),
                    value: text,
                },
            )),
        }
    }

    /// A list; an empty value is an empty list.
    pub fn list<'n>(&self, node: &'n Node, field: &str) -> Result<&'n [Node], ConfigError> {
        match &node.value {
            Value::List(items) => Ok(items),
            Value::Null => Ok(&[]),
            _ => Err(self.wrong_type(node, field, Shape::List)),
        }
    }

    /// A list of texts.
    pub fn texts(&self, node: &Node, field: &str) -> Result<Vec<String>, ConfigError> {
        self.list(node, field)?
            .iter()
            .enumerate()
            .map(|(i, n)| self.text(n, &format!("{field}.{i}")))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml;
    use super::*;

    const DOC: Doc<'static> = Doc { origin: "t.yaml" };

    fn tree(text: &str) -> Node {
        yaml::parse(text).unwrap().unwrap()
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let t = tree("destinaton: rdx\n");
        let e = DOC
            .fields(&t, "jobs.nightly", &["destination", "copy_only"])
            .unwrap_err();
        assert_eq!(e.position, Some(Position { line: 1, column: 1 }));
        match *e.kind {
            ErrorKind::UnknownKey { suggestion, .. } => {
                assert_eq!(suggestion.as_deref(), Some("destination"))
            }
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn duplicates_and_missing_keys() {
        let t = tree("a: 1\nb: 2\na: 3\n");
        let e = DOC.fields(&t, "top level", &["a", "b"]).unwrap_err();
        assert!(matches!(*e.kind, ErrorKind::DuplicateKey { .. }));
        assert_eq!(e.position.map(|p| p.line), Some(3));
        let t = tree("b: 2\n");
        let f = DOC.fields(&t, "top level", &["a", "b"]).unwrap();
        assert!(matches!(
            *f.required(DOC, "a").unwrap_err().kind,
            ErrorKind::MissingKey { .. }
        ));
    }

    #[test]
    fn numbers_and_booleans() {
        let t = tree("n: 12\nbad: viele\nneg: -1\nbig: 99999999999\nb: Ja\nnb: vielleicht\n");
        let get = |k: &str| t.lookup(k).unwrap();
        assert_eq!(DOC.number(get("n"), "r.n", 0, 100).unwrap(), 12);
        let e = DOC
            .number(get("bad"), "retention.keep_daily", 0, 100)
            .unwrap_err();
        assert!(
            matches!(*e.kind, ErrorKind::NotANumber { ref field, .. } if field == "keep_daily")
        );
        assert_eq!(e.position, Some(Position { line: 2, column: 6 }));
        assert!(matches!(
            *DOC.number(get("neg"), "x", 0, 5).unwrap_err().kind,
            ErrorKind::OutOfRange { .. }
        ));
        assert!(matches!(
            *DOC.number(get("big"), "x", 0, u32::MAX as u64)
                .unwrap_err()
                .kind,
            ErrorKind::OutOfRange { .. }
        ));
        assert!(DOC.boolean(get("b"), "b").unwrap());
        assert!(matches!(
            *DOC.boolean(get("nb"), "nb").unwrap_err().kind,
            ErrorKind::NotABool { .. }
        ));
    }

    #[test]
    fn shapes_are_checked() {
        let t = tree("l: [a, b]\nm: {a: 1}\n");
        let e = DOC.text(t.lookup("l").unwrap(), "l").unwrap_err();
        assert!(matches!(
            *e.kind,
            ErrorKind::WrongType {
                expected: Shape::Text,
                found: Shape::List,
                ..
            }
        ));
        assert!(DOC.list(t.lookup("m").unwrap(), "m").is_err());
        assert_eq!(
            DOC.texts(t.lookup("l").unwrap(), "l").unwrap(),
            vec!["a", "b"]
        );
    }
}
