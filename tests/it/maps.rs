//! Whole data maps: the bundled maps with their known violating paths, and small maps for
//! cycles, diamonds, purpose drift, onward-transfer terms and errors.

use mandate::Engine;
use mandate::map::{Analysis, Map, ReachQuery, analyse, analyse_with};
use std::sync::OnceLock;

// Tests run in the package root, so positions in decisions stay relative paths.
const PACK: &str = "policies/humanitarian-baseline";

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::from_path(PACK).expect("the baseline pack compiles"))
}

fn bundled(name: &str) -> Map {
    let file = format!("{PACK}/maps/{name}.toml");
    let text = std::fs::read_to_string(&file).expect("the bundled map exists");
    Map::from_toml(&format!("maps/{name}.toml"), &text, engine().policy())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn inline(text: &str) -> Map {
    Map::from_toml("map.toml", text, engine().policy()).unwrap_or_else(|e| panic!("{e}"))
}

/// Each reported violation as (transfer names along the witness path, the rules that
/// decided its failing hop, sorted).
fn violations(a: &Analysis<'_>) -> Vec<(Vec<String>, Vec<String>)> {
    a.violations()
        .into_iter()
        .map(|(t, _)| {
            let p = a.path_report(t, 1);
            let steps = p.steps.iter().map(|s| s.transfer.clone()).collect();
            let mut rules: Vec<String> = p
                .decision
                .determining
                .iter()
                .filter(|r| r.hop == Some(p.hop))
                .map(|r| {
                    r.check
                        .map_or_else(|| r.rule.clone(), |c| c.id().to_owned())
                })
                .collect();
            rules.sort();
            rules.dedup();
            (steps, rules)
        })
        .collect()
}

fn v(steps: &[&str], rules: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut rules: Vec<String> = rules.iter().map(|s| s.to_string()).collect();
    rules.sort();
    (steps.iter().map(|s| s.to_string()).collect(), rules)
}

const AGREEMENT: &str = "Personal data leaves the organisation only under a written agreement";
const BORDERS: &str = "Personal data crosses borders only with safeguards";
const MANDATE: &str = "No use incompatible with the humanitarian mandate";
// Built-in checks by their stable ids.
const PURPOSE: &str = "builtin.purpose_limitation";
const UPSTREAM: &str = "builtin.onward_transfer";
const OBLIGATION: &str = "builtin.onward_obligation";

#[test]
fn kakuma_registration_has_its_known_violating_paths() {
    let map = bundled("kakuma-registration");
    let a = analyse(engine(), &map);
    assert_eq!(
        violations(&a),
        vec![
            v(&["cash eligibility list"], &[AGREEMENT]),
            v(
                &["joint registration sync"],
                &["Biometric data never reaches state authorities"]
            ),
            v(
                &["nightly backup", "provider disaster-recovery replica"],
                &[AGREEMENT, BORDERS, UPSTREAM, OBLIGATION]
            ),
            v(
                &[
                    "registration sync to headquarters",
                    "beneficiary list for donor screening"
                ],
                &[MANDATE, AGREEMENT, BORDERS, PURPOSE]
            ),
            v(
                &["distribution notices", "vendor marketing reuse"],
                &[MANDATE, AGREEMENT, PURPOSE, UPSTREAM, OBLIGATION]
            ),
            v(&["GBV referral", "onward legal-aid referral"], &[UPSTREAM]),
        ]
    );
    // The allowed chains stay allowed: backup, WFP and its payout, SMS notices, the GBV
    // referral, aggregates to the donor.
    let allowed: Vec<&str> = a
        .transitions
        .iter()
        .filter(|t| a.decisions[t.decision as usize].is_allowed())
        .map(|t| map.transfers[t.transfer as usize].label.as_str())
        .collect();
    for name in [
        "nightly backup",
        "cash caseload",
        "payout list",
        "deduplication results",
        "distribution notices",
        "GBV referral",
        "population figures for donor reporting",
    ] {
        assert!(allowed.contains(&name), "{name} is allowed: {allowed:?}");
    }
}

#[test]
fn rfl_tracing_has_its_known_violating_paths() {
    let map = bundled("rfl-tracing");
    let a = analyse(engine(), &map);
    assert_eq!(
        violations(&a),
        vec![
            v(&["registration extract to South Sudan"], &[BORDERS]),
            v(&["police request for whereabouts"], &[MANDATE, PURPOSE]),
            v(&["call reminders"], &[AGREEMENT, PURPOSE]),
            // What the Kenya Red Cross received for tracing may move on only within the
            // Family Links Network: to the police or an SMS vendor it may not.
            v(
                &["tracing referral", "police request for whereabouts"],
                &[MANDATE, OBLIGATION, PURPOSE]
            ),
            v(
                &["tracing referral", "call reminders"],
                &[AGREEMENT, OBLIGATION, PURPOSE]
            ),
            v(
                &[
                    "registration extract to South Sudan",
                    "list of sought persons published"
                ],
                &[
                    "Only data classified low is published",
                    BORDERS,
                    "Personal data is never published"
                ]
            ),
            v(
                &[
                    "case to the Central Tracing Agency",
                    "tracing request to Juba",
                    "files for identification of remains"
                ],
                &[PURPOSE]
            ),
            v(
                &[
                    "case to the Central Tracing Agency",
                    "tracing request to Juba",
                    "tracing request to South Sudan Red Cross",
                    "list of sought persons published"
                ],
                &[
                    "Only data classified low is published",
                    BORDERS,
                    "Personal data is never published",
                    OBLIGATION
                ]
            ),
        ]
    );
}

#[test]
fn snapshots_of_the_bundled_audits() {
    for name in ["kakuma-registration", "rfl-tracing"] {
        let map = bundled(name);
        let a = analyse(engine(), &map);
        insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!("audit_text", a.audit_text(usize::MAX));
            insta::assert_snapshot!("audit_json", a.audit_json(usize::MAX));
            insta::assert_snapshot!("audit_dot", a.dot());
            insta::assert_snapshot!("audit_text_fr", a.audit_text_in(usize::MAX, mandate::words::Lang::FR));
        });
    }
}

