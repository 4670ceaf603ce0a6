//! The web app as the server serves it, over HTTP on both backends: the
//! embedded `web/dist` at `/` with `index.html` for page paths, content types
//! and caching, the server's own paths never shadowed, and the security
//! headers of every response.

use std::path::PathBuf;

use crate::common::{TestBackend, TestServer};
use reqwest::{Method, StatusCode};

backend_tests![
    the_app_is_served_at_the_root_and_every_page_path_gets_its_index_html,
    every_built_file_is_served_with_its_type_and_hashed_assets_are_cached_for_good,
    a_client_holding_the_current_file_is_answered_304,
    the_api_the_docs_and_the_probes_are_never_shadowed_by_the_app,
    every_response_carries_the_security_headers,
    strict_transport_security_is_sent_when_cookies_are_secure,
];

/// The built app, as committed.
fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../web/dist")
}

/// What the server answers a plain request for `path` (outside the API helpers).
struct Page {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Page {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }
}

async fn fetch(server: &TestServer, method: Method, path: &str, headers: &[(&str, &str)]) -> Page {
    let mut request =
        reqwest::Client::new().request(method, format!("{}{path}", server.base_url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the server answers");
    Page {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.bytes().await.expect("a body").to_vec(),
    }
}

async fn get(server: &TestServer, path: &str) -> Page {
    fetch(server, Method::GET, path, &[]).await
}

/// The names of the built files under `web/dist/assets`.
fn assets() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dist().join("assets"))
        .expect("web/dist/assets")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn assert_problem_404(page: &Page, what: &str) {
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{what}");
    assert_eq!(
        page.header("content-type"),
        "application/problem+json",
        "{what}"
    );
    let problem: serde_json::Value = serde_json::from_slice(&page.body).expect("problem JSON");
    assert_eq!(problem["code"], "not_found", "{what}");
}

async fn the_app_is_served_at_the_root_and_every_page_path_gets_its_index_html(server: TestServer) {
    let index = std::fs::read(dist().join("index.html")).expect("web/dist/index.html");
    for path in [
        "/",
        "/index.html",
        "/projects/0193a0e4-7c1f-7000-8000-000000000000/annotate",
        "/invite?token=lwi_abc",
        "/apiary",
        "/docsets/2",
        "/some/page.with.dots",
    ] {
        let page = get(&server, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(
            page.header("content-type"),
            "text/html; charset=utf-8",
            "{path}"
        );
        assert_eq!(page.header("cache-control"), "no-cache", "{path}");
        assert_eq!(page.body, index, "{path}");
    }
    let head = fetch(&server, Method::HEAD, "/projects", &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header("content-type"), "text/html; charset=utf-8");
    assert!(head.body.is_empty());
}

async fn every_built_file_is_served_with_its_type_and_hashed_assets_are_cached_for_good(
    server: TestServer,
) {
    let names = assets();
    assert!(names.iter().any(|name| name.ends_with(".js")), "{names:?}");
    for name in &names {
        let page = get(&server, &format!("/assets/{name}")).await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        let expected = if name.ends_with(".js") {
            "text/javascript; charset=utf-8"
        } else if name.ends_with(".css") {
            "text/css; charset=utf-8"
        } else {
            page.header("content-type")
        };
        assert_eq!(page.header("content-type"), expected, "{name}");
        assert_eq!(
            page.header("cache-control"),
            "public, max-age=31536000, immutable",
            "{name}"
        );
        let built = std::fs::read(dist().join("assets").join(name)).expect("the built file");
        assert_eq!(page.body, built, "{name}");
    }
    let favicon = get(&server, "/favicon.svg").await;
    assert_eq!(favicon.status, StatusCode::OK);
    assert_eq!(favicon.header("content-type"), "image/svg+xml");
    assert_eq!(favicon.header("cache-control"), "no-cache");
    // An asset of another build is missing, not the page: a script must never be HTML.
    assert_problem_404(
        &get(&server, "/assets/index-00000000.js").await,
        "a stale asset",
    );
}

async fn a_client_holding_the_current_file_is_answered_304(server: TestServer) {
    let asset = format!("/assets/{}", assets()[0]);
    for path in ["/", "/workspace", asset.as_str()] {
        let first = get(&server, path).await;
        let etag = first.header("etag").to_owned();
        assert!(etag.starts_with('"') && etag.len() > 40, "{path}: {etag}");
        let again = fetch(&server, Method::GET, path, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(again.body.is_empty(), "{path}");
        assert_eq!(again.header("etag"), etag, "{path}");
        assert_eq!(
            again.header("cache-control"),
            first.header("cache-control"),
            "{path}"
        );
        let stale = fetch(&server, Method::GET, path, &[("if-none-match", "\"old\"")]).await;
        assert_eq!(stale.status, StatusCode::OK, "{path}");
    }
}

async fn the_api_the_docs_and_the_probes_are_never_shadowed_by_the_app(server: TestServer) {
    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/no-such-route",
        "/api/v2/projects",
        "/api/v1/projects/0193a0e4-7c1f-7000-8000-000000000000/nothing",
        "/healthz/more",
        "/readyz/more",
        "/metrics",
    ] {
        assert_problem_404(&get(&server, path).await, path);
    }
    // Swagger UI answers for every path below /docs, and not with the app.
    let missing = get(&server, "/docs/no-such-file.js").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!missing.header("content-type").starts_with("text/html"));
    // Other methods on page paths are not the app's either.
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let page = fetch(&server, method.clone(), "/projects", &[]).await;
        assert_problem_404(&page, &format!("{method} /projects"));
    }
    let spec = get(&server, "/api/v1/openapi.json").await;
    assert_eq!(spec.status, StatusCode::OK);
    assert!(spec.header("content-type").starts_with("application/json"));
    let me = get(&server, "/api/v1/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.header("content-type"), "application/problem+json");
    let docs = get(&server, "/docs/").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&docs.body).contains("swagger-ui"));
    let health = get(&server, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(String::from_utf8_lossy(&health.body), r#"{"status":"ok"}"#);
    assert_eq!(get(&server, "/readyz").await.status, StatusCode::OK);
}

async fn every_response_carries_the_security_headers(server: TestServer) {
    let app_policy = "default-src 'self'; script-src 'self'; style-src 'self'; \
         img-src 'self' data: https: http:; media-src 'self' https: http:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    let asset = format!("/assets/{}", assets()[0]);
    for path in [
        "/",
        "/projects/1/annotate",
        asset.as_str(),
        "/assets/missing.js",
        "/api/v1/me",
        "/api/v1/openapi.json",
        "/api/v1/no-such-route",
        "/healthz",
        "/readyz",
    ] {
        let page = get(&server, path).await;
        assert_eq!(page.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(page.header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(page.header("content-security-policy"), app_policy, "{path}");
        assert_eq!(page.header("strict-transport-security"), "", "{path}");
    }
    // The docs run Swagger UI: its own scripts only, never inline ones.
    for path in [
        "/docs/",
        "/docs/swagger-initializer.js",
        "/docs/swagger-ui.css",
    ] {
        let page = get(&server, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let policy = page.header("content-security-policy");
        let directive = |name: &str| {
            policy
                .split(';')
                .map(str::trim)
                .find(|directive| directive.starts_with(name))
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(directive("script-src"), "script-src 'self'", "{path}");
        assert_eq!(
            directive("frame-ancestors"),
            "frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(directive("default-src"), "default-src 'none'", "{path}");
        assert_eq!(page.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(page.header("referrer-policy"), "no-referrer", "{path}");
    }
    // The page Swagger UI serves loads no inline script the policy would block.
    let docs = String::from_utf8(get(&server, "/docs/").await.body).expect("HTML");
    for tag in docs.split("<script").skip(1) {
        let opening = tag.split('>').next().unwrap_or_default();
        assert!(
            opening.contains("src="),
            "an inline script in /docs: <script{opening}>"
        );
    }
}

async fn strict_transport_security_is_sent_when_cookies_are_secure(server: TestServer) {
    let backend = match server.backend() {
        labelwell_server::db::Backend::Sqlite => TestBackend::Sqlite,
        labelwell_server::db::Backend::Postgres => TestBackend::Postgres,
    };
    let secure = TestServer::start_with(backend, |config| config.secure_cookies = true).await;
    for path in ["/", "/api/v1/me", "/docs/", "/healthz"] {
        let page = get(&secure, path).await;
        assert_eq!(
            page.header("strict-transport-security"),
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
    secure.stop().await;
}
