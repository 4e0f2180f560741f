//! Dates in the language: time-bounded approvals (`approved by ROLE within 30 days`, an
//! approval's `expires`) and the age of records (`records closed more than 5 years before`),
//! end to end through the public API: decisions, their typed facts, explanations and remedies.

use mandate::Engine;
use mandate::eval::{Decision, DenyKind, Outcome};
use mandate::explain::remedies::Change;
use mandate::reason::Fact;

const POLICY: &str = r##"
policy "Dates" version "1"
category personal personal sensitivity moderate
category personal.identity
category personal.tracing
purpose humanitarian
purpose protection under humanitarian
purpose protection.tracing
party kind national_society
party kind state_authority
party ns_ke kind national_society jurisdiction "KE"
party ns_ug kind national_society jurisdiction "UG"
party ministry kind state_authority jurisdiction "KE"

allow "Tracing between National Societies"
  when purpose within protection.tracing and recipient is national_society
   and approved by rfl_coordinator within 30 days
  cite "RFL Code of Conduct"

review "Disclosures to authorities go to the DPO"
  when recipient is state_authority
  approval by dpo
  cite "ICRC Handbook (3rd ed.), ch. 2"

allow "Authorities with the DPO's approval"
  when recipient is state_authority and approved by dpo
  cite "ICRC Handbook (3rd ed.), ch. 2"

deny "Closed tracing cases are not shared after five years"
  when data includes personal.tracing and records closed more than 5 years before
  unless approved by dpo and purpose within protection.tracing
  cite "RFL Code of Conduct"
"##;

fn engine() -> Engine {
    Engine::from_sources([("p.policy", POLICY)]).expect("the test policy compiles")
}

/// A tracing flow on 2026-03-01 from `ns_ke` to `ns_ug`, with `extra` fields replacing the
/// base ones.
fn flow(extra: serde_json::Value) -> String {
    let mut value = serde_json::json!({
        "id": "f", "at": "2026-03-01T12:00:00Z", "from": "ns_ke", "to": "ns_ug",
        "data": ["personal.identity"], "subjects": [], "purpose": "protection.tracing",
    });
    for (k, v) in extra.as_object().expect("an object") {
        value[k] = v.clone();
    }
    value.to_string()
}

fn decide(extra: serde_json::Value) -> Decision {
    engine().decide_json(&flow(extra))
}

fn facts(d: &Decision) -> Vec<Fact> {
    d.determining
        .iter()
        .flat_map(|r| r.reasons.iter().cloned())
        .collect()
}

#[test]
fn an_approval_within_the_period_counts() {
    let d = decide(serde_json::json!({
        "approvals": [{"role": "rfl_coordinator", "at": "2026-02-10", "ref": "RFL-2026-114"}]
    }));
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
    assert!(
        facts(&d).contains(&Fact::ApprovalRecent {
            role: "rfl_coordinator".into(),
            at: "2026-02-10T00:00:00Z".into(),
            flow_at: "2026-03-01T12:00:00Z".into(),
            amount: 30,
            unit: "days".into(),
            holds: true,
            reference: Some("RFL-2026-114".into()),
        }),
        "{:?}",
        facts(&d)
    );
    // The reference shows in the decision's words (`check`) as in the explanation.
    assert!(
        d.to_text().contains("(reference RFL-2026-114)"),
        "{}",
        d.to_text()
    );
}

#[test]
fn an_approval_older_than_the_period_does_not_count_and_says_its_date() {
    let d = decide(serde_json::json!({
        "approvals": [{"role": "rfl_coordinator", "at": "2026-01-15"}]
    }));
    assert_eq!(d.kind, Some(DenyKind::NotPermitted), "{}", d.to_text());
    let e = mandate::explain::explain_json(
        engine().policy(),
        &flow(serde_json::json!({
            "approvals": [{"role": "rfl_coordinator", "at": "2026-01-15"}]
        })),
    );
    let text = serde_json::to_string(&e.hops).expect("json");
    assert!(
        text.contains("the latest approval by rfl_coordinator, of 2026-01-15T00:00:00Z, is more than 30 days before the flow (2026-03-01T12:00:00Z)"),
        "{text}"
    );
    // The remedy renews the approval, dated on the flow's time, and is verified.
    let changes: Vec<&Change> = e
        .remedies
        .options
        .iter()
        .flat_map(|r| r.changes.iter().map(|s| &s.change))
        .collect();
    assert!(
        changes.contains(&&Change::RenewApproval {
            role: "rfl_coordinator".into(),
            hop: None
        }),
        "{changes:?}"
    );
}

/// A date the flow does not state is unknown: an allow rule that needs a recent approval is
/// undecided (a gap), not false.
#[test]
fn an_undated_approval_leaves_recency_unknown() {
    let d = decide(serde_json::json!({ "approvals": [{"role": "rfl_coordinator"}] }));
    assert_eq!(d.kind, Some(DenyKind::Gap), "{}", d.to_text());
    let e = mandate::explain::explain_json(
        engine().policy(),
        &flow(serde_json::json!({ "approvals": [{"role": "rfl_coordinator"}] })),
    );
    let text = serde_json::to_string(&e.hops).expect("json");
    assert!(text.contains("\"code\":\"approval.undated\""), "{text}");
}

