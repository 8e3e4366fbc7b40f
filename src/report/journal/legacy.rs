//! Lines written before the journal was typed and chained: `tresor drill`
//! wrote `{"kind": "drill", "time": …, "ok": …, "problems": […], …}` built
//! with `json!`. They are read as legacy entries (verify counts them, they
//! are not tampering) and turned into a [`RunRecord`] where they can be, so
//! `tresor status` still knows the last drill.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::report::record::{DatabaseResult, Notice, RunKind, RunOutcome, RunRecord, Verification};

/// The record an untyped line stands for, or None when it is not one tresor
/// wrote (no `kind` or `time` it knows).
pub fn record_of(value: &Value) -> Option<RunRecord> {
    // A typed record written without a chain (a future writer, a test).
    if let Ok(r) = serde_json::from_value::<RunRecord>(value.clone()) {
        return Some(r);
    }
    let kind = match value.get("kind")?.as_str()? {
        "drill" => RunKind::Drill,
        _ => return None,
    };
    let time: DateTime<Utc> = DateTime::parse_from_rfc3339(value.get("time")?.as_str()?)
        .ok()?
        .with_timezone(&Utc);
    let ok = value.get("ok").and_then(Value::as_bool).unwrap_or(false);
    let texts = |field: &str| -> Vec<String> {
        value
            .get(field)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| {
                        v.as_str()
                            .or_else(|| v.get("message").and_then(Value::as_str))
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut errors: Vec<Notice> = texts("problems")
        .into_iter()
        .map(|text| Notice {
            code: "drill_failed".into(),
            text,
        })
        .collect();
    errors.extend(texts("untested").into_iter().map(|text| Notice {
        code: "drill_failed".into(),
        text,
    }));
    let databases = value
        .get("databases")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|d| {
                    Some(DatabaseResult {
                        name: d.get("database")?.as_str()?.to_string(),
                        ok: d.get("ok").and_then(Value::as_bool).unwrap_or(false),
                        detail: d.get("error").and_then(Value::as_str).map(str::to_string),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let files = value.get("files");
    let verified = files
        .and_then(|f| f.get("verified"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let sampled = files
        .and_then(|f| f.get("sampled"))
        .and_then(Value::as_u64)
        .unwrap_or(verified);
    Some(RunRecord {
        kind,
        job: None,
        practice: String::new(),
        host: String::new(),
        started: time,
        ended: time,
        outcome: if ok {
            RunOutcome::Ok
        } else {
            RunOutcome::Failed
        },
        exit_code: if ok { 0 } else { 2 },
        snapshot: files
            .and_then(|f| f.get("snapshot"))
            .and_then(Value::as_str)
            .map(str::to_string),
        items: 0,
        bytes_total: 0,
        bytes_new: 0,
        bytes_stored: 0,
        medium: None,
        destinations: Vec::new(),
        databases,
        warnings: Vec::new(),
        errors,
        verification: files.map(|_| Verification {
            blobs: verified,
            bytes: 0,
            failed: sampled.saturating_sub(verified),
        }),
        advice: None,
        recipients: Vec::new(),
        retired: Vec::new(),
        mailed: false,
        guard: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_old_drill_line_becomes_a_drill_record() {
        let line = json!({
            "kind": "drill", "time": "2026-08-03T09:15:00+02:00", "repository": "/mnt/rdx",
            "databases": [{"database": "WINACS", "snapshot": "ab", "ok": true, "error": null}],
            "files": {"snapshot": "ab", "sampled": 20, "verified": 19},
            "tested": {"databases": 1, "files": 19}, "ok": false,
            "problems": ["1 Datei falsch"], "untested": [{"kind": "no_snapshot", "message": "nichts"}]
        });
        let r = record_of(&line).unwrap();
        assert_eq!(r.kind, RunKind::Drill);
        assert_eq!(r.outcome, RunOutcome::Failed);
        assert_eq!(r.started.to_rfc3339(), "2026-08-03T07:15:00+00:00");
        assert_eq!(r.databases[0].name, "WINACS");
        assert_eq!(r.errors.len(), 2);
        assert_eq!(r.verification.unwrap().failed, 1);
        assert!(record_of(&json!({"kind": "something", "time": "x"})).is_none());
    }
}
