//! HTTP: one request at a time per call, the interpreter released while the
//! request is sent and the answer read, so Python threads work in parallel.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::sync::Mutex;
use std::time::Duration;

use labelwell_transport::Problem;
use labelwell_transport::python::{Decoded, decoder};
use pyo3::exceptions::{PyConnectionError, PyTimeoutError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyType};
use ureq::Agent;
use ureq::http::{Method, Request};

use crate::codec::transport_type;
use crate::json::{self, GcPause, Keys};
use crate::table::Columns;

/// The largest answer read whole into memory (lists and single objects;
/// exports are streamed and have no limit).
const MAX_BODY: u64 = 1 << 30;

/// A connection pool to one Labelwell server.
///
/// Thread-safe: share one between threads; each call releases the interpreter
/// while it waits on the network.
#[pyclass(frozen, module = "labelwell._native")]
#[derive(Debug)]
pub struct Connection {
    agent: Agent,
    base_url: String,
}

#[pymethods]
impl Connection {
    /// A connection pool to the server at `base_url` (e.g. `http://127.0.0.1:8080`).
    ///
    /// `timeout` bounds, in seconds, connecting, sending, waiting for the answer
    /// to start, and each wait for more of it (not the length of a whole stream).
    #[new]
    #[pyo3(signature = (base_url, timeout = 60.0, user_agent = None))]
    fn new(base_url: &str, timeout: f64, user_agent: Option<String>) -> PyResult<Self> {
        if !(timeout.is_finite() && timeout > 0.0) {
            return Err(PyValueError::new_err(
                "timeout must be a positive number of seconds",
            ));
        }
        let base_url = base_url.trim_end_matches('/').to_owned();
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(PyValueError::new_err(format!(
                "the server URL must start with http:// or https://, not `{base_url}`"
            )));
        }
        let timeout = Some(Duration::from_secs_f64(timeout));
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(
                user_agent
                    .unwrap_or_else(|| format!("labelwell-python/{}", env!("CARGO_PKG_VERSION"))),
            )
            .timeout_connect(timeout)
            .timeout_send_request(timeout)
            .timeout_per_write(timeout)
            .timeout_recv_response(timeout)
            .timeout_per_read(timeout)
            .build()
            .new_agent();
        Ok(Connection { agent, base_url })
    }

    /// The server's base URL, without a trailing slash.
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends one request and reads the whole answer.
    ///
    /// `path` is appended to the base URL (with its query string). On a 2xx
    /// answer with a body, `decode` is the transport type to parse it into
    /// (`Response.data`, e.g. `ProjectResponse`); on any other answer, a
    /// problem+json body is parsed into `Response.problem`. Raises
    /// `ConnectionError` or `TimeoutError` when no answer arrives; never
    /// raises for an HTTP status.
    #[pyo3(signature = (method, path, *, headers = None, body = None, decode = None))]
    fn request(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        headers: Option<HashMap<String, String>>,
        body: Option<&[u8]>,
        decode: Option<&Bound<'_, PyType>>,
    ) -> PyResult<Response> {
        let decode = decode
            .map(|class| transport_type(class, decoder))
            .transpose()?;
        let request = self.build(method, path, headers.unwrap_or_default())?;
        let answer = py.detach(move || -> Result<_, Failure> {
            let response = send(&self.agent, request, body)?;
            let status = response.status().as_u16();
            let headers = header_list(response.headers());
            let body = response
                .into_body()
                .with_config()
                .limit(MAX_BODY)
                .read_to_vec()
                .map_err(Failure::from)?;
            let mut data = None;
            let mut problem = None;
            if (200..300).contains(&status) {
                if let Some(decode) = decode
                    && !body.is_empty()
                {
                    data = Some(decode(&body).map_err(|error| Failure::Decode(error.to_string()))?);
                }
            } else if !body.is_empty() {
                problem = serde_json::from_slice::<Problem>(&body).ok();
            }
            Ok((status, headers, body, data, problem))
        });
        let (status, headers, body, data, problem) = answer.map_err(Failure::into_py)?;
        let data = data.map(|decoded| decoded(py)).transpose()?;
        let problem = problem.map(|problem| Py::new(py, problem)).transpose()?;
        Ok(Response {
            status,
            headers,
            body,
            data,
            problem,
        })
    }

    /// Sends one request and returns as soon as the answer's headers arrive;
    /// its body is read from the returned `Stream`, piece by piece.
    #[pyo3(signature = (method, path, *, headers = None, body = None))]
    fn stream(
        &self,
        py: Python<'_>,
        method: &str,
        path: &str,
        headers: Option<HashMap<String, String>>,
        body: Option<&[u8]>,
    ) -> PyResult<Stream> {
        let request = self.build(method, path, headers.unwrap_or_default())?;
        let response = py
            .detach(move || send(&self.agent, request, body))
            .map_err(Failure::into_py)?;
        let status = response.status().as_u16();
        let headers = header_list(response.headers());
        let reader = Counting {
            inner: response.into_body().into_reader(),
            count: 0,
        };
        Ok(Stream {
            status,
            headers,
            state: Mutex::new(StreamState {
                reader: Some(BufReader::with_capacity(256 * 1024, reader)),
                line: 0,
                bytes_done: 0,
                line_buffer: Vec::new(),
            }),
            keys: Mutex::new(Keys::default()),
        })
    }

    fn __repr__(&self) -> String {
        format!("Connection({:?})", self.base_url)
    }
}

