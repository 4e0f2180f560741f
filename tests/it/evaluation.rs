//! The decision semantics, end to end through the public API, on a small policy written here.

use mandate::Engine;
use mandate::eval::{Decision, DenyKind, Flow, Outcome};
use proptest::prelude::*;

const VOCABULARY: &str = r##"
vocabulary "mini"
category personal personal sensitivity moderate
category personal.identity
category personal.identity.name
category personal.contact
category personal.contact.phone
category personal.biometric sensitivity severe
category personal.biometric.fingerprint
category personal.location sensitivity moderate
category personal.location.precise sensitivity high hxl "#geo+lat", "#geo+lon"
category aggregate sensitivity low
subject beneficiary
subject beneficiary.refugee
subject child
subject child.unaccompanied under beneficiary
purpose humanitarian
purpose protection under humanitarian
purpose protection.referral
purpose protection.case_management
purpose research under humanitarian
purpose research.statistics
purpose law_enforcement
compatible protection.referral with protection.case_management
party kind un_agency
party kind implementing_partner
party kind state_authority
party kind state_authority.law_enforcement
party kind processor
"##;

const PARTIES: &str = r##"
policy "Mini" version "1"
party unhcr_ke kind un_agency jurisdiction "KE" organisation unhcr
party unhcr_hq kind un_agency jurisdiction "CH" organisation unhcr
party ngo_alpha kind implementing_partner jurisdiction "KE"
party ngo_beta kind implementing_partner jurisdiction "UG"
party police_x kind state_authority.law_enforcement jurisdiction "KE"
party cloud_eu kind processor jurisdiction "IE"
agreement "DTA-1" between unhcr_ke and ngo_alpha
  purposes protection
  data personal.identity, personal.contact, personal.location
  valid 2024-01-01 to 2025-12-31
  onward transfer forbidden
agreement "DTA-2" from ngo_alpha to ngo_beta
  purposes protection
  data personal
  valid 2024-01-01 to 2026-12-31
classification "ISP" for response "ke-2025"
  personal.location.precise is severe
"##;

const RULES: [&str; 8] = [
    r##"deny "No biometrics to authorities"
  when data includes personal.biometric and recipient is state_authority
  cite "ICRC Handbook ch. 8""##,
    r##"deny "Purpose must be humanitarian"
  when purpose not within humanitarian
  cite "CoD 2022 Res. 12""##,
    r##"deny "Children only to partners with consent"
  when subjects include child and recipient is not implementing_partner
  cite "test""##,
    r##"review "Law enforcement goes to the DPO"
  when recipient is state_authority.law_enforcement
  approval by dpo
  cite "test""##,
    r##"allow "Referral under an agreement"
  when purpose within protection and agreement covers flow
   and (basis is consent and consent covers flow or basis is vital_interest)
  require retain at most 90 days, minimize to [personal.identity, personal.contact]
  cite "UNHCR DPP §6""##,
    r##"require "Short retention for contact data"
  when data includes personal.contact
  require retain at most 30 days, encrypt in_transit
  cite "test""##,
    r##"allow "Within the organisation"
  when same organisation and purpose within humanitarian
  cite "test""##,
    r##"deny "No severe data across borders"
  when data sensitivity at least severe and cross border
  cite "test""##,
];

fn engine_from(files: &[(&str, String)]) -> Engine {
    let mut all: Vec<(&str, &str)> = vec![("mini.policy", VOCABULARY), ("parties.policy", PARTIES)];
    all.extend(files.iter().map(|(n, t)| (*n, t.as_str())));
    Engine::from_sources(all).expect("the test policy compiles")
}

fn engine() -> Engine {
    engine_from(&[("rules.policy", RULES.join("\n\n"))])
}

fn flow(extra: &str) -> String {
    let base = r##""id":"f","at":"2025-04-12T09:00:00Z","from":"unhcr_ke","to":"ngo_alpha",
        "data":["personal.identity.name"],"purpose":"protection.referral","basis":"vital_interest""##;
    // Later keys would be duplicates; build the object from a base and overrides instead.
    let mut value: serde_json::Value =
        serde_json::from_str(&format!("{{{base}}}")).expect("base flow");
    let overrides: serde_json::Value =
        serde_json::from_str(&format!("{{{extra}}}")).expect("override");
    for (k, v) in overrides.as_object().expect("object") {
        value[k] = v.clone();
    }
    value.to_string()
}

