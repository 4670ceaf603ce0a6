//! Items: import, list, read, change, delete.

use std::time::Duration;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, Request, State};
use axum::http::StatusCode;
use futures_util::stream::{self, BoxStream};
use futures_util::{Stream, StreamExt};
use labelwell_transport::{
    ImportItemsRequest, ImportItemsResponse, ItemInput, ItemList, ItemListQuery, ItemPriority,
    ItemResponse, PageQuery, Problem, SetItemPrioritiesRequest, SetItemPrioritiesResponse,
    UpdateItemRequest,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use super::ApiRouter;
use super::extract::{
    JsonBody, PathIds, QueryParams, media_type, parse_json, parse_json_at, read_body,
};
use super::lines::{LineDecoder, LineTooLong};
use super::pagination::pagination_of;
use crate::authz::{ProjectPermit, perm};
use crate::db::Id;
use crate::error::{Error, Result, unreadable_body};
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::services;
use crate::services::items::{ImportedItem, Incoming, MAX_JSON_ITEMS};
use crate::services::spool::Spool;
use crate::state::AppState;

/// A JSON import's body, as [`ImportItemsRequest`] (whose name serde's
/// messages give) with its items' JSON kept as text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "ImportItemsRequest")]
struct ImportedItems {
    items: Vec<ImportedItem>,
}

/// Seconds a client refused an import waits before trying again.
const IMPORT_RETRY_AFTER_SECONDS: u64 = 5;

/// The item a path names.
#[derive(Debug, serde::Deserialize)]
pub struct ItemPath {
    /// The item's id.
    pub item_id: Uuid,
}

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new()
        .routes(route!(import_items))
        .routes(route!(set_item_priorities))
        .routes(route!(list_items))
        .routes(route!(get_item))
        .routes(route!(update_item))
        .routes(route!(delete_item))
}

