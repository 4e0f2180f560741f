use super::*;

const AT: &str = "2026-01-01T00:00:00Z";

fn policy(rules: &str) -> CompiledPolicy {
    let text = format!(
        "policy \"t\" version \"1\"\ncategory personal\npurpose a\npurpose b\nparty kind k\nparty p kind k jurisdiction \"KE\"\n{rules}"
    );
    crate::Engine::from_sources([("p.policy", text.as_str())])
        .expect("compiles")
        .policy()
        .clone()
}

#[test]
fn only_outcomes_count_not_names_or_order() {
    let one = policy(
        "allow \"x\" when purpose within a cite \"c\"\ndeny \"y\" when purpose within b cite \"c\"\n",
    );
    let two = policy(
        "deny \"why\" when purpose is b cite \"c\"\nallow \"ex\" when purpose is a cite \"c\"\n",
    );
    let changes = diff(&one, &two, AT).expect("comparable");
    assert!(changes.is_empty(), "{changes:?}");
}

#[test]
fn review_changes_name_the_review_that_holds_the_flow() {
    let allow = "allow \"x\" when purpose within a cite \"c\"\n";
    let one = policy(&format!(
        "{allow}review \"r\" when purpose within a approval by dpo cite \"c\"\n"
    ));
    let two = policy(allow);
    let changes = diff(&one, &two, AT).expect("comparable");
    // One class of flows, seen from both rules responsible: the allow that now decides
    // and the review that no longer holds them.
    let seen: Vec<(Shift, Option<&str>)> = changes
        .iter()
        .map(|c| (c.change, c.rule.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (Shift::NewlyAllows, Some("x")),
            (Shift::NoLongerHoldsForReview, Some("r"))
        ]
    );
    assert!(
        changes
            .iter()
            .all(|c| c.verified && (c.old, c.new) == (Class::Review, Class::Allowed))
    );
    let back = diff(&two, &one, AT).expect("comparable");
    assert_eq!(back.len(), 1, "{back:?}");
    assert_eq!(back[0].change, Shift::NewlyHoldsForReview);
    assert!(
        !back[0].witness.contains("approved by dpo;"),
        "{}",
        back[0].witness
    );
}

#[test]
fn a_removed_allow_is_reported_with_its_old_rule() {
    let one = policy("allow \"x\" when purpose within a require encrypt at_rest cite \"c\"\n");
    let two = policy("allow \"x\" when purpose within a and false cite \"c\"\n");
    let changes = diff(&one, &two, AT).expect("comparable");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].change, Shift::NoLongerAllows);
    assert_eq!(
        (changes[0].old, changes[0].new),
        (Class::Allowed, Class::NotPermitted)
    );
    assert!(changes[0].verified);
    assert_eq!(
        obligation_text(&one, &one.rules[0].obligations[0]),
        "encrypt at_rest"
    );
}

#[test]
fn a_reference_time_that_is_not_a_time_is_an_error() {
    let one = policy("");
    assert!(matches!(
        diff(&one, &one, "tomorrow"),
        Err(DiffError::BadTime(_))
    ));
}

#[test]
fn the_reference_day_is_the_utc_day_as_the_evaluator_reads_it() {
    let day = |t: &str| crate::model::Day::parse(t).expect("a day");
    // The same instant written twelve hours behind UTC falls on the UTC day.
    assert_eq!(
        witness::reference_day("2027-02-28T23:00:00-12:00"),
        Some(day("2027-03-01"))
    );
    assert_eq!(
        witness::reference_day("2027-03-01T01:00:00+03:00"),
        Some(day("2027-02-28"))
    );
    assert_eq!(
        witness::reference_day("2027-02-28"),
        Some(day("2027-02-28"))
    );
    assert_eq!(witness::reference_day("9999-12-31T23:00:00-23:00"), None);
}

