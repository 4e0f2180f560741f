//! Arrow across the boundary: the Arrow C stream interface, exchanged as a PyCapsule
//! (`__arrow_c_stream__`, the Arrow PyCapsule protocol). pyarrow, Polars, pandas (2.2 on),
//! DuckDB and others speak it, so a batch crosses without a copy and without linking
//! against any of them. The two `unsafe` calls below are the whole of the binding's unsafe
//! code; each says why it is sound.

use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{RecordBatch, RecordBatchIterator, RecordBatchReader};
use arrow_schema::SchemaRef;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods};
use std::sync::Mutex;

/// The capsule name the protocol fixes for a stream.
const STREAM: &std::ffi::CStr = c"arrow_array_stream";

/// Reads the record batches of any object that exports an Arrow C stream. An object without
/// one (a pyarrow `RecordBatch` of an old pyarrow) goes through `pyarrow.table` first.
pub fn import_stream(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Validated> {
    let source = if source.hasattr("__arrow_c_stream__")? {
        source.clone()
    } else if source.hasattr("__arrow_c_array__")? {
        py.import("pyarrow")?.call_method1("table", (source,))?
    } else {
        return Err(PyTypeError::new_err(format!(
            "decide_batch takes an Arrow table or record batch (an object with \
             __arrow_c_stream__), or a list of flows, not {}",
            source.get_type().name()?
        )));
    };
    let source = aligned(py, &source)?;
    let capsule = source.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let pointer = capsule.pointer_checked(Some(STREAM))?;
    // SAFETY: the capsule is named `arrow_array_stream`, which the protocol reserves for a
    // pointer to an `ArrowArrayStream` struct owned by the capsule, and it is alive (held
    // by `capsule`) for the call. `from_raw` moves the struct out and marks the original as
    // released, as the protocol asks of a consumer, so the capsule's destructor releases
    // nothing twice.
    let reader = unsafe { RecordBatchStreamReader::from_raw(pointer.as_ptr().cast()) };
    reader
        .map(Validated)
        .map_err(|e| PyValueError::new_err(format!("cannot read the Arrow stream: {e}")))
}

/// The record batches of an imported stream, each column checked in full before anything
/// reads it. arrow-rs imports the C data interface's arrays without validating them (the
/// producer is trusted), and its readers then take offsets, dictionary keys and text as
/// given: offsets that go backwards, a dictionary key out of range, or text that is not
/// UTF-8 (bytes a producer passed on as a string column) would be read out of bounds or as
/// a `str` that is not UTF-8, and could make two different rows look alike to the resolve
/// cache. Such a batch is an error of the call, never read. (The interface carries no
/// buffer lengths: a values buffer is as long as its last offset says, for every consumer.)
/// The check is linear in the batch's bytes and cheap beside judging its rows.
pub struct Validated(RecordBatchStreamReader);

impl Iterator for Validated {
    type Item = Result<RecordBatch, arrow_schema::ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let batch = self.0.next()?;
        Some(batch.and_then(|batch| {
            let schema = batch.schema();
            for (field, column) in schema.fields().iter().zip(batch.columns()) {
                crate::arrow_check::check(column.as_ref()).map_err(|e| {
                    // The check's own words, without arrow's "Invalid argument error: ",
                    // which the error made here is given once.
                    let why = match e {
                        arrow_schema::ArrowError::InvalidArgumentError(why) => why,
                        other => other.to_string(),
                    };
                    arrow_schema::ArrowError::InvalidArgumentError(format!(
                        "column `{}` is not valid Arrow data: {why}",
                        field.name().escape_debug()
                    ))
                })?;
            }
            Ok(batch)
        }))
    }
}

impl RecordBatchReader for Validated {
    fn schema(&self) -> SchemaRef {
        self.0.schema()
    }
}

/// A pyarrow table or record batch whose buffers are all aligned, copying the columns that
/// are not. arrow-rs reads offsets and views in place, as the Arrow format allows; pyarrow
/// also accepts buffers at any address, and a frame unpickled from out-of-band buffers (a
/// partition on a Dask worker) can hold such buffers. Other sources are returned as given.
fn aligned<'py>(py: Python<'py>, source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    const CODE: &std::ffi::CStr = c"
def aligned(data):
    import pyarrow as pa
    if not isinstance(data, (pa.Table, pa.RecordBatch)):
        return data
    def ok(array):
        return all(b is None or b.address % 16 == 0 for b in array.buffers())
    chunked = isinstance(data, pa.Table)
    columns, changed = [], False
    for column in data.columns:
        chunks = column.chunks if chunked else [column]
        if all(ok(c) for c in chunks):
            columns.append(column)
            continue
        changed = True
        # concat_arrays allocates new buffers, aligned as pyarrow allocates them.
        copied = [c if ok(c) else pa.concat_arrays([c, c.slice(0, 0)]) for c in chunks]
        columns.append(pa.chunked_array(copied, column.type) if chunked else copied[0])
    if not changed:
        return data
    return type(data).from_arrays(columns, schema=data.schema)
";
    static ALIGNED: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    let function = ALIGNED.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        let module = PyModule::from_code(py, CODE, c"mandate_aligned.py", c"mandate_aligned")?;
        Ok(module.getattr("aligned")?.unbind())
    })?;
    function.bind(py).call1((source,))
}

/// Record batches for Python to read through `__arrow_c_stream__` (once): pass it to
/// `pyarrow.table(...)`, `pyarrow.RecordBatchReader.from_stream(...)` or `polars.DataFrame`.
#[pyclass(frozen, module = "mandate")]
pub struct ArrowStream {
    reader: Mutex<Option<Box<dyn RecordBatchReader + Send>>>,
}

impl ArrowStream {
    /// A stream of batches already computed.
    pub fn of_batches(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowStream {
        ArrowStream::lazy(Box::new(RecordBatchIterator::new(
            batches.into_iter().map(Ok),
            schema,
        )))
    }

    /// A stream whose batches are computed as they are read.
    pub fn lazy(reader: Box<dyn RecordBatchReader + Send>) -> ArrowStream {
        ArrowStream {
            reader: Mutex::new(Some(reader)),
        }
    }
}

#[pymethods]
impl ArrowStream {
    /// The Arrow PyCapsule protocol. A requested schema is not honoured (the protocol lets a
    /// producer ignore it); the stream can be read once.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = self
            .reader
            .lock()
            .map_err(|_| PyValueError::new_err("the stream is broken"))?
            .take()
            .ok_or_else(|| PyValueError::new_err("this Arrow stream has already been read"))?;
        // The capsule owns the stream; its destructor drops it, which releases the stream
        // unless a consumer has moved it out (and so marked it released).
        PyCapsule::new_with_value(py, FFI_ArrowArrayStream::new(reader), STREAM)
    }
}
