//! The transport types as Python classes (feature `python`), for the SDK in `sdk-python/`.
//!
//! Every struct carries `#[pyclass(frozen, get_all, eq)]`, so each field is a
//! read-only Python attribute under its Rust name, which is its JSON name but
//! for `type` (`kind`: a field attribute cannot be renamed behind `cfg_attr`);
//! every fieldless enum is a Python enum whose members compare equal to their
//! JSON names. This module
//! adds what every class shares, generated from the one list of types in
//! [`python_classes!`](crate::python_classes): a constructor from keyword
//! arguments checked by the type's own serde rules (the rules the server
//! applies), `to_dict`/`to_json` in the wire shape, `from_dict`/`from_json`,
//! `repr` and pickling; and the decoders and encoders the SDK uses to turn
//! response bodies into these classes and request bodies into JSON.
//!
//! A field added to a type in Rust is therefore in Python at the next build,
//! with no edit here; a new type needs its name in [`python_classes!`].

// pyo3 generates the `__eq__`/`__ne__` slot of a class whose name comes
// through `macro_rules!` with this crate's edition, whose lint then asks for
// an `unsafe` block inside pyo3's own generated code.
#![expect(
    unsafe_op_in_unsafe_fn,
    reason = "in pyo3's generated comparison slots of the enums"
)]

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::*;

/// Calls `$callback! { structs { ... } enums { ... } }` with every transport
/// type that is a Python class: the one list the SDK's module, the decoders and
/// the shared methods are all generated from.
#[macro_export]
macro_rules! python_classes {
    ($callback:ident) => {
        $callback! {
            structs {
                AcceptInvitationRequest, AcceptedInvitation, AddMemberRequest, Annotation,
                AnnotationHistory, AnnotationHistoryEntry, AnnotationList, AnnotationResponse,
                AnnotationUi, AnnotationUiList, AnnotationUiResponse, AnnotationUiSchema,
                AnnotatorProgress, AnswerAgreement, ApiToken, AssignProjectMemberRequest,
                AuditEntry, AuditLog, CreateAnnotationRequest, CreateInvitationRequest,
                CreateOrganizationRequest, CreateProjectRequest, CreateReviewRequest,
                CreateTokenRequest, CreatedInvitation, CreatedToken, ExportDocument, ExportedAnnotation,
                ExportedItem, FieldError, FieldSpec, Guideline, GuidelineList, GuidelineResponse,
                ImportItemsRequest, ImportItemsResponse, Invitation, InvitationList, Item,
                ItemInput, ItemList, ItemPriority, ItemResponse, LeaseItemsRequest, LoginRequest, MeResponse,
                Member, MemberList, MemberResponse, MembershipAdder, Organization, OrganizationList,
                OrganizationResponse, Pagination, PendingMembership, PendingMembershipList, Problem, Project, ProjectList, ProjectMember,
                ProjectMemberList, ProjectMemberResponse, ProjectResponse, ProjectStats,
                ProjectStatsResponse, PublishAnnotationUiRequest, PublishGuidelineRequest, Question,
                QuestionAgreement, QueueLease, QueueLeaseList, QueueProgress, QueueProgressResponse,
                Release, ReleaseDiff, ReleaseResponse, ReleaseList, CreateReleaseRequest,
                Review, ReviewLease, ReviewList, ReviewProgress, ReviewProgressResponse,
                ReviewResponse, SessionResponse, SetItemPrioritiesRequest, SetItemPrioritiesResponse, SignupRequest, StatusCounts, TokenList,
                UpdateAnnotationRequest, UpdateItemRequest, UpdateMemberRequest,
                UpdateOrganizationRequest, UpdateProjectRequest, User,
                CreateWebhookRequest, UpdateWebhookRequest, Webhook, CreatedWebhook, WebhookResponse,
                WebhookList, RotateWebhookSecretRequest, RotatedWebhookSecret, WebhookDelivery,
                WebhookDeliveryList, WebhookAttempt, WebhookDeliveryResponse, PredictionInput,
                ImportPredictionsRequest, ImportPredictionsResponse, Prediction, PredictionList,
                ModelAgreement, ModelAgreementList, ExportedPrediction,
            }
            enums {
                ExportFormat, FieldKind, InvitationStatus, ItemStatus, MemberStatus, QuestionType, ReviewStatus,
                Role, Verdict, WebhookEventType, WebhookDeliveryStatus,
            }
        }
    };
}

