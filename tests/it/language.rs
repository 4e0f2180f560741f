//! Constructs of the policy language end to end through the public API: declared names
//! (roles, responses, flags, dimensions) checked in flows.

use mandate::Engine;
use mandate::eval::{Decision, DenyKind, Outcome};
use mandate::reason::Problem;
use mandate::words::Lang;

pub(crate) const DECLARED: &str = r##"
policy "Declared names" version "1"
category personal personal sensitivity moderate
category personal.identity
category personal.location
category personal.location.admin2 sensitivity moderate
purpose humanitarian
purpose law_enforcement
party kind national_society
party kind state_authority
party ns_ke kind national_society jurisdiction "KE" flags [family_links_network]
party police kind state_authority jurisdiction "KE"

role dpo "Data protection officer"
response "ke-2025" "Kenya response 2025"
flag family_links_network "Member of the Family Links Network"

classification "ISP Kenya 2025" for response "ke-2025"
  personal.location.admin2 is high

review "Police requests go to the DPO"
  when recipient is state_authority
  approval by dpo
  cite "UNHCR DPP 2015 §6.3"

allow "Police with the DPO's approval"
  when recipient is state_authority and approved by dpo
  cite "UNHCR DPP 2015 §6.3"
"##;

fn engine() -> Engine {
    Engine::from_sources([("p.policy", DECLARED)]).expect("the test policy compiles")
}

fn police(extra: serde_json::Value) -> String {
    let mut value = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": "ns_ke", "to": "police",
        "data": ["personal.identity"], "subjects": [], "purpose": "law_enforcement",
    });
    for (k, v) in extra.as_object().expect("an object") {
        value[k] = v.clone();
    }
    value.to_string()
}

fn problems(d: &Decision) -> Vec<(String, Problem)> {
    d.errors
        .iter()
        .map(|e| (e.path.clone(), e.problem.clone()))
        .collect()
}

/// An approval by `"DPO"` where the policy declares `dpo` is an input error that says so,
/// with a did-you-mean: never a flow left awaiting approval.
#[test]
fn an_approval_by_an_undeclared_role_is_an_input_error() {
    let flow = police(serde_json::json!({"approvals": [{"role": "DPO", "at": "2026-02-01"}]}));
    let d = engine().decide_json(&flow);
    assert_eq!(d.decision, Outcome::Deny, "{}", d.to_text());
    assert_eq!(d.kind, Some(DenyKind::Error));
    assert_eq!(
        problems(&d),
        [(
            "/approvals/0/role".to_owned(),
            Problem::UndeclaredRole {
                name: "DPO".into(),
                suggestion: Some("dpo".into()),
            }
        )]
    );
    assert!(
        d.to_text().contains("did you mean `dpo`?"),
        "{}",
        d.to_text()
    );
    let fr = engine().decide_json_in(&flow, Lang::FR);
    assert!(
        fr.to_text_in(Lang::FR).contains("vouliez-vous dire `dpo`"),
        "{}",
        fr.to_text_in(Lang::FR)
    );
    // The verdict (no words) says the same.
    let parsed = mandate::eval::Flow::from_json(&flow).expect("a flow");
    assert_eq!(engine().verdict(&parsed).decision, Outcome::Deny);
    // The declared role releases the review and allows.
    let ok = police(serde_json::json!({"approvals": [{"role": "dpo", "at": "2026-02-01"}]}));
    assert_eq!(engine().decide_json(&ok).decision, Outcome::Allow);
}

/// An undeclared role in an earlier hop of a chain is named at its place.
#[test]
fn an_undeclared_role_in_a_chain_is_named_at_its_hop() {
    let flow = police(serde_json::json!({
        "collected_for": "law_enforcement",
        "chain": [{"from": "police", "to": "ns_ke", "purpose": "law_enforcement",
                   "approvals": [{"role": "Dpo"}]}],
    }));
    let d = engine().decide_json(&flow);
    assert_eq!(d.kind, Some(DenyKind::Error), "{}", d.to_text());
    assert_eq!(
        problems(&d),
        [(
            "/chain/0/approvals/0/role".to_owned(),
            Problem::UndeclaredRole {
                name: "Dpo".into(),
                suggestion: Some("dpo".into()),
            }
        )]
    );
}

