//! Whole data maps (issue 5): the register of systems, datasets and standing transfers of an
//! operation, and every path by which data can reach a recipient it must not.
//!
//! This sits on top of [`crate::eval`]: each hop of each path is a [`crate::eval::Flow`] with
//! the hop before it as its chain, decided by [`crate::Engine::decide`], so the chain checks
//! (purpose limitation against the collection purpose, an upstream agreement that forbids
//! onward transfer, a previous hop's `no onward transfer` obligation) apply to maps as they
//! do to single flows.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use mandate::{Engine, map::{Map, analyse}};
//! let engine = Engine::from_path("policies/humanitarian-baseline")?;
//! let text = std::fs::read_to_string("policies/humanitarian-baseline/maps/kakuma-registration.toml")?;
//! let map = Map::from_toml("kakuma-registration.toml", &text, engine.policy())?;
//! let audit = analyse(&engine, &map);
//! print!("{}", audit.audit_text(usize::MAX));
//! # Ok(())
//! # }
//! ```

mod analyse;
pub mod dpia;
pub mod file;
#[cfg(feature = "synth")]
pub mod generate;
mod load;
mod pieces;
mod query;
mod report;
mod timings;

pub use analyse::{
    Analysis, Carried, HopClass, Origin, State, StateKey, Stats, Transition, analyse,
    analyse_timed, analyse_watched, analyse_with,
};
pub use dpia::Dpia;
pub use file::MapFile;
pub use load::{
    DatasetInfo, MAX_MAP_BYTES, Map, MapError, MapErrors, MapOwner, MapProblem, Profile,
    SystemInfo, TransferInfo,
};
pub use query::ReachQuery;
pub use report::{PathReport, Step};
pub use timings::Timings;
