//! Table columns: the SDK's one place that shapes rows and flattens them.
//!
//! Exported items (JSON lines) are parsed straight into one Python list per
//! column, with no dict made per row and no Python code run per row, so a
//! DataFrame is built from a dict of lists; listed objects (a `Pager`'s items)
//! and dicts go through the same rules.
//!
//! The rows are those of `Pull.rows()` in the package: one per item (its
//! fields as they come), or one per annotation (the item's `item_id`,
//! `external_id`, `status`, `data` and `metadata`, then the annotation's
//! fields, then the item's `predictions`). With `flatten`, nested objects are
//! spread into dotted columns (`data.text`), lists are kept whole and an
//! empty object makes no column; but an item's `predictions` (a list of one
//! prediction per model version) become a column per model version and
//! question, `prediction.<model>@<model_version>.<question>`, and one per
//! score, `prediction_score.<model>@<model_version>.<question>`.

use std::collections::HashMap;
use std::fmt;

use labelwell_transport::python::python_to_json;
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::json::{Keys, Seed, py_error};

/// The item's fields at the start of an annotation row, and their column names.
const ITEM_FIELDS: [(&str, &str); 5] = [
    ("id", "item_id"),
    ("external_id", "external_id"),
    ("status", "status"),
    ("data", "data"),
    ("metadata", "metadata"),
];

/// The annotation's fields in an annotation row, and their column names: the
/// first `ANNOTATION_COLUMNS` in every row, the rest once an annotation has them.
const ANNOTATION_FIELDS: [(&str, &str); 11] = [
    ("id", "annotation_id"),
    ("annotator_id", "annotator_id"),
    ("value", "value"),
    ("review_status", "review_status"),
    ("annotation_ui_version", "annotation_ui_version"),
    ("guideline_version", "guideline_version"),
    ("time_spent_ms", "time_spent_ms"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
    ("reviews", "reviews"),
    ("prediction_id", "prediction_id"),
];

/// The annotation fields that make a column in every annotation row (`None`
/// where missing); `prediction_id`, absent from the export when none, makes
/// one only in a table of annotations that have one.
const ANNOTATION_COLUMNS: usize = 10;

/// An exported item's key of its model predictions.
const PREDICTIONS: &str = "predictions";
/// The prefix of the flattened columns of predicted answers...
const PREDICTION_PREFIX: &str = "prediction";
/// ... and of their scores.
const SCORE_PREFIX: &str = "prediction_score";

/// A cell of a row: its place among the row's fields (for annotation rows,
/// whose fields come in a fixed order), its name, its value.
type Cell = (u8, u32, Py<PyAny>);

/// Table columns, filled with exported items by `Stream.next_rows`, or with
/// rows by `extend`.
///
/// `per` is `"item"` (a row per item) or `"annotation"` (a row per
/// annotation; items without one make no row; the item's `predictions`
/// follow the annotation's fields). With `flatten`, the keys of nested
/// objects become dotted columns (`data.text`, `value.sentiment`), and an
/// item's `predictions` a column per model version and question
/// (`prediction.<model>@<model_version>.<question>`) and per score
/// (`prediction_score.<model>@<model_version>.<question>`). Columns come in
/// the order first seen; a row without a column holds `None` there.
#[pyclass(module = "labelwell._native")]
#[derive(Debug)]
pub struct Columns {
    per_annotation: bool,
    flatten: bool,
    names: Vec<String>,
    values: Vec<Vec<Py<PyAny>>>,
    rows: usize,
    /// The names cells have had, numbered; a name is a column once a row holds it.
    name_ids: HashMap<String, u32>,
    /// Each numbered name, and its column if it is one yet.
    numbered: Vec<(String, Option<usize>)>,
    keys: Keys,
}

#[pymethods]
impl Columns {
    #[new]
    #[pyo3(signature = (*, per = "item", flatten = true))]
    fn new(per: &str, flatten: bool) -> PyResult<Self> {
        let per_annotation = match per {
            "item" => false,
            "annotation" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "per must be 'item' or 'annotation', not '{other}'"
                )));
            }
        };
        Ok(Columns {
            per_annotation,
            flatten,
            names: Vec::new(),
            values: Vec::new(),
            rows: 0,
            name_ids: HashMap::new(),
            numbered: Vec::new(),
            keys: Keys::default(),
        })
    }

    /// The rows held.
    #[getter]
    fn rows(&self) -> usize {
        self.rows
    }

    /// Adds a row per value of `rows` (per annotation: a row per annotation of
    /// each), each a dict or a transport object (an `Item`, an `ExportedItem`)
    /// in its wire shape.
    fn extend(&mut self, py: Python<'_>, rows: &Bound<'_, PyAny>) -> PyResult<()> {
        for row in rows.try_iter()? {
            let row = python_to_json(&row?)?;
            self.add(py, &row)
                .map_err(|error| PyValueError::new_err(error.to_string()))?;
        }
        Ok(())
    }

    /// The columns as a dict of lists of equal length, in the order first
    /// seen; the builder is empty afterwards (no rows, no columns).
    #[pyo3(signature = () -> "dict[str, list[Any]]")]
    fn take<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        let names = std::mem::take(&mut self.names);
        let values = std::mem::take(&mut self.values);
        for (name, column) in names.into_iter().zip(values) {
            dict.set_item(name, PyList::new(py, column)?)?;
        }
        for (_, column) in &mut self.numbered {
            *column = None;
        }
        self.rows = 0;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!("Columns({} rows, {} columns)", self.rows, self.names.len())
    }
}

