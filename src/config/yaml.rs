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

/// What is wrong with the YAML text, classified from the parser's message
/// so that it can be explained in the practice's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YamlProblem {
    /// A quoted value runs to the end of the file.
    UnclosedQuote,
    /// A TAB where YAML wants spaces.
    Tab,
    /// Indentation does not match, or `key:value` without a space.
    Indentation,
    /// `[` without `]` (or a missing comma).
    UnclosedList,
    /// `{` without `}` (or a missing comma).
    UnclosedMap,
    /// `:` or `-` not followed by a space.
    SpaceAfterIndicator,
    /// `#` right after text.
    CommentSpace,
    /// Text after a closing quote.
    AfterQuote,
    /// A value starting with `&`, `*`, `!`, `%`, `@` …
    SpecialCharacter,
    /// `---` followed by a second document.
    MoreThanOneDocument,
    /// Anything else; the parser's English text, for the log.
    Other(String),
}

impl YamlProblem {
    /// Classifies a yaml-rust2 scanner/parser message.
    fn classify(info: &str) -> YamlProblem {
        let has = |s: &str| info.contains(s);
        if has("quoted scalar, found unexpected end")
            || has("quoted scalar, found unexpected document")
        {
            YamlProblem::UnclosedQuote
        } else if has("tab") {
            YamlProblem::Tab
        } else if has("flow sequence") || has("illegal placement of ':'") {
            YamlProblem::UnclosedList
        } else if has("flow mapping") {
            YamlProblem::UnclosedMap
        } else if has("must be followed by a valid YAML whitespace") {
            YamlProblem::SpaceAfterIndicator
        } else if has("comments must be separated") {
            YamlProblem::CommentSpace
        } else if has("trailing content after double-quoted") {
            YamlProblem::AfterQuote
        } else if has("indent")
            || has("did not find expected key")
            || has("did not find expected '-'")
            || has("mapping values are not allowed")
            || has("simple key")
        {
            YamlProblem::Indentation
        } else if has("anchor")
            || has("alias")
            || has("tag")
            || has("directive")
            || has("unexpected character")
        {
            YamlProblem::SpecialCharacter
        } else {
            YamlProblem::Other(info.to_string())
        }
    }
}

/// Parses one YAML document. An empty document is `Ok(None)`.
pub fn parse(text: &str) -> Result<Option<Node>, Failure> {
    // Windows editors like to start UTF-8 files with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::new_from_str(text);
    let mut root = None;
    let r = Reader { text };
    loop {
        let (event, mark) = r.next(&mut parser)?;
        match event {
            Event::StreamStart | Event::DocumentStart | Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => return Ok(root),
            _ if root.is_some() => {
                return Err(Box::new((
                    Some(position(&mark)),
                    ErrorKind::Syntax(YamlProblem::MoreThanOneDocument),
                )))
            }
            other => root = Some(r.node(&mut parser, other, mark)?),
        }
    }
}

/// Where and what, boxed to keep results small.
pub type Failure = Box<(Option<Position>, ErrorKind)>;

/// Escapes the parser refuses in double quotes (`\D`, `\U…`, `\x…`): in
/// tresor.yaml these are Windows paths typed between double quotes.
fn is_escape_error(info: &str) -> bool {
    info.contains("unknown escape character")
        || info.contains("hexadecimal number")
        || info.contains("Unicode character escape")
}

/// The text between the double quotes around (or, failing that, first on)
/// `line` at `column` (both 1-based), as typed.
fn double_quoted_at(text: &str, line: usize, column: usize) -> String {
    let Some(src) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let chars: Vec<char> = src.chars().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '"' {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && chars[j] != '"' {
                // `\"` does not end the value; any other backslash is text here.
                if chars[j] == '\\' && chars.get(j + 1) == Some(&'"') {
                    j += 1;
                }
                j += 1;
            }
            spans.push((start, j));
            i = j + 1;
        } else if chars[i] == '#' || chars[i] == '\'' {
            // A comment or a single-quoted value: no double-quoted value further on.
            break;
        } else {
            i += 1;
        }
    }
    let col = column.saturating_sub(1);
    spans
        .iter()
        .find(|(s, e)| *s <= col + 1 && col <= *e)
        .or(spans.first())
        .map(|(s, e)| chars[*s..(*e).min(chars.len())].iter().collect())
        .unwrap_or_default()
}

/// A double-quoted value that turned a `\t`, `\n`, `\b` … of a Windows path
/// into a control character.
fn has_escaped_control(value: &str) -> bool {
    value
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{a0}' | '\u{2028}' | '\u{2029}'))
}