/// Import items, upserting by `external_id`: all of them, or (on any problem) none.
///
/// Send JSON `{"items": [...]}` (at most 10,000 items), or NDJSON, one item per
/// line, with `Content-Type: application/x-ndjson` for imports of any size: the
/// body is read and checked as it arrives, then written in one transaction.
/// Each item's `data` must hold the fields the annotation UI in force shows.
/// Problems name the item: `items[3].data.text`, or for NDJSON
/// `line[4].data.text` with 1-based line numbers; up to 100 are reported. A
/// body that stops arriving, or an import over the server's time limit, ends
/// in 408 and writes nothing. An organization runs a few imports at once (the
/// server a few more); beyond that the answer is 429 with `Retry-After`.
#[utoipa::path(
    post, path = "/projects/{project_id}/items", tag = "items",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body(
        content(
            (ImportItemsRequest = "application/json"),
            (ItemInput = "application/x-ndjson"),
        ),
    ),
    responses(
        (status = 200, description = "Every item was written.", body = ImportItemsResponse),
        (status = 408, description = "The body stopped arriving (`body_timeout`), or the import took longer than the server allows (`import_timeout`); nothing was written.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The organization, or the server, runs as many imports as it may (`too_many_requests`); try again after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn import_items(
    permit: ProjectPermit<perm::ItemImport>,
    State(state): State<AppState>,
    request: Request,
) -> Result<Json<ImportItemsResponse>> {
    let import = async {
        let items = entries_of(&state, request, "items", |body: ImportedItems| body.items).await?;
        services::items::import_items(&state.db, &permit, items, spool_of(&state)).await
    };
    within_the_import_limits(&state, permit.organization_id(), import)
        .await
        .map(Json)
}

/// Set the priorities of items by `external_id`: all of them, or (on any problem) none.
///
/// The work queue hands out the items of the highest priority first, ties in
/// import order. Send JSON `{"items": [{"external_id": ..., "priority": ...}]}`
/// (at most 10,000), or NDJSON, one per line, with `Content-Type:
/// application/x-ndjson` for any number: read and checked as it arrives, then
/// written in one transaction, like an import (and counted among the
/// organization's imports at once). An `external_id` named twice takes the
/// later priority. An `external_id` the project has no item of is a problem
/// (`line[4].external_id`, `not_found`); up to 100 are reported. Items'
/// `updated_at` stays as it is.
#[utoipa::path(
    post, path = "/projects/{project_id}/items/priorities", tag = "items",
    params(("project_id" = Uuid, Path, description = "The project's id.")),
    request_body(
        content(
            (SetItemPrioritiesRequest = "application/json"),
            (ItemPriority = "application/x-ndjson"),
        ),
    ),
    responses(
        (status = 200, description = "Every priority was set.", body = SetItemPrioritiesResponse),
        (status = 408, description = "The body stopped arriving (`body_timeout`), or the update took longer than the server allows (`import_timeout`); nothing was written.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The organization, or the server, runs as many imports as it may (`too_many_requests`); try again after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn set_item_priorities(
    permit: ProjectPermit<perm::ItemUpdate>,
    State(state): State<AppState>,
    request: Request,
) -> Result<Json<SetItemPrioritiesResponse>> {
    let update = async {
        let entries = entries_of(
            &state,
            request,
            "items",
            |body: SetItemPrioritiesRequest| body.items,
        )
        .await?;
        services::items::set_item_priorities(&state.db, &permit, entries, spool_of(&state)).await
    };
    within_the_import_limits(&state, permit.organization_id(), update)
        .await
        .map(Json)
}

/// Runs a bulk write (`work`) in one of the organization's import slots,
/// taken before the first byte is read and held until it ends (it bounds the
/// requests reading, holding and writing entries at once), and cancels it at
/// the server's time limit (a transaction dropped unfinished rolls back).
pub(super) async fn within_the_import_limits<T>(
    state: &AppState,
    organization_id: Id,
    work: impl Future<Output = Result<T>>,
) -> Result<T> {
    let _slot =
        state
            .imports
            .take_or_refuse(organization_id, "imports", IMPORT_RETRY_AFTER_SECONDS)?;
    let seconds = state.config.import_time_limit_seconds;
    match tokio::time::timeout(Duration::from_secs(seconds.into()), work).await {
        Ok(result) => result,
        Err(_) => Err(Error::RequestTimeout {
            code: "import_timeout",
            detail: format!(
                "the request did not finish within {seconds} s, and wrote nothing: send it in parts"
            ),
        }),
    }
}

/// The entries of a bulk request's body: JSON (`{"<list>": [...]}`, read
/// whole, at most [`MAX_JSON_ITEMS`] entries, taken out by `entries_of_body`;
/// positions are `<list>[3]`) or NDJSON, one entry per line, read as it arrives.
pub(super) async fn entries_of<T, B>(
    state: &AppState,
    request: Request,
    list: &'static str,
    entries_of_body: fn(B) -> Vec<T>,
) -> Result<BoxStream<'static, Result<Incoming<T>>>>
where
    T: DeserializeOwned + Send + 'static,
    B: DeserializeOwned,
{
    Ok(match media_type(request.headers()).as_deref() {
        Some("application/json") => {
            let entries = entries_of_body(parse_json(&read_body(request, state).await?)?);
            if entries.len() > MAX_JSON_ITEMS {
                return Err(Error::invalid(
                    list,
                    "too_many",
                    format!(
                        "at most {MAX_JSON_ITEMS} {list} per JSON request; send more as NDJSON"
                    ),
                ));
            }
            let entries = entries.into_iter().enumerate().map(move |(i, entry)| {
                Ok(Incoming {
                    position: format!("{list}[{i}]"),
                    entry: Ok(entry),
                })
            });
            stream::iter(entries).boxed()
        }
        Some(
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/jsonlines",
        ) => ndjson_entries(
            request.into_body(),
            state.config.import_limit,
            state.config.import_max_line_bytes,
        )
        .boxed(),
        _ => {
            return Err(Error::UnsupportedMediaType(
                "send `application/json` ({\"items\": [...]}) or `application/x-ndjson` (one item per line)"
                    .to_owned(),
            ));
        }
    })
}

/// Where a bulk write keeps what it has read until it writes it.
pub(super) fn spool_of(state: &AppState) -> Spool {
    Spool::new(
        state
            .config
            .import_spool_dir
            .clone()
            .unwrap_or_else(std::env::temp_dir),
        state.config.import_batch_bytes,
    )
}

/// The entries of an NDJSON body, line by line, read as they arrive; a line
/// longer than `max_line` bytes is refused (`too_long`), so that the buffer
/// never holds more than one line and one chunk of the body.
fn ndjson_entries<T: DeserializeOwned + Send>(
    body: Body,
    limit: u64,
    max_line: usize,
) -> impl Stream<Item = Result<Incoming<T>>> + Send {
    struct Lines {
        body: axum::body::BodyDataStream,
        decoder: LineDecoder,
        read: u64,
        ended: bool,
        failed: bool,
    }
    let lines = Lines {
        body: body.into_data_stream(),
        decoder: LineDecoder::new(max_line),
        read: 0,
        ended: false,
        failed: false,
    };
    stream::unfold(lines, move |mut lines| async move {
        while !lines.failed {
            let line = match lines.ended {
                true => lines.decoder.last_line(),
                false => lines.decoder.next_line(),
            };
            match line {
                Ok(Some(line)) if line.bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(Some(line)) => {
                    let position = format!("line[{}]", line.number);
                    let entry = parse_json_at::<T>(line.bytes, &position);
                    return Some((Ok(Incoming { position, entry }), lines));
                }
                Ok(None) if lines.ended => return None,
                Ok(None) => {}
                Err(LineTooLong { number }) => {
                    lines.failed = true;
                    let problem = line_too_long(&format!("line[{number}]"), max_line);
                    return Some((Err(problem), lines));
                }
            }
            let next: Option<std::result::Result<Bytes, axum::Error>> = lines.body.next().await;
            match next {
                Some(Ok(chunk)) => {
                    lines.read += chunk.len() as u64;
                    if lines.read > limit {
                        lines.failed = true;
                        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
                        return Some((Err(Error::PayloadTooLarge { limit }), lines));
                    }
                    lines.decoder.feed(&chunk);
                }
                Some(Err(error)) => {
                    lines.failed = true;
                    return Some((Err(unreadable_body(&error)), lines));
                }
                None => lines.ended = true,
            }
        }
        None
    })
}

/// The problem of a line longer than `max_line` bytes.
fn line_too_long(position: &str, max_line: usize) -> Error {
    Error::invalid(
        position,
        "too_long",
        format!("a line may hold at most {max_line} bytes"),
    )
}

/// The items of a project, filtered by status or change time.
///
/// Without `updated_after`, items come in import order; with it, in the order
/// they changed, for incremental pulls.
#[utoipa::path(
    get, path = "/projects/{project_id}/items", tag = "items",
    params(("project_id" = Uuid, Path, description = "The project's id."), ItemListQuery),
    responses((status = 200, description = "A page of items.", body = ItemList))
)]
pub async fn list_items(
    permit: ProjectPermit<perm::ItemRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<ItemListQuery>,
) -> Result<Json<ItemList>> {
    let page = PageRequest::from_query(&PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    })?;
    let page = repositories::items::list_items(&state.db, &permit, &query, &page).await?;
    Ok(Json(ItemList {
        pagination: pagination_of(&uri, &page),
        items: page.items,
    }))
}