/// A response the policy does not declare is an input error; a declared one selects its
/// classification.
#[test]
fn an_undeclared_response_is_an_input_error() {
    let flow = police(serde_json::json!({"context": {"response": "KE-2025"}}));
    let d = engine().decide_json(&flow);
    assert_eq!(d.kind, Some(DenyKind::Error), "{}", d.to_text());
    assert_eq!(
        problems(&d),
        [(
            "/context/response".to_owned(),
            Problem::UndeclaredResponse {
                name: "KE-2025".into(),
                suggestion: Some("ke-2025".into()),
            }
        )]
    );
    let ok = police(serde_json::json!({"context": {"response": "ke-2025"}}));
    assert_eq!(engine().decide_json(&ok).decision, Outcome::Review);
}

/// A pack that declares no role judges approvals as it always did: an unknown role is an
/// approval that releases nothing.
#[test]
fn a_pack_without_declared_roles_does_not_check_them() {
    let old = DECLARED
        .replace("role dpo \"Data protection officer\"\n", "")
        .replace("response \"ke-2025\" \"Kenya response 2025\"\n", "")
        .replace(
            "flag family_links_network \"Member of the Family Links Network\"\n",
            "",
        );
    let engine = Engine::from_sources([("p.policy", old.as_str())]).expect("compiles");
    let d = engine.decide_json(&police(
        serde_json::json!({"approvals": [{"role": "DPO"}], "context": {"response": "x"}}),
    ));
    assert_eq!(d.decision, Outcome::Review, "{}", d.to_text());
    // Declarations are skipped from the compiled form when there are none: the hash of such
    // a pack does not change.
    assert!(
        !serde_json::to_string(engine.policy())
            .unwrap()
            .contains("\"declared\"")
    );
}

// ---------------------------------------------------------------- classifications of combinations

pub(crate) const COMBINED: &str = r##"
policy "Combinations" version "1"
category location sensitivity low
category location.admin1
category location.admin2
category incidents sensitivity low
category incidents.gbv
category population sensitivity low
purpose coordination
party kind agency
party kind public
party agency_ke kind agency jurisdiction "KE"
party portal kind public jurisdiction "KE"

response "ke-2025" "Kenya response 2025"

classification "ISP Kenya 2025" for response "ke-2025"
  location.admin2 and incidents is high
  location.admin2 and incidents.gbv is severe
  location and population is moderate

deny "Only data classified low is published"
  when recipient is public and data sensitivity above low
  cite "IASC Operational Guidance (2023), data sensitivity classification"

allow "Publication of aggregates"
  when recipient is public and purpose within coordination
  cite "IASC Operational Guidance (2023)"
"##;

fn publish(data: &[&str], response: Option<&str>) -> Decision {
    publish_in(data, response, Lang::EN)
}

fn publish_in(data: &[&str], response: Option<&str>, lang: Lang) -> Decision {
    let engine = Engine::from_sources([("p.policy", COMBINED)]).expect("compiles");
    let mut flow = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": "agency_ke", "to": "portal",
        "data": data, "purpose": "coordination",
    });
    if let Some(r) = response {
        flow["context"] = serde_json::json!({"response": r});
    }
    engine.decide_json_in(&flow.to_string(), lang)
}

fn sensitivity_fact(d: &Decision) -> Option<mandate::reason::Fact> {
    d.determining
        .iter()
        .flat_map(|r| r.reasons.iter())
        .find(|f| matches!(f, mandate::reason::Fact::Sensitivity { .. }))
        .cloned()
}

/// Each category alone is low; together, under the response, the entry for both applies and
/// the explanation names it.
#[test]
fn a_combination_applies_when_all_its_categories_appear() {
    assert_eq!(
        publish(&["location.admin2"], Some("ke-2025")).decision,
        Outcome::Allow
    );
    assert_eq!(
        publish(&["incidents"], Some("ke-2025")).decision,
        Outcome::Allow
    );
    // Without the response the classification does not apply.
    assert_eq!(
        publish(&["location.admin2", "incidents"], None).decision,
        Outcome::Allow
    );
    let d = publish(&["location.admin2", "incidents"], Some("ke-2025"));
    assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
    assert_eq!(
        sensitivity_fact(&d),
        Some(mandate::reason::Fact::Sensitivity {
            level: "high".into(),
            response: Some("ke-2025".into()),
            combination: Some(vec!["incidents".into(), "location.admin2".into()]),
            compare: mandate::reason::Compare::Above,
            bound: "low".into(),
            holds: true,
        })
    );
    let text = d.to_text();
    assert!(
        text.contains("entry for incidents and location.admin2 together"),
        "{text}"
    );
    let fr = publish_in(&["location.admin2", "incidents"], Some("ke-2025"), Lang::FR)
        .to_text_in(Lang::FR);
    assert!(fr.contains("ensemble"), "{fr}");
}

