//! Extractors that turn every malformed request into a problem+json error:
//! bodies, query strings and path ids; and the client's address.

use std::fmt::Write;
use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use ipnet::IpNet;
use labelwell_transport::FieldError;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};

use crate::error::{Error, Result, unreadable_body};
use crate::state::AppState;

/// A JSON request body, read with the server's size limit: not JSON is 400,
/// JSON of the wrong shape is 422 naming the offending field, too large is 413.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &AppState) -> Result<Self> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json")
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(Error::UnsupportedMediaType(
                "send the body as JSON with `Content-Type: application/json`".to_owned(),
            ));
        }
        let bytes = read_body(request, state).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// The whole body, up to the configured limit.
pub async fn read_body(request: Request, state: &AppState) -> Result<Bytes> {
    let limit = state.config.body_limit;
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                Error::PayloadTooLarge { limit }
            } else {
                unreadable_body(&rejection)
            }
        })
}

/// The media type of a request, lower-cased, without parameters.
pub fn media_type(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|mime| mime.trim().to_ascii_lowercase())
}

/// Parses JSON into `T`, naming the path of the first field that does not fit.
///
/// A body that is not JSON at all (not UTF-8, truncated, trailing garbage) is 400
/// whatever else is wrong with it; a JSON value other than an object is 422, so
/// serde's positional form of structs (`["Acme"]`) is never accepted.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let malformed = |detail: String| Error::BadRequest {
        code: "malformed_json",
        detail: format!("the body is not valid JSON: {detail}"),
    };
    let text = std::str::from_utf8(bytes).map_err(|error| malformed(error.to_string()))?;
    // The syntax of the whole body first; serde_json skips values iteratively,
    // so no nesting depth can exhaust the stack.
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|error| malformed(error.to_string()))?;
    if !text.trim_start().starts_with('{') {
        return Err(Error::invalid(
            "",
            "invalid",
            "the body must be a JSON object",
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        // The syntax is valid, so what does not fit is a field's fault, also
        // what serde_json calls a syntax error (a number for an enum, `1e400`).
        let path = error.path().to_string();
        Error::Validation(vec![field_error(&path, &error.into_inner().to_string())])
    })?;
    match path_of_nul(text) {
        Some(path) => Err(Error::Validation(vec![nul_error(path)])),
        None => Ok(value),
    }
}

/// Parses one JSON value of a larger body (a line of NDJSON) into `T`; what
/// does not fit is a field error under `prefix` (e.g. `line[7].data`).
pub fn parse_json_at<T: DeserializeOwned>(
    bytes: &[u8],
    prefix: &str,
) -> std::result::Result<T, FieldError> {
    let malformed = |detail: String| {
        FieldError::new(
            prefix,
            "malformed_json",
            format!("is not valid JSON: {detail}"),
        )
    };
    // As for whole bodies: the syntax first, then the shape (an object), then the fields.
    let text = std::str::from_utf8(bytes).map_err(|error| malformed(error.to_string()))?;
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .map_err(|error| malformed(error.to_string()))?;
    if !text.trim_start().starts_with('{') {
        return Err(FieldError::new(prefix, "invalid", "must be a JSON object"));
    }
    let below_prefix = |mut field: FieldError| {
        field.field = if field.field.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}.{}", field.field)
        };
        field
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        below_prefix(field_error(&path, &error.into_inner().to_string()))
    })?;
    match path_of_nul(text) {
        Some(path) => Err(below_prefix(nul_error(path))),
        None => Ok(value),
    }
}

/// The path (as serde_path_to_error writes it: `items[0].data.text`) of the
/// first string or key of a JSON text that holds the NUL character, which
/// PostgreSQL's `text` and `jsonb` cannot store. Refusing it here, for every
/// body and NDJSON line, makes both backends answer alike, and no handler has
/// to remember it.
///
/// JSON can only carry NUL as the escape `\u0000` (a raw control character is a
/// syntax error), so a text without that escape is passed over by one scan;
/// one with it is walked through without building its value (an NDJSON line
/// at the import's line limit would take many times its size as a
/// `serde_json::Value`).
fn path_of_nul(text: &str) -> Option<String> {
    if !text.contains("\\u0000") {
        return None;
    }
    // The text deserialized into its request type already, so it nests no deeper
    // than serde_json's recursion limit; should it fail anyway, blame the whole.
    let mut path = String::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    NulFinder { path: &mut path }
        .deserialize(&mut deserializer)
        .unwrap_or(Some(String::new()))
}

