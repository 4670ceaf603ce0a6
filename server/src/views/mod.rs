//! The HTTP layer: handlers translate HTTP to transport types and back, and call
//! one repository or service function each. Every route is registered through
//! [`operation`] with the access the guard checks before the handler runs.

pub mod accounts;
pub mod annotations;
pub mod audit_log;
pub mod docs;
pub mod extract;
pub mod invitations;
pub mod items;
pub mod me;
pub mod members;
pub mod ops;
pub mod organizations;
pub mod pagination;
pub mod projects;
pub mod queue;
pub mod review_queue;
pub mod security_headers;
pub mod stats;
pub mod tokens;
pub mod versions;
pub mod web;

use axum::middleware::from_fn;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter, UtoipaMethodRouterExt};

use crate::authz::{Access, Action, Permission, Resource, authorize};
use crate::state::AppState;

/// The router of the API, with its OpenAPI description.
pub type ApiRouter = OpenApiRouter<AppState>;

/// Every route of `/api/v1`.
pub fn api_router() -> ApiRouter {
    OpenApiRouter::new()
        .merge(accounts::routes())
        .merge(me::routes())
        .merge(tokens::routes())
        .merge(organizations::routes())
        .merge(members::routes())
        .merge(invitations::routes())
        .merge(audit_log::routes())
        .merge(projects::routes())
        .merge(versions::routes())
        .merge(items::routes())
        .merge(queue::routes())
        .merge(annotations::routes())
        .merge(review_queue::routes())
        .merge(stats::routes())
}

/// Registers a route's handlers behind the guard of `access`, and records the
/// access in the route's OpenAPI operations as `x-permission`.
pub fn operation(
    access: Access,
    route: UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    let (schemas, mut paths, method_router) = route.map(|method_router| {
        method_router.route_layer(from_fn(move |request, next| {
            authorize(access, request, next)
        }))
    });
    for item in paths.paths.values_mut() {
        for operation in operations_mut(item) {
            operation
                .extensions
                .get_or_insert_with(Default::default)
                .insert("x-permission".to_owned(), access.describe().into());
        }
    }
    (schemas, paths, method_router)
}

/// The operations of a path item, whatever their method.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// Open to anyone.
pub const PUBLIC: Access = Access::Public;

/// A signed-in account may do `action` on `resource` outside any organization.
pub const fn account(resource: Resource, action: Action) -> Access {
    Access::Account(Permission::new(resource, action))
}

/// A member whose role holds `resource:action` in the organization of the path.
pub const fn org(resource: Resource, action: Action) -> Access {
    Access::Organization(Permission::new(resource, action))
}