/// Categories within an entry's categories count (a GBV incident is an incident), and the
/// strictest applying entry wins and is the one named.
#[test]
fn the_strictest_combination_wins_and_descendants_count() {
    let d = publish(
        &["location.admin2", "incidents.gbv", "population"],
        Some("ke-2025"),
    );
    let Some(mandate::reason::Fact::Sensitivity {
        level, combination, ..
    }) = sensitivity_fact(&d)
    else {
        panic!("no sensitivity fact: {}", d.to_text())
    };
    assert_eq!(level, "severe");
    assert_eq!(
        combination,
        Some(vec!["incidents.gbv".into(), "location.admin2".into()])
    );
    // A data category above an entry's (admin1 is not admin2) does not make it apply.
    let d = publish(&["location.admin1", "incidents"], Some("ke-2025"));
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
}

/// The plugin's verdict path (no words) agrees: it judges the same sensitivity.
#[test]
fn the_verdict_sees_combinations_too() {
    let engine = Engine::from_sources([("p.policy", COMBINED)]).expect("compiles");
    let flow = mandate::eval::Flow::from_json(
        &serde_json::json!({
            "id": "f", "at": "2026-03-01T12:00:00Z", "from": "agency_ke", "to": "portal",
            "data": ["location.admin2", "incidents"], "purpose": "coordination",
            "context": {"response": "ke-2025"},
        })
        .to_string(),
    )
    .expect("a flow");
    assert_eq!(engine.verdict(&flow).decision, Outcome::Deny);
}

// ---------------------------------------------------------------- scoped no onward transfer

pub(crate) const SCOPED: &str = r##"
policy "Scoped onward transfer" version "1"
category personal personal
category personal.tracing
subject sought_person
purpose rfl
party kind society
party kind agency
party icrc_ke kind society jurisdiction "KE" organisation icrc flags [fln]
party icrc_ch kind society jurisdiction "CH" organisation icrc flags [fln]
party krcs kind society jurisdiction "KE" flags [fln]
party agency_ke kind agency jurisdiction "KE"

flag fln "Family Links Network"

allow "Within the network"
  when purpose within rfl and recipient has fln and sender has fln
  require no onward transfer outside network fln
  cite "RFL Code of Conduct (2015)"

allow "Anyone else, for tests"
  when purpose within rfl and recipient is agency
  cite "test"
"##;

const ORGANISATION: &str = r##"
allow "Within the organisation"
  when purpose within rfl and recipient is icrc_ke
  require no onward transfer outside organisation
  cite "ICRC Handbook (3rd ed., 2024)"
"##;

fn chain(policy: &str, first: (&str, &str), next: &str) -> Decision {
    let engine = Engine::from_sources([("p.policy", policy)]).expect("compiles");
    let flow = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": first.1, "to": next,
        "data": ["personal.tracing"], "subjects": ["sought_person"], "purpose": "rfl",
        "collected_for": "rfl",
        "chain": [{"from": first.0, "to": first.1, "purpose": "rfl", "at": "2026-02-01"}],
    });
    engine.decide_json(&flow.to_string())
}

fn finding(d: &Decision) -> Option<mandate::reason::Finding> {
    d.determining
        .iter()
        .flat_map(|r| &r.reasons)
        .find_map(|f| match f {
            mandate::reason::Fact::Check { finding } => Some(finding.clone()),
            _ => None,
        })
}

/// Data received under `no onward transfer outside network fln` moves on to a member and
/// never to anyone else, whatever rule would allow that hop.
#[test]
fn a_network_scope_lets_data_move_within_the_network_only() {
    let d = chain(SCOPED, ("icrc_ke", "krcs"), "icrc_ch");
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
    let scoped = d
        .obligations
        .iter()
        .find(|o| o.kind == "no_onward_transfer")
        .expect("the scoped obligation");
    assert_eq!(
        scoped.value,
        serde_json::json!({"outside": "network", "network": "fln"})
    );
    let d = chain(SCOPED, ("icrc_ke", "krcs"), "agency_ke");
    assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
    assert_eq!(
        d.determining[0].check,
        Some(mandate::reason::Check::OnwardObligation)
    );
    assert_eq!(
        finding(&d),
        Some(mandate::reason::Finding::UpstreamObligationScope {
            rule: "Within the network".into(),
            scope: "network".into(),
            within: "fln".into(),
            received_by: "krcs".into(),
            recipient: "agency_ke".into(),
        })
    );
    assert!(
        d.to_text().contains("agency_ke is not flagged so"),
        "{}",
        d.to_text()
    );
}

