//! The security headers of every response, set in this one place: the
//! outermost layer of the app, so errors, 404s and panics get them too.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The web app's policy: its own scripts and styles only (nothing inline, no
/// eval), item images and audio from anywhere (items link to them), requests
/// to this origin only, and no framing (clickjacking).
pub const APP_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: https: http:; media-src 'self' https: http:; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy of `/docs`, Swagger UI: its scripts are its own files (no inline
/// script), but it styles elements inline and draws icons from `data:` images.
pub const DOCS_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// HTTPS only, for a year, on this host and below (sent only when the server
/// runs behind TLS, as its secure cookies tell).
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// Runs the request, then sets the security headers on its response;
/// `hsts` adds `Strict-Transport-Security`.
pub async fn set_security_headers(hsts: bool, request: Request, next: Next) -> Response {
    let docs = is_docs(request.uri().path());
    let mut response = next.run(request).await;
    apply(response.headers_mut(), docs, hsts);
    response
}

fn is_docs(path: &str) -> bool {
    path == "/docs" || path.starts_with("/docs/")
}

fn apply(headers: &mut HeaderMap, docs: bool, hsts: bool) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Item images and audio come from other hosts: they learn nothing of the app's paths.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let policy = match docs {
        true => DOCS_POLICY,
        false => APP_POLICY,
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
}
