//! Importing, changing and deleting items, and keeping their status in step
//! with their annotations and reviews.

use std::collections::HashMap;

use futures_util::{Stream, StreamExt};
use labelwell_transport::{
    AnnotationUiSchema, FieldError, ImportItemsResponse, Item, ItemPriority,
    SetItemPrioritiesResponse, UpdateItemRequest, WebhookEventType,
};
use serde_json::json;
use tracing::Instrument as _;

use super::annotation_ui;
use super::audit::{self, AuditRecord};
use super::compact_json::CompactJson;
use super::spool::{Record, Spool, Spoolable, SpooledItem, fields_of};
use super::webhooks;
use crate::authz::{ProjectPermit, ProjectRef, perm};
use crate::db::{Conn, Db, Id, Ts, Tx};
use crate::error::{Error, Result};
use crate::repositories;
use crate::repositories::items::{NewItem, UpsertMode};
use crate::telemetry;

/// The most items one JSON import may hold; larger imports send NDJSON.
pub use labelwell_transport::limits::MAX_JSON_ITEMS;
/// The most items written per statement: large enough to amortize round
/// trips, small enough for both backends' limits on bound parameters. Batches
/// are cut by bytes first (the spool's budget).
const BATCH: usize = 1000;
/// The longest `external_id`, in characters.
pub use labelwell_transport::limits::MAX_EXTERNAL_ID_CHARS;
/// Imports writing at least this many items refresh the planner's statistics
/// and on SQLite empty the write-ahead log ([`Db::tidy_after_bulk_change`]).
const TIDY_AFTER_WRITING: u64 = 10_000;
/// How many problems an import reports before it stops reading.
pub(super) const MAX_REPORTED_ERRORS: usize = 100;

/// One entry arriving in a bulk request (an item of an import, a priority),
/// with where it stands in the request (`items[3]`, `line[4]`) for error
/// messages, or the reason it could not be read.
#[derive(Debug)]
pub struct Incoming<T> {
    /// The position, as the prefix of error paths.
    pub position: String,
    /// The entry, or why its JSON did not fit.
    pub entry: std::result::Result<T, FieldError>,
}

/// An item of an import as the request holds it (the wire's `ItemInput`,
/// whose name serde's messages give), with its `data` and `metadata` read
/// into the compact text they are stored as, never into `serde_json::Value`s,
/// which take many times the memory of their text (see [`CompactJson`]).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "ItemInput")]
pub struct ImportedItem {
    /// The caller's key.
    pub external_id: String,
    /// What is annotated.
    pub data: CompactJson,
    /// The caller's extra data; `{}` when absent.
    #[serde(default)]
    pub metadata: Option<CompactJson>,
}

impl Spoolable for ImportedItem {
    async fn spool_into(&self, spool: &mut Spool, position: &str) -> std::io::Result<()> {
        let metadata = self
            .metadata
            .as_ref()
            .map_or("{}", |metadata| metadata.as_str());
        spool
            .push_record(&[position, &self.external_id, self.data.as_str(), metadata])
            .await
    }
}

