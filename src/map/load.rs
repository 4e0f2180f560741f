//! A data-map file checked against a compiled policy: every name resolved, every problem
//! reported at once with its place and a suggestion.

use super::file::{MapFile, Name};
use super::timings::Timings;
use crate::diagnostic::did_you_mean;
use crate::eval::flow::Consent;
use crate::model::{Basis, CompiledPolicy, PartyId, TermId};
use std::collections::HashMap;
use std::fmt;

/// Largest map file accepted, in bytes (a 100,000-transfer map is about 20 MiB, a
/// 1,000,000-transfer one about 200 MiB).
pub const MAX_MAP_BYTES: usize = 256 * 1024 * 1024;

/// One problem with a map, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapError {
    /// `file:line:column` when the position is known, else the file name.
    pub at: String,
    /// What is wrong, as a value: [`MapError::message`] puts it into words.
    pub problem: MapProblem,
}

impl MapError {
    /// What is wrong, in `lang`'s plain words, with a suggestion where one exists.
    pub fn message(&self, lang: crate::words::Lang) -> String {
        crate::words::map_problem(lang, &self.problem)
    }

    /// `file:line:column: what is wrong`, in `lang`'s words.
    pub fn words(&self, lang: crate::words::Lang) -> String {
        crate::words::map_error(lang, &self.at, &self.message(lang))
    }
}

impl fmt::Display for MapError {
    /// In English; [`MapError::words`] speaks the reader's language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(crate::words::Lang::EN))
    }
}

/// As JSON: `at`, the problem's `code` and parameters, and the English `message`.
impl serde::Serialize for MapError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            at: &'a str,
            #[serde(flatten)]
            problem: &'a MapProblem,
            message: String,
        }
        Out {
            at: &self.at,
            problem: &self.problem,
            message: self.message(crate::words::Lang::EN),
        }
        .serialize(s)
    }
}

/// What is wrong with a map, with the names involved: one stable `code` each (listed in
/// docs/review.md), put into words by [`crate::words::map_problem`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "code")]
pub enum MapProblem {
    /// The file is larger than [`MAX_MAP_BYTES`].
    #[serde(rename = "map.too_large")]
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The largest accepted.
        max: u64,
    },
    /// The file is not UTF-8.
    #[serde(rename = "map.not_utf8")]
    NotUtf8,
    /// The file cannot be read; the operating system's words.
    #[serde(rename = "map.unreadable")]
    Unreadable {
        /// What the operating system said.
        detail: String,
    },
    /// The file is not TOML, or not a map's TOML (a missing or unknown field); the TOML
    /// reader's own words.
    #[serde(rename = "map.syntax")]
    Syntax {
        /// What the TOML reader said.
        detail: String,
    },
    /// `at` is not a time.
    #[serde(rename = "map.bad_time")]
    BadTime {
        /// As written.
        at: String,
    },
    /// Two systems of one name.
    #[serde(rename = "map.duplicate_system")]
    DuplicateSystem {
        /// The name.
        name: String,
    },
    /// Two datasets of one name.
    #[serde(rename = "map.duplicate_dataset")]
    DuplicateDataset {
        /// The name.
        name: String,
    },
    /// A system names a party the policy does not declare.
    #[serde(rename = "map.unknown_party")]
    UnknownParty {
        /// The system.
        system: String,
        /// The party as written.
        party: String,
        /// The nearest party the policy declares, if one is near.
        suggestion: Option<String>,
    },
    /// A category, subject or purpose the policy does not declare.
    #[serde(rename = "map.unknown_term")]
    UnknownTerm {
        /// Where it is named.
        owner: MapOwner,
        /// Its vocabulary.
        sort: crate::model::Sort,
        /// The term as written.
        name: String,
        /// The nearest term of the vocabulary, if one is near.
        suggestion: Option<String>,
    },
    /// An HXL hashtag that no category of the policy maps (nor a less specific declared tag
    /// it carries).
    #[serde(rename = "map.unmapped_hashtag")]
    UnmappedHashtag {
        /// Where it is named.
        owner: MapOwner,
        /// The hashtag as written.
        tag: String,
    },
    /// A system the map does not declare.
    #[serde(rename = "map.unknown_system")]
    UnknownSystem {
        /// Where it is named.
        owner: MapOwner,
        /// The system as written.
        name: String,
        /// The nearest system of the map, if one is near.
        suggestion: Option<String>,
    },
    /// A dataset the map does not declare.
    #[serde(rename = "map.unknown_dataset")]
    UnknownDataset {
        /// Where it is named.
        owner: MapOwner,
        /// The dataset as written.
        name: String,
        /// The nearest dataset of the map, if one is near.
        suggestion: Option<String>,
    },
    /// A dataset without a data category.
    #[serde(rename = "map.no_category")]
    NoCategory {
        /// The dataset.
        owner: MapOwner,
    },
    /// An agreement the policy does not declare.
    #[serde(rename = "map.unknown_agreement")]
    UnknownAgreement {
        /// The transfer naming it.
        owner: MapOwner,
        /// The agreement as written.
        agreement: String,
        /// The nearest agreement of the policy, if one is near.
        suggestion: Option<String>,
    },
    /// A transfer's agreement does not bind the parties at its two ends.
    #[serde(rename = "map.agreement_does_not_bind")]
    AgreementDoesNotBind {
        /// The transfer.
        owner: MapOwner,
        /// The agreement.
        agreement: String,
        /// The sending party.
        from: String,
        /// The receiving party.
        to: String,
    },
    /// A transfer states a DPIA with a blank reference.
    #[serde(rename = "map.dpia_blank")]
    DpiaBlank {
        /// The transfer.
        owner: MapOwner,
    },
}

