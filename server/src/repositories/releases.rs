//! Dataset releases: a project's labelled items frozen into content-addressed
//! chunks of JSON Lines, and read back.
//!
//! A release is made from one snapshot of the project (the export's reads,
//! `repositories/export.rs`): its items in id order, each with the
//! annotations of the chosen review statuses and their reviews, one JSON line
//! per item, as an export writes it. The lines are cut into chunks after the
//! items whose id hashes to a boundary ([`ends_chunk`]), so a chunk's bounds
//! depend on the items around them alone: an item added, removed or
//! relabelled since the last release changes its own chunk, and every other
//! chunk has the same bytes, the same SHA-256, and is stored once for every
//! release of the project that holds it. A release is its ordered list of
//! chunk hashes; its content hash is the SHA-256 of the concatenated chunks,
//! the exact bytes `GET .../releases/{name}/items` sends.
//!
//! Nothing here ever changes a stored chunk or release (on PostgreSQL the
//! server's role may not, migrations/postgres/0015), so a release reads the
//! same bytes whenever it is pulled.

use std::collections::{HashMap, HashSet};

use axum::body::Bytes;
use futures_util::{Stream, StreamExt as _};
use labelwell_transport::{AnnotationUi, ExportQuery, QuestionAgreement, Release, ReviewStatus};
use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use sqlx::QueryBuilder;

use super::export::{
    AnnotationText, ItemText, batch_query, item_out, read_batch, reviews_by_annotation,
};
use super::page::{Page, PageRequest};
use crate::authz::{ProjectPermit, perm};
use crate::db::annotations::ReviewRow;
use crate::db::{Backend, Conn, Db, Id, Json, Tenancy, Ts, with_conn};
use crate::error::{Error, Result};

/// A chunk of large items also ends once it holds this many bytes.
const MAX_CHUNK_BYTES: usize = 8 << 20;
/// Bytes of item JSON read per batch from the snapshot.
const BATCH_BYTES: i64 = 16 << 20;
/// Parts inserted per statement (seven values each, far below either
/// backend's limit of bound values).
const PARTS_PER_INSERT: usize = 1000;

/// Whether a chunk of about `items_per_chunk` items ends after the item with
/// this id. Decided by the id alone (mixed by SplitMix64's finalizer, so
/// that ids made one after the other spread evenly), so the same item ends a
/// chunk in every release of its project. A change here, or of
/// `items_per_chunk`, changes no release; releases made before it would only
/// share no chunk with releases made after.
fn ends_chunk(id: Id, items_per_chunk: u64) -> bool {
    let (high, low) = id.0.as_u64_pair();
    let mut z = high ^ low.rotate_left(32);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    z % items_per_chunk == 0
}

/// One chunk of a release in its list: which chunk, and its first and last item.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Part {
    /// The SHA-256 of the chunk's bytes.
    pub chunk_hash: Vec<u8>,
    /// Its first item's id.
    pub first_item_id: Id,
    /// Its last item's id.
    pub last_item_id: Id,
}

/// What freezing a project's items made: the release's parts and totals.
#[derive(Debug)]
pub struct Frozen {
    /// The chunks, in order.
    pub parts: Vec<Part>,
    /// Items in the release.
    pub item_count: u64,
    /// Annotations in the release.
    pub annotation_count: u64,
    /// The bytes of its JSON Lines.
    pub byte_count: u64,
    /// `sha256:` and the hex SHA-256 of those bytes.
    pub content_hash: String,
}

/// A chunk cut and not yet stored.
struct Chunk {
    hash: Vec<u8>,
    items: u64,
    content: Vec<u8>,
    first: Id,
    last: Id,
}

/// Encodes the items of a snapshot, batch after batch, into chunks.
struct Chunker<'s> {
    statuses: &'s [ReviewStatus],
    items_per_chunk: u64,
    buffer: Vec<u8>,
    first: Option<Id>,
    last: Option<Id>,
    items_in_chunk: u64,
    whole: Sha256,
    item_count: u64,
    annotation_count: u64,
    byte_count: u64,
    cut: Vec<Chunk>,
}

