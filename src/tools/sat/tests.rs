use super::*;
use crate::model::Sort;

fn policy(decls: &str) -> CompiledPolicy {
    let text = format!(
        "policy \"t\"\npurpose p\nparty kind k\nparty a kind k jurisdiction \"KE\"\nparty b kind k jurisdiction \"KE\"\n{decls}"
    );
    crate::Engine::from_sources([("p.policy", text.as_str())])
        .expect("compiles")
        .policy()
        .clone()
}

fn day(text: &str) -> Day {
    Day::parse(text).expect("a date")
}

const CATEGORY: Named = Named::Term(Sort::Category);

/// "The flow carries exactly the categories `names`" over the shared variables.
fn exactly(e: &mut Encoding<'_>, names: &[&str]) -> Vec<Lit> {
    let all = e.space().categories.clone();
    (0..all.len())
        .map(|i| {
            let l = e.stated(CATEGORY, i);
            if names.contains(&all[i].as_str()) {
                l
            } else {
                !l
            }
        })
        .collect()
}

#[test]
fn each_version_reads_the_shared_names_through_its_own_hierarchy() {
    // `contact` moves under `health`; the new version also knows `extra`.
    let rule = "deny \"d\" when data includes health cite \"c\"\n";
    let old = policy(&format!("category health\ncategory contact\n{rule}"));
    let new = policy(&format!(
        "category health\ncategory contact under health\ncategory extra\n{rule}"
    ));
    let mut e = Encoding::compare(&old, &new, day("2026-01-01"));
    let (o, n) = (e.rules(0), e.rules(1));
    let mut contact = exactly(&mut e, &["contact"]);
    contact.extend([!o.applies[0], n.applies[0]]);
    assert!(e.satisfiable(&contact));
    // A flow naming `extra` is rejected by the old version only.
    let extra = exactly(&mut e, &["extra"]);
    let (ko, kn) = (e.known(0), e.known(1));
    assert!(!e.satisfiable(&[extra.clone(), vec![ko]].concat()));
    assert!(e.satisfiable(&[extra, vec![kn]].concat()));
}

#[test]
fn exact_sensitivity_follows_levels_classifications_and_stays_unknown_without_levels() {
    let rule = "deny \"d\" when data sensitivity at least high cite \"c\"\n";
    let vocab =
        "category personal sensitivity moderate\ncategory personal.contact\ncategory other\n";
    let old = policy(&format!("{vocab}{rule}"));
    let isp = "classification \"ISP\" for response \"R\"\n  personal.contact is high\n";
    let new = policy(&format!("{vocab}{rule}{isp}"));
    let mut e = Encoding::compare(&old, &new, day("2026-01-01"));
    let (o, n) = (e.rules(0), e.rules(1));
    let r = e.response("R");
    let contact = exactly(&mut e, &["personal.contact"]);
    // Without the response both versions read `moderate`.
    assert!(!e.satisfiable(&[&contact[..], &[!r, n.applies[0]]].concat()));
    // With it, the new version reads the classification's `high`; the old one has none.
    assert!(e.satisfiable(&[&contact[..], &[r, n.applies[0], !o.applies[0]]].concat()));
    assert!(!e.satisfiable(&[&contact[..], &[o.applies[0]]].concat()));
    // `other` has no level: the sensitivity test is unknown and the rule undecided.
    let other = exactly(&mut e, &["other"]);
    assert!(e.satisfiable(&[&other[..], &[o.undecided[0], n.undecided[0]]].concat()));
    assert!(!e.satisfiable(&[&other[..], &[o.applies[0]]].concat()));
    assert!(!e.satisfiable(&[&other[..], &[!o.undecided[0]]].concat()));
}

#[test]
fn agreements_cover_by_parties_dates_purposes_and_data() {
    let rule = "allow \"x\" when agreement covers flow cite \"c\"\n";
    let vocab = "category personal\ncategory personal.contact\ncategory personal.health\n";
    let agreement = |to: &str, data: &str| {
        format!(
            "agreement \"A\" from a to b\n  purposes p\n  data {data}\n  valid 2025-01-01 to {to}\n"
        )
    };
    let old = policy(&format!(
        "{vocab}{rule}{}",
        agreement("2026-12-31", "personal")
    ));
    let new = policy(&format!(
        "{vocab}{rule}{}",
        agreement("2026-06-30", "personal.contact")
    ));
    let mut e = Encoding::compare(&old, &new, day("2026-01-01"));
    let (o, n) = (e.rules(0), e.rules(1));
    // Health data: covered by the old agreement only, on the reference date.
    let mut health = exactly(&mut e, &["personal.health"]);
    health.extend([o.applies[0], !n.applies[0]]);
    assert!(e.satisfiable_small(&health));
    let m = e.model();
    assert_eq!((m.from.as_deref(), m.to.as_deref()), (Some("a"), Some("b")));
    assert_eq!(m.on, None, "dated on the reference day");
    assert_eq!(m.versions[0].agreement.as_deref(), Some("A"));
    assert_eq!(m.versions[1].agreement, None);
    // Contact data: the only difference is the months the new agreement no longer covers.
    let mut contact = exactly(&mut e, &["personal.contact"]);
    contact.extend([o.applies[0], !n.applies[0]]);
    assert!(e.satisfiable_small(&contact));
    assert_eq!(e.model().on, Some(day("2026-07-01")));
    // Never in the other direction (the agreement is directed) nor before it starts.
    let back = [o.applies[0], e.sender[1], e.recipient[0]];
    assert!(!e.satisfiable(&back));
    let before = e.calendar.period(day("2024-12-31"));
    assert!(!e.satisfiable(&[o.applies[0], e.days[before]]));
}

#[test]
fn the_loose_reading_keeps_agreements_and_sensitivity_free() {
    let p = policy(
        "category personal\nagreement \"A\" from a to b\n  purposes p\n  data personal\n  valid 2025-01-01 to 2025-12-31\n\
         allow \"x\" when agreement covers flow and sender is b cite \"c\"\n\
         deny \"y\" when data sensitivity at least high cite \"c\"\n",
    );
    // The agreement binds a → b only, yet lint's reading lets "covers" hold for b → a, and
    // lets a flow of unlevelled data be of any sensitivity: it only ever adds flows.
    let mut e = Encoding::new(&p);
    assert!(e.satisfiable(&[e.applies[0]]));
    assert!(e.satisfiable(&[e.applies[1]]));
    assert!(e.model().versions.is_empty());
}

#[test]
fn kleene_negation_swaps_holds_and_fails() {
    let p = policy("category c\n");
    let mut e = Encoding::new(&p);
    let t = Tri::two(e.var());
    assert!(t.is_two());
    assert_eq!(t.negate().holds, t.fails);
    let three = Tri {
        holds: e.var(),
        fails: e.var(),
    };
    assert!(!three.is_two());
}
