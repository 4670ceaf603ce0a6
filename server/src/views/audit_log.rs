//! `/organizations/{org_id}/audit-log`: who did what.

use axum::Json;
use axum::extract::{OriginalUri, State};
use labelwell_transport::{AuditLog, AuditLogQuery, PageQuery};
use utoipa_axum::router::OpenApiRouter;

use super::ApiRouter;
use super::extract::QueryParams;
use super::pagination::pagination_of;
use crate::authz::{OrgPermit, perm};
use crate::error::Result;
use crate::repositories::{self, PageRequest};
use crate::route;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> ApiRouter {
    OpenApiRouter::new().routes(route!(list_audit_log))
}

/// The organization's audit log, newest first; of one action, one actor, or
/// both when the query names them (exact matches: a value nothing matches
/// gives an empty page).
#[utoipa::path(
    get, path = "/organizations/{org_id}/audit-log", tag = "audit-log",
    params(("org_id" = Uuid, Path, description = "The organization's id."), AuditLogQuery),
    responses((status = 200, description = "A page of entries.", body = AuditLog))
)]
pub async fn list_audit_log(
    permit: OrgPermit<perm::AuditLogRead>,
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    QueryParams(query): QueryParams<AuditLogQuery>,
) -> Result<Json<AuditLog>> {
    let page = PageRequest::from_query(&PageQuery {
        limit: query.limit,
        cursor: query.cursor.clone(),
    })?;
    let page = repositories::audit_log::list_audit_log(&state.db, &permit, &query, &page).await?;
    Ok(Json(AuditLog {
        pagination: pagination_of(&uri, &page),
        entries: page.items,
    }))
}