const HEADER: &str = r#"
name = "test"
at = "2026-05-15"
"#;

/// The registration dataset of the tracing map, collected at `progres`.
const REGISTRATION: &str = r#"
[[dataset]]
name = "registration"
collected_at = "progres"
categories = ["personal.identity.name", "personal.family.relationship"]
subjects = ["beneficiary.refugee"]
purpose = "assistance.registration"
basis = "vital_interest"
"#;

fn system(name: &str, party: &str) -> String {
    format!("[[system]]\nname = \"{name}\"\nparty = \"{party}\"\n")
}

fn transfer(from: &str, to: &str, purpose: &str, extra: &str) -> String {
    format!(
        "[[transfer]]\nname = \"{from}-{to}\"\nfrom = \"{from}\"\nto = \"{to}\"\npurpose = \"{purpose}\"\n{extra}\n"
    )
}

#[test]
fn a_cycle_is_followed_once_per_state_and_ends() {
    // krcs ⇄ cta ⇄ urcs and back: every system reaches every other, forever.
    let text = [
        HEADER.to_owned(),
        system("progres", "unhcr_ke"),
        system("krcs_db", "krcs"),
        system("cta_db", "icrc_cta_geneva"),
        system("urcs_db", "urcs"),
        REGISTRATION.to_owned(),
        transfer(
            "progres",
            "krcs_db",
            "restoring_family_links.tracing",
            "agreement = \"ISP-RFL-KE-2025\"",
        ),
        transfer("krcs_db", "cta_db", "restoring_family_links.tracing", ""),
        transfer("cta_db", "krcs_db", "restoring_family_links.tracing", ""),
        transfer("cta_db", "urcs_db", "restoring_family_links.tracing", ""),
        transfer("urcs_db", "cta_db", "restoring_family_links.tracing", ""),
    ]
    .concat();
    let map = inline(&text);
    let a = analyse(engine(), &map);
    assert!(violations(&a).is_empty(), "{}", a.audit_text(10));
    // States are (system, previous hop, facts, tainted): finitely many, each explored once.
    assert_eq!(a.stats.states, 6, "{:?}", a.stats);
    assert!(a.stats.paths_merged >= 2, "{:?}", a.stats);
    assert_eq!(
        a.stats.paths_checked,
        a.stats.states - 1 + a.stats.paths_merged
    );
}