// --- Free-form JSON -------------------------------------------------------------

impl<'py> IntoPyObject<'py> for &JsonValue {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    #[cfg(feature = "stubs")]
    const OUTPUT_TYPE: pyo3::inspect::PyStaticExpr = pyo3::type_hint_identifier!("typing", "Any");

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_python(py, &self.0)
    }
}

impl<'py> IntoPyObject<'py> for JsonValue {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    #[cfg(feature = "stubs")]
    const OUTPUT_TYPE: pyo3::inspect::PyStaticExpr = pyo3::type_hint_identifier!("typing", "Any");

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_to_python(py, &self.0)
    }
}

/// A JSON value as plain Python objects: dict, list, str, int, float, bool, None.
pub fn json_to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)?
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, json_to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// The JSON form of a Python value: dicts (string keys), lists and tuples,
/// strings, numbers, booleans, `None`; `uuid.UUID` as its string; an aware
/// `datetime` in RFC 3339; and any of the transport classes in its wire shape.
pub fn python_to_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    python_to_json_at(value, "")
}

fn python_to_json_at(value: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    let py = value.py();
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(i) = value.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = value.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(PyValueError::new_err(format!(
            "{}: the integer {value} does not fit in 64 bits",
            describe(path)
        )));
    }
    if value.is_instance_of::<PyFloat>() {
        let f: f64 = value.extract()?;
        return Number::from_f64(f).map(Value::Number).ok_or_else(|| {
            PyValueError::new_err(format!("{}: {f} is not a JSON number", describe(path)))
        });
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let key = key.cast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "{}: dict keys must be strings, not {}",
                    describe(path),
                    type_name(&key)
                ))
            })?;
            let key = key.to_cow()?.into_owned();
            let at = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            map.insert(key, python_to_json_at(&item, &at)?);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (index, item) in value.try_iter()?.enumerate() {
            items.push(python_to_json_at(&item?, &format!("{path}[{index}]"))?);
        }
        return Ok(Value::Array(items));
    }
    if let Some(json) = transport_class_to_json(value)? {
        return Ok(json);
    }
    static UUID: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    if value.is_instance(UUID.import(py, "uuid", "UUID")?)? {
        return Ok(Value::String(value.str()?.to_cow()?.into_owned()));
    }
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    if value.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        if value.call_method0("utcoffset")?.is_none() {
            return Err(PyValueError::new_err(format!(
                "{}: the datetime {value} has no time zone; use an aware datetime, e.g. datetime.now(timezone.utc)",
                describe(path)
            )));
        }
        let text = value.call_method0("isoformat")?;
        return Ok(Value::String(
            text.cast::<PyString>()?.to_cow()?.into_owned(),
        ));
    }
    // Other numbers (numpy's, Decimal) and other mappings or sequences.
    if let Ok(i) = value.extract::<i64>() {
        return Ok(Value::from(i));
    }
    if let Ok(f) = value.extract::<f64>()
        && let Some(n) = Number::from_f64(f)
    {
        return Ok(Value::Number(n));
    }
    if value.hasattr("keys")? && value.hasattr("__getitem__")? {
        let dict = PyDict::new(py);
        for key in value.call_method0("keys")?.try_iter()? {
            let key = key?;
            dict.set_item(&key, value.get_item(&key)?)?;
        }
        return python_to_json_at(dict.as_any(), path);
    }
    Err(PyTypeError::new_err(format!(
        "{}: a {} cannot be sent as JSON",
        describe(path),
        type_name(value)
    )))
}

fn describe(path: &str) -> String {
    if path.is_empty() {
        "the value".to_owned()
    } else {
        format!("`{path}`")
    }
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "value".to_owned())
}