/// One item.
#[utoipa::path(
    get, path = "/items/{item_id}", tag = "items",
    params(("item_id" = Uuid, Path, description = "The item's id.")),
    responses((status = 200, description = "The item.", body = ItemResponse))
)]
pub async fn get_item(
    permit: ProjectPermit<perm::ItemRead>,
    State(state): State<AppState>,
    path: PathIds<ItemPath>,
) -> Result<Json<ItemResponse>> {
    let item = repositories::items::find_item(&state.db, &permit, Id(path.0.item_id)).await?;
    Ok(Json(ItemResponse { item }))
}

/// Change an item's data or metadata.
#[utoipa::path(
    patch, path = "/items/{item_id}", tag = "items",
    params(("item_id" = Uuid, Path, description = "The item's id.")),
    request_body = UpdateItemRequest,
    responses(
        (status = 200, description = "The changed item.", body = ItemResponse),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_item(
    permit: ProjectPermit<perm::ItemUpdate>,
    State(state): State<AppState>,
    path: PathIds<ItemPath>,
    JsonBody(request): JsonBody<UpdateItemRequest>,
) -> Result<Json<ItemResponse>> {
    let item =
        services::items::update_item(&state.db, &permit, Id(path.0.item_id), request).await?;
    Ok(Json(ItemResponse { item }))
}

/// Delete an item with its annotations and their reviews.
#[utoipa::path(
    delete, path = "/items/{item_id}", tag = "items",
    params(("item_id" = Uuid, Path, description = "The item's id.")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 409, description = "The project is archived (`project_archived`).", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_item(
    permit: ProjectPermit<perm::ItemDelete>,
    State(state): State<AppState>,
    path: PathIds<ItemPath>,
) -> Result<StatusCode> {
    services::items::delete_item(&state.db, &permit, Id(path.0.item_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Pieces of NDJSON bodies: arbitrary bytes, and the bytes a body is made of.
    fn piece() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..40),
            Just(b"{\"external_id\": \"a\", \"data\": {\"text\": \"hi\"}}\n".to_vec()),
            Just(
                b"{\"external_id\": \"b\", \"data\": [1, {\"x\": null}], \"metadata\": 7}".to_vec()
            ),
            Just(b"\n".to_vec()),
            Just(b"\r\n  \t".to_vec()),
            Just(b"\"\\u0000\"".to_vec()),
            Just("\u{e9}\u{1f600}".as_bytes().to_vec()),
            Just(vec![0xff, 0xfe, b'{']),
            Just(b"[[[[[[[[[[".to_vec()),
        ]
    }

    /// The items of an NDJSON body sent in `chunks`.
    fn items_of(
        chunks: Vec<Vec<u8>>,
        limit: u64,
        max_line: usize,
    ) -> Vec<Result<Incoming<ImportedItem>>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        let chunks = chunks
            .into_iter()
            .map(|chunk| Ok::<_, std::io::Error>(Bytes::from(chunk)));
        let body = Body::from_stream(stream::iter(chunks));
        runtime.block_on(ndjson_entries(body, limit, max_line).collect())
    }

    /// The line number a position or a field names (`line[7].data` is 7).
    fn line_named(field: &str) -> Option<u64> {
        field.strip_prefix("line[")?.split(']').next()?.parse().ok()
    }

    proptest! {
        #![proptest_config(crate::proptest_cases())]

        /// Whatever the bytes and however they are cut, the reader never
        /// panics, items come in line order, every problem names a line that
        /// is in the body, and a failure of the body ends the stream.
        #[test]
        fn any_body_yields_items_or_problems_naming_their_line(
            pieces in proptest::collection::vec(piece(), 0..12),
            cut in 1..64_usize,
            limit in 0..2_000_u64,
            max_line in 1..300_usize,
        ) {
            let body: Vec<u8> = pieces.concat();
            let lines = body.iter().filter(|b| **b == b'\n').count() as u64 + 1;
            let chunks: Vec<Vec<u8>> = body.chunks(cut).map(<[u8]>::to_vec).collect();
            let items = items_of(chunks, limit, max_line);
            let mut last_line = 0;
            for (i, item) in items.iter().enumerate() {
                match item {
                    Ok(incoming) => {
                        let line = line_named(&incoming.position).expect("a line position");
                        prop_assert!(line > last_line && line <= lines, "{}", incoming.position);
                        last_line = line;
                        if let Err(problem) = &incoming.entry {
                            prop_assert!(problem.field.starts_with(&incoming.position), "{problem:?}");
                        }
                    }
                    Err(error) => {
                        prop_assert_eq!(i, items.len() - 1, "a failure ends the stream");
                        if let Error::Validation(problems) = error {
                            for problem in problems {
                                let line = line_named(&problem.field).expect("a line");
                                prop_assert!(line > last_line && line <= lines, "{problem:?}");
                            }
                        }
                    }
                }
            }
        }
    }
}
