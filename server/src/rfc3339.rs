//! Times as RFC 3339 text, as the JSON bodies write them, for the places that
//! write a time outside serde: cursors, CSV exports, error messages.

use time::OffsetDateTime;

/// `time` as RFC 3339 text (`2026-11-30T15:45:00.123Z`).
pub fn format(time: OffsetDateTime) -> String {
    time.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