/// The dataset or transfer of a map a problem is in, by name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MapOwner {
    /// A dataset.
    Dataset(String),
    /// A transfer (its name, or `from → to`).
    Transfer(String),
}

/// Every problem found in a map.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct MapErrors(pub Vec<MapError>);

impl MapErrors {
    /// Every problem, one a line, in `lang`'s words.
    pub fn words(&self, lang: crate::words::Lang) -> String {
        self.0
            .iter()
            .map(|e| e.words(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A system of a checked map.
#[derive(Clone, Debug)]
pub struct SystemInfo {
    /// Its name.
    pub name: String,
    /// The party that runs it.
    pub party: String,
    /// That party's id in the policy.
    pub party_id: PartyId,
}

/// What a dataset states about its data, apart from the categories: the facts every hop
/// of its paths is judged with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Whose data it is.
    pub subjects: Option<Vec<String>>,
    /// The collection purpose.
    pub purpose: String,
    /// The collection basis.
    pub basis: Option<Basis>,
    /// The consent record.
    pub consent: Option<Consent>,
    /// The records' dates.
    pub records: Option<crate::eval::flow::Records>,
}

/// A dataset of a checked map.
#[derive(Clone, Debug)]
pub struct DatasetInfo {
    /// Its name.
    pub name: String,
    /// The system it is collected into.
    pub system: usize,
    /// Its categories (sorted ids).
    pub categories: Vec<TermId>,
    /// Index into [`Map::profiles`].
    pub profile: usize,
}

/// A transfer of a checked map.
#[derive(Clone, Debug)]
pub struct TransferInfo {
    /// Its name for reports.
    pub label: String,
    /// Sending system.
    pub from: usize,
    /// Receiving system.
    pub to: usize,
    /// The datasets it names (sorted indices into [`Map::datasets`]): it carries exactly
    /// these, each with the categories it holds when it reaches the sending system. `None`
    /// when it names none.
    pub datasets: Option<Vec<usize>>,
    /// The categories it carries (sorted ids): of the data reaching the sending system (other
    /// than the datasets it names), what lies within these passes, narrowed to them. `None`
    /// when it states none.
    pub categories: Option<Vec<TermId>>,
    /// Its purpose.
    pub purpose: String,
    /// Its basis, if it states one.
    pub basis: Option<Basis>,
    /// Its agreement.
    pub agreement: Option<String>,
    /// Approving roles.
    pub approvals: Vec<String>,
    /// The reference of the DPIA it relies on, if it states one.
    pub dpia: Option<String>,
}

/// A data map checked against a policy, ready to analyse.
#[derive(Clone, Debug)]
pub struct Map {
    /// The file it came from (for reports).
    pub file: String,
    /// Its title.
    pub name: String,
    /// When transfers are judged (RFC 3339).
    pub at: String,
    /// The response, if any.
    pub response: Option<String>,
    /// Systems, in file order.
    pub systems: Vec<SystemInfo>,
    /// Datasets, in file order.
    pub datasets: Vec<DatasetInfo>,
    /// Distinct dataset profiles.
    pub profiles: Vec<Profile>,
    /// Transfers, in file order.
    pub transfers: Vec<TransferInfo>,
}

/// Line and column (1-based, in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    policy: &'a CompiledPolicy,
    errors: Vec<MapError>,
}

impl Checker<'_> {
    fn at(&self, name: &Name) -> String {
        self.at_span(name.span())
    }

    fn at_span(&self, span: std::ops::Range<usize>) -> String {
        let (line, col) = line_col(self.text, span.start);
        format!("{}:{line}:{col}", self.file)
    }

    fn error(&mut self, name: &Name, problem: MapProblem) {
        let at = self.at(name);
        self.errors.push(MapError { at, problem });
    }

    fn hint<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<String> {
        did_you_mean(word, candidates).map(str::to_owned)
    }

    fn party(&mut self, name: &Name, system: &str) -> Option<PartyId> {
        if let Some(id) = self.policy.party(name.get_ref()) {
            return Some(id);
        }
        let suggestion = Self::hint(
            name.get_ref(),
            self.policy.parties.iter().map(|p| p.name.as_str()),
        );
        self.error(
            name,
            MapProblem::UnknownParty {
                system: system.to_owned(),
                party: name.get_ref().clone(),
                suggestion,
            },
        );
        None
    }

    fn term(&mut self, sort: crate::model::Sort, name: &Name, owner: &MapOwner) -> Option<TermId> {
        let taxonomy = self.policy.taxonomy(sort);
        if let Some(id) = taxonomy.id(name.get_ref()) {
            return Some(id);
        }
        if sort == crate::model::Sort::Category && name.get_ref().starts_with('#') {
            // A dataset may name its data as its columns are tagged: read as a flow's
            // hashtag is (the most specific declared tag it carries).
            let tag = name.get_ref();
            let found = self.policy.hxl.get(tag).copied().or_else(|| {
                crate::compile::normalise_hashtag(tag)
                    .and_then(|t| self.policy.category_of_hashtag(&t))
            });
            if found.is_none() {
                self.error(
                    name,
                    MapProblem::UnmappedHashtag {
                        owner: owner.clone(),
                        tag: tag.clone(),
                    },
                );
            }
            return found;
        }
        let suggestion = Self::hint(name.get_ref(), taxonomy.names());
        self.error(
            name,
            MapProblem::UnknownTerm {
                owner: owner.clone(),
                sort,
                name: name.get_ref().clone(),
                suggestion,
            },
        );
        None
    }

    fn lookup(
        &mut self,
        index: &HashMap<String, usize>,
        name: &Name,
        what: MapNameSort,
        owner: &MapOwner,
    ) -> Option<usize> {
        if let Some(&i) = index.get(name.get_ref()) {
            return Some(i);
        }
        let suggestion = Self::hint(name.get_ref(), index.keys().map(String::as_str));
        let (owner, name_text) = (owner.clone(), name.get_ref().clone());
        let problem = match what {
            MapNameSort::System => MapProblem::UnknownSystem {
                owner,
                name: name_text,
                suggestion,
            },
            MapNameSort::Dataset => MapProblem::UnknownDataset {
                owner,
                name: name_text,
                suggestion,
            },
        };
        self.error(name, problem);
        None
    }

    /// Checks transfer `t`: its problems are added to this checker's; `None` when it cannot
    /// be analysed.
    fn transfer(
        &mut self,
        t: &super::file::Transfer,
        bad_systems: &std::collections::HashSet<&str>,
        system_index: &HashMap<String, usize>,
        dataset_index: &HashMap<String, usize>,
        systems: &[SystemInfo],
    ) -> Option<TransferInfo> {
        use crate::model::Sort;
        let label = t
            .name
            .clone()
            .unwrap_or_else(|| format!("{} → {}", t.from.get_ref(), t.to.get_ref()));
        let owner = MapOwner::Transfer(label.clone());
        let end = |c: &mut Self, n: &Name| {
            if bad_systems.contains(n.get_ref().as_str()) {
                None
            } else {
                c.lookup(system_index, n, MapNameSort::System, &owner)
            }
        };
        let from = end(self, &t.from);
        let to = end(self, &t.to);
        let named: Option<Vec<usize>> = t.datasets.as_ref().map(|names| {
            let mut ids: Vec<usize> = names
                .iter()
                .filter_map(|n| self.lookup(dataset_index, n, MapNameSort::Dataset, &owner))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        });
        let categories: Option<Vec<TermId>> = t.categories.as_ref().map(|names| {
            let mut ids: Vec<TermId> = names
                .iter()
                .filter_map(|n| self.term(Sort::Category, n, &owner))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        });
        let purpose = self.term(Sort::Purpose, &t.purpose, &owner);
        let policy = self.policy;
        let agreement = t.agreement.as_ref().and_then(|n| {
            let found = policy.agreements.iter().find(|a| &a.id == n.get_ref());
            if found.is_none() {
                let suggestion =
                    Self::hint(n.get_ref(), policy.agreements.iter().map(|a| a.id.as_str()));
                self.error(
                    n,
                    MapProblem::UnknownAgreement {
                        owner: owner.clone(),
                        agreement: n.get_ref().clone(),
                        suggestion,
                    },
                );
            }
            found
        });
        if let (Some(a), Some(f), Some(to), Some(n)) = (agreement, from, to, &t.agreement)
            && !a.binds(systems[f].party_id, systems[to].party_id)
        {
            self.error(
                n,
                MapProblem::AgreementDoesNotBind {
                    owner: owner.clone(),
                    agreement: a.id.clone(),
                    from: systems[f].party.clone(),
                    to: systems[to].party.clone(),
                },
            );
        }
        // A map states a DPIA to be relied on: a blank reference is a mistake, not a way
        // of stating none (leave `dpia` out for that).
        if let Some(d) = &t.dpia
            && d.get_ref().reference.trim().is_empty()
        {
            let at = self.at_span(d.span());
            self.errors.push(MapError {
                at,
                problem: MapProblem::DpiaBlank {
                    owner: owner.clone(),
                },
            });
        }
        let (Some(from), Some(to), Some(_)) = (from, to, purpose) else {
            return None;
        };
        Some(TransferInfo {
            label,
            from,
            to,
            datasets: named,
            categories,
            purpose: t.purpose.get_ref().clone(),
            basis: t.basis,
            agreement: t.agreement.as_ref().map(|n| n.get_ref().clone()),
            approvals: t.approvals.clone(),
            dpia: t.dpia.as_ref().map(|d| d.get_ref().reference.clone()),
        })
    }
}

/// What a name of the map itself names.
#[derive(Clone, Copy)]
enum MapNameSort {
    System,
    Dataset,
}

/// Whether `text` is a time the engine accepts (RFC 3339 or a bare date); returns it as
/// RFC 3339.
fn instant(text: &str) -> Option<String> {
    use time::format_description::well_known::Rfc3339;
    if time::OffsetDateTime::parse(text, &Rfc3339).is_ok() {
        return Some(text.to_owned());
    }
    crate::model::Day::parse(text).map(|_| format!("{text}T00:00:00Z"))
}

impl Map {
    /// Reads a map from TOML text and checks it against `policy`. `file` names the file in
    /// errors. Every problem is reported, each with `file:line:column` and a suggestion.
    pub fn from_toml(file: &str, text: &str, policy: &CompiledPolicy) -> Result<Map, MapErrors> {
        Self::from_toml_timed(file, text, policy, &mut Timings::default())
    }

