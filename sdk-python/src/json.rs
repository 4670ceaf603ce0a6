//! JSON text straight into Python objects (dicts, lists, str, int, float,
//! bool, None), with no intermediate tree; object keys seen before are reused.

use std::collections::HashMap;
use std::fmt;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyModule, PyString};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// Object keys are few and repeat on every line; keep at most this many.
const MAX_CACHED_KEYS: usize = 4096;

/// The Python strings of object keys met so far.
#[derive(Debug, Default)]
pub struct Keys(HashMap<String, Py<PyString>>);

impl Keys {
    fn get<'py>(&mut self, py: Python<'py>, key: &str) -> Bound<'py, PyString> {
        if let Some(cached) = self.0.get(key) {
            return cached.bind(py).clone();
        }
        let string = PyString::new(py, key);
        if self.0.len() < MAX_CACHED_KEYS {
            self.0.insert(key.to_owned(), string.clone().unbind());
        }
        string
    }
}

/// Parses one JSON document into Python objects.
pub fn parse<'py>(
    py: Python<'py>,
    text: &[u8],
    keys: &mut Keys,
) -> Result<Bound<'py, PyAny>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let value = Seed { py, keys }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Any JSON value into Python objects.
pub struct Seed<'k, 'py> {
    pub py: Python<'py>,
    pub keys: &'k mut Keys,
}

impl<'de, 'py> DeserializeSeed<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

pub fn py_error<E: de::Error>(error: PyErr) -> E {
    E::custom(error)
}

impl<'de, 'py> Visitor<'de> for Seed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        v.into_bound_py_any(self.py).map_err(py_error)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        v.into_bound_py_any(self.py).map_err(py_error)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        v.into_bound_py_any(self.py).map_err(py_error)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, v).into_any())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(item) = seq.next_element_seed(Seed {
            py: self.py,
            keys: &mut *self.keys,
        })? {
            list.append(item).map_err(py_error)?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(key) = map.next_key_seed(KeySeed {
            py: self.py,
            keys: &mut *self.keys,
        })? {
            let value = map.next_value_seed(Seed {
                py: self.py,
                keys: &mut *self.keys,
            })?;
            dict.set_item(key, value).map_err(py_error)?;
        }
        Ok(dict.into_any())
    }
}

struct KeySeed<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut Keys,
}

impl<'de, 'py> DeserializeSeed<'de> for KeySeed<'_, 'py> {
    type Value = Bound<'py, PyString>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'py> Visitor<'de> for KeySeed<'_, 'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.keys.get(self.py, v))
    }
}

/// Python's cyclic garbage collector, paused while a batch of parsed values is
/// built, and resumed when this is dropped (if it was running).
///
/// Every container made counts towards the collector's next pass, and those
/// passes (which find nothing: parsed JSON has no reference cycles) cost
/// about a quarter of the time of a pull. The interpreter is held for the
/// whole pause, so no other Python code runs meanwhile; the collector runs
/// again as usual right after.
pub struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        if !gc.call_method0("isenabled")?.is_truthy()? {
            return Ok(GcPause { gc: None });
        }
        gc.call_method0("disable")?;
        Ok(GcPause { gc: Some(gc) })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = self.gc.take() {
            // Re-enabling cannot fail short of a broken interpreter; nothing to do then.
            let _ = gc.call_method0("enable");
        }
    }
}
