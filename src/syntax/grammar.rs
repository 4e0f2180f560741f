//! The pest grammar (`grammar/policy.pest`): the generated parser and its `Rule`s, shared by
//! the parser that runs it and the builder that turns its pairs into the AST.

use pest_derive::Parser;

/// The parser pest derives from the grammar.
#[derive(Parser)]
#[grammar = "../grammar/policy.pest"]
pub(super) struct PolicyParser;
