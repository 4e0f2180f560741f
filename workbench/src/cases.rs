//! A pack's tests read from memory, by the rules of `mandate test`: `flows/expected.json`
//! maps the file name of a flow in `flows/` to its expectation, and each `tests/*.json` is
//! one test (`name`, `flow` or `flow_file`, `expect`). The loader of the command line reads
//! a disk; this one reads the page's files, so the same cases reach the same
//! [`testing::run`](mandate::tools::testing::run).

use mandate::tools::testing::{Case, CaseError, Expect};
use serde::Deserialize;
use std::collections::BTreeMap;

const EXPECTED: &str = "flows/expected.json";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    name: Option<String>,
    #[serde(rename = "description", default)]
    _description: Option<String>,
    flow: Option<serde_json::Value>,
    flow_file: Option<String>,
    expect: Expect,
}

/// Every test case of the pack in `files`, in the command line's order.
pub fn load(files: &BTreeMap<String, String>) -> Vec<Case> {
    let mut cases = Vec::new();
    let read = |name: &str| {
        files
            .get(name)
            .cloned()
            .ok_or_else(|| CaseError::Unreadable {
                file: name.to_owned(),
                detail: "no such file in the pack".into(),
            })
    };
    if let Some(text) = files.get(EXPECTED) {
        match serde_json::from_str::<BTreeMap<String, serde_json::Value>>(text) {
            Err(e) => {
                let why = CaseError::NotAMap {
                    file: EXPECTED.into(),
                    detail: e.to_string(),
                };
                cases.push(Case {
                    name: EXPECTED.into(),
                    file: EXPECTED.into(),
                    flow: Err(why.clone()),
                    expect: Err(why),
                });
            }
            Ok(table) => {
                for (file, want) in &table {
                    let path = format!("flows/{file}");
                    let flow = if file.contains('/') || file.contains('\\') {
                        Err(CaseError::OutsidePack {
                            file: EXPECTED.into(),
                            path: file.clone(),
                        })
                    } else {
                        read(&path)
                    };
                    cases.push(Case {
                        name: file.trim_end_matches(".json").to_owned(),
                        file: path,
                        flow,
                        expect: Expect::deserialize(want).map_err(|e| CaseError::BadExpectation {
                            file: EXPECTED.into(),
                            flow: file.clone(),
                            detail: e.to_string(),
                        }),
                    });
                }
                for path in files.keys() {
                    let Some(name) = path.strip_prefix("flows/") else {
                        continue;
                    };
                    if name.contains('/') || !name.ends_with(".json") || path == EXPECTED {
                        continue;
                    }
                    if !table.contains_key(name) {
                        cases.push(Case {
                            name: name.trim_end_matches(".json").to_owned(),
                            file: path.clone(),
                            flow: read(path),
                            expect: Err(CaseError::NoExpectation {
                                file: path.clone(),
                                expected: EXPECTED.into(),
                            }),
                        });
                    }
                }
            }
        }
    }
    for (path, text) in files {
        let Some(stem) = path
            .strip_prefix("tests/")
            .filter(|n| !n.contains('/'))
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        cases.push(test_file(path, stem, text, &read));
    }
    cases
}

fn test_file(
    path: &str,
    stem: &str,
    text: &str,
    read: &dyn Fn(&str) -> Result<String, CaseError>,
) -> Case {
    let failed = |e: CaseError| Case {
        name: stem.to_owned(),
        file: path.to_owned(),
        flow: Err(e.clone()),
        expect: Err(e),
    };
    let test: TestFile = match serde_json::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            return failed(CaseError::NotATest {
                file: path.to_owned(),
                line: e.line(),
                column: e.column(),
                detail: e.to_string(),
            });
        }
    };
    let flow = match (test.flow, test.flow_file) {
        (Some(flow), None) => Ok(flow.to_string()),
        (None, Some(file)) => match crate::pack::join_path("tests", &file) {
            Some(target) => read(&target),
            None => Err(CaseError::OutsidePack {
                file: path.to_owned(),
                path: file,
            }),
        },
        _ => Err(CaseError::FlowOrFile {
            file: path.to_owned(),
        }),
    };
    Case {
        name: test.name.unwrap_or_else(|| stem.to_owned()),
        file: path.to_owned(),
        flow,
        expect: Ok(test.expect),
    }
}
