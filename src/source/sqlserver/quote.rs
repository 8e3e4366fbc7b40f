//! T-SQL quoting. BACKUP/RESTORE/DBCC take no parameters, so names and paths
//! go into the statement text: identifiers as `[name]` with `]` doubled,
//! strings as `N'text'` with `'` doubled (N keeps non-ASCII paths intact).

/// `O'Brien]x` → `[O'Brien]]x]`
pub fn quote_ident(name: &str) -> String {
    format!("[{}]", name.replace(']', "]]"))
}

/// `C:\Sich'erung` → `N'C:\Sich''erung'`
pub fn quote_nstring(text: &str) -> String {
    format!("N'{}'", text.replace('\'', "''"))
}