impl<'s> Chunker<'s> {
    fn new(statuses: &'s [ReviewStatus], items_per_chunk: u64) -> Self {
        Chunker {
            statuses,
            items_per_chunk: items_per_chunk.max(1),
            buffer: Vec::new(),
            first: None,
            last: None,
            items_in_chunk: 0,
            whole: Sha256::new(),
            item_count: 0,
            annotation_count: 0,
            byte_count: 0,
            cut: Vec::new(),
        }
    }

    /// Adds a batch: the items with at least one annotation of the release's
    /// statuses, each with those annotations only.
    fn batch(
        &mut self,
        items: &[ItemText],
        annotations: &[AnnotationText],
        reviews: Vec<ReviewRow>,
    ) -> serde_json::Result<()> {
        let mut reviews_of = reviews_by_annotation(reviews);
        let mut annotations = annotations.iter().peekable();
        for item in items {
            let mut kept = Vec::new();
            while let Some(annotation) = annotations.next_if(|a| a.item_id <= item.id) {
                if annotation.item_id == item.id
                    && self.statuses.contains(&annotation.review_status.0)
                {
                    kept.push(annotation);
                }
            }
            if kept.is_empty() {
                continue;
            }
            self.annotation_count += kept.len() as u64;
            // A release holds labels: predictions stay out of it.
            let line = item_out(item, kept, &mut reviews_of, Vec::new())?;
            serde_json::to_writer(&mut self.buffer, &line)?;
            self.buffer.push(b'\n');
            self.first.get_or_insert(item.id);
            self.last = Some(item.id);
            self.items_in_chunk += 1;
            if ends_chunk(item.id, self.items_per_chunk) || self.buffer.len() >= MAX_CHUNK_BYTES {
                self.cut();
            }
        }
        Ok(())
    }

    /// Ends the chunk being filled, if it holds any item.
    fn cut(&mut self) {
        let (Some(first), Some(last)) = (self.first.take(), self.last.take()) else {
            return;
        };
        let content = std::mem::take(&mut self.buffer);
        self.whole.update(&content);
        self.byte_count += content.len() as u64;
        self.item_count += self.items_in_chunk;
        self.cut.push(Chunk {
            hash: Sha256::digest(&content).to_vec(),
            items: std::mem::take(&mut self.items_in_chunk),
            content,
            first,
            last,
        });
    }
}