#[test]
fn a_diamond_merges_into_one_state_with_one_witness() {
    // Two Agency systems between KRCS and URCS: both routes end with the same hop
    // (icrc_cta_geneva → urcs), so URCS is one state reached twice.
    let text = [
        HEADER.to_owned(),
        system("progres", "unhcr_ke"),
        system("krcs_db", "krcs"),
        system("cta_a", "icrc_cta_geneva"),
        system("cta_b", "icrc_cta_geneva"),
        system("urcs_db", "urcs"),
        REGISTRATION.to_owned(),
        transfer(
            "progres",
            "krcs_db",
            "restoring_family_links.tracing",
            "agreement = \"ISP-RFL-KE-2025\"",
        ),
        transfer("krcs_db", "cta_a", "restoring_family_links.tracing", ""),
        transfer("krcs_db", "cta_b", "restoring_family_links.tracing", ""),
        transfer("cta_a", "urcs_db", "restoring_family_links.tracing", ""),
        transfer("cta_b", "urcs_db", "restoring_family_links.tracing", ""),
    ]
    .concat();
    let map = inline(&text);
    let a = analyse(engine(), &map);
    assert!(violations(&a).is_empty(), "{}", a.audit_text(10));
    let urcs = map
        .systems
        .iter()
        .position(|s| s.name == "urcs_db")
        .expect("declared");
    let at_urcs: Vec<_> = a.states.iter().filter(|s| s.key.system == urcs).collect();
    assert_eq!(at_urcs.len(), 1);
    assert_eq!(at_urcs[0].arrivals, 2);
    assert_eq!(a.stats.paths_checked, 5);
    assert_eq!(a.stats.paths_merged, 1);
    // The two hops to the Agency are one decision, and so are the two into URCS.
    assert_eq!(a.stats.decisions_computed, 3);
}

#[test]
fn a_purpose_that_drifts_after_three_hops_is_denied_at_the_fourth() {
    let text = [
        HEADER.to_owned(),
        system("progres", "unhcr_ke"),
        system("krcs_db", "krcs"),
        system("cta_db", "icrc_cta_geneva"),
        system("juba_db", "icrc_juba"),
        system("forensics", "icrc_juba"),
        REGISTRATION.to_owned(),
        transfer(
            "progres",
            "krcs_db",
            "restoring_family_links.tracing",
            "agreement = \"ISP-RFL-KE-2025\"",
        ),
        transfer("krcs_db", "cta_db", "restoring_family_links.tracing", ""),
        transfer("cta_db", "juba_db", "restoring_family_links.tracing", ""),
        // Identification of remains is humanitarian work of the same organisation, but
        // not compatible with registration, what the data was collected for.
        transfer(
            "juba_db",
            "forensics",
            "restoring_family_links.forensic_identification",
            "",
        ),
    ]
    .concat();
    let map = inline(&text);
    let a = analyse(engine(), &map);
    assert_eq!(
        violations(&a),
        vec![v(
            &[
                "progres-krcs_db",
                "krcs_db-cta_db",
                "cta_db-juba_db",
                "juba_db-forensics"
            ],
            &[PURPOSE]
        )]
    );
    let (t, _) = a.violations()[0];
    let report = a.path_report(t, 1);
    assert_eq!(report.hop, 4);
    assert!(report.steps[..3].iter().all(|s| s.kind.is_none()));
    let fact = &report.decision.determining[0].facts[0];
    assert!(
        fact.contains("restoring_family_links.forensic_identification")
            && fact.contains("assistance.registration"),
        "{fact}"
    );
}

