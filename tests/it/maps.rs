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
                        .map_or_else(|| r.rule.to_string(), |c| c.id().to_owned())
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
        insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => false, omit_expression => true, filters => crate::common_filters() }, {
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
    let fact = &report.decision.determining[0].facts()[0];
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
    let fact = a.path_report(t, 1).decision.determining[0].facts()[0].clone();
    assert!(fact.contains("DTA-UNHCR-KE-GBV-2025"), "{fact}");
}

/// A map the policy cannot read (a consent record naming a purpose the policy does not know)
/// gives decisions of kind `error`: `has_errors` says so exactly when a violation is one.
#[test]
fn has_errors_says_whether_a_violation_is_an_error() {
    let text = [
        HEADER.to_owned(),
        system("protection_db", "unhcr_ke"),
        system("gbv_cms", "ngo_gbv_ke"),
        r#"
[[dataset]]
name = "cases"
collected_at = "protection_db"
categories = ["personal.identity.name", "personal.protection_case.case_notes"]
subjects = ["beneficiary.refugee", "survivor.gbv"]
purpose = "protection.gbv_response"
basis = "consent"
consent = { status = "given", purposes = ["PURPOSE"], recipients = ["ngo_gbv_ke"], countries = ["KE"], given_at = "2026-03-02" }
"#
        .to_owned(),
        transfer(
            "protection_db",
            "gbv_cms",
            "protection.referral",
            "agreement = \"DTA-UNHCR-KE-GBV-2025\"",
        ),
    ]
    .concat();
    let by_walk = |a: &Analysis<'_>| {
        a.transitions.iter().any(|t| {
            t.violation
                && a.decisions[t.decision as usize].kind == Some(mandate::eval::DenyKind::Error)
        })
    };
    for (purpose, error) in [("protection", false), ("no_such_purpose", true)] {
        let map = inline(&text.replace("PURPOSE", purpose));
        let a = analyse(engine(), &map);
        assert_eq!(a.has_errors(), error, "{}", a.audit_text(10));
        assert_eq!(a.has_errors(), by_walk(&a));
    }
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