/// Imports items into the permit's project, upserting by `external_id`: all of
/// them in one transaction, or none; up to 100 problems are reported with
/// their positions.
///
/// In two steps (see [`super::spool`] for why): first the whole stream is
/// read, each item checked against the annotation UI in force and kept in
/// `spool`, with no connection held however slowly the client sends; then
/// the transaction writes the spooled items in batches of the spool's byte
/// budget, under a share of the annotation UI lock, which no publish changes
/// until the import ends. Items are checked again only if a new UI version
/// was published in between. Memory stays bounded by the line limit and the
/// batch budget whatever the size of the import.
pub async fn import_items(
    db: &Db,
    permit: &ProjectPermit<perm::ItemImport>,
    items: impl Stream<Item = Result<Incoming<ImportedItem>>> + Unpin,
    spool: Spool,
) -> Result<ImportItemsResponse> {
    let project = permit.writable_project()?;
    let checked_against =
        current_schema(db.read(permit.tenancy()).await?.conn(), project.id).await?;
    let budget = spool.budget();
    let schema = checked_against.as_ref().map(|(_, schema)| schema);
    let check = |item: &ImportedItem, position: &str| check_item(schema, item, position);
    let (received, spool) = receive(items, check, spool).await?;
    let mut items = spool
        .read_back::<SpooledItem>()
        .await
        .map_err(spool_failed)?;

    let now = Ts::now();
    let mut tx = db.begin(permit.tenancy()).await?;
    tx.share_annotation_ui(project.id).await?;
    let in_force = current_schema(tx.conn(), project.id).await?;
    let version = |schema: &Option<(u32, AnnotationUiSchema)>| schema.as_ref().map(|(v, _)| *v);
    let check_again = version(&in_force) != version(&checked_against);
    let schema = in_force.map(|(_, schema)| schema);
    let mut created = 0;
    let mut mode = UpsertMode::default();
    let mut errors = Vec::new();
    loop {
        let batch = items
            .next_batch(budget, BATCH)
            .await
            .map_err(spool_failed)?;
        if batch.is_empty() || errors.len() >= MAX_REPORTED_ERRORS {
            break;
        }
        if check_again {
            errors.extend(check_spooled_data(schema.as_ref(), &batch)?);
        }
        if errors.is_empty() {
            created += upsert_batch(&mut tx, project, &batch, now, &mut mode).await?;
        }
    }
    if !errors.is_empty() {
        errors.truncate(MAX_REPORTED_ERRORS);
        return Err(Error::Validation(errors));
    }
    let result = ImportItemsResponse {
        created,
        updated: received.saturating_sub(created),
    };
    let record = AuditRecord {
        action: "items.imported",
        target_type: "project",
        target_id: Some(project.id),
        details: json!({ "created": result.created, "updated": result.updated }),
    };
    audit::record(&mut tx, permit, record).await?;
    let data = json!({
        "project_id": project.id.0,
        "created": result.created,
        "updated": result.updated,
    });
    webhooks::publish(
        &mut tx,
        permit.organization_id(),
        Some(project.id),
        WebhookEventType::ImportFinished,
        data,
    )
    .await?;
    tx.commit().await?;
    metrics::counter!(telemetry::ITEMS_IMPORTED).increment(received);
    if received >= TIDY_AFTER_WRITING {
        // In the background: the import is done, and the caller need not wait for it.
        let db = db.clone();
        let tidy = async move {
            if let Err(error) = db.tidy_after_bulk_change("items").await {
                tracing::warn!(%error, "tidying up after an import");
            }
        };
        // In the request's span, so that its warning names the import's request.
        tokio::spawn(tidy.in_current_span());
    }
    Ok(result)
}

/// The version and schema of the annotation UI in force in a project, if any.
pub(super) async fn current_schema(
    conn: Conn<'_>,
    project_id: Id,
) -> Result<Option<(u32, AnnotationUiSchema)>> {
    let ui = repositories::versions::current_annotation_ui(conn, project_id).await?;
    Ok(ui.map(|ui| (ui.version, ui.schema)))
}

/// Reads the whole stream, checking each entry with `check` and spooling
/// the valid ones; answers how many entries came, or every problem (up to
/// [`MAX_REPORTED_ERRORS`], after which nothing more is read).
pub(super) async fn receive<T: Spoolable>(
    mut entries: impl Stream<Item = Result<Incoming<T>>> + Unpin,
    check: impl Fn(&T, &str) -> Result<Vec<FieldError>>,
    mut spool: Spool,
) -> Result<(u64, Spool)> {
    let mut received = 0;
    let mut errors = Vec::new();
    while errors.len() < MAX_REPORTED_ERRORS {
        let Some(incoming) = entries.next().await else {
            break;
        };
        let incoming = incoming?;
        received += 1;
        match incoming.entry {
            Err(error) => errors.push(error),
            Ok(entry) => {
                let problems = check(&entry, &incoming.position)?;
                if problems.is_empty() && errors.is_empty() {
                    entry
                        .spool_into(&mut spool, &incoming.position)
                        .await
                        .map_err(spool_failed)?;
                }
                errors.extend(problems);
            }
        }
    }
    if !errors.is_empty() {
        errors.truncate(MAX_REPORTED_ERRORS);
        return Err(Error::Validation(errors));
    }
    Ok((received, spool))
}

/// The problems of spooled items' data with the annotation UI published
/// since they were checked.
fn check_spooled_data(
    schema: Option<&AnnotationUiSchema>,
    batch: &[SpooledItem],
) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    for item in batch {
        let prefix = format!("{}.data", item.position);
        let problems = annotation_ui::check_item_data_text(schema, &item.data, &prefix)
            .map_err(|error| Error::Internal(anyhow::anyhow!("a spooled item: {error}")))?;
        errors.extend(problems);
    }
    Ok(errors)
}

