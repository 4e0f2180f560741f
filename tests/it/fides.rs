//! Fides' own evaluation fixtures (tests/fides, Apache-2.0, see its NOTICE), imported with
//! `mandate import fides --project` and decided: every flow is forbidden exactly when Fides'
//! tests expect a violation for that declaration or dataset part.

use crate::common::TempDir;
use mandate::Engine;
use mandate::eval::{DenyKind, Flow, Outcome};
use mandate::import::fides_pack::{Manifest, PackError, PackOptions, fides_to_pack};
use std::collections::BTreeSet;
use std::path::Path;

fn corpus(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fides")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn options() -> PackOptions {
    PackOptions {
        name: "Fides corpus".into(),
        jurisdiction: "US".into(),
    }
}

/// Imports `file`, writes the pack, and returns the ids of the flows it forbids (every other
/// flow must be allowed).
fn forbidden(file: &str) -> BTreeSet<String> {
    let text = corpus(file);
    let pack = fides_to_pack(&[Manifest { file, text: &text }], &options())
        .unwrap_or_else(|e| panic!("{file}: {e:?}"));
    let dir = TempDir::new(&format!("fides-{}", file.replace('.', "-")));
    for (relative, content) in &pack.files {
        dir.write(relative, content);
    }
    let engine = Engine::from_path(dir.path())
        .unwrap_or_else(|e| panic!("{file}: the imported pack does not compile: {e}"));
    let mut out = BTreeSet::new();
    for (id, name) in &pack.flows {
        let json = &pack.files[&format!("flows/{name}")];
        let flow = Flow::from_json(json).expect("a flow");
        let d = engine.decide(&flow);
        match (d.decision, d.kind) {
            (Outcome::Allow, _) => {}
            (Outcome::Deny, Some(DenyKind::Forbidden)) => {
                assert!(
                    d.to_text().contains("Fides policy "),
                    "{file}: {id}: the deny cites the Fides policy and rule: {}",
                    d.to_text()
                );
                out.insert(id.clone());
            }
            _ => panic!("{file}: {id}: {}", d.to_text()),
        }
    }
    out
}

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn fides_declaration_fixtures_agree_with_fides() {
    // test_failed_evaluation_error_message: the declaration violates the rule.
    assert_eq!(
        forbidden("failing_declaration_taxonomy.yml"),
        ids(&["customer_data_sharing_system/Share Political Opinions"])
    );
    assert_eq!(forbidden("passing_declaration_taxonomy.yml"), ids(&[]));
}

#[test]
fn fides_dataset_fixtures_agree_with_fides() {
    let base = "customer_data_sharing_system/Share Political Opinions/dataset/test_db_dataset_failing_dataset";
    assert_eq!(forbidden("failing_dataset_taxonomy.yml"), ids(&[base]));
    assert_eq!(
        forbidden("failing_dataset_collection_taxonomy.yml"),
        ids(&[&format!("{base}/users")])
    );
    assert_eq!(
        forbidden("failing_dataset_field_taxonomy.yml"),
        ids(&[&format!("{base}/users/political_opinion")])
    );
    let nested = "client_analytics/Mesaure usage of users/dataset/test_failing_nested_dataset_field/organization/organization_address";
    assert_eq!(
        forbidden("failing_nested_dataset.yml"),
        ids(&[
            &format!("{nested}/city"),
            &format!("{nested}/state"),
            &format!("{nested}/street"),
        ])
    );
}

/// A declaration without data categories is valid and violates nothing, whatever `matches`.
#[test]
fn a_declaration_without_categories_passes() {
    assert_eq!(forbidden("empty_declaration.yml"), ids(&[]));
}

#[test]
fn errors_name_the_fides_file_and_key() {
    let text = corpus("failing_declaration_taxonomy.yml").replace("matches: ANY", "matches: SOME");
    let e = fides_to_pack(
        &[Manifest {
            file: "p.yml",
            text: &text,
        }],
        &options(),
    )
    .expect_err("an unknown matches");
    assert_eq!(
        e,
        PackError::Matches {
            file: "p.yml".into(),
            key: "policy/primary_privacy_policy/rules/reject_targeted_marketing/data_categories/matches".into(),
            found: "SOME".into(),
        }
    );
    let fr = mandate::words::fides_error(mandate::words::Lang::FR, &e);
    assert!(
        fr.contains("p.yml") && fr.contains("Fides connaît ANY"),
        "{fr}"
    );
    let text = corpus("failing_dataset_taxonomy.yml").replace(
        "- test_db_dataset_failing_dataset\n\npolicy",
        "- nowhere\n\npolicy",
    );
    let e = fides_to_pack(
        &[Manifest {
            file: "d.yml",
            text: &text,
        }],
        &options(),
    )
    .expect_err("an unknown dataset");
    assert!(
        matches!(e, PackError::UnknownDataset { ref dataset, .. } if dataset == "nowhere"),
        "{e:?}"
    );
}

