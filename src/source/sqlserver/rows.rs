//! Reading result columns by name, tolerant of the integer/decimal widths
//! different SQL Server versions (and CASTs) produce.

use super::errors::SqlError;
use chrono::NaiveDateTime;
use tiberius::numeric::Numeric;
use tiberius::Row;

pub(crate) fn text(row: &Row, col: &str) -> Option<String> {
    row.try_get::<&str, _>(col)
        .ok()
        .flatten()
        .map(str::to_string)
}

pub(crate) fn int(row: &Row, col: &str) -> Option<i64> {
    if let Some(v) = row.try_get::<i64, _>(col).ok().flatten() {
        return Some(v);
    }
    if let Some(v) = row.try_get::<i32, _>(col).ok().flatten() {
        return Some(v.into());
    }
    if let Some(v) = row.try_get::<i16, _>(col).ok().flatten() {
        return Some(v.into());
    }
    if let Some(v) = row.try_get::<u8, _>(col).ok().flatten() {
        return Some(v.into());
    }
    big(row, col).and_then(|v| i64::try_from(v).ok())
}

/// numeric(25,0) LSNs and numeric(20,0) sizes.
pub(crate) fn big(row: &Row, col: &str) -> Option<u128> {
    if let Some(n) = row.try_get::<Numeric, _>(col).ok().flatten() {
        let scale = 10i128.pow(u32::from(n.scale()));
        return u128::try_from(n.value() / scale).ok();
    }
    row.try_get::<i64, _>(col)
        .ok()
        .flatten()
        .and_then(|v| u128::try_from(v).ok())
}

pub(crate) fn flag(row: &Row, col: &str) -> Option<bool> {
    if let Some(b) = row.try_get::<bool, _>(col).ok().flatten() {
        return Some(b);
    }
    if let Some(v) = row.try_get::<u8, _>(col).ok().flatten() {
        return Some(v != 0);
    }
    row.try_get::<i32, _>(col).ok().flatten().map(|v| v != 0)
}

pub(crate) fn real(row: &Row, col: &str) -> Option<f32> {
    if let Some(v) = row.try_get::<f32, _>(col).ok().flatten() {
        return Some(v);
    }
    row.try_get::<f64, _>(col).ok().flatten().map(|v| v as f32)
}

pub(crate) fn time(row: &Row, col: &str) -> Option<NaiveDateTime> {
    row.try_get::<NaiveDateTime, _>(col).ok().flatten()
}

/// A column that must be present and non-NULL.
pub(crate) fn need<T>(v: Option<T>, query: &'static str, col: &str) -> Result<T, SqlError> {
    v.ok_or_else(|| SqlError::UnexpectedResult {
        query,
        detail: format!("column {col} missing or NULL"),
    })
}