/// Finds the path of the first string or key holding NUL in the value it
/// reads, below `path` (which it leaves as it found it).
struct NulFinder<'p> {
    path: &'p mut String,
}

impl<'de> DeserializeSeed<'de> for NulFinder<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NulFinder<'_> {
    type Value = Option<String>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(text.contains('\0').then(|| self.path.clone()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let length = self.path.len();
        let mut found = None;
        for index in 0_u64.. {
            self.path.truncate(length);
            write!(self.path, "[{index}]").map_err(de::Error::custom)?;
            let path = &mut *self.path;
            match seq.next_element_seed(NulFinder { path })? {
                Some(None) => {}
                Some(in_element) => {
                    found = in_element;
                    break;
                }
                None => break,
            }
        }
        self.path.truncate(length);
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(found)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let length = self.path.len();
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            self.path.truncate(length);
            if length > 0 {
                self.path.push('.');
            }
            self.path.push_str(&key.replace('\0', "\\u0000"));
            if key.contains('\0') {
                found = Some(self.path.clone());
                map.next_value::<IgnoredAny>()?;
                break;
            }
            let path = &mut *self.path;
            found = map.next_value_seed(NulFinder { path })?;
            if found.is_some() {
                break;
            }
        }
        self.path.truncate(length);
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(found)
    }
}

fn nul_error(path: String) -> FieldError {
    FieldError::new(
        path,
        "invalid",
        "must not contain the NUL character (\\u0000)",
    )
}

/// A field error from serde's message. Missing and duplicate fields name
/// themselves in the message, below the path of their object; the path of an
/// unknown field already ends with its name.
fn field_error(path: &str, message: &str) -> FieldError {
    let message = message.split(" at line ").next().unwrap_or(message);
    let parent = if path == "." { "" } else { path };
    let named = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
    };
    let below_parent = |field: &str| {
        if parent.is_empty() {
            field.to_owned()
        } else {
            format!("{parent}.{field}")
        }
    };
    if let Some(field) = named("missing field `") {
        return FieldError::new(below_parent(field), "required", "is required");
    }
    if let Some(field) = named("duplicate field `") {
        return FieldError::new(
            below_parent(field),
            "duplicate_field",
            "is given more than once",
        );
    }
    if let Some(field) = named("unknown field `") {
        let field = if parent == field || parent.ends_with(&format!(".{field}")) {
            parent.to_owned()
        } else {
            below_parent(field)
        };
        return FieldError::new(field, "unknown_field", "is not a field of this request");
    }
    FieldError::new(parent, "invalid", message)
}

/// Query parameters: a value of the wrong type is 422 naming the parameter.
#[derive(Debug, Clone)]
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(QueryParams)
            .map_err(|error| {
                let path = error.path().to_string();
                Error::Validation(vec![field_error(&path, &error.into_inner().to_string())])
            })
    }
}