/// A hostile key cannot name a file outside the pack folder.
#[test]
fn a_fides_key_never_escapes_the_pack_folder() {
    let text = corpus("failing_declaration_taxonomy.yml")
        .replace("customer_data_sharing_system", "../../../../tmp/evil")
        .replace("Share Political Opinions", "../../x/..");
    let pack = fides_to_pack(
        &[Manifest {
            file: "p.yml",
            text: &text,
        }],
        &options(),
    )
    .expect("imports");
    for path in pack.files.keys() {
        assert!(!path.contains("..") && !path.starts_with('/'), "{path}");
    }
}

/// A Fides `evaluation` resource states what Fides found; the import writes it as
/// `flows/expected.json`, so that `mandate test` checks the pack against it.
#[test]
fn a_fides_evaluation_becomes_the_packs_expectations() {
    let text = corpus("failing_declaration_taxonomy.yml")
        + "\nevaluation:\n  - fides_key: expected\n    status: FAIL\n    violations:\n      - detail: \"Declaration (Share Political Opinions) of system (customer_data_sharing_system) failed rule (reject_targeted_marketing) from policy (primary_privacy_policy). Violated usage of data categories (user.demographic.political_opinion) for data uses (marketing.advertising.third_party) and subjects (customer)\"\n";
    let pack = fides_to_pack(
        &[Manifest {
            file: "p.yml",
            text: &text,
        }],
        &options(),
    )
    .expect("imports");
    let expected: serde_json::Value =
        serde_json::from_str(&pack.files["flows/expected.json"]).expect("JSON");
    let (_, name) = &pack.flows[0];
    assert_eq!(
        expected[name],
        serde_json::json!({"decision": "deny", "kind": "forbidden",
                           "rules": ["primary_privacy_policy/reject_targeted_marketing"]})
    );
    // Without an evaluation, no expectations are invented.
    let plain = corpus("failing_declaration_taxonomy.yml");
    let pack = fides_to_pack(
        &[Manifest {
            file: "p.yml",
            text: &plain,
        }],
        &options(),
    )
    .expect("imports");
    assert!(!pack.files.contains_key("flows/expected.json"));
}

/// `mandate import fides --project` writes a pack that validates and whose flows `check`
/// decides as Fides does; an error names the file and key, in the reader's language.
#[test]
fn the_command_writes_a_pack_and_names_errors() {
    use crate::common::{code, mandate};
    let dir = TempDir::new("fides-cli");
    let out = dir.path().join("pack");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fides/failing_dataset_taxonomy.yml");
    let o = mandate(
        &[
            "import",
            "fides",
            "--project",
            fixture.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("fides.policy").is_file() && out.join("fideslang/fides.policy").is_file());
    let o = mandate(&["validate", out.to_str().expect("utf-8")], None);
    assert_eq!(
        code(&o),
        0,
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let flows: Vec<_> = std::fs::read_dir(out.join("flows"))
        .expect("flows")
        .filter_map(Result::ok)
        .collect();
    assert_eq!(flows.len(), 3, "the declaration, the dataset and its field");

    let bad = dir.write(
        "bad.yml",
        &corpus("failing_declaration_taxonomy.yml").replace("matches: ANY", "matches: MOST"),
    );
    let o = mandate(
        &[
            "--lang",
            "fr",
            "import",
            "fides",
            "--project",
            bad.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("erreur[fides.matches] : ")
            && err.contains("bad.yml")
            && err.contains("Fides connaît"),
        "{err}"
    );
}

/// A project with a Fides `evaluation` imports into a pack that `mandate test` checks, with
/// coverage of the imported rule.
#[test]
fn an_imported_pack_with_an_evaluation_passes_mandate_test() {
    use crate::common::{code, mandate};
    let dir = TempDir::new("fides-test-cli");
    let text = corpus("failing_declaration_taxonomy.yml")
        + "\nevaluation:\n  - fides_key: expected\n    status: FAIL\n    violations:\n      - detail: \"Declaration (Share Political Opinions) of system (customer_data_sharing_system) failed rule (reject_targeted_marketing) from policy (primary_privacy_policy).\"\n";
    let project = dir.write("project.yml", &text);
    let out = dir.path().join("pack");
    let o = mandate(
        &[
            "import",
            "fides",
            "--project",
            project.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let o = mandate(&["test", out.to_str().expect("utf-8"), "--coverage"], None);
    let text =
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(&o), 0, "{text}");
    assert!(
        text.contains("primary_privacy_policy/reject_targeted_marketing"),
        "{text}"
    );
}
