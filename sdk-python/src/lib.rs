//! `labelwell._native`: the native half of the Labelwell Python SDK.
//!
//! It holds the API's types, which are the server's own transport types
//! (`labelwell-transport` with its `python` feature), and the HTTP client:
//! requests are sent and answers read with the interpreter released, and
//! response bodies are parsed in Rust straight into those types. Everything
//! ergonomic (the `Client`, namespaces, paging, retries, errors, progress bars,
//! DataFrames) is the Python package `labelwell` around it.

mod codec;
mod http;
mod json;
mod table;

/// Declares the module `labelwell._native` with every transport class.
macro_rules! native_module {
    (structs { $($s:ident),* $(,)? } enums { $($e:ident),* $(,)? }) => {
        /// The native half of the Labelwell SDK: the API's types and the HTTP client.
        #[pyo3::pymodule]
        pub mod _native {
            $(
                #[pymodule_export]
                use labelwell_transport::$s;
            )*
            $(
                #[pymodule_export]
                use labelwell_transport::$e;
            )*
            #[pymodule_export]
            use crate::http::{Connection, Response, Stream};
            #[pymodule_export]
            use crate::codec::encode_lines;
            #[pymodule_export]
            use crate::table::Columns;
        }
    };
}

labelwell_transport::python_classes!(native_module);