#[test]
fn an_agreement_that_forbids_onward_transfer_denies_the_next_hop() {
    let text = [
        HEADER.to_owned(),
        system("protection_db", "unhcr_ke"),
        system("gbv_cms", "ngo_gbv_ke"),
        system("legal_cms", "ngo_legal_ke"),
        r#"
[[dataset]]
name = "cases"
collected_at = "protection_db"
categories = ["personal.identity.name", "personal.protection_case.case_notes"]
subjects = ["beneficiary.refugee", "survivor.gbv"]
purpose = "protection.gbv_response"
basis = "consent"
consent = { status = "given", purposes = ["protection"], recipients = ["ngo_gbv_ke", "ngo_legal_ke"], countries = ["KE"], given_at = "2026-03-02" }
"#
        .to_owned(),
        transfer(
            "protection_db",
            "gbv_cms",
            "protection.referral",
            "agreement = \"DTA-UNHCR-KE-GBV-2025\"",
        ),
        transfer(
            "gbv_cms",
            "legal_cms",
            "protection.referral",
            "agreement = \"REF-SOP-KE-2025\"",
        ),
    ]
    .concat();
    let map = inline(&text);
    let a = analyse(engine(), &map);
    assert_eq!(
        violations(&a),
        vec![v(
            &["protection_db-gbv_cms", "gbv_cms-legal_cms"],
            &[UPSTREAM]
        )]
    );
    let (t, _) = a.violations()[0];
    let fact = &a.path_report(t, 1).decision.determining[0].facts[0];
    assert!(fact.contains("DTA-UNHCR-KE-GBV-2025"), "{fact}");
}

#[test]
fn a_transfer_passes_on_only_what_it_carries() {
    // The registration dataset holds no protection case data: a transfer that carries
    // only that carries nothing, and nothing arrives.
    let text = [
        HEADER.to_owned(),
        system("progres", "unhcr_ke"),
        system("hq", "unhcr_hq"),
        system("backup", "unhcr_hq"),
        REGISTRATION.to_owned(),
        transfer(
            "progres",
            "hq",
            "assistance.registration",
            "categories = [\"personal.protection_case\"]",
        ),
        transfer(
            "progres",
            "backup",
            "assistance.registration",
            "categories = [\"personal.identity\"]",
        ),
    ]
    .concat();
    let map = inline(&text);
    let a = analyse(engine(), &map);
    assert_eq!(a.stats.paths_checked, 1);
    assert_eq!(a.reached, vec![false, true]);
    let t = a
        .transitions
        .iter()
        .position(|t| t.transfer == 1)
        .expect("kept");
    assert_eq!(a.carried_names(t), vec!["personal.identity.name"]);
}

#[test]
fn an_unknown_party_is_an_error_with_its_place_and_a_suggestion() {
    let text = [
        HEADER,
        "\n[[system]]\nname = \"progres\"\nparty = \"unhcr_kee\"\n",
    ]
    .concat();
    let e = Map::from_toml("map.toml", &text, engine().policy()).expect_err("unknown party");
    assert_eq!(
        e.to_string(),
        "map.toml:7:9: system `progres` names the unknown party `unhcr_kee`: the policy declares no such party; did you mean `unhcr_ke`?"
    );
}

