//! One test per kind of diagnostic (`mandate::diagnostic::Code`): each compiles a small policy
//! with one mistake, checks that the finding has the expected code and points at the expected
//! `line:column`, and snapshots the text a policy author sees (`tests/snapshots/`).

use crate::common;

use common::TempDir;
use mandate::compile::loader;
use mandate::diagnostic::{Code, Diagnostic, Severity};
use mandate::source::SourceMap;

/// A tiny vocabulary and two parties; the faulty lines of each test follow it, starting on
/// line [`BODY`].
const PRELUDE: &str = r#"policy "Test" version "1"
category personal
category personal.identity
category personal.biometric sensitivity high
subject beneficiary
purpose protection
purpose protection.referral
party kind implementing_partner
party kind state_authority
party ngo_alpha kind implementing_partner jurisdiction "KE"
party unhcr_ke kind implementing_partner jurisdiction "KE"
"#;

/// The line on which a test's own text starts, after [`PRELUDE`].
const BODY: u32 = 12;

/// A complete, valid agreement header and attributes, for tests that add one faulty attribute.
const AGREEMENT: &str = r#"agreement "DTA-2024-17" between unhcr_ke and ngo_alpha
  purposes protection.referral
  data personal.identity
"#;

fn policy(body: &str) -> String {
    format!("{PRELUDE}{body}")
}

/// Parses and compiles `files` (name, text) as one pack: the parse errors if any file fails to
/// parse, else the compiler's findings.
fn diagnose(files: &[(&str, &str)]) -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let mut parsed = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, text) in files {
        let id = sources.add(*name, *text);
        match mandate::syntax::parse(id, text) {
            Ok(file) => parsed.push(file),
            Err(mut found) => diagnostics.append(&mut found),
        }
    }
    if diagnostics.is_empty() {
        diagnostics = mandate::compile::compile(&sources, &parsed).diagnostics;
    }
    (sources, diagnostics)
}

/// Asserts that a finding of kind `code` points at `file:line:column`, that it reads as a
/// sentence and has the expected severity; returns the rendered text of all findings.
fn expect(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    code: Code,
    at: (&str, u32, u32),
) -> String {
    let rendered = mandate::render::to_string(sources, diagnostics);
    let (file, line, column) = at;
    let places: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let place = d
                .primary
                .as_ref()
                .map(|p| sources.location(p.span).to_string())
                .unwrap_or_else(|| "(nowhere)".into());
            format!("{:?} at {place}", d.code)
        })
        .collect();
    let found = diagnostics.iter().find(|d| {
        d.code == code
            && d.primary.as_ref().is_some_and(|p| {
                let loc = sources.location(p.span);
                loc.file == file && loc.line == line && loc.column == column
            })
    });
    let Some(d) = found else {
        panic!("expected {code:?} at {file}:{line}:{column}; found {places:?}\n{rendered}");
    };
    assert!(
        !d.message.to_string().trim().is_empty(),
        "empty message for {code:?}"
    );
    let expected_severity = if matches!(
        code,
        Code::MissingCite
            | Code::BidiControl
            | Code::MixedScript
            | Code::NoPolicyHeader
            | Code::DeprecatedTerm
            | Code::ConsentExtendsNothing
    ) {
        Severity::Warning
    } else {
        Severity::Error
    };
    assert_eq!(d.severity, expected_severity, "severity of {code:?}");
    // Every label underlines text, not the line breaks and indentation that follow it.
    for label in d.primary.iter().chain(&d.secondary) {
        let text = sources.text(label.span);
        assert_eq!(
            text,
            text.trim_end(),
            "the label `{}` of {code:?} runs on past its text into trailing whitespace\n{rendered}",
            label.message
        );
    }
    rendered
}

/// One file `test.policy`: the prelude plus `body`; expects `code` at `line:column`.
fn check(body: &str, code: Code, line: u32, column: u32) -> String {
    let text = policy(body);
    let (sources, diagnostics) = diagnose(&[("test.policy", &text)]);
    expect(&sources, &diagnostics, code, ("test.policy", line, column))
}

/// Like [`check`], for a text without the prelude.
fn check_text(text: &str, code: Code, line: u32, column: u32) -> String {
    let (sources, diagnostics) = diagnose(&[("test.policy", text)]);
    expect(&sources, &diagnostics, code, ("test.policy", line, column))
}

// ---------------------------------------------------------------- reading the text