/// `outside organisation`: the recipient's other offices may receive it, another
/// organisation may not; a plain `no onward transfer` in the same merge replaces the scope.
#[test]
fn an_organisation_scope_follows_the_recipients_organisation() {
    let policy = format!("{SCOPED}{ORGANISATION}");
    // krcs → icrc_ke: both rules allow; the network scope and the organisation scope both
    // hold for the next hop.
    let d = chain(&policy, ("krcs", "icrc_ke"), "icrc_ch");
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
    let d = chain(&policy, ("krcs", "icrc_ke"), "krcs");
    assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
    let Some(mandate::reason::Finding::UpstreamObligationScope { scope, within, .. }) = finding(&d)
    else {
        panic!("{}", d.to_text())
    };
    assert_eq!((scope.as_str(), within.as_str()), ("organisation", "icrc"));
    let fr = Engine::from_sources([("p.policy", policy.as_str())])
        .expect("compiles")
        .decide_json_in(
            &serde_json::json!({
                "id": "f", "at": "2026-03-01T12:00:00Z", "from": "icrc_ke", "to": "krcs",
                "data": ["personal.tracing"], "subjects": ["sought_person"], "purpose": "rfl",
                "collected_for": "rfl",
                "chain": [{"from": "krcs", "to": "icrc_ke", "purpose": "rfl", "at": "2026-02-01"}],
            })
            .to_string(),
            Lang::FR,
        )
        .to_text_in(Lang::FR);
    assert!(fr.contains("hors de l'organisation de icrc_ke"), "{fr}");
    // A plain prohibition is stricter than any scope: the merge keeps it alone.
    let plain = policy.replace(
        "require no onward transfer outside organisation",
        "require no onward transfer",
    );
    let d = chain(&plain, ("krcs", "icrc_ke"), "icrc_ch");
    assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
}

/// The formatter keeps a scope as written, and a misspelt network flag is an error that
/// names the declared flags when the pack declares them.
#[test]
fn a_scope_formats_and_its_flag_is_checked() {
    let format =
        |t: &str| mandate::tools::fmt::format(mandate::source::FileId(0), t).expect("formats");
    let once = format(SCOPED.trim_start());
    assert_eq!(format(&once), once);
    assert!(
        once.contains("  require no onward transfer outside network fln\n"),
        "{once}"
    );
    let typo = SCOPED.replace("outside network fln", "outside network fnl");
    let err = Engine::from_sources([("p.policy", typo.as_str())])
        .expect_err("an undeclared flag")
        .to_string();
    assert!(
        err.contains("unknown party flag `fnl`") && err.contains("`fln`"),
        "{err}"
    );
}

// ---------------------------------------------------------------- exceptions to built-in checks

pub(crate) const EXCEPTION: &str = r##"
policy "Exceptions" version "1"
category personal personal
category personal.identity
subject refugee
purpose registration
purpose law_enforcement
party kind agency
party kind police
party agency_ke kind agency jurisdiction "KE"
party police_ke kind police jurisdiction "KE"

role dpo "Data protection officer"

check builtin.purpose_limitation
  unless purpose within law_enforcement and approved by dpo
  cite "UNHCR DPP 2015 §6.3"

allow "Disclosure to the police"
  when recipient is police
  cite "UNHCR DPP 2015 §6.3"
"##;

fn disclose(extra: serde_json::Value, lang: Lang) -> Decision {
    let engine = Engine::from_sources([("p.policy", EXCEPTION)]).expect("compiles");
    let mut flow = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": "agency_ke", "to": "police_ke",
        "data": ["personal.identity"], "subjects": ["refugee"], "purpose": "law_enforcement",
        "collected_for": "registration",
    });
    for (k, v) in extra.as_object().expect("an object") {
        flow[k] = v.clone();
    }
    engine.decide_json_in(&flow.to_string(), lang)
}

