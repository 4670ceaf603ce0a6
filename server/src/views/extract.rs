//! Extractors that turn every malformed request into a problem+json error:
//! bodies, query strings and path ids.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use labelwell_transport::FieldError;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
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
                Error::BadRequest {
                    code: "unreadable_body",
                    detail: rejection.body_text(),
                }
            }
        })
}

/// Parses JSON into `T`, naming the path of the first field that does not fit.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let malformed = |error: serde_json::Error| Error::BadRequest {
        code: "malformed_json",
        detail: format!("the body is not valid JSON: {error}"),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = serde_path_to_error::deserialize(&mut deserializer);
    if parsed.is_ok() {
        deserializer.end().map_err(malformed)?;
    }
    parsed.map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                Error::Validation(vec![field_error(&path, &inner.to_string())])
            }
            _ => malformed(inner),
        }
    })
}

/// A field error from serde's message: missing fields name themselves in the
/// message rather than in the path, so they are pulled out of it.
fn field_error(path: &str, message: &str) -> FieldError {
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        let field = if path == "." || path.is_empty() {
            field.to_owned()
        } else {
            format!("{path}.{field}")
        };
        return FieldError::new(field, "required", "is required");
    }
    if let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        let field = if path == "." || path.is_empty() {
            field.to_owned()
        } else {
            format!("{path}.{field}")
        };
        return FieldError::new(field, "unknown_field", "is not a field of this request");
    }
    let field = if path == "." {
        String::new()
    } else {
        path.to_owned()
    };
    FieldError::new(field, "invalid", message)
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

    fn error_of(json: &str) -> Error {
        parse_json::<Body>(json.as_bytes()).expect_err("invalid")
    }

    #[test]
    fn not_json_is_a_bad_request() {
        assert_eq!(error_of("{\"name\": ").code(), "malformed_json");
        assert_eq!(error_of("{} trailing").code(), "malformed_json");
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
    }
}