/// Freezes the items of a project with annotations of `statuses` into
/// chunks of about `items_per_chunk` items, in `conn`'s transaction (begun with [`Db::begin_snapshot`], so
/// that every batch reads the same snapshot): stores the chunks the project
/// does not hold yet and returns the release's parts.
pub async fn freeze_items(
    conn: Conn<'_>,
    project_id: Id,
    organization_id: Id,
    statuses: &[ReviewStatus],
    items_per_chunk: u64,
) -> Result<Frozen> {
    let postgres = conn.backend() == Backend::Postgres;
    let query = ExportQuery::default();
    let mut chunker = Chunker::new(statuses, items_per_chunk);
    let mut parts = Vec::new();
    with_conn!(conn, |conn| {
        let stored: Vec<Vec<u8>> =
            sqlx::query_scalar("SELECT hash FROM release_chunks WHERE project_id = $1")
                .bind(project_id)
                .fetch_all(&mut *conn)
                .await?;
        let mut stored: HashSet<Vec<u8>> = stored.into_iter().collect();
        let mut after: Option<Id> = None;
        loop {
            let (items, annotations, reviews) = read_batch!(
                conn,
                postgres,
                project_id,
                query,
                None,
                Some(statuses),
                after,
                BATCH_BYTES
            );
            match items.last() {
                Some(last) => {
                    after = Some(last.id);
                    chunker
                        .batch(&items, &annotations, reviews)
                        .map_err(anyhow::Error::from)?;
                }
                None => chunker.cut(),
            }
            for chunk in chunker.cut.drain(..) {
                if stored.insert(chunk.hash.clone()) {
                    sqlx::query(
                        "INSERT INTO release_chunks (project_id, hash, item_count, content, organization_id)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(project_id)
                    .bind(&chunk.hash)
                    .bind(i64::try_from(chunk.items).unwrap_or(i64::MAX))
                    .bind(&chunk.content)
                    .bind(organization_id)
                    .execute(&mut *conn)
                    .await?;
                }
                parts.push(Part {
                    chunk_hash: chunk.hash,
                    first_item_id: chunk.first,
                    last_item_id: chunk.last,
                });
            }
            if items.is_empty() {
                break;
            }
        }
    });
    Ok(Frozen {
        parts,
        item_count: chunker.item_count,
        annotation_count: chunker.annotation_count,
        byte_count: chunker.byte_count,
        content_hash: format!("sha256:{}", hex(&chunker.whole.finalize())),
    })
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Records a release with its parts; `Ok(false)` when the project already
/// has a release of that name.
pub async fn insert_release(
    conn: Conn<'_>,
    release: &Release,
    parts: &[Part],
    organization_id: Id,
) -> Result<bool> {
    let inserted = with_conn!(conn, |conn| {
        let inserted = sqlx::query(
            "INSERT INTO releases (id, project_id, name, review_statuses, annotation_ui_version,
                 guideline_version, item_count, annotation_count, byte_count, content_hash,
                 agreement, created_by, created_at, organization_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             ON CONFLICT (project_id, name, organization_id) DO NOTHING",
        )
        .bind(Id(release.id))
        .bind(Id(release.project_id))
        .bind(&release.name)
        .bind(Json(&release.review_statuses))
        .bind(release.annotation_ui_version.map(i64::from))
        .bind(release.guideline_version.map(i64::from))
        .bind(i64::try_from(release.item_count).unwrap_or(i64::MAX))
        .bind(i64::try_from(release.annotation_count).unwrap_or(i64::MAX))
        .bind(i64::try_from(release.byte_count).unwrap_or(i64::MAX))
        .bind(&release.content_hash)
        .bind(Json(&release.agreement))
        .bind(release.created_by.map(Id))
        .bind(Ts::try_from(release.created_at).map_err(anyhow::Error::from)?)
        .bind(organization_id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1;
        if inserted {
            for (batch_index, batch) in parts.chunks(PARTS_PER_INSERT).enumerate() {
                let mut sql = QueryBuilder::new(
                    "INSERT INTO release_parts (release_id, position, project_id, chunk_hash,
                         first_item_id, last_item_id, organization_id) ",
                );
                sql.push_values(batch.iter().enumerate(), |mut row, (i, part)| {
                    let position = batch_index * PARTS_PER_INSERT + i;
                    row.push_bind(Id(release.id))
                        .push_bind(i64::try_from(position).unwrap_or(i64::MAX))
                        .push_bind(Id(release.project_id))
                        .push_bind(&part.chunk_hash)
                        .push_bind(part.first_item_id)
                        .push_bind(part.last_item_id)
                        .push_bind(organization_id);
                });
                sql.build().execute(&mut *conn).await?;
            }
        }
        inserted
    });
    Ok(inserted)
}

/// A release as stored.
#[derive(Debug, sqlx::FromRow)]
struct ReleaseRow {
    id: Id,
    project_id: Id,
    name: String,
    review_statuses: Json<Vec<ReviewStatus>>,
    annotation_ui_version: Option<i64>,
    guideline_version: Option<i64>,
    item_count: i64,
    annotation_count: i64,
    byte_count: i64,
    content_hash: String,
    agreement: Json<Vec<QuestionAgreement>>,
    created_by: Option<Id>,
    created_at: Ts,
}

const RELEASE_COLUMNS: &str = "id, project_id, name, review_statuses, annotation_ui_version,
     guideline_version, item_count, annotation_count, byte_count, content_hash, agreement,
     created_by, created_at";

fn release_from_row(row: ReleaseRow) -> Release {
    let count = |n: i64| u64::try_from(n).unwrap_or_default();
    let version = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok());
    Release {
        id: row.id.0,
        project_id: row.project_id.0,
        name: row.name,
        review_statuses: row.review_statuses.0,
        annotation_ui_version: version(row.annotation_ui_version),
        guideline_version: version(row.guideline_version),
        item_count: count(row.item_count),
        annotation_count: count(row.annotation_count),
        byte_count: count(row.byte_count),
        content_hash: row.content_hash,
        agreement: row.agreement.0,
        created_by: row.created_by.map(Into::into),
        created_at: row.created_at.get(),
    }
}

/// The release of a project by its name.
pub async fn release_named(conn: Conn<'_>, project_id: Id, name: &str) -> Result<Release> {
    let row: Option<ReleaseRow> = with_conn!(conn, |conn| {
        sqlx::query_as(&format!(
            "SELECT {RELEASE_COLUMNS} FROM releases WHERE project_id = $1 AND name = $2"
        ))
        .bind(project_id)
        .bind(name)
        .fetch_optional(conn)
        .await?
    });
    row.map(release_from_row).ok_or(Error::NotFound("release"))
}

/// The releases of the permit's project, newest first.
pub async fn list_releases(
    db: &Db,
    permit: &ProjectPermit<perm::ReleaseRead>,
    page: &PageRequest,
) -> Result<Page<Release>> {
    let after: Option<uuid::Uuid> = page.after()?;
    let rows: Vec<ReleaseRow> = with_conn!(db.read(permit.tenancy()).await?.conn(), |conn| {
        sqlx::query_as(&format!(
            "SELECT {RELEASE_COLUMNS} FROM releases
             WHERE project_id = $1 AND ($2 IS NULL OR id < $2)
             ORDER BY id DESC LIMIT $3"
        ))
        .bind(permit.project().id)
        .bind(after.map(Id))
        .bind(page.fetch_limit())
        .fetch_all(conn)
        .await?
    });
    Ok(page.page(rows, |row| row.id.0, release_from_row))
}

/// A release with the annotation UI version it was made under.
pub async fn get_release(
    db: &Db,
    permit: &ProjectPermit<perm::ReleaseRead>,
    name: &str,
) -> Result<(Release, Option<AnnotationUi>)> {
    let mut tx = db.read(permit.tenancy()).await?;
    let release = release_named(tx.conn(), permit.project().id, name).await?;
    let annotation_ui = match release.annotation_ui_version {
        Some(version) => {
            super::versions::annotation_ui_version(tx.conn(), release.project_id.into(), version)
                .await?
        }
        None => None,
    };
    Ok((release, annotation_ui))
}

/// The parts of a release, in order.
async fn parts_of(conn: Conn<'_>, release_id: Id) -> Result<Vec<Part>> {
    Ok(with_conn!(conn, |conn| {
        sqlx::query_as(
            "SELECT chunk_hash, first_item_id, last_item_id FROM release_parts
             WHERE release_id = $1 ORDER BY position",
        )
        .bind(release_id)
        .fetch_all(conn)
        .await?
    }))
}

/// The bytes of a chunk of a project.
async fn chunk_content(conn: Conn<'_>, project_id: Id, hash: &[u8]) -> Result<Vec<u8>> {
    let content: Option<Vec<u8>> = with_conn!(conn, |conn| {
        sqlx::query_scalar("SELECT content FROM release_chunks WHERE project_id = $1 AND hash = $2")
            .bind(project_id)
            .bind(hash)
            .fetch_optional(conn)
            .await?
    });
    content.ok_or_else(|| anyhow::anyhow!("a release's chunk is missing").into())
}

/// The JSON Lines of a release, a chunk at a time, from the first item after
/// `after` (all when `None`). The release is found before the stream starts
/// (an unknown name is the caller's 404); each chunk is then read in a short
/// transaction of its own, which needs no snapshot: nothing changes a release.
pub async fn release_items(
    db: &Db,
    permit: &ProjectPermit<perm::ReleaseRead>,
    name: &str,
    after: Option<Id>,
) -> Result<(Release, impl Stream<Item = std::io::Result<Bytes>> + use<>)> {
    let project_id = permit.project().id;
    let tenancy = permit.tenancy();
    let mut tx = db.read(tenancy.clone()).await?;
    let release = release_named(tx.conn(), project_id, name).await?;
    let mut parts = parts_of(tx.conn(), release.id.into()).await?;
    drop(tx);
    if let Some(after) = after {
        parts.retain(|part| part.last_item_id > after);
    }
    let db = db.clone();
    let chunks =
        futures_util::stream::iter(parts.into_iter().enumerate()).then(move |(index, part)| {
            let db = db.clone();
            let tenancy = tenancy.clone();
            async move {
                let content = read_chunk(&db, tenancy, project_id, &part.chunk_hash)
                    .await
                    .map_err(std::io::Error::other)?;
                Ok(Bytes::from(match (index, after) {
                    (0, Some(after)) => lines_after(&content, after),
                    _ => content,
                }))
            }
        });
    Ok((release, chunks))
}

async fn read_chunk(db: &Db, tenancy: Tenancy, project_id: Id, hash: &[u8]) -> Result<Vec<u8>> {
    let mut tx = db.read(tenancy).await?;
    chunk_content(tx.conn(), project_id, hash).await
}

/// The lines of a chunk whose item comes after `after`.
fn lines_after(content: &[u8], after: Id) -> Vec<u8> {
    let mut out = Vec::new();
    for line in content.split_inclusive(|&byte| byte == b'\n') {
        if line_item_id(line).is_some_and(|id| id > after.0) {
            out.extend_from_slice(line);
        }
    }
    out
}

/// The id of the item of a release line: it comes first, `{"id":"<uuid>",...`.
fn line_item_id(line: &[u8]) -> Option<uuid::Uuid> {
    let text = line.get(7..43)?;
    uuid::Uuid::try_parse_ascii(text).ok()
}

/// What comparing two releases needs of each item's line.
#[derive(Debug, Deserialize)]
struct LineForDiff<'a> {
    external_id: String,
    #[serde(borrow)]
    data: &'a RawValue,
    #[serde(borrow)]
    metadata: &'a RawValue,
    status: &'a str,
    #[serde(borrow)]
    annotations: &'a RawValue,
}