fn decide(extra: &str) -> Decision {
    engine().decide_json(&flow(extra))
}

/// The deciding rules by name, built-in checks by their stable id (never by their words).
fn rules_of(d: &Decision) -> Vec<&str> {
    d.determining
        .iter()
        .map(|r| r.check.map_or(&*r.rule, |c| c.id()))
        .collect()
}

#[test]
fn allowed_with_merged_obligations_strictest_wins() {
    let d = decide(r##""data":["personal.identity.name","personal.contact.phone"]"##);
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
    assert_eq!(rules_of(&d), ["Referral under an agreement"]);
    let retain = d
        .obligations
        .iter()
        .find(|o| o.kind == "retain")
        .expect("retention");
    assert_eq!(retain.text, "retain at most 30 days");
    assert_eq!(retain.imposed_by, ["Short retention for contact data"]);
    assert!(d.obligations.iter().any(|o| o.text == "encrypt in_transit"));
    assert!(d.obligations.iter().any(|o| o.kind == "minimize"));
}

#[test]
fn deny_rule_is_forbidden_with_facts() {
    let d = decide(r##""to":"police_x","data":["personal.biometric.fingerprint"]"##);
    assert_eq!(
        (d.decision, d.kind),
        (Outcome::Deny, Some(DenyKind::Forbidden))
    );
    assert_eq!(rules_of(&d), ["No biometrics to authorities"]);
    let reasons = &d.determining[0].reasons;
    assert!(
        reasons.contains(&mandate::reason::Fact::DataWithin {
            path: vec![
                "personal.biometric.fingerprint".into(),
                "personal.biometric".into()
            ],
            hashtags: vec![],
        }),
        "{reasons:?}"
    );
    let facts = d.determining[0].facts();
    assert!(
        facts
            .contains(&"personal.biometric.fingerprint is a kind of personal.biometric".to_owned()),
        "{facts:?}"
    );
    assert!(
        d.determining[0]
            .at
            .as_deref()
            .is_some_and(|a| a.starts_with("rules.policy:1:1"))
    );
    assert!(d.reason.starts_with("forbidden by"));
}

#[test]
fn no_allowing_rule_is_not_permitted_in_other_words() {
    let d = decide(
        r##""from":"ngo_alpha","to":"unhcr_ke","purpose":"research.statistics","subjects":["beneficiary"]"##,
    );
    assert_eq!(d.kind, Some(DenyKind::NotPermitted), "{}", d.to_text());
    assert_eq!(d.reason, "not permitted: no rule allows this flow");
    assert!(d.determining.is_empty());
}

#[test]
fn review_until_approved_then_decided_by_the_other_rules() {
    let d = decide(r##""to":"police_x","purpose":"protection","subjects":["beneficiary"]"##);
    assert_eq!(
        (d.decision, d.kind),
        (Outcome::Review, Some(DenyKind::ReviewRequired))
    );
    assert_eq!(d.determining[0].approval_by.as_deref(), Some("dpo"));
    let approved = decide(
        r##""to":"police_x","purpose":"protection","subjects":["beneficiary"],"approvals":[{"role":"dpo","id":"A-1"}]"##,
    );
    // Approval releases the review, but no allow rule covers police: default deny.
    assert_eq!(
        approved.kind,
        Some(DenyKind::NotPermitted),
        "{}",
        approved.to_text()
    );
}

#[test]
fn missing_fact_a_deny_rule_needs_is_a_gap_not_an_allow() {
    // "Children only to partners" needs the subjects; the flow to HQ does not state them.
    let d = decide(r##""to":"unhcr_hq","from":"unhcr_ke""##);
    assert_eq!(d.kind, Some(DenyKind::Gap), "{}", d.to_text());
    let stated =
        decide(r##""to":"unhcr_hq","from":"unhcr_ke","subjects":["beneficiary.refugee"]"##);
    assert_eq!(stated.decision, Outcome::Allow, "{}", stated.to_text());
    assert_eq!(rules_of(&stated), ["Within the organisation"]);
}

#[test]
fn consent_must_be_given_at_the_time_and_in_scope() {
    let consent = |c: &str| decide(&format!(r##""basis":"consent","consent":{c}"##));
    let ok = consent(
        r##"{"id":"C-1","status":"given","purposes":["protection"],"recipients":["ngo_alpha"],"countries":["KE"]}"##,
    );
    assert_eq!(ok.decision, Outcome::Allow, "{}", ok.to_text());
    for bad in [
        r##"{"status":"withdrawn","withdrawn_at":"2025-01-01","purposes":["protection"],"recipients":["ngo_alpha"],"countries":["KE"]}"##,
        r##"{"status":"given","expires_at":"2025-03-01","purposes":["protection"],"recipients":["ngo_alpha"],"countries":["KE"]}"##,
        r##"{"status":"given","purposes":["research"],"recipients":["ngo_alpha"],"countries":["KE"]}"##,
        r##"{"status":"given","purposes":["protection"],"recipients":["ngo_beta"],"countries":["KE"]}"##,
        r##"{"status":"given","purposes":["protection"],"recipients":["implementing_partner"],"countries":["UG"]}"##,
    ] {
        let d = consent(bad);
        assert_eq!(
            d.kind,
            Some(DenyKind::NotPermitted),
            "{bad}: {}",
            d.to_text()
        );
    }
    // Withdrawn after the flow: it was still given at the time.
    let later = consent(
        r##"{"status":"withdrawn","withdrawn_at":"2025-06-01","purposes":["protection"],"recipients":["implementing_partner"],"countries":["KE"]}"##,
    );
    assert_eq!(later.decision, Outcome::Allow, "{}", later.to_text());
    // No consent record at all when relying on consent: the allow cannot be decided.
    let missing = decide(r##""basis":"consent""##);
    assert_eq!(missing.kind, Some(DenyKind::Gap), "{}", missing.to_text());
}

#[test]
fn agreements_are_judged_at_the_flow_time() {
    let expired = decide(r##""at":"2026-02-01T00:00:00Z""##);
    assert_eq!(
        expired.kind,
        Some(DenyKind::NotPermitted),
        "{}",
        expired.to_text()
    );
}

#[test]
fn an_agreement_never_covers_a_party_sending_to_itself() {
    // DTA-1 binds unhcr_ke and ngo_alpha: between the two it covers the referral, but
    // ngo_alpha keeping data within itself is no sharing under it.
    assert_eq!(decide("").decision, Outcome::Allow);
    let within = decide(r##""from":"ngo_alpha""##);
    assert_eq!(
        within.kind,
        Some(DenyKind::NotPermitted),
        "{}",
        within.to_text()
    );
}

#[test]
fn hxl_hashtags_and_classifications_set_sensitivity() {
    // Precise location is high by default; under the response's ISP it is severe, and severe
    // data may not leave the country.
    let abroad = r##""to":"unhcr_hq","subjects":["beneficiary"],"data":["#geo+lat"]"##;
    assert_eq!(decide(abroad).decision, Outcome::Allow);
    let d = decide(&format!(r##"{abroad},"context":{{"response":"ke-2025"}}"##));
    assert_eq!(
        rules_of(&d),
        ["No severe data across borders"],
        "{}",
        d.to_text()
    );
}

/// HXL adds attributes freely: a hashtag carrying more than the pack declares reads as the
/// most specific declared tag it carries, in any order and case; a tag whose base is not
/// declared stays an error, never a silent category.
#[test]
fn a_hashtag_with_more_attributes_reads_as_the_declared_tag_it_carries() {
    let abroad = r##""to":"unhcr_hq","subjects":["beneficiary"],"context":{"response":"ke-2025"}"##;
    let declared = decide(&format!(r##"{abroad},"data":["#geo+lat"]"##));
    for tag in ["#geo+lat+approx", "#Geo +approx+LAT"] {
        let d = decide(&format!(r##"{abroad},"data":["{tag}"]"##));
        assert_eq!(d.to_json(), declared.to_json(), "{tag}");
        assert_eq!(rules_of(&d), ["No severe data across borders"], "{tag}");
    }
    // The decision's facts say how the tag was read, where a fact speaks of the data.
    let engine = engine_from(&[(
        "rules.policy",
        r##"deny "No locations to authorities"
  when data includes personal.location and recipient is state_authority
  cite "test""##
            .into(),
    )]);
    let d = engine.decide_json(&flow(
        r##""to":"police_x","data":["personal.identity.name","#geo+lat+approx"]"##,
    ));
    let read: Vec<_> = d
        .determining
        .iter()
        .flat_map(|r| &r.reasons)
        .flat_map(|f| f.hashtags())
        .map(|h| (h.written.as_str(), h.declared.as_str()))
        .collect();
    assert_eq!(read, [("#geo+lat+approx", "#geo+lat")], "{}", d.to_text());
    assert!(
        d.to_json()
            .contains(r##""hashtags":[{"written":"#geo+lat+approx","declared":"#geo+lat"}]"##),
        "{}",
        d.to_json()
    );
    assert!(
        d.to_text()
            .contains("(the flow's #geo+lat+approx is read as the declared tag #geo+lat)"),
        "{}",
        d.to_text()
    );
    let unmapped = decide(&format!(r##"{abroad},"data":["#adm1+name"]"##));
    assert_eq!(
        unmapped.kind,
        Some(DenyKind::Error),
        "{}",
        unmapped.to_text()
    );
}

/// A pack maps its own hashtags to a category its shared vocabulary declared, and they read
/// as that category does.
#[test]
fn a_pack_maps_hashtags_to_a_category_of_its_vocabulary() {
    let engine = engine_from(&[
        ("rules.policy", RULES.join("\n\n")),
        (
            "tags.policy",
            "hxl \"#loc+coords\", \"#loc+gps\" for personal.location.precise\n".into(),
        ),
    ]);
    let abroad = r##""to":"unhcr_hq","subjects":["beneficiary"],"context":{"response":"ke-2025"}"##;
    let declared = engine.decide_json(&flow(&format!(r##"{abroad},"data":["#geo+lat"]"##)));
    for tag in ["#loc+coords", "#loc+gps+approx"] {
        let d = engine.decide_json(&flow(&format!(r##"{abroad},"data":["{tag}"]"##)));
        assert_eq!(d.to_json(), declared.to_json(), "{tag}");
    }
    // Without the pack's line, the same tag is not mapped.
    let d = decide(&format!(r##"{abroad},"data":["#loc+coords"]"##));
    assert_eq!(d.kind, Some(DenyKind::Error), "{}", d.to_text());
}

#[test]
fn onward_transfer_against_upstream_agreement_is_forbidden() {
    let d = decide(
        r##""from":"ngo_alpha","to":"ngo_beta","collected_for":"protection.case_management",
           "chain":[{"from":"unhcr_ke","to":"ngo_alpha","purpose":"protection.case_management"}]"##,
    );
    assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
    assert_eq!(rules_of(&d), ["builtin.onward_transfer"]);
    assert_eq!(d.determining[0].hop, Some(2));
}

#[test]
fn a_pack_cites_a_builtin_check_in_its_own_words() {
    let drift = flow(r##""collected_for":"research.statistics","purpose":"protection.referral""##);
    let shipped = engine().decide_json(&drift);
    let own = "UNHCR Policy on the Protection of Personal Data of Persons of Concern (2015), purpose specification";
    let cited = engine_from(&[
        ("rules.policy", RULES.join("\n\n")),
        (
            "checks.policy",
            format!("check builtin.purpose_limitation cite \"{own}\"\n"),
        ),
    ])
    .decide_json(&drift);
    assert_eq!(rules_of(&cited), ["builtin.purpose_limitation"]);
    assert_eq!(cited.determining[0].cite.as_deref(), Some(own));
    assert_ne!(shipped.determining[0].cite, cited.determining[0].cite);
    // The check's name and finding are mandate's; only the citation is the pack's.
    assert_eq!(shipped.determining[0].rule, cited.determining[0].rule);
    assert_eq!(shipped.determining[0].reasons, cited.determining[0].reasons);
}

#[test]
fn purpose_drifting_out_of_compatibility_is_forbidden() {
    let d = decide(r##""collected_for":"research.statistics","purpose":"protection.referral""##);
    assert_eq!(
        rules_of(&d),
        ["builtin.purpose_limitation"],
        "{}",
        d.to_text()
    );
    let compatible =
        decide(r##""collected_for":"protection.case_management","purpose":"protection.referral""##);
    assert_eq!(
        compatible.decision,
        Outcome::Allow,
        "{}",
        compatible.to_text()
    );
}

#[test]
fn unknown_names_in_the_flow_are_errors_with_paths() {
    let d = decide(r##""data":["personal.biometrc"],"to":"ngo_gamma""##);
    assert_eq!(d.kind, Some(DenyKind::Error));
    let paths: Vec<&str> = d.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["/data/0", "/to"]);
    assert!(
        d.errors[0]
            .message
            .contains("did you mean `personal.biometric`?"),
        "{:?}",
        d.errors
    );
}

#[test]
fn malformed_flows_fail_closed_with_a_path() {
    let e = engine();
    for (json, path) in [
        ("not json", ""),
        (r##"{"id":"x"}"##, ""),
        (
            r##"{"id":"x","at":"2025-01-01","from":"a","to":"b","data":"one","purpose":"p"}"##,
            "/data",
        ),
        (
            r##"{"id":"x","at":"2025-01-01","from":"a","to":"b","data":[],"purpose":"p","consent":{"status":"maybe"}}"##,
            "/consent/status",
        ),
        (
            r##"{"id":"x","at":"2025-01-01","from":"a","to":"b","data":[],"purpose":"p","surprise":1}"##,
            "/surprise",
        ),
    ] {
        let d = e.decide_json(json);
        assert_eq!(
            (d.decision, d.kind),
            (Outcome::Deny, Some(DenyKind::Error)),
            "{json}"
        );
        assert_eq!(d.errors[0].path, path, "{json}: {:?}", d.errors);
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(e.decide_json(&deep).kind, Some(DenyKind::Error));
    let huge: Vec<String> = (0..100_000).map(|i| format!("\"c{i}\"")).collect();
    let big = flow(&format!(r##""data":[{}]"##, huge.join(",")));
    let d = e.decide_json(&big);
    assert_eq!(d.kind, Some(DenyKind::Error));
    assert!(d.errors[0].message.contains("at most"), "{:?}", d.errors);
}

fn without_locations(d: &Decision) -> String {
    let mut d = d.clone();
    for r in &mut d.determining {
        r.at = None;
    }
    d.to_json()
}

const SAMPLE_FLOWS: [&str; 8] = [
    r##""data":["personal.identity.name","personal.contact.phone"]"##,
    r##""to":"police_x","data":["personal.biometric.fingerprint"]"##,
    r##""to":"police_x","purpose":"protection""##,
    r##""to":"unhcr_hq","from":"unhcr_ke""##,
    r##""to":"unhcr_hq","subjects":["beneficiary"],"data":["#geo+lat"],"context":{"response":"ke-2025"}"##,
    r##""purpose":"law_enforcement","to":"police_x""##,
    r##""basis":"consent""##,
    r##""from":"ngo_alpha","to":"ngo_beta","collected_for":"protection","chain":[{"from":"unhcr_ke","to":"ngo_alpha","purpose":"protection"}]"##,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Shuffling rules, and spreading them over files in any order, never changes a decision
    /// (nor the policy hash).
    #[test]
    fn rule_and_file_order_never_matter(order in Just((0..RULES.len()).collect::<Vec<_>>()).prop_shuffle(), split in 1usize..4) {
        let reference = engine();
        let mut files: Vec<(String, String)> = (0..split).map(|i| (format!("r{i}.policy"), String::new())).collect();
        for (n, &r) in order.iter().enumerate() {
            let f = &mut files[n % split].1;
            f.push_str(RULES[r]);
            f.push_str("\n\n");
        }
        files.reverse();
        let named: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        let shuffled = engine_from(&named);
        prop_assert_eq!(&reference.policy().hash, &shuffled.policy().hash);
        for extra in SAMPLE_FLOWS {
            let f = flow(extra);
            prop_assert_eq!(without_locations(&reference.decide_json(&f)), without_locations(&shuffled.decide_json(&f)));
        }
    }
}

#[test]
fn the_engine_decides_from_many_threads() {
    let e = engine();
    let expected = e.decide_json(&flow(SAMPLE_FLOWS[0]));
    std::thread::scope(|s| {
        for _ in 0..4 {
            let e = e.clone();
            let expected = &expected;
            s.spawn(move || {
                for _ in 0..100 {
                    assert_eq!(&e.decide_json(&flow(SAMPLE_FLOWS[0])), expected);
                }
            });
        }
    });
}

#[test]
fn an_obligation_of_no_onward_transfer_binds_the_next_hop() {
    let rules = r#"allow "Protection sharing, not to be passed on"
  when purpose within protection
  require no onward transfer
  cite "test""#;
    let e = engine_from(&[("rules.policy", rules.to_owned())]);
    let first = flow(r#""from":"unhcr_ke","to":"ngo_beta","purpose":"protection""#);
    assert_eq!(e.decide_json(&first).decision, Outcome::Allow);
    let onward = flow(
        r#""from":"ngo_beta","to":"ngo_alpha","purpose":"protection","collected_for":"protection",
           "chain":[{"from":"unhcr_ke","to":"ngo_beta","purpose":"protection"}]"#,
    );
    let d = e.decide_json(&onward);
    assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
    assert_eq!(rules_of(&d), ["builtin.onward_obligation"]);
    assert_eq!(d.determining[0].hop, Some(2));
}

/// A rule that did not apply because of a negated condition is explained with the whole
/// `not (…)` as written, never with the test inside it alone (which would drop the rest of
/// what is negated).
#[test]
fn a_negated_condition_is_quoted_whole_among_the_rules_that_did_not_apply() {
    let e = engine_from(&[(
        "rules.policy",
        r##"deny "Consent or nothing"
  when not (basis is consent and consent covers flow)
  cite "t"

allow "Referrals"
  when purpose within protection
  cite "t""##
            .into(),
    )]);
    let text = flow(
        r##""basis":"consent","consent":{"id":"C-1","status":"given","purposes":["protection"],
            "recipients":["ngo_alpha"],"countries":["KE"]}"##,
    );
    let x = mandate::explain::explain_json(e.policy(), &text);
    assert_eq!(
        x.decision.decision,
        Outcome::Allow,
        "{}",
        x.decision.to_text()
    );
    let brief = x.hops[0]
        .not_applying
        .iter()
        .find(|r| r.rule == "Consent or nothing")
        .expect("the deny rule did not apply");
    assert_eq!(
        brief.because.condition,
        "not (basis is consent and consent covers flow)"
    );
    assert_eq!(brief.because.value, mandate::eval::Truth::False);
    assert!(
        matches!(
            brief.because.reason,
            Some(mandate::reason::Fact::Basis { holds: true, .. })
                | Some(mandate::reason::Fact::ConsentCovers { .. })
        ),
        "{:?}",
        brief.because.reason
    );
}

/// Every reason in a decision's JSON carries its machine code and parameters: a program
/// reads `consent.withdrawn` and its day, never the words.
#[test]
fn reasons_in_json_carry_machine_codes() {
    let e = engine_from(&[(
        "rules.policy",
        r##"deny "Consent must cover the transfer"
  when basis is consent and not consent covers flow
  cite "t""##
            .into(),
    )]);
    let text = flow(
        r##""basis":"consent","consent":{"id":"C-881","status":"withdrawn","withdrawn_at":"2025-03-01T00:00:00Z",
            "purposes":["protection"],"recipients":["ngo_alpha"],"countries":["KE"]}"##,
    );
    let d = e.decide_json(&text);
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).expect("JSON");
    let reasons: Vec<&serde_json::Value> = json["determining"]
        .as_array()
        .expect("determining")
        .iter()
        .flat_map(|r| r["reasons"].as_array().expect("reasons"))
        .collect();
    let gap = reasons
        .iter()
        .find(|r| r["code"] == "consent.gap")
        .unwrap_or_else(|| panic!("no consent.gap in {reasons:?}"));
    assert_eq!(gap["consent"], "C-881");
    assert_eq!(gap["why"]["code"], "consent.withdrawn");
    assert_eq!(gap["why"]["on"], "2025-03-01");
    // The same decision in French: the same codes, other words.
    let fr = mandate::eval::decide_in(
        e.policy(),
        &Flow::from_json(&text).expect("flow"),
        mandate::words::Lang::FR,
    );
    assert_eq!(fr.determining.len(), d.determining.len());
    assert_eq!(fr.determining[0].reasons, d.determining[0].reasons);
    assert_ne!(fr.reason, d.reason);
    assert!(fr.to_text_in(mandate::words::Lang::FR).contains("REFUSÉ"));
}