    /// As [`Map::from_toml`], adding the time spent parsing and checking to `timings`.
    pub fn from_toml_timed(
        file: &str,
        text: &str,
        policy: &CompiledPolicy,
        timings: &mut Timings,
    ) -> Result<Map, MapErrors> {
        if text.len() > MAX_MAP_BYTES {
            return Err(MapErrors(vec![MapError {
                at: file.to_owned(),
                problem: MapProblem::TooLarge {
                    bytes: text.len() as u64,
                    max: MAX_MAP_BYTES as u64,
                },
            }]));
        }
        let parsed: MapFile = timings
            .time("parse", || super::pieces::parse(text))
            .map_err(|e| {
                let at = match e.span() {
                    Some(span) => {
                        let (line, col) = line_col(text, span.start);
                        format!("{file}:{line}:{col}")
                    }
                    None => file.to_owned(),
                };
                MapErrors(vec![MapError {
                    at,
                    problem: MapProblem::Syntax {
                        detail: e.message().trim_end().to_owned(),
                    },
                }])
            })?;
        timings.time("check", || Self::check(file, text, parsed, policy))
    }

    /// Checks an already parsed map against `policy` (`text` is used only for positions).
    pub fn check(
        file: &str,
        text: &str,
        parsed: MapFile,
        policy: &CompiledPolicy,
    ) -> Result<Map, MapErrors> {
        use crate::model::Sort;
        let mut c = Checker {
            file,
            text,
            policy,
            errors: Vec::new(),
        };
        let at = instant(&parsed.at);
        if at.is_none() {
            c.errors.push(MapError {
                at: file.to_owned(),
                problem: MapProblem::BadTime {
                    at: parsed.at.clone(),
                },
            });
        }

        let mut systems = Vec::new();
        let mut system_index = HashMap::new();
        for s in &parsed.systems {
            let name = s.name.get_ref().clone();
            if system_index.contains_key(&name) {
                c.error(&s.name, MapProblem::DuplicateSystem { name });
                continue;
            }
            let Some(party_id) = c.party(&s.party, &name) else {
                continue;
            };
            system_index.insert(name.clone(), systems.len());
            systems.push(SystemInfo {
                name,
                party: s.party.get_ref().clone(),
                party_id,
            });
        }
        // Systems whose party is unknown are already reported: do not report every use too.
        let bad_systems: std::collections::HashSet<&str> = parsed
            .systems
            .iter()
            .map(|s| s.name.get_ref().as_str())
            .filter(|n| !system_index.contains_key(*n))
            .collect();

        let mut profiles: Vec<Profile> = Vec::new();
        let mut datasets = Vec::new();
        let mut dataset_index = HashMap::new();
        for d in &parsed.datasets {
            let name = d.name.get_ref().clone();
            let owner = MapOwner::Dataset(name.clone());
            if dataset_index.contains_key(&name) {
                c.error(&d.name, MapProblem::DuplicateDataset { name });
                continue;
            }
            let system = if bad_systems.contains(d.collected_at.get_ref().as_str()) {
                None
            } else {
                c.lookup(&system_index, &d.collected_at, MapNameSort::System, &owner)
            };
            let mut categories: Vec<TermId> = d
                .categories
                .iter()
                .filter_map(|n| c.term(Sort::Category, n, &owner))
                .collect();
            if d.categories.is_empty() {
                c.error(
                    &d.name,
                    MapProblem::NoCategory {
                        owner: owner.clone(),
                    },
                );
            }
            categories.sort_unstable();
            categories.dedup();
            let subjects = d.subjects.as_ref().map(|list| {
                list.iter()
                    .filter(|n| c.term(Sort::Subject, n, &owner).is_some())
                    .map(|n| n.get_ref().clone())
                    .collect::<Vec<_>>()
            });
            let purpose = c.term(Sort::Purpose, &d.purpose, &owner);
            let (Some(system), Some(_)) = (system, purpose) else {
                continue;
            };
            let profile = Profile {
                subjects: subjects.map(|mut s| {
                    s.sort();
                    s.dedup();
                    s
                }),
                purpose: d.purpose.get_ref().clone(),
                basis: d.basis,
                consent: d.consent.clone(),
                records: d.records.clone(),
            };
            let profile = match profiles.iter().position(|p| *p == profile) {
                Some(i) => i,
                None => {
                    profiles.push(profile);
                    profiles.len() - 1
                }
            };
            dataset_index.insert(name.clone(), datasets.len());
            datasets.push(DatasetInfo {
                name,
                system,
                categories,
                profile,
            });
        }

        // Each transfer is checked on its own, on every core with feature `parallel`; its
        // problems are then kept in file order, as one thread would find them.
        let checked = super::analyse::in_order(&parsed.transfers, |t| {
            let mut c = Checker {
                file,
                text,
                policy,
                errors: Vec::new(),
            };
            let info = c.transfer(t, &bad_systems, &system_index, &dataset_index, &systems);
            (info, c.errors)
        });
        let mut transfers = Vec::with_capacity(checked.len());
        for (info, errors) in checked {
            c.errors.extend(errors);
            transfers.extend(info);
        }

        if !c.errors.is_empty() {
            return Err(MapErrors(c.errors));
        }
        Ok(Map {
            file: file.to_owned(),
            name: parsed.name,
            at: at.unwrap_or_default(),
            response: parsed.response,
            systems,
            datasets,
            profiles,
            transfers,
        })
    }

