//! The data-map file: the register of systems, datasets and standing transfers a legal
//! officer keeps, as TOML. Names keep their position in the file so that every error can
//! point at `file:line:column`.

use crate::eval::flow::Consent;
use crate::model::Basis;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A name written in the map, with where it was written.
pub type Name = Spanned<String>;

/// A whole data map.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// A title for the map (the operation it describes).
    pub name: String,
    /// When the standing transfers are judged (RFC 3339, or `YYYY-MM-DD` for midnight UTC):
    /// agreements and consent records are checked as of this time.
    pub at: String,
    /// The response the data belongs to; selects an Information Sharing Protocol's
    /// classification in the policy, as a flow's `context.response` does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    /// The systems that hold data.
    #[serde(default, rename = "system")]
    pub systems: Vec<System>,
    /// The data collected, and where.
    #[serde(default, rename = "dataset")]
    pub datasets: Vec<Dataset>,
    /// The standing transfers between systems.
    #[serde(default, rename = "transfer")]
    pub transfers: Vec<Transfer>,
}

/// A system (database, application, mailbox, shared drive) run by one party of the policy.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct System {
    /// The system's name, unique in the map.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: Name,
    /// The policy party that runs it (its kind, jurisdiction and organisation decide).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub party: Name,
    /// What it is, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Data collected into a system.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// The dataset's name, unique in the map.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub name: Name,
    /// The system it is collected into.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub collected_at: Name,
    /// Its data categories.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub categories: Vec<Name>,
    /// Whose data it is; absent when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<String>>"))]
    pub subjects: Option<Vec<Name>>,
    /// The purpose it was collected for: every later use must be within or compatible with it.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub purpose: Name,
    /// The legal basis of its collection; transfers that state none rely on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The consent record obtained at collection, when the basis is consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    /// The dates of its records (collected, case closed, last updated), which every hop of
    /// its paths states: rules on the records' age judge them at the map's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<crate::eval::flow::Records>,
    /// What it is, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A standing transfer from one system to another.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// A name for reports; `from → to` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The sending system.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub from: Name,
    /// The receiving system.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub to: Name,
    /// Datasets it carries: exactly these, each with the categories it holds when it reaches
    /// the sending system, and no other data. With `categories` too, it also carries what of
    /// the other data lies within those. With neither, it carries whatever reaches the sending
    /// system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<String>>"))]
    pub datasets: Option<Vec<Name>>,
    /// Data categories it carries: of the data reaching the sending system (other than the
    /// datasets it names), only what lies within these categories passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<String>>"))]
    pub categories: Option<Vec<Name>>,
    /// Why the data is transferred.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub purpose: Name,
    /// The legal basis relied on; the dataset's basis when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The agreement the transfer is made under (its onward-transfer terms bind the next hop).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub agreement: Option<Name>,
    /// Roles that approved the standing transfer (e.g. `dpo`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<String>,
    /// The data protection impact assessment the transfer relies on, by its reference, as a
    /// flow states it (`dpia = { ref = "DPIA-KE-2026-04" }`): a rule requiring a `dpia` then
    /// finds it. Without it, such a transfer is a gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::eval::flow::Dpia>"))]
    pub dpia: Option<Spanned<crate::eval::flow::Dpia>>,
    /// What it is, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The JSON Schema of a data-map file (draft 2020-12), derived from these types. TOML maps
/// onto JSON one to one, so editors that validate TOML against a JSON Schema can use it.
#[cfg(feature = "schema")]
pub fn json_schema() -> String {
    crate::eval::flow::json_schema_of::<MapFile>()
}

#[cfg(all(test, feature = "schema"))]
mod schema_tests {
    #[test]
    fn the_published_schema_is_the_derived_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/map.schema.json");
        let published = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            published,
            super::json_schema(),
            "schema/map.schema.json is stale: regenerate it with `mandate map schema > schema/map.schema.json`"
        );
    }
}