/// With the DPO's approval the exception lifts purpose limitation and the rules decide;
/// without it the check forbids, and its entry shows the exception and why it does not hold.
#[test]
fn an_exception_to_purpose_limitation_applies_only_under_its_condition() {
    let approved = disclose(
        serde_json::json!({"approvals": [{"role": "dpo", "at": "2026-02-20"}]}),
        Lang::EN,
    );
    assert_eq!(approved.decision, Outcome::Allow, "{}", approved.to_text());
    let d = disclose(serde_json::json!({}), Lang::EN);
    assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
    let check = &d.determining[0];
    assert_eq!(check.check, Some(mandate::reason::Check::PurposeLimitation));
    assert!(
        check.reasons.iter().any(|f| matches!(
            f,
            mandate::reason::Fact::CheckException { cite, value: mandate::reason::Truth::False, .. }
                if cite == "UNHCR DPP 2015 §6.3"
        )),
        "{:?}",
        check.reasons
    );
    let text = d.to_text();
    assert!(
        text.contains("the policy's exception (UNHCR DPP 2015 §6.3) does not hold"),
        "{text}"
    );
    assert!(!text.contains("absolute"), "{text}");
    let fr = disclose(serde_json::json!({}), Lang::FR).to_text_in(Lang::FR);
    assert!(fr.contains("ne s'applique pas"), "{fr}");
    // Another purpose: the exception does not reach it.
    let other = disclose(
        serde_json::json!({"purpose": "registration", "collected_for": "law_enforcement",
                           "approvals": [{"role": "dpo"}]}),
        Lang::EN,
    );
    assert_eq!(other.kind, Some(DenyKind::Forbidden), "{}", other.to_text());
}

/// An exception that cannot be decided (its approval's date is unknown for `within`) makes
/// the forbidding check a gap, never a silent allow or a plain forbid.
#[test]
fn an_undecidable_exception_is_a_gap() {
    let text = EXCEPTION.replace("approved by dpo", "approved by dpo within 30 days");
    let engine = Engine::from_sources([("p.policy", text.as_str())]).expect("compiles");
    let flow = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": "agency_ke", "to": "police_ke",
        "data": ["personal.identity"], "subjects": ["refugee"], "purpose": "law_enforcement",
        "collected_for": "registration", "approvals": [{"role": "dpo"}],
    });
    let d = engine.decide_json(&flow.to_string());
    assert_eq!(d.kind, Some(DenyKind::Gap), "{}", d.to_text());
    // The plugin-free verdict agrees.
    let parsed = mandate::eval::Flow::from_json(&flow.to_string()).expect("a flow");
    assert_eq!(engine.verdict(&parsed).kind, Some(DenyKind::Gap));
}

/// The condition is checked like a rule's, and the formatter lays the exception out.
#[test]
fn an_exception_is_compiled_and_formatted_like_a_rule() {
    let typo = EXCEPTION.replace("within law_enforcement and", "within law_enforcment and");
    let err = Engine::from_sources([("p.policy", typo.as_str())])
        .expect_err("an unknown purpose")
        .to_string();
    assert!(err.contains("did you mean `law_enforcement`?"), "{err}");
    let format =
        |t: &str| mandate::tools::fmt::format(mandate::source::FileId(0), t).expect("formats");
    let once = format(EXCEPTION.trim_start());
    assert_eq!(format(&once), once);
    assert!(
        once.contains("check builtin.purpose_limitation\n  unless purpose within law_enforcement and approved by dpo\n  cite \"UNHCR DPP 2015 §6.3\"\n"),
        "{once}"
    );
}

// ---------------------------------------------------------------- consent and compatible purposes

/// A referral of a case under consent given for case management: the referral is declared
/// compatible with case management, so whether the consent covers it is the pack's reading.
const CONSENT: &str = r##"
policy "Consent reading" version "1"
category personal personal sensitivity moderate
category personal.identity
purpose protection
purpose protection.case_management
purpose protection.referral
purpose protection.monitoring
party kind ngo
party agency_ke kind ngo jurisdiction "KE"
party partner_ke kind ngo jurisdiction "KE"
compatible protection.referral with protection.case_management

deny "Consent must cover the transfer"
  when data includes personal and basis is consent and not consent covers flow
  cite "IOM Data Protection Principles, Principle 4"

allow "Protection work"
  when purpose within protection
  cite "UNHCR DPP 2015 §2.3"
"##;

const EXTENDS: &str = "consent extends to compatible purposes\n  cite \"IOM Data Protection Principles, Principle 2\"\n";

fn refer(pack: &str, purpose: &str, lang: Lang) -> (Engine, Decision, String) {
    let engine = Engine::from_sources([("p.policy", pack)]).expect("compiles");
    let flow = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": "agency_ke", "to": "partner_ke",
        "data": ["personal.identity"], "subjects": [], "purpose": purpose,
        "collected_for": "protection.case_management", "basis": "consent",
        "consent": {"id": "C-7", "status": "given", "purposes": ["protection.case_management"],
                    "recipients": ["partner_ke"], "countries": ["KE"],
                    "given_at": "2026-01-01T00:00:00Z"},
    })
    .to_string();
    let d = engine.decide_json_in(&flow, lang);
    (engine, d, flow)
}