/// A failure of the import's temporary file: the server's, not the client's.
pub(super) fn spool_failed(error: std::io::Error) -> Error {
    Error::Internal(anyhow::Error::new(error).context("spooling an import"))
}

/// Every problem of one incoming item.
fn check_item(
    schema: Option<&AnnotationUiSchema>,
    item: &ImportedItem,
    position: &str,
) -> Result<Vec<FieldError>> {
    let mut errors: Vec<FieldError> = external_id_problem(&item.external_id, position)
        .into_iter()
        .collect();
    let data = annotation_ui::check_item_data_text(
        schema,
        item.data.as_str(),
        &format!("{position}.data"),
    )
    .map_err(|error| Error::Internal(anyhow::anyhow!("an item's compact data: {error}")))?;
    errors.extend(data);
    if item
        .metadata
        .as_ref()
        .is_some_and(|metadata| !metadata.is_object())
    {
        errors.push(FieldError::new(
            format!("{position}.metadata"),
            "invalid",
            "must be a JSON object",
        ));
    }
    Ok(errors)
}

/// The problem of an entry's `external_id`, if it has one.
pub(super) fn external_id_problem(external_id: &str, position: &str) -> Option<FieldError> {
    let chars = external_id.chars().count();
    (external_id.trim().is_empty() || chars > MAX_EXTERNAL_ID_CHARS).then(|| {
        FieldError::new(
            format!("{position}.external_id"),
            "invalid",
            format!("must be 1 to {MAX_EXTERNAL_ID_CHARS} characters"),
        )
    })
}

/// Writes a batch with one multi-row upsert; when the batch names an
/// `external_id` twice, the later item wins (as it would in two requests).
/// Returns how many items it created.
async fn upsert_batch(
    tx: &mut Tx,
    project: &ProjectRef,
    batch: &[SpooledItem],
    now: Ts,
    mode: &mut UpsertMode,
) -> Result<u64> {
    let mut position: HashMap<&str, usize> = HashMap::with_capacity(batch.len());
    let mut rows: Vec<NewItem<'_>> = Vec::with_capacity(batch.len());
    for item in batch {
        let row = NewItem {
            id: Id::new(),
            external_id: &item.external_id,
            data: &item.data,
            metadata: &item.metadata,
        };
        match position.get(item.external_id.as_str()) {
            Some(&i) => rows[i] = row,
            None => {
                position.insert(&item.external_id, rows.len());
                rows.push(row);
            }
        }
    }
    repositories::items::upsert_items(
        tx.conn(),
        project.organization_id,
        project.id,
        &rows,
        now,
        mode,
    )
    .await
}

/// The most priorities written per statement (two bound values each, well
/// under SQLite's limit of 32,766).
const PRIORITY_BATCH: usize = 5000;

impl Spoolable for ItemPriority {
    async fn spool_into(&self, spool: &mut Spool, position: &str) -> std::io::Result<()> {
        // Rust prints the shortest text that reads back as the same f64.
        let priority = self.priority.to_string();
        spool
            .push_record(&[position, &self.external_id, &priority])
            .await
    }
}

/// A priority read back from a [`Spool`].
#[derive(Debug)]
struct SpooledPriority {
    position: String,
    external_id: String,
    priority: f64,
}

impl Record for SpooledPriority {
    const FIELDS: usize = 3;

    fn from_fields(fields: Vec<String>) -> std::io::Result<Self> {
        let [position, external_id, priority] = fields_of(fields)?;
        let priority = priority.parse().map_err(std::io::Error::other)?;
        Ok(SpooledPriority {
            position,
            external_id,
            priority,
        })
    }

    fn size(&self) -> usize {
        self.position.len() + self.external_id.len() + size_of::<f64>()
    }
}

