//! The one error type of the server and its problem+json rendering.
//!
//! Every layer returns [`Error`]; each variant documents the status it becomes.
//! Internal errors are logged once, inside the request's span, and answered with
//! a generic 500 that reveals nothing.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use labelwell_transport::{FieldError, Problem};

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 400: the body or query could not be read at all (not JSON, bad encoding).
    #[error("{detail}")]
    BadRequest {
        /// Stable code.
        code: &'static str,
        /// What could not be read.
        detail: String,
    },
    /// 401: no valid session or token.
    #[error("{0}")]
    Unauthenticated(&'static str),
    /// 403: the caller may see the resource but not do this to it.
    #[error("{detail}")]
    Forbidden {
        /// Stable code.
        code: &'static str,
        /// Why not.
        detail: String,
    },
    /// 404: no such resource, or one the caller may not know exists.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 405: the path exists, the method does not.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: the request conflicts with the resource's current state.
    #[error("{detail}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// What conflicts.
        detail: String,
    },
    /// 410: the resource existed and is gone for good (an expired invitation).
    #[error("{detail}")]
    Gone {
        /// Stable code.
        code: &'static str,
        /// What is gone.
        detail: String,
    },
    /// 408: the client took too long to send its request (or an import to finish).
    #[error("{detail}")]
    RequestTimeout {
        /// Stable code.
        code: &'static str,
        /// What took too long.
        detail: String,
    },
    /// 413: the body is larger than the server accepts.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415: the body's media type is not one this route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 422: the body parsed, but some fields are invalid.
    #[error("the request has {} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// 429: too many attempts; try again after `retry_after` seconds.
    #[error("{detail}")]
    TooManyRequests {
        /// Seconds until the next attempt may succeed.
        retry_after: u64,
        /// What was throttled.
        detail: String,
    },
    /// 503 when the database is busy (`database_busy`: SQLite's write lock
    /// held past the busy timeout, or a PostgreSQL statement cancelled by a
    /// conflict worth retrying) or unavailable (`database_unavailable`: no
    /// connection within the acquire timeout, a connection lost, a statement
    /// past the statement timeout, the database shutting down); else 500.
    /// Logged, never shown.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// 503: the session store (the database) could not be read or written;
    /// logged, never shown.
    #[error("session store error: {0}")]
    SessionStore(String),
    /// 503: the server is shutting down and its deadline ended this request.
    #[error("the server is shutting down; try again on another instance")]
    ShuttingDown,
    /// 500: any other failure of the server; logged, never shown.
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

impl Error {
    /// A 422 with a single field error.
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, code, message)])
    }

    /// A 403 with its code and reason.
    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Error::Forbidden {
            code,
            detail: detail.into(),
        }
    }

    /// A 409 with its code and reason.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Error::Conflict {
            code,
            detail: detail.into(),
        }
    }

    /// The HTTP status this error becomes.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Error::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden { .. } => StatusCode::FORBIDDEN,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Error::Conflict { .. } => StatusCode::CONFLICT,
            Error::Gone { .. } => StatusCode::GONE,
            Error::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Error::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Database(error) if trouble(error).is_some() => StatusCode::SERVICE_UNAVAILABLE,
            Error::SessionStore(_) | Error::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
            Error::Database(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether the database ended the transaction to break a deadlock
    /// (SQLSTATE 40P01): it may run again.
    pub fn is_deadlock(&self) -> bool {
        match self {
            Error::Database(sqlx::Error::Database(error)) => {
                error.code().as_deref() == Some("40P01")
            }
            _ => false,
        }
    }

    /// Whether a write met another transaction's, committed after this one's
    /// snapshot: a serialization failure (40001), or a unique key another
    /// transaction just took. The whole transaction may run again.
    pub fn is_write_conflict(&self) -> bool {
        match self {
            Error::Database(sqlx::Error::Database(error)) => {
                error.code().as_deref() == Some("40001") || error.is_unique_violation()
            }
            _ => false,
        }
    }

    /// The stable machine code clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::BadRequest { code, .. }
            | Error::Forbidden { code, .. }
            | Error::Conflict { code, .. }
            | Error::Gone { code, .. }
            | Error::RequestTimeout { code, .. } => code,
            Error::Unauthenticated(_) => "unauthenticated",
            Error::NotFound(_) => "not_found",
            Error::MethodNotAllowed => "method_not_allowed",
            Error::PayloadTooLarge { .. } => "payload_too_large",
            Error::UnsupportedMediaType(_) => "unsupported_media_type",
            Error::Validation(_) => "validation_failed",
            Error::TooManyRequests { .. } => "too_many_requests",
            Error::Database(error) => match trouble(error) {
                Some(Trouble::Busy) => "database_busy",
                Some(Trouble::Unavailable) => "database_unavailable",
                None => "internal_error",
            },
            Error::SessionStore(_) => "database_unavailable",
            Error::ShuttingDown => "shutting_down",
            Error::Internal(_) => "internal_error",
        }
    }

    /// The problem+json body of this error.
    pub fn to_problem(&self) -> Problem {
        let status = self.status();
        let detail = match self {
            Error::Database(error) if trouble(error) == Some(Trouble::Busy) => {
                "the database is busy with another write; try again in a moment".to_owned()
            }
            Error::Database(error) if trouble(error) == Some(Trouble::Unavailable) => {
                UNAVAILABLE.to_owned()
            }
            Error::SessionStore(_) => UNAVAILABLE.to_owned(),
            Error::Database(_) | Error::Internal(_) => {
                "the server failed to handle this request; it has been logged".to_owned()
            }
            other => other.to_string(),
        };
        Problem {
            kind: format!("urn:labelwell:problem:{}", self.code()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            code: self.code().to_owned(),
            errors: match self {
                Error::Validation(errors) => errors.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match &self {
            Error::Database(error) => match trouble(error) {
                Some(Trouble::Busy) => tracing::warn!(%error, "database busy"),
                Some(Trouble::Unavailable) => tracing::warn!(%error, "database unavailable"),
                None => tracing::error!(%error, "database error"),
            },
            Error::SessionStore(error) => tracing::warn!(%error, "session store unavailable"),
            Error::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "internal error")
            }
            _ => {}
        }
        let mut response = problem_response(&self.to_problem());
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if let Error::TooManyRequests { retry_after, .. } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if matches!(self, Error::Unauthenticated(_)) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"labelwell\""),
            );
        }
        response
    }
}