/// An item of a release as the diff compares it: digests of its annotations
/// and of the rest.
#[derive(Debug, PartialEq, Eq)]
struct ItemDigest {
    annotations: [u8; 32],
    rest: [u8; 32],
}

/// How two releases of a project differ, item by item.
#[derive(Debug, Default)]
pub struct Difference {
    /// External ids of the items only in the newer release.
    pub added: Vec<String>,
    /// External ids of the items only in the base.
    pub removed: Vec<String>,
    /// External ids of the items in both with other annotations.
    pub relabelled: Vec<String>,
    /// External ids of the items in both with the same annotations and other data.
    pub changed: Vec<String>,
    /// Items in both, the same.
    pub unchanged: u64,
}

/// Compares `release` with `base`: chunks both hold are the same items and
/// are skipped (their item count is read, not their bytes); the items of
/// the other chunks are matched by external id.
pub async fn diff_releases(
    db: &Db,
    permit: &ProjectPermit<perm::ReleaseRead>,
    base: &str,
    release: &str,
) -> Result<Difference> {
    let project_id = permit.project().id;
    let mut tx = db.read(permit.tenancy()).await?;
    let base = release_named(tx.conn(), project_id, base).await?;
    let release = release_named(tx.conn(), project_id, release).await?;
    let base_parts = parts_of(tx.conn(), base.id.into()).await?;
    let release_parts = parts_of(tx.conn(), release.id.into()).await?;

    let mut in_base: HashMap<&[u8], usize> = HashMap::new();
    for part in &base_parts {
        *in_base.entry(&part.chunk_hash).or_default() += 1;
    }
    let mut shared: Vec<&[u8]> = Vec::new();
    let mut only_in_release: Vec<&[u8]> = Vec::new();
    for part in &release_parts {
        match in_base.get_mut(part.chunk_hash.as_slice()) {
            Some(left) if *left > 0 => {
                *left -= 1;
                shared.push(&part.chunk_hash);
            }
            _ => only_in_release.push(&part.chunk_hash),
        }
    }
    let only_in_base: Vec<&[u8]> = in_base
        .iter()
        .flat_map(|(hash, left)| std::iter::repeat_n(*hash, *left))
        .collect();

    let mut difference = Difference {
        unchanged: shared_item_count(tx.conn(), project_id, &shared).await?,
        ..Difference::default()
    };
    let mut before = digests_of(tx.conn(), project_id, &only_in_base).await?;
    let after = digests_of(tx.conn(), project_id, &only_in_release).await?;
    for (external_id, digest) in after {
        match before.remove(&external_id) {
            None => difference.added.push(external_id),
            Some(old) if old == digest => difference.unchanged += 1,
            Some(old) if old.annotations != digest.annotations => {
                difference.relabelled.push(external_id);
            }
            Some(_) => difference.changed.push(external_id),
        }
    }
    difference.removed = before.into_keys().collect();
    for list in [
        &mut difference.added,
        &mut difference.removed,
        &mut difference.relabelled,
        &mut difference.changed,
    ] {
        list.sort_unstable();
    }
    Ok(difference)
}

