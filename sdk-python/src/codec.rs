//! Request bodies: Python values checked against a transport type and written as JSON.

use labelwell_transport::python::{encoder, python_to_json};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// Checks `value` (a dict, or a transport object) against the transport type
/// named `type_name`, by that type's serde rules, and returns it as JSON bytes.
///
/// Raises `ValueError` naming the type and the problem when it does not fit.
#[pyfunction]
pub fn encode<'py>(
    py: Python<'py>,
    type_name: &str,
    value: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let encode = encoder(type_name)
        .ok_or_else(|| PyValueError::new_err(format!("no transport type `{type_name}`")))?;
    let json = python_to_json(value)?;
    let bytes =
        encode(json).map_err(|error| PyValueError::new_err(format!("{type_name}: {error}")))?;
    Ok(PyBytes::new(py, &bytes))
}

/// Checks each of `values` against the transport type named `type_name` and
/// returns them as NDJSON, one per line. Problems name the value by its
/// position, counted from `first_index`.
#[pyfunction]
#[pyo3(signature = (type_name, values, first_index = 0))]
pub fn encode_lines<'py>(
    py: Python<'py>,
    type_name: &str,
    values: &Bound<'py, PyAny>,
    first_index: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let encode = encoder(type_name)
        .ok_or_else(|| PyValueError::new_err(format!("no transport type `{type_name}`")))?;
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