#[test]
fn syntax_error_suggests_when_for_if() {
    let rendered = check(
        "deny \"No ifs\" if purpose within protection\n",
        Code::Syntax,
        BODY,
        15,
    );
    assert!(rendered.contains("`when`"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn syntax_error_upper_case_and() {
    let rendered = check(
        "deny \"Shouting\"\n  when purpose within protection AND recipient is state_authority\n  cite \"c\"\n",
        Code::Syntax,
        BODY + 1,
        34,
    );
    assert!(rendered.contains("lower case"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn syntax_error_reserved_word_as_name() {
    let rendered = check(
        "party and kind implementing_partner jurisdiction \"KE\"\n",
        Code::Syntax,
        BODY,
        7,
    );
    assert!(rendered.contains("reserved word"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A misspelt declaration keyword: the message must say a declaration was expected (not only
/// "the end of the file, `version` or a rule").
#[test]
fn syntax_error_misspelt_declaration_keyword() {
    let rendered = check("categry personal.health\n", Code::Syntax, BODY, 1);
    assert!(rendered.contains("a declaration"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn syntax_error_single_quotes() {
    let rendered = check(
        "deny \"Quoted\" when true cite 'ICRC Handbook'\n",
        Code::Syntax,
        BODY,
        30,
    );
    assert!(rendered.contains("double quotes"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A name pasted from a word processor: the curly quote is named, with its code point.
#[test]
fn syntax_error_curly_quotes() {
    let rendered = check(
        "deny \u{201C}Pasted\u{201D} when true cite \"c\"\n",
        Code::Syntax,
        BODY,
        6,
    );
    assert!(
        rendered.contains("a curly quote `\u{201C}` (U+201C)"),
        "{rendered}"
    );
    assert!(rendered.contains("straight double quotes"), "{rendered}");
    assert!(rendered.contains("word processor"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A string opened with a straight quote and closed with a curly one never closes.
#[test]
fn unterminated_string_closed_with_a_curly_quote() {
    let rendered = check(
        "deny \"Pasted\u{201D} when true\n  cite \"c\"\n",
        Code::UnterminatedString,
        BODY,
        6,
    );
    assert!(rendered.contains("U+201D"), "{rendered}");
    assert!(rendered.contains("word processor"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn syntax_error_quoted_role() {
    let rendered = check(
        "review \"Police requests\" when recipient is state_authority\n  approval by \"child protection lead\"\n  cite \"c\"\n",
        Code::Syntax,
        BODY + 1,
        15,
    );
    assert!(
        rendered.contains("a role is written without quotes, in one word: `child_protection_lead`"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn syntax_error_missing_and() {
    let rendered = check(
        "deny \"Two conditions\"\n  when purpose within protection recipient is state_authority\n  cite \"c\"\n",
        Code::Syntax,
        BODY + 1,
        34,
    );
    assert!(
        rendered.contains("did you mean `and recipient …`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn syntax_error_name_of_two_words() {
    let rendered = check(
        "allow \"Two words\" when purpose within child protection cite \"c\"\n",
        Code::Syntax,
        BODY,
        45,
    );
    assert!(
        rendered.contains("did you mean `child_protection`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn syntax_error_declared_name_of_two_words() {
    let rendered = check("purpose child protection\n", Code::Syntax, BODY, 15);
    assert!(
        rendered.contains("did you mean `child_protection`?"),
        "{rendered}"
    );
}

/// A condition cut short at the end of a line: the caret belongs right after the last word
/// written (`within`), on the line the author was writing, not on the empty line after it.
#[test]
fn syntax_error_missing_name_at_end_of_line() {
    let rendered = check(
        "allow \"Unfinished\" when purpose within\n",
        Code::Syntax,
        BODY,
        39,
    );
    assert!(rendered.contains("expected a name"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn unterminated_string() {
    let rendered = check(
        "deny \"No biometric data to authorities\n  when data includes personal.biometric\n",
        Code::UnterminatedString,
        BODY,
        6,
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn too_deep() {
    let depth = mandate::syntax::MAX_DEPTH + 1;
    let body = format!(
        "allow \"Deep\" when {}true{} cite \"c\"\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    // `allow "Deep" when ` is 18 characters; the opening parenthesis that goes too deep is
    // the last one.
    let column = 18 + depth as u32;
    insta::assert_snapshot!(check(&body, Code::TooDeep, BODY, column));
}

#[test]
fn not_utf8() {
    // A file saved as Latin-1: `ó` is the single byte 0xF3.
    let bytes = b"policy \"Protecci\xf3n\" version \"1\"\ncategory personal\n";
    let mut sources = SourceMap::new();
    let id = sources.add("test.policy", String::from_utf8_lossy(bytes).into_owned());
    let diagnostics = match mandate::syntax::parse_bytes(id, bytes) {
        Ok(_) => Vec::new(),
        Err(d) => d,
    };
    let rendered = expect(
        &sources,
        &diagnostics,
        Code::NotUtf8,
        ("test.policy", 1, 17),
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn too_large() {
    let line = "# padding\n";
    let bytes = line.repeat(mandate::syntax::MAX_FILE_BYTES / line.len() + 1);
    assert!(bytes.len() > mandate::syntax::MAX_FILE_BYTES);
    let mut sources = SourceMap::new();
    let id = sources.add("test.policy", bytes.as_str());
    let diagnostics = match mandate::syntax::parse_bytes(id, bytes.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(d) => d,
    };
    let rendered = expect(
        &sources,
        &diagnostics,
        Code::TooLarge,
        ("test.policy", 1, 1),
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn empty_file() {
    insta::assert_snapshot!(check_text("", Code::EmptyFile, 1, 1));
}

#[test]
fn empty_file_with_only_comments() {
    insta::assert_snapshot!(check_text(
        "# Protection referrals: to be written\n\n   # TODO\n",
        Code::EmptyFile,
        1,
        1
    ));
}

// ---------------------------------------------------------------- loading files

#[test]
fn use_not_found_file() {
    let dir = TempDir::new("use_not_found_file");
    dir.write(
        "pack/main.policy",
        &format!("{PRELUDE}use \"rules.policy\"\nuse \"shared/parties.policy\"\n"),
    );
    dir.write("pack/rules.policy", "category personal.contact\n");
    let pack = loader::load(&dir.path().join("pack"), &[]).expect("the pack folder exists");
    let file = format!(
        "{}/pack/main.policy",
        dir.path().to_string_lossy().replace('\\', "/")
    );
    let rendered = expect(
        &pack.sources,
        &pack.diagnostics,
        Code::UseNotFound,
        (&file, BODY + 1, 1),
    );
    assert_eq!(
        pack.diagnostics.len(),
        1,
        "only the missing file is reported:\n{rendered}"
    );
    insta::assert_snapshot!(dir.scrub(&rendered));
}

#[test]
fn use_not_found_vocabulary_suggests_close_name() {
    let dir = TempDir::new("use_not_found_vocabulary");
    dir.write(
        "humanitarian/terms.policy",
        "vocabulary \"humanitarian\"\ncategory personal\n",
    );
    dir.write(
        "pack/main.policy",
        "policy \"Test\"\nuse vocabulary \"humanitrian\"\n",
    );
    let pack = loader::load(&dir.path().join("pack"), &[]).expect("the pack folder exists");
    let file = format!(
        "{}/pack/main.policy",
        dir.path().to_string_lossy().replace('\\', "/")
    );
    let rendered = expect(
        &pack.sources,
        &pack.diagnostics,
        Code::UseNotFound,
        (&file, 2, 1),
    );
    assert!(
        rendered.contains("did you mean \"humanitarian\"?"),
        "{rendered}"
    );
    insta::assert_snapshot!(dir.scrub(&rendered));
}

#[test]
fn a_missing_vocabulary_is_reported_once_not_with_every_name_it_declares() {
    let dir = TempDir::new("use_not_found_cascade");
    dir.write(
        "pack/main.policy",
        "policy \"Test\"\nuse vocabulary \"humanitarian\"\nparty kind ngo\n\
         allow \"R\"\n  when data includes personal.health and purpose within research\n  cite \"x\"\n",
    );
    let pack = loader::compile_path(&dir.path().join("pack"), &[]).expect("the pack folder exists");
    let errors: Vec<_> = pack.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code, Code::UseNotFound);
    assert_eq!(
        errors[0]
            .notes
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "2 errors about unknown names not shown: they are likely to follow from this one; fix it and run again"
        ]
    );
    // Once the vocabulary is found, what it does not declare is reported as usual.
    dir.write(
        "humanitarian/terms.policy",
        "vocabulary \"humanitarian\"\ncategory personal\ncategory personal.health\n",
    );
    let pack = loader::compile_path(&dir.path().join("pack"), &[]).expect("the pack folder exists");
    let errors: Vec<_> = pack.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code, Code::UnknownName);
    assert!(
        errors[0].message.to_string().contains("research"),
        "{}",
        errors[0].message
    );
}

/// A secret outside the pack, which no `use` may read or quote.
const SECRET: &str = "root:TOP-SECRET-HASH:19000:0:99999:7:::\n";

/// Loads `pack/main.policy` (the prelude and `uses`) next to a secret file outside the pack;
/// expects one `UseOutside` error on the `use` line and the secret quoted nowhere.
fn use_outside(test: &str, uses: &str, setup: impl Fn(&TempDir)) -> String {
    let dir = TempDir::new(test);
    dir.write("secret.policy", SECRET);
    dir.write("secret.txt", SECRET);
    dir.write("pack/main.policy", &format!("{PRELUDE}{uses}\n"));
    setup(&dir);
    let pack = loader::load(&dir.path().join("pack"), &[]).expect("the pack folder exists");
    let file = format!(
        "{}/pack/main.policy",
        dir.path().to_string_lossy().replace('\\', "/")
    );
    let rendered = expect(
        &pack.sources,
        &pack.diagnostics,
        Code::UseOutside,
        (&file, BODY, 1),
    );
    assert_eq!(pack.diagnostics.len(), 1, "{rendered}");
    assert!(!rendered.contains("TOP-SECRET"), "{rendered}");
    assert_eq!(pack.sources.files().count(), 1, "only main.policy was read");
    dir.scrub(&rendered)
}

#[test]
fn use_outside_absolute_path() {
    // Files of the system, and the absolute path of a secret policy file.
    for target in ["/etc/shadow", "/proc/self/environ"] {
        let rendered = use_outside("use_outside_system", &format!("use \"{target}\""), |_| {});
        assert!(rendered.contains("absolute path"), "{rendered}");
    }
    let dir = TempDir::new("use_outside_absolute_secret");
    let secret = dir.write("secret.policy", SECRET);
    let rendered = use_outside(
        "use_outside_absolute_secret_pack",
        &format!("use \"{}\"", secret.to_string_lossy().replace('\\', "/")),
        |_| {},
    );
    assert!(rendered.contains("E0031"), "{rendered}");
    insta::assert_snapshot!(use_outside(
        "use_outside_absolute_snapshot",
        "use \"/etc/shadow\"",
        |_| {}
    ));
}

#[test]
fn use_outside_parent_folder() {
    insta::assert_snapshot!(use_outside(
        "use_outside_parent",
        "use \"../../secret.policy\"",
        |_| {}
    ));
    // One `..` too many, even if it comes back in.
    use_outside(
        "use_outside_parent_back",
        "use \"../secret.policy\"",
        |_| {},
    );
    use_outside(
        "use_outside_parent_in",
        "use \"shared/../../secret.policy\"",
        |_| {},
    );
}

#[test]
fn use_of_a_file_that_is_not_a_policy_file() {
    let rendered = use_outside("use_not_policy", "use \"notes.txt\"", |dir| {
        dir.write("pack/notes.txt", SECRET);
    });
    assert!(rendered.contains("not a policy file"), "{rendered}");
}

#[test]
fn use_vocabulary_named_by_a_path() {
    for name in ["../secret", "/etc", "a/b", ".."] {
        let dir = TempDir::new("use_vocabulary_path");
        dir.write("secret/terms.policy", SECRET);
        dir.write(
            "pack/main.policy",
            &format!("policy \"Test\"\nuse vocabulary \"{name}\"\n"),
        );
        let pack = loader::load(&dir.path().join("pack"), &[]).expect("the pack folder exists");
        let file = format!(
            "{}/pack/main.policy",
            dir.path().to_string_lossy().replace('\\', "/")
        );
        let rendered = expect(
            &pack.sources,
            &pack.diagnostics,
            Code::UseOutside,
            (&file, 2, 1),
        );
        assert!(!rendered.contains("TOP-SECRET"), "{rendered}");
    }
}

#[cfg(unix)]
#[test]
fn links_that_leave_the_pack_are_not_followed() {
    use std::os::unix::fs::symlink;
    // A `use` of a link inside the pack that leads out of it.
    use_outside("use_outside_link", "use \"shared/link.policy\"", |dir| {
        dir.write("pack/shared/.keep", "");
        symlink(
            dir.path().join("secret.policy"),
            dir.path().join("pack/shared/link.policy"),
        )
        .expect("symlink");
    });
    // A pack file that is itself such a link.
    let dir = TempDir::new("pack_file_link");
    dir.write("secret.policy", SECRET);
    dir.write("pack/main.policy", PRELUDE);
    symlink(
        dir.path().join("secret.policy"),
        dir.path().join("pack/evil.policy"),
    )
    .expect("symlink");
    let pack = loader::load(&dir.path().join("pack"), &[]).expect("the pack folder exists");
    let rendered = mandate::render::to_string(&pack.sources, &pack.diagnostics);
    assert!(
        pack.diagnostics
            .iter()
            .any(|d| d.code == Code::UseOutside && d.is_error()),
        "{rendered}"
    );
    assert!(!rendered.contains("TOP-SECRET"), "{rendered}");
    // A vocabulary folder that is a link out of the library.
    let dir = TempDir::new("vocabulary_link");
    dir.write("elsewhere/humanitarian/terms.policy", SECRET);
    dir.write("lib/.keep", "");
    dir.write(
        "pack/main.policy",
        "policy \"Test\"\nuse vocabulary \"humanitarian\"\n",
    );
    symlink(
        dir.path().join("elsewhere/humanitarian"),
        dir.path().join("lib/humanitarian"),
    )
    .expect("symlink");
    let pack = loader::load(&dir.path().join("pack"), &[dir.path().join("lib")])
        .expect("the pack folder exists");
    let rendered = mandate::render::to_string(&pack.sources, &pack.diagnostics);
    assert!(
        pack.diagnostics.iter().any(|d| d.code == Code::UseOutside),
        "{rendered}"
    );
    assert!(!rendered.contains("TOP-SECRET"), "{rendered}");
}

#[test]
fn use_inside_the_pack_still_works() {
    let dir = TempDir::new("use_inside");
    dir.write(
        "pack/main.policy",
        &format!("{PRELUDE}use \"shared/parties.policy\"\n"),
    );
    dir.write(
        "pack/shared/parties.policy",
        "use \"../more.policy\"\nparty third kind implementing_partner jurisdiction \"KE\"\n",
    );
    dir.write("pack/more.policy", "category personal.contact\n");
    let pack = loader::load(&dir.path().join("pack"), &[]).expect("the pack folder exists");
    let rendered = mandate::render::to_string(&pack.sources, &pack.diagnostics);
    assert!(pack.diagnostics.is_empty(), "{rendered}");
    // main.policy, parties.policy, more.policy, and more.policy as a pack file only once.
    assert_eq!(pack.sources.files().count(), 3, "{rendered}");
}

// ---------------------------------------------------------------- deceptive text

#[test]
fn bidi_control_in_a_comment() {
    // The override hides where the comment ends ("Trojan Source").
    let rendered = check(
        "deny \"R\" when recipient is state_authority # note \u{202E} } \u{2066}\n  cite \"x\"\n",
        Code::BidiControl,
        BODY,
        51,
    );
    assert!(
        rendered.contains("U+202E RIGHT-TO-LEFT OVERRIDE"),
        "{rendered}"
    );
    assert!(
        rendered.contains("U+2066 LEFT-TO-RIGHT ISOLATE"),
        "{rendered}"
    );
    assert!(!rendered.contains('\u{202E}'), "shown raw:\n{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn bidi_control_in_a_string() {
    let rendered = check(
        "deny \"R\" when recipient is state_authority\n  cite \"Art. 5\u{202B} \u{200F}\"\n",
        Code::BidiControl,
        BODY + 1,
        15,
    );
    assert!(
        rendered.contains("U+202B RIGHT-TO-LEFT EMBEDDING"),
        "{rendered}"
    );
    assert!(rendered.contains("U+200F RIGHT-TO-LEFT MARK"), "{rendered}");
}

#[test]
fn mixed_script_agreement_id() {
    // `К` is CYRILLIC CAPITAL LETTER KA, not the Latin K.
    let rendered = check(
        "agreement \"DTA-2024-1\u{41A}\" between unhcr_ke and ngo_alpha\n  purposes protection.referral\n  data personal.identity\n  valid 2024-01-01 to 2026-12-31\n",
        Code::MixedScript,
        BODY,
        22,
    );
    assert!(
        rendered.contains("U+041A is a Cyrillic letter"),
        "{rendered}"
    );
    assert!(rendered.contains("Latin, Cyrillic"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn single_script_names_are_not_warned_about() {
    let text = policy(
        "agreement \"Соглашение-2024\" between unhcr_ke and ngo_alpha\n  purposes protection.referral\n  data personal.identity\n  valid 2024-01-01 to 2026-12-31\n\
         deny \"حماية البيانات 1\" when recipient is state_authority\n  cite \"Loi n° 5 — قانون\"\n\
         deny \"個人情報ひらがなカタカナ\" when recipient is state_authority\n  cite \"x\"\n",
    );
    let (sources, diagnostics) = diagnose(&[("test.policy", &text)]);
    let rendered = mandate::render::to_string(&sources, &diagnostics);
    assert!(diagnostics.is_empty(), "{rendered}");
}

// ---------------------------------------------------------------- names

#[test]
fn unknown_name_suggests_close_name() {
    let rendered = check(
        "deny \"Biometrics\" when data includes personal.biometrc cite \"c\"\n",
        Code::UnknownName,
        BODY,
        38,
    );
    assert!(
        rendered.contains("did you mean `personal.biometric`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn unknown_name_without_close_name() {
    insta::assert_snapshot!(check(
        "deny \"Weather\" when recipient is meteorologist cite \"c\"\n",
        Code::UnknownName,
        BODY,
        34,
    ));
}

#[test]
fn wrong_sort() {
    insta::assert_snapshot!(check(
        "allow \"Referral\" when purpose within personal.identity cite \"c\"\n",
        Code::WrongSort,
        BODY,
        38,
    ));
}

#[test]
fn wrong_sort_kind_where_party_expected() {
    insta::assert_snapshot!(check(
        &format!("{AGREEMENT}  valid 2024-01-01 to 2026-12-31\n")
            .replace("and ngo_alpha", "and implementing_partner"),
        Code::WrongSort,
        BODY,
        46,
    ));
}

#[test]
fn unknown_builtin_check_suggests_its_id() {
    let rendered = check(
        "check builtin.purpose_limitaton cite \"UNHCR DPP 2.3\"\n",
        Code::UnknownName,
        BODY,
        7,
    );
    assert!(
        rendered.contains("did you mean `builtin.purpose_limitation`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn a_builtin_check_cited_twice() {
    insta::assert_snapshot!(check(
        "check builtin.onward_transfer cite \"a\"\ncheck builtin.onward_transfer cite \"b\"\n",
        Code::Duplicate,
        BODY + 1,
        1,
    ));
}

#[test]
fn duplicate() {
    insta::assert_snapshot!(check(
        "party ngo_alpha kind implementing_partner jurisdiction \"UG\"\n",
        Code::Duplicate,
        BODY,
        7,
    ));
}

#[test]
fn duplicate_rule_name() {
    insta::assert_snapshot!(check(
        "deny \"One\" when true cite \"c\"\ndeny \"One\" when false cite \"c\"\n",
        Code::Duplicate,
        BODY + 1,
        6,
    ));
}

/// The help must not offer the term itself (or another child of the missing parent) as the
/// parent it lacks.
#[test]
fn missing_parent() {
    let rendered = check(
        "category health.diagnosis sensitivity severe\n",
        Code::MissingParent,
        BODY,
        10,
    );
    assert!(
        !rendered.contains("did you mean `health.diagnosis`?"),
        "suggests the term itself as its own parent:\n{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn missing_parent_suggests_close_name() {
    let rendered = check("category persnal.contact\n", Code::MissingParent, BODY, 10);
    assert!(rendered.contains("did you mean `personal`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn cycle() {
    insta::assert_snapshot!(check(
        "subject child under minor\nsubject minor under child\n",
        Code::Cycle,
        BODY,
        9,
    ));
}

// ---------------------------------------------------------------- values

#[test]
fn unknown_level() {
    let rendered = check(
        "category personal.health sensitivity hgh\n",
        Code::UnknownLevel,
        BODY,
        38,
    );
    assert!(rendered.contains("did you mean `high`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn unknown_level_in_condition() {
    insta::assert_snapshot!(check(
        "deny \"Severe\" when data sensitivity at least extreme cite \"c\"\n",
        Code::UnknownLevel,
        BODY,
        46,
    ));
}

#[test]
fn bad_date() {
    let rendered = check(
        &format!("{AGREEMENT}  valid 2024-02-30 to 2026-12-31\n"),
        Code::BadDate,
        BODY + 3,
        9,
    );
    assert!(rendered.contains("February 2024 has 29 days"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn reversed_period() {
    insta::assert_snapshot!(check(
        &format!("{AGREEMENT}  valid 2026-12-31 to 2024-01-01\n"),
        Code::ReversedPeriod,
        BODY + 3,
        3,
    ));
}

#[test]
fn unknown_jurisdiction_lower_case() {
    let rendered = check(
        "party police_x kind state_authority jurisdiction \"ke\"\n",
        Code::UnknownJurisdiction,
        BODY,
        50,
    );
    assert!(rendered.contains("\"KE\""), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn unknown_jurisdiction_alpha_3() {
    insta::assert_snapshot!(check(
        "deny \"Abroad\" when recipient jurisdiction in [\"KEN\"] cite \"c\"\n",
        Code::UnknownJurisdiction,
        BODY,
        47,
    ));
}

#[test]
fn unknown_basis() {
    let rendered = check(
        "allow \"Consented\" when basis is concent cite \"c\"\n",
        Code::UnknownBasis,
        BODY,
        33,
    );
    assert!(rendered.contains("did you mean `consent`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

// ---------------------------------------------------------------- rules

#[test]
fn missing_clause_when() {
    insta::assert_snapshot!(check(
        "allow \"Always\" cite \"c\"\n",
        Code::MissingClause,
        BODY,
        7,
    ));
}

#[test]
fn missing_clause_approval() {
    insta::assert_snapshot!(check(
        "review \"Sensitive\" when data includes personal.biometric cite \"c\"\n",
        Code::MissingClause,
        BODY,
        8,
    ));
}

#[test]
fn missing_clause_require() {
    insta::assert_snapshot!(check(
        "require \"Nothing\" when true cite \"c\"\n",
        Code::MissingClause,
        BODY,
        9,
    ));
}

/// Both labels underline one clause each, on its own line, not the line break and indentation
/// after it (see also `grammar::spans_end_at_their_last_token`).
#[test]
fn duplicate_clause() {
    insta::assert_snapshot!(check(
        "deny \"Twice\"\n  when recipient is state_authority\n  when data includes personal.biometric\n  cite \"c\"\n",
        Code::DuplicateClause,
        BODY + 2,
        3,
    ));
}

/// The message must read "an `allow` rule".
#[test]
fn misplaced_clause_approval_on_allow() {
    let rendered = check(
        "allow \"Approved\"\n  when recipient is state_authority\n  approval by dpo\n  cite \"c\"\n",
        Code::MisplacedClause,
        BODY + 2,
        3,
    );
    assert!(
        !rendered.contains("a `allow`"),
        "reads \"not a `allow` rule\":\n{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

/// The label underlines the `require` clause only (see also `grammar::spans_end_at_their_last_token`).
#[test]
fn misplaced_clause_obligation_on_deny() {
    insta::assert_snapshot!(check(
        "deny \"Encrypted denial\"\n  when recipient is state_authority\n  require encrypt at_rest\n  cite \"c\"\n",
        Code::MisplacedClause,
        BODY + 2,
        3,
    ));
}

/// `sensitivity`, `hxl` and `personal` belong to data categories only. The compiler has a
/// precise error for them on other terms; the grammar must let them through so that the author
/// sees it, rather than a syntax error that lists only "the end of the file or a rule".
#[test]
fn misplaced_clause_sensitivity_on_subject() {
    insta::assert_snapshot!(check(
        "subject child sensitivity high\n",
        Code::MisplacedClause,
        BODY,
        15,
    ));
}

/// The label must read as English: not "no a kind".
#[test]
fn duplicate_clause_cite() {
    insta::assert_snapshot!(check(
        "deny \"Cited twice\"\n  when recipient is state_authority\n  cite \"ICRC Handbook, ch. 8\"\n  cite \"IASC Guidance\"\n",
        Code::DuplicateClause,
        BODY + 3,
        3,
    ));
}

#[test]
fn missing_attribute() {
    let rendered = check(
        "party ngo_beta jurisdiction \"UG\"\n",
        Code::MissingAttribute,
        BODY,
        1,
    );
    assert!(
        !rendered.contains("no a "),
        "label reads \"no a kind\":\n{rendered}"
    );
    // The real syntax, with a kind the vocabulary declares.
    assert!(
        rendered.contains("`party ngo_beta kind implementing_partner jurisdiction \"KE\"`"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn missing_attribute_of_agreement() {
    let rendered = check(AGREEMENT, Code::MissingAttribute, BODY, 11);
    assert!(
        !rendered.contains("no a "),
        "label reads \"no a validity period\":\n{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn duplicate_attribute() {
    insta::assert_snapshot!(check(
        "party ngo_beta kind implementing_partner jurisdiction \"KE\" jurisdiction \"UG\"\n",
        Code::DuplicateAttribute,
        BODY,
        60,
    ));
}

#[test]
fn bad_keyword_onward_transfer() {
    insta::assert_snapshot!(check(
        &format!("{AGREEMENT}  valid 2024-01-01 to 2026-12-31\n  onward transfer maybe\n"),
        Code::BadKeyword,
        BODY + 4,
        19,
    ));
}

#[test]
fn bad_keyword_encrypt() {
    let rendered = check(
        "allow \"Encrypted\" when true require encrypt at_rset cite \"c\"\n",
        Code::BadKeyword,
        BODY,
        45,
    );
    assert!(rendered.contains("did you mean `at_rest`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

#[test]
fn bad_number_k() {
    insta::assert_snapshot!(check(
        "allow \"Aggregates\" when true require aggregate by [district] with k >= 1 cite \"c\"\n",
        Code::BadNumber,
        BODY,
        72,
    ));
}

#[test]
fn unknown_quasi_identifier_category() {
    let rendered = check(
        "allow \"Microdata\" when true require k-anonymity on [personal.identty] with k >= 5 cite \"c\"\n",
        Code::UnknownName,
        BODY,
        53,
    );
    assert!(
        rendered.contains("did you mean `personal.identity`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn unknown_key_variable_category() {
    let rendered = check(
        "allow \"Microdata\" when true require reidentification risk at most 3% on [personal.biometrik] cite \"c\"\n",
        Code::UnknownName,
        BODY,
        74,
    );
    assert!(
        rendered.contains("did you mean `personal.biometric`?"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

#[test]
fn bad_percent_suppression_share() {
    insta::assert_snapshot!(check(
        "allow \"Microdata\" when true require k-anonymity on [personal] with k >= 5 suppressing at most 120% cite \"c\"\n",
        Code::BadNumber,
        BODY,
        95,
    ));
}

#[test]
fn bad_percent_risk_zero_or_too_precise() {
    insta::assert_snapshot!(check(
        "allow \"Microdata\" when true require reidentification risk at most 0% on [personal] cite \"c\"\n",
        Code::BadNumber,
        BODY,
        67,
    ));
    check(
        "allow \"Microdata\" when true require reidentification risk at most 2.555% on [personal] cite \"c\"\n",
        Code::BadNumber,
        BODY,
        67,
    );
}

#[test]
fn bad_number_retention() {
    insta::assert_snapshot!(check(
        "allow \"Short\" when true require retain at most 0 days cite \"c\"\n",
        Code::BadNumber,
        BODY,
        48,
    ));
}

#[test]
fn bad_hashtag() {
    insta::assert_snapshot!(check(
        "category personal.location hxl \"#geo+lat\", \"geo+lon\"\n",
        Code::BadHashtag,
        BODY,
        44,
    ));
}

/// `hxl "…" for CATEGORY` names a category: a misspelt one is an error with a did-you-mean.
#[test]
fn hashtags_for_an_unknown_category() {
    let rendered = check(
        "hxl \"#affected+f\" for personal.identiy\n",
        Code::UnknownName,
        BODY,
        23,
    );
    assert!(rendered.contains("personal.identity"), "{rendered}");
}

/// Two mappings that claim one hashtag (on a category's line and in `hxl … for`) are an error.
#[test]
fn a_hashtag_claimed_twice() {
    let rendered = check(
        "category personal.contact hxl \"#contact+phone\"\nhxl \"#Contact +phone\" for personal.identity\n",
        Code::Duplicate,
        BODY + 1,
        5,
    );
    assert!(rendered.contains("first declared here"), "{rendered}");
}

#[test]
fn self_agreement() {
    insta::assert_snapshot!(check(
        "agreement \"DTA-1\" between ngo_alpha and ngo_alpha\n  purposes protection\n  data personal\n  valid 2024-01-01 to 2026-12-31\n",
        Code::SelfAgreement,
        BODY,
        41,
    ));
}

/// A suspension inside the validity period is refused, with the dates that would fit.
#[test]
fn suspension_while_valid() {
    let rendered = check(
        &format!(
            "{AGREEMENT}  valid 2024-01-01 to 2026-12-31\n  suspended from 2025-07-01 because \"audit\" cite \"DPO decision 7\"\n"
        ),
        Code::SuspendedWhileValid,
        BODY + 4,
        3,
    );
    assert!(
        rendered.contains("valid 2024-01-01 to 2025-06-30"),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

/// A suspension says why and cites the decision; its dates are in order.
#[test]
fn suspension_without_reason_or_cite_or_in_reverse() {
    let rendered = check(
        &format!(
            "{AGREEMENT}  valid 2024-01-01 to 2025-06-30\n  suspended from 2025-07-01 cite \"DPO decision 7\"\n"
        ),
        Code::MissingAttribute,
        BODY + 4,
        3,
    );
    assert!(rendered.contains("because"), "{rendered}");
    let rendered = check(
        &format!(
            "{AGREEMENT}  valid 2024-01-01 to 2025-06-30\n  suspended from 2025-07-01 because \"audit\"\n"
        ),
        Code::MissingAttribute,
        BODY + 4,
        3,
    );
    assert!(rendered.contains("cite"), "{rendered}");
    let rendered = check(
        &format!(
            "{AGREEMENT}  valid 2024-01-01 to 2025-06-30\n  suspended from 2025-12-31 to 2025-07-01 because \"audit\" cite \"DPO decision 7\"\n"
        ),
        Code::ReversedPeriod,
        BODY + 4,
        3,
    );
    assert!(
        rendered.contains("suspended from 2025-07-01 to 2025-12-31"),
        "{rendered}"
    );
    // A suspension after the end, open-ended or bounded, and one before the start compile.
    let text = policy(&format!(
        "{AGREEMENT}  valid 2024-01-01 to 2025-06-30\n  suspended from 2025-07-01 because \"audit\" cite \"DPO decision 7\"\n  suspended from 2023-01-01 to 2023-12-31 because \"not yet\" cite \"DPO decision 1\"\n"
    ));
    let (sources, diagnostics) = diagnose(&[("test.policy", &text)]);
    assert!(
        diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        mandate::render::to_string(&sources, &diagnostics)
    );
}

#[test]
fn missing_cite_is_a_warning() {
    let text = policy("deny \"Uncited\" when recipient is state_authority\n");
    let (sources, diagnostics) = diagnose(&[("test.policy", &text)]);
    let rendered = expect(
        &sources,
        &diagnostics,
        Code::MissingCite,
        ("test.policy", BODY, 6),
    );
    assert!(
        diagnostics.iter().all(|d| !d.is_error()),
        "a missing cite alone is no error:\n{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

// ---------------------------------------------------------------- packs of several files

#[test]
fn header_named_twice() {
    let (sources, diagnostics) = diagnose(&[
        (
            "a.policy",
            "policy \"Referrals\" version \"1\"\ncategory personal\n",
        ),
        (
            "b.policy",
            "# parties\npolicy \"Referrals, Kenya\" version \"2\"\nsubject beneficiary\n",
        ),
    ]);
    let rendered = expect(&sources, &diagnostics, Code::Header, ("b.policy", 2, 1));
    insta::assert_snapshot!(rendered);
}

#[test]
fn not_in_vocabulary() {
    let (sources, diagnostics) = diagnose(&[
        (
            "humanitarian.policy",
            "vocabulary \"humanitarian\" version \"1\"\ncategory personal\nparty kind un_agency\nparty unhcr kind un_agency jurisdiction \"CH\"\n",
        ),
        (
            "main.policy",
            "policy \"Test\"\nuse vocabulary \"humanitarian\"\n",
        ),
    ]);
    let rendered = expect(
        &sources,
        &diagnostics,
        Code::NotInVocabulary,
        ("humanitarian.policy", 4, 1),
    );
    insta::assert_snapshot!(rendered);
}

// ---------------------------------------------------------------- declared names

/// The roles, responses, flags and dimensions of the declared-names tests.
const DECLARED: &str = r#"role dpo "Data protection officer"
response "ke-2025" "Kenya response 2025"
flag family_links_network "Member of the Family Links Network"
dimension admin1 "First administrative level"
"#;

/// `approval by DPO` where `dpo` is declared: the case slip is named.
#[test]
fn undeclared_role_suggests_the_declared_one() {
    let rendered = check(
        &format!(
            "{DECLARED}review \"Police\" when recipient is state_authority approval by DPO cite \"c\"\n"
        ),
        Code::UnknownName,
        BODY + 4,
        63,
    );
    assert!(rendered.contains("did you mean `dpo`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A misspelt flag in a condition and a misspelt dimension in an obligation.
#[test]
fn undeclared_flag_and_dimension_suggest_the_declared_ones() {
    let text = policy(&format!(
        "{DECLARED}allow \"FLN\" when recipient has family_link_network cite \"c\"\n  require aggregate by [admn1] with k >= 5\n"
    ));
    let (sources, diagnostics) = diagnose(&[("test.policy", &text)]);
    expect(
        &sources,
        &diagnostics,
        Code::UnknownName,
        ("test.policy", BODY + 4, 32),
    );
    let rendered = expect(
        &sources,
        &diagnostics,
        Code::UnknownName,
        ("test.policy", BODY + 5, 25),
    );
    assert!(
        rendered.contains("did you mean `family_links_network`?"),
        "{rendered}"
    );
    assert!(rendered.contains("did you mean `admin1`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A classification for a response the pack does not declare, nothing close: the help says
/// how to declare it and lists the declared ones.
#[test]
fn undeclared_response_lists_the_declared_ones() {
    let rendered = check(
        &format!("{DECLARED}classification \"ISP\" for response \"ug-2025\"\n  personal is high\n"),
        Code::UnknownName,
        BODY + 4,
        35,
    );
    assert!(rendered.contains("`ke-2025`"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A declared name says what it means: one without a description is an error.
#[test]
fn declared_name_without_description() {
    insta::assert_snapshot!(check("role dpo\n", Code::MissingAttribute, BODY, 1,));
}

/// A name declared twice.
#[test]
fn declared_name_twice() {
    insta::assert_snapshot!(check(
        "flag fln \"Family Links Network\"\nflag fln \"again\"\n",
        Code::Duplicate,
        BODY + 1,
        6,
    ));
}

/// A shared vocabulary declares terms only: roles and the like belong to a pack.
#[test]
fn declared_name_in_a_vocabulary_file() {
    let (sources, diagnostics) = diagnose(&[
        (
            "humanitarian.policy",
            "vocabulary \"humanitarian\" version \"1\"\ncategory personal\nrole dpo \"Data protection officer\"\n",
        ),
        (
            "main.policy",
            "policy \"Test\"\nuse vocabulary \"humanitarian\"\n",
        ),
    ]);
    expect(
        &sources,
        &diagnostics,
        Code::NotInVocabulary,
        ("humanitarian.policy", 3, 1),
    );
}

/// A pack that declares no role keeps working as before: its roles are not checked.
#[test]
fn a_pack_without_declarations_is_not_checked() {
    let text =
        policy("review \"Police\" when recipient is state_authority approval by DPO cite \"c\"\n");
    let (_, diagnostics) = diagnose(&[("test.policy", &text)]);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
}

// ---------------------------------------------------------------- classifications of combinations

/// A combination naming a category within another of the same entry is the narrower one
/// alone: an error that says so.
#[test]
fn combination_of_nested_categories() {
    insta::assert_snapshot!(check(
        "classification \"ISP\" for response \"r\"\n  personal and personal.biometric is severe\n",
        Code::Duplicate,
        BODY + 1,
        16,
    ));
}

/// A misspelt category in a combination gets its did-you-mean.
#[test]
fn combination_with_a_misspelt_category() {
    let rendered = check(
        "classification \"ISP\" for response \"r\"\n  personal.identity and personal.biometrc is severe\n",
        Code::UnknownName,
        BODY + 1,
        25,
    );
    assert!(
        rendered.contains("did you mean `personal.biometric`?"),
        "{rendered}"
    );
}

/// Two entries for the same categories, in any order.
#[test]
fn combination_given_twice() {
    check(
        "classification \"ISP\" for response \"r\"\n  personal.identity and personal.biometric is high\n  personal.biometric and personal.identity is severe\n",
        Code::Duplicate,
        BODY + 2,
        3,
    );
}

/// A rule that names a term its vocabulary marks `deprecated` is a warning naming the
/// replacement; the pack still compiles.
#[test]
fn a_deprecated_term_is_a_warning_with_its_replacement() {
    let text = "policy \"P\" version \"1\"\npurpose ads\npurpose ads.profiling deprecated replaced by ads.targeting\npurpose ads.targeting\ncategory personal\nparty kind k\nparty a kind k jurisdiction \"KE\"\ndeny \"r\" when purpose within ads.profiling cite \"c\"\n";
    let (sources, diagnostics) = diagnose(&[("p.policy", text)]);
    let rendered = expect(
        &sources,
        &diagnostics,
        Code::DeprecatedTerm,
        ("p.policy", 8, 30),
    );
    assert!(
        rendered.contains("use `ads.targeting` instead"),
        "{rendered}"
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{rendered}");
}

/// A pack without a `policy` header and without rules is a warning, so that
/// `--deny-warnings` fails; a vocabulary pack is not.
#[test]
fn no_policy_header_is_a_warning() {
    let text = "category personal\nparty kind k\nparty a kind k jurisdiction \"KE\"\n";
    let (sources, diagnostics) = diagnose(&[("parties.policy", text)]);
    let rendered = expect(
        &sources,
        &diagnostics,
        Code::NoPolicyHeader,
        ("parties.policy", 1, 1),
    );
    assert!(rendered.contains("policy \"Name\" version"), "{rendered}");
    insta::assert_snapshot!(rendered);

    let vocabulary = "vocabulary \"v\"\ncategory personal\n";
    let (_, diagnostics) = diagnose(&[("terms.policy", vocabulary)]);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

/// A pack outside the repository that uses a bundled vocabulary is told where it is.
#[test]
fn use_not_found_vocabulary_says_which_lib() {
    let dir = TempDir::new("use_not_found_lib");
    dir.write(
        "clone/policies/humanitarian/terms.policy",
        "vocabulary \"humanitarian\"\ncategory personal\n",
    );
    dir.write(
        "clone/work/mine/pack/main.policy",
        "policy \"Test\"\nuse vocabulary \"humanitarian\"\n",
    );
    let pack = loader::load(&dir.path().join("clone/work/mine/pack"), &[]).expect("exists");
    let error = pack
        .diagnostics
        .iter()
        .find(|d| d.code == Code::UseNotFound)
        .expect("not found");
    let help = error.help.as_ref().expect("a hint").to_string();
    let lib = format!(
        "{}/clone/policies",
        dir.path().to_string_lossy().replace('\\', "/")
    );
    assert!(help.contains(&format!("`--lib {lib}`")), "{help}");
    assert!(help.contains("MANDATE_PATH"), "{help}");
    // With that folder as the library, it is found.
    let pack = loader::load(
        &dir.path().join("clone/work/mine/pack"),
        &[dir.path().join("clone/policies")],
    )
    .expect("exists");
    assert!(pack.diagnostics.is_empty(), "{:#?}", pack.diagnostics);
}

/// Rules in a pack that no file names: the finding is about the whole pack.
#[test]
fn header_missing_for_rules() {
    let (sources, diagnostics) = diagnose(&[(
        "rules.policy",
        "purpose protection\nallow \"Protection\" when purpose within protection cite \"c\"\n",
    )]);
    let rendered = mandate::render::to_string(&sources, &diagnostics);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == Code::Header && d.is_error() && !d.message.to_string().is_empty()),
        "{rendered}"
    );
    insta::assert_snapshot!(rendered);
}

/// Every code has at least one test above; this keeps the list honest when codes are added.
#[test]
fn every_code_is_covered() {
    let covered = [
        Code::Syntax,
        Code::UnterminatedString,
        Code::TooDeep,
        Code::NotUtf8,
        Code::TooLarge,
        Code::EmptyFile,
        Code::UseNotFound,
        Code::UnknownName,
        Code::WrongSort,
        Code::Duplicate,
        Code::MissingParent,
        Code::Cycle,
        Code::UnknownLevel,
        Code::BadDate,
        Code::ReversedPeriod,
        Code::UnknownJurisdiction,
        Code::UnknownBasis,
        Code::MissingClause,
        Code::DuplicateClause,
        Code::MisplacedClause,
        Code::MissingAttribute,
        Code::DuplicateAttribute,
        Code::BadKeyword,
        Code::BadNumber,
        Code::BadHashtag,
        Code::Header,
        Code::NotInVocabulary,
        Code::MissingCite,
        Code::NoPolicyHeader,
        Code::SelfAgreement,
        Code::SuspendedWhileValid,
        Code::UseOutside,
        Code::BidiControl,
        Code::MixedScript,
        // Lint findings: each is tested in tests/policy_tools.rs.
        Code::NeverApplies,
        Code::ExceptionNeverHolds,
        Code::ShadowedAllow,
        Code::DuplicateRule,
        Code::SubsumedRule,
        Code::AgreementExpired,
        Code::AgreementExpiring,
        Code::UnusedTerm,
        // Tested in src/tools/lint.rs.
        Code::SuspensionBridged,
        Code::UndeclaredNames,
        Code::UnusedDeclaredName,
        Code::DeprecatedTerm,
        Code::ConsentExtendsNothing,
    ];
    // An exhaustive match: adding a `Code` variant without a test breaks the build here.
    for code in covered {
        match code {
            Code::Syntax
            | Code::UnterminatedString
            | Code::TooDeep
            | Code::NotUtf8
            | Code::TooLarge
            | Code::EmptyFile
            | Code::UseNotFound
            | Code::UnknownName
            | Code::WrongSort
            | Code::Duplicate
            | Code::MissingParent
            | Code::Cycle
            | Code::UnknownLevel
            | Code::BadDate
            | Code::ReversedPeriod
            | Code::UnknownJurisdiction
            | Code::UnknownBasis
            | Code::MissingClause
            | Code::DuplicateClause
            | Code::MisplacedClause
            | Code::MissingAttribute
            | Code::DuplicateAttribute
            | Code::BadKeyword
            | Code::BadNumber
            | Code::BadHashtag
            | Code::Header
            | Code::NotInVocabulary
            | Code::MissingCite
            | Code::NoPolicyHeader
            | Code::DeprecatedTerm
            | Code::SelfAgreement
            | Code::SuspendedWhileValid
            | Code::UseOutside
            | Code::BidiControl
            | Code::MixedScript
            | Code::NeverApplies
            | Code::ExceptionNeverHolds
            | Code::ShadowedAllow
            | Code::DuplicateRule
            | Code::SubsumedRule
            | Code::AgreementExpired
            | Code::AgreementExpiring
            | Code::UnusedTerm
            | Code::SuspensionBridged
            | Code::UndeclaredNames
            | Code::UnusedDeclaredName
            | Code::ConsentExtendsNothing => {}
        }
    }
    let ids: std::collections::HashSet<&str> = covered.iter().map(|c| c.id()).collect();
    assert_eq!(ids.len(), covered.len(), "codes have distinct ids");
}

/// Extending consent to compatible purposes in a pack that declares none changes nothing.
#[test]
fn consent_extended_to_no_compatible_purpose_is_a_warning() {
    let rendered = check(
        "consent extends to compatible purposes cite \"IOM Data Protection Principles, Principle 2\"\n",
        Code::ConsentExtendsNothing,
        BODY,
        1,
    );
    assert!(
        rendered.contains("declares no compatible purposes"),
        "{rendered}"
    );
    assert!(rendered.contains("W0006"), "{rendered}");
}

// ---------------------------------------------------------------- dates of approvals and records

/// A misspelt event of records: named, with a did-you-mean.
#[test]
fn records_event_misspelt_suggests_the_event() {
    let rendered = check(
        "deny \"Old cases\" when records closd more than 5 years before cite \"c\"\n",
        Code::BadKeyword,
        BODY,
        31,
    );
    assert!(rendered.contains("did you mean `closed`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A misspelt unit of a period: named, with a did-you-mean.
#[test]
fn period_unit_misspelt_suggests_the_unit() {
    let rendered = check(
        "allow \"Recent\" when approved by dpo within 30 dyas cite \"c\"\n",
        Code::BadKeyword,
        BODY,
        47,
    );
    assert!(rendered.contains("did you mean `days`?"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

/// A period out of range: the bounds are said.
#[test]
fn period_out_of_range_says_the_bounds() {
    let rendered = check(
        "deny \"Old\" when records collected more than 101 years before cite \"c\"\n",
        Code::BadNumber,
        BODY,
        45,
    );
    assert!(rendered.contains("between 1 and 100"), "{rendered}");
    insta::assert_snapshot!(rendered);
}

// ---------------------------------------------------------------- in French

/// The findings of `body` (after the prelude) as a French reader sees them.
fn in_french(body: &str) -> String {
    let text = policy(body);
    let (sources, diagnostics) = diagnose(&[("test.policy", &text)]);
    assert!(!diagnostics.is_empty(), "no finding for {body}");
    mandate::render::to_string_in(mandate::words::Lang::FR, &sources, &diagnostics)
}

/// A syntax error lists what the grammar expected in French, joined with "ou", keywords as
/// they are written.
#[test]
fn syntax_error_in_french() {
    let fr = in_french("categry personal.health\n");
    assert!(
        fr.contains("il faudrait ici une déclaration ou `kind`, et non `categry`"),
        "{fr}"
    );
    assert!(fr.contains("vouliez-vous dire `category` ?"), "{fr}");
    insta::assert_snapshot!(fr);
}

#[test]
fn unknown_name_in_french() {
    let fr = in_french("deny \"Biometrics\" when data includes personal.biometrc cite \"c\"\n");
    assert!(
        fr.contains("vouliez-vous dire `personal.biometric` ?"),
        "{fr}"
    );
    insta::assert_snapshot!(fr);
}

#[test]
fn missing_cite_in_french() {
    let fr = in_french("deny \"Uncited\" when purpose within protection\n");
    assert!(
        fr.contains("la règle « Uncited » ne cite aucune source"),
        "{fr}"
    );
    insta::assert_snapshot!(fr);
}

#[test]
fn bad_date_in_french() {
    let fr = in_french(&format!("{AGREEMENT}  valid 2025-02-30 to 2026-01-01\n"));
    assert!(fr.contains("février 2025 compte 28 jours"), "{fr}");
    insta::assert_snapshot!(fr);
}

/// Every message of the diagnostics section has words of its own in French: none is left in
/// English by copying the English file.
#[test]
fn no_diagnostic_message_is_left_in_english() {
    use mandate::words::{Lang, message, message_ids};
    // Messages that are the same in both languages: code points, keywords, a list's shape.
    let same = [
        "diag-found-token",
        "diag-expected-keyword",
        "diag-label-bidi",
        "diag-expected-sender-or-recipient",
    ];
    let mut checked = 0;
    for id in message_ids(Lang::EN)
        .iter()
        .filter(|id| id.starts_with("diag-") && !same.contains(&id.as_str()))
    {
        let en = message(Lang::EN, id, None);
        let fr = message(Lang::FR, id, None);
        assert_ne!(en, fr, "{id} reads the same in French as in English");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} diagnostic messages");
}
