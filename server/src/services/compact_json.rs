//! Item JSON (`data`, `metadata`) read from a request without building a
//! `serde_json::Value` of it.
//!
//! A `Value` takes up to about 30 times the bytes of its text (a list of
//! zeros: two bytes each become a 32-byte value), so a 4 MiB NDJSON line took
//! some 100 MiB while it was parsed. [`CompactJson`] writes the value out as it
//! is read, as the very text `serde_json` writes for a `Value`, which is what
//! the database stores: no white space, strings and numbers as `serde_json`
//! writes them, and the members of every object in key order, each key once
//! (the last value wins). It is read through the same `serde_json`
//! deserializer as a `Value`, so it refuses the same texts (a number out of
//! range, nesting deeper than 128) with the same errors at the same paths.
//! What it takes besides its text is 8 bytes per member of the objects being
//! read (to put their members in order).

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A JSON value as compact text, written as `serde_json` writes the `Value`
/// of the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactJson(String);

impl CompactJson {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is a JSON object.
    pub fn is_object(&self) -> bool {
        self.0.starts_with('{')
    }
}

impl<'de> Deserialize<'de> for CompactJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut out = Vec::new();
        Writer { out: &mut out }.deserialize(deserializer)?;
        String::from_utf8(out)
            .map(CompactJson)
            .map_err(de::Error::custom)
    }
}

/// Writes the value it deserializes to `out`.
struct Writer<'o> {
    out: &'o mut Vec<u8>,
}

impl Writer<'_> {
    fn write<E: de::Error>(self, value: &impl Serialize) -> Result<(), E> {
        serde_json::to_writer(&mut *self.out, value).map_err(E::custom)
    }
}

impl<'de> DeserializeSeed<'de> for Writer<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Writer<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As `Value` says it.
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.write(&value)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let out = self.out;
        out.push(b'[');
        let mut first = true;
        loop {
            let before = out.len();
            if !first {
                out.push(b',');
            }
            if seq.next_element_seed(Writer { out: &mut *out })?.is_none() {
                out.truncate(before);
                break;
            }
            first = false;
        }
        out.push(b']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let out = self.out;
        let start = out.len();
        out.push(b'{');
        let mut members: Vec<Member> = Vec::new();
        let mut in_order = true;
        loop {
            let comma = out.len();
            if !members.is_empty() {
                out.push(b',');
            }
            let key = out.len();
            if map.next_key_seed(KeyWriter { out: &mut *out })?.is_none() {
                out.truncate(comma);
                break;
            }
            out.push(b':');
            map.next_value_seed(Writer { out: &mut *out })?;
            let member = Member::new(key - start, out.len() - start)?;
            if let Some(last) = members.last() {
                let object = &out[start..];
                in_order &= compare_keys(last.key(object), member.key(object)) == Ordering::Less;
            }
            members.push(member);
        }
        if !in_order {
            let object = &out[start..];
            // Stable: of equal keys, the last one read stays last.
            members.sort_by(|a, b| compare_keys(a.key(object), b.key(object)));
            let mut ordered = Vec::with_capacity(object.len() + 1);
            ordered.push(b'{');
            for (i, member) in members.iter().enumerate() {
                let replaced = members.get(i + 1).is_some_and(|next| {
                    compare_keys(member.key(object), next.key(object)) == Ordering::Equal
                });
                if replaced {
                    continue;
                }
                if ordered.len() > 1 {
                    ordered.push(b',');
                }
                ordered.extend_from_slice(member.text(object));
            }
            out.truncate(start);
            out.extend_from_slice(&ordered);
        }
        out.push(b'}');
        Ok(())
    }
}

/// Writes a key as a JSON string.
struct KeyWriter<'o> {
    out: &'o mut Vec<u8>,
}

impl<'de> DeserializeSeed<'de> for KeyWriter<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyWriter<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
        serde_json::to_writer(&mut *self.out, key).map_err(E::custom)
    }
}

/// Where a member (`"key":value`) of an object being written lies, in bytes
/// from the object's `{`: 32 bits each, half the memory of `usize`, which
/// matters for objects of many short members.
#[derive(Debug, Clone, Copy)]
struct Member {
    start: u32,
    end: u32,
}

impl Member {
    fn new<E: de::Error>(start: usize, end: usize) -> Result<Member, E> {
        let offset =
            |at: usize| u32::try_from(at).map_err(|_| E::custom("a JSON object larger than 4 GiB"));
        Ok(Member {
            start: offset(start)?,
            end: offset(end)?,
        })
    }

    /// The member's text in `object`.
    fn text<'a>(&self, object: &'a [u8]) -> &'a [u8] {
        &object[self.start as usize..self.end as usize]
    }

    /// The member's key in `object`, as written: escaped, without its quotes.
    fn key<'a>(&self, object: &'a [u8]) -> &'a [u8] {
        let quoted = &self.text(object)[1..];
        let mut at = 0;
        while at < quoted.len() && quoted[at] != b'"' {
            at += if quoted[at] == b'\\' { 2 } else { 1 };
        }
        &quoted[..at.min(quoted.len())]
    }
}

/// Orders keys written by `serde_json` as the strings they stand for (a
/// `Value`'s map orders them by their UTF-8 bytes).
fn compare_keys(a: &[u8], b: &[u8]) -> Ordering {
    unescaped(a).cmp(unescaped(b))
}