/// Builds a transport value from a Python value (a dict of its fields, by JSON
/// name or attribute name), checked by the type's serde rules: required fields,
/// defaults, unknown fields, formats of ids and times.
fn from_python<T: DeserializeOwned + pyo3::PyTypeInfo>(
    value: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<T> {
    let mut json = match value {
        Some(value) => python_to_json(value)?,
        None => Value::Object(Map::new()),
    };
    if let (Some(value), Value::Object(map)) = (value, &mut json) {
        let wire = wire_fields::<T>();
        let attributes = field_names(&value.py().get_type::<T>())?;
        let keys: Vec<String> = map.keys().cloned().collect();
        for key in keys {
            if wire.contains(&key.as_str()) {
                continue;
            }
            // A field whose attribute is not its JSON name (`kind` for `type`):
            // the one attribute and the one JSON name without a match.
            let unmatched_attributes: Vec<&String> = attributes
                .iter()
                .filter(|attribute| !wire.contains(&attribute.as_str()))
                .collect();
            let unmatched_wire: Vec<&str> = wire
                .iter()
                .copied()
                .filter(|name| !attributes.iter().any(|attribute| attribute == name))
                .collect();
            let renamed = match (unmatched_attributes.as_slice(), unmatched_wire.as_slice()) {
                ([attribute], [wire_name]) if **attribute == key => Some(*wire_name),
                _ => None,
            };
            match renamed {
                Some(wire_name) if !map.contains_key(wire_name) => {
                    if let Some(item) = map.remove(&key) {
                        map.insert(wire_name.to_owned(), item);
                    }
                }
                _ => {
                    return Err(PyTypeError::new_err(format!(
                        "{name} has no field `{key}`; its fields are {}",
                        wire.join(", ")
                    )));
                }
            }
        }
    }
    from_json_value(json, name)
}

fn from_json_value<T: DeserializeOwned>(json: Value, name: &str) -> PyResult<T> {
    serde_json::from_value(json).map_err(|error| PyValueError::new_err(format!("{name}: {error}")))
}

/// Whether `name` is a field (a data descriptor) of the class.
fn is_field(class: &Bound<'_, PyType>, name: &str) -> PyResult<bool> {
    let attributes = class.getattr("__dict__")?;
    match attributes.get_item(name) {
        Ok(attribute) => attribute.get_type().hasattr("__set__"),
        Err(_) => Ok(false),
    }
}

/// The names of the fields (attributes) of a transport class.
pub fn field_names(class: &Bound<'_, PyType>) -> PyResult<Vec<String>> {
    let mut names = Vec::new();
    let attributes = class.getattr("__dict__")?;
    for key in attributes.try_iter()? {
        let key = key?;
        let name = key.cast::<PyString>()?.to_cow()?.into_owned();
        if !name.starts_with('_') && is_field(class, &name)? {
            names.push(name);
        }
    }
    Ok(names)
}

fn to_python_dict<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    json_to_python(py, &json)
}

fn to_json_text<T: Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}

fn from_json_text<T: DeserializeOwned>(json: &str, name: &str) -> PyResult<T> {
    serde_json::from_str(json).map_err(|error| PyValueError::new_err(format!("{name}: {error}")))
}