/// Sets the priorities of items of the permit's project named by
/// `external_id`: all of them in one transaction, or (when an entry is
/// malformed or names no item of the project) none, with up to 100 problems
/// reported by position. Read and spooled first like an import (see
/// [`import_items`]); a later entry for the same item wins. The items'
/// `updated_at` stays: a priority orders the work queue and is no change of
/// the dataset an incremental pull fetches.
pub async fn set_item_priorities(
    db: &Db,
    permit: &ProjectPermit<perm::ItemUpdate>,
    entries: impl Stream<Item = Result<Incoming<ItemPriority>>> + Unpin,
    spool: Spool,
) -> Result<SetItemPrioritiesResponse> {
    let project = permit.writable_project()?;
    let budget = spool.budget();
    let check = |entry: &ItemPriority, position: &str| {
        Ok(external_id_problem(&entry.external_id, position)
            .into_iter()
            .collect())
    };
    let (received, spool) = receive(entries, check, spool).await?;
    let mut entries = spool
        .read_back::<SpooledPriority>()
        .await
        .map_err(spool_failed)?;

    let mut tx = db.begin(permit.tenancy()).await?;
    let mut errors = Vec::new();
    while errors.len() < MAX_REPORTED_ERRORS {
        let batch = entries
            .next_batch(budget, PRIORITY_BATCH)
            .await
            .map_err(spool_failed)?;
        if batch.is_empty() {
            break;
        }
        // The last entry for each item: its value is set, its position blamed.
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(batch.len());
        for (i, entry) in batch.iter().enumerate() {
            last.insert(&entry.external_id, i);
        }
        let mut rows: Vec<(&str, f64)> = last
            .iter()
            .map(|(&external_id, &i)| (external_id, batch[i].priority))
            .collect();
        // In key order, so that two updates of the same items lock them in
        // the same order rather than deadlock.
        rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let unknown =
            repositories::items::set_priorities_by_external_id(tx.conn(), project.id, &rows)
                .await?;
        let mut unknown: Vec<usize> = unknown
            .iter()
            .filter_map(|external_id| last.get(external_id.as_str()).copied())
            .collect();
        unknown.sort_unstable();
        errors.extend(unknown.into_iter().map(|i| {
            FieldError::new(
                format!("{}.external_id", batch[i].position),
                "not_found",
                "the project has no item with this external_id",
            )
        }));
    }
    if !errors.is_empty() {
        errors.truncate(MAX_REPORTED_ERRORS);
        return Err(Error::Validation(errors));
    }
    let record = AuditRecord {
        action: "items.prioritized",
        target_type: "project",
        target_id: Some(project.id),
        details: json!({ "updated": received }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(SetItemPrioritiesResponse { updated: received })
}

/// Changes an item's data, metadata or priority; data is checked against the annotation UI in force.
pub async fn update_item(
    db: &Db,
    permit: &ProjectPermit<perm::ItemUpdate>,
    item_id: Id,
    request: UpdateItemRequest,
) -> Result<Item> {
    let project = permit.writable_project()?;
    let mut tx = db.begin(permit.tenancy()).await?;
    tx.share_annotation_ui(project.id).await?;
    let schema = current_schema(tx.conn(), project.id)
        .await?
        .map(|(_, schema)| schema);
    let mut errors = Vec::new();
    if let Some(data) = &request.data {
        errors.extend(annotation_ui::check_item_data(
            schema.as_ref(),
            data,
            "data",
        ));
    }
    if request
        .metadata
        .as_ref()
        .is_some_and(|metadata| !metadata.is_object())
    {
        errors.push(FieldError::new(
            "metadata",
            "invalid",
            "must be a JSON object",
        ));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let item = repositories::items::update_item(
        tx.conn(),
        project.id,
        item_id,
        request.data,
        request.metadata,
        request.priority,
        Ts::now(),
    )
    .await?
    .ok_or(Error::NotFound("item"))?;
    tx.commit().await?;
    Ok(item)
}

/// Deletes an item with its annotations and their reviews.
pub async fn delete_item(
    db: &Db,
    permit: &ProjectPermit<perm::ItemDelete>,
    item_id: Id,
) -> Result<()> {
    let project = permit.writable_project()?;
    let mut tx = db.begin(permit.tenancy()).await?;
    let external_id = repositories::items::delete_item(tx.conn(), project.id, item_id).await?;
    let external_id = external_id.ok_or(Error::NotFound("item"))?;
    let record = AuditRecord {
        action: "item.deleted",
        target_type: "item",
        target_id: Some(item_id),
        details: json!({ "external_id": external_id }),
    };
    audit::record(&mut tx, permit, record).await?;
    tx.commit().await?;
    Ok(())
}
