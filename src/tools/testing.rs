//! Policy tests: proposed flows with the decision a legal officer expects for them.
//!
//! A pack's tests are found in two places (both optional):
//!
//! - `flows/expected.json`: a map from the file name of a flow in `flows/` to its expectation
//!   (the format of the bundled baseline pack, so its example flows are its tests);
//! - `tests/*.json`: one test per file, `{ "name": "…", "flow": { … } }` or
//!   `{ "name": "…", "flow_file": "../flows/x.json" }`, with an `"expect"` object and an
//!   optional `"description"` for the reader.
//!
//! An expectation is `{ "decision": "allow|deny|review", "kind": "…", "rules": […],
//! "obligations": […] }`; only `decision` is required, and each other field is checked only
//! when it is given (`rules` and `obligations` compare as sets; an obligation is its text as
//! decisions print it, e.g. `retain at most 90 days`).

use crate::eval::{self, DenyKind, Flow, Outcome, Traced};
use crate::model::CompiledPolicy;
use serde::{Deserialize, Serialize};

/// What a test expects of the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// allow, deny or review.
    pub decision: Outcome,
    /// The deny kind; not checked when absent (or `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DenyKind>,
    /// The names of the determining rules, as a set; not checked when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<String>>,
    /// The obligations' texts, as a set; not checked when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obligations: Option<Vec<String>>,
}

/// Why a test's flow or expectation could not be read. The file names are as shown to the
/// user; `detail` is the reader's own message (a JSON parser's or the file system's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CaseError {
    /// A file could not be read.
    Unreadable {
        /// The file.
        file: String,
        /// The file system's message.
        detail: String,
    },
    /// `flows/expected.json` is not a map from flow file name to expectation.
    NotAMap {
        /// The file.
        file: String,
        /// The parser's message.
        detail: String,
    },
    /// One expectation in `flows/expected.json` is not an expectation.
    BadExpectation {
        /// `flows/expected.json`.
        file: String,
        /// The flow file it is for.
        flow: String,
        /// The parser's message.
        detail: String,
    },
    /// A flow in `flows/` has no expectation.
    NoExpectation {
        /// The flow.
        file: String,
        /// `flows/expected.json`.
        expected: String,
    },
    /// A test file is not a test.
    NotATest {
        /// The file.
        file: String,
        /// Where the parser stopped.
        line: usize,
        /// Where the parser stopped.
        column: usize,
        /// The parser's message.
        detail: String,
    },
    /// A test gives both `flow` and `flow_file`, or neither.
    FlowOrFile {
        /// The test file.
        file: String,
    },
    /// A test's `flow_file` leads outside the pack (or is not a relative path).
    OutsidePack {
        /// The test file.
        file: String,
        /// The path it gives.
        path: String,
    },
}

/// A way a test fails: a difference from its expectation, or an input it could not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TestProblem {
    /// The decision, kind, rules or obligations differ from the expectation.
    Differs(Mismatch),
    /// The flow or the expectation could not be read.
    Input(CaseError),
}

/// A difference between what a test expects and what the policy decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Mismatch {
    /// Another decision.
    Decision {
        /// Expected.
        expected: Outcome,
        /// Decided.
        got: Outcome,
    },
    /// Another deny kind (or none).
    Kind {
        /// Expected.
        expected: DenyKind,
        /// Decided.
        got: Option<DenyKind>,
    },
    /// Other determining rules.
    Rules {
        /// Expected, sorted.
        expected: Vec<String>,
        /// Decided, sorted.
        got: Vec<String>,
    },
    /// Other obligations.
    Obligations {
        /// Expected, sorted.
        expected: Vec<String>,
        /// Decided, sorted.
        got: Vec<String>,
    },
}

/// One test case: a flow and what it should get.
#[derive(Clone, Debug)]
pub struct Case {
    /// Its name (a file stem, or the `name` of a test file).
    pub name: String,
    /// The file it comes from, as shown to the user.
    pub file: String,
    /// The flow as JSON text, or why it could not be read.
    pub flow: Result<String, CaseError>,
    /// The expectation, or why it could not be read.
    pub expect: Result<Expect, CaseError>,
}

/// What a test got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Got {
    /// allow, deny or review.
    pub decision: Outcome,
    /// The deny kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<DenyKind>,
    /// The determining rules, sorted, without duplicates.
    pub rules: Vec<String>,
    /// The obligations' texts, sorted.
    pub obligations: Vec<String>,
}

