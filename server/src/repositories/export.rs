//! Exports: every item of a project with its annotations and reviews, streamed.
//!
//! A task reads the project in batches of items (keyset, in id order), fetches
//! the annotations and reviews of each batch with two range queries, encodes
//! the items and sends the bytes through a small bounded channel. Memory stays
//! constant whatever the size of the project, and a slow client slows the reads
//! down instead of filling the server. Every batch is read in one read
//! transaction, so an export is a consistent snapshot: an import committed
//! meanwhile is in it whole, or not at all.
//!
//! JSON columns are read as text and written out as they are (checked, not
//! parsed into values and encoded again), which is most of an export's bytes.

use std::collections::HashMap;

use axum::body::Bytes;
use labelwell_transport::{ExportFormat, ExportQuery, ItemStatus, Review, ReviewStatus};
use serde::Serialize;
use serde_json::value::RawValue;
use sqlx::QueryBuilder;
use time::OffsetDateTime;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::annotations::review_from_row;
use crate::authz::Permit;
use crate::db::annotations::ReviewRow;
use crate::db::items::push_items_of_project;
use crate::db::types::{DbItemStatus, DbReviewStatus};
use crate::db::{Db, Id, Ts};
use crate::error::Result;

/// Items read per batch.
const BATCH_ITEMS: i64 = 2000;
/// Bytes gathered before they are sent on.
const CHUNK_BYTES: usize = 128 * 1024;
/// Chunks in flight between the database and the client.
const CHUNKS_IN_FLIGHT: usize = 8;

/// An item as read for an export, its JSON as text.
#[derive(Debug, sqlx::FromRow)]
struct ItemText {
    id: Id,
    external_id: String,
    data: String,
    metadata: String,
    status: DbItemStatus,
    created_at: Ts,
    updated_at: Ts,
}

/// An annotation as read for an export, its value as text.
#[derive(Debug, sqlx::FromRow)]
struct AnnotationText {
    id: Id,
    item_id: Id,
    annotator_id: Option<Id>,
    value: String,
    annotation_ui_version: i64,
    guideline_version: Option<i64>,
    time_spent_ms: Option<i64>,
    review_status: DbReviewStatus,
    created_at: Ts,
    updated_at: Ts,
}

/// An exported item, field for field the transport type `ExportedItem`, with
/// its JSON borrowed as read.
#[derive(Debug, Serialize)]
struct ItemOut<'a> {
    id: Uuid,
    external_id: &'a str,
    data: &'a RawValue,
    metadata: &'a RawValue,
    status: ItemStatus,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
    annotations: Vec<AnnotationOut<'a>>,
}

/// An exported annotation, field for field the transport type `ExportedAnnotation`.
#[derive(Debug, Serialize)]
struct AnnotationOut<'a> {
    id: Uuid,
    annotator_id: Option<Uuid>,
    value: &'a RawValue,
    annotation_ui_version: u32,
    guideline_version: Option<u32>,
    time_spent_ms: Option<u64>,
    review_status: ReviewStatus,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
    reviews: Vec<Review>,
}

/// The content type of a format.
pub fn content_type(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Jsonl => "application/x-ndjson",
        ExportFormat::Csv => "text/csv; charset=utf-8",
        ExportFormat::Json => "application/json",
    }
}

/// Reads one batch of items after `$after` and its annotations and reviews,
/// inside the export's transaction; one body for both backends.
macro_rules! read_batch {
    ($conn:expr, $project_id:expr, $query:expr, $after:expr) => {{
        let mut sql = QueryBuilder::new(
            "SELECT i.id, i.external_id, CAST(i.data AS TEXT) AS data, CAST(i.metadata AS TEXT) AS metadata,
                    i.status, i.created_at, i.updated_at
             FROM items i WHERE ",
        );
        let status = $query.status.map(DbItemStatus);
        let order = push_items_of_project(&mut sql, $project_id, status, $after);
        if let Some(updated_after) = $query.updated_after {
            sql.push(" AND i.updated_at > ").push_bind(Ts::from(updated_after));
        }
        sql.push(order).push(" LIMIT ").push_bind(BATCH_ITEMS);
        let items: Vec<ItemText> = sql.build_query_as().fetch_all(&mut *$conn).await?;
        let (annotations, reviews) = match (items.first(), items.last()) {
            (Some(first), Some(last)) => {
                let annotations: Vec<AnnotationText> = sqlx::query_as(
                    "SELECT id, item_id, annotator_id, CAST(value AS TEXT) AS value, annotation_ui_version,
                            guideline_version, time_spent_ms, review_status, created_at, updated_at
                     FROM annotations
                     WHERE item_id >= $1 AND item_id <= $2 AND project_id = $3
                     ORDER BY item_id, id",
                )
                .bind(first.id)
                .bind(last.id)
                .bind($project_id)
                .fetch_all(&mut *$conn)
                .await?;
                let reviews: Vec<ReviewRow> = sqlx::query_as(
                    "SELECT r.id, r.annotation_id, r.reviewer_id, r.verdict, r.comment, r.created_at
                     FROM reviews r JOIN annotations a ON a.id = r.annotation_id
                     WHERE a.item_id >= $1 AND a.item_id <= $2 AND a.project_id = $3
                     ORDER BY r.annotation_id, r.id",
                )
                .bind(first.id)
                .bind(last.id)
                .bind($project_id)
                .fetch_all(&mut *$conn)
                .await?;
                (annotations, reviews)
            }
            _ => (Vec::new(), Vec::new()),
        };
        (items, annotations, reviews)
    }};
}