impl Columns {
    /// Adds the rows of one exported item, a line of JSON.
    pub fn add_line(&mut self, py: Python<'_>, line: &[u8]) -> Result<(), serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(line);
        self.add(py, &mut deserializer)?;
        deserializer.end()
    }

    /// Adds the rows of one item, read from `item`.
    fn add<'de, D: de::Deserializer<'de>>(
        &mut self,
        py: Python<'_>,
        item: D,
    ) -> Result<(), D::Error> {
        if self.per_annotation {
            AnnotationRows { columns: self, py }.deserialize(item)
        } else {
            ItemRow { columns: self, py }.deserialize(item)
        }
    }

    /// The number of the cell name `name`.
    fn name_id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.numbered.len()).unwrap_or(u32::MAX);
        self.name_ids.insert(name.to_owned(), id);
        self.numbered.push((name.to_owned(), None));
        id
    }

    /// The column of the cell name `id`, made (with `None` in the rows before) if new.
    fn column(&mut self, py: Python<'_>, id: u32) -> usize {
        let (name, known) = &mut self.numbered[id as usize];
        if let Some(column) = *known {
            return column;
        }
        let column = self.names.len();
        *known = Some(column);
        self.names.push(name.clone());
        let mut values = Vec::with_capacity(self.rows + 1);
        values.resize_with(self.rows, || py.None());
        self.values.push(values);
        column
    }

    /// Adds a row of these cells, in their order (a column named twice keeps
    /// the last value), with `None` in the columns the row lacks.
    fn push_row(&mut self, py: Python<'_>, cells: impl IntoIterator<Item = (u32, Py<PyAny>)>) {
        let filled = self.rows + 1;
        for (id, value) in cells {
            let column = self.column(py, id);
            let values = &mut self.values[column];
            if values.len() == filled {
                values[filled - 1] = value;
            } else {
                values.push(value);
            }
        }
        for values in &mut self.values {
            if values.len() < filled {
                values.push(py.None());
            }
        }
        self.rows = filled;
    }
}

/// One exported item as one row: its fields as they come.
struct ItemRow<'c, 'py> {
    columns: &'c mut Columns,
    py: Python<'py>,
}

impl<'de> DeserializeSeed<'de> for ItemRow<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ItemRow<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an exported item (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut cells = Vec::new();
        let mut predictions = Vec::new();
        let mut name = String::new();
        while map.next_key_seed(Name(&mut name))?.is_some() {
            if name == PREDICTIONS {
                predictions_cells(
                    &mut *self.columns,
                    self.py,
                    &mut name,
                    &mut map,
                    &mut predictions,
                )?;
            } else {
                map.next_value_seed(CellSeed {
                    columns: &mut *self.columns,
                    py: self.py,
                    name: &mut name,
                    slot: 0,
                    cells: &mut cells,
                })?;
            }
            name.clear();
        }
        let cells = cells.into_iter().chain(predictions);
        self.columns
            .push_row(self.py, cells.map(|(_, id, value)| (id, value)));
        Ok(())
    }
}

