//! Free-form JSON inside transport types.

use std::ops::Deref;

use serde::{Deserialize, Serialize};

/// Any JSON value, where the API carries the caller's own data: an item's
/// `data` and `metadata`, an annotation's `value`, an audit entry's `details`.
/// A newtype (not `serde_json::Value` itself) so that SDK bindings can give it
/// a conversion of their own; on the wire it is the bare value.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[serde(transparent)]
pub struct JsonValue(pub serde_json::Value);

impl From<serde_json::Value> for JsonValue {
    fn from(value: serde_json::Value) -> Self {
        JsonValue(value)
    }
}

impl From<JsonValue> for serde_json::Value {
    fn from(value: JsonValue) -> Self {
        value.0
    }
}

impl Deref for JsonValue {
    type Target = serde_json::Value;

    fn deref(&self) -> &serde_json::Value {
        &self.0
    }
}
