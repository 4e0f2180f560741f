//! The check of an imported column before the binding reads it (see
//! [`crate::arrow_ffi::Validated`]): offsets that never go backwards or past their values,
//! text that is UTF-8, dictionary keys in range.
//!
//! Text columns and lists of text, the layouts a table of flows uses, are checked here in one
//! pass over their offsets and one UTF-8 check of the bytes they span: arrow-rs's own
//! `validate_full` checks each value on its own, which cost about 600 instructions a row of
//! the benchmark's table, an eighth of a verdict. Every other layout goes to
//! `validate_full`. The binding's tests (python/tests/test_batch.py) hand over broken
//! columns of each kind.

use arrow_array::cast::AsArray;
use arrow_array::{Array, GenericListArray, GenericStringArray, OffsetSizeTrait};
use arrow_schema::{ArrowError, DataType};

/// Checks `array` (and what it holds) as the binding will read it.
pub fn check(array: &dyn Array) -> Result<(), ArrowError> {
    match array.data_type() {
        DataType::Utf8 => text(array.as_string::<i32>()),
        DataType::LargeUtf8 => text(array.as_string::<i64>()),
        DataType::List(_) => list(array.as_list::<i32>()),
        DataType::LargeList(_) => list(array.as_list::<i64>()),
        _ => array.to_data().validate_full(),
    }
}

/// Offsets that never decrease, from zero or more, and stay within `len` items; returns the
/// first and last. One comparison a pair, without a branch, so that the loop is vectorised.
fn offsets<O: OffsetSizeTrait>(offsets: &[O], len: usize) -> Result<(usize, usize), ArrowError> {
    let bad = || ArrowError::InvalidArgumentError("offsets go backwards or past their values".into());
    let backwards = offsets
        .iter()
        .zip(offsets.iter().skip(1))
        .fold(false, |backwards, (a, b)| backwards | (b < a));
    let first = offsets.first().and_then(|o| o.to_usize()).ok_or_else(bad)?;
    let last = offsets.last().and_then(|o| o.to_usize()).ok_or_else(bad)?;
    if backwards || last > len {
        return Err(bad());
    }
    Ok((first, last))
}

/// A text column: its offsets, then the bytes they span as one UTF-8 text in which every
/// offset falls between two characters. Bytes that are all ASCII are both at once, and
/// telling so is the cheapest check of all (a table of names and codes is ASCII).
fn text<O: OffsetSizeTrait>(array: &GenericStringArray<O>) -> Result<(), ArrowError> {
    let values = array.value_data();
    let (first, last) = offsets(array.value_offsets(), values.len())?;
    let spanned = values.get(first..last).unwrap_or_default();
    if spanned.is_ascii() {
        return Ok(());
    }
    let text = std::str::from_utf8(spanned)
        .map_err(|e| ArrowError::InvalidArgumentError(format!("text that is not UTF-8: {e}")))?;
    for offset in array.value_offsets() {
        if !text.is_char_boundary(offset.as_usize() - first) {
            return Err(ArrowError::InvalidArgumentError(
                "an offset in the middle of a UTF-8 character".into(),
            ));
        }
    }
    Ok(())
}

/// A list column: its offsets within its values, then the values themselves.
fn list<O: OffsetSizeTrait>(array: &GenericListArray<O>) -> Result<(), ArrowError> {
    offsets(array.value_offsets(), array.values().len())?;
    check(array.values().as_ref())
}