impl Connection {
    fn build(
        &self,
        method: &str,
        path: &str,
        headers: HashMap<String, String>,
    ) -> PyResult<Request<()>> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| PyValueError::new_err(format!("not an HTTP method: `{method}`")))?;
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base_url));
        for (name, value) in headers {
            builder = builder.header(name, value);
        }
        builder
            .body(())
            .map_err(|error| PyValueError::new_err(format!("a bad request: {error}")))
    }
}

/// Sends the request, with `body` when there is one.
fn send(
    agent: &Agent,
    request: Request<()>,
    body: Option<&[u8]>,
) -> Result<ureq::http::Response<ureq::Body>, Failure> {
    let result = match body {
        Some(body) => {
            let (parts, ()) = request.into_parts();
            agent.run(Request::from_parts(parts, body))
        }
        None => agent.run(request),
    };
    result.map_err(Failure::from)
}

fn header_list(headers: &ureq::http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter_map(|(name, value)| {
            value
                .to_str()
                .ok()
                .map(|value| (name.as_str().to_owned(), value.to_owned()))
        })
        .collect()
}

/// Why a request got no (usable) answer.
#[derive(Debug)]
enum Failure {
    Timeout(String),
    Connection(String),
    Invalid(String),
    Decode(String),
}

impl From<ureq::Error> for Failure {
    fn from(error: ureq::Error) -> Self {
        match error {
            ureq::Error::Timeout(_) => Failure::Timeout(error.to_string()),
            ureq::Error::Io(io) => Failure::from(io),
            ureq::Error::BadUri(_) | ureq::Error::Http(_) | ureq::Error::InvalidProxyUrl => {
                Failure::Invalid(error.to_string())
            }
            ureq::Error::BodyExceedsLimit(limit) => {
                Failure::Invalid(format!("the answer is larger than {limit} bytes"))
            }
            other => Failure::Connection(other.to_string()),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        use std::io::ErrorKind;
        // ureq reports its own errors inside io::Error while a body is read.
        let error = match error.downcast::<ureq::Error>() {
            Ok(inner) => return Failure::from(inner),
            Err(error) => error,
        };
        match error.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Failure::Timeout(error.to_string()),
            _ => Failure::Connection(error.to_string()),
        }
    }
}

impl Failure {
    fn into_py(self) -> PyErr {
        match self {
            Failure::Timeout(message) => PyTimeoutError::new_err(message),
            Failure::Connection(message) => PyConnectionError::new_err(message),
            Failure::Invalid(message) => PyValueError::new_err(message),
            Failure::Decode(message) => PyValueError::new_err(format!(
                "the server's answer does not have the expected shape: {message}"
            )),
        }
    }
}

/// A whole answer: status, headers, body, and the body parsed.
#[pyclass(frozen, module = "labelwell._native")]
#[derive(Debug)]
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    data: Option<Py<PyAny>>,
    problem: Option<Py<Problem>>,
}

#[pymethods]
impl Response {
    /// The HTTP status code.
    #[getter]
    fn status(&self) -> u16 {
        self.status
    }

    /// The headers, as (lower-case name, value) pairs, in the order received.
    #[getter]
    fn headers(&self) -> Vec<(String, String)> {
        self.headers.clone()
    }

    /// The value of the first header of this name (any letter case), or `None`.
    fn header(&self, name: &str) -> Option<String> {
        find_header(&self.headers, name)
    }