/// The result of one test.
#[derive(Clone, Debug, Serialize)]
pub struct CaseResult {
    /// The test's name.
    pub name: String,
    /// Its file.
    pub file: String,
    /// True when the decision met every stated expectation.
    pub ok: bool,
    /// What was expected, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Expect>,
    /// What the policy decided.
    pub got: Got,
    /// Each way the test fails (rendered in words by [`to_text_in`]).
    pub problems: Vec<TestProblem>,
    /// The full evaluation (for coverage and explanations; not serialised).
    #[serde(skip)]
    pub traced: Traced,
    /// The flow, when it could be read (for coverage and explanations).
    #[serde(skip)]
    pub parsed: Option<Flow>,
}

/// The results of a pack's tests.
#[derive(Clone, Debug, Serialize)]
pub struct TestReport {
    /// Every test, in name order.
    pub results: Vec<CaseResult>,
    /// How many passed.
    pub passed: usize,
    /// How many failed.
    pub failed: usize,
}

impl TestReport {
    /// True when every test passed.
    pub fn ok(&self) -> bool {
        self.failed == 0
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Runs `cases` against `policy`. Never panics: an unreadable flow is decided as the engine
/// decides it (a deny of kind `error`), and an unreadable expectation fails its test.
pub fn run(policy: &CompiledPolicy, cases: &[Case]) -> TestReport {
    let mut results: Vec<CaseResult> = cases.iter().map(|c| run_one(policy, c)).collect();
    results.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.file.cmp(&b.file)));
    let passed = results.iter().filter(|r| r.ok).count();
    TestReport {
        failed: results.len() - passed,
        passed,
        results,
    }
}

fn run_one(policy: &CompiledPolicy, case: &Case) -> CaseResult {
    let mut problems = Vec::new();
    let parsed = match &case.flow {
        Ok(text) => Flow::from_json(text).ok(),
        Err(e) => {
            problems.push(TestProblem::Input(e.clone()));
            None
        }
    };
    let traced = match (&parsed, &case.flow) {
        (Some(flow), _) => eval::trace(policy, flow),
        // The engine's own verdict on an unreadable flow: a deny of kind `error`.
        (None, Ok(text)) => Traced {
            decision: crate::Engine::from_compiled(policy.clone()).decide_json(text),
            hops: Vec::new(),
            categories: Vec::new(),
        },
        (None, Err(_)) => Traced {
            decision: eval::Decision::error(&case.name, &policy.hash, Vec::new()),
            hops: Vec::new(),
            categories: Vec::new(),
        },
    };
    let d = &traced.decision;
    let got = Got {
        decision: d.decision,
        kind: d.kind,
        rules: sorted(d.determining.iter().map(|r| r.rule.to_string()).collect()),
        obligations: sorted(d.obligations.iter().map(|o| o.text.clone()).collect()),
    };
    let expected = match &case.expect {
        Ok(e) => Some(e.clone()),
        Err(e) => {
            // The same unreadable test file is both its flow and its expectation: said once.
            let p = TestProblem::Input(e.clone());
            if !problems.contains(&p) {
                problems.push(p);
            }
            None
        }
    };
    if let Some(want) = &expected {
        problems.extend(compare(want, &got).into_iter().map(TestProblem::Differs));
    }
    CaseResult {
        name: case.name.clone(),
        file: case.file.clone(),
        ok: problems.is_empty(),
        expected,
        got,
        problems,
        traced,
        parsed,
    }
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Allow => "allow",
        Outcome::Deny => "deny",
        Outcome::Review => "review",
    }
}

/// The snake_case word of a deny kind, as flows and expectations write it.
pub fn kind_word(k: DenyKind) -> &'static str {
    match k {
        DenyKind::Error => "error",
        DenyKind::Forbidden => "forbidden",
        DenyKind::Gap => "gap",
        DenyKind::ReviewRequired => "review_required",
        DenyKind::NotPermitted => "not_permitted",
    }
}

fn compare(want: &Expect, got: &Got) -> Vec<Mismatch> {
    let mut problems = Vec::new();
    if want.decision != got.decision {
        problems.push(Mismatch::Decision {
            expected: want.decision,
            got: got.decision,
        });
    }
    if let Some(kind) = want.kind
        && got.kind != Some(kind)
    {
        problems.push(Mismatch::Kind {
            expected: kind,
            got: got.kind,
        });
    }
    if let Some(rules) = &want.rules {
        let rules = sorted(rules.clone());
        if rules != got.rules {
            problems.push(Mismatch::Rules {
                expected: rules,
                got: got.rules.clone(),
            });
        }
    }
    if let Some(obligations) = &want.obligations {
        let obligations = sorted(obligations.clone());
        if obligations != got.obligations {
            problems.push(Mismatch::Obligations {
                expected: obligations,
                got: got.obligations.clone(),
            });
        }
    }
    problems
}