/// The parser over `text`, which it needs to quote what was typed.
struct Reader<'t> {
    text: &'t str,
}

impl Reader<'_> {
    fn next(&self, parser: &mut Parser<std::str::Chars<'_>>) -> Result<(Event, Marker), Failure> {
        parser.next_token().map_err(|e| {
            let m = e.marker();
            let pos = Position {
                line: m.line(),
                column: m.col() + 1,
            };
            let kind = if is_escape_error(e.info()) {
                ErrorKind::WindowsPathInDoubleQuotes {
                    written: double_quoted_at(self.text, pos.line, pos.column),
                }
            } else {
                ErrorKind::Syntax(YamlProblem::classify(e.info()))
            };
            Box::new((Some(pos), kind))
        })
    }

    fn node(
        &self,
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
                if style == TScalarStyle::DoubleQuoted && has_escaped_control(&text) {
                    return Err(Box::new((
                        Some(pos),
                        ErrorKind::WindowsPathInDoubleQuotes {
                            written: double_quoted_at(self.text, pos.line, pos.column),
                        },
                    )));
                }
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
                    let (ev, m) = self.next(parser)?;
                    if ev == Event::SequenceEnd {
                        break;
                    }
                    items.push(self.node(parser, ev, m)?);
                }
                // Block sequences report their start late; the first item is earlier.
                pos = items.first().map_or(pos, |first| pos.min(first.pos));
                Value::List(items)
            }
            Event::MappingStart(..) => {
                let mut entries = Vec::new();
                loop {
                    let (ev, m) = self.next(parser)?;
                    if ev == Event::MappingEnd {
                        break;
                    }
                    let key = self.node(parser, ev, m)?;
                    let (ev, m) = self.next(parser)?;
                    let value = self.node(parser, ev, m)?;
                    entries.push((key, value));
                }
                // Block mappings report their start after the first key.
                pos = entries.first().map_or(pos, |(first, _)| pos.min(first.pos));
                Value::Map(entries)
            }
            other => {
                return Err(Box::new((
                    Some(pos),
                    ErrorKind::Syntax(YamlProblem::Other(format!(
                        "unexpected YAML event {other:?}"
                    ))),
                )))
            }
        };
        Ok(Node { pos, value })
    }
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
        assert!(matches!(
            kind,
            ErrorKind::Syntax(YamlProblem::MoreThanOneDocument)
        ));
    }

    fn windows_path_error(text: &str) -> (Position, String) {
        match *parse(text).unwrap_err() {
            (Some(pos), ErrorKind::WindowsPathInDoubleQuotes { written }) => (pos, written),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn windows_paths_in_double_quotes_are_named_with_their_line() {
        // `\D` is no escape: the parser stops.
        let (pos, written) =
            windows_path_error("a: 1\nsources:\n  - path: \"C:\\DConcept\\DEDATA\"\n");
        assert_eq!(pos.line, 3);
        assert_eq!(written, r"C:\DConcept\DEDATA");
        // `\t` is a TAB: the value parses, then is refused.
        let (pos, written) = windows_path_error("rdx: { path: \"E:\\tresor\" }\n");
        assert_eq!(pos.line, 1);
        assert_eq!(written, r"E:\tresor");
        // `\\n` + `\p`: a UNC path.
        let (_, written) = windows_path_error("nas: \"\\\\nas\\praxis\"\n");
        assert_eq!(written, r"\\nas\praxis");
        // `\U` wants eight hex digits.
        let (_, written) = windows_path_error("p: \"C:\\Users\\x\"\n");
        assert_eq!(written, r"C:\Users\x");
        // Correctly escaped or single-quoted paths are fine.
        assert_eq!(
            p("p: \"C:\\\\DConcept\"\nq: 'E:\\tresor'\n")
                .lookup("q")
                .unwrap()
                .value,
            Value::Scalar(r"E:\tresor".into())
        );
    }

    #[test]
    fn parser_messages_are_classified() {
        for (text, want) in [
            ("a: [1, 2\n", YamlProblem::UnclosedList),
            ("a: {b: 1\n", YamlProblem::UnclosedMap),
            ("a: 'x\n", YamlProblem::UnclosedQuote),
            ("a:\n\tb: 1\n", YamlProblem::Tab),
            ("a: 1\n b: 2\n", YamlProblem::Indentation),
        ] {
            match *parse(text).unwrap_err() {
                (_, ErrorKind::Syntax(p)) => assert_eq!(p, want, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }
}