#[test]
fn every_unknown_name_is_reported_at_once() {
    let text = [
        HEADER.to_owned(),
        system("progres", "unhcr_ke"),
        system("krcs_db", "krcs"),
        REGISTRATION.replace("personal.identity.name", "personal.identity.nmae"),
        transfer(
            "progress",
            "krcs_db",
            "restoring_family_links.tracng",
            "agreement = \"ISP-RFL-KE-2026\"",
        ),
    ]
    .concat();
    let e = Map::from_toml("map.toml", &text, engine().policy()).expect_err("bad names");
    insta::assert_snapshot!(e.to_string(), @r#"
    map.toml:14:15: dataset `registration` names the unknown data category `personal.identity.nmae`; did you mean `personal.identity.name`?
    map.toml:20:8: transfer `progress-krcs_db` names the unknown system `progress`: the map declares no such system; did you mean `progres`?
    map.toml:22:11: transfer `progress-krcs_db` names the unknown purpose `restoring_family_links.tracng`; did you mean `restoring_family_links.tracing`?
    map.toml:23:13: transfer `progress-krcs_db` names the unknown agreement "ISP-RFL-KE-2026"; did you mean `ISP-RFL-KE-2025`?
    "#);
}

#[test]
fn malformed_toml_and_unknown_fields_name_the_place() {
    let e = Map::from_toml("map.toml", "name = \"x\"\nat = \"2026-01-01\"\n[[system]]\nname = \"a\"\nparty = \"krcs\"\nowner = \"b\"\n", engine().policy())
        .expect_err("unknown field");
    let text = e.to_string();
    assert!(
        text.starts_with("map.toml:6:1: unknown field `owner`"),
        "{text}"
    );
    let e = Map::from_toml("map.toml", "name = \"x\"\nat = [", engine().policy())
        .expect_err("bad toml");
    assert!(e.to_string().starts_with("map.toml:2:"), "{e}");
    let e = Map::from_toml(
        "map.toml",
        "name = \"x\"\nat = \"yesterday\"\n",
        engine().policy(),
    )
    .expect_err("bad time");
    assert!(e.to_string().contains("is not a time"), "{e}");
    let e = Map::from_toml(
        "map.toml",
        &[
            HEADER,
            &system("a", "krcs"),
            &system("b", "urcs"),
            &transfer(
                "a",
                "b",
                "restoring_family_links.tracing",
                "agreement = \"ISP-RFL-KE-2025\"",
            ),
        ]
        .concat(),
        engine().policy(),
    )
    .expect_err("agreement between other parties");
    assert!(e.to_string().contains("does not bind krcs → urcs"), "{e}");
}

#[test]
fn reach_finds_paths_by_category_taxonomy_and_recipient_kind() {
    let map = bundled("kakuma-registration");
    let policy = engine().policy();
    // personal.biometric matches the fingerprints and iris scans the path carries.
    let q = ReachQuery::resolve(
        policy,
        Some("personal.biometric"),
        None,
        Some("state_authority"),
        None,
        None,
    )
    .expect("known names");
    let a = analyse_with(engine(), &map, Some(&q));
    assert_eq!(a.hits.len(), 1);
    let p = a.path_report(a.hits[0], 1);
    assert_eq!(p.steps[0].transfer, "joint registration sync");
    assert!(!p.path_allowed);
    // Identity data reaches the donor (the screening list, denied) — and the allowed
    // aggregates do not match a personal category.
    let q = ReachQuery::resolve(
        policy,
        Some("personal.identity"),
        None,
        Some("donor"),
        None,
        None,
    )
    .expect("known names");
    let a = analyse_with(engine(), &map, Some(&q));
    let names: Vec<String> = a
        .hits
        .iter()
        .map(|&t| {
            a.path_report(t, 1)
                .steps
                .last()
                .map(|s| s.transfer.clone())
                .unwrap_or_default()
        })
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n == "beneficiary list for donor screening"),
        "{names:?}"
    );
    assert!(!names.is_empty());
    // Allowed paths are listed too: aggregates to the donor.
    let q = ReachQuery::resolve(
        policy,
        Some("non_personal"),
        Some("government_donor"),
        None,
        None,
        Some("coordination"),
    )
    .expect("known names");
    let a = analyse_with(engine(), &map, Some(&q));
    assert_eq!(a.hits.len(), 1);
    assert!(a.path_report(a.hits[0], 1).path_allowed);
    let e = ReachQuery::resolve(policy, Some("personal.helth"), None, None, None, None)
        .expect_err("unknown category");
    assert_eq!(
        e,
        "--category: unknown data category `personal.helth`; did you mean `personal.health`?"
    );
}

