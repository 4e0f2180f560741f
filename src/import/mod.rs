//! Importers that turn third-party taxonomies into mandate vocabulary files.
//!
//! Each importer is a pure function from the source text to the text of a vocabulary file
//! (`vocabulary "…" version "…"` followed by `category`, `purpose` and `subject` declarations);
//! reading and writing files is left to the caller (the `mandate import` subcommand).
//!
//! - [`fides`]: the Fides privacy taxonomy (fideslang 3.x): data categories, data uses and data
//!   subjects. Fideslang, © Ethyca, Inc., CC BY 4.0, <https://github.com/ethyca/fideslang>.
//! - [`fides_pack`]: a Fides project (policies, systems, datasets) as a pack of rules and flows.

pub mod fides;
pub mod fides_pack;