    /// Reads a map file and checks it against `policy`.
    #[cfg(feature = "fs")]
    pub fn from_path(path: &std::path::Path, policy: &CompiledPolicy) -> Result<Map, MapErrors> {
        Self::from_path_timed(path, policy, &mut Timings::default())
    }

    /// As [`Map::from_path`], adding the time spent reading, parsing and checking to
    /// `timings`.
    #[cfg(feature = "fs")]
    pub fn from_path_timed(
        path: &std::path::Path,
        policy: &CompiledPolicy,
        timings: &mut Timings,
    ) -> Result<Map, MapErrors> {
        let file = path.display().to_string();
        let fail = |problem: MapProblem| {
            MapErrors(vec![MapError {
                at: file.clone(),
                problem,
            }])
        };
        let unreadable = |e: std::io::Error| {
            fail(MapProblem::Unreadable {
                detail: e.to_string(),
            })
        };
        let meta = std::fs::metadata(path).map_err(unreadable)?;
        if meta.len() > MAX_MAP_BYTES as u64 {
            return Err(fail(MapProblem::TooLarge {
                bytes: meta.len(),
                max: MAX_MAP_BYTES as u64,
            }));
        }
        let text = timings.time("read", || {
            let bytes = std::fs::read(path).map_err(unreadable)?;
            String::from_utf8(bytes).map_err(|_| fail(MapProblem::NotUtf8))
        })?;
        Map::from_toml_timed(&file, &text, policy, timings)
    }
}

#[cfg(test)]
mod tests {
    use super::{MapError, MapOwner, MapProblem, line_col};

    /// As JSON a problem keeps its place and its English message, beside its code and
    /// parameters; as text, it reads in the language asked for.
    #[test]
    fn a_problem_has_its_place_code_parameters_and_words() {
        let e = MapError {
            at: "map.toml:3:9".into(),
            problem: MapProblem::NoCategory {
                owner: MapOwner::Dataset("registration".into()),
            },
        };
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!({
                "at": "map.toml:3:9",
                "code": "map.no_category",
                "owner": {"dataset": "registration"},
                "message": "dataset `registration` lists no data category",
            })
        );
        assert_eq!(
            e.to_string(),
            "map.toml:3:9: dataset `registration` lists no data category"
        );
        assert_eq!(
            e.words(crate::words::Lang::FR),
            "map.toml:3:9 : le jeu de données `registration` n'indique aucune catégorie de données"
        );
    }

    #[test]
    fn positions_are_one_based_characters() {
        assert_eq!(line_col("ab\ncé d", 0), (1, 1));
        assert_eq!(line_col("ab\ncé d", 3), (2, 1));
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
    }
}
