//! The policy language, construct by construct: each test parses a small text with
//! `mandate::syntax::parse` and checks the AST it yields. At the end, every `.policy` file
//! shipped under `policies/` must parse and every pack there must compile.

use mandate::diagnostic::Diagnostic;
use mandate::source::{FileId, SourceMap, Span};
use mandate::syntax::ast::*;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- helpers

/// Parses `text`, failing the test with the rendered diagnostics if it does not parse.
fn parse(text: &str) -> File {
    let mut sources = SourceMap::new();
    let id = sources.add("test.policy", text);
    match mandate::syntax::parse(id, text) {
        Ok(file) => file,
        Err(diagnostics) => panic!(
            "expected this to parse:\n{text}\n{}",
            mandate::render::to_string(&sources, &diagnostics)
        ),
    }
}

/// The diagnostics for a text that must not parse.
fn parse_err(text: &str) -> Vec<Diagnostic> {
    match mandate::syntax::parse(FileId(0), text) {
        Ok(file) => panic!("expected a parse error for:\n{text}\ngot {file:#?}"),
        Err(diagnostics) => diagnostics,
    }
}

/// The text a span covers.
fn text_of(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// The only declaration of a file that is `policy "T"` followed by `decl`.
fn decl(decl: &str) -> Decl {
    let file = parse(&format!("policy \"T\"\n{decl}\n"));
    assert_eq!(
        file.decls.len(),
        1,
        "expected one declaration in {decl:?}: {:#?}",
        file.decls
    );
    file.decls.into_iter().next().expect("one declaration")
}

fn rule(text: &str) -> RuleDecl {
    match decl(text) {
        Decl::Rule(r) => r,
        other => panic!("expected a rule, got {other:#?}"),
    }
}

fn term(text: &str) -> TermDecl {
    match decl(text) {
        Decl::Term(t) => t,
        other => panic!("expected a vocabulary term, got {other:#?}"),
    }
}

fn party(text: &str) -> PartyDecl {
    match decl(text) {
        Decl::Party(p) => p,
        other => panic!("expected a party, got {other:#?}"),
    }
}

fn agreement(text: &str) -> AgreementDecl {
    match decl(text) {
        Decl::Agreement(a) => a,
        other => panic!("expected an agreement, got {other:#?}"),
    }
}

/// The condition of `allow "r" when <condition>`.
fn when(condition: &str) -> Cond {
    let r = rule(&format!("allow \"r\" when {condition}"));
    assert_eq!(
        r.clauses.len(),
        1,
        "expected only a `when` clause: {:#?}",
        r.clauses
    );
    match r.clauses.into_iter().next().map(|c| c.kind) {
        Some(ClauseKind::When(c)) => c,
        other => panic!("expected a `when` clause, got {other:#?}"),
    }
}

/// The atom of a condition that is a single atom.
fn atom(condition: &str) -> Atom {
    match when(condition).kind {
        CondKind::Atom(a) => a,
        other => panic!("expected a single atom for {condition:?}, got {other:#?}"),
    }
}

/// The atom under an inline negation (`purpose not within x`).
fn inline_negated(condition: &str) -> Atom {
    match when(condition).kind {
        CondKind::Not {
            inner,
            inline: true,
        } => match inner.kind {
            CondKind::Atom(a) => a,
            other => panic!("expected an atom under the negation, got {other:#?}"),
        },
        other => panic!("expected an inline negation for {condition:?}, got {other:#?}"),
    }
}

/// The obligations of `allow "r" when true require <obligations>`.
fn obligations(list: &str) -> Vec<ObligationKind> {
    let r = rule(&format!("allow \"r\" when true require {list}"));
    let mut out = Vec::new();
    for clause in r.clauses {
        if let ClauseKind::Require(os) = clause.kind {
            out.extend(os.into_iter().map(|o| o.kind));
        }
    }
    out
}

fn names(list: &[Name]) -> Vec<&str> {
    list.iter().map(|n| n.text.as_str()).collect()
}

fn strs(list: &[Str]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}

/// A compact, readable form of a condition's shape: `or(and(a, b), c)`.
fn shape(c: &Cond) -> String {
    let list = |parts: &[Cond]| parts.iter().map(shape).collect::<Vec<_>>().join(", ");
    match &c.kind {
        CondKind::Or(parts) => format!("or({})", list(parts)),
        CondKind::And(parts) => format!("and({})", list(parts)),
        CondKind::Not {
            inner,
            inline: false,
        } => format!("not({})", shape(inner)),
        CondKind::Not {
            inner,
            inline: true,
        } => format!("not-inline({})", shape(inner)),
        CondKind::Atom(a) => atom_shape(a),
    }
}

fn atom_shape(a: &Atom) -> String {
    match a {
        Atom::PurposeWithin(ns) => format!("purpose∈{}", names(ns).join("|")),
        Atom::PurposeIs(n) => format!("purpose={}", n.text),
        Atom::DataIncludes(n) => format!("data∋{}", n.text),
        Atom::PartyIs(role, n) => format!("{}={}", role.keyword(), n.text),
        Atom::BasisIs(ns) => format!("basis={}", names(ns).join("|")),
        Atom::Const(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

fn shape_of(condition: &str) -> String {
    shape(&when(condition))
}

// ---------------------------------------------------------------- file structure

#[test]
fn policy_header_with_version() {
    let file = parse("policy \"Protection referrals — country X\" version \"2025-06\"\n");
    let header = file.header.expect("a header");
    assert_eq!(header.kind, HeaderKind::Policy);
    assert_eq!(header.name.value, "Protection referrals — country X");
    assert_eq!(header.version.map(|v| v.value).as_deref(), Some("2025-06"));
    assert!(file.decls.is_empty());
}

#[test]
fn vocabulary_header_without_version() {
    let file = parse("vocabulary \"humanitarian\"\ncategory personal\n");
    let header = file.header.expect("a header");
    assert_eq!(header.kind, HeaderKind::Vocabulary);
    assert_eq!(header.name.value, "humanitarian");
    assert_eq!(header.version, None);
    assert_eq!(file.decls.len(), 1);
}

#[test]
fn file_without_header() {
    let file = parse("category personal\nsubject staff\n");
    assert!(file.header.is_none());
    assert_eq!(file.decls.len(), 2);
}

#[test]
fn use_vocabulary_and_use_file() {
    let file = parse("policy \"T\"\nuse vocabulary \"humanitarian\"\nuse \"parties.policy\"\n");
    match &file.decls[..] {
        [Decl::UseVocabulary(v, _), Decl::UseFile(f, _)] => {
            assert_eq!(v.value, "humanitarian");
            assert_eq!(f.value, "parties.policy");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn declarations_may_share_a_line_and_span_lines() {
    let one_line = parse("policy \"T\" category a subject s purpose p party kind k");
    let spread = parse("policy\n  \"T\"\ncategory\n\ta\nsubject   s\npurpose p\nparty\nkind\nk\n");
    assert_eq!(one_line.decls.len(), 4);
    assert_eq!(spread.decls.len(), 4);
    let sorts = |f: &File| {
        f.decls
            .iter()
            .map(|d| match d {
                Decl::Term(t) => t.sort,
                other => panic!("{other:#?}"),
            })
            .collect::<Vec<_>>()
    };
    let expected = vec![Sort::Category, Sort::Subject, Sort::Purpose, Sort::Kind];
    assert_eq!(sorts(&one_line), expected);
    assert_eq!(sorts(&spread), expected);
}

#[test]
fn byte_order_mark_and_tabs_are_whitespace() {
    let file = parse("\u{FEFF}policy \"T\"\n\tcategory\tpersonal\r\n");
    assert_eq!(file.decls.len(), 1);
}

#[test]
fn any_unicode_space_separates_words() {
    // Text pasted from a word processor carries no-break and other Unicode spaces.
    let file =
        parse("policy\u{A0}\"T\"\ncategory\u{2003}personal\u{202F}sensitivity\u{3000}high\n");
    match &file.decls[..] {
        [Decl::Term(t)] => assert_eq!(t.name.text, "personal"),
        other => panic!("{other:#?}"),
    }
}

// ---------------------------------------------------------------- comments

#[test]
fn comments_run_to_the_end_of_the_line() {
    let text = "# a policy\npolicy \"T\" # the name\n# category hidden\ncategory shown # category also_hidden\n";
    let file = parse(text);
    assert_eq!(file.decls.len(), 1);
    match &file.decls[0] {
        Decl::Term(t) => assert_eq!(t.name.text, "shown"),
        other => panic!("{other:#?}"),
    }
}

#[test]
fn comments_between_clauses_and_inside_conditions() {
    let r = rule(
        "allow \"r\" # name\n  when purpose within p # first\n   and recipient is k # second\n  # a whole line\n  cite \"c\" # source\n",
    );
    assert_eq!(r.clauses.len(), 2);
    match &r.clauses[0].kind {
        ClauseKind::When(c) => assert_eq!(shape(c), "and(purpose∈p, recipient=k)"),
        other => panic!("{other:#?}"),
    }
}

#[test]
fn hash_inside_a_string_is_not_a_comment() {
    let t = term("category personal.location hxl \"#geo+lat\", \"#geo+lon\" sensitivity high");
    match &t.attrs[..] {
        [TermAttr::Hxl(tags, _), TermAttr::Sensitivity(level, _)] => {
            assert_eq!(strs(tags), ["#geo+lat", "#geo+lon"]);
            assert_eq!(level.text, "high");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn a_file_of_comments_only_is_empty() {
    let diagnostics = parse_err("# nothing here\n# yet\n");
    assert_eq!(diagnostics[0].code, mandate::diagnostic::Code::EmptyFile);
}

// ---------------------------------------------------------------- vocabularies

#[test]
fn category_with_every_attribute() {
    let t = term(
        "category personal.location.precise under personal.gps, personal.tracking sensitivity severe hxl \"#geo+lat\" personal",
    );
    assert_eq!(t.sort, Sort::Category);
    assert_eq!(t.name.text, "personal.location.precise");
    match &t.attrs[..] {
        [
            TermAttr::Under(parents, _),
            TermAttr::Sensitivity(level, _),
            TermAttr::Hxl(tags, _),
            TermAttr::Personal(_),
        ] => {
            assert_eq!(names(parents), ["personal.gps", "personal.tracking"]);
            assert_eq!(level.text, "severe");
            assert_eq!(strs(tags), ["#geo+lat"]);
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn category_attributes_in_any_order_with_bracketed_lists() {
    let t = term("category c personal hxl [\"#a\", \"#b\",] under [x, y] sensitivity low");
    match &t.attrs[..] {
        [
            TermAttr::Personal(_),
            TermAttr::Hxl(tags, _),
            TermAttr::Under(parents, _),
            TermAttr::Sensitivity(level, _),
        ] => {
            assert_eq!(strs(tags), ["#a", "#b"]);
            assert_eq!(names(parents), ["x", "y"]);
            assert_eq!(level.text, "low");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn sensitivity_level_is_parsed_loosely_for_the_compiler_to_check() {
    let t = term("category c sensitivity extreme");
    assert!(matches!(&t.attrs[..], [TermAttr::Sensitivity(l, _)] if l.text == "extreme"));
}

#[test]
fn subject_purpose_and_party_kind_with_parents() {
    for (text, sort, name, parents) in [
        (
            "subject child.unaccompanied under minor",
            Sort::Subject,
            "child.unaccompanied",
            vec!["minor"],
        ),
        (
            "purpose protection.referral",
            Sort::Purpose,
            "protection.referral",
            vec![],
        ),
        (
            "purpose research under statistics, evaluation",
            Sort::Purpose,
            "research",
            vec!["statistics", "evaluation"],
        ),
        (
            "party kind state_authority.law_enforcement under [state_authority]",
            Sort::Kind,
            "state_authority.law_enforcement",
            vec!["state_authority"],
        ),
    ] {
        let t = term(text);
        assert_eq!(t.sort, sort, "{text}");
        assert_eq!(t.name.text, name, "{text}");
        let under: Vec<&str> = t
            .attrs
            .iter()
            .flat_map(|a| match a {
                TermAttr::Under(ns, _) => names(ns),
                other => panic!("{text}: unexpected {other:#?}"),
            })
            .collect();
        assert_eq!(under, parents, "{text}");
    }
}

#[test]
fn names_may_contain_digits_and_hyphens() {
    let t = term("category personal.id_card-2 under x-1");
    assert_eq!(t.name.text, "personal.id_card-2");
}

#[test]
fn compatible_purposes() {
    match decl("compatible protection.referral with protection.case_management") {
        Decl::Compatible(c) => {
            assert_eq!(c.purpose.text, "protection.referral");
            assert_eq!(c.with.text, "protection.case_management");
        }
        other => panic!("{other:#?}"),
    }
}

// ---------------------------------------------------------------- parties

#[test]
fn party_with_every_attribute() {
    let p = party(
        "party unhcr_ke kind un_agency jurisdiction \"KE\" organisation unhcr flags privileges_and_immunities, gdpr_adequate",
    );
    assert_eq!(p.name.text, "unhcr_ke");
    match &p.attrs[..] {
        [
            PartyAttr::Kind(kind, _),
            PartyAttr::Jurisdiction(j, _),
            PartyAttr::Organisation(o, _),
            PartyAttr::Flags(flags, _),
        ] => {
            assert_eq!(kind.text, "un_agency");
            assert_eq!(j.value, "KE");
            assert_eq!(o.text, "unhcr");
            assert_eq!(names(flags), ["privileges_and_immunities", "gdpr_adequate"]);
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn party_organization_spelling_and_bracketed_flags() {
    let p = party("party icrc_ge organization icrc flags [immunities] kind movement.icrc");
    match &p.attrs[..] {
        [
            PartyAttr::Organisation(o, _),
            PartyAttr::Flags(flags, _),
            PartyAttr::Kind(k, _),
        ] => {
            assert_eq!(o.text, "icrc");
            assert_eq!(names(flags), ["immunities"]);
            assert_eq!(k.text, "movement.icrc");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn party_kind_is_not_a_party() {
    assert!(matches!(decl("party kind donor"), Decl::Term(t) if t.sort == Sort::Kind));
    assert!(matches!(decl("party kinda kind donor"), Decl::Party(p) if p.name.text == "kinda"));
}

// ---------------------------------------------------------------- agreements

#[test]
fn agreement_between_parties_with_every_attribute() {
    let a = agreement(
        "agreement \"DTA-2024-17\" between unhcr_ke and ngo_alpha\n  purposes protection.referral, protection.case_management\n  data personal.identity, personal.contact\n  subjects beneficiary.refugee\n  valid 2024-01-01 to 2026-12-31\n  onward transfer forbidden\n  document \"https://example.org/dta-2024-17.pdf\"",
    );
    assert_eq!(a.id.value, "DTA-2024-17");
    assert_eq!(names(&a.parties), ["unhcr_ke", "ngo_alpha"]);
    assert!(!a.directed);
    match &a.attrs[..] {
        [
            AgreementAttr::Purposes(purposes, _),
            AgreementAttr::Data(data, _),
            AgreementAttr::Subjects(subjects, _),
            AgreementAttr::Valid(from, to, _),
            AgreementAttr::Onward(onward, _),
            AgreementAttr::Document(document, _),
        ] => {
            assert_eq!(
                names(purposes),
                ["protection.referral", "protection.case_management"]
            );
            assert_eq!(names(data), ["personal.identity", "personal.contact"]);
            assert_eq!(names(subjects), ["beneficiary.refugee"]);
            assert_eq!(
                (from.text.as_str(), to.text.as_str()),
                ("2024-01-01", "2026-12-31")
            );
            assert_eq!(onward.text, "forbidden");
            assert_eq!(document.value, "https://example.org/dta-2024-17.pdf");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn agreement_between_three_parties() {
    let a = agreement("agreement \"ISP-1\" between a and b and c data [x] purposes [p]");
    assert_eq!(names(&a.parties), ["a", "b", "c"]);
    assert!(!a.directed);
}

#[test]
fn agreement_from_one_party_to_another() {
    let a = agreement(
        "agreement \"PC-3\" from unhcr_ke to processor_x valid from 2025-01-01 to 2025-12-31 onward transfer allowed",
    );
    assert_eq!(names(&a.parties), ["unhcr_ke", "processor_x"]);
    assert!(a.directed);
    match &a.attrs[..] {
        [
            AgreementAttr::Valid(from, to, _),
            AgreementAttr::Onward(onward, _),
        ] => {
            assert_eq!(from.text, "2025-01-01");
            assert_eq!(to.text, "2025-12-31");
            assert_eq!(onward.text, "allowed");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn dates_are_parsed_loosely_for_the_compiler_to_check() {
    let a = agreement("agreement \"A\" between a and b valid 2024-2-30 to 2026-12-31");
    assert!(matches!(&a.attrs[..], [AgreementAttr::Valid(from, _, _)] if from.text == "2024-2-30"));
}

// ---------------------------------------------------------------- classifications

#[test]
fn classification_for_a_response() {
    match decl(
        "classification \"ISP Sudan 2025\" for response \"sudan-2025\"\n  personal.location is high\n  personal.location.admin1 is moderate",
    ) {
        Decl::Classification(c) => {
            assert_eq!(c.name.value, "ISP Sudan 2025");
            assert_eq!(c.response.value, "sudan-2025");
            let entries: Vec<(&str, &str)> = c
                .entries
                .iter()
                .map(|(category, level)| (category.text.as_str(), level.text.as_str()))
                .collect();
            assert_eq!(
                entries,
                [
                    ("personal.location", "high"),
                    ("personal.location.admin1", "moderate")
                ]
            );
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn classification_without_entries() {
    match decl("classification \"Empty\" for response \"r\"") {
        Decl::Classification(c) => assert!(c.entries.is_empty()),
        other => panic!("{other:#?}"),
    }
}

// ---------------------------------------------------------------- rules and clauses

#[test]
fn every_rule_effect() {
    for (word, effect) in [
        ("allow", Effect::Allow),
        ("deny", Effect::Deny),
        ("review", Effect::Review),
        ("require", Effect::Require),
    ] {
        let r = rule(&format!("{word} \"A rule\" when true"));
        assert_eq!(r.effect, effect);
        assert_eq!(r.name.value, "A rule");
    }
}

#[test]
fn every_clause() {
    let r = rule(
        "review \"Sensitive transfer\"\n  when data includes personal.biometric\n  unless approved by dpo\n  require notify dpo\n  approval by dpo\n  cite \"ICRC Handbook (3rd ed.), ch. 8\"",
    );
    let keywords: Vec<&str> = r.clauses.iter().map(|c| c.kind.keyword()).collect();
    assert_eq!(
        keywords,
        ["when", "unless", "require", "approval by", "cite"]
    );
    match &r.clauses[..] {
        [
            Clause {
                kind: ClauseKind::When(when),
                ..
            },
            Clause {
                kind: ClauseKind::Unless(unless),
                ..
            },
            Clause {
                kind: ClauseKind::Require(require),
                ..
            },
            Clause {
                kind: ClauseKind::Approval(approver),
                ..
            },
            Clause {
                kind: ClauseKind::Cite(cite),
                ..
            },
        ] => {
            assert_eq!(shape(when), "data∋personal.biometric");
            assert!(matches!(&unless.kind, CondKind::Atom(Atom::ApprovedBy(n)) if n.text == "dpo"));
            assert!(
                matches!(&require[..], [Obligation { kind: ObligationKind::Notify(n), .. }] if n.text == "dpo")
            );
            assert_eq!(approver.text, "dpo");
            assert_eq!(cite.value, "ICRC Handbook (3rd ed.), ch. 8");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn clauses_in_any_order_and_repeated_for_the_compiler_to_check() {
    let r = rule("deny \"r\" cite \"a\" when true cite \"b\"");
    let keywords: Vec<&str> = r.clauses.iter().map(|c| c.kind.keyword()).collect();
    assert_eq!(keywords, ["cite", "when", "cite"]);
}

#[test]
fn rule_without_clauses_parses_for_the_compiler_to_check() {
    assert!(rule("allow \"Nothing yet\"").clauses.is_empty());
}

#[test]
fn a_require_rule_after_a_rule_is_a_new_rule_not_a_clause() {
    let file = parse(
        "policy \"T\"\nallow \"a\" when true\nrequire \"b\" when true require encrypt in_transit\n",
    );
    match &file.decls[..] {
        [Decl::Rule(a), Decl::Rule(b)] => {
            assert_eq!((a.effect, a.clauses.len()), (Effect::Allow, 1));
            assert_eq!((b.effect, b.clauses.len()), (Effect::Require, 2));
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn string_escapes() {
    let r = rule(r#"deny "The \"no\" rule \\ tab\tnewline\n" when true"#);
    assert_eq!(r.name.value, "The \"no\" rule \\ tab\tnewline\n");
}

#[test]
fn strings_may_hold_any_unicode() {
    let r = rule("deny \"Protección — حماية — 保护\" when true cite \"§ 6.1–6.2\"");
    assert_eq!(r.name.value, "Protección — حماية — 保护");
}

// ---------------------------------------------------------------- condition atoms

#[test]
fn data_includes() {
    assert!(
        matches!(atom("data includes personal.biometric"), Atom::DataIncludes(n) if n.text == "personal.biometric")
    );
    assert!(matches!(
        atom("data include personal.biometric"),
        Atom::DataIncludes(_)
    ));
}

#[test]
fn data_within_and_not_within() {
    assert!(
        matches!(atom("data within [personal.identity, personal.contact]"), Atom::DataWithin(ns) if names(&ns) == ["personal.identity", "personal.contact"])
    );
    assert!(
        matches!(atom("data within personal.identity, personal.contact"), Atom::DataWithin(ns) if ns.len() == 2)
    );
    assert!(
        matches!(inline_negated("data not within [personal.identity]"), Atom::DataWithin(ns) if names(&ns) == ["personal.identity"])
    );
}

#[test]
fn data_sensitivity_comparisons() {
    for (words, comparison) in [
        ("at least", Comparison::AtLeast),
        ("at most", Comparison::AtMost),
        ("above", Comparison::Above),
        ("below", Comparison::Below),
        ("is", Comparison::Is),
    ] {
        match atom(&format!("data sensitivity {words} high")) {
            Atom::DataSensitivity(c, level) => {
                assert_eq!(c, comparison);
                assert_eq!(c.words(), words);
                assert_eq!(level.text, "high");
            }
            other => panic!("{words}: {other:#?}"),
        }
    }
}

#[test]
fn subjects_include_and_within() {
    assert!(
        matches!(atom("subjects include child"), Atom::SubjectsInclude(n) if n.text == "child")
    );
    assert!(matches!(
        atom("subjects includes child"),
        Atom::SubjectsInclude(_)
    ));
    assert!(
        matches!(atom("subjects within [staff, beneficiary]"), Atom::SubjectsWithin(ns) if ns.len() == 2)
    );
    assert!(
        matches!(inline_negated("subjects not within staff"), Atom::SubjectsWithin(ns) if names(&ns) == ["staff"])
    );
}

#[test]
fn purpose_is_and_is_not() {
    assert!(
        matches!(atom("purpose is protection.referral"), Atom::PurposeIs(n) if n.text == "protection.referral")
    );
    assert!(
        matches!(inline_negated("purpose is not marketing"), Atom::PurposeIs(n) if n.text == "marketing")
    );
}

#[test]
fn purpose_within_and_not_within() {
    assert!(
        matches!(atom("purpose within humanitarian"), Atom::PurposeWithin(ns) if names(&ns) == ["humanitarian"])
    );
    assert!(
        matches!(inline_negated("purpose not within humanitarian"), Atom::PurposeWithin(ns) if names(&ns) == ["humanitarian"])
    );
}

#[test]
fn purpose_compatible_with_collected_for() {
    assert_eq!(
        atom("purpose compatible with collected_for"),
        Atom::PurposeCompatible
    );
    assert_eq!(
        inline_negated("purpose not compatible with collected_for"),
        Atom::PurposeCompatible
    );
}

#[test]
fn collected_for_within() {
    assert!(
        matches!(atom("collected_for within [protection]"), Atom::CollectedWithin(ns) if names(&ns) == ["protection"])
    );
    assert!(matches!(
        inline_negated("collected_for not within research"),
        Atom::CollectedWithin(_)
    ));
}

#[test]
fn sender_and_recipient_is() {
    assert!(
        matches!(atom("recipient is state_authority"), Atom::PartyIs(Role::Recipient, n) if n.text == "state_authority")
    );
    assert!(
        matches!(atom("sender is unhcr_ke"), Atom::PartyIs(Role::Sender, n) if n.text == "unhcr_ke")
    );
    assert!(
        matches!(inline_negated("recipient is not movement.national_society"), Atom::PartyIs(Role::Recipient, n) if n.text == "movement.national_society")
    );
}

#[test]
fn party_jurisdiction() {
    assert!(
        matches!(atom("recipient jurisdiction in [\"KE\", \"UG\"]"), Atom::PartyJurisdiction(Role::Recipient, s) if strs(&s) == ["KE", "UG"])
    );
    assert!(
        matches!(atom("sender jurisdiction is \"CH\""), Atom::PartyJurisdiction(Role::Sender, s) if strs(&s) == ["CH"])
    );
    assert!(
        matches!(atom("recipient jurisdiction in \"KE\", \"TZ\""), Atom::PartyJurisdiction(_, s) if s.len() == 2)
    );
    assert!(matches!(
        inline_negated("recipient jurisdiction not in [\"KE\"]"),
        Atom::PartyJurisdiction(Role::Recipient, _)
    ));
}

#[test]
fn party_has_flag() {
    assert!(
        matches!(atom("recipient has privileges_and_immunities"), Atom::PartyHas(Role::Recipient, n) if n.text == "privileges_and_immunities")
    );
    assert!(matches!(
        atom("sender has gdpr_adequate"),
        Atom::PartyHas(Role::Sender, _)
    ));
}

#[test]
fn basis_is_one_or_several() {
    assert!(matches!(atom("basis is consent"), Atom::BasisIs(ns) if names(&ns) == ["consent"]));
    assert!(
        matches!(atom("basis is consent or vital_interest"), Atom::BasisIs(ns) if names(&ns) == ["consent", "vital_interest"])
    );
    assert!(
        matches!(atom("basis is consent or vital_interest or public_interest"), Atom::BasisIs(ns) if ns.len() == 3)
    );
    assert!(
        matches!(inline_negated("basis is not legitimate_interest"), Atom::BasisIs(ns) if names(&ns) == ["legitimate_interest"])
    );
    // Parsed loosely: the compiler names an unknown basis.
    assert!(matches!(atom("basis is concent"), Atom::BasisIs(_)));
}

#[test]
fn basis_list_ends_where_a_new_condition_starts() {
    assert_eq!(
        shape_of("basis is consent or purpose within protection"),
        "or(basis=consent, purpose∈protection)"
    );
    assert_eq!(
        shape_of("basis is consent or vital_interest or recipient is un_agency"),
        "or(basis=consent|vital_interest, recipient=un_agency)"
    );
    assert_eq!(
        shape_of("basis is consent or not true"),
        "or(basis=consent, not(true))"
    );
    assert_eq!(
        shape_of("basis is consent or (true)"),
        "or(basis=consent, true)"
    );
    assert_eq!(
        shape_of("basis is consent and consent covers flow or basis is vital_interest"),
        "or(and(basis=consent, ConsentCovers), basis=vital_interest)"
    );
}

#[test]
fn fixed_phrase_atoms() {
    for (text, expected) in [
        ("consent covers flow", Atom::ConsentCovers),
        ("agreement covers flow", Atom::AgreementCovers),
        (
            "agreement allows onward transfer",
            Atom::AgreementAllowsOnward,
        ),
        ("same organisation", Atom::SameOrganisation),
        ("same organization", Atom::SameOrganisation),
        ("cross border", Atom::CrossBorder),
        ("international transfer", Atom::InternationalTransfer),
        ("onward transfer", Atom::OnwardTransfer),
        ("true", Atom::Const(true)),
        ("false", Atom::Const(false)),
    ] {
        assert_eq!(atom(text), expected, "{text}");
    }
}

#[test]
fn approved_by_and_response_is() {
    assert!(matches!(atom("approved by dpo"), Atom::ApprovedBy(n) if n.text == "dpo"));
    assert!(
        matches!(atom("response is \"sudan-2025\""), Atom::ResponseIs(s) if s.value == "sudan-2025")
    );
}

// ---------------------------------------------------------------- and, or, not, parentheses

#[test]
fn and_binds_tighter_than_or() {
    assert_eq!(
        shape_of("purpose within a and purpose within b or purpose within c"),
        "or(and(purpose∈a, purpose∈b), purpose∈c)"
    );
    assert_eq!(
        shape_of("purpose within a or purpose within b and purpose within c"),
        "or(purpose∈a, and(purpose∈b, purpose∈c))"
    );
}

#[test]
fn chains_of_and_and_of_or_are_flat() {
    assert_eq!(
        shape_of("true and false and true"),
        "and(true, false, true)"
    );
    assert_eq!(shape_of("true or false or true"), "or(true, false, true)");
}

#[test]
fn not_binds_tighter_than_and() {
    assert_eq!(shape_of("not true and false"), "and(not(true), false)");
    assert_eq!(shape_of("true or not false"), "or(true, not(false))");
}

#[test]
fn not_may_repeat() {
    assert_eq!(shape_of("not not true"), "not(not(true))");
}

#[test]
fn parentheses_group() {
    assert_eq!(
        shape_of("purpose within a and (purpose within b or purpose within c)"),
        "and(purpose∈a, or(purpose∈b, purpose∈c))"
    );
    assert_eq!(shape_of("not (true and false)"), "not(and(true, false))");
    assert_eq!(shape_of("((true))"), "true");
}

#[test]
fn prefix_not_and_inline_not_are_told_apart() {
    assert_eq!(shape_of("not purpose within a"), "not(purpose∈a)");
    assert_eq!(shape_of("purpose not within a"), "not-inline(purpose∈a)");
    assert_eq!(
        shape_of("not purpose not within a"),
        "not(not-inline(purpose∈a))"
    );
}

#[test]
fn the_design_example_condition() {
    assert_eq!(
        shape_of(
            "purpose within protection.referral\n   and recipient is implementing_partner\n   and agreement covers flow\n   and (basis is consent and consent covers flow or basis is vital_interest)"
        ),
        "and(purpose∈protection.referral, recipient=implementing_partner, AgreementCovers, or(and(basis=consent, ConsentCovers), basis=vital_interest))"
    );
}

#[test]
fn unless_has_the_same_condition_grammar() {
    let r = rule(
        "allow \"r\" when true unless recipient is donor or cross border and not same organisation",
    );
    match &r.clauses[1].kind {
        ClauseKind::Unless(c) => assert_eq!(
            shape(c),
            "or(recipient=donor, and(CrossBorder, not(SameOrganisation)))"
        ),
        other => panic!("{other:#?}"),
    }
}

// ---------------------------------------------------------------- obligations

#[test]
fn minimize() {
    assert_eq!(
        obligations("minimize to [personal.identity, personal.contact]"),
        obligations("minimise to [personal.identity, personal.contact]"),
        "both spellings mean the same"
    );
    match &obligations("minimize to [personal.identity, personal.contact]")[..] {
        [ObligationKind::Minimize(ns)] => {
            assert_eq!(names(ns), ["personal.identity", "personal.contact"])
        }
        other => panic!("{other:#?}"),
    }
    match &obligations("minimise to personal.identity")[..] {
        [ObligationKind::Minimize(ns)] => assert_eq!(names(ns), ["personal.identity"]),
        other => panic!("{other:#?}"),
    }
}

#[test]
fn pseudonymize() {
    match &obligations("pseudonymize [personal.identity.name]")[..] {
        [ObligationKind::Pseudonymize(ns)] => assert_eq!(names(ns), ["personal.identity.name"]),
        other => panic!("{other:#?}"),
    }
    assert!(
        matches!(&obligations("pseudonymise personal.identity")[..], [ObligationKind::Pseudonymize(ns)] if ns.len() == 1)
    );
}

#[test]
fn aggregate() {
    match &obligations("aggregate by [admin1, sex, age_group] with k >= 5")[..] {
        [ObligationKind::Aggregate(by, k)] => {
            assert_eq!(names(by), ["admin1", "sex", "age_group"]);
            assert_eq!(k.text, "5");
        }
        other => panic!("{other:#?}"),
    }
    match &obligations("aggregate with k>=10")[..] {
        [ObligationKind::Aggregate(by, k)] => {
            assert!(by.is_empty());
            assert_eq!(k.text, "10");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn retain() {
    assert!(
        matches!(&obligations("retain at most 90 days")[..], [ObligationKind::Retain(n)] if n.text == "90")
    );
    assert!(
        matches!(&obligations("retain at most 1 day")[..], [ObligationKind::Retain(n)] if n.text == "1")
    );
}

#[test]
fn encrypt_no_onward_transfer_notify() {
    match &obligations("encrypt at_rest, encrypt in_transit, no onward transfer, notify dpo")[..] {
        [
            ObligationKind::Encrypt(a),
            ObligationKind::Encrypt(b),
            ObligationKind::NoOnwardTransfer,
            ObligationKind::Notify(n),
        ] => {
            assert_eq!(a.text, "at_rest");
            assert_eq!(b.text, "in_transit");
            assert_eq!(n.text, "dpo");
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn the_design_example_rule() {
    let text = "policy \"Protection referrals — country X\" version \"2025-06\"
use vocabulary \"humanitarian\"            # categories, purposes, party kinds, subjects

party ngo_alpha   kind implementing_partner  jurisdiction \"KE\"
party police_x    kind state_authority.law_enforcement  jurisdiction \"KE\"

agreement \"DTA-2024-17\" between unhcr_ke and ngo_alpha
  purposes protection.referral, protection.case_management
  data personal.identity, personal.contact, personal.protection_case
  valid 2024-01-01 to 2026-12-31
  onward transfer forbidden

deny \"Biometric data never reaches state authorities\"
  when data includes personal.biometric and recipient is state_authority
  cite \"ICRC Handbook (3rd ed.), ch. 8\"

deny \"No use incompatible with the humanitarian mandate\"
  when purpose not within humanitarian
  cite \"Council of Delegates 2022, Res. 12, op. 15\"

allow \"Referral to a partner under a transfer agreement\"
  when purpose within protection.referral
   and recipient is implementing_partner
   and agreement covers flow
   and (basis is consent and consent covers flow or basis is vital_interest)
  require minimize to [personal.identity, personal.contact, personal.protection_case],
          retain at most 90 days
  cite \"UNHCR DPP 2015 §6.1–6.2\"
";
    let file = parse(text);
    assert_eq!(file.decls.len(), 7);
    let Some(Decl::Rule(last)) = file.decls.last() else {
        panic!("the last declaration is a rule")
    };
    match &last.clauses[1].kind {
        ClauseKind::Require(os) => assert_eq!(os.len(), 2),
        other => panic!("{other:#?}"),
    }
    // Spans point at the source: the second rule starts on line 17.
    let Decl::Rule(second) = &file.decls[5] else {
        panic!("a rule")
    };
    let line = text[..second.span.start].matches('\n').count() + 1;
    assert_eq!(line, 17);
    assert_eq!(
        text_of(text, second.name.span),
        "\"No use incompatible with the humanitarian mandate\""
    );
}

// ---------------------------------------------------------------- words and names

#[test]
fn keywords_end_at_a_word_boundary() {
    // `purposes` is not `purpose` followed by `s`; names may start with a keyword.
    let a = agreement("agreement \"A\" between a and b purposes p");
    assert!(matches!(&a.attrs[..], [AgreementAttr::Purposes(ns, _)] if names(ns) == ["p"]));
    for name in [
        "android",
        "order",
        "notes",
        "whenever",
        "allowance",
        "denying",
        "citation",
        "unlessx",
        "approvals",
        "required",
    ] {
        let p = party(&format!("party {name} kind k"));
        assert_eq!(p.name.text, name);
    }
}

#[test]
fn reserved_words_are_not_names() {
    for word in [
        "and", "or", "not", "when", "unless", "require", "cite", "allow", "deny", "review",
        "approval",
    ] {
        let diagnostics = parse_err(&format!("policy \"T\"\ncategory {word}\n"));
        assert_eq!(
            diagnostics[0].code,
            mandate::diagnostic::Code::Syntax,
            "{word}"
        );
    }
}

#[test]
fn keywords_are_case_sensitive() {
    let diagnostics = parse_err("policy \"T\"\nCategory personal\n");
    assert_eq!(diagnostics[0].code, mandate::diagnostic::Code::Syntax);
}

// ---------------------------------------------------------------- spans

/// Every node's span covers its own text: it starts at its first token and ends at its last,
/// never at the line breaks, indentation or comments that follow.
#[test]
fn spans_end_at_their_last_token() {
    let text = "policy \"T\"
category a sensitivity high
  personal # a comment
category b under a
agreement \"A\" between x and y
  purposes p
  valid 2024-01-01 to 2025-01-01
allow \"r\"
  when purpose within p and not true
  unless basis is consent or vital_interest
  require retain at most 3 days, minimize to a
  approval by dpo
  cite \"c\"

allow \"s\" when true
";
    let file = parse(text);
    let mut spans: Vec<(&str, Span)> = Vec::new();
    for d in &file.decls {
        match d {
            Decl::Term(t) => {
                spans.push(("term", t.span));
                for a in &t.attrs {
                    let (TermAttr::Under(_, s)
                    | TermAttr::Sensitivity(_, s)
                    | TermAttr::Hxl(_, s)
                    | TermAttr::Personal(s)
                    | TermAttr::Deprecated(_, s)) = a;
                    spans.push(("term attribute", *s));
                }
            }
            Decl::Agreement(a) => {
                spans.push(("agreement", a.span));
                for attr in &a.attrs {
                    let s = match attr {
                        AgreementAttr::Purposes(_, s)
                        | AgreementAttr::Data(_, s)
                        | AgreementAttr::Subjects(_, s)
                        | AgreementAttr::Valid(_, _, s)
                        | AgreementAttr::Onward(_, s)
                        | AgreementAttr::Document(_, s) => s,
                        AgreementAttr::Suspended(sus) => &sus.span,
                    };
                    spans.push(("agreement attribute", *s));
                }
            }
            Decl::Rule(r) => {
                spans.push(("rule", r.span));
                for c in &r.clauses {
                    spans.push(("clause", c.span));
                    match &c.kind {
                        ClauseKind::When(cond) | ClauseKind::Unless(cond) => {
                            spans.push(("condition", cond.span));
                            if let CondKind::And(parts) | CondKind::Or(parts) = &cond.kind {
                                spans.extend(parts.iter().map(|p| ("part of a condition", p.span)));
                            }
                        }
                        ClauseKind::Require(os) => {
                            spans.extend(os.iter().map(|o| ("obligation", o.span)))
                        }
                        _ => {}
                    }
                }
            }
            other => panic!("{other:#?}"),
        }
    }
    let bad: Vec<String> = spans
        .iter()
        .filter(|(_, s)| {
            let covered = text_of(text, *s);
            covered != covered.trim_end() || covered.contains('#')
        })
        .map(|(what, s)| format!("{what}: {:?}", text_of(text, *s)))
        .collect();
    assert!(
        bad.is_empty(),
        "spans that run past their last token:\n{}",
        bad.join("\n")
    );
}

#[test]
fn name_and_string_spans() {
    let text = "policy \"T\"\ndeny \"Biometrics\" when data includes personal.biometric\n";
    let file = parse(text);
    let Decl::Rule(r) = &file.decls[0] else {
        panic!("a rule")
    };
    assert_eq!(text_of(text, r.name.span), "\"Biometrics\"");
    let ClauseKind::When(c) = &r.clauses[0].kind else {
        panic!("a when clause")
    };
    let CondKind::Atom(Atom::DataIncludes(n)) = &c.kind else {
        panic!("an atom")
    };
    assert_eq!(text_of(text, n.span), "personal.biometric");
    assert_eq!(text_of(text, c.span), "data includes personal.biometric");
    assert_eq!(
        r.span.start,
        text.find("deny").expect("the rule is in the text")
    );
}

// ---------------------------------------------------------------- the shipped policies

fn policies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")
}

fn policy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            policy_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "policy") {
            out.push(path);
        }
    }
}

#[test]
fn every_shipped_policy_file_parses() {
    let mut files = Vec::new();
    policy_files(&policies_dir(), &mut files);
    let mut failures = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("read a policy file");
        let mut sources = SourceMap::new();
        let shown = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path)
            .display()
            .to_string();
        let id = sources.add(shown, String::from_utf8_lossy(&bytes).into_owned());
        if let Err(diagnostics) = mandate::syntax::parse_bytes(id, &bytes) {
            failures.push(mandate::render::to_string(&sources, &diagnostics));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files do not parse:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_shipped_pack_compiles_without_errors() {
    let dir = policies_dir();
    if !dir.is_dir() {
        return;
    }
    let packs = mandate::compile::loader::find_packs(&dir).expect("list the packs under policies/");
    let mut failures = Vec::new();
    for pack_dir in &packs {
        let pack = mandate::compile::loader::load(pack_dir, &[]).expect("load a pack");
        let output = mandate::compile::compile(&pack.sources, &pack.files);
        let errors: Vec<Diagnostic> = pack
            .diagnostics
            .iter()
            .chain(&output.diagnostics)
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if !errors.is_empty() {
            failures.push(format!(
                "{}:\n{}",
                pack_dir.display(),
                mandate::render::to_string(&pack.sources, &errors)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "packs with errors:\n{}",
        failures.join("\n")
    );
}
