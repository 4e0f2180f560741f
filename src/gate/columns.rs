//! What each column holds: a category of the policy's vocabulary, from the column's HXL
//! hashtag or from a column map (`column,category[,role]`). A column whose category cannot
//! be determined stops the gate: it is never passed through.

use super::error::GateError;
use crate::diagnostic::did_you_mean;
use crate::model::{CompiledPolicy, TermId};

/// A column of the data and the category it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Its header.
    pub header: String,
    /// Its hashtag, normalised, when it has one.
    pub tag: Option<String>,
    /// The category it holds.
    pub category: TermId,
}

/// The columns of a data file, with the ones that play a part in the obligations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// One per column, in file order.
    pub list: Vec<Column>,
    /// The column holding each record's date (for retention).
    pub date: Option<usize>,
    /// The column holding each record's sampling weight (for the risk estimate).
    pub weight: Option<usize>,
    /// Numeric columns to sum when aggregating.
    pub sums: Vec<usize>,
}

/// Roles given on the command line, by header.
#[derive(Clone, Debug, Default)]
pub struct Roles {
    /// The record date column.
    pub date: Option<String>,
    /// The sampling weight column.
    pub weight: Option<String>,
    /// Columns to sum.
    pub sums: Vec<String>,
}

fn split_tag(tag: &str) -> (&str, Vec<&str>) {
    let mut parts = tag.split('+');
    let base = parts.next().unwrap_or_default();
    (base, parts.collect())
}

impl Columns {
    /// Columns from an HXL hashtag row.
    pub fn from_hxl(
        policy: &CompiledPolicy,
        header: &[String],
        tags: &[String],
        roles: &Roles,
    ) -> Result<Columns, GateError> {
        check_unique(header)?;
        let mut list = Vec::with_capacity(header.len());
        for (i, name) in header.iter().enumerate() {
            let written = tags.get(i).map(|t| t.trim()).unwrap_or_default();
            let tag = crate::compile::normalise_hashtag(written);
            let category = tag.as_deref().and_then(|t| policy.category_of_hashtag(t));
            let Some(category) = category else {
                let suggestion = (!written.is_empty())
                    .then(|| did_you_mean(written, policy.hxl.keys().map(String::as_str)))
                    .flatten()
                    .map(str::to_owned);
                return Err(GateError::UnmappedColumn {
                    column: i + 1,
                    header: name.clone(),
                    tag: (!written.is_empty()).then(|| written.to_owned()),
                    suggestion,
                });
            };
            list.push(Column {
                header: name.clone(),
                tag,
                category,
            });
        }
        let mut columns = Columns {
            list,
            ..Columns::default()
        };
        // By convention: the one `#date` column is the record's date, a `+weight` attribute
        // marks the sampling weight. Options override both.
        let dates: Vec<usize> = columns
            .list
            .iter()
            .enumerate()
            .filter(|(_, c)| c.tag.as_deref().is_some_and(|t| split_tag(t).0 == "#date"))
            .map(|(i, _)| i)
            .collect();
        if let [one] = dates.as_slice() {
            columns.date = Some(*one);
        }
        columns.weight = columns.list.iter().position(|c| {
            c.tag
                .as_deref()
                .is_some_and(|t| split_tag(t).1.contains(&"weight"))
        });
        columns.apply(roles)?;
        Ok(columns)
    }

    /// Columns from a column map: a CSV file of `column,category[,role]` lines (an optional
    /// first line `column,category,role` is a header), role one of `date`, `weight`, `sum`.
    /// Every column of the data must be mapped. A column mapped to a hashtag keeps it, so the
    /// release carries an HXL row as a tagged file's does (empty for columns mapped to a
    /// category by name).
    pub fn from_map(
        policy: &CompiledPolicy,
        header: &[String],
        map: &str,
        roles: &Roles,
    ) -> Result<Columns, GateError> {
        check_unique(header)?;
        let mut found: Vec<Option<(TermId, Option<String>)>> = vec![None; header.len()];
        let mut columns = Columns::default();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(map.as_bytes());
        for (n, record) in reader.records().enumerate() {
            let line = n as u64 + 1;
            let record = record.map_err(|_| GateError::BadMapLine { line })?;
            let cells: Vec<&str> = record.iter().map(str::trim).collect();
            if n == 0 && cells.first() == Some(&"column") && cells.get(1) == Some(&"category") {
                continue;
            }
            let (column, category, role) = match cells.as_slice() {
                [c, k] => (*c, *k, None),
                [c, k, r] => (*c, *k, (!r.is_empty()).then_some(*r)),
                _ => return Err(GateError::BadMapLine { line }),
            };
            let Some(index) = header.iter().position(|h| h == column) else {
                return Err(unknown_column(column, header));
            };
            // A hashtag is read as a tagged column's is: by the most specific declared tag.
            let (id, tag) = match category.strip_prefix('#') {
                Some(_) => {
                    let tag = crate::compile::normalise_hashtag(category);
                    let id = tag.as_deref().and_then(|t| policy.category_of_hashtag(t));
                    (id, tag)
                }
                None => (policy.categories.id(category), None),
            };
            let Some(id) = id else {
                return Err(GateError::UnknownCategory {
                    line,
                    category: category.to_owned(),
                    suggestion: did_you_mean(category, policy.categories.names())
                        .map(str::to_owned),
                });
            };
            if let Some(slot) = found.get_mut(index) {
                *slot = Some((id, tag));
            }
            match role {
                None => {}
                Some("date") => columns.date = Some(index),
                Some("weight") => columns.weight = Some(index),
                Some("sum") => columns.sums.push(index),
                Some(other) => {
                    return Err(GateError::UnknownRole {
                        line,
                        role: other.to_owned(),
                    });
                }
            }
        }
        for (i, (name, id)) in header.iter().zip(found).enumerate() {
            let Some((category, tag)) = id else {
                return Err(GateError::UnmappedColumn {
                    column: i + 1,
                    header: name.clone(),
                    tag: None,
                    suggestion: None,
                });
            };
            columns.list.push(Column {
                header: name.clone(),
                tag,
                category,
            });
        }
        columns.apply(roles)?;
        Ok(columns)
    }