/// One exported item as a row per annotation.
struct AnnotationRows<'c, 'py> {
    columns: &'c mut Columns,
    py: Python<'py>,
}

impl<'de> DeserializeSeed<'de> for AnnotationRows<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnnotationRows<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an exported item (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let py = self.py;
        let mut item = Fields::new(&ITEM_FIELDS, ITEM_FIELDS.len());
        let mut annotations = Vec::new();
        let mut predictions = Vec::new();
        let mut key = String::new();
        while map.next_key_seed(Name(&mut key))?.is_some() {
            if key == "annotations" {
                map.next_value_seed(Annotations {
                    columns: &mut *self.columns,
                    py,
                    out: &mut annotations,
                })?;
            } else if key == PREDICTIONS {
                predictions_cells(&mut *self.columns, py, &mut key, &mut map, &mut predictions)?;
            } else if !item.field(&mut *self.columns, py, &key, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
            key.clear();
        }
        if annotations.is_empty() {
            return Ok(());
        }
        let item = item.finish(self.columns, py);
        for annotation in annotations {
            let cells = item
                .iter()
                .map(|(id, value)| (*id, value.clone_ref(py)))
                .chain(annotation)
                .chain(
                    predictions
                        .iter()
                        .map(|(_, id, value)| (*id, value.clone_ref(py))),
                );
            self.columns.push_row(py, cells);
        }
        Ok(())
    }
}

/// The exported annotations of an item, each as its cells.
struct Annotations<'c, 'o, 'py> {
    columns: &'c mut Columns,
    py: Python<'py>,
    out: &'o mut Vec<Vec<(u32, Py<PyAny>)>>,
}

impl<'de> DeserializeSeed<'de> for Annotations<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Annotations<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of annotations")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(cells) = seq.next_element_seed(Annotation {
            columns: &mut *self.columns,
            py: self.py,
        })? {
            self.out.push(cells);
        }
        Ok(())
    }
}

/// One exported annotation as its cells, in the order of `ANNOTATION_FIELDS`.
struct Annotation<'c, 'py> {
    columns: &'c mut Columns,
    py: Python<'py>,
}

