//! The compile budget: a module is measured before cranelift sees it.
//!
//! Compiling costs time and memory per function and per byte of code, and wasmtime cannot
//! stop a compilation half-way, so a hostile module (hundreds of thousands of tiny functions
//! took most of a minute and gigabytes of memory) is refused from its section headers alone:
//! its size, how many functions it defines, and how large its code and its largest function
//! are. Reading the headers takes milliseconds whatever the module.

use super::Limits;
use super::error::HostError;
use wasmparser::{Encoding, Parser, Payload};

/// Refuses a module that exceeds `limits`, before it is compiled (or loaded from the cache).
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<(), HostError> {
    if bytes.len() > limits.module_bytes {
        return Err(HostError::TooLarge(format!(
            "it is {} bytes, more than the {} a plugin may have",
            bytes.len(),
            limits.module_bytes
        )));
    }
    let mut functions: u64 = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| HostError::Module(e.to_string()))?;
        match payload {
            Payload::Version {
                encoding: Encoding::Component,
                ..
            } => {
                return Err(HostError::Module(
                    "it is a component, and a plugin is a core module".into(),
                ));
            }
            Payload::FunctionSection(reader) => {
                functions += u64::from(reader.count());
                too_many_functions(functions, limits)?;
            }
            Payload::CodeSectionStart { count, size, .. } => {
                too_many_functions(u64::from(count), limits)?;
                if size as usize > limits.code_bytes {
                    return Err(HostError::TooLarge(format!(
                        "its code is {size} bytes, more than the {} a plugin may have",
                        limits.code_bytes
                    )));
                }
            }
            Payload::CodeSectionEntry(body) => {
                let size = body.range().len();
                if size > limits.function_bytes {
                    return Err(HostError::TooLarge(format!(
                        "one of its functions is {size} bytes, more than the {} a function may have",
                        limits.function_bytes
                    )));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn too_many_functions(count: u64, limits: &Limits) -> Result<(), HostError> {
    if count > u64::from(limits.functions) {
        return Err(HostError::TooLarge(format!(
            "it defines {count} functions, more than the {} a plugin may have",
            limits.functions
        )));
    }
    Ok(())
}
