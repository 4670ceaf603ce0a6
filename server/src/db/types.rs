//! Column types whose encoding differs between the backends.
//!
//! PostgreSQL keeps its native `uuid` and `timestamptz`. SQLite has neither, and
//! sqlx's defaults there (uuids as 16-byte blobs, timestamps as text with a varying
//! number of fraction digits and the original offset) break both readability and
//! ordering, so these newtypes store fixed-format text on SQLite instead.

use labelwell_transport::{
    ItemStatus, ReviewStatus, Role, Verdict, WebhookDeliveryStatus, WebhookEventType,
};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// A JSON column (items' data and metadata, annotations' values, annotation
/// UI schemas, audit details): text on SQLite, `jsonb` on PostgreSQL.
pub use sqlx::types::Json;

/// A primary or foreign key: a UUID (v7 for the rows we create, so ids sort by
/// creation time); TEXT in its hyphenated form on SQLite, `uuid` on PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub Uuid);

impl Id {
    /// A fresh time-ordered id.
    pub fn new() -> Self {
        Id(Uuid::now_v7())
    }
}

impl Default for Id {
    fn default() -> Self {
        Id::new()
    }
}

impl From<Uuid> for Id {
    fn from(uuid: Uuid) -> Self {
        Id(uuid)
    }
}

impl From<Id> for Uuid {
    fn from(id: Id) -> Self {
        id.0
    }
}

impl Type<Sqlite> for Id {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Id {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(self.0.hyphenated().to_string(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Id {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<'r, Sqlite>>::decode(value)?;
        Ok(Id(Uuid::parse_str(text)?))
    }
}

impl Type<Postgres> for Id {
    fn type_info() -> PgTypeInfo {
        <Uuid as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Id {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <Uuid as Encode<'_, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Id {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Id(<Uuid as Decode<'r, Postgres>>::decode(value)?))
    }
}

/// A point in time in UTC with microsecond precision (PostgreSQL's), stored as
/// `timestamptz` on PostgreSQL and as fixed-width `YYYY-MM-DDTHH:MM:SS.ffffffZ`
/// text on SQLite, so that text order is time order there too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ts(OffsetDateTime);

impl Ts {
    /// The current time.
    pub fn now() -> Self {
        Ts::truncated(OffsetDateTime::now_utc())
    }

    /// A time already in UTC, cut to microseconds.
    fn truncated(utc: OffsetDateTime) -> Self {
        let micros = utc.nanosecond() / 1_000 * 1_000;
        // A valid nanosecond value rounded down stays valid.
        Ts(utc.replace_nanosecond(micros).unwrap_or(utc))
    }

    /// The time as an `OffsetDateTime` in UTC.
    pub fn get(self) -> OffsetDateTime {
        self.0
    }

    /// Text in the SQLite storage format.
    fn to_sqlite_text(self) -> String {
        let t = self.0;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.microsecond()
        )
    }
}

/// A time whose UTC form falls outside the years -9999 to 9999: `9999-12-31T23:59:59-01:00`
/// is a valid RFC 3339 text, but a time no column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("is not a time between the years -9999 and 9999 in UTC")]
pub struct TimeOutOfRange;

impl TryFrom<OffsetDateTime> for Ts {
    type Error = TimeOutOfRange;

    /// The time in UTC; fails, rather than panics, when UTC has no such year.
    fn try_from(t: OffsetDateTime) -> Result<Self, TimeOutOfRange> {
        t.checked_to_offset(UtcOffset::UTC)
            .map(Ts::truncated)
            .ok_or(TimeOutOfRange)
    }
}

impl From<Ts> for OffsetDateTime {
    fn from(ts: Ts) -> Self {
        ts.0
    }
}

impl std::ops::Add<time::Duration> for Ts {
    type Output = Ts;

    fn add(self, rhs: time::Duration) -> Ts {
        Ts::truncated(self.0 + rhs)
    }
}

impl std::ops::Sub<time::Duration> for Ts {
    type Output = Ts;

