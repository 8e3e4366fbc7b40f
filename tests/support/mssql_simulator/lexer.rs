//! A small T-SQL tokenizer: enough to read the BACKUP/RESTORE/DBCC statements
//! tresor sends, including [bracketed]] identifiers and N'quoted'' strings.

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// Unquoted word (keyword or identifier), as written.
    Word(String),
    /// `[ident]` or `"ident"`, unescaped.
    Ident(String),
    /// `'text'` or `N'text'`, unescaped.
    Str(String),
    Num(String),
    Sym(char),
}

impl Tok {
    pub fn is_word(&self, w: &str) -> bool {
        matches!(self, Tok::Word(x) if x.eq_ignore_ascii_case(w))
    }

    /// The name a token stands for where an identifier is expected.
    pub fn name(&self) -> Option<String> {
        match self {
            Tok::Word(s) | Tok::Ident(s) | Tok::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// Tokenizes a batch; returns its statements split at top-level `;`.
pub fn statements(sql: &str) -> Result<Vec<Vec<Tok>>, String> {
    let toks = tokenize(sql)?;
    let mut out = vec![Vec::new()];
    for t in toks {
        if t == Tok::Sym(';') {
            out.push(Vec::new());
        } else if let Some(last) = out.last_mut() {
            last.push(t);
        }
    }
    out.retain(|s| !s.is_empty());
    Ok(out)
}

fn tokenize(sql: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = sql.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '-' && c.get(i + 1) == Some(&'-') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if ch == '[' {
            let (s, next) = quoted(&c, i + 1, ']')?;
            out.push(Tok::Ident(s));
            i = next;
        } else if ch == '"' {
            let (s, next) = quoted(&c, i + 1, '"')?;
            out.push(Tok::Ident(s));
            i = next;
        } else if ch == '\'' {
            let (s, next) = quoted(&c, i + 1, '\'')?;
            out.push(Tok::Str(s));
            i = next;
        } else if (ch == 'N' || ch == 'n') && c.get(i + 1) == Some(&'\'') {
            let (s, next) = quoted(&c, i + 2, '\'')?;
            out.push(Tok::Str(s));
            i = next;
        } else if ch.is_ascii_digit() {
            let start = i;
            while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
                i += 1;
            }
            out.push(Tok::Num(c[start..i].iter().collect()));
        } else if ch.is_alphanumeric() || ch == '_' || ch == '@' || ch == '#' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || matches!(c[i], '_' | '@' | '#' | '$')) {
                i += 1;
            }
            out.push(Tok::Word(c[start..i].iter().collect()));
        } else {
            out.push(Tok::Sym(ch));
            i += 1;
        }
    }
    Ok(out)
}

/// Reads up to the closing `close`; a doubled `close` stands for one.
fn quoted(c: &[char], mut i: usize, close: char) -> Result<(String, usize), String> {
    let mut s = String::new();
    loop {
        match c.get(i) {
            None => {
                return Err(format!(
                    "Unclosed quotation mark before the end of the batch (expected {close})."
                ))
            }
            Some(&ch) if ch == close => {
                if c.get(i + 1) == Some(&close) {
                    s.push(close);
                    i += 2;
                } else {
                    return Ok((s, i + 1));
                }
            }
            Some(&ch) => {
                s.push(ch);
                i += 1;
            }
        }
    }
}