    fn apply(&mut self, roles: &Roles) -> Result<(), GateError> {
        let find = |name: &str| -> Result<usize, GateError> {
            self.list
                .iter()
                .position(|c| c.header == name)
                .ok_or_else(|| {
                    let headers: Vec<String> = self.list.iter().map(|c| c.header.clone()).collect();
                    unknown_column(name, &headers)
                })
        };
        if let Some(d) = &roles.date {
            self.date = Some(find(d)?);
        }
        if let Some(w) = &roles.weight {
            self.weight = Some(find(w)?);
        }
        for s in &roles.sums {
            let i = find(s)?;
            if !self.sums.contains(&i) {
                self.sums.push(i);
            }
        }
        Ok(())
    }

    /// The distinct categories the columns hold, by name, in column order.
    pub fn category_names<'p>(&self, policy: &'p CompiledPolicy) -> Vec<&'p str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.list {
            let name = policy.categories.name(c.category);
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
}

fn unknown_column(name: &str, header: &[String]) -> GateError {
    GateError::UnknownColumn {
        column: name.to_owned(),
        suggestion: did_you_mean(name, header.iter().map(String::as_str)).map(str::to_owned),
    }
}

fn check_unique(header: &[String]) -> Result<(), GateError> {
    for (i, h) in header.iter().enumerate() {
        if header.iter().take(i).any(|o| o == h) {
            return Err(GateError::DuplicateColumn { header: h.clone() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    pub(crate) fn policy() -> Engine {
        Engine::from_sources([(
            "p.policy",
            r##"policy "t"
category personal personal hxl "#respondee"
category personal.name hxl "#respondee+name"
category personal.age hxl "#age"
category location hxl "#adm1"
category meta hxl "#date", "#indicator+weight"
"##,
        )])
        .unwrap()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hashtags_map_exactly_or_to_the_most_specific_declared_tag_they_contain() {
        let e = policy();
        let p = e.policy();
        let name = p.categories.id("personal.name").unwrap();
        assert_eq!(p.category_of_hashtag("#respondee+name"), Some(name));
        assert_eq!(p.category_of_hashtag("#respondee+last+name"), Some(name));
        assert_eq!(
            p.category_of_hashtag("#respondee+phone"),
            p.categories.id("personal")
        );
        assert_eq!(p.category_of_hashtag("#nope"), None);
    }

    #[test]
    fn an_unmapped_column_is_refused_by_name_with_a_near_miss() {
        let e = policy();
        let err = Columns::from_hxl(
            e.policy(),
            &strings(&["name", "place"]),
            &strings(&["#respondee+name", "#adm"]),
            &Roles::default(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            GateError::UnmappedColumn {
                column: 2,
                header: "place".into(),
                tag: Some("#adm".into()),
                suggestion: Some("#adm1".into()),
            }
        );
        let err = Columns::from_hxl(
            e.policy(),
            &strings(&["name", "note"]),
            &strings(&["#respondee+name", ""]),
            &Roles::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), "gate.unmapped_column");
    }

    #[test]
    fn the_date_and_weight_columns_are_found_by_convention() {
        let e = policy();
        let c = Columns::from_hxl(
            e.policy(),
            &strings(&["when", "w", "age"]),
            &strings(&["#date+registered", "#indicator+weight", "#age"]),
            &Roles::default(),
        )
        .unwrap();
        assert_eq!((c.date, c.weight), (Some(0), Some(1)));
    }

    #[test]
    fn a_column_map_maps_every_column_or_says_which_it_misses() {
        let e = policy();
        let header = strings(&["nm", "age", "day"]);
        let map = "column,category,role\nnm,personal.name\nage,personal.age,sum\nday,meta,date\n";
        let c = Columns::from_map(e.policy(), &header, map, &Roles::default()).unwrap();
        assert_eq!((c.date, c.sums.as_slice()), (Some(2), &[1][..]));
        let err = Columns::from_map(e.policy(), &header, "nm,personal.name\n", &Roles::default())
            .unwrap_err();
        assert_eq!(err.code(), "gate.unmapped_column");
        let err = Columns::from_map(e.policy(), &header, "nm,personal.nam\n", &Roles::default())
            .unwrap_err();
        assert_eq!(
            err,
            GateError::UnknownCategory {
                line: 1,
                category: "personal.nam".into(),
                suggestion: Some("personal.name".into())
            }
        );
    }
}