    /// The raw body.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.body)
    }

    /// The body parsed into the transport type asked for (2xx answers with a body).
    #[getter]
    fn data(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.data.as_ref().map(|data| data.clone_ref(py))
    }

    /// The problem+json body of an error answer, when it has one.
    #[getter]
    fn problem(&self, py: Python<'_>) -> Option<Py<Problem>> {
        self.problem.as_ref().map(|problem| problem.clone_ref(py))
    }

    fn __repr__(&self) -> String {
        format!(
            "Response(status={}, {} bytes)",
            self.status,
            self.body.len()
        )
    }
}

fn find_header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.clone())
}

/// A reader that counts the bytes it has read.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count += read as u64;
        Ok(read)
    }
}

type BodyReader = BufReader<Counting<ureq::BodyReader<'static>>>;

struct StreamState {
    /// `None` once the stream is closed or has ended.
    reader: Option<BodyReader>,
    /// Lines read so far, for messages.
    line: u64,
    /// Bytes read by readers already closed.
    bytes_done: u64,
    line_buffer: Vec<u8>,
}

impl StreamState {
    /// Closes the reader, keeping its count of bytes.
    fn finish(&mut self) {
        if let Some(reader) = self.reader.take() {
            self.bytes_done += reader.get_ref().count;
        }
    }

    /// The bytes of the body read so far.
    fn bytes_read(&self) -> u64 {
        self.bytes_done
            + self
                .reader
                .as_ref()
                .map_or(0, |reader| reader.get_ref().count)
    }

    /// The next non-blank line into `line_buffer`; `false` at the end.
    fn next_line(&mut self) -> Result<bool, Failure> {
        let Some(reader) = self.reader.as_mut() else {
            return Ok(false);
        };
        loop {
            self.line_buffer.clear();
            let read = reader.read_until(b'\n', &mut self.line_buffer)?;
            if read == 0 {
                self.finish();
                return Ok(false);
            }
            self.line += 1;
            if !self.line_buffer.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }
}

/// The body of an answer, read as it arrives: as JSON lines parsed into
/// transport objects or dicts, or as raw bytes. Memory stays constant
/// whatever the size of the body.
#[pyclass(frozen, module = "labelwell._native")]
pub struct Stream {
    status: u16,
    headers: Vec<(String, String)>,
    state: Mutex<StreamState>,
    /// Python strings of the object keys met so far, reused.
    keys: Mutex<Keys>,
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Where a line ends in a text of lines, and its line number in the body.
type LineEnd = (usize, u64);

/// The id of an exported item, for resuming after it.
#[derive(serde::Deserialize)]
struct ItemId<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
}

impl Stream {
    /// Up to `max_items` non-blank lines, read with the interpreter released:
    /// their text, and where each ends in it with its line number.
    fn read_lines(&self, py: Python<'_>, max_items: usize) -> PyResult<(Vec<u8>, Vec<LineEnd>)> {
        self.with_state(py, |state| {
            let mut text = Vec::new();
            let mut lines = Vec::new();
            while lines.len() < max_items.max(1) && state.next_line()? {
                text.extend_from_slice(&state.line_buffer);
                lines.push((text.len(), state.line));
            }
            Ok((text, lines))
        })
    }

    fn with_state<T: Send>(
        &self,
        py: Python<'_>,
        work: impl FnOnce(&mut StreamState) -> Result<T, Failure> + Send,
    ) -> PyResult<T> {
        py.detach(|| {
            let mut state = self
                .state
                .lock()
                .map_err(|_| Failure::Invalid("the stream failed earlier".to_owned()))?;
            work(&mut state)
        })
        .map_err(Failure::into_py)
    }
}

#[pymethods]
impl Stream {
    /// The HTTP status code.
    #[getter]
    fn status(&self) -> u16 {
        self.status
    }

    /// The headers, as (lower-case name, value) pairs, in the order received.
    #[getter]
    fn headers(&self) -> Vec<(String, String)> {
        self.headers.clone()
    }

    /// The value of the first header of this name (any letter case), or `None`.
    fn header(&self, name: &str) -> Option<String> {
        find_header(&self.headers, name)
    }

    /// The bytes of the body read so far.
    #[getter]
    fn bytes_read(&self) -> u64 {
        self.state.lock().map_or(0, |state| state.bytes_read())
    }

