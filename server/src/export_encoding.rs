//! The encoding of an export: its items as JSON Lines, as one JSON document,
//! or as CSV, written into a buffer. Pure: the reading of the project and the
//! sending of chunks are in `repositories/export.rs`.

use labelwell_transport::{ExportFormat, ItemStatus, Review, ReviewStatus};
use serde::Serialize;
use serde_json::value::RawValue;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::rfc3339;

/// The content type of a format.
pub fn content_type(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Jsonl => "application/x-ndjson",
        ExportFormat::Csv => "text/csv; charset=utf-8",
        ExportFormat::Json => "application/json",
    }
}

/// An exported item, field for field the transport type `ExportedItem`, with
/// its JSON borrowed as read.
#[derive(Debug, Serialize)]
pub struct ItemOut<'a> {
    pub id: Uuid,
    pub external_id: &'a str,
    pub data: &'a RawValue,
    pub metadata: &'a RawValue,
    pub status: ItemStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub annotations: Vec<AnnotationOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub predictions: Vec<PredictionOut<'a>>,
}

/// An exported annotation, field for field the transport type `ExportedAnnotation`.
#[derive(Debug, Serialize)]
pub struct AnnotationOut<'a> {
    pub id: Uuid,
    pub annotator_id: Option<Uuid>,
    pub value: &'a RawValue,
    pub annotation_ui_version: u32,
    pub guideline_version: Option<u32>,
    pub time_spent_ms: Option<u64>,
    pub review_status: ReviewStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub reviews: Vec<Review>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prediction_id: Option<Uuid>,
}

/// An exported prediction, field for field the transport type `ExportedPrediction`.
#[derive(Debug, Serialize)]
pub struct PredictionOut<'a> {
    pub id: Uuid,
    pub model: &'a str,
    pub model_version: &'a str,
    pub value: &'a RawValue,
    pub scores: Option<&'a RawValue>,
}

/// JSON text read from the database, checked, to be written out as it is.
pub fn raw(text: &str) -> serde_json::Result<&RawValue> {
    serde_json::from_str(text)
}

/// Writes the items of one export in its format: what comes before the
/// first item, each item, and what comes after the last.
#[derive(Debug)]
pub struct ExportWriter {
    format: ExportFormat,
    items: u64,
}

impl ExportWriter {
    pub fn new(format: ExportFormat) -> Self {
        ExportWriter { format, items: 0 }
    }

    /// What comes before the first item: the CSV header, or the opening of the JSON document.
    pub fn start(&self, out: &mut Vec<u8>) {
        match self.format {
            ExportFormat::Csv => out.extend_from_slice(CSV_HEADER.as_bytes()),
            ExportFormat::Json => out.extend_from_slice(b"{\"items\":["),
            ExportFormat::Jsonl => {}
        }
    }

    /// One item.
    pub fn item(&mut self, out: &mut Vec<u8>, item: &ItemOut<'_>) -> serde_json::Result<()> {
        match self.format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut *out, item)?;
                out.push(b'\n');
            }
            ExportFormat::Json => {
                if self.items > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, item)?;
            }
            ExportFormat::Csv => write_csv_row(out, item)?,
        }
        self.items += 1;
        Ok(())
    }

    /// What comes after the last item: the closing of the JSON document.
    pub fn end(&self, out: &mut Vec<u8>) {
        if self.format == ExportFormat::Json {
            out.extend_from_slice(b"]}\n");
        }
    }
}

/// The columns of a CSV export.
const CSV_HEADER: &str =
    "id,external_id,status,created_at,updated_at,data,metadata,annotations\r\n";

/// One item as a CSV row (RFC 4180: fields with commas, quotes or line breaks
/// are quoted, quotes doubled; rows end in CRLF).
fn write_csv_row(out: &mut Vec<u8>, item: &ItemOut<'_>) -> serde_json::Result<()> {
    let fields = [
        item.id.to_string(),
        item.external_id.to_owned(),
        item.status.as_str().to_owned(),
        rfc3339::format(item.created_at),
        rfc3339::format(item.updated_at),
        item.data.get().to_owned(),
        item.metadata.get().to_owned(),
        serde_json::to_string(&item.annotations)?,
    ];
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        csv_field(out, field);
    }
    out.extend_from_slice(b"\r\n");
    Ok(())
}