/// A test's problem in words, in `lang`. Names, file names and the readers' own messages
/// are escaped for the terminal.
pub fn problem_words(lang: crate::words::Lang, p: &TestProblem) -> String {
    use crate::escape::Visible as V;
    use crate::words::{self, args};
    let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
    let none = || words::message(lang, "diff-nothing", None);
    let list = |v: &[String]| {
        if v.is_empty() {
            none()
        } else {
            let quoted: Vec<String> = v
                .iter()
                .map(|s| say("quoted", &args!("name" => V(s).to_string())))
                .collect();
            quoted.join(", ")
        }
    };
    match p {
        TestProblem::Differs(Mismatch::Decision { expected, got }) => say(
            "test-problem-decision",
            &args!("expected" => outcome_word(*expected), "got" => outcome_word(*got)),
        ),
        TestProblem::Differs(Mismatch::Kind { expected, got }) => say(
            "test-problem-kind",
            &args!(
                "expected" => kind_word(*expected),
                "got" => got.map_or_else(none, |k| kind_word(k).to_owned())
            ),
        ),
        TestProblem::Differs(Mismatch::Rules { expected, got }) => say(
            "test-problem-rules",
            &args!("expected" => list(expected), "got" => list(got)),
        ),
        TestProblem::Differs(Mismatch::Obligations { expected, got }) => say(
            "test-problem-obligations",
            &args!("expected" => list(expected), "got" => list(got)),
        ),
        TestProblem::Input(e) => {
            let v = |s: &str| V(s).to_string();
            match e {
                CaseError::Unreadable { file, detail } => say(
                    "test-problem-unreadable",
                    &args!("file" => v(file), "detail" => v(detail)),
                ),
                CaseError::NotAMap { file, detail } => say(
                    "test-problem-not-a-map",
                    &args!("file" => v(file), "detail" => v(detail)),
                ),
                CaseError::BadExpectation { file, flow, detail } => say(
                    "test-problem-bad-expectation",
                    &args!("file" => v(file), "flow" => v(flow), "detail" => v(detail)),
                ),
                CaseError::NoExpectation { file, expected } => say(
                    "test-problem-no-expectation",
                    &args!("file" => v(file), "expected" => v(expected)),
                ),
                CaseError::NotATest {
                    file,
                    line,
                    column,
                    detail,
                } => say(
                    "test-problem-not-a-test",
                    &args!(
                        "file" => v(file),
                        "line" => line.to_string(),
                        "column" => column.to_string(),
                        "detail" => v(detail)
                    ),
                ),
                CaseError::FlowOrFile { file } => {
                    say("test-problem-flow-or-file", &args!("file" => v(file)))
                }
                CaseError::OutsidePack { file, path } => say(
                    "test-problem-outside-pack",
                    &args!("file" => v(file), "path" => v(path)),
                ),
            }
        }
    }
}

/// The report as cargo-test-like text, in English. Failing tests show what was expected,
/// what happened and the explanation of the decision.
pub fn to_text(policy: &CompiledPolicy, report: &TestReport) -> String {
    to_text_in(policy, report, crate::words::Lang::EN)
}