/// The error of a request body that could not be read: 408 when the client
/// sent nothing for the body timeout, else 400.
pub fn unreadable_body(error: &(dyn std::error::Error + 'static)) -> Error {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return Error::RequestTimeout {
                code: "body_timeout",
                detail: "the request body stopped arriving".to_owned(),
            };
        }
        cause = error.source();
    }
    Error::BadRequest {
        code: "unreadable_body",
        detail: error.to_string(),
    }
}

/// What a request is told when the database cannot serve it.
const UNAVAILABLE: &str = "the database is unavailable; try again in a moment";

/// A database failure worth a retry rather than an internal error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trouble {
    /// Another writer holds the lock for longer than we wait (SQLite's single
    /// writer, during a long import), or the statement conflicted with other
    /// work and was cancelled: the same request may well succeed again.
    Busy,
    /// The database cannot be reached, lost the connection, is shutting down,
    /// or did not answer within the statement timeout.
    Unavailable,
}

/// Which [`Trouble`] a database error is, if any.
fn trouble(error: &sqlx::Error) -> Option<Trouble> {
    match error {
        // The pool found no working connection within its acquire timeout:
        // the database refuses connections, does not answer, or every
        // connection is taken for that long.
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => Some(Trouble::Unavailable),
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => {
            Some(Trouble::Unavailable)
        }
        sqlx::Error::Database(error) => {
            let code = error.code()?;
            match error.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                Some(_) => postgres_trouble(&code),
                None => sqlite_trouble(&code),
            }
        }
        _ => None,
    }
}

/// PostgreSQL's SQLSTATEs of an unavailable database: connection exceptions
/// (class 08), too many connections, the statement timeout (or another
/// cancel), the server shutting down or starting up, and a write refused by
/// a node that is read-only (25006: a standby reached during a failover);
/// and those of a statement to retry: a serialization failure (40001, also
/// what a replica answers a read it cancelled because replay had to remove
/// rows the read could still see) or a deadlock (40P01).
fn postgres_trouble(code: &str) -> Option<Trouble> {
    let unavailable = code.starts_with("08")
        || matches!(
            code,
            "25006" | "53300" | "57014" | "57P01" | "57P02" | "57P03"
        );
    if unavailable {
        Some(Trouble::Unavailable)
    } else if matches!(code, "40001" | "40P01") {
        Some(Trouble::Busy)
    } else {
        None
    }
}

/// SQLite's result codes (the primary code is the low byte of an extended
/// one): the database file busy or locked past the busy timeout, or it
/// cannot be read or written at all (I/O error, disk full, cannot open).
fn sqlite_trouble(code: &str) -> Option<Trouble> {
    match code.parse::<u32>().ok()? & 0xff {
        5 | 6 => Some(Trouble::Busy),
        10 | 13 | 14 => Some(Trouble::Unavailable),
        _ => None,
    }
}

/// A problem rendered as an `application/problem+json` response.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        )],
        body,
    )
        .into_response()
}

/// The result of everything that can fail with an [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_reveal_nothing() {
        let problem = Error::Internal(anyhow::anyhow!("password=hunter2")).to_problem();
        assert_eq!(problem.status, 500);
        assert_eq!(problem.code, "internal_error");
        assert!(!problem.detail.contains("hunter2"));
    }

    #[test]
    fn an_unreachable_database_is_a_503_to_retry() {
        for error in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::Io(std::io::ErrorKind::ConnectionReset.into()),
        ] {
            let problem = Error::Database(error).to_problem();
            assert_eq!(
                (problem.status, problem.code.as_str()),
                (503, "database_unavailable")
            );
        }
        let problem = Error::ShuttingDown.to_problem();
        assert_eq!(
            (problem.status, problem.code.as_str()),
            (503, "shutting_down")
        );
    }

    #[test]
    fn database_codes_of_an_outage_are_told_from_the_others() {
        assert_eq!(postgres_trouble("57014"), Some(Trouble::Unavailable));
        assert_eq!(postgres_trouble("08006"), Some(Trouble::Unavailable));
        assert_eq!(postgres_trouble("57P01"), Some(Trouble::Unavailable));
        assert_eq!(postgres_trouble("25006"), Some(Trouble::Unavailable));
        assert_eq!(postgres_trouble("40001"), Some(Trouble::Busy));
        assert_eq!(postgres_trouble("40P01"), Some(Trouble::Busy));
        assert_eq!(postgres_trouble("23505"), None);
        assert_eq!(sqlite_trouble("5"), Some(Trouble::Busy));
        assert_eq!(sqlite_trouble("517"), Some(Trouble::Busy));
        assert_eq!(sqlite_trouble("13"), Some(Trouble::Unavailable));
        assert_eq!(sqlite_trouble("2067"), None);
    }

    #[test]
    fn validation_errors_carry_their_fields() {
        let problem = Error::invalid("email", "invalid", "is not an email address").to_problem();
        assert_eq!(problem.status, 422);
        assert_eq!(problem.kind, "urn:labelwell:problem:validation_failed");
        assert_eq!(problem.errors[0].field, "email");
    }
}