    /// Up to `max_items` JSON lines, each parsed into the transport type
    /// `item_type` (e.g. `ExportedItem`); an empty list at the end.
    #[pyo3(signature = (item_type, max_items = 1000) -> "list[Any]")]
    fn next_objects<'py>(
        &self,
        py: Python<'py>,
        item_type: &Bound<'py, PyType>,
        max_items: usize,
    ) -> PyResult<Bound<'py, PyList>> {
        let decode = transport_type(item_type, decoder)?;
        let decoded: Vec<Decoded> =
            self.with_state(py, |state| {
                let mut decoded = Vec::new();
                while decoded.len() < max_items.max(1) && state.next_line()? {
                    decoded.push(decode(&state.line_buffer).map_err(|error| {
                        Failure::Decode(format!("line {}: {error}", state.line))
                    })?);
                }
                Ok(decoded)
            })?;
        let list = PyList::empty(py);
        for decoded in decoded {
            list.append(decoded(py)?)?;
        }
        Ok(list)
    }

    /// Up to `max_items` JSON lines, each parsed into plain Python values
    /// (dicts, lists, strings, numbers); an empty list at the end.
    #[pyo3(signature = (max_items = 1000) -> "list[dict[str, Any]]")]
    fn next_dicts<'py>(&self, py: Python<'py>, max_items: usize) -> PyResult<Bound<'py, PyList>> {
        let (text, lines) = self.read_lines(py, max_items)?;
        let _pause = GcPause::new(py)?;
        let mut own_keys = Keys::default();
        let mut shared_keys = self.keys.try_lock();
        let keys = match shared_keys.as_deref_mut() {
            Ok(keys) => keys,
            Err(_) => &mut own_keys,
        };
        let list = PyList::empty(py);
        let mut start = 0;
        for (end, line) in lines {
            let value = json::parse(py, &text[start..end], keys)
                .map_err(|error| Failure::Decode(format!("line {line}: {error}")).into_py())?;
            list.append(value)?;
            start = end;
        }
        Ok(list)
    }

    /// Up to `max_items` JSON lines of exported items, added to `columns` as
    /// table rows. Returns the number of items read, 0 at the end, and the
    /// last one's id. The lines of a call that fails are not added.
    #[pyo3(signature = (columns, max_items = 1000))]
    fn next_rows(
        &self,
        py: Python<'_>,
        columns: &Bound<'_, Columns>,
        max_items: usize,
    ) -> PyResult<(usize, Option<String>)> {
        let (text, lines) = self.read_lines(py, max_items)?;
        let mut columns = columns.try_borrow_mut()?;
        let _pause = GcPause::new(py)?;
        let mut start = 0;
        for &(end, line) in &lines {
            columns
                .add_line(py, &text[start..end])
                .map_err(|error| Failure::Decode(format!("line {line}: {error}")).into_py())?;
            start = end;
        }
        let last = match lines.len() {
            0 => None,
            1 => Some(0),
            n => Some(lines[n - 2].0),
        };
        let last = last
            .and_then(|start| serde_json::from_slice::<ItemId<'_>>(&text[start..]).ok())
            .map(|item| item.id.into_owned());
        Ok((lines.len(), last))
    }

    /// Up to `size` bytes of the body; empty at the end.
    #[pyo3(signature = (size = 1 << 20))]
    fn read<'py>(&self, py: Python<'py>, size: usize) -> PyResult<Bound<'py, PyBytes>> {
        let chunk = self.with_state(py, |state| {
            let Some(reader) = state.reader.as_mut() else {
                return Ok(Vec::new());
            };
            let mut chunk = vec![0; size.max(1)];
            let read = reader.read(&mut chunk)?;
            chunk.truncate(read);
            if read == 0 {
                state.finish();
            }
            Ok(chunk)
        })?;
        Ok(PyBytes::new(py, &chunk))
    }

    /// The rest of the body (for short answers, such as errors).
    fn read_all<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let body = self.with_state(py, |state| {
            let mut body = Vec::new();
            if let Some(reader) = state.reader.as_mut() {
                reader
                    .by_ref()
                    .take(MAX_BODY)
                    .read_to_end(&mut body)
                    .map_err(Failure::from)?;
            }
            state.finish();
            Ok(body)
        })?;
        Ok(PyBytes::new(py, &body))
    }

    /// Stops reading and closes the connection.
    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.finish();
        }
    }

    fn __repr__(&self) -> String {
        format!("Stream(status={})", self.status)
    }
}
