//! The compile budget: a module is measured before cranelift sees it.
//!
//! Compiling costs time and memory per function and per byte of code, and wasmtime cannot
//! stop a compilation half-way, so a hostile module (hundreds of thousands of tiny functions
//! took most of a minute and gigabytes of memory) is refused from its section headers alone:
//! its size, how many functions it defines, and how large its code and its largest function
//! are. Reading the headers takes milliseconds whatever the module.

use super::Limits;
use super::error::{HostError, ModuleProblem, TooLarge};
use wasmparser::{Encoding, Parser, Payload};

/// Refuses a module that exceeds `limits`, before it is compiled (or loaded from the cache).
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<(), HostError> {
    if bytes.len() > limits.module_bytes {
        return Err(HostError::TooLarge(TooLarge::Module {
            bytes: bytes.len() as u64,
            limit: limits.module_bytes as u64,
        }));
    }
    let mut functions: u64 = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload =
            payload.map_err(|e| HostError::Module(ModuleProblem::Invalid(e.to_string())))?;
        match payload {
            Payload::Version {
                encoding: Encoding::Component,
                ..
            } => {
                return Err(HostError::Module(ModuleProblem::Component));
            }
            Payload::FunctionSection(reader) => {
                functions += u64::from(reader.count());
                too_many_functions(functions, limits)?;
            }
            Payload::CodeSectionStart { count, size, .. } => {
                too_many_functions(u64::from(count), limits)?;
                if size as usize > limits.code_bytes {
                    return Err(HostError::TooLarge(TooLarge::Code {
                        bytes: u64::from(size),
                        limit: limits.code_bytes as u64,
                    }));
                }
            }
            Payload::CodeSectionEntry(body) => {
                let size = body.range().len();
                if size > limits.function_bytes {
                    return Err(HostError::TooLarge(TooLarge::Function {
                        bytes: size as u64,
                        limit: limits.function_bytes as u64,
                    }));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn too_many_functions(count: u64, limits: &Limits) -> Result<(), HostError> {
    if count > u64::from(limits.functions) {
        return Err(HostError::TooLarge(TooLarge::Functions {
            count,
            limit: u64::from(limits.functions),
        }));
    }
    Ok(())
}
