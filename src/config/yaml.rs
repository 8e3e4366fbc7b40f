//! A YAML document as a tree whose every value knows its line and column.
//!
//! serde-based YAML loaders lose positions once a value is deserialised; error
//! messages like "jobs.nightly.destination at line 30, column 18" need them, so
//! tresor.yaml and profiles are read from yaml-rust2's event stream into [`Node`]s.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::error::{ErrorKind, Position, Shape};

/// A YAML value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Position,
    /// The value.
    pub value: Value,
}

/// The value of a [`Node`]. Scalars stay text; the reader decides what they mean.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Empty, `~` or `null`.
    Null,
    /// A scalar, as text.
    Scalar(String),
    /// A sequence.
    List(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The shape, for error messages.
    pub fn shape(&self) -> Shape {
        match self.value {
            Value::Null => Shape::Nothing,
            Value::Scalar(_) => Shape::Text,
            Value::List(_) => Shape::List,
            Value::Map(_) => Shape::Map,
        }
    }

    /// The node at a dotted YAML path (`jobs.nightly.destination`, `keys.recovery.0`).
    pub fn lookup(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            node = match &node.value {
                Value::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| matches!(&k.value, Value::Scalar(s) if s == part))
                    .map(|(_, v)| v)?,
                Value::List(items) => items.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The position of the key whose value is at `path` (for "unknown key" style errors).
    pub fn key_position(&self, path: &str) -> Option<Position> {
        let (parent, last) = match path.rsplit_once('.') {
            Some((p, l)) => (self.lookup(p)?, l),
            None => (self, path),
        };
        match &parent.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Scalar(s) if s == last))
                .map(|(k, _)| k.pos),
            _ => None,
        }
    }
}

fn position(m: &Marker) -> Position {
    Position {
        line: m.line(),
        column: m.col() + 1,
    }
}

/// Parses one YAML document. An empty document is `Ok(None)`.
pub fn parse(text: &str) -> Result<Option<Node>, Failure> {
    // Windows editors like to start UTF-8 files with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::new_from_str(text);
    let mut root = None;
    loop {
        let (event, mark) = next(&mut parser)?;
        match event {
            Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => return Ok(root),
            _ if root.is_some() => {
                return Err(Box::new((
                    Some(position(&mark)),
                    ErrorKind::Syntax("more than one YAML document (`---`); keep one".into()),
                )))
            }
            other => root = Some(node(&mut parser, other, mark)?),
        }
    }
}

/// Where and what, boxed to keep results small.
pub type Failure = Box<(Option<Position>, ErrorKind)>;

fn next(parser: &mut Parser<std::str::Chars<'_>>) -> Result<(Event, Marker), Failure> {
    parser.next_token().map_err(|e| {
        let m = e.marker();
        Box::new((
            Some(Position {
                line: m.line(),
                column: m.col() + 1,
            }),
            ErrorKind::Syntax(e.info().to_string()),
        ))
    })
}

fn node(
    parser: &mut Parser<std::str::Chars<'_>>,
    event: Event,
    mark: Marker,
) -> Result<Node, Failure> {
    let mut pos = position(&mark);
    let value = match event {
        Event::Alias(_) => return Err(Box::new((Some(pos), ErrorKind::Alias))),
        Event::Scalar(_, _, anchor, _)
        | Event::SequenceStart(anchor, _)
        | Event::MappingStart(anchor, _)
            if anchor != 0 =>
        {
            return Err(Box::new((Some(pos), ErrorKind::Alias)));
        }
        Event::Scalar(text, style, _, _) => {
            let null = style == TScalarStyle::Plain
                && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
            if null {
                Value::Null
            } else {
                Value::Scalar(text)
            }
        }
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                let (ev, m) = next(parser)?;
                if ev == Event::SequenceEnd {
                    break;
                }
                items.push(node(parser, ev, m)?);
            }
            // Block sequences report their start late; the first item is earlier.
            pos = items.first().map_or(pos, |first| pos.min(first.pos));
            Value::List(items)
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            loop {
                let (ev, m) = next(parser)?;
                if ev == Event::MappingEnd {
                    break;
                }
                let key = node(parser, ev, m)?;
                let (ev, m) = next(parser)?;
                let value = node(parser, ev, m)?;
                entries.push((key, value));
            }
            // Block mappings report their start after the first key.
            pos = entries.first().map_or(pos, |(first, _)| pos.min(first.pos));
            Value::Map(entries)
        }
        other => {
            return Err(Box::new((
                Some(pos),
                ErrorKind::Syntax(format!("unexpected YAML event {other:?}")),
            )))
        }
    };
    Ok(Node { pos, value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Node {
        parse(text).unwrap().unwrap()
    }

    #[test]
    fn positions_are_one_based_line_and_column() {
        let doc = p("a: 1\njobs:\n  nightly:\n    destination: rdx\nlist: [x, 'y']\n");
        let d = doc.lookup("jobs.nightly.destination").unwrap();
        assert_eq!(d.value, Value::Scalar("rdx".into()));
        assert_eq!(
            d.pos,
            Position {
                line: 4,
                column: 18
            }
        );
        assert_eq!(
            doc.key_position("jobs.nightly.destination"),
            Some(Position { line: 4, column: 5 })
        );
        let y = doc.lookup("list.1").unwrap();
        assert_eq!(
            y.pos,
            Position {
                line: 5,
                column: 11
            }
        );
        assert_eq!(
            doc.lookup("a").unwrap().pos,
            Position { line: 1, column: 4 }
        );
        assert!(doc.lookup("jobs.missing").is_none());
    }

    #[test]
    fn nulls_and_quoted_empties() {
        let doc = p("a:\nb: ~\nc: ''\n");
        assert_eq!(doc.lookup("a").unwrap().value, Value::Null);
        assert_eq!(doc.lookup("b").unwrap().value, Value::Null);
        assert_eq!(doc.lookup("c").unwrap().value, Value::Scalar(String::new()));
    }

    #[test]
    fn empty_document_and_errors() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("# only a comment\n").unwrap(), None);
        let (pos, kind) = *parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(matches!(kind, ErrorKind::Syntax(_)));
        assert!(pos.is_some());
        let (pos, kind) = *parse("a: &x 1\nb: *x\n").unwrap_err();
        assert!(matches!(kind, ErrorKind::Alias));
        assert_eq!(pos.map(|p| p.line), Some(1));
        let (_, kind) = *parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(matches!(kind, ErrorKind::Syntax(m) if m.contains("more than one")));
    }
}