/// The consent facts of the decision on `flow` and of its explanation.
fn consent_facts(engine: &Engine, flow: &str) -> Vec<mandate::reason::Fact> {
    let parsed = mandate::eval::Flow::from_json(flow).expect("a flow");
    let json = serde_json::json!([
        serde_json::to_value(engine.decide_json(flow)).expect("serialises"),
        serde_json::to_value(mandate::explain::explain(engine.policy(), &parsed))
            .expect("serialises"),
    ]);
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<mandate::reason::Fact>) {
        match v {
            serde_json::Value::Object(m) => {
                if m.get("code")
                    .and_then(|c| c.as_str())
                    .is_some_and(|c| c.starts_with("consent."))
                    && let Ok(f) = serde_json::from_value(v.clone())
                {
                    out.push(f);
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&json, &mut out);
    out
}

/// By default consent covers its purposes and those within them only: a purpose declared
/// compatible is not covered, and the explanation says it is the strict reading that decided.
#[test]
fn consent_does_not_reach_a_compatible_purpose_by_default() {
    let (engine, d, flow) = refer(CONSENT, "protection.referral", Lang::EN);
    assert_eq!(d.decision, Outcome::Deny, "{}", d.to_text());
    assert!(
        consent_facts(&engine, &flow).iter().any(|f| matches!(
            f,
            mandate::reason::Fact::ConsentGap {
                why: mandate::reason::ConsentGap::PurposeOnlyCompatible { purpose, given_for },
                ..
            } if purpose == "protection.referral" && given_for == "protection.case_management"
        )),
        "{}",
        d.to_text()
    );
    let text = d.to_text();
    assert!(text.contains("not compatible ones"), "{text}");
    let parsed = mandate::eval::Flow::from_json(&flow).expect("a flow");
    assert_eq!(engine.verdict(&parsed).decision, Outcome::Deny);
    let (_, fr, _) = refer(CONSENT, "protection.referral", Lang::FR);
    let fr = fr.to_text_in(Lang::FR);
    assert!(fr.contains("pas les finalités compatibles"), "{fr}");
    // A purpose neither within nor compatible keeps the plain purpose gap.
    let (_, other, other_flow) = refer(CONSENT, "protection.monitoring", Lang::EN);
    assert!(
        consent_facts(&engine, &other_flow).iter().any(|f| matches!(
            f,
            mandate::reason::Fact::ConsentGap {
                why: mandate::reason::ConsentGap::Purpose { .. },
                ..
            }
        )),
        "{}",
        other.to_text()
    );
}

/// A pack that extends consent to compatible purposes covers the referral, and the
/// explanation names the reading, the purpose the consent was given for and the citation.
#[test]
fn a_pack_can_extend_consent_to_compatible_purposes() {
    let pack = format!("{CONSENT}{EXTENDS}");
    let (engine, d, flow) = refer(&pack, "protection.referral", Lang::EN);
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
    assert!(
        consent_facts(&engine, &flow).iter().any(|f| matches!(
            f,
            mandate::reason::Fact::ConsentCoversCompatible { purpose, given_for, cite, .. }
                if purpose == "protection.referral"
                    && given_for == "protection.case_management"
                    && cite == "IOM Data Protection Principles, Principle 2"
        )),
        "{}",
        d.to_text()
    );
    let parsed = mandate::eval::Flow::from_json(&flow).expect("a flow");
    assert_eq!(engine.verdict(&parsed).decision, Outcome::Allow);
    // Not beyond the compatible purposes: monitoring is still not covered.
    let (_, other, _) = refer(&pack, "protection.monitoring", Lang::EN);
    assert_eq!(other.decision, Outcome::Deny, "{}", other.to_text());
    // The reading is part of the policy's meaning: another hash, kept by the compiled form,
    // which decides alike when loaded again (as the plugin and a decision log load it).
    let strict = Engine::from_sources([("p.policy", CONSENT)]).expect("compiles");
    assert_ne!(strict.policy().hash, engine.policy().hash);
    let json = serde_json::to_string(engine.policy()).expect("serialises");
    assert!(json.contains("\"consent_extends\""), "{json}");
    let loaded = Engine::from_compiled_json(&json).expect("loads");
    assert_eq!(loaded.decide_json(&flow).decision, Outcome::Allow);
    // A compiled policy whose setting was removed by hand no longer matches its hash.
    let mut edited: serde_json::Value = serde_json::from_str(&json).expect("json");
    edited
        .as_object_mut()
        .expect("object")
        .remove("consent_extends");
    assert!(Engine::from_compiled_json(&edited.to_string()).is_err());
}

/// The setting is checked by the compiler and laid out by the formatter.
#[test]
fn extending_consent_is_cited_once_in_a_policy_file() {
    let err = |text: &str| {
        Engine::from_sources([("p.policy", text)])
            .expect_err("does not compile")
            .to_string()
    };
    let uncited = format!("{CONSENT}consent extends to compatible purposes\n");
    assert!(
        err(&uncited).contains("needs a citation"),
        "{}",
        err(&uncited)
    );
    let twice = format!("{CONSENT}{EXTENDS}{EXTENDS}");
    assert!(err(&twice).contains("says twice"), "{}", err(&twice));
    let vocabulary = "vocabulary \"v\"\npurpose p\npurpose c\ncompatible p with c\n";
    let in_vocabulary = format!("{vocabulary}{EXTENDS}");
    assert!(
        err(&in_vocabulary).contains("a vocabulary file cannot declare how far consent extends"),
        "{}",
        err(&in_vocabulary)
    );
    let format =
        |t: &str| mandate::tools::fmt::format(mandate::source::FileId(0), t).expect("formats");
    let once = format(
        "consent   extends to compatible purposes cite \"IOM Data Protection Principles, Principle 2\"\n",
    );
    assert_eq!(
        once,
        "consent extends to compatible purposes cite \"IOM Data Protection Principles, Principle 2\"\n"
    );
    assert_eq!(format(&once), once);
    assert_eq!(format(&format(EXTENDS)), format(EXTENDS));
}

// ---------------------------------------------------------------- key custody, re-identification, DPIA

const DUTIES: &str = r##"
policy "Duties" version "1"
category personal personal sensitivity moderate
category personal.biometric sensitivity severe
purpose registration
party kind agency
party kind processor
party agency_ke kind agency jurisdiction "KE"
party cloud_ie kind processor jurisdiction "IE"

allow "Backups with a processor"
  when recipient is processor and purpose within registration
  require encrypt at_rest, encryption keys held by sender, no re-identification
  cite "ICRC Handbook, ch. 10"

require "Processors abroad hold no keys"
  when recipient is processor and cross border
  require encryption keys held by sender
  cite "ICRC Handbook, ch. 10"

require "Biometrics need a DPIA"
  when data includes personal.biometric and recipient is processor
  require dpia
  cite "ICRC Handbook, ch. 5"
"##;

fn backup(dpia: Option<&str>, lang: Lang) -> (Engine, Decision, String) {
    let engine = Engine::from_sources([("p.policy", DUTIES)]).expect("compiles");
    let mut flow = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": "agency_ke", "to": "cloud_ie",
        "data": ["personal.biometric"], "subjects": [], "purpose": "registration",
    });
    if let Some(r) = dpia {
        flow["dpia"] = serde_json::json!({ "ref": r });
    }
    let flow = flow.to_string();
    let d = engine.decide_json_in(&flow, lang);
    (engine, d, flow)
}