/// The report as cargo-test-like text, its sentences, the problems of failing tests and the
/// explanations of failures in `lang`.
pub fn to_text_in(
    policy: &CompiledPolicy,
    report: &TestReport,
    lang: crate::words::Lang,
) -> String {
    // Test names, file names and problems come from the test files: escaped for the
    // terminal. The embedded explanations escape their own strings.
    use crate::escape::Visible as V;
    use crate::words::{self, args};
    use std::fmt::Write;
    let say = |id: &str, a: Option<&words::Args<'_>>| words::message(lang, id, a);
    let mut out = String::new();
    let n = report.results.len();
    let name = say(
        "quoted",
        Some(&args!("name" => V(&policy.name).to_string())),
    );
    let _ = writeln!(
        out,
        "{}",
        say("test-running", Some(&args!("count" => n, "policy" => name)))
    );
    let ok = say("test-ok", None);
    let failed = say("test-failed", None);
    for r in &report.results {
        let _ = writeln!(
            out,
            "{}",
            say(
                "test-line",
                Some(&args!(
                    "name" => V(&r.name).to_string(),
                    "result" => if r.ok { ok.as_str() } else { failed.as_str() }
                ))
            )
        );
    }
    let failures: Vec<&CaseResult> = report.results.iter().filter(|r| !r.ok).collect();
    if !failures.is_empty() {
        let heading = say("test-failures", None);
        let _ = writeln!(out, "\n{heading}");
        for r in &failures {
            let _ = writeln!(out, "\n---- {} ({}) ----", V(&r.name), V(&r.file));
            for p in &r.problems {
                let _ = writeln!(out, "{}", problem_words(lang, p));
            }
            let _ = writeln!(out, "{}", say("test-what-happened", None));
            // The full explanation when the flow could be read; the engine's verdict on an
            // unreadable one (a deny of kind `error` naming the problem) otherwise.
            let text = match &r.parsed {
                Some(flow) => crate::explain::to_text_in(
                    &crate::explain::explain_in(policy, flow, lang),
                    false,
                    lang,
                ),
                None => r.traced.decision.to_text(),
            };
            for line in text.lines() {
                if line.trim().is_empty() {
                    out.push('\n');
                    continue;
                }
                let _ = writeln!(out, "  {line}");
            }
        }
        let _ = writeln!(out, "\n{heading}");
        for r in &failures {
            let _ = writeln!(out, "    {}", V(&r.name));
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        say(
            "test-result",
            Some(&args!(
                "result" => if report.ok() { ok } else { failed },
                "passed" => report.passed,
                "failed" => report.failed
            ))
        )
    );
    out
}

#[cfg(feature = "fs")]
pub use load::{LoadTestsError, load_cases};

#[cfg(feature = "fs")]
mod load {
    use super::{Case, CaseError, Expect};
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    /// Why a pack's tests could not be found at all.
    #[derive(Debug, thiserror::Error)]
    pub enum LoadTestsError {
        /// Neither `flows/expected.json` nor `tests/*.json`.
        #[error(
            "{0}: no tests: write `flows/expected.json` or test files in `tests/` (see docs/policy-tools.md)"
        )]
        NoTests(PathBuf),
        /// The file system refused.
        #[error("{0}: {1}")]
        Io(PathBuf, std::io::Error),
    }

    fn shown(p: &Path) -> String {
        p.display().to_string().replace('\\', "/")
    }

    fn json_files(dir: &Path) -> Result<Vec<PathBuf>, LoadTestsError> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| LoadTestsError::Io(dir.to_owned(), e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        Ok(files)
    }

    fn read(path: &Path) -> Result<String, CaseError> {
        std::fs::read_to_string(path).map_err(|e| CaseError::Unreadable {
            file: shown(path),
            detail: e.to_string(),
        })
    }

    /// Test file: a flow (inline or by file) and its expectation.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct TestFile {
        name: Option<String>,
        /// What the test shows, for the reader; not checked.
        #[serde(rename = "description", default)]
        _description: Option<String>,
        flow: Option<serde_json::Value>,
        flow_file: Option<String>,
        expect: Expect,
    }

    /// Reads the tests of the pack at `pack`: `flows/expected.json` and `tests/*.json`.
    pub fn load_cases(pack: &Path) -> Result<Vec<Case>, LoadTestsError> {
        let mut cases = Vec::new();
        let flows = pack.join("flows");
        let expected_path = flows.join("expected.json");
        let tests = pack.join("tests");
        let has_expected = expected_path.is_file();
        if !has_expected && !tests.is_dir() {
            return Err(LoadTestsError::NoTests(pack.to_owned()));
        }
        if has_expected {
            let text = std::fs::read_to_string(&expected_path)
                .map_err(|e| LoadTestsError::Io(expected_path.clone(), e))?;
            let table: Result<BTreeMap<String, serde_json::Value>, _> = serde_json::from_str(&text);
            match table {
                Err(e) => cases.push(Case {
                    name: "flows/expected.json".into(),
                    file: shown(&expected_path),
                    flow: Err(CaseError::NotAMap {
                        file: shown(&expected_path),
                        detail: e.to_string(),
                    }),
                    expect: Err(CaseError::NotAMap {
                        file: shown(&expected_path),
                        detail: e.to_string(),
                    }),
                }),
                Ok(table) => {
                    for (file, want) in &table {
                        let path = flows.join(file);
                        cases.push(Case {
                            name: file.trim_end_matches(".json").to_owned(),
                            file: shown(&path),
                            flow: read(&path),
                            expect: Expect::deserialize_value(want).map_err(|e| {
                                CaseError::BadExpectation {
                                    file: shown(&expected_path),
                                    flow: file.clone(),
                                    detail: e.to_string(),
                                }
                            }),
                        });
                    }
                    // A flow without an expectation is a test nobody wrote down: say so.
                    for path in json_files(&flows)? {
                        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                        if let Some(name) =
                            name.filter(|n| n != "expected.json" && !table.contains_key(n))
                        {
                            cases.push(Case {
                                name: name.trim_end_matches(".json").to_owned(),
                                file: shown(&path),
                                flow: read(&path),
                                expect: Err(CaseError::NoExpectation {
                                    file: shown(&path),
                                    expected: shown(&expected_path),
                                }),
                            });
                        }
                    }
                }
            }
        }
        if tests.is_dir() {
            for path in json_files(&tests)? {
                cases.push(test_file(pack, &path));
            }
        }
        Ok(cases)
    }

    fn test_file(pack: &Path, path: &Path) -> Case {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let failed = |e: CaseError| Case {
            name: stem.clone(),
            file: shown(path),
            flow: Err(e.clone()),
            expect: Err(e),
        };
        let text = match read(path) {
            Ok(t) => t,
            Err(e) => return failed(e),
        };
        let test: TestFile = match serde_json::from_str(&text) {
            Ok(t) => t,
            Err(e) => {
                return failed(CaseError::NotATest {
                    file: shown(path),
                    line: e.line(),
                    column: e.column(),
                    detail: e.to_string(),
                });
            }
        };
        let flow = match (test.flow, test.flow_file) {
            (Some(flow), None) => Ok(flow.to_string()),
            (None, Some(file)) => within_pack(pack, path, &file).and_then(|p| read(&p)),
            _ => Err(CaseError::FlowOrFile { file: shown(path) }),
        };
        Case {
            name: test.name.unwrap_or(stem),
            file: shown(path),
            flow,
            expect: Ok(test.expect),
        }
    }

    /// The file a test's `flow_file` names, relative to the test file: only a relative path
    /// that stays inside the pack (after following links), so that a test file cannot make
    /// `mandate test` read, and show, a file from elsewhere on the machine.
    fn within_pack(pack: &Path, test: &Path, file: &str) -> Result<PathBuf, CaseError> {
        let outside = || CaseError::OutsidePack {
            file: shown(test),
            path: file.to_owned(),
        };
        if Path::new(file).is_absolute() {
            return Err(outside());
        }
        let base = test.parent().unwrap_or(Path::new("."));
        let wanted = base.join(file);
        let unreadable = |at: &Path, e: std::io::Error| CaseError::Unreadable {
            file: shown(at),
            detail: e.to_string(),
        };
        let root = pack.canonicalize().map_err(|e| unreadable(pack, e))?;
        let found = wanted.canonicalize().map_err(|e| unreadable(&wanted, e))?;
        if found.starts_with(&root) {
            Ok(found)
        } else {
            Err(outside())
        }
    }

    impl Expect {
        fn deserialize_value(v: &serde_json::Value) -> Result<Expect, serde_json::Error> {
            serde::Deserialize::deserialize(v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn got() -> Got {
        Got {
            decision: Outcome::Deny,
            kind: Some(DenyKind::Forbidden),
            rules: vec!["a".into(), "b".into()],
            obligations: Vec::new(),
        }
    }

    #[test]
    fn only_stated_expectations_are_checked_and_lists_compare_as_sets() {
        let want = Expect {
            decision: Outcome::Deny,
            kind: None,
            rules: Some(vec!["b".into(), "a".into(), "a".into()]),
            obligations: None,
        };
        assert!(compare(&want, &got()).is_empty());
        let wrong = Expect {
            decision: Outcome::Allow,
            kind: Some(DenyKind::Gap),
            rules: Some(Vec::new()),
            obligations: Some(vec!["encrypt at_rest".into()]),
        };
        let problems = compare(&wrong, &got());
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(
            problems[1],
            Mismatch::Kind {
                expected: DenyKind::Gap,
                got: Some(DenyKind::Forbidden)
            }
        );
        assert_eq!(
            problem_words(
                crate::words::Lang::EN,
                &TestProblem::Differs(problems[1].clone())
            ),
            "expected kind gap, got forbidden"
        );
    }

    #[test]
    fn expectations_refuse_unknown_fields() {
        let typo: Result<Expect, _> = serde_json::from_str(r#"{"decison":"allow"}"#);
        assert!(typo.is_err());
        let ok: Expect =
            serde_json::from_str(r#"{"decision":"deny","kind":null,"rules":[]}"#).expect("reads");
        assert_eq!(ok.kind, None);
        assert_eq!(ok.rules, Some(Vec::new()));
    }
}