    fn sub(self, rhs: time::Duration) -> Ts {
        Ts::truncated(self.0 - rhs)
    }
}

impl Type<Sqlite> for Ts {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Ts {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(self.to_sqlite_text(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Ts {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<'r, Sqlite>>::decode(value)?;
        Ok(Ts::try_from(OffsetDateTime::parse(text, &Rfc3339)?)?)
    }
}

impl Type<Postgres> for Ts {
    fn type_info() -> PgTypeInfo {
        <OffsetDateTime as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Ts {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <OffsetDateTime as Encode<'_, Postgres>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> Decode<'r, Postgres> for Ts {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Ts::try_from(
            <OffsetDateTime as Decode<'r, Postgres>>::decode(value)?,
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn sqlite_text_is_fixed_width_utc_so_text_order_is_time_order() {
        let early = Ts::try_from(datetime!(2026-01-02 03:04:05.5 +02:00)).expect("in range");
        let late = Ts::try_from(datetime!(2026-01-02 01:04:05.500001 UTC)).expect("in range");
        assert_eq!(early.to_sqlite_text(), "2026-01-02T01:04:05.500000Z");
        assert_eq!(late.to_sqlite_text(), "2026-01-02T01:04:05.500001Z");
        assert!(early.to_sqlite_text() < late.to_sqlite_text());
    }

    #[test]
    fn timestamps_are_truncated_to_microseconds() {
        let ts = Ts::try_from(datetime!(2026-01-02 03:04:05.123456789 UTC)).expect("in range");
        assert_eq!(ts.get().nanosecond(), 123_456_000);
    }

    #[test]
    fn a_time_whose_utc_year_does_not_exist_is_refused_not_a_panic() {
        assert_eq!(
            Ts::try_from(datetime!(9999-12-31 23:59:59 -01:00)),
            Err(TimeOutOfRange)
        );
        assert_eq!(
            Ts::try_from(datetime!(-9999-01-01 00:00:00 +01:00)),
            Err(TimeOutOfRange)
        );
        assert!(Ts::try_from(datetime!(9999-12-31 22:59:59 -01:00)).is_ok());
    }
}

/// Declares a newtype that stores a transport enum as its wire name (TEXT on
/// SQLite, `text` on PostgreSQL), using the enum's `as_str` and `FromStr`.
macro_rules! text_column {
    ($(#[$meta:meta])* $name:ident($inner:ty)) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name(pub $inner);

        impl Type<Sqlite> for $name {
            fn type_info() -> SqliteTypeInfo {
                <String as Type<Sqlite>>::type_info()
            }
        }

        impl<'q> Encode<'q, Sqlite> for $name {
            fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
                <&str as Encode<'q, Sqlite>>::encode(self.0.as_str(), buf)
            }
        }

        impl<'r> Decode<'r, Sqlite> for $name {
            fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<'r, Sqlite>>::decode(value)?;
                Ok($name(text.parse().map_err(|e| format!("{e}"))?))
            }
        }

        impl Type<Postgres> for $name {
            fn type_info() -> PgTypeInfo {
                <String as Type<Postgres>>::type_info()
            }
        }

        impl Encode<'_, Postgres> for $name {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <&str as Encode<'_, Postgres>>::encode_by_ref(&self.0.as_str(), buf)
            }
        }

        impl<'r> Decode<'r, Postgres> for $name {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<'r, Postgres>>::decode(value)?;
                Ok($name(text.parse().map_err(|e| format!("{e}"))?))
            }
        }
    };
}

text_column!(
    /// A member's role, stored as its name (`owner`, `admin`, ...).
    DbRole(Role)
);
text_column!(
    /// An item's workflow status (`new`, `in_progress`, ...).
    DbItemStatus(ItemStatus)
);
text_column!(
    /// An annotation's review status (`pending`, `accepted`, `rejected`).
    DbReviewStatus(ReviewStatus)
);
text_column!(
    /// A review's verdict (`accept`, `reject`).
    DbVerdict(Verdict)
);
text_column!(
    /// A webhook event's type (`annotation.created`, ...).
    DbWebhookEventType(WebhookEventType)
);
text_column!(
    /// Where a webhook delivery stands (`pending`, `succeeded`, `failed`).
    DbWebhookDeliveryStatus(WebhookDeliveryStatus)
);
