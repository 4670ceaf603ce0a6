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
//!
//! An export holds a pooled connection and a snapshot while it runs, so it
//! never waits on its client for long: a client that takes no chunk for the
//! send timeout is given up on. And it ends cleanly only when it got to the
//! end: whatever else stops it (an error, a panic, a stalled client) cuts the
//! response off without its last chunk, which HTTP clients report as an error.

use std::collections::HashMap;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use futures_util::Stream;
use labelwell_transport::{ExportFormat, ExportQuery, Review, ReviewStatus};
use sqlx::QueryBuilder;
use tokio::sync::mpsc;
use tokio::sync::mpsc::error::SendTimeoutError;
use tracing::Instrument as _;

use super::annotations::review_from_row;
use crate::authz::{ProjectPermit, perm};
use crate::db::annotations::ReviewRow;
use crate::db::items::push_items_of_project;
use crate::db::types::{DbItemStatus, DbReviewStatus};
use crate::db::{Db, Id, Ts};
use crate::error::Result;
use crate::export_encoding::{AnnotationOut, ExportWriter, ItemOut, PredictionOut, raw};
use crate::slots::Slot;
use crate::telemetry;

/// Items read per batch.
const BATCH_ITEMS: i64 = 2000;
/// Bytes gathered before they are sent on.
const CHUNK_BYTES: usize = 128 * 1024;
/// Chunks in flight between the database and the client.
const CHUNKS_IN_FLIGHT: usize = 8;

/// An item as read for an export, its JSON as text.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ItemText {
    pub id: Id,
    external_id: String,
    data: String,
    metadata: String,
    status: DbItemStatus,
    created_at: Ts,
    updated_at: Ts,
}

/// An annotation as read for an export, its value as text.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AnnotationText {
    id: Id,
    pub item_id: Id,
    annotator_id: Option<Id>,
    value: String,
    annotation_ui_version: i64,
    guideline_version: Option<i64>,
    time_spent_ms: Option<i64>,
    pub review_status: DbReviewStatus,
    prediction_id: Option<Id>,
    created_at: Ts,
    updated_at: Ts,
}

/// A prediction as read for an export, its JSON as text.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct PredictionText {
    id: Id,
    item_id: Id,
    model: String,
    model_version: String,
    value: String,
    scores: Option<String>,
}

/// The bytes of an item's `data` and `metadata` as text, as PostgreSQL tells
/// it without rendering most values: a `jsonb` value stored uncompressed
/// takes about as many bytes as its text (at most six times fewer, for
/// control characters written as `\u0001`); a compressed one may be far
/// smaller than its text, so its text is measured.
const POSTGRES_ITEM_BYTES: &str =
    "CASE WHEN pg_column_compression(i.data) IS NULL THEN pg_column_size(i.data)
          ELSE octet_length(CAST(i.data AS TEXT)) END
     + CASE WHEN pg_column_compression(i.metadata) IS NULL THEN pg_column_size(i.metadata)
          ELSE octet_length(CAST(i.metadata AS TEXT)) END";

/// The bytes of an item's `data` and `metadata`, stored as text in SQLite
/// (its length is in the record's header: the text is not read).
const SQLITE_ITEM_BYTES: &str = "octet_length(i.data) + octet_length(i.metadata)";

