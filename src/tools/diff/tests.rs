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

/// A rule gaining `dpia` changes the flows that state no DPIA from allowed to undecided: the
/// encoding knows the gap, so the diff finds that class with a verified witness that states
/// none, and compares the obligation on flows that state one (both allowed).
#[test]
fn a_rule_gaining_a_dpia_leaves_the_flows_without_one_undecided() {
    let one = policy("allow \"x\" when purpose within a cite \"c\"\n");
    let two = policy("allow \"x\" when purpose within a require dpia cite \"c\"\n");
    let changes = diff(&one, &two, AT).expect("comparable");
    let gap = changes
        .iter()
        .find(|c| c.change == Shift::NewlyLeavesUndecided)
        .unwrap_or_else(|| panic!("the DPIA gap is found: {changes:?}"));
    assert_eq!((gap.old, gap.new), (Class::Allowed, Class::Gap), "{gap:?}");
    assert!(gap.verified, "{gap:?}");
    assert!(gap.flow.get("dpia").is_none(), "{}", gap.flow);
    assert!(
        gap.witness.contains("not DPIA reference stated"),
        "{}",
        gap.witness
    );
    let required = changes
        .iter()
        .find(|c| c.change == Shift::NewlyRequires)
        .unwrap_or_else(|| panic!("the obligation is compared: {changes:?}"));
    assert_eq!(required.obligation.as_deref(), Some("dpia"));
    assert!(required.verified, "{required:?}");
    assert_eq!(required.flow["dpia"]["ref"], "witness-dpia");
    // Back: the flows without a DPIA are allowed again, and said so by the old rule.
    let back = diff(&two, &one, AT).expect("comparable");
    let lifted = back
        .iter()
        .find(|c| c.change == Shift::NoLongerLeavesUndecided)
        .unwrap_or_else(|| panic!("the gap lifted is found: {back:?}"));
    assert_eq!((lifted.old, lifted.new), (Class::Gap, Class::Allowed));
    assert!(lifted.verified, "{lifted:?}");
    // Unchanged, nothing: a pack requiring a DPIA is not different from itself.
    assert!(diff(&two, &two, AT).expect("comparable").is_empty());
}

/// A new allow rule that requires a DPIA newly allows the flows that state one (its witness
/// states it) and leaves those that do not undecided.
#[test]
fn a_new_allow_with_a_dpia_allows_only_the_flows_that_state_one() {
    let one = policy("");
    let two = policy("allow \"x\" when purpose within a require dpia cite \"c\"\n");
    let changes = diff(&one, &two, AT).expect("comparable");
    let allows = changes
        .iter()
        .find(|c| c.change == Shift::NewlyAllows)
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert!(allows.verified, "{allows:?}");
    assert_eq!(allows.flow["dpia"]["ref"], "witness-dpia");
    let gap = changes
        .iter()
        .find(|c| c.change == Shift::NewlyLeavesUndecided)
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert_eq!((gap.old, gap.new), (Class::NotPermitted, Class::Gap));
    assert!(gap.verified, "{gap:?}");
}

/// An exception to the purpose limitation check, added or removed, changes which flows the
/// check forbids: the diff finds them, attributed to the check, with a verified witness that
/// meets the exception's condition.
#[test]
fn an_exception_to_purpose_limitation_is_a_change_of_the_check() {
    let base = "allow \"x\" when purpose within b cite \"c\"\n";
    let one = policy(base);
    let two = policy(&format!(
        "{base}check builtin.purpose_limitation\n  unless purpose within b and approved by dpo\n  cite \"DPP 6.3\"\n"
    ));
    let changes = diff(&one, &two, AT).expect("comparable");
    let lifted = changes
        .iter()
        .find(|c| c.change == Shift::NoLongerForbids && c.check == Some(Check::PurposeLimitation))
        .unwrap_or_else(|| panic!("the exception is seen: {changes:?}"));
    assert_eq!((lifted.old, lifted.new), (Class::Forbidden, Class::Allowed));
    assert!(lifted.verified, "{lifted:?}");
    assert!(
        lifted.witness.contains("approved by dpo"),
        "{}",
        lifted.witness
    );
    let back = diff(&two, &one, AT).expect("comparable");
    let forbidden = back
        .iter()
        .find(|c| c.change == Shift::NewlyForbids && c.check == Some(Check::PurposeLimitation))
        .unwrap_or_else(|| panic!("the exception removed is seen: {back:?}"));
    assert_eq!(
        (forbidden.old, forbidden.new),
        (Class::Allowed, Class::Forbidden)
    );
    assert!(forbidden.verified, "{forbidden:?}");
    assert!(diff(&two, &two, AT).expect("comparable").is_empty());
}