/// The items of the chunks `hashes` (each counted as often as it is listed).
async fn shared_item_count(mut conn: Conn<'_>, project_id: Id, hashes: &[&[u8]]) -> Result<u64> {
    let mut count: i64 = 0;
    for hash in hashes {
        let items: i64 = with_conn!(conn.reborrow(), |conn| {
            sqlx::query_scalar(
                "SELECT item_count FROM release_chunks WHERE project_id = $1 AND hash = $2",
            )
            .bind(project_id)
            .bind(*hash)
            .fetch_one(conn)
            .await?
        });
        count += items;
    }
    Ok(u64::try_from(count).unwrap_or_default())
}

/// The digest of every item of the chunks `hashes`, by external id.
async fn digests_of(
    mut conn: Conn<'_>,
    project_id: Id,
    hashes: &[&[u8]],
) -> Result<HashMap<String, ItemDigest>> {
    let mut digests = HashMap::new();
    for hash in hashes {
        let content = chunk_content(conn.reborrow(), project_id, hash).await?;
        for line in content
            .split(|&byte| byte == b'\n')
            .filter(|l| !l.is_empty())
        {
            let item: LineForDiff<'_> =
                serde_json::from_slice(line).map_err(anyhow::Error::from)?;
            let mut rest = Sha256::new();
            for part in [item.data.get(), item.metadata.get(), item.status] {
                rest.update(part.as_bytes());
                rest.update([0]);
            }
            digests.insert(
                item.external_id,
                ItemDigest {
                    annotations: Sha256::digest(item.annotations.get().as_bytes()).into(),
                    rest: rest.finalize().into(),
                },
            );
        }
    }
    Ok(digests)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_one_item_in_items_per_chunk_ends_a_chunk() {
        let ends = (0..100_000).filter(|_| ends_chunk(Id::new(), 512)).count() as u64;
        let expected = 100_000 / 512;
        assert!(
            ends > expected / 2 && ends < expected * 2,
            "{ends} chunk ends in 100,000 ids, expected about {expected}"
        );
    }

    #[test]
    fn a_line_after_an_item_is_one_with_a_greater_id() {
        let (a, b) = (Id::new(), Id::new());
        let content = format!(
            "{{\"id\":\"{}\",\"x\":1}}\n{{\"id\":\"{}\",\"x\":2}}\n",
            a.0, b.0
        );
        let after = lines_after(content.as_bytes(), a);
        assert_eq!(
            String::from_utf8(after).expect("text"),
            format!("{{\"id\":\"{}\",\"x\":2}}\n", b.0)
        );
    }
}