/// Starts the query of one batch: the items after `after` (at most
/// [`BATCH_ITEMS`]), up to the first whose JSON takes the byte budget past
/// `budget`, so that a batch of large items is not read into memory whole.
///
/// A window sums the sizes of the items before each (`bytes_before`), in a subquery
/// that reads the sizes only: on PostgreSQL the JSON is passed through as
/// stored and rendered as text only for the items kept; SQLite copies a
/// window's rows into a temporary table, so there the subquery keeps row ids
/// and the kept items are read by them. With `labelled`, only the items
/// with an annotation of one of those review statuses (a release's).
pub(crate) fn batch_query<'args, DB: sqlx::Database>(
    postgres: bool,
    project_id: Id,
    query: &ExportQuery,
    updated_after: Option<Ts>,
    labelled: Option<&[ReviewStatus]>,
    after: Option<Id>,
    budget: i64,
) -> QueryBuilder<'args, DB>
where
    Id: sqlx::Encode<'args, DB> + sqlx::Type<DB>,
    Ts: sqlx::Encode<'args, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'args, DB> + sqlx::Type<DB>,
    DbItemStatus: sqlx::Encode<'args, DB> + sqlx::Type<DB>,
{
    let mut sql = QueryBuilder::new(match postgres {
        true => {
            "SELECT b.id, b.external_id, CAST(b.data AS TEXT) AS data, CAST(b.metadata AS TEXT) AS metadata,
                    b.status, b.created_at, b.updated_at
             FROM (SELECT i.project_id, i.id, i.external_id, i.data, i.metadata, i.status, i.created_at,
                          i.updated_at, "
        }
        false => {
            "SELECT i.id, i.external_id, CAST(i.data AS TEXT) AS data, CAST(i.metadata AS TEXT) AS metadata,
                    i.status, i.created_at, i.updated_at
             FROM (SELECT i.rowid AS row_id, "
        }
    });
    let size = match postgres {
        true => POSTGRES_ITEM_BYTES,
        false => SQLITE_ITEM_BYTES,
    };
    sql.push(format_args!(
        "COALESCE(SUM({size}) OVER before_each, 0) AS bytes_before FROM items i WHERE "
    ));
    let order = push_items_of_project(&mut sql, project_id, query.status.map(DbItemStatus), after);
    if let Some(updated_after) = updated_after {
        sql.push(" AND i.updated_at > ").push_bind(updated_after);
    }
    if let Some(statuses) = labelled {
        // The statuses' wire names, from the enum: SQL literals, no client text.
        let names: Vec<String> = statuses
            .iter()
            .map(|status| format!("'{}'", status.as_str()))
            .collect();
        sql.push(format_args!(
            " AND EXISTS (SELECT 1 FROM annotations a WHERE a.project_id = i.project_id
                  AND a.item_id = i.id AND a.review_status IN ({}))",
            names.join(", ")
        ));
    }
    sql.push(format_args!(
        " WINDOW before_each AS ({} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)",
        order.trim_start()
    ));
    sql.push(order).push(" LIMIT ").push_bind(BATCH_ITEMS);
    match postgres {
        true => sql.push(") b WHERE b.bytes_before < "),
        false => sql.push(") b JOIN items i ON i.rowid = b.row_id WHERE b.bytes_before < "),
    };
    sql.push_bind(budget);
    match postgres {
        true => sql.push(order.replace("i.", "b.")),
        false => sql.push(order),
    };
    sql
}

/// Reads one batch of items after `$after` and its annotations and reviews,
/// inside the export's transaction; one body for both backends.
macro_rules! read_batch {
    ($conn:expr, $postgres:expr, $project_id:expr, $query:expr, $updated_after:expr, $labelled:expr, $after:expr, $budget:expr) => {{
        let mut sql = batch_query($postgres, $project_id, &$query, $updated_after, $labelled, $after, $budget);
        let items: Vec<ItemText> = sql.build_query_as().fetch_all(&mut *$conn).await?;
        let (annotations, reviews) = match (items.first(), items.last()) {
            (Some(first), Some(last)) => {
                let annotations: Vec<AnnotationText> = sqlx::query_as(
                    "SELECT id, item_id, annotator_id, CAST(value AS TEXT) AS value, annotation_ui_version,
                            guideline_version, time_spent_ms, review_status, prediction_id, created_at,
                            updated_at
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
pub(crate) use read_batch;

/// Reads the predictions of the items from `$first` to `$last`, in item order.
macro_rules! read_predictions {
    ($conn:expr, $project_id:expr, $items:expr) => {{
        match ($items.first(), $items.last()) {
            (Some(first), Some(last)) => {
                let predictions: Vec<PredictionText> = sqlx::query_as(
                    "SELECT id, item_id, model, model_version, CAST(value AS TEXT) AS value,
                            CAST(scores AS TEXT) AS scores
                     FROM predictions
                     WHERE project_id = $3 AND item_id >= $1 AND item_id <= $2
                     ORDER BY item_id, model, model_version",
                )
                .bind(first.id)
                .bind(last.id)
                .bind($project_id)
                .fetch_all(&mut *$conn)
                .await?;
                predictions
            }
            _ => Vec::new(),
        }
    }};
}

/// Runs the whole export in one read transaction begun with `$begin`.
macro_rules! export_all {
    ($pool:expr, $begin:expr, $postgres:expr, $project_id:expr, $query:expr, $updated_after:expr, $budget:expr, $encoder:expr) => {{
        let mut tx = $pool.begin_with($begin).await?;
        let mut after: Option<Id> = $query.after.map(Id);
        loop {
            let (items, annotations, reviews) = read_batch!(
                tx,
                $postgres,
                $project_id,
                $query,
                $updated_after,
                None,
                after,
                $budget
            );
            let predictions = read_predictions!(tx, $project_id, items);
            let Some(last) = items.last() else { break };
            after = Some(last.id);
            $encoder
                .batch(&items, &annotations, reviews, &predictions)
                .await?;
        }
        tx.rollback().await?;
        Ok::<(), ExportError>(())
    }};
}

/// The reviews of a batch, by annotation.
pub(crate) fn reviews_by_annotation(reviews: Vec<ReviewRow>) -> HashMap<Id, Vec<Review>> {
    let mut reviews_of: HashMap<Id, Vec<Review>> = HashMap::new();
    for review in reviews {
        reviews_of
            .entry(review.annotation_id)
            .or_default()
            .push(review_from_row(review));
    }
    reviews_of
}

/// An item as one line of an export, with `annotations` (its own, in id
/// order) and their reviews, taken from `reviews_of`, and `predictions` (its own).
pub(crate) fn item_out<'a>(
    item: &'a ItemText,
    annotations: Vec<&'a AnnotationText>,
    reviews_of: &mut HashMap<Id, Vec<Review>>,
    predictions: Vec<&'a PredictionText>,
) -> serde_json::Result<ItemOut<'a>> {
    let mut out = Vec::with_capacity(annotations.len());
    for annotation in annotations {
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
            prediction_id: annotation.prediction_id.map(Into::into),
        });
    }
    let mut predicted = Vec::with_capacity(predictions.len());
    for prediction in predictions {
        predicted.push(PredictionOut {
            id: prediction.id.0,
            model: &prediction.model,
            model_version: &prediction.model_version,
            value: raw(&prediction.value)?,
            scores: prediction.scores.as_deref().map(raw).transpose()?,
        });
    }
    Ok(ItemOut {
        id: item.id.0,
        external_id: &item.external_id,
        data: raw(&item.data)?,
        metadata: raw(&item.metadata)?,
        status: item.status.0,
        created_at: item.created_at.get(),
        updated_at: item.updated_at.get(),
        annotations: out,
        predictions: predicted,
    })
}

/// What the export task sends to the response: chunks, then word that it got to the end.
#[derive(Debug)]
enum Frame {
    Chunk(Bytes),
    End,
}

/// The body of an export: the chunks of its task, ending cleanly only after
/// the task sent [`Frame::End`]. When the task stops any other way (an error,
/// a panic, a client that stopped reading) its sender is dropped without it,
/// and the body ends with an error, which cuts the response off.
#[derive(Debug)]
pub struct ExportBody {
    receiver: mpsc::Receiver<Frame>,
    ended: bool,
}

impl Stream for ExportBody {
    type Item = std::io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let frame = std::task::ready!(self.receiver.poll_recv(cx));
        Poll::Ready(match frame {
            Some(Frame::Chunk(chunk)) => Some(Ok(chunk)),
            Some(Frame::End) => {
                self.ended = true;
                None
            }
            None => {
                self.ended = true;
                Some(Err(std::io::Error::other(
                    "the export stopped before its end",
                )))
            }
        })
    }
}

/// Starts exporting the permit's project in a task that holds `slot` until it
/// ends, reading about `batch_bytes` of item JSON at a time; a chunk the
/// client does not take within `send_timeout` ends it.
pub fn export_project(
    db: &Db,
    permit: &ProjectPermit<perm::ExportCreate>,
    query: ExportQuery,
    batch_bytes: usize,
    send_timeout: Duration,
    slot: Slot,
) -> Result<ExportBody> {
    let budget = i64::try_from(batch_bytes).unwrap_or(i64::MAX).max(1);
    let project_id = permit.project().id;
    // Checked here, before the task starts: a time no column can hold is the
    // client's 422, not a failure in the middle of the stream.
    let updated_after = query
        .updated_after
        .map(|time| super::client_time("updated_after", time))
        .transpose()?;
    let (sender, receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let db = db.clone();
    let tenancy = permit.tenancy();
    let task = async move {
        let mut encoder = Encoder::new(query.format.unwrap_or_default(), sender, send_timeout);
        let result = async {
            match &db {
                Db::Postgres(pool) => {
                    let begin =
                        tenancy.postgres_begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
                    export_all!(
                        pool,
                        begin,
                        true,
                        project_id,
                        query,
                        updated_after,
                        budget,
                        encoder
                    )
                }
                Db::Sqlite(pool) => {
                    export_all!(
                        pool,
                        "BEGIN",
                        false,
                        project_id,
                        query,
                        updated_after,
                        budget,
                        encoder
                    )
                }
            }
        }
        .await;
        // The connection is back in the pool: what is left waits on the client only.
        drop(slot);
        let outcome = match result {
            Ok(()) => encoder.finish().await,
            Err(error) => Err(error),
        };
        match outcome {
            Ok(()) => {}
            Err(ExportError::Client(stopped)) => tracing::info!(%stopped, "export abandoned"),
            Err(ExportError::Failed(error)) => {
                tracing::error!(error = %error, "export failed");
            }
        }
    };
    // In the request's span, so that what the export logs carries its request id.
    tokio::spawn(task.in_current_span());
    Ok(ExportBody {
        receiver,
        ended: false,
    })
}

/// Why an export stopped early.
enum ExportError {
    /// The client went away or stopped reading.
    Client(ClientStopped),
    /// The export itself failed.
    Failed(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for ExportError {
    fn from(error: E) -> Self {
        ExportError::Failed(error.into())
    }
}

/// The client stopped taking the export.
#[derive(Debug, thiserror::Error)]
enum ClientStopped {
    #[error("the client went away")]
    Gone,
    #[error("the client took no chunk for {0:?}")]
    Stalled(Duration),
}

/// Encodes items in a format into chunks sent to the client.
struct Encoder {
    writer: ExportWriter,
    buffer: Vec<u8>,
    sender: mpsc::Sender<Frame>,
    send_timeout: Duration,
}

impl Encoder {
    fn new(format: ExportFormat, sender: mpsc::Sender<Frame>, send_timeout: Duration) -> Self {
        let writer = ExportWriter::new(format);
        let mut buffer = Vec::with_capacity(CHUNK_BYTES * 2);
        writer.start(&mut buffer);
        Encoder {
            writer,
            buffer,
            sender,
            send_timeout,
        }
    }

    /// Encodes a batch: items in id order, their annotations in item order,
    /// and the reviews of those annotations.
    async fn batch(
        &mut self,
        items: &[ItemText],
        annotations: &[AnnotationText],
        reviews: Vec<ReviewRow>,
        predictions: &[PredictionText],
    ) -> std::result::Result<(), ExportError> {
        let mut reviews_of = reviews_by_annotation(reviews);
        let mut annotations = annotations.iter().peekable();
        let mut predictions = predictions.iter().peekable();
        for item in items {
            // Annotations and predictions of items left out by a filter are
            // in the range too: skip them.
            while annotations.next_if(|a| a.item_id < item.id).is_some() {}
            while predictions.next_if(|p| p.item_id < item.id).is_some() {}
            let mut of_item = Vec::new();
            while let Some(annotation) = annotations.next_if(|a| a.item_id == item.id) {
                of_item.push(annotation);
            }
            let mut predictions_of_item = Vec::new();
            while let Some(prediction) = predictions.next_if(|p| p.item_id == item.id) {
                predictions_of_item.push(prediction);
            }
            let line = item_out(item, of_item, &mut reviews_of, predictions_of_item)?;
            self.writer.item(&mut self.buffer, &line)?;
            // Sent on as soon as a chunk is full, not once per batch: a
            // batch of large items would otherwise be one chunk of many
            // megabytes, held in memory whatever the client takes.
            if self.buffer.len() >= CHUNK_BYTES {
                self.flush().await?;
            }
        }
        metrics::counter!(telemetry::ITEMS_EXPORTED).increment(items.len() as u64);
        Ok(())
    }

    async fn flush(&mut self) -> std::result::Result<(), ExportError> {
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES * 2),
        ));
        let bytes = chunk.len() as u64;
        self.send(Frame::Chunk(chunk)).await?;
        metrics::counter!(telemetry::EXPORT_BYTES).increment(bytes);
        Ok(())
    }

    async fn send(&self, frame: Frame) -> std::result::Result<(), ExportError> {
        self.sender
            .send_timeout(frame, self.send_timeout)
            .await
            .map_err(|error| {
                ExportError::Client(match error {
                    SendTimeoutError::Timeout(_) => ClientStopped::Stalled(self.send_timeout),
                    SendTimeoutError::Closed(_) => ClientStopped::Gone,
                })
            })
    }

    async fn finish(mut self) -> std::result::Result<(), ExportError> {
        self.writer.end(&mut self.buffer);
        self.flush().await?;
        self.send(Frame::End).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(task: impl FnOnce(mpsc::Sender<Frame>) + Send + 'static) -> Vec<String> {
        use futures_util::StreamExt;
        let (sender, receiver) = mpsc::channel(2);
        tokio::spawn(async move { task(sender) });
        ExportBody {
            receiver,
            ended: false,
        }
        .map(|part| match part {
            Ok(chunk) => String::from_utf8_lossy(&chunk).into_owned(),
            Err(error) => format!("error: {error}"),
        })
        .collect()
        .await
    }

    #[tokio::test]
    async fn an_export_body_ends_cleanly_only_when_its_task_got_to_the_end() {
        let whole = body_of(|sender| {
            let _ = sender.try_send(Frame::Chunk(Bytes::from_static(b"a")));
            let _ = sender.try_send(Frame::End);
        })
        .await;
        assert_eq!(whole, ["a"]);
        let panicked = body_of(|sender| {
            let _ = sender.try_send(Frame::Chunk(Bytes::from_static(b"a")));
            panic!("the export task panics midway");
        })
        .await;
        assert_eq!(panicked, ["a", "error: the export stopped before its end"]);
    }
}