fn repr_of<T: Serialize>(py: Python<'_>, name: &str, value: &T) -> PyResult<String> {
    let dict = to_python_dict(py, value)?;
    let mut parts = Vec::new();
    if let Ok(dict) = dict.cast::<PyDict>() {
        for (key, item) in dict.iter() {
            parts.push(format!("{}={}", key.str()?, item.repr()?));
        }
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// The JSON names of a struct's fields, in declaration order, as its
/// `Deserialize` implementation declares them.
pub fn wire_fields<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    struct Fields(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> serde::Deserializer<'de> for &mut Fields {
        type Error = Stop;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields = Fields(None);
    let _ = T::deserialize(&mut fields);
    fields.0.unwrap_or(&[])
}

/// A decoded response body, waiting for the interpreter to become a Python object.
pub type Decoded = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// Decodes a JSON body into a transport type; runs without the interpreter.
pub type Decoder = fn(&[u8]) -> Result<Decoded, serde_json::Error>;

/// Checks a request body against a transport type and encodes it as JSON.
pub type Encoder = fn(Value) -> Result<Vec<u8>, serde_json::Error>;

macro_rules! python_methods {
    (structs { $($s:ident),* $(,)? } enums { $($e:ident),* $(,)? }) => {
        $(
            #[pymethods]
            #[allow(
                clippy::wrong_self_convention,
                reason = "pyo3 methods take &self; the lint fires only for the types that are Copy"
            )]
            impl $s {
                /// The JSON names of the fields, in order (the attributes carry the same
                /// names, except where a JSON name is a Python builtin: `type` is `kind`).
                #[classattr]
                fn __wire_fields__() -> Vec<&'static str> {
                    wire_fields::<$s>().to_vec()
                }

                /// Builds the object from its fields, by their JSON names, checked
                /// as the API checks them (required fields, defaults, formats).
                #[new]
                #[pyo3(signature = (**fields: "Any"))]
                fn __new__(fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                    from_python::<Self>(fields.map(|fields| fields.as_any()), stringify!($s))
                }

                /// Builds the object from a dict in the wire shape (as `to_dict` gives).
                #[staticmethod]
                fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
                    from_python::<Self>(Some(data), stringify!($s))
                }

                /// Parses the object from its JSON text.
                #[staticmethod]
                fn from_json(json: &str) -> PyResult<Self> {
                    from_json_text(json, stringify!($s))
                }

                /// The object in the wire shape, as plain Python values: ids and
                /// times as strings, enums as their names, nested objects as dicts.
                #[pyo3(signature = () -> "dict[str, Any]")]
                fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    to_python_dict(py, self)
                }

                /// The object as JSON text, exactly as the API sends it.
                fn to_json(&self) -> PyResult<String> {
                    to_json_text(self)
                }

                fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                    repr_of(py, stringify!($s), self)
                }

                fn __reduce__<'py>(
                    &self,
                    py: Python<'py>,
                ) -> PyResult<(Bound<'py, PyAny>, (String,))> {
                    Ok((py.get_type::<Self>().getattr("from_json")?, (to_json_text(self)?,)))
                }
            }
        )*
        $(
            #[pymethods]
            impl $e {
                /// The member of this name (its JSON name, e.g. `"in_progress"`).
                #[new]
                fn __new__(value: &str) -> PyResult<Self> {
                    from_json_value(Value::String(value.to_owned()), stringify!($e))
                }

                /// The member's JSON name.
                #[getter]
                fn value(&self) -> PyResult<String> {
                    enum_name(self)
                }

                fn __str__(&self) -> PyResult<String> {
                    enum_name(self)
                }

                /// Members equal themselves and their JSON names.
                fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
                    if let Ok(other) = other.cast::<Self>() {
                        return Ok(*other.get() == *self);
                    }
                    match other.cast::<PyString>() {
                        Ok(other) => Ok(other.to_cow()? == enum_name(self)?),
                        Err(_) => Ok(false),
                    }
                }

                /// Members differ from other members and other names.
                fn __ne__(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
                    Ok(!self.__eq__(other)?)
                }

                /// The hash of the JSON name, so a member and its name are one dict key.
                fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
                    PyString::new(py, &enum_name(self)?).hash()
                }

                fn __reduce__<'py>(
                    &self,
                    py: Python<'py>,
                ) -> PyResult<(Bound<'py, PyType>, (String,))> {
                    Ok((py.get_type::<Self>(), (enum_name(self)?,)))
                }
            }
        )*

        /// A transport class instance's wire JSON, or `None` for other objects.
        fn transport_class_to_json(value: &Bound<'_, PyAny>) -> PyResult<Option<Value>> {
            $(
                if let Ok(object) = value.cast::<$s>() {
                    return serde_json::to_value(object.get())
                        .map(Some)
                        .map_err(|e| PyValueError::new_err(e.to_string()));
                }
            )*
            $(
                if let Ok(object) = value.cast::<$e>() {
                    return serde_json::to_value(object.get())
                        .map(Some)
                        .map_err(|e| PyValueError::new_err(e.to_string()));
                }
            )*
            Ok(None)
        }

        /// The decoder of the named transport type: JSON bytes to its Python class.
        pub fn decoder(type_name: &str) -> Option<Decoder> {
            match type_name {
                $(
                    stringify!($s) => Some(|bytes: &[u8]| {
                        let value: $s = serde_json::from_slice(bytes)?;
                        let decoded: Decoded = Box::new(move |py: Python<'_>| {
                            Ok(Py::new(py, value)?.into_any())
                        });
                        Ok(decoded)
                    }),
                )*
                _ => None,
            }
        }

        /// The encoder of the named transport type: a JSON value checked by the
        /// type's serde rules, then written as the API reads it.
        pub fn encoder(type_name: &str) -> Option<Encoder> {
            match type_name {
                $(
                    stringify!($s) => Some(|json: Value| {
                        let value: $s = serde_json::from_value(json)?;
                        serde_json::to_vec(&value)
                    }),
                )*
                _ => None,
            }
        }

        /// The names of every transport class.
        pub const CLASS_NAMES: &[&str] = &[$(stringify!($s),)* $(stringify!($e),)*];
    };
}

fn enum_name<T: Serialize>(value: &T) -> PyResult<String> {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => Ok(name),
        _ => Err(PyValueError::new_err("not a fieldless enum")),
    }
}

crate::python_classes!(python_methods);
