//! Stage 1: policy text → AST with spans.
//!
//! [`parse`] runs a cheap lexical pre-scan (size, nesting depth, unterminated strings) so that
//! hostile input gets a precise error instead of deep recursion, then the pest grammar in
//! `grammar/policy.pest`, then builds the [`ast`].

pub mod ast;
mod build;
mod extent;
mod grammar;
mod parser;
mod pieces;
mod prescan;

pub use parser::{DECLARATION_KEYWORDS, MAX_DEPTH, MAX_FILE_BYTES, parse, parse_bytes};