/// Ids in the path: one that is not a UUID names nothing, so it is a 404.
#[derive(Debug, Clone)]
pub struct PathIds<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PathIds<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(ids)| PathIds(ids))
            .map_err(|_| Error::NotFound("resource"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(
        dead_code,
        reason = "fields are read by the assertions through Debug only"
    )]
    struct Body {
        name: String,
        count: u32,
    }

    #[test]
    fn an_ndjson_line_is_checked_for_syntax_then_shape_then_fields() {
        let problem = |line: &str| {
            let error = parse_json_at::<Body>(line.as_bytes(), "line[3]").expect_err("invalid");
            (error.field, error.code)
        };
        assert_eq!(
            problem(r#"{"name": "a", "count": 1} x"#),
            ("line[3]".into(), "malformed_json".into())
        );
        assert_eq!(problem(r#"["a", 1]"#), ("line[3]".into(), "invalid".into()));
        assert_eq!(
            problem(r#"{"name": "a", "count": "x"}"#),
            ("line[3].count".into(), "invalid".into())
        );
        assert_eq!(
            problem(r#"{"name": "a"}"#),
            ("line[3].count".into(), "required".into())
        );
        assert!(parse_json_at::<Body>(br#"{"name": "a", "count": 1}"#, "line[3]").is_ok());
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(
        dead_code,
        reason = "fields are read by the assertions through Debug only"
    )]
    struct Free {
        name: String,
        data: serde_json::Value,
    }

    #[test]
    fn a_nul_character_in_any_string_or_key_is_a_field_error_at_its_path() {
        let field_of = |json: &str| match parse_json::<Free>(json.as_bytes()) {
            Err(Error::Validation(errors)) => (errors[0].field.clone(), errors[0].code.clone()),
            other => panic!("not a validation error for {json}: {other:?}"),
        };
        assert_eq!(
            field_of(r#"{"name": "a\u0000b", "data": {}}"#),
            ("name".into(), "invalid".into())
        );
        assert_eq!(
            field_of(r#"{"name": "a", "data": {"texts": ["ok", "x\u0000"]}}"#).0,
            "data.texts[1]"
        );
        assert_eq!(
            field_of(r#"{"name": "a", "data": {"k\u0000": 1}}"#).0,
            "data.k\\u0000"
        );
        // An escaped backslash before `u0000` is no NUL.
        assert!(parse_json::<Free>(br#"{"name": "\\u0000", "data": null}"#).is_ok());
        let line = parse_json_at::<Free>(br#"{"name": "a", "data": "\u0000"}"#, "line[2]");
        assert_eq!(line.expect_err("a NUL").field, "line[2].data");
    }

    #[test]
    fn a_nul_is_found_without_building_the_value_however_large_or_deep() {
        let zeros = "0,".repeat(1 << 20);
        assert_eq!(
            path_of_nul(&format!(r#"{{"a": [{zeros}"x\u0000"], "b": "\u0000"}}"#)),
            Some(format!("a[{}]", 1 << 20))
        );
        let deep = format!(r#"{}"\u0000"{}"#, "{\"a\":[".repeat(60), "]}".repeat(60));
        assert_eq!(
            path_of_nul(&deep),
            Some(format!("a{}", "[0].a".repeat(59)) + "[0]")
        );
        assert_eq!(
            path_of_nul(r#"{"a": "\\u0000", "b": [1.5e3, null, true]}"#),
            None
        );
        assert_eq!(
            path_of_nul(r#"{"a": "\\\u0000", "b": [1.5e3, null, true]}"#),
            Some("a".into())
        );
        assert_eq!(
            path_of_nul(r#"{"a": {"b\u0000c": [1]}}"#),
            Some("a.b\\u0000c".into())
        );
        assert_eq!(path_of_nul(r#"["\u0000"]"#), Some("[0]".into()));
        let too_deep = format!(r#"{}"\u0000"{}"#, "[".repeat(200), "]".repeat(200));
        assert_eq!(path_of_nul(&too_deep), Some(String::new()));
    }

    fn error_of(json: &str) -> Error {
        parse_json::<Body>(json.as_bytes()).expect_err("invalid")
    }

    #[test]
    fn not_json_is_a_bad_request() {
        assert_eq!(error_of("{\"name\": ").code(), "malformed_json");
        assert_eq!(error_of("{} trailing").code(), "malformed_json");
        assert_eq!(error_of("").code(), "malformed_json");
        let not_utf8 = parse_json::<Body>(b"{\"name\": \"\xff\", \"count\": 1}");
        assert_eq!(not_utf8.expect_err("invalid").code(), "malformed_json");
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(error_of(&deep).code(), "validation_failed");
    }

    #[test]
    fn only_an_object_is_a_body() {
        // serde reads structs from arrays too; the API does not.
        for json in [r#"["a", 1]"#, r#""a""#, "null", "1"] {
            match error_of(json) {
                Error::Validation(errors) => assert_eq!(errors[0].field, "", "{json}"),
                other => panic!("not a validation error for {json}: {other:?}"),
            }
        }
    }

    #[test]
    fn wrong_types_missing_and_unknown_fields_name_the_field() {
        let fields = |error: Error| match error {
            Error::Validation(errors) => errors
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect::<Vec<_>>(),
            other => panic!("not a validation error: {other:?}"),
        };
        assert_eq!(
            fields(error_of(r#"{"name": "a", "count": "x"}"#)),
            [("count".into(), "invalid".into())]
        );
        assert_eq!(
            fields(error_of(r#"{"name": "a"}"#)),
            [("count".into(), "required".into())]
        );
        assert_eq!(
            fields(error_of(r#"{"name": "a", "count": 1, "extra": 2}"#)),
            [("extra".into(), "unknown_field".into())]
        );
        assert_eq!(
            fields(error_of(r#"{"name": "a", "count": 1, "name": "b"}"#)),
            [("name".into(), "duplicate_field".into())]
        );
        assert_eq!(
            fields(error_of(r#"{"name": "a", "count": 1e400}"#)),
            [("count".into(), "invalid".into())]
        );
    }

    mod properties {
        use labelwell_transport::{
            CreateAnnotationRequest, ImportItemsRequest, PublishAnnotationUiRequest,
        };
        use proptest::prelude::*;

        use super::*;

        /// Bodies: arbitrary bytes, and JSON texts cut and spliced.
        fn body() -> impl Strategy<Value = Vec<u8>> {
            let pieces = prop::sample::select(vec![
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"items\"",
                "\"external_id\"",
                "\"data\"",
                "\"value\"",
                "\"schema\"",
                "\"fields\"",
                "\"questions\"",
                "\"name\"",
                "\"a\"",
                "1e400",
                "-0",
                "18446744073709551616",
                "null",
                "true",
                "\"\\u0000\"",
                "\"\\ud800\"",
                " ",
                "\u{e9}",
            ]);
            prop_oneof![
                prop::collection::vec(any::<u8>(), 0..64),
                prop::collection::vec(pieces, 0..40)
                    .prop_map(|pieces| pieces.concat().into_bytes()),
            ]
        }

        fn refused_as_the_clients_fault<T: DeserializeOwned>(
            bytes: &[u8],
        ) -> std::result::Result<(), TestCaseError> {
            if let Err(error) = parse_json::<T>(bytes) {
                let status = error.status().as_u16();
                prop_assert!(status == 400 || status == 422, "{status}: {error}");
            }
            if let Err(problem) = parse_json_at::<ImportItemsRequest>(bytes, "line[1]") {
                prop_assert!(problem.field.starts_with("line[1]"), "{problem:?}");
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(crate::proptest_cases())]

            /// Any body is parsed, or refused with 400 or 422: never a panic, never a 500.
            #[test]
            fn any_body_is_parsed_or_refused_as_the_clients_fault(bytes in body()) {
                refused_as_the_clients_fault::<ImportItemsRequest>(&bytes)?;
                refused_as_the_clients_fault::<CreateAnnotationRequest>(&bytes)?;
                refused_as_the_clients_fault::<PublishAnnotationUiRequest>(&bytes)?;
            }
        }
    }
}

/// The address of the client a request comes from: the socket's peer, or,
/// when the peer is a trusted proxy (`--trusted-proxies`), the address that
/// proxy saw, from `X-Forwarded-For`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip())
            .ok_or_else(|| {
                Error::Internal(anyhow::anyhow!(
                    "the server is not serving with the peer's address (ConnectInfo)"
                ))
            })?;
        Ok(ClientAddress(client_address(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

/// The client's address: `peer`, unless `peer` is a trusted proxy; then
/// `X-Forwarded-For` is read from its right end (each proxy appends the
/// address it was reached from), skipping trusted proxies, and the first
/// address that is not one is the client. Whatever a client writes into the
/// header itself stays to the left of what the trusted proxies appended, so
/// it is never read. An entry that is not an address ends the walk at the
/// last trusted hop.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted_proxies: &[IpNet]) -> IpAddr {
    let is_trusted = |address: &IpAddr| trusted_proxies.iter().any(|net| net.contains(address));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<Option<IpAddr>> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| match value.to_str() {
            Ok(text) => text.split(',').map(parse_hop).collect(),
            Err(_) => vec![None],
        })
        .collect();
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        let Some(address) = hop else { break };
        client = address;
        if !is_trusted(&address) {
            break;
        }
    }
    client
}

/// One entry of `X-Forwarded-For`: an address, possibly with a port.
fn parse_hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}
