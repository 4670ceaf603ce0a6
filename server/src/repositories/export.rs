//! Exports: every item of a project with its annotations and reviews, streamed.
//!
//! One query joins items, annotations and reviews in item order; a task reads
//! its rows as the database streams them, groups them by item, encodes each item
//! and sends the bytes through a small bounded channel. Memory stays constant
//! whatever the size of the project, and a slow client slows the query down
//! instead of filling the server. The query runs in one read transaction, so an
//! export is a consistent snapshot: an import committed meanwhile is in it
//! whole, or not at all.

use axum::body::Bytes;
use futures_util::TryStreamExt;
use labelwell_transport::{ExportFormat, ExportQuery, ExportedAnnotation, ExportedItem, Review};
use sqlx::QueryBuilder;
use sqlx::types::Json;
use tokio::sync::mpsc;

use crate::authz::Permit;
use crate::db::types::{DbItemStatus, DbReviewStatus, DbVerdict};
use crate::db::{Db, Id, Ts};
use crate::error::Result;

/// Bytes gathered before they are sent on.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks in flight between the query and the client.
const CHUNKS_IN_FLIGHT: usize = 8;

/// One row of the export query: an item, maybe one of its annotations, maybe one of that annotation's reviews.
#[derive(Debug, sqlx::FromRow)]
struct ExportRow {
    id: Id,
    external_id: String,
    data: Json<serde_json::Value>,
    metadata: Json<serde_json::Value>,
    status: DbItemStatus,
    created_at: Ts,
    updated_at: Ts,
    annotation_id: Option<Id>,
    annotator_id: Option<Id>,
    value: Option<Json<serde_json::Value>>,
    annotation_ui_version: Option<i64>,
    guideline_version: Option<i64>,
    time_spent_ms: Option<i64>,
    review_status: Option<DbReviewStatus>,
    annotation_created_at: Option<Ts>,
    annotation_updated_at: Option<Ts>,
    review_id: Option<Id>,
    reviewer_id: Option<Id>,
    verdict: Option<DbVerdict>,
    comment: Option<String>,
    review_created_at: Option<Ts>,
}

/// The content type of a format.
pub fn content_type(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Jsonl => "application/x-ndjson",
        ExportFormat::Csv => "text/csv; charset=utf-8",
        ExportFormat::Json => "application/json",
    }
}

/// Runs the export query in a read transaction begun with `$begin` on `$pool`,
/// feeding each item to the encoder; one body for both backends.
macro_rules! stream_rows {
    ($pool:expr, $begin:expr, $project_id:expr, $query:expr, $encoder:expr) => {{
        let mut tx = $pool.begin_with($begin).await?;
        let mut sql = QueryBuilder::new(
            "SELECT i.id, i.external_id, i.data, i.metadata, i.status, i.created_at, i.updated_at,
                    a.id AS annotation_id, a.annotator_id, a.value, a.annotation_ui_version, a.guideline_version,
                    a.time_spent_ms, a.review_status, a.created_at AS annotation_created_at,
                    a.updated_at AS annotation_updated_at,
                    r.id AS review_id, r.reviewer_id, r.verdict, r.comment, r.created_at AS review_created_at
             FROM items i
             LEFT JOIN annotations a ON a.item_id = i.id
             LEFT JOIN reviews r ON r.annotation_id = a.id
             WHERE i.project_id = ",
        );
        sql.push_bind($project_id);
        if let Some(status) = $query.status {
            sql.push(" AND i.status = ").push_bind(DbItemStatus(status));
        }
        if let Some(updated_after) = $query.updated_after {
            sql.push(" AND i.updated_at > ").push_bind(Ts::from(updated_after));
        }
        sql.push(" ORDER BY i.id, a.id, r.id");
        {
            let mut rows = sql.build_query_as::<ExportRow>().fetch(&mut *tx);
            let mut current: Option<ExportedItem> = None;
            while let Some(row) = rows.try_next().await? {
                if current.as_ref().is_some_and(|item| item.id != row.id.0) {
                    if let Some(done) = current.take() {
                        $encoder.item(&done).await?;
                    }
                }
                let item = current.get_or_insert_with(|| ExportedItem {
                    id: row.id.0,
                    external_id: row.external_id.clone(),
                    data: row.data.0.clone().into(),
                    metadata: row.metadata.0.clone().into(),
                    status: row.status.0,
                    created_at: row.created_at.get(),
                    updated_at: row.updated_at.get(),
                    annotations: Vec::new(),
                });
                add_row(item, row);
            }
            if let Some(done) = current.take() {
                $encoder.item(&done).await?;
            }
        }
        tx.rollback().await?;
        Ok::<(), ExportError>(())
    }};
}