impl<'de> DeserializeSeed<'de> for Annotation<'_, '_> {
    type Value = Vec<(u32, Py<PyAny>)>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Annotation<'_, '_> {
    type Value = Vec<(u32, Py<PyAny>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an exported annotation (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut annotation = Fields::new(&ANNOTATION_FIELDS, ANNOTATION_COLUMNS);
        let mut key = String::new();
        while map.next_key_seed(Name(&mut key))?.is_some() {
            if !annotation.field(&mut *self.columns, self.py, &key, &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
            key.clear();
        }
        Ok(annotation.finish(self.columns, self.py))
    }
}

/// The cells of an object's known fields, put in the fields' order at the end.
struct Fields {
    fields: &'static [(&'static str, &'static str)],
    /// The first `required` fields are a cell of every row (`None` when missing).
    required: usize,
    seen: Vec<bool>,
    cells: Vec<Cell>,
    name: String,
}

impl Fields {
    fn new(fields: &'static [(&'static str, &'static str)], required: usize) -> Self {
        Fields {
            fields,
            required,
            seen: vec![false; fields.len()],
            cells: Vec::new(),
            name: String::new(),
        }
    }

    /// Reads the value of `key` into cells if it is one of the fields; `false` if not.
    fn field<'de, A: MapAccess<'de>>(
        &mut self,
        columns: &mut Columns,
        py: Python<'_>,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        let Some(slot) = self.fields.iter().position(|(field, _)| *field == key) else {
            return Ok(false);
        };
        self.seen[slot] = true;
        self.name.clear();
        self.name.push_str(self.fields[slot].1);
        map.next_value_seed(CellSeed {
            columns,
            py,
            name: &mut self.name,
            slot: u8::try_from(slot).unwrap_or(u8::MAX),
            cells: &mut self.cells,
        })?;
        Ok(true)
    }

    /// The cells in the fields' order, a missing required field as `None`.
    fn finish(mut self, columns: &mut Columns, py: Python<'_>) -> Vec<(u32, Py<PyAny>)> {
        for (slot, seen) in self.seen.iter().enumerate().take(self.required) {
            if !seen {
                let id = columns.name_id(self.fields[slot].1);
                self.cells
                    .push((u8::try_from(slot).unwrap_or(u8::MAX), id, py.None()));
            }
        }
        // Stable: the cells of one field keep their order.
        self.cells.sort_by_key(|(slot, _, _)| *slot);
        self.cells
            .into_iter()
            .map(|(_, id, value)| (id, value))
            .collect()
    }
}

/// A model prediction of an exported item, as its flattened columns need it.
#[derive(Deserialize)]
struct PredictionCells {
    model: String,
    model_version: String,
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    scores: Option<serde_json::Value>,
}

/// Reads an exported item's `predictions` (the value of the key `name`) into
/// cells: without `flatten`, one cell of the list as it is; with it, a cell
/// per answer (`prediction.<model>@<model_version>.<question>`), then one per
/// score (`prediction_score.<model>@<model_version>.<question>`), each
/// flattened as any value.
fn predictions_cells<'de, A: MapAccess<'de>>(
    columns: &mut Columns,
    py: Python<'_>,
    name: &mut String,
    map: &mut A,
    cells: &mut Vec<Cell>,
) -> Result<(), A::Error> {
    if !columns.flatten {
        return map.next_value_seed(CellSeed {
            columns,
            py,
            name,
            slot: 0,
            cells,
        });
    }
    let predictions: Option<Vec<PredictionCells>> = map.next_value()?;
    let predictions = predictions.unwrap_or_default();
    let answers = predictions
        .iter()
        .map(|prediction| (PREDICTION_PREFIX, prediction, prediction.value.as_ref()));
    let scores = predictions
        .iter()
        .map(|prediction| (SCORE_PREFIX, prediction, prediction.scores.as_ref()));
    for (prefix, prediction, value) in answers.chain(scores) {
        let Some(value) = value else { continue };
        name.clear();
        name.push_str(prefix);
        name.push('.');
        name.push_str(&prediction.model);
        name.push('@');
        name.push_str(&prediction.model_version);
        CellSeed {
            columns: &mut *columns,
            py,
            name: &mut *name,
            slot: 0,
            cells: &mut *cells,
        }
        .deserialize(value)
        .map_err(de::Error::custom)?;
    }
    Ok(())
}

/// An object key, appended to a name.
struct Name<'n>(&'n mut String);

impl<'de> DeserializeSeed<'de> for Name<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Name<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.push_str(v);
        Ok(())
    }
}

/// A value under the column `name`: one cell, or with `flatten` a cell per
/// leaf of an object (`name.key`), none for an empty object.
struct CellSeed<'a, 'py> {
    columns: &'a mut Columns,
    py: Python<'py>,
    name: &'a mut String,
    slot: u8,
    cells: &'a mut Vec<Cell>,
}

impl<'py> CellSeed<'_, 'py> {
    fn push<E: de::Error>(self, value: PyResult<Bound<'py, PyAny>>) -> Result<(), E> {
        let value = value.map_err(py_error)?.unbind();
        let id = self.columns.name_id(self.name);
        self.cells.push((self.slot, id, value));
        Ok(())
    }

    fn seed(&mut self) -> Seed<'_, 'py> {
        Seed {
            py: self.py,
            keys: &mut self.columns.keys,
        }
    }
}

impl<'de> DeserializeSeed<'de> for CellSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CellSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        let py = self.py;
        self.push(Ok(PyBool::new(py, v).to_owned().into_any()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        let py = self.py;
        self.push(v.into_bound_py_any(py))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        let py = self.py;
        self.push(v.into_bound_py_any(py))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        let py = self.py;
        self.push(v.into_bound_py_any(py))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        let py = self.py;
        self.push(Ok(PyString::new(py, v).into_any()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        let py = self.py;
        self.push(Ok(py.None().into_bound(py)))
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, seq: A) -> Result<(), A::Error> {
        let list = self.seed().visit_seq(seq)?;
        self.push(Ok(list))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        if !self.columns.flatten {
            let dict = self.seed().visit_map(map)?;
            return self.push(Ok(dict));
        }
        self.name.push('.');
        let prefix = self.name.len();
        while map.next_key_seed(Name(&mut *self.name))?.is_some() {
            map.next_value_seed(CellSeed {
                columns: &mut *self.columns,
                py: self.py,
                name: &mut *self.name,
                slot: self.slot,
                cells: &mut *self.cells,
            })?;
            self.name.truncate(prefix);
        }
        Ok(())
    }
}