/// A transfer states the DPIA it relies on as a flow does: the rule requiring one finds it,
/// and only the transfer that states none is a gap. A blank reference is an error in a map.
#[test]
fn a_transfer_that_states_its_dpia_is_not_a_gap() {
    let registration = r#"
[[dataset]]
name = "registration"
collected_at = "progres"
categories = ["personal.identity.name", "personal.biometric.iris"]
subjects = ["beneficiary.refugee"]
purpose = "assistance.registration"
basis = "public_interest"
"#;
    let text = [
        HEADER.to_owned(),
        system("progres", "unhcr_ke"),
        system("backup_assessed", "cloud_ie"),
        system("backup_unassessed", "cloud_ie"),
        registration.to_owned(),
        transfer(
            "progres",
            "backup_assessed",
            "assistance.registration",
            "dpia = { ref = \"DPIA-KE-2026-03\" }",
        ),
        transfer(
            "progres",
            "backup_unassessed",
            "assistance.registration",
            "",
        ),
    ]
    .concat();
    let map = inline(&text);
    let a = analyse(engine(), &map);
    assert_eq!(
        violations(&a),
        [v(
            &["progres-backup_unassessed"],
            &["Biometric data goes to a processor only after a DPIA"]
        )],
        "{}",
        a.audit_text(10)
    );
    let blank = text.replace("DPIA-KE-2026-03", " ");
    let e = Map::from_toml("map.toml", &blank, engine().policy()).expect_err("a blank DPIA");
    let e = e.to_string();
    assert!(
        e.starts_with("map.toml:")
            && e.contains(
                "transfer `progres-backup_assessed` states a DPIA with a blank reference"
            ),
        "{e}"
    );
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

/// A dataset may name its data by the HXL hashtags its columns carry, read as a flow's are
/// (the most specific declared tag); a hashtag nothing reads is an error with its place.
#[test]
fn a_dataset_names_its_data_by_hxl_hashtags() {
    let by_tags = REGISTRATION.replace(
        r#"["personal.identity.name", "personal.family.relationship"]"#,
        r##"["#contact+name+f", "#contact+phone"]"##,
    );
    let named = REGISTRATION.replace(
        r#"["personal.identity.name", "personal.family.relationship"]"#,
        r#"["personal.identity.name", "personal.contact.phone"]"#,
    );
    let map = |dataset: &str| inline(&[HEADER, &system("progres", "unhcr_ke"), dataset].concat());
    assert_eq!(
        map(&by_tags).datasets[0].categories,
        map(&named).datasets[0].categories
    );
    let text = [
        HEADER.to_owned(),
        system("progres", "unhcr_ke"),
        by_tags.replace("#contact+phone", "#nothing+here"),
    ]
    .concat();
    let e = Map::from_toml("map.toml", &text, engine().policy()).expect_err("unmapped tag");
    assert!(
        e.to_string().contains(
            "dataset `registration` names the HXL hashtag `#nothing+here`, which no category of the policy maps"
        ),
        "{e}"
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

/// The violations grouped a slice at a time are those a plain walk over the kept hops finds:
/// the same groups, in the same order, each with its first hop and count, on a map with
/// many slices of hops.
#[test]
#[cfg(feature = "synth")]
fn violations_are_grouped_as_one_walk_would() {
    let text = mandate::map::generate::generate(300, 3000, 3);
    let map = Map::from_toml("generated.toml", &text, engine().policy())
        .unwrap_or_else(|e| panic!("{e}"));
    let a = analyse(engine(), &map);
    assert!(
        a.transitions.len() > 4 * (1 << 14),
        "{}",
        a.transitions.len()
    );
    let reason = |d: u32| {
        let v = &a.decisions[d as usize];
        (
            v.kind,
            v.deciding.iter().map(|&(by, _)| by).collect::<Vec<_>>(),
        )
    };
    let mut want: Vec<(usize, usize)> = Vec::new();
    // Per transfer, its reasons so far with their group.
    let mut groups: std::collections::HashMap<u32, Vec<(_, usize)>> = Default::default();
    for (i, t) in a.transitions.iter().enumerate() {
        if !t.violation {
            continue;
        }
        let why = reason(t.decision);
        let of_transfer = groups.entry(t.transfer).or_default();
        match of_transfer.iter().find(|(w, _)| *w == why) {
            Some(&(_, g)) => want[g].1 += 1,
            None => {
                of_transfer.push((why, want.len()));
                want.push((i, 1));
            }
        }
    }
    assert!(want.len() > 10);
    assert_eq!(a.violations(), want);
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

    /// The same report whatever the number of threads: a generated map with thousands of
    /// states (more than one chunk of the search), audited and reached on 1 and 4 threads.
    /// 150 systems make about 4,200 states: twice a chunk, in less than half the time of 300
    /// (whose `reach` printed 76 MB of JSON for each of its four runs).
    #[test]
    fn audit_and_reach_are_the_same_on_1_and_4_threads() {
        let dir = std::env::temp_dir().join(format!("mandate-threads-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp folder");
        let map = dir.join("generated.toml");
        let out = mandate(&[
            "map",
            "generate",
            "--systems",
            "150",
            "--transfers",
            "1500",
            "--seed",
            "3",
        ]);
        assert!(out.status.success());
        std::fs::write(&map, &out.stdout).expect("the map is written");
        let map = map.to_str().expect("a UTF-8 path");
        let run = |extra: &[&str], threads: &str| {
            let mut args = vec![
                extra[0],
                "--policy",
                super::PACK,
                "--map",
                map,
                "--threads",
                threads,
            ];
            args.extend_from_slice(&extra[1..]);
            let out = mandate(&args);
            assert_ne!(
                out.status.code(),
                Some(2),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        for cmd in [
            vec!["audit"],
            vec!["audit", "--format", "json"],
            vec!["reach", "--to-kind", "donor"],
            vec!["reach", "--to-kind", "donor", "--format", "json"],
        ] {
            let one = run(&cmd, "1");
            let four = run(&cmd, "4");
            assert!(
                one.len() > 200,
                "{cmd:?}: {}",
                String::from_utf8_lossy(&one)
            );
            assert!(one == four, "{cmd:?} differs between 1 and 4 threads");
        }
        let text = String::from_utf8_lossy(&run(&["audit", "--max-paths", "0"], "1")).into_owned();
        let states: usize = text
            .split(" states")
            .next()
            .and_then(|s| s.rsplit('(').next())
            .and_then(|n| n.trim().replace(',', "").parse().ok())
            .unwrap_or(0);
        assert!(states > 2048, "more than one chunk of states: {text}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A large map is read in pieces on several threads: a problem in a late transfer (a
    /// name the policy does not know, a syntax error) is reported at the same place as on
    /// one thread, and a description holding a `[[transfer]]` line is read as text.
    #[test]
    fn problems_in_a_large_map_have_the_same_place_on_1_and_4_threads() {
        let dir = std::env::temp_dir().join(format!("mandate-pieces-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp folder");
        let out = mandate(&[
            "map",
            "generate",
            "--systems",
            "300",
            "--transfers",
            "3000",
            "--seed",
            "5",
        ]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(text.len() > 4 * 64 * 1024, "large enough to be cut");
        let late = text.rfind("purpose = \"").expect("a purpose");
        let run = |name: &str, text: &str, threads: &str| {
            let map = dir.join(name);
            std::fs::write(&map, text).expect("the map is written");
            let map = map.to_str().expect("a UTF-8 path");
            mandate(&[
                "audit",
                "--policy",
                super::PACK,
                "--map",
                map,
                "--threads",
                threads,
            ])
        };
        let unknown = format!("{}purpose = \"nope.{}", &text[..late], &text[late + 11..]);
        let syntax = format!("{}purpose = = \"{}", &text[..late], &text[late + 11..]);
        let described = text.replacen(
            "[[transfer]]\n",
            "[[transfer]]\ndescription = \"\"\"\n[[transfer]]\n\"\"\"\n",
            1500,
        );
        for (name, text, code) in [
            ("unknown.toml", &unknown, 2),
            ("syntax.toml", &syntax, 2),
            ("described.toml", &described, 1),
        ] {
            let one = run(name, text, "1");
            let four = run(name, text, "4");
            assert_eq!(one.status.code(), Some(code), "{name}");
            assert_eq!(four.status.code(), Some(code), "{name}");
            assert!(one.stdout == four.stdout, "{name}: stdout differs");
            assert_eq!(
                String::from_utf8_lossy(&one.stderr),
                String::from_utf8_lossy(&four.stderr),
                "{name}"
            );
        }
        let line = text[..late].matches('\n').count() + 1;
        let err = String::from_utf8_lossy(&run("unknown.toml", &unknown, "4").stderr).into_owned();
        assert!(err.contains(&format!("unknown.toml:{line}:11")), "{err}");
        let err = String::from_utf8_lossy(&run("syntax.toml", &syntax, "4").stderr).into_owned();
        assert!(err.contains(&format!("syntax.toml:{line}:")), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// `--timings` lists each phase's wall time on stderr and changes nothing on stdout.
    #[test]
    fn timings_go_to_stderr_and_leave_the_output_alone() {
        const KAKUMA: &str = "policies/humanitarian-baseline/maps/kakuma-registration.toml";
        for cmd in [
            vec!["audit", "--format", "json"],
            vec!["reach", "--to-kind", "donor"],
        ] {
            let mut args = vec![cmd[0], "--policy", super::PACK, "--map", KAKUMA];
            args.extend_from_slice(&cmd[1..]);
            let plain = mandate(&args);
            args.extend_from_slice(&["--timings", "--threads", "2"]);
            let timed = mandate(&args);
            assert_eq!(plain.status.code(), timed.status.code(), "{cmd:?}");
            assert!(plain.stdout == timed.stdout, "{cmd:?}: stdout changed");
            assert!(plain.stderr.is_empty(), "{cmd:?}: stderr without --timings");
            let err = String::from_utf8_lossy(&timed.stderr).into_owned();
            for phase in ["parse", "check", "look-up", "merge", "report", "write"] {
                assert!(
                    err.lines()
                        .any(|l| l.starts_with(&format!("time {phase}: "))),
                    "{cmd:?}: no {phase} in {err}"
                );
            }
            assert!(
                err.lines().last().is_some_and(
                    |l| l.starts_with("time total: ") && l.ends_with(" on 2 thread(s)")
                ),
                "{cmd:?}: {err}"
            );
        }
    }

    #[test]
    fn audit_writes_a_dpia_draft_whole() {
        let dir = std::env::temp_dir().join(format!("mandate-dpia-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp folder");
        let md = dir.join("dpia.md");
        let json = dir.join("dpia.json");
        std::fs::write(&md, "old").expect("written");
        let out = mandate(&[
            "audit",
            "--policy",
            super::PACK,
            "--map",
            "policies/humanitarian-baseline/maps/kakuma-registration.toml",
            "--max-paths",
            "0",
            "--dpia",
            md.to_str().expect("UTF-8"),
        ]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&md).expect("the draft is written");
        assert!(
            text.starts_with("# Data protection impact assessment (draft)"),
            "{text}"
        );
        let out = mandate(&[
            "--lang",
            "fr",
            "audit",
            "--policy",
            super::PACK,
            "--map",
            "policies/humanitarian-baseline/maps/kakuma-registration.toml",
            "--format",
            "json",
            "--dpia",
            json.to_str().expect("UTF-8"),
            "--dpia-format",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(1));
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("JSON");
        assert_eq!(value["lang"], "fr");
        assert!(value["findings"].as_array().is_some_and(|f| !f.is_empty()));
        // Only the two drafts: no temporary file is left behind.
        let left: Vec<_> = std::fs::read_dir(&dir).expect("listed").collect();
        assert_eq!(left.len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
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

/// Two aggregate tables in one statistics database, each published by its own transfer that
/// names it. The tables' categories lie one within the other, so matching by categories alone
/// would send each table over the other's transfer too (four paths, two of them false).
const TWO_TABLES: &str = r#"
name = "publication"
at = "2026-05-15"

[[system]]
name = "stats_db"
party = "unhcr_ke"

[[system]]
name = "portal"
party = "open_data_portal"

[[dataset]]
name = "population_table"
collected_at = "stats_db"
categories = ["non_personal.aggregate.population"]
purpose = "coordination.reporting"
basis = "legitimate_interest"

[[dataset]]
name = "sector_table"
collected_at = "stats_db"
categories = ["non_personal.aggregate"]
purpose = "coordination.reporting"
basis = "legitimate_interest"

[[transfer]]
name = "publish population"
from = "stats_db"
to = "portal"
datasets = ["population_table"]
purpose = "coordination.reporting"

[[transfer]]
name = "publish sectors"
from = "stats_db"
to = "portal"
datasets = ["sector_table"]
purpose = "coordination.reporting"
"#;

#[test]
fn a_transfer_that_names_its_datasets_carries_exactly_those() {
    let map = inline(TWO_TABLES);
    let a = analyse_with(engine(), &map, Some(&ReachQuery::default()));
    let mut paths: Vec<(String, String, Vec<String>)> = a
        .hits
        .iter()
        .map(|&t| {
            let p = a.path_report(t, 1);
            let last = p
                .steps
                .last()
                .map(|s| s.transfer.clone())
                .unwrap_or_default();
            (p.dataset, last, p.carries)
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            (
                "population_table".to_owned(),
                "publish population".to_owned(),
                vec!["non_personal.aggregate.population".to_owned()]
            ),
            (
                "sector_table".to_owned(),
                "publish sectors".to_owned(),
                vec!["non_personal.aggregate".to_owned()]
            ),
        ]
    );
    assert_eq!(a.stats.paths_checked, 2);
}

#[test]
fn a_named_dataset_travels_as_it_is_when_it_reaches_the_transfer() {
    // The registration dataset is narrowed to identity on its first hop; the second hop
    // names it and carries what is left of it, not what was collected.
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
            "categories = [\"personal.identity\"]",
        ),
        transfer(
            "hq",
            "backup",
            "assistance.registration",
            "datasets = [\"registration\"]",
        ),
    ]
    .concat();
    let map = inline(&text);
    let a = analyse(engine(), &map);
    let t = a
        .transitions
        .iter()
        .position(|t| t.transfer == 1)
        .expect("the second hop is taken");
    assert_eq!(a.carried_names(t), vec!["personal.identity.name"]);
}

/// An independent reading of the map semantics for the property test below: names of
/// categories are dotted paths, `a` lies within `b` when it is `b` or starts with `b.`.
mod brute {
    use std::collections::BTreeSet;

    pub fn within(a: &str, b: &str) -> bool {
        a == b || a.strip_prefix(b).is_some_and(|rest| rest.starts_with('.'))
    }

    #[derive(Clone, Debug)]
    pub struct T {
        pub from: usize,
        pub to: usize,
        pub datasets: Option<Vec<usize>>,
        pub categories: Option<Vec<&'static str>>,
    }

    #[derive(Clone, Debug)]
    pub struct D {
        pub at: usize,
        pub categories: Vec<&'static str>,
    }

    /// What of dataset `d`, holding `held`, travels over `t`.
    pub fn carry(t: &T, d: usize, held: &BTreeSet<String>) -> BTreeSet<String> {
        if t.datasets.as_ref().is_some_and(|n| n.contains(&d)) {
            return held.clone();
        }
        match (&t.categories, &t.datasets) {
            (Some(cats), _) => {
                let mut out: BTreeSet<String> = held
                    .iter()
                    .filter(|c| cats.iter().any(|x| within(c, x)))
                    .cloned()
                    .collect();
                for x in cats {
                    if held.iter().any(|c| within(x, c)) {
                        out.insert((*x).to_owned());
                    }
                }
                out
            }
            (None, Some(_)) => BTreeSet::new(),
            (None, None) => held.clone(),
        }
    }

    /// Every hop data can take, as (dataset, transfer, categories arriving): a search over
    /// (dataset, system, categories held), each visited once.
    pub fn hops(ds: &[D], ts: &[T]) -> BTreeSet<(usize, usize, Vec<String>)> {
        let mut out = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut todo: Vec<(usize, usize, BTreeSet<String>)> = ds
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    i,
                    d.at,
                    d.categories.iter().map(|c| (*c).to_owned()).collect(),
                )
            })
            .collect();
        while let Some((d, at, held)) = todo.pop() {
            if !seen.insert((d, at, held.clone())) {
                continue;
            }
            for (i, t) in ts.iter().enumerate().filter(|(_, t)| t.from == at) {
                let next = carry(t, d, &held);
                if next.is_empty() {
                    continue;
                }
                out.insert((d, i, next.iter().cloned().collect()));
                todo.push((d, t.to, next));
            }
        }
        out
    }
}

mod exact_carries {
    use super::brute::{self, D, T};
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    const PARTIES: &[&str] = &["unhcr_ke", "unhcr_hq", "wfp_ke", "open_data_portal"];
    const CATEGORIES: &[&str] = &[
        "personal",
        "personal.identity",
        "personal.identity.name",
        "personal.contact.phone",
        "non_personal.aggregate",
        "non_personal.aggregate.population",
    ];
    // Each dataset its own collection purpose, so that no two datasets share a state and
    // each reported path names the dataset that really travels.
    const PURPOSES: &[&str] = &[
        "assistance.registration",
        "assistance.cash",
        "protection.case_management",
    ];

    fn subset() -> impl Strategy<Value = Vec<&'static str>> {
        proptest::sample::subsequence(CATEGORIES, 1..=3)
    }

    fn map_parts() -> impl Strategy<Value = (usize, Vec<D>, Vec<T>)> {
        (2usize..=4).prop_flat_map(|systems| {
            let dataset = (0..systems, subset()).prop_map(|(at, categories)| D { at, categories });
            let datasets = proptest::collection::vec(dataset, 1..=3);
            let transfer = (
                0..systems,
                0..systems,
                proptest::option::of(proptest::sample::subsequence(vec![0usize, 1, 2], 0..=2)),
                proptest::option::of(subset()),
            )
                .prop_map(|(from, to, datasets, categories)| T {
                    from,
                    to,
                    datasets,
                    categories,
                });
            let transfers = proptest::collection::vec(transfer, 1..=6);
            (Just(systems), datasets, transfers)
        })
    }

    fn toml(systems: usize, ds: &[D], ts: &[T]) -> String {
        let mut out = String::from("name = \"p\"\nat = \"2026-05-15\"\n");
        for s in 0..systems {
            out += &format!(
                "[[system]]\nname = \"s{s}\"\nparty = \"{}\"\n",
                PARTIES[s % PARTIES.len()]
            );
        }
        for (i, d) in ds.iter().enumerate() {
            out += &format!(
                "[[dataset]]\nname = \"d{i}\"\ncollected_at = \"s{}\"\ncategories = {:?}\npurpose = \"{}\"\nbasis = \"public_interest\"\n",
                d.at, d.categories, PURPOSES[i]
            );
        }
        for (i, t) in ts.iter().enumerate() {
            out += &format!(
                "[[transfer]]\nname = \"t{i}\"\nfrom = \"s{}\"\nto = \"s{}\"\npurpose = \"assistance.registration\"\n",
                t.from, t.to
            );
            if let Some(n) = &t.datasets {
                let names: Vec<String> = n.iter().map(|d| format!("d{d}")).collect();
                out += &format!("datasets = {names:?}\n");
            }
            if let Some(c) = &t.categories {
                out += &format!("categories = {c:?}\n");
            }
        }
        out
    }

    /// Replays a reported path with the brute-force semantics: each hop must take the
    /// dataset on, from where the previous hop left it, and the last must bring what the
    /// report says it carries.
    fn replay(p: &mandate::map::PathReport, ds: &[D], ts: &[T]) -> Result<(), String> {
        let d: usize = p.dataset[1..].parse().map_err(|_| p.dataset.clone())?;
        let mut at = ds[d].at;
        let mut held: BTreeSet<String> = ds[d].categories.iter().map(|c| (*c).to_owned()).collect();
        for s in &p.steps {
            let i: usize = s.transfer[1..].parse().map_err(|_| s.transfer.clone())?;
            let t = &ts[i];
            if t.from != at {
                return Err(format!("{} does not leave s{at}", s.transfer));
            }
            held = brute::carry(t, d, &held);
            if held.is_empty() {
                return Err(format!("{} carries nothing of {}", s.transfer, p.dataset));
            }
            at = t.to;
        }
        let carries: BTreeSet<String> = p.carries.iter().cloned().collect();
        if carries != held {
            return Err(format!("carries {carries:?}, the map brings {held:?}"));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn every_reported_path_exists_and_every_path_is_reported((systems, ds, ts) in map_parts()) {
            // Dataset lists may name only datasets that exist.
            let ts: Vec<T> = ts
                .into_iter()
                .map(|mut t| {
                    if let Some(n) = &mut t.datasets {
                        n.retain(|&d| d < ds.len());
                    }
                    t
                })
                .collect();
            let text = toml(systems, &ds, &ts);
            let map = inline(&text);
            let a = analyse_with(engine(), &map, Some(&ReachQuery::default()));
            let mut reported = BTreeSet::new();
            for &t in &a.hits {
                let p = a.path_report(t, 1);
                if let Err(e) = replay(&p, &ds, &ts) {
                    prop_assert!(false, "{e}\n{p:?}\n{text}");
                }
                let d: usize = p.dataset[1..].parse().unwrap_or(usize::MAX);
                let last: usize = p.steps.last().map_or(usize::MAX, |s| s.transfer[1..].parse().unwrap_or(usize::MAX));
                reported.insert((d, last, p.carries.clone()));
            }
            for (t, _) in a.violations() {
                let p = a.path_report(t, 1);
                if let Err(e) = replay(&p, &ds, &ts) {
                    prop_assert!(false, "audit: {e}\n{p:?}\n{text}");
                }
            }
            let all = brute::hops(&ds, &ts);
            prop_assert_eq!(&reported, &all, "{}", text);
        }
    }
}

#[test]
fn snapshots_of_the_dpia_draft() {
    let map = bundled("kakuma-registration");
    let a = analyse(engine(), &map);
    let en = a.dpia(mandate::words::Lang::EN);
    let fr = a.dpia(mandate::words::Lang::FR);
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true, filters => crate::common_filters() }, {
        insta::assert_snapshot!("dpia_markdown", en.to_markdown(mandate::words::Lang::EN));
        insta::assert_snapshot!("dpia_markdown_fr", fr.to_markdown(mandate::words::Lang::FR));
        insta::assert_snapshot!("dpia_json", en.to_json());
    });
    // Every finding of the audit is a finding of the DPIA, and the sections the map cannot
    // fill say so.
    assert_eq!(en.findings.len(), a.violations().len());
    assert!(en.sections.iter().any(|s| s.filled == "not_filled"));
    let registration = en
        .operations
        .iter()
        .find(|o| o.dataset == "registration")
        .expect("an operation per dataset");
    assert!(registration.transfers.iter().any(|t| {
        t.name == "cash caseload"
            && t.agreement
                .as_ref()
                .is_some_and(|a| a.id == "DSA-UNHCR-WFP-KE-2025")
    }));
    assert!(
        registration.countries.contains(&"US".to_owned()),
        "{:?}",
        registration.countries
    );
}

#[test]
fn names_from_the_map_cannot_add_structure_to_the_dpia() {
    let text = [
        HEADER.to_owned(),
        system("progres", "unhcr_ke"),
        "[[system]]\nname = \"hq\\n# Injected heading | cell [link](http://x) <b>\"\nparty = \"unhcr_hq\"\n".to_owned(),
        REGISTRATION.to_owned(),
        "[[transfer]]\nname = \"*sync*\\n## Also injected\"\nfrom = \"progres\"\nto = \"hq\\n# Injected heading | cell [link](http://x) <b>\"\npurpose = \"assistance.registration\"\n".to_owned(),
    ]
    .concat();
    let map = inline(&text);
    let a = analyse(engine(), &map);
    let md = a
        .dpia(mandate::words::Lang::EN)
        .to_markdown(mandate::words::Lang::EN);
    // Each structural character from a name is preceded by a backslash.
    let unescaped = |pattern: &str| {
        md.match_indices(pattern)
            .any(|(i, _)| !md[..i].ends_with('\\'))
    };
    for pattern in ["# Injected", "## Also", "](http", "<b>", "*sync*", "| cell"] {
        assert!(!unescaped(pattern), "{pattern} is not escaped:\n{md}");
    }
    for line in md.lines() {
        assert!(!line.trim_start().starts_with("# Injected"), "{line}");
        assert!(!line.trim_start().starts_with("## Also"), "{line}");
    }
    assert!(
        md.contains(r"\# Injected heading \| cell \[link\](http\://x) \<b\>"),
        "{md}"
    );
    assert!(md.contains(r"\*sync\*"), "{md}");
}
