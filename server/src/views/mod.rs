//! The HTTP layer: handlers translate HTTP to transport types and back, and call
//! one repository or service function each. Every handler's first argument is
//! the permit its route requires (or none, for the few public routes), and
//! every route is registered with [`route!`](crate::route), which records that
//! permit's permission in the OpenAPI document.

pub mod accounts;
pub mod annotations;
pub mod audit_log;
pub mod docs;
pub mod extract;
pub mod invitations;
pub mod items;
pub mod lines;
pub mod me;
pub mod members;
pub mod ops;
pub mod organizations;
pub mod pagination;
pub mod predictions;
pub mod projects;
pub mod queue;
pub mod releases;
pub mod review_queue;
pub mod security_headers;
pub mod stats;
pub mod tokens;
pub mod versions;
pub mod web;
pub mod webhooks;

use utoipa::openapi::path::{Operation, PathItem};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

use crate::authz::{Access, RoutePermit};
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
        .merge(releases::routes())
        .merge(predictions::routes())
        .merge(webhooks::routes())
}

/// Registers a route whose access is `access`, recording it in the route's
/// OpenAPI operations as `x-permission`. The permit the handler takes checks
/// it; use [`route!`](crate::route), which reads `access` from that permit's type.
pub fn operation(
    access: Access,
    route: UtoipaMethodRouter<AppState>,
) -> UtoipaMethodRouter<AppState> {
    let (schemas, mut paths, method_router) = route;
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

/// A handler whose first argument is a permit: the route's access, read
/// from the permit's type. Implemented for handlers of up to eight arguments.
pub trait PermittedHandler<Args> {
    /// What the permit requires.
    const ACCESS: Access;
}

macro_rules! permitted_handler {
    ($($arg:ident),*) => {
        impl<F, Fut, T, $($arg,)*> PermittedHandler<(T, $($arg,)*)> for F
        where
            F: FnOnce(T, $($arg,)*) -> Fut,
            T: RoutePermit,
        {
            const ACCESS: Access = T::ACCESS;
        }
    };
}

permitted_handler!();
permitted_handler!(A1);
permitted_handler!(A1, A2);
permitted_handler!(A1, A2, A3);
permitted_handler!(A1, A2, A3, A4);
permitted_handler!(A1, A2, A3, A4, A5);
permitted_handler!(A1, A2, A3, A4, A5, A6);
permitted_handler!(A1, A2, A3, A4, A5, A6, A7);

/// The access of `handler`, from the type of its permit.
pub const fn access_of<Args, H: PermittedHandler<Args>>(_handler: &H) -> Access {
    H::ACCESS
}

/// Registers a handler as a route of an [`ApiRouter`]: `route!(delete_project)`
/// reads the permission from the handler's permit
/// (`ProjectPermit<perm::ProjectDelete>`) and records it as the operation's
/// `x-permission`; `route!(public sign_up)` registers a route open to anyone.
#[macro_export]
macro_rules! route {
    (public $handler:ident) => {
        $crate::views::operation(
            $crate::authz::Access::Public,
            ::utoipa_axum::routes!($handler),
        )
    };
    ($handler:ident) => {
        $crate::views::operation(
            $crate::views::access_of(&$handler),
            ::utoipa_axum::routes!($handler),
        )
    };
}
