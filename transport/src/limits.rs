//! The limits and shapes the server enforces on what clients send, each named
//! once. The server's checks use these constants; the OpenAPI attributes of the
//! transport types state the same numbers and patterns (utoipa's attributes take
//! literals only), and `server/tests/openapi.rs` fails when a schema and its
//! constant differ, so a client generated from the spec builds no request the
//! server refuses for them.
//!
//! Patterns are written for every regex dialect a client may use (ECMA-262,
//! Python's `re`, Rust's `regex`): only `\uXXXX` escapes and character classes.
//! Every text of a JSON body refuses NUL (`\u0000`), whatever its pattern says.

/// The longest display name (of a user, organization, project, token), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// A display name: no control character, and not only white space.
pub const NAME_PATTERN: &str = concat!(
    "^[^\\u0000-\\u001f\\u007f-\\u009f]*",
    "[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]",
    "[^\\u0000-\\u001f\\u007f-\\u009f]*$"
);

/// The longest email address (RFC 5321), in characters.
pub const MAX_EMAIL_CHARS: usize = 254;
/// An email address: `local@domain`, no white space or control character, the
/// domain neither starting nor ending with a dot.
pub const EMAIL_PATTERN: &str = concat!(
    "^[^@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+",
    "@[^@.\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]",
    "([^@\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*",
    "[^@.\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000])?$"
);

/// The shortest new password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest password, in characters; argon2 hashes anything, but not for free.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Any text: no NUL.
pub const TEXT_PATTERN: &str = "^[^\\u0000]*$";
/// A text that is not only white space (and holds no NUL).
pub const NOT_BLANK_TEXT_PATTERN: &str = concat!(
    "^[^\\u0000]*",
    "[^\\u0000\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]",
    "[^\\u0000]*$"
);

/// The longest project description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// The most annotations an item can need (the least is 1).
pub const MAX_OVERLAP: u32 = 20;
/// The shortest queue lease, in seconds.
pub const MIN_LEASE_SECONDS: u32 = 10;
/// The longest queue lease, in seconds: a day.
pub const MAX_LEASE_SECONDS: u32 = 86_400;

/// The longest `external_id` of an item, in characters (not blank).
pub const MAX_EXTERNAL_ID_CHARS: usize = 256;
/// The most items one JSON import may hold; larger imports send NDJSON.
pub const MAX_JSON_ITEMS: usize = 10_000;

/// The longest review comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 10_000;
/// The longest guideline, in characters (not blank).
pub const MAX_GUIDELINE_CHARS: usize = 200_000;

/// The longest life of an API token, in days.
pub const MAX_TOKEN_DAYS: u32 = 3650;
/// The longest life of an invitation, in days.
pub const MAX_INVITATION_DAYS: u32 = 30;
/// The most queue leases one annotator holds at once.
pub const MAX_LEASES: u32 = 5;

/// The most fields an annotation UI may show (at least one).
pub const MAX_FIELDS: usize = 100;
/// The most questions an annotation UI may ask (at least one).
pub const MAX_QUESTIONS: usize = 100;
/// A field or question name: a JSON key usable in queries and paths.
pub const IDENTIFIER_PATTERN: &str = "^[A-Za-z0-9_-]{1,100}$";
/// The longest field or question name, in characters.
pub const MAX_IDENTIFIER_CHARS: usize = 100;
/// The most labels a question may offer (at least one, all distinct).
pub const MAX_LABELS: usize = 1000;
/// The longest label, in characters (not blank).
pub const MAX_LABEL_CHARS: usize = 200;
/// The longest `max_length` a text question may ask for (at least 1).
pub const MAX_TEXT_MAX_LENGTH: u32 = 100_000;