/// Starts exporting the permit's project; the receiver yields the encoded
/// bytes, then ends (or yields an error, which must abort the response).
pub fn export_project(
    db: &Db,
    permit: &Permit,
    query: ExportQuery,
) -> Result<mpsc::Receiver<std::io::Result<Bytes>>> {
    let project_id = permit.project()?.id;
    let (sender, receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let db = db.clone();
    tokio::spawn(async move {
        let format = query.format.unwrap_or_default();
        let mut encoder = Encoder::new(format, sender.clone());
        let result = async {
            match &db {
                Db::Postgres(pool) => {
                    let begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
                    stream_rows!(pool, begin, project_id, query, encoder)
                }
                Db::Sqlite(pool) => stream_rows!(pool, "BEGIN", project_id, query, encoder),
            }
        }
        .await;
        let outcome = match result {
            Ok(()) => encoder.finish().await,
            Err(error) => Err(error),
        };
        if let Err(error) = outcome
            && !error.is_disconnect()
        {
            tracing::error!(error = %error.0, "export failed");
            // The error aborts the response, so a client never takes a cut-off export for a whole one.
            let _ = sender
                .send(Err(std::io::Error::other("the export failed")))
                .await;
        }
    });
    Ok(receiver)
}

/// Why an export stopped early.
struct ExportError(anyhow::Error);

impl ExportError {
    fn is_disconnect(&self) -> bool {
        self.0.is::<ClientGone>()
    }
}

impl<E: Into<anyhow::Error>> From<E> for ExportError {
    fn from(error: E) -> Self {
        ExportError(error.into())
    }
}

/// The client stopped reading.
#[derive(Debug, thiserror::Error)]
#[error("the client went away")]
struct ClientGone;

/// Adds the annotation and review of a row to its item.
fn add_row(item: &mut ExportedItem, row: ExportRow) {
    let Some(annotation_id) = row.annotation_id else {
        return;
    };
    if item
        .annotations
        .last()
        .is_none_or(|a| a.id != annotation_id.0)
    {
        item.annotations.push(ExportedAnnotation {
            id: annotation_id.0,
            annotator_id: row.annotator_id.map(Into::into),
            value: row.value.map(|v| v.0.into()).unwrap_or_default(),
            annotation_ui_version: row
                .annotation_ui_version
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or_default(),
            guideline_version: row.guideline_version.and_then(|v| u32::try_from(v).ok()),
            time_spent_ms: row.time_spent_ms.and_then(|ms| u64::try_from(ms).ok()),
            review_status: row
                .review_status
                .map_or(labelwell_transport::ReviewStatus::Pending, |s| s.0),
            created_at: row
                .annotation_created_at
                .map(Ts::get)
                .unwrap_or(item.created_at),
            updated_at: row
                .annotation_updated_at
                .map(Ts::get)
                .unwrap_or(item.updated_at),
            reviews: Vec::new(),
        });
    }
    if let (Some(review_id), Some(annotation), Some(verdict)) =
        (row.review_id, item.annotations.last_mut(), row.verdict)
    {
        annotation.reviews.push(Review {
            id: review_id.0,
            annotation_id: annotation_id.0,
            reviewer_id: row.reviewer_id.map(Into::into),
            verdict: verdict.0,
            comment: row.comment.unwrap_or_default(),
            created_at: row
                .review_created_at
                .map(Ts::get)
                .unwrap_or(item.updated_at),
        });
    }
}

/// Encodes items in a format into chunks sent to the client.
struct Encoder {
    format: ExportFormat,
    buffer: Vec<u8>,
    items: u64,
    sender: mpsc::Sender<std::io::Result<Bytes>>,
}

impl Encoder {
    fn new(format: ExportFormat, sender: mpsc::Sender<std::io::Result<Bytes>>) -> Self {
        let mut buffer = Vec::with_capacity(CHUNK_BYTES * 2);
        match format {
            ExportFormat::Csv => buffer.extend_from_slice(CSV_HEADER.as_bytes()),
            ExportFormat::Json => buffer.extend_from_slice(b"{\"items\":["),
            ExportFormat::Jsonl => {}
        }
        Encoder {
            format,
            buffer,
            items: 0,
            sender,
        }
    }

    async fn item(&mut self, item: &ExportedItem) -> std::result::Result<(), ExportError> {
        match self.format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut self.buffer, item)?;
                self.buffer.push(b'\n');
            }
            ExportFormat::Json => {
                if self.items > 0 {
                    self.buffer.push(b',');
                }
                serde_json::to_writer(&mut self.buffer, item)?;
            }
            ExportFormat::Csv => write_csv_row(&mut self.buffer, item)?,
        }
        self.items += 1;
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> std::result::Result<(), ExportError> {
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES * 2),
        ));
        self.sender.send(Ok(chunk)).await.map_err(|_| ClientGone)?;
        Ok(())
    }

    async fn finish(mut self) -> std::result::Result<(), ExportError> {
        if self.format == ExportFormat::Json {
            self.buffer.extend_from_slice(b"]}\n");
        }
        self.flush().await
    }
}

/// The columns of a CSV export.
const CSV_HEADER: &str =
    "id,external_id,status,created_at,updated_at,data,metadata,annotations\r\n";

/// One item as a CSV row (RFC 4180: fields with commas, quotes or line breaks
/// are quoted, quotes doubled; rows end in CRLF).
fn write_csv_row(out: &mut Vec<u8>, item: &ExportedItem) -> serde_json::Result<()> {
    let fields = [
        item.id.to_string(),
        item.external_id.clone(),
        item.status.as_str().to_owned(),
        super::rfc3339(item.created_at),
        super::rfc3339(item.updated_at),
        serde_json::to_string(&item.data)?,
        serde_json::to_string(&item.metadata)?,
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

fn csv_field(out: &mut Vec<u8>, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

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
}