/// Key custody and no re-identification merge like the other duties (once, with every rule
/// that imposes them), and read in English and French.
#[test]
fn key_custody_and_no_reidentification_are_merged_and_worded() {
    let (_, d, _) = backup(Some("DPIA-KE-7"), Lang::EN);
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
    let keys: Vec<_> = d
        .obligations
        .iter()
        .filter(|o| o.kind == "keys_held_by_sender")
        .collect();
    assert_eq!(keys.len(), 1, "{:?}", d.obligations);
    assert_eq!(
        keys[0].imposed_by,
        ["Backups with a processor", "Processors abroad hold no keys"]
    );
    assert!(
        keys[0].text.contains("held by the sender only"),
        "{}",
        keys[0].text
    );
    let reid = d
        .obligations
        .iter()
        .find(|o| o.kind == "no_reidentification")
        .expect("no re-identification");
    assert_eq!(reid.imposed_by, ["Backups with a processor"]);
    let (_, fr, _) = backup(Some("DPIA-KE-7"), Lang::FR);
    let texts: Vec<&str> = fr.obligations.iter().map(|o| o.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("détenues par l'expéditeur seul"))
            && texts.iter().any(|t| t.contains("réidentifier")),
        "{texts:?}"
    );
}

/// A required DPIA: the decision shows the reference the flow states; without one (or with
/// a blank one) the flow is a gap decided by the rule that requires it, and says why.
#[test]
fn a_required_dpia_is_shown_or_its_absence_is_a_gap() {
    let (engine, d, flow) = backup(Some("DPIA-KE-7"), Lang::EN);
    let dpia = d
        .obligations
        .iter()
        .find(|o| o.kind == "dpia")
        .expect("the DPIA obligation");
    assert_eq!(dpia.value, serde_json::json!({ "ref": "DPIA-KE-7" }));
    assert!(d.to_text().contains("DPIA-KE-7"), "{}", d.to_text());
    let parsed = mandate::eval::Flow::from_json(&flow).expect("a flow");
    assert_eq!(engine.verdict(&parsed).decision, Outcome::Allow);
    for missing in [None, Some("  ")] {
        let (engine, d, flow) = backup(missing, Lang::EN);
        assert_eq!(d.kind, Some(DenyKind::Gap), "{}", d.to_text());
        assert_eq!(d.determining.len(), 1, "{}", d.to_text());
        assert_eq!(&*d.determining[0].rule, "Biometrics need a DPIA");
        assert!(
            d.determining[0]
                .reasons
                .contains(&mandate::reason::Fact::DpiaUnstated),
            "{:?}",
            d.determining[0].reasons
        );
        assert!(d.obligations.is_empty());
        assert!(
            d.to_text().contains("states no reference"),
            "{}",
            d.to_text()
        );
        let parsed = mandate::eval::Flow::from_json(&flow).expect("a flow");
        assert_eq!(engine.verdict(&parsed).kind, Some(DenyKind::Gap));
    }
    let (_, fr, _) = backup(None, Lang::FR);
    assert!(
        fr.to_text_in(Lang::FR).contains("analyse d'impact"),
        "{}",
        fr.to_text_in(Lang::FR)
    );
}