#[test]
fn an_expired_approval_does_not_count_and_the_review_says_when_it_expired() {
    let extra = serde_json::json!({
        "to": "ministry", "purpose": "protection",
        "approvals": [{"role": "dpo", "at": "2025-01-01", "expires": "2026-01-01", "ref": "DPO-7"}]
    });
    let d = decide(extra.clone());
    assert_eq!(
        (d.decision, d.kind),
        (Outcome::Review, Some(DenyKind::ReviewRequired)),
        "{}",
        d.to_text()
    );
    let expired = Fact::ApprovalExpired {
        role: "dpo".into(),
        expires: "2026-01-01T00:00:00Z".into(),
        flow_at: "2026-03-01T12:00:00Z".into(),
    };
    assert!(facts(&d).contains(&expired), "{:?}", facts(&d));
    assert!(
        d.to_text().contains("expired on 2026-01-01T00:00:00Z"),
        "{}",
        d.to_text()
    );
    let e = mandate::explain::explain_json(engine().policy(), &flow(extra));
    let changes: Vec<&Change> = e
        .remedies
        .options
        .iter()
        .flat_map(|r| r.changes.iter().map(|s| &s.change))
        .collect();
    assert!(
        changes.contains(&&Change::RenewApproval {
            role: "dpo".into(),
            hop: None
        }),
        "{changes:?}"
    );
    // Not yet expired: it counts, and the authority rule allows.
    let d = decide(serde_json::json!({
        "to": "ministry", "purpose": "protection",
        "approvals": [{"role": "dpo", "at": "2025-01-01", "expires": "2026-06-01"}]
    }));
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
}

#[test]
fn an_approval_expiring_at_the_flows_instant_does_not_count() {
    let d = decide(serde_json::json!({
        "to": "ministry", "purpose": "protection",
        "approvals": [{"role": "dpo", "expires": "2026-03-01T12:00:00Z"}]
    }));
    assert_eq!(d.decision, Outcome::Review, "{}", d.to_text());
}

#[test]
fn an_expiry_that_is_not_a_time_is_an_input_error() {
    let d = decide(serde_json::json!({
        "approvals": [{"role": "dpo", "expires": "next year"}]
    }));
    assert_eq!(d.kind, Some(DenyKind::Error), "{}", d.to_text());
    assert_eq!(d.errors[0].path, "/approvals/0/expires");
}

/// The approval's older `id` is still read as its reference; an unknown field is an error.
#[test]
fn approvals_keep_their_older_form() {
    let f = mandate::eval::Flow::from_json(&flow(serde_json::json!({
        "approvals": [{"role": "dpo", "id": "A-1"}]
    })))
    .expect("the older form reads");
    assert_eq!(f.approvals[0].reference(), Some("A-1"));
    let e = mandate::eval::Flow::from_json(&flow(serde_json::json!({
        "approvals": [{"role": "dpo", "expiry": "2027-01-01"}]
    })))
    .expect_err("unknown field");
    assert_eq!(e.path(), "/approvals/0/expiry");
    assert!(
        e.to_string()
            .contains("there is no member `expiry` here; did you mean `expires`?"),
        "{e}"
    );
}

#[test]
fn records_past_their_period_are_denied_with_the_day_it_ran_out() {
    let d = decide(serde_json::json!({
        "data": ["personal.tracing"],
        "approvals": [{"role": "rfl_coordinator", "at": "2026-02-20"}],
        "records": {"collected": "2015-06-01", "closed": "2019-04-30"}
    }));
    assert_eq!(
        (d.decision, d.kind),
        (Outcome::Deny, Some(DenyKind::Forbidden)),
        "{}",
        d.to_text()
    );
    assert!(
        facts(&d).contains(&Fact::RecordsAge {
            event: "closed".into(),
            on: "2019-04-30T00:00:00Z".into(),
            amount: 5,
            unit: "years".into(),
            ends: Some("2024-04-30T00:00:00Z".into()),
            flow_at: "2026-03-01T12:00:00Z".into(),
            holds: true,
        }),
        "{:?}",
        facts(&d)
    );
    let text = d.to_text();
    assert!(text.contains("ran out on 2024-04-30T00:00:00Z"), "{text}");
    // The exception shows every one of its conditions, not only the one that failed.
    let exception = facts(&d)
        .into_iter()
        .find_map(|f| match f {
            Fact::Exception { facts, .. } => Some(facts),
            _ => None,
        })
        .expect("the exception's facts");
    assert_eq!(exception.len(), 2, "{exception:?}");
}