#[test]
fn a_compatible_declaration_is_seen_through_the_purpose_limitation_check() {
    let allow = "allow \"x\" when purpose within a cite \"c\"\n";
    let one = policy(allow);
    let two = policy(&format!("compatible a with b\n{allow}"));
    let changes = diff(&one, &two, AT).expect("comparable");
    let seen: Vec<(Shift, Option<&str>, Option<Check>, &str)> = changes
        .iter()
        .map(|c| (c.change, c.rule.as_deref(), c.check, c.version))
        .collect();
    assert_eq!(
        seen,
        [
            (Shift::NewlyAllows, Some("x"), None, "new"),
            (
                Shift::NoLongerForbids,
                None,
                Some(Check::PurposeLimitation),
                "both"
            ),
        ]
    );
    assert!(changes.iter().all(|c| c.verified), "{changes:?}");
    assert_eq!(
        changes[1].differs[0].difference,
        Difference::Compatible {
            purpose: "a".into(),
            collected_for: "b".into(),
            compatible: Pair {
                before: false,
                now: true
            }
        },
        "{:?}",
        changes[1].differs
    );
    let text = to_text(&one, &two, &changes);
    assert!(
        text.contains(
            "purpose a is not compatible with collection purpose b before, compatible now"
        ),
        "{text}"
    );
}

#[test]
fn a_level_given_to_an_unlevelled_category_turns_a_gap_into_a_decision() {
    let deny = "deny \"d\" when data sensitivity at least high cite \"c\"\nallow \"x\" when purpose within a cite \"c\"\n";
    // No category has a level in the old version: the sensitivity test cannot be decided.
    let one = policy(&format!("category other\n{deny}"));
    let two = policy(&format!("category other sensitivity high\n{deny}"));
    let changes = diff(&one, &two, AT).expect("comparable");
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].change, Shift::NewlyForbids);
    assert_eq!(
        (changes[0].old, changes[0].new),
        (Class::Gap, Class::Forbidden)
    );
    assert!(changes[0].verified);
    // Back again: the deny that now cannot be decided, and the old one that no longer
    // forbids, see the same flows.
    let back = diff(&two, &one, AT).expect("comparable");
    let seen: Vec<Shift> = back.iter().map(|c| c.change).collect();
    assert_eq!(seen, [Shift::NewlyLeavesUndecided, Shift::NoLongerForbids]);
    assert!(
        back.iter().all(|c| c.verified && c.new == Class::Gap),
        "{back:?}"
    );
}

#[test]
fn a_tighter_risk_bound_or_k_is_an_obligation_change() {
    let one = policy(
        "allow \"x\" when purpose within a require k-anonymity on [personal] with k >= 5, reidentification risk at most 5% on [personal] cite \"c\"\n",
    );
    let two = policy(
        "allow \"x\" when purpose within a require k-anonymity on [personal] with k >= 5 suppressing at most 2.5%, reidentification risk at most 3% on [personal] cite \"c\"\n",
    );
    let changes = diff(&one, &two, AT).expect("comparable");
    let said: Vec<(Shift, Option<&str>)> = changes
        .iter()
        .map(|c| (c.change, c.obligation.as_deref()))
        .collect();
    for expected in [
        (
            Shift::NewlyRequires,
            Some("reidentification risk at most 3% on [personal]"),
        ),
        (
            Shift::NoLongerRequires,
            Some("reidentification risk at most 5% on [personal]"),
        ),
        (
            Shift::NewlyRequires,
            Some("k-anonymity on [personal] with k >= 5 suppressing at most 2.5%"),
        ),
        (
            Shift::NoLongerRequires,
            Some("k-anonymity on [personal] with k >= 5"),
        ),
    ] {
        assert!(said.contains(&expected), "{expected:?} not in {said:?}");
    }
    assert!(diff(&two, &two, AT).expect("comparable").is_empty());
}

/// A combination entry added to a classification raises the sensitivity of flows that carry
/// all its categories under that response: the diff finds them, with a verified witness that
/// states both categories and the response.
#[test]
fn a_combination_entry_raises_the_flows_that_carry_all_its_categories() {
    let base = "category place sensitivity low\ncategory incidents sensitivity moderate\n\
                deny \"d\" when data sensitivity at least severe cite \"c\"\n\
                allow \"x\" when purpose within a cite \"c\"\n";
    let one = policy(&format!(
        "{base}classification \"ISP\" for response \"r\"\n  place is low\n"
    ));
    let two = policy(&format!(
        "{base}classification \"ISP\" for response \"r\"\n  place is low\n  place and incidents is severe\n"
    ));
    let changes = diff(&one, &two, AT).expect("comparable");
    assert_eq!(changes.len(), 1, "{changes:?}");
    let c = &changes[0];
    assert_eq!(c.change, Shift::NewlyForbids);
    assert!(c.verified, "{c:?}");
    assert!(
        c.witness.contains("place") && c.witness.contains("incidents"),
        "{}",
        c.witness
    );
}