/// A chain hop may state its own DPIA (a data map's transfers each do): a hop with the member
/// relies on it alone (a blank one states none), a hop without it on the flow's.
#[test]
fn a_chain_hop_relies_on_its_own_dpia_or_on_the_flows() {
    let text = format!("{DUTIES}party cloud_de kind processor jurisdiction \"DE\"\n");
    let engine = Engine::from_sources([("p.policy", text.as_str())]).expect("compiles");
    let decide = |flow_dpia: Option<&str>, hop_dpia: Option<&str>| {
        let mut hop = serde_json::json!({
            "from": "agency_ke", "to": "cloud_ie", "purpose": "registration",
            "at": "2026-03-01T11:00:00Z",
        });
        if let Some(r) = hop_dpia {
            hop["dpia"] = serde_json::json!({ "ref": r });
        }
        let mut flow = serde_json::json!({
            "id": "f", "at": "2026-03-01T12:00:00Z", "from": "cloud_ie", "to": "cloud_de",
            "data": ["personal.biometric"], "subjects": [], "purpose": "registration",
            "collected_for": "registration", "chain": [hop],
        });
        if let Some(r) = flow_dpia {
            flow["dpia"] = serde_json::json!({ "ref": r });
        }
        engine.decide_json(&flow.to_string())
    };
    let gap_on = |d: &Decision| -> Vec<Option<usize>> {
        assert_eq!(d.kind, Some(DenyKind::Gap), "{}", d.to_text());
        d.determining.iter().map(|r| r.hop).collect()
    };
    // The flow's DPIA serves a hop that states none.
    let d = decide(Some("DPIA-1"), None);
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_json());
    // Each states its own.
    let d = decide(Some("DPIA-2"), Some("DPIA-1"));
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
    // A hop with a blank one states none, whatever the flow's: a gap on that hop.
    assert_eq!(gap_on(&decide(Some("DPIA-2"), Some(" "))), [Some(1)]);
    // The hop's own does not serve the flow itself.
    assert_eq!(gap_on(&decide(None, Some("DPIA-1"))), [Some(2)]);
}

/// The holder of the keys is checked by the compiler, and the duties keep their layout.
#[test]
fn key_custody_names_the_sender_and_the_duties_format() {
    let typo = DUTIES.replacen("keys held by sender,", "keys held by sendr,", 1);
    let err = Engine::from_sources([("p.policy", typo.as_str())])
        .expect_err("an unknown holder")
        .to_string();
    assert!(err.contains("did you mean `sender`?"), "{err}");
    let format =
        |t: &str| mandate::tools::fmt::format(mandate::source::FileId(0), t).expect("formats");
    let once = format(DUTIES.trim_start());
    assert_eq!(format(&once), once);
    assert!(
        once.contains(
            "require encrypt at_rest, encryption keys held by sender, no re-identification"
        ),
        "{once}"
    );
    let a = Engine::from_sources([("a.policy", DUTIES)]).expect("compiles");
    let b = Engine::from_sources([("b.policy", once.as_str())]).expect("compiles");
    assert_eq!(a.policy().hash, b.policy().hash);
}