/// One CSV field. A field a spreadsheet would run as a formula (one starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return: OWASP's "CSV
/// injection") gets a `'` in front and is quoted, so it is shown as text; the
/// JSONL and JSON exports keep the value as it is.
fn csv_field(out: &mut Vec<u8>, field: &str) {
    let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula || field.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        if formula {
            out.push(b'\'');
        }
        out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use labelwell_transport::{ExportedItem, Verdict};

    fn escaped(field: &str) -> String {
        let mut out = Vec::new();
        csv_field(&mut out, field);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn csv_fields_are_quoted_only_when_they_must_be() {
        assert_eq!(escaped("plain"), "plain");
        assert_eq!(escaped("a,b"), "\"a,b\"");
        assert_eq!(escaped("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(escaped("two\nlines"), "\"two\nlines\"");
        assert_eq!(escaped("crlf\r\n"), "\"crlf\r\n\"");
        assert_eq!(escaped("Zoë 李 👋"), "Zoë 李 👋");
    }

    #[test]
    fn csv_fields_a_spreadsheet_would_run_are_shown_as_text() {
        assert_eq!(
            escaped("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for formula in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(escaped(formula), format!("\"'{formula}\""));
        }
        assert_eq!(escaped("a=b"), "a=b");
    }

    fn written(format: ExportFormat, items: &[ItemOut<'_>]) -> String {
        let mut writer = ExportWriter::new(format);
        let mut out = Vec::new();
        writer.start(&mut out);
        for item in items {
            writer.item(&mut out, item).expect("encodes");
        }
        writer.end(&mut out);
        String::from_utf8(out).expect("utf-8")
    }

    fn plain_item(external_id: &str) -> ItemOut<'_> {
        ItemOut {
            id: Uuid::nil(),
            external_id,
            data: raw("{}").expect("json"),
            metadata: raw("{}").expect("json"),
            status: ItemStatus::New,
            created_at: OffsetDateTime::UNIX_EPOCH,
            updated_at: OffsetDateTime::UNIX_EPOCH,
            annotations: Vec::new(),
            predictions: Vec::new(),
        }
    }

    #[test]
    fn each_format_frames_its_items() {
        let items = [plain_item("a"), plain_item("b")];
        let json = written(ExportFormat::Json, &items);
        assert!(
            json.starts_with("{\"items\":[{") && json.ends_with("}]}\n"),
            "{json}"
        );
        let document: serde_json::Value = serde_json::from_str(&json).expect("one document");
        assert_eq!(document["items"][1]["external_id"], "b");
        assert_eq!(written(ExportFormat::Json, &[]), "{\"items\":[]}\n");
        let jsonl = written(ExportFormat::Jsonl, &items);
        assert_eq!(jsonl.lines().count(), 2);
        assert!(jsonl.ends_with('\n'));
        assert_eq!(written(ExportFormat::Jsonl, &[]), "");
        let csv = written(ExportFormat::Csv, &items);
        let rows: Vec<&str> = csv.split_terminator("\r\n").collect();
        assert_eq!(rows[0], CSV_HEADER.trim_end());
        assert_eq!(
            rows[2],
            "00000000-0000-0000-0000-000000000000,b,new,1970-01-01T00:00:00Z,1970-01-01T00:00:00Z,{},{},[]"
        );
    }

    /// The hand-shaped line must stay the documented `ExportedItem`.
    #[test]
    fn an_exported_line_is_an_exported_item() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let review = Review {
            id: Uuid::nil(),
            annotation_id: Uuid::nil(),
            reviewer_id: None,
            verdict: Verdict::Accept,
            comment: "ok".to_owned(),
            created_at: now,
        };
        let line = ItemOut {
            id: Uuid::nil(),
            external_id: "e1",
            data: raw(r#"{"text": "hi"}"#).expect("json"),
            metadata: raw("{}").expect("json"),
            status: ItemStatus::Accepted,
            created_at: now,
            updated_at: now,
            annotations: vec![AnnotationOut {
                id: Uuid::nil(),
                annotator_id: Some(Uuid::nil()),
                value: raw(r#"{"sentiment": "positive"}"#).expect("json"),
                annotation_ui_version: 2,
                guideline_version: None,
                time_spent_ms: Some(10),
                review_status: ReviewStatus::Accepted,
                created_at: now,
                updated_at: now,
                reviews: vec![review.clone()],
                prediction_id: Some(Uuid::nil()),
            }],
            predictions: vec![PredictionOut {
                id: Uuid::nil(),
                model: "bert",
                model_version: "v2",
                value: raw(r#"{"sentiment": "negative"}"#).expect("json"),
                scores: Some(raw(r#"{"sentiment": 0.75}"#).expect("json")),
            }],
        };
        let text = serde_json::to_string(&line).expect("encodes");
        let item: ExportedItem = serde_json::from_str(&text).expect("an ExportedItem");
        assert_eq!(item.external_id, "e1");
        assert_eq!(item.data.0, serde_json::json!({"text": "hi"}));
        assert_eq!(item.annotations[0].annotation_ui_version, 2);
        assert_eq!(item.annotations[0].reviews, vec![review]);
        assert_eq!(item.annotations[0].prediction_id, Some(Uuid::nil()));
        assert_eq!(item.predictions[0].model_version, "v2");
        assert_eq!(
            serde_json::to_string(&item).expect("encodes"),
            text.replace(": ", ":")
        );
    }
}