/// The bytes of a string written by `serde_json` (between its quotes), which
/// escapes only `"`, `\` and the control characters.
fn unescaped(escaped: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut bytes = escaped.iter().copied();
    std::iter::from_fn(move || match bytes.next()? {
        b'\\' => match bytes.next()? {
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'u' => {
                let mut code = 0;
                for _ in 0..4 {
                    code = code * 16 + char::from(bytes.next()?).to_digit(16)?;
                }
                u8::try_from(code).ok()
            }
            quoted => Some(quoted),
        },
        byte => Some(byte),
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    fn compact(text: &str) -> Result<String, serde_json::Error> {
        serde_json::from_str::<CompactJson>(text).map(|json| json.0)
    }

    /// What storing a `Value` of the text wrote.
    fn through_a_value(text: &str) -> Result<String, serde_json::Error> {
        serde_json::from_str::<Value>(text).map(|value| value.to_string())
    }

    fn same_as_a_value(text: &str) {
        let expected = through_a_value(text).expect("valid JSON");
        assert_eq!(compact(text).expect("valid JSON"), expected, "{text}");
    }

    #[test]
    fn the_text_is_what_a_value_of_it_writes() {
        for text in [
            "null",
            " true ",
            r#""a\u00e9\n\"\\\/\u0001\ud83e\udd80""#,
            "[]",
            "{}",
            "[1, -2, 3.50, 1e2, -0, -0.0, 18446744073709551615, -9223372036854775808, 1e308, 12345678901234567890123]",
            r#"{"b": 1, "a": {"d": [1, {"z": null, "y": false}], "c": "x"}, "": []}"#,
            r#"{"a": 1, "a": 2, "b": {"x": 1, "x": {"y": 2}, "x": 3}, "a": 4}"#,
            r#"{"é": 1, "z": 2, "\"": 3, "\\": 4, "\n": 5, "\u001f": 6, "\u0000": 7, "🦀": 8, "a\"b": 9, "a": 10}"#,
            r#"{"text": "a\u0000b", "deep": [[[[{"k": [{}]}]]]]}"#,
        ] {
            same_as_a_value(text);
        }
    }

    #[test]
    fn the_same_texts_are_refused_with_the_same_errors() {
        let deep_arrays = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let deep_objects = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
        for text in [
            "[1e400]",
            "{\"a\": -1e400}",
            "[1, 2",
            "{\"a\" 1}",
            "tru",
            deep_arrays.as_str(),
            deep_objects.as_str(),
        ] {
            let expected = through_a_value(text).expect_err("invalid").to_string();
            assert_eq!(
                compact(text).expect_err("invalid").to_string(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn errors_are_named_by_the_path_a_value_would_give() {
        let path = |text: &str| {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, CompactJson>(&mut deserializer)
                .expect_err("invalid")
                .path()
                .to_string()
        };
        assert_eq!(path(r#"{"b": [0, {"c": 1e999}]}"#), "b[1].c");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let mut deserializer = serde_json::Deserializer::from_str(&deep);
        let value = serde_path_to_error::deserialize::<_, Value>(&mut deserializer);
        assert_eq!(path(&deep), value.expect_err("too deep").path().to_string());
    }

    #[test]
    fn a_huge_array_takes_the_memory_of_its_text() {
        let zeros = format!("[{}0]", "0,".repeat(1 << 20));
        let json = serde_json::from_str::<CompactJson>(&zeros).expect("valid JSON");
        assert_eq!(json.as_str(), zeros);
        assert!(json.0.capacity() <= 2 * zeros.len());
    }

    #[test]
    fn objects_of_many_members_come_out_in_key_order_each_key_once() {
        let members: Vec<String> = (0..100_000)
            .map(|i| format!("\"{}\":{i}", (i * 7919) % 50_000))
            .collect();
        same_as_a_value(&format!("{{{}}}", members.join(",")));
    }

    #[test]
    fn keys_compare_as_the_strings_they_stand_for() {
        let key = |text: &str| serde_json::to_string(text).expect("a string");
        let sorted = ["", "\u{0}", "\u{1f}", " ", "\"", "\\", "a", "é", "🦀"];
        for pair in sorted.windows(2) {
            let (a, b) = (key(pair[0]), key(pair[1]));
            let inner = |quoted: &str| quoted.as_bytes()[1..quoted.len() - 1].to_vec();
            assert_eq!(
                compare_keys(&inner(&a), &inner(&b)),
                Ordering::Less,
                "{a} < {b}"
            );
        }
    }

    /// JSON texts of every kind of value, nested a little.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            "[a-c\"\\\\\u{0}-\u{1f}é🦀]{0,4}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::vec(("[a-c\"\u{0}é]{0,2}", inner), 0..8)
                    .prop_map(|fields| Value::Object(fields.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(crate::proptest_cases())]

        /// Any JSON, in any member order, with repeated keys and white space,
        /// comes out as a `Value` of it would write it.
        #[test]
        fn any_json_comes_out_as_a_value_writes_it(
            value in json(),
            pretty in any::<bool>(),
            repeated in "[a-c]{1,2}",
        ) {
            let text = match pretty {
                true => serde_json::to_string_pretty(&value).expect("JSON"),
                false => value.to_string(),
            };
            prop_assert_eq!(compact(&text).expect("valid"), through_a_value(&text).expect("valid"));
            let shuffled = format!(r#"{{"{repeated}": 1, "x": {text}, "{repeated}": {text}, "a": 2}}"#);
            prop_assert_eq!(compact(&shuffled).expect("valid"), through_a_value(&shuffled).expect("valid"));
        }
    }
}