/// Witnesses state the dates a rule on an approval's age or the records' age needs: an
/// approval given at the flow's time or long ago, records closed long ago or at the flow's
/// time, so that the engine decides them as the solver did.
#[test]
fn witnesses_date_approvals_and_records_as_their_rules_need() {
    let allow = "allow \"x\" when purpose within a cite \"c\"\n";
    let one = policy(allow);
    let two =
        policy("allow \"x\" when purpose within a and approved by dpo within 30 days cite \"c\"\n");
    let changes = diff(&one, &two, AT).expect("comparable");
    let narrowed = changes
        .iter()
        .find(|c| c.change == Shift::NoLongerAllows)
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert!(narrowed.verified, "{narrowed:?}");
    let back = diff(&two, &one, AT).expect("comparable");
    let widened = back
        .iter()
        .find(|c| c.change == Shift::NewlyAllows || c.change == Shift::NoLongerLeavesUndecided)
        .unwrap_or_else(|| panic!("{back:?}"));
    assert!(widened.verified, "{widened:?}");
    // Both versions allow a recent approval: the witness of a flow allowed under both states
    // one given at the flow's time.
    let deny = "deny \"d\" when records closed more than 5 years before cite \"c\"\n";
    let three = policy(&format!("{allow}{deny}"));
    let changes = diff(&three, &one, AT).expect("comparable");
    let lifted = changes
        .iter()
        .find(|c| c.change == Shift::NoLongerForbids)
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert!(lifted.verified, "{lifted:?}");
    assert_eq!(lifted.flow["records"]["closed"], "1970-01-01T00:00:00Z");
    let added = diff(&one, &three, AT).expect("comparable");
    let forbids = added
        .iter()
        .find(|c| c.change == Shift::NewlyForbids)
        .unwrap_or_else(|| panic!("{added:?}"));
    assert!(forbids.verified, "{forbids:?}");
}

/// Two tests of one record's age with different periods: moving a rule from 10 years to 5
/// forbids the flows whose records closed between the two, and the witness is dated there
/// (not long ago, where both versions forbid, nor at the flow's time, where neither does), so
/// the engine confirms it. The same for approvals: within 90 days but not within 30.
#[test]
fn witnesses_are_dated_between_two_periods_of_one_record() {
    let allow = "allow \"x\" when purpose within a cite \"c\"\n";
    let ten = policy(&format!(
        "{allow}deny \"d\" when records closed more than 10 years before cite \"c\"\n"
    ));
    let five = policy(&format!(
        "{allow}deny \"d\" when records closed more than 5 years before cite \"c\"\n"
    ));
    let changes = diff(&ten, &five, AT).expect("comparable");
    let newly = changes
        .iter()
        .find(|c| c.change == Shift::NewlyForbids)
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert!(newly.verified, "{newly:?}");
    let closed = newly.flow["records"]["closed"].as_str().unwrap_or_default();
    assert!(
        closed.as_bytes().first() == Some(&b'2') && closed < "2021" && closed > "2016",
        "closed {closed}"
    );
    let thirty =
        policy("allow \"x\" when purpose within a and approved by dpo within 30 days cite \"c\"\n");
    let ninety =
        policy("allow \"x\" when purpose within a and approved by dpo within 90 days cite \"c\"\n");
    let changes = diff(&thirty, &ninety, AT).expect("comparable");
    let widened = changes
        .iter()
        .find(|c| c.change == Shift::NewlyAllows)
        .unwrap_or_else(|| panic!("{changes:?}"));
    assert!(widened.verified, "{widened:?}");
}

/// An exception to the onward-obligation check (`no onward transfer` imposed on the previous
/// hop), added: the two-hop search finds the onward hops it lets through, charged to the
/// check, with a verified witness that meets the exception.
#[test]
fn an_exception_to_the_onward_obligation_is_found_on_two_hops() {
    let pack = |more: &str| {
        let text = format!(
            "policy \"t\" version \"1\"\ncategory personal\npurpose h\nparty kind k\n\
             party a kind k jurisdiction \"KE\"\nparty b kind k jurisdiction \"KE\"\n\
             party c kind k jurisdiction \"KE\"\n\
             allow \"x\" when recipient is k and purpose within h\n  require no onward transfer\n  cite \"c\"\n{more}"
        );
        crate::Engine::from_sources([("p.policy", text.as_str())])
            .expect("compiles")
            .policy()
            .clone()
    };
    let old = pack("");
    let new = pack("check builtin.onward_obligation\n  unless approved by dpo\n  cite \"DPP\"\n");
    let changes = diff(&old, &new, AT).expect("comparable");
    let lifted = changes
        .iter()
        .find(|c| c.check == Some(Check::OnwardObligation))
        .unwrap_or_else(|| panic!("the exception is seen: {changes:?}"));
    assert_eq!(lifted.change, Shift::NoLongerForbids, "{lifted:?}");
    assert!(lifted.chain && lifted.verified, "{lifted:?}");
    assert_eq!(lifted.condition.as_deref(), Some("approved by dpo"));
    assert!(diff(&new, &new, AT).expect("comparable").is_empty());
}