#[test]
fn records_within_their_period_pass() {
    let d = decide(serde_json::json!({
        "data": ["personal.tracing"],
        "approvals": [{"role": "rfl_coordinator", "at": "2026-02-20"}],
        "records": {"closed": "2021-03-02"}
    }));
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
}

/// A case whose closing date the flow does not state may be closed long ago: the deny rule
/// cannot be decided, a gap, never skipped.
#[test]
fn an_unstated_record_date_is_a_gap() {
    for records in [
        serde_json::json!({"collected": "2015-06-01"}),
        serde_json::Value::Null,
    ] {
        let mut extra = serde_json::json!({
            "data": ["personal.tracing"],
            "approvals": [{"role": "rfl_coordinator", "at": "2026-02-20"}],
        });
        if !records.is_null() {
            extra["records"] = records;
        }
        let d = decide(extra);
        assert_eq!(d.kind, Some(DenyKind::Gap), "{}", d.to_text());
        assert!(
            facts(&d).contains(&Fact::RecordsUnstated {
                event: "closed".into()
            }),
            "{:?}",
            facts(&d)
        );
    }
}

#[test]
fn a_record_date_that_is_not_a_time_is_an_input_error() {
    let d = decide(serde_json::json!({ "records": {"closed": "2019-13-01"} }));
    assert_eq!(d.kind, Some(DenyKind::Error), "{}", d.to_text());
    assert_eq!(d.errors[0].path, "/records/closed");
}

/// Calendar years: five years after 2020-02-29 end on 2025-02-28.
#[test]
fn years_are_calendar_years() {
    let d = decide(serde_json::json!({
        "at": "2025-02-28T12:00:00Z",
        "data": ["personal.tracing"],
        "approvals": [{"role": "rfl_coordinator", "at": "2025-02-20"}],
        "records": {"closed": "2020-02-29"}
    }));
    assert_eq!(d.kind, Some(DenyKind::Forbidden), "{}", d.to_text());
    let d = decide(serde_json::json!({
        "at": "2025-02-27T23:00:00Z",
        "data": ["personal.tracing"],
        "approvals": [{"role": "rfl_coordinator", "at": "2025-02-20"}],
        "records": {"closed": "2020-02-29"}
    }));
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
}

#[test]
fn the_words_are_french_too() {
    let d = engine().decide_json_in(
        &flow(serde_json::json!({
            "data": ["personal.tracing"],
            "approvals": [{"role": "rfl_coordinator", "at": "2026-02-20"}],
            "records": {"closed": "2019-04-30"}
        })),
        mandate::words::Lang::FR,
    );
    let text = d.to_text();
    assert!(
        text.contains("le dossier a été clos le 2019-04-30T00:00:00Z"),
        "{text}"
    );
    assert!(text.contains("5 ans"), "{text}");
}

#[test]
fn the_conditions_read_back_and_format_as_written() {
    let e = engine();
    let p = e.policy();
    let texts: Vec<String> = p.rules.iter().map(|r| p.cond_text(&r.when)).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with(" and approved by rfl_coordinator within 30 days")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with("records closed more than 5 years before")),
        "{texts:?}"
    );
}

/// An open case says so: a condition on its closing is then false, not unknown; saying it is
/// open and when it closed is an input error.
#[test]
fn an_open_case_was_never_closed() {
    let d = decide(serde_json::json!({
        "data": ["personal.tracing"],
        "approvals": [{"role": "rfl_coordinator", "at": "2026-02-20"}],
        "records": {"collected": "2012-01-01", "open": true}
    }));
    assert_eq!(d.decision, Outcome::Allow, "{}", d.to_text());
    let d = decide(serde_json::json!({
        "records": {"closed": "2012-01-01", "open": true}
    }));
    assert_eq!(d.kind, Some(DenyKind::Error), "{}", d.to_text());
    assert_eq!(d.errors[0].path, "/records/open");
}

/// `diff` sees a change of period (the dates are loose facts of the encoding, three-valued)
/// and none between a policy and itself.
#[cfg(feature = "lint")]
#[test]
fn diff_sees_a_changed_period_and_no_change_without_one() {
    let compiled = |text: &str| {
        Engine::from_sources([("p.policy", text)])
            .expect("compiles")
            .policy()
            .clone()
    };
    let five = compiled(POLICY);
    let ten = compiled(&POLICY.replace("more than 5 years before", "more than 10 years before"));
    let at = "2026-03-01T00:00:00Z";
    let same = mandate::tools::diff::diff(&five, &five, at).expect("comparable");
    assert!(same.is_empty(), "{same:?}");
    let changes = mandate::tools::diff::diff(&five, &ten, at).expect("comparable");
    assert!(
        changes
            .iter()
            .any(|c| c.rule.as_deref()
                == Some("Closed tracing cases are not shared after five years")),
        "{changes:?}"
    );
    let recent = compiled(&POLICY.replace("within 30 days", "within 60 days"));
    let changes = mandate::tools::diff::diff(&five, &recent, at).expect("comparable");
    assert!(!changes.is_empty());
}