/// Runs the whole export in one read transaction begun with `$begin`.
macro_rules! export_all {
    ($pool:expr, $begin:expr, $project_id:expr, $query:expr, $encoder:expr) => {{
        let mut tx = $pool.begin_with($begin).await?;
        let mut after: Option<Id> = $query.after.map(Id);
        loop {
            let (items, annotations, reviews) = read_batch!(tx, $project_id, $query, after);
            let Some(last) = items.last() else { break };
            after = Some(last.id);
            $encoder.batch(&items, &annotations, reviews).await?;
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
        let mut encoder = Encoder::new(query.format.unwrap_or_default(), sender.clone());
        let result = async {
            match &db {
                Db::Postgres(pool) => {
                    let begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
                    export_all!(pool, begin, project_id, query, encoder)
                }
                Db::Sqlite(pool) => export_all!(pool, "BEGIN", project_id, query, encoder),
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

    /// Encodes a batch: items in id order, their annotations in item order,
    /// and the reviews of those annotations.
    async fn batch(
        &mut self,
        items: &[ItemText],
        annotations: &[AnnotationText],
        reviews: Vec<ReviewRow>,
    ) -> std::result::Result<(), ExportError> {
        let mut reviews_of: HashMap<Id, Vec<Review>> = HashMap::new();
        for review in reviews {
            reviews_of
                .entry(review.annotation_id)
                .or_default()
                .push(review_from_row(review));
        }
        let mut annotations = annotations.iter().peekable();
        for item in items {
            // Annotations of items left out by a filter are in the range too: skip them.
            while annotations.next_if(|a| a.item_id < item.id).is_some() {}
            let mut out = Vec::new();
            while let Some(annotation) = annotations.next_if(|a| a.item_id == item.id) {
                out.push(AnnotationOut {
                    id: annotation.id.0,
                    annotator_id: annotation.annotator_id.map(Into::into),
                    value: raw(&annotation.value)?,
                    annotation_ui_version: u32::try_from(annotation.annotation_ui_version)
                        .unwrap_or_default(),
                    guideline_version: annotation
                        .guideline_version
                        .and_then(|v| u32::try_from(v).ok()),
                    time_spent_ms: annotation
                        .time_spent_ms
                        .and_then(|ms| u64::try_from(ms).ok()),
                    review_status: annotation.review_status.0,
                    created_at: annotation.created_at.get(),
                    updated_at: annotation.updated_at.get(),
                    reviews: reviews_of.remove(&annotation.id).unwrap_or_default(),
                });
            }
            let line = ItemOut {
                id: item.id.0,
                external_id: &item.external_id,
                data: raw(&item.data)?,
                metadata: raw(&item.metadata)?,
                status: item.status.0,
                created_at: item.created_at.get(),
                updated_at: item.updated_at.get(),
                annotations: out,
            };
            self.item(&line)?;
        }
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush().await?;
        }
        Ok(())
    }

    fn item(&mut self, item: &ItemOut<'_>) -> serde_json::Result<()> {
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

/// JSON text read from the database, checked, to be written out as it is.
fn raw(text: &str) -> serde_json::Result<&RawValue> {
    serde_json::from_str(text)
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
        super::rfc3339(item.created_at),
        super::rfc3339(item.updated_at),
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
            }],
        };
        let text = serde_json::to_string(&line).expect("encodes");
        let item: ExportedItem = serde_json::from_str(&text).expect("an ExportedItem");
        assert_eq!(item.external_id, "e1");
        assert_eq!(item.data.0, serde_json::json!({"text": "hi"}));
        assert_eq!(item.annotations[0].annotation_ui_version, 2);
        assert_eq!(item.annotations[0].reviews, vec![review]);
        assert_eq!(
            serde_json::to_string(&item).expect("encodes"),
            text.replace(": ", ":")
        );
    }
}
