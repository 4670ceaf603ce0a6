//! Request bodies of many items: Python values checked against a transport
//! type and written as JSON lines.

use labelwell_transport::python::{encoder, python_to_json};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};

/// The transport type a Python class of this module is, by its name, and its
/// Rust implementation's `get` (a decoder or an encoder).
pub fn transport_type<T>(
    class: &Bound<'_, PyType>,
    get: impl FnOnce(&str) -> Option<T>,
) -> PyResult<T> {
    let name = class.name()?;
    let name = name.to_cow()?;
    get(&name).ok_or_else(|| PyValueError::new_err(format!("`{name}` is not a transport type")))
}

/// Checks each of `values` (dicts, or objects of `item_type`) against the
/// transport type `item_type` (e.g. `ItemInput`) by its serde rules, and
/// returns them as NDJSON, one per line. Problems name the value by its
/// position, counted from `first_index`.
#[pyfunction]
#[pyo3(signature = (item_type, values, first_index = 0))]
pub fn encode_lines<'py>(
    py: Python<'py>,
    item_type: &Bound<'py, PyType>,
    values: &Bound<'py, PyAny>,
    first_index: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let encode = transport_type(item_type, encoder)?;
    let mut out = Vec::new();
    for (offset, value) in values.try_iter()?.enumerate() {
        let index = first_index + offset;
        let json = python_to_json(&value?)
            .map_err(|error| PyValueError::new_err(format!("item {index}: {error}")))?;
        let bytes = encode(json)
            .map_err(|error| PyValueError::new_err(format!("item {index}: {error}")))?;
        out.extend_from_slice(&bytes);
        out.push(b'\n');
    }
    Ok(PyBytes::new(py, &out))
}
