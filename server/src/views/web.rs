//! The web app: the built files of `web/dist`, embedded in the binary and
//! served at `/`. Any other page path gets `index.html`, so the app's own
//! router shows the page on a reload or a shared link; the server's own paths
//! (`/api`, `/docs`, `/healthz`, `/readyz`, `/metrics`) are never the app's.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::{Embed, EmbeddedFile};

use crate::error::Error;

/// The files `npm run build` writes to `web/dist` (committed, so building
/// the server needs no Node).
#[derive(Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../web/dist"]
struct WebDist;

/// Paths the server answers itself: below them, an unknown path is the API's
/// problem+json 404, never the app.
const SERVER_PATHS: [&str; 5] = ["/api", "/docs", "/healthz", "/readyz", "/metrics"];

/// Where the build puts files whose names carry a hash of their content.
const HASHED_ASSETS: &str = "/assets/";

/// A hashed asset never changes under its name: cached for a year, unchecked.
const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// Anything else (`index.html`, which names the current assets) is checked
/// with the server on every use; its ETag makes that a 304 when unchanged.
const CACHE_REVALIDATE: &str = "no-cache";

/// The fallback of every path no route matches: a file of the app, the app's
/// `index.html` for a page path, or a problem+json 404.
pub async fn serve_web_app(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    let is_read = method == Method::GET || method == Method::HEAD;
    if !is_read || SERVER_PATHS.iter().any(|prefix| is_below(path, prefix)) {
        return Error::NotFound("route").into_response();
    }
    let name = path.trim_start_matches('/');
    if let Some(file) = WebDist::get(name).filter(|_| !name.is_empty()) {
        let cache = match path.starts_with(HASHED_ASSETS) {
            true => CACHE_FOREVER,
            false => CACHE_REVALIDATE,
        };
        return file_response(file, cache, &headers);
    }
    // A hashed asset that is not there is an old build's: a 404, not the page.
    if path.starts_with(HASHED_ASSETS) {
        return Error::NotFound("asset").into_response();
    }
    match WebDist::get("index.html") {
        Some(index) => file_response(index, CACHE_REVALIDATE, &headers),
        None => Error::NotFound("route").into_response(),
    }
}

/// Whether `path` is `prefix` or below it.
fn is_below(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// An embedded file with its type, cache policy and ETag; 304 when the
/// client's copy (`If-None-Match`) is current.
fn file_response(file: EmbeddedFile, cache: &'static str, request: &HeaderMap) -> Response {
    let hash: String = file
        .metadata
        .sha256_hash()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let etag = format!("\"{hash}\"");
    let current = request
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|tag| tag.trim().trim_start_matches("W/") == etag)
        });
    let mime = file.metadata.mimetype();
    let content_type = match mime.starts_with("text/") {
        true => format!("{mime}; charset=utf-8"),
        false => mime.to_owned(),
    };
    let mut response = match current {
        true => StatusCode::NOT_MODIFIED.into_response(),
        false => Body::from(file.data).into_response(),
    };
    let headers = response.headers_mut();
    if !current {
        insert(headers, header::CONTENT_TYPE, &content_type);
    }
    insert(headers, header::ETAG, &etag);
    insert(headers, header::CACHE_CONTROL, cache);
    response
}

fn insert(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::is_below;

    #[test]
    fn server_paths_are_matched_by_whole_segments() {
        assert!(is_below("/api", "/api"));
        assert!(is_below("/api/v1/nothing", "/api"));
        assert!(!is_below("/apiary", "/api"));
        assert!(!is_below("/projects/api", "/api"));
    }
}