#[test]
#[cfg(feature = "synth")]
fn generated_maps_are_deterministic_and_audit_cleanly() {
    let a = mandate::map::generate::generate(60, 400, 7);
    assert_eq!(a, mandate::map::generate::generate(60, 400, 7));
    let map =
        Map::from_toml("generated.toml", &a, engine().policy()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(map.transfers.len(), 400);
    let analysis = analyse(engine(), &map);
    assert!(analysis.stats.paths_checked > 0);
    assert!(analysis.stats.decisions_computed <= analysis.stats.paths_checked);
}

/// The map commands through the binary (feature `cli`).
#[cfg(feature = "cli")]
mod cli {
    use std::process::Command;

    fn mandate(args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_mandate"))
            .args(args)
            .output()
            .expect("the binary runs")
    }

    #[test]
    fn audit_exit_codes() {
        let out = mandate(&[
            "audit",
            "--policy",
            super::PACK,
            "--map",
            "policies/humanitarian-baseline/maps/kakuma-registration.toml",
            "--max-paths",
            "0",
        ]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("summary: 24 paths checked, 10 denied"),
            "{text}"
        );
        let dir = super::common::TempDir::new("maps-cli");
        let bad = dir.write(
            "bad.toml",
            "name = \"x\"\nat = \"2026-01-01\"\n[[system]]\nname = \"a\"\nparty = \"krcs_\"\n",
        );
        let out = mandate(&[
            "audit",
            "--policy",
            super::PACK,
            "--map",
            &bad.to_string_lossy(),
        ]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("bad.toml:5:9") && err.contains("did you mean `krcs`?"),
            "{err}"
        );
        let clean = dir.write(
            "clean.toml",
            "name = \"x\"\nat = \"2026-01-01\"\n[[system]]\nname = \"a\"\nparty = \"krcs\"\n",
        );
        let out = mandate(&[
            "audit",
            "--policy",
            super::PACK,
            "--map",
            &clean.to_string_lossy(),
        ]);
        assert_eq!(out.status.code(), Some(0));
    }

    #[test]
    fn svg_without_graphviz_is_a_clear_error() {
        let dir = super::common::TempDir::new("maps-svg");
        let out = Command::new(env!("CARGO_BIN_EXE_mandate"))
            .args([
                "audit",
                "--policy",
                super::PACK,
                "--map",
                "policies/humanitarian-baseline/maps/rfl-tracing.toml",
                "--max-paths",
                "0",
                "--svg",
            ])
            .arg(dir.path().join("map.svg"))
            .env("PATH", dir.path())
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("needs Graphviz's `dot` program"), "{err}");
    }

    #[test]
    fn reach_lists_paths_and_help_is_clear() {
        let out = mandate(&[
            "reach",
            "--policy",
            super::PACK,
            "--map",
            "policies/humanitarian-baseline/maps/rfl-tracing.toml",
            "--category",
            "personal.tracing",
            "--to-kind",
            "state_authority",
        ]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("police request for whereabouts"), "{text}");
        for cmd in ["audit", "reach"] {
            let out = mandate(&[cmd, "--help"]);
            assert_eq!(out.status.code(), Some(0));
            let help = String::from_utf8_lossy(&out.stdout);
            assert!(
                help.contains("--policy") && help.contains("--map") && help.contains("Exit codes"),
                "{help}"
            );
        }
    }
}

#[cfg(feature = "cli")]
use crate::common;
