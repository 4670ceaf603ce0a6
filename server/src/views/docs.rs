//! The OpenAPI document: generated from the routes, committed as
//! `openapi/openapi.json`, served at `/api/v1/openapi.json` and browsable at `/docs`.

use labelwell_transport::{ExportFormat, FieldError, Problem};
use utoipa::OpenApi;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, OpenApi as OpenApiDoc, Ref, RefOr};

use super::operations_mut;
use crate::sessions::SESSION_COOKIE;

/// The document's fixed parts; the paths come from the routes.
#[derive(OpenApi, Debug)]
#[openapi(
    info(
        title = "Labelwell API",
        version = "1.0.0",
        description = "Multi-tenant data annotation. Single resources come wrapped (`{\"organization\": {...}}`), \
lists as `{\"<plural>\": [...], \"pagination\": {...}}` with keyset cursors, errors as `application/problem+json` \
with a stable `code`. Authenticate with the session cookie from `POST /auth/login` (unsafe methods also need the \
`X-CSRF-Token` header) or with `Authorization: Bearer <API token>`. Every operation's `x-permission` names the \
permission the policy checks before it runs.",
        license(name = "Apache-2.0"),
    ),
    tags(
        (name = "accounts", description = "Signing up, in and out."),
        (name = "me", description = "The caller's own account."),
        (name = "tokens", description = "API tokens for the SDK and scripts."),
        (name = "organizations", description = "Organizations: the tenants."),
        (name = "members", description = "Members of an organization and their roles."),
        (name = "invitations", description = "Inviting people to an organization."),
        (name = "audit-log", description = "Who did what in an organization."),
        (name = "projects", description = "Annotation projects and the members assigned to them."),
        (name = "annotation-ui", description = "What annotators see and answer: versioned label schemas."),
        (name = "guidelines", description = "Versioned instructions for annotators."),
        (name = "items", description = "The things to annotate: bulk import, listing, changes."),
        (name = "queue", description = "The work queue that hands items to annotators."),
        (name = "annotations", description = "Annotations of items; annotators see only their own."),
        (name = "reviews", description = "Accepting and rejecting annotations."),
        (name = "review-queue", description = "The review queue that hands annotations to reviewers."),
        (name = "stats", description = "Progress and agreement."),
        (name = "export", description = "Streaming exports of labelled data."),
        (name = "releases", description = "Named, immutable dataset releases: manifests, pulls and differences."),
        (name = "predictions", description = "Model predictions: imported by external id, shown to annotators or not, compared with accepted labels."),
        (name = "webhooks", description = "Events POSTed to your URLs, signed as Standard Webhooks says, and the log of their deliveries."),
    ),
    // ExportFormat is named only by a query parameter, which utoipa does not collect.
    components(schemas(Problem, FieldError, ExportFormat)),
)]
pub struct ApiDoc;

/// The problem responses every operation can give, by status.
const PROBLEMS: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "The body is not valid JSON (`malformed_json`).",
    ),
    (
        "401",
        "Unauthenticated",
        "No valid session or API token (`unauthenticated`).",
    ),
    (
        "403",
        "Forbidden",
        "The caller may see the resource but not do this (`permission_denied`, `csrf_token_mismatch`, `token_read_only`, ...).",
    ),
    (
        "404",
        "NotFound",
        "No such resource, or one the caller may not know exists (`not_found`).",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body is larger than the server accepts (`payload_too_large`).",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not `application/json` (`unsupported_media_type`).",
    ),
    (
        "422",
        "ValidationFailed",
        "Some fields are invalid; `errors` names each (`validation_failed`).",
    ),
    (
        "503",
        "Busy",
        "The database is busy with another write (`database_busy`) or unavailable (`database_unavailable`), or the server is shutting down (`shutting_down`); retry after `Retry-After` seconds.",
    ),
];

/// Completes the generated document: the shared problem responses on every
/// operation, and the security schemes.
pub fn finish(mut api: OpenApiDoc) -> OpenApiDoc {
    let components = api.components.get_or_insert_with(Default::default);
    for (_, name, description) in PROBLEMS {
        components
            .responses
            .insert((*name).to_owned(), RefOr::T(problem_response(description)));
    }
    components.security_schemes.insert(
        "bearer".to_owned(),
        RefOr::T(SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("An API token, `lw_...`."))
                .build(),
        )),
    );
    components.security_schemes.insert(
        "session".to_owned(),
        RefOr::T(SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            SESSION_COOKIE,
            "The browser session from `POST /auth/login`; unsafe methods also need `X-CSRF-Token`.",
        )))),
    );
    for item in api.paths.paths.values_mut() {
        for operation in operations_mut(item) {
            let public = operation
                .extensions
                .as_ref()
                .and_then(|extensions| extensions.get("x-permission"))
                .is_some_and(|permission| permission == "public");
            if !public {
                operation.security = Some(vec![
                    SecurityRequirement::new("bearer", Vec::<String>::new()),
                    SecurityRequirement::new("session", Vec::<String>::new()),
                ]);
            }
            let has_body = operation.request_body.is_some();
            for (status, name, _) in PROBLEMS {
                let applies = match *status {
                    "400" | "413" | "415" => has_body,
                    _ => true,
                };
                if applies {
                    operation
                        .responses
                        .responses
                        .entry((*status).to_owned())
                        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
                }
            }
        }
    }
    api
}

fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}
