//! Bad input never panics: each hostile or broken file gives a clear error with a code, a
//! message and a place, and arbitrary text or bytes always return.

use crate::common;

use common::TempDir;
use mandate::diagnostic::{Code, Diagnostic};
use mandate::source::{FileId, SourceMap};
use proptest::prelude::*;

/// Parses `bytes` the way the loader does (lossy text in the source map, the bytes to the
/// parser) and, when they parse, compiles them; returns the source map and every finding.
fn run(bytes: &[u8]) -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let id = sources.add("test.policy", String::from_utf8_lossy(bytes).into_owned());
    let diagnostics = match mandate::syntax::parse_bytes(id, bytes) {
        Ok((_, file)) => mandate::compile::compile(&sources, &[file]).diagnostics,
        Err(d) => d,
    };
    (sources, diagnostics)
}

/// Asserts that `bytes` parse and compile without any finding.
fn expect_no_finding(bytes: &[u8]) {
    let (sources, diagnostics) = run(bytes);
    assert!(
        diagnostics.is_empty(),
        "{}",
        mandate::render::to_string(&sources, &diagnostics)
    );
}

/// Asserts that the first finding is an error of kind `code` with a message and a place inside
/// the file, and that rendering all findings works; returns the first finding's `line:column`.
fn expect_error(bytes: &[u8], code: Code) -> (u32, u32) {
    let (sources, diagnostics) = run(bytes);
    let rendered = mandate::render::to_string(&sources, &diagnostics);
    let Some(first) = diagnostics.first() else {
        panic!("expected {code:?}, got no finding");
    };
    assert_eq!(first.code, code, "{rendered}");
    assert!(first.is_error(), "{rendered}");
    assert!(
        !first.message.to_string().trim().is_empty(),
        "{code:?} has an empty message"
    );
    assert!(!rendered.is_empty());
    let label = first
        .primary
        .as_ref()
        .expect("the finding points at a place");
    let len = sources.file(label.span.file).text.len();
    assert!(
        label.span.start <= label.span.end && label.span.end <= len,
        "span {:?} outside a file of {len} bytes",
        label.span
    );
    let at = sources.location(label.span);
    (at.line, at.column)
}

#[test]
fn empty_file() {
    assert_eq!(expect_error(b"", Code::EmptyFile), (1, 1));
}

#[test]
fn whitespace_only() {
    assert_eq!(expect_error(b" \n\t\r\n   \n", Code::EmptyFile), (1, 1));
}

#[test]
fn comments_only() {
    assert_eq!(
        expect_error(b"# draft\n   # nothing yet\n#", Code::EmptyFile),
        (1, 1)
    );
}

#[test]
fn binary_garbage() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    // Bytes 0–127 are valid UTF-8; 0x80 at offset 128 is the first that is not. Line 2 starts
    // after the byte 0x0A at offset 10.
    assert_eq!(expect_error(&bytes, Code::NotUtf8), (2, 128 - 11 + 1));
}

#[test]
fn binary_garbage_that_is_utf8() {
    // Control characters and every ASCII byte: valid UTF-8, not a policy. The first `"`
    // (offset 34, on line 2) opens a string that the next line break leaves open.
    let bytes: Vec<u8> = (0..=127u8).cycle().take(16 * 1024).collect();
    assert_eq!(
        expect_error(&bytes, Code::UnterminatedString),
        (2, 34 - 11 + 1)
    );
    // Without quotes it is a plain syntax error.
    let bytes: Vec<u8> = bytes.into_iter().filter(|b| *b != b'"').collect();
    expect_error(&bytes, Code::Syntax);
}

#[test]
fn ten_megabyte_file() {
    let bytes = "category personal\n"
        .repeat(10 * 1024 * 1024 / 18 + 1)
        .into_bytes();
    assert!(bytes.len() >= 10 * 1024 * 1024);
    assert_eq!(expect_error(&bytes, Code::TooLarge), (1, 1));
    // The same through `parse`, which takes text.
    let text = String::from_utf8(bytes).expect("ASCII");
    let diagnostics = mandate::syntax::parse(FileId(0), &text).expect_err("too large");
    assert_eq!(diagnostics[0].code, Code::TooLarge);
}

#[test]
fn ten_megabytes_of_invalid_utf8_is_too_large_first() {
    let bytes = vec![0xFFu8; 10 * 1024 * 1024];
    assert_eq!(expect_error(&bytes, Code::TooLarge), (1, 1));
}

#[test]
fn three_megabytes_of_valid_rules() {
    let mut text = String::from(
        "policy \"Large\" version \"1\"\npurpose protection\ncategory personal\nparty kind state_authority\n",
    );
    let mut i = 0;
    while text.len() < 3 * 1024 * 1024 {
        text.push_str(&format!(
            "deny \"Rule {i}\" when data includes personal and recipient is state_authority cite \"c\"\n"
        ));
        i += 1;
    }
    assert!(text.len() < mandate::syntax::MAX_FILE_BYTES);
    let (sources, diagnostics) = run(text.as_bytes());
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.is_empty(),
        "{}",
        mandate::render::to_string(&sources, &diagnostics[..diagnostics.len().min(5)])
    );
}

#[test]
fn a_thousand_nested_parentheses() {
    let text = format!(
        "policy \"T\"\nallow \"Deep\" when {}true{} cite \"c\"\n",
        "(".repeat(1000),
        ")".repeat(1000)
    );
    let depth = mandate::syntax::MAX_DEPTH as u32;
    // `allow "Deep" when ` is 18 characters; the first parenthesis too many is number
    // MAX_DEPTH + 1.
    assert_eq!(
        expect_error(text.as_bytes(), Code::TooDeep),
        (2, 18 + depth + 1)
    );
}

#[test]
fn a_thousand_nested_brackets() {
    let text = format!(
        "policy \"T\"\ncategory c under {}x{}\n",
        "[".repeat(1000),
        "]".repeat(1000)
    );
    expect_error(text.as_bytes(), Code::TooDeep);
}

#[test]
fn a_thousand_unclosed_parentheses() {
    let text = format!("policy \"T\"\nallow \"Deep\" when {}", "(".repeat(1000));
    expect_error(text.as_bytes(), Code::TooDeep);
}

#[test]
fn parentheses_inside_strings_and_comments_do_not_count() {
    let text = format!(
        "policy \"T\" # {}\npurpose p\nallow \"{}\" when purpose within p cite \"c\"\n",
        "(".repeat(1000),
        "(".repeat(1000)
    );
    expect_no_finding(text.as_bytes());
}

#[test]
fn sixty_nested_parentheses_parse() {
    let text = format!(
        "policy \"T\"\npurpose p\nallow \"Deep\" when {}purpose within p{} cite \"c\"\n",
        "(".repeat(60),
        ")".repeat(60)
    );
    expect_no_finding(text.as_bytes());
}

#[test]
fn nesting_at_the_limit_parses() {
    // MAX_DEPTH parentheses, and MAX_DEPTH `not`s nested through them.
    let depth = mandate::syntax::MAX_DEPTH;
    let nested = |inner: &str| {
        format!(
            "policy \"T\"\nallow \"Deep\" when {}{inner}true{} cite \"c\"\n",
            "(not ".repeat(depth),
            ")".repeat(depth)
        )
    };
    expect_no_finding(nested("").as_bytes());
    // One `not` more is one level too deep: the `not`s inside parentheses add up.
    expect_error(nested("not ").as_bytes(), Code::TooDeep);
}

#[test]
fn nots_nested_through_parentheses_add_up() {
    // 40 `not`s outside a parenthesis and 40 inside it nest 80 deep, though neither run
    // alone passes the limit.
    let text = format!(
        "policy \"T\"\nallow \"Nots\" when {}({}true) cite \"c\"\n",
        "not ".repeat(40),
        "not ".repeat(40)
    );
    expect_error(text.as_bytes(), Code::TooDeep);
    // Siblings do not add up: 40 and 40 side by side are 40 deep.
    let text = format!(
        "policy \"T\"\nallow \"Nots\" when ({}true) and ({}true) cite \"c\"\n",
        "not ".repeat(40),
        "not ".repeat(40)
    );
    expect_no_finding(text.as_bytes());
}

#[test]
fn comments_and_vertical_tabs_between_nots_do_not_reset_the_depth() {
    for separator in [" # why\n", "\u{b}", "\u{c}", "\r", " #\n\u{b}\u{a0}"] {
        let text = format!(
            "policy \"T\"\nallow \"Nots\" when {}true cite \"c\"\n",
            format!("not{separator}").repeat(100)
        );
        let (line, _) = expect_error(text.as_bytes(), Code::TooDeep);
        assert!(line >= 2, "{separator:?}");
    }
}

#[test]
fn a_thousand_nots() {
    // A run of `not`s nests like parentheses: past the depth limit it is a clear error, not a
    // stack overflow in the compiler. The grammar takes a no-break space as whitespace, so
    // the depth count must too.
    for space in [" ", "\u{A0}"] {
        let text = format!(
            "policy \"T\"\nallow \"Nots\" when {}true cite \"c\"\n",
            format!("not{space}").repeat(1000)
        );
        let (sources, diagnostics) = run(text.as_bytes());
        assert!(
            diagnostics.iter().any(|d| d.code == Code::TooDeep),
            "{space:?}: {}",
            mandate::render::to_string(&sources, &diagnostics)
        );
    }
}

#[test]
fn unterminated_string() {
    let text = "policy \"T\"\ncategory personal\ndeny \"Never closed when true\ncite \"c\"\n";
    assert_eq!(
        expect_error(text.as_bytes(), Code::UnterminatedString),
        (3, 6)
    );
}

#[test]
fn unterminated_string_at_the_end_of_the_file() {
    assert_eq!(
        expect_error(b"policy \"T", Code::UnterminatedString),
        (1, 8)
    );
}

#[test]
fn unterminated_string_ending_in_a_backslash() {
    assert_eq!(
        expect_error(b"policy \"T\\", Code::UnterminatedString),
        (1, 8)
    );
    assert_eq!(
        expect_error("policy \"T\\é".as_bytes(), Code::UnterminatedString),
        (1, 8)
    );
}

#[test]
fn non_utf8_bytes() {
    // Latin-1 `é` (0xE9) on the third line.
    let bytes = b"policy \"T\"\ncategory personal\ndeny \"Acc\xe8s\" when true cite \"c\"\n";
    assert_eq!(expect_error(bytes, Code::NotUtf8), (3, 10));
}

#[test]
fn truncated_utf8_at_the_end() {
    // The first two bytes of a three-byte character.
    assert_eq!(
        expect_error(b"policy \"T\"\n\xe2\x80", Code::NotUtf8),
        (2, 1)
    );
}

#[test]
fn utf16_file() {
    let bytes: Vec<u8> = "\u{FEFF}policy \"T\"\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    expect_error(&bytes, Code::NotUtf8);
}

/// The message names the NUL byte visibly rather than printing it raw (invisible in a terminal).
#[test]
fn nul_byte() {
    let bytes = b"policy \"T\"\ncategory \0personal\n";
    assert_eq!(expect_error(bytes, Code::Syntax), (2, 10));
    let (_, diagnostics) = run(bytes);
    let message = diagnostics[0].message.to_string();
    assert!(
        !message.chars().any(char::is_control),
        "the message holds a raw control character: {message:?}"
    );
}

#[test]
fn nul_byte_in_a_string_is_kept() {
    // A NUL inside quotes is just a character of the string.
    expect_no_finding(b"policy \"T\0\"\ncategory personal\n");
}

#[test]
fn very_long_single_line() {
    // One rule whose condition is 100,000 atoms on one line (about 1 MB), then a mistake at
    // the very end of the line.
    let mut line = String::from("policy \"T\" allow \"Long\" cite \"c\" when true");
    for i in 0..100_000 {
        line.push_str(if i % 2 == 0 { " and true" } else { " or false" });
    }
    let (sources, diagnostics) = run(line.as_bytes());
    assert!(
        diagnostics.is_empty(),
        "{}",
        mandate::render::to_string(&sources, &diagnostics[..1])
    );
    let column = line.chars().count() as u32 + 2;
    line.push_str(" ?");
    assert_eq!(expect_error(line.as_bytes(), Code::Syntax), (1, column));
}

#[test]
fn crlf_line_endings_keep_columns_right() {
    let text = "policy \"T\"\r\ncategory personal\r\ndeny \"Biometrics\"\r\n  when data includes personal.biometrc\r\n  cite \"c\"\r\n";
    let (sources, diagnostics) = run(text.as_bytes());
    let d = diagnostics
        .iter()
        .find(|d| d.code == Code::UnknownName)
        .expect("the misspelt name is reported");
    let label = d.primary.as_ref().expect("a place");
    let at = sources.location(label.span);
    assert_eq!((at.line, at.column), (4, 22));
    assert_eq!(sources.text(label.span), "personal.biometrc");
    let rendered = mandate::render::to_string(&sources, &diagnostics);
    assert!(
        !rendered.contains('\r'),
        "a carriage return leaks into the output:\n{rendered}"
    );
}

#[test]
fn crlf_syntax_error_column() {
    let text = "policy \"T\"\r\ncategory personal\r\ndeny \"x\" if true\r\n";
    assert_eq!(expect_error(text.as_bytes(), Code::Syntax), (3, 10));
}

#[test]
fn unterminated_string_with_crlf() {
    let text = "policy \"T\"\r\ndeny \"open\r\n  when true\r\n";
    let (sources, diagnostics) = run(text.as_bytes());
    let d = &diagnostics[0];
    assert_eq!(d.code, Code::UnterminatedString);
    let label = d.primary.as_ref().expect("a place");
    assert_eq!(sources.location(label.span).to_string(), "test.policy:2:6");
    assert_eq!(sources.text(label.span).trim_end_matches('\r'), "\"open");
}

#[test]
fn multibyte_characters_count_as_one_column() {
    let text = "policy \"Protección — حماية\" version \"1\"\ncategory personal\ndeny \"Ωmega\" whenn true\n";
    assert_eq!(expect_error(text.as_bytes(), Code::Syntax), (3, 14));
}

#[test]
fn lone_carriage_returns_and_form_feeds_are_whitespace() {
    // As for `char::is_whitespace`, which `mandate fmt` and the span ends use.
    expect_no_finding(b"policy \"T\"\rcategory personal\x0c\x0bsensitivity high\n");
}

#[test]
fn other_control_characters_are_named_in_the_error() {
    let (sources, diagnostics) = run(b"policy \"T\"\ncategory personal\x07\n");
    let rendered = mandate::render::to_string(&sources, &diagnostics);
    assert_eq!(
        diagnostics.first().map(|d| d.code),
        Some(Code::Syntax),
        "{rendered}"
    );
    assert!(rendered.contains("U+0007"), "{rendered}");
}

// ---------------------------------------------------------------- in a separate process

/// Runs `mandate validate FILE` in a child process (so that a crash cannot take the test
/// harness down with it) and asserts that it ends with a verdict, 0 or 1, not a signal.
#[cfg(unix)]
fn validate_ends_normally(file: &std::path::Path, memory_kib: Option<u64>) {
    let mut command = std::process::Command::new("sh");
    let script = match memory_kib {
        Some(limit) => format!("ulimit -v {limit} && exec \"$0\" validate \"$1\""),
        None => "exec \"$0\" validate \"$1\"".to_string(),
    };
    command
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_mandate"))
        .arg(file);
    let output = command.output().expect("run mandate validate");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let head: String = stderr.chars().take(2000).collect();
    assert!(
        // 0, 1 or 2 are answers; a signal (stack overflow, out of memory) is a crash.
        matches!(output.status.code(), Some(0..=2)),
        "mandate validate ended with {:?}:\n{head}",
        output.status
    );
}

/// Prefix `not`s are not brackets, so the nesting limit does not see them; 100,000 of them
/// (400 kB) must still give a verdict, not overflow the stack.
#[cfg(unix)]
#[test]
fn a_hundred_thousand_nots_do_not_crash() {
    let dir = TempDir::new("hundred_thousand_nots");
    let file = dir.write(
        "nots.policy",
        &format!(
            "policy \"T\"\nallow \"Nots\" when {}true cite \"c\"\n",
            "not ".repeat(100_000)
        ),
    );
    validate_ends_normally(&file, None);
}

/// 20,000 nested `not`s separated by comments, or by vertical tabs, used to slip past the
/// depth count and overflow the stack: `validate` must end with the depth error.
#[cfg(unix)]
#[test]
fn twenty_thousand_nots_between_comments_or_vertical_tabs_get_the_depth_error() {
    let dir = TempDir::new("nots_between_comments");
    for (name, separator) in [("comments", " # a note\n"), ("tabs", "\u{b}")] {
        let file = dir.write(
            &format!("{name}.policy"),
            &format!(
                "policy \"T\"\nallow \"Nots\" when {}true cite \"c\"\n",
                format!("not{separator}").repeat(20_000)
            ),
        );
        validate_ends_normally(&file, None);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_mandate"))
            .arg("validate")
            .arg(&file)
            .env("NO_COLOR", "1")
            .output()
            .expect("run mandate validate");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains("E0003"), "{name}: {stderr}");
        assert!(stderr.contains("nested more than"), "{name}: {stderr}");
    }
}

/// A policy nested as deep as the parser accepts goes through every stage that recurses
/// over conditions (parser, compiler, evaluator, trace, explanation and its remedies, text
/// and JSON rendering, formatter, SAT-based lint) on a thread with a small stack.
#[test]
fn a_policy_at_the_depth_limit_goes_through_every_stage_on_a_small_stack() {
    let depth = mandate::syntax::MAX_DEPTH;
    // Each level is a `not` over an `or` over an `and`: four nodes per parenthesis.
    let condition = format!(
        "{}purpose is p{}",
        "not (false or purpose is p and ".repeat(depth),
        ")".repeat(depth)
    );
    let text = format!(
        "policy \"T\"\npurpose p\ncategory personal personal\nsubject s\nparty kind k\nparty a kind k jurisdiction \"KE\"\nparty b kind k jurisdiction \"KE\"\n\
         deny \"Deep\" when {condition} cite \"c\"\nallow \"Any\" when true cite \"c\"\n"
    );
    let stage = move || {
        let mut sources = mandate::source::SourceMap::new();
        let id = sources.add("deep.policy", text.clone());
        let file = mandate::syntax::parse(id, &text).expect("parses at the limit");
        let output = mandate::compile::compile(&sources, std::slice::from_ref(&file));
        assert!(
            !output.diagnostics.iter().any(|d| d.is_error()),
            "{:?}",
            output.diagnostics
        );
        let policy = output.policy.expect("compiles");
        let flow = mandate::eval::Flow::from_json(
            r#"{"id":"f","at":"2026-01-01T00:00:00Z","from":"a","to":"b","data":["personal"],"subjects":["s"],"purpose":"p"}"#,
        )
        .expect("a flow");
        let decision = mandate::eval::decide(&policy, &flow);
        let _ = mandate::eval::trace(&policy, &flow);
        let explanation = mandate::explain::explain(&policy, &flow);
        let _ = mandate::explain::to_text(&explanation, false);
        let _ = explanation.to_json();
        let _ = mandate::tools::fmt::format(id, &text).expect("formats");
        #[cfg(feature = "lint")]
        {
            let today = mandate::model::Day::parse("2026-01-01").expect("a day");
            let _ = mandate::tools::lint::lint(&policy, std::slice::from_ref(&file), today);
        }
        decision
    };
    let decision = std::thread::Builder::new()
        // Half the 2 MiB a spawned thread (a test, a tokio worker or blocking thread) gets
        // by default, in an unoptimised build.
        .stack_size(1024 * 1024)
        .spawn(stage)
        .expect("a thread")
        .join()
        .expect("every stage returns on a small stack");
    // 64 `not`s: the condition holds, so the deny decides.
    assert_eq!(decision.decision, mandate::eval::Outcome::Deny);
}

/// A vocabulary whose `under` chain is 20,000 terms deep is refused with a clear error at
/// the first term too deep, in little time and memory, and a chain at the limit compiles.
#[test]
fn a_twenty_thousand_deep_under_chain_is_refused_at_the_term_too_deep() {
    let chain = |n: usize| {
        let mut text = String::from("policy \"T\"\ncategory c0\n");
        for i in 1..n {
            text.push_str(&format!("category c{i} under c{}\n", i - 1));
        }
        text
    };
    let (line, column) = expect_error(chain(20_000).as_bytes(), Code::TooDeep);
    // Term `c0` is on line 2 and one level deep: `c64` is the first term 65 levels deep.
    assert_eq!(
        (line, column),
        (2 + mandate::compile::MAX_TERM_DEPTH as u32, 10)
    );
    let (_, diagnostics) = run(chain(20_000).as_bytes());
    assert_eq!(
        diagnostics.len(),
        1,
        "one report for the chain: {diagnostics:?}"
    );
    expect_no_finding(chain(mandate::compile::MAX_TERM_DEPTH).as_bytes());
}

/// A file under the size limit that declares 160,000 categories must compile in bounded
/// memory, or be refused with a clear error; here the child process may use at most 2 GiB.
#[cfg(unix)]
#[test]
fn many_categories_in_bounded_memory() {
    let dir = TempDir::new("many_categories");
    let mut text = String::from("policy \"T\"\n");
    for i in 0..160_000 {
        text.push_str(&format!("category c{i}\n"));
    }
    assert!(text.len() < mandate::syntax::MAX_FILE_BYTES);
    let file = dir.write("categories.policy", &text);
    validate_ends_normally(&file, Some(2 * 1024 * 1024));
}

// ---------------------------------------------------------------- arbitrary input

/// Fragments of the language, so that random sequences reach deep into the grammar.
const FRAGMENTS: &[&str] = &[
    "policy",
    "vocabulary",
    "version",
    "use",
    "category",
    "subject",
    "purpose",
    "party",
    "kind",
    "under",
    "sensitivity",
    "hxl",
    "personal",
    "compatible",
    "with",
    "jurisdiction",
    "organisation",
    "flags",
    "agreement",
    "between",
    "from",
    "to",
    "purposes",
    "data",
    "subjects",
    "valid",
    "onward",
    "transfer",
    "document",
    "classification",
    "for",
    "response",
    "allow",
    "deny",
    "review",
    "require",
    "when",
    "unless",
    "cite",
    "approval",
    "by",
    "and",
    "or",
    "not",
    "includes",
    "within",
    "is",
    "in",
    "has",
    "at",
    "least",
    "most",
    "above",
    "below",
    "collected_for",
    "sender",
    "recipient",
    "basis",
    "consent",
    "covers",
    "flow",
    "allows",
    "approved",
    "same",
    "cross",
    "border",
    "international",
    "true",
    "false",
    "minimize",
    "pseudonymize",
    "aggregate",
    "retain",
    "days",
    "encrypt",
    "no",
    "notify",
    "k",
    ">=",
    "(",
    ")",
    "[",
    "]",
    ",",
    "\"s\"",
    "\"",
    "#",
    "\n",
    " ",
    "\r\n",
    "\t",
    "a",
    "b.c",
    "personal.biometric",
    "high",
    "2024-01-01",
    "2024-02-30",
    "90",
    "0",
    "\\",
    "é",
    "\u{0}",
    "\"#geo+lat\"",
    "\"KE\"",
];

fn assert_returns(bytes: &[u8]) {
    let (sources, diagnostics) = run(bytes);
    // Rendering must not panic either, whatever the spans.
    let _ = mandate::render::to_string(&sources, &diagnostics);
    for d in &diagnostics {
        assert!(
            !d.message.to_string().is_empty(),
            "{:?} with an empty message",
            d.code
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        assert_returns(text.as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        assert_returns(&bytes);
    }

    #[test]
    fn arbitrary_sequences_of_words_never_panic(
        words in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..200),
        separators in proptest::collection::vec(proptest::sample::select(&[" ", "\n", ""][..]), 200),
    ) {
        let mut text = String::new();
        for (word, separator) in words.iter().zip(&separators) {
            text.push_str(word);
            text.push_str(separator);
        }
        assert_returns(text.as_bytes());
    }

    #[test]
    fn valid_policies_with_one_byte_changed_never_panic(
        at in 0usize..1000,
        byte in any::<u8>(),
    ) {
        let mut bytes = VALID.as_bytes().to_vec();
        let at = at % bytes.len();
        bytes[at] = byte;
        assert_returns(&bytes);
        let mut cut = VALID.as_bytes().to_vec();
        cut.truncate(at);
        assert_returns(&cut);
    }
}

/// A small policy using most constructs, for mutation.
const VALID: &str = "policy \"T\" version \"1\"
category personal personal
category personal.location sensitivity high hxl \"#geo+lat\"
subject beneficiary
purpose protection
purpose protection.referral
compatible protection.referral with protection
party kind implementing_partner
party ngo_alpha kind implementing_partner jurisdiction \"KE\" organisation ngo flags [audited]
party unhcr_ke kind implementing_partner jurisdiction \"KE\"
agreement \"DTA\" between unhcr_ke and ngo_alpha
  purposes protection.referral data personal valid 2024-01-01 to 2026-12-31
  onward transfer forbidden document \"d\"
classification \"ISP\" for response \"r\" personal.location is severe
allow \"Referral\"
  when purpose within protection.referral and (basis is consent or vital_interest)
   and not recipient jurisdiction in [\"UG\"] and data sensitivity at most high
  unless recipient is not implementing_partner
  require minimize to [personal], retain at most 90 days, aggregate by [x] with k >= 5
  cite \"c\"
review \"Check\" when data includes personal.location approval by dpo cite \"c\"
";

#[test]
fn the_mutation_seed_is_valid() {
    expect_no_finding(VALID.as_bytes());
}

/// Thousands of unknown names get their errors without a similarity search for each:
/// suggestions are looked for only for the first few, and only for names of plausible
/// length (the search costs the product of the lengths).
#[test]
fn many_unknown_names_do_not_each_buy_a_similarity_search() {
    let engine = mandate::Engine::from_path("policies/humanitarian-baseline").expect("compiles");
    let mut data = vec!["personal.identity.nme".to_owned(); 4_000];
    data.push(format!("personal.identity.nme{}", "x".repeat(150)));
    let flow = serde_json::json!({
        "id": "many", "at": "2026-01-01T00:00:00Z", "from": "unhcr_ke", "to": "ngo_gbv_ke",
        "data": data, "purpose": "protection.referral"
    })
    .to_string();
    let d = engine.decide_json(&flow);
    assert_eq!(d.kind, Some(mandate::eval::DenyKind::Error));
    assert_eq!(d.errors.len(), 4_001, "every unknown name is reported");
    assert!(
        d.errors[0]
            .message
            .contains("did you mean `personal.identity.name`")
    );
    let suggested = d
        .errors
        .iter()
        .filter(|e| e.message.contains("did you mean"))
        .count();
    assert!(suggested <= 20, "{suggested} suggestions");
    assert!(!d.errors[4_000].message.contains("did you mean"));
}

// ---------------------------------------------------------------- decisions on hostile flows

fn baseline() -> &'static mandate::Engine {
    static ENGINE: std::sync::OnceLock<mandate::Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| mandate::Engine::from_path(common::BASELINE).expect("compiles"))
}

/// A bundled flow as JSON, to be changed.
fn bundled(prefix: &str) -> serde_json::Value {
    let (_, text) = common::baseline_flows()
        .into_iter()
        .find(|(name, _)| name.starts_with(prefix))
        .expect("the bundled flow exists");
    serde_json::from_str(&text).expect("JSON")
}

fn decide(flow: &serde_json::Value) -> mandate::eval::Decision {
    baseline().decide_json(&flow.to_string())
}

/// The cash list to WFP is covered by an agreement whose last day is 2027-02-28 (a UTC day).
/// The same instant gets the same decision whatever offset it is written with.
#[test]
fn one_instant_gets_one_decision_whatever_its_offset() {
    use mandate::eval::Outcome;
    let at = |t: &str| {
        let mut flow = bundled("14-");
        flow["at"] = t.into();
        decide(&flow)
    };
    let pairs = [
        // After the last day, in UTC: not covered, written in UTC and twelve hours behind.
        (
            "2027-03-01T11:00:00Z",
            "2027-02-28T23:00:00-12:00",
            Outcome::Deny,
        ),
        // On the last day, in UTC: covered, also when written as the next local day.
        (
            "2027-02-28T22:00:00Z",
            "2027-03-01T01:00:00+03:00",
            Outcome::Allow,
        ),
        // The first day.
        (
            "2025-03-01T00:30:00Z",
            "2025-02-28T23:30:00-01:00",
            Outcome::Allow,
        ),
        (
            "2025-02-28T23:30:00Z",
            "2025-03-01T01:30:00+02:00",
            Outcome::Deny,
        ),
    ];
    for (utc, local, outcome) in pairs {
        let (a, b) = (at(utc), at(local));
        assert_eq!(a.decision, outcome, "{utc}: {}", a.reason);
        assert_eq!(
            (a.decision, a.kind, &a.reason),
            (b.decision, b.kind, &b.reason),
            "{utc} and {local} are the same instant"
        );
    }
    // A time whose UTC form falls outside the years a date can have is an input error.
    let d = at("9999-12-31T23:00:00-23:00");
    assert_eq!(d.kind, Some(mandate::eval::DenyKind::Error), "{}", d.reason);
}

#[test]
fn an_approval_time_that_is_not_a_time_is_an_input_error() {
    for bad in ["not a time at all", "", "2026-13-40"] {
        let mut flow = bundled("26-");
        flow["approvals"][0]["at"] = bad.into();
        let d = decide(&flow);
        assert_eq!(d.kind, Some(mandate::eval::DenyKind::Error), "{bad:?}");
        assert_eq!(d.errors[0].path, "/approvals/0/at", "{bad:?}");
    }
}

#[test]
fn an_approval_dated_after_the_flow_does_not_count() {
    use mandate::eval::Outcome;
    // The police request is allowed with the DPO's approval given the day before.
    assert_eq!(decide(&bundled("26-")).decision, Outcome::Allow);
    let mut flow = bundled("26-");
    flow["approvals"][0]["at"] = "2099-01-01T00:00:00Z".into();
    let d = decide(&flow);
    assert_eq!(d.decision, Outcome::Review, "{}", d.reason);
    let said = d
        .determining
        .iter()
        .flat_map(|r| r.facts().into_owned())
        .find(|f| f.contains("2099-01-01"))
        .unwrap_or_else(|| panic!("the dates are named: {:?}", d.determining));
    assert!(
        said.contains("after the flow (2026-05-12T09:00:00Z)"),
        "{said}"
    );
    // The explanation says so too.
    let e = mandate::explain::explain_json(baseline().policy(), &flow.to_string());
    let text = mandate::explain::to_text(&e, false);
    assert!(text.contains("2099-01-01T00:00:00Z"), "{text}");
    // Dated at the very time of the flow, it counts.
    flow["approvals"][0]["at"] = "2026-05-12T12:00:00+03:00".into();
    assert_eq!(decide(&flow).decision, Outcome::Allow);
}

#[test]
fn a_chain_hop_dated_after_the_flow_is_an_input_error() {
    let mut flow = bundled("15-");
    let hops = flow["chain"].as_array().expect("a chain").len();
    assert!(hops > 0);
    assert_eq!(decide(&flow).decision, mandate::eval::Outcome::Allow);
    flow["chain"][0]["at"] = "2099-01-01T00:00:00Z".into();
    let d = decide(&flow);
    assert_eq!(d.kind, Some(mandate::eval::DenyKind::Error), "{}", d.reason);
    assert_eq!(d.errors[0].path, "/chain/0/at");
    // A chain hop's approval is checked like the flow's.
    let mut flow = bundled("15-");
    flow["chain"][0]["approvals"] = serde_json::json!([{ "role": "dpo", "at": "" }]);
    let d = decide(&flow);
    assert_eq!(d.errors[0].path, "/chain/0/approvals/0/at", "{}", d.reason);
}

/// Personal data said to be about no one is about someone unknown: `"subjects": []` must
/// neither skip the child-protection prohibition nor the "subjects unstated" gap.
#[test]
fn personal_data_with_an_empty_subject_list_has_unknown_subjects() {
    use mandate::eval::{DenyKind, Outcome};
    // The police request approved by the DPO: allowed for refugees, forbidden for children,
    // and with no subjects it cannot be decided.
    let mut flow = bundled("26-");
    flow["subjects"] = serde_json::json!(["child"]);
    assert_eq!(decide(&flow).kind, Some(DenyKind::Forbidden));
    flow["subjects"] = serde_json::json!([]);
    let d = decide(&flow);
    assert_eq!(
        (d.decision, d.kind),
        (Outcome::Deny, Some(DenyKind::Gap)),
        "{}",
        d.reason
    );
    let unstated = {
        let mut f = flow.clone();
        f.as_object_mut().expect("an object").remove("subjects");
        decide(&f)
    };
    assert_eq!(
        (d.decision, d.kind, &d.reason),
        (unstated.decision, unstated.kind, &unstated.reason)
    );
    // The bundled "subjects unstated" flow: the same gap with an empty list.
    let mut flow = bundled("12-");
    let absent = decide(&flow);
    assert_eq!(absent.kind, Some(DenyKind::Gap));
    flow["subjects"] = serde_json::json!([]);
    let d = decide(&flow);
    assert_eq!(
        (d.decision, d.kind),
        (absent.decision, absent.kind),
        "{}",
        d.reason
    );
    // And the explanation proposes saying whose data it is, as for an absent list.
    let e = mandate::explain::explain_json(baseline().policy(), &flow.to_string()).to_json();
    assert!(e.contains("\"state_subjects\""), "{e}");
}

#[test]
fn an_empty_flow_id_is_an_input_error() {
    for id in ["", "   "] {
        let mut flow = bundled("14-");
        flow["id"] = id.into();
        let d = decide(&flow);
        assert_eq!(d.kind, Some(mandate::eval::DenyKind::Error), "{id:?}");
        assert_eq!(d.errors[0].path, "/id");
    }
}

// ---------------------------------------------------------------- hostile input files

/// Runs the binary with `args`, killing it if it takes longer than `limit`.
#[cfg(unix)]
fn mandate_within(args: &[&std::ffi::OsStr], limit: std::time::Duration) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mandate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mandate {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn a_folder_with_links_to_itself_is_reported_not_walked_forever() {
    let dir = TempDir::new("link_loop");
    dir.write("pack/a.policy", "policy \"T\"\npurpose p\n");
    std::os::unix::fs::symlink(".", dir.path().join("here")).expect("a link");
    std::os::unix::fs::symlink(".", dir.path().join("again")).expect("a link");
    let output = mandate_within(
        &[std::ffi::OsStr::new("validate"), dir.path().as_os_str()],
        std::time::Duration::from_secs(60),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("symbolic link loop"), "{stderr}");
    assert!(stderr.contains("again"), "the link is named: {stderr}");
}

#[cfg(unix)]
#[test]
fn a_folder_reached_twice_is_validated_once() {
    let dir = TempDir::new("link_twice");
    dir.write("packs/one/a.policy", "policy \"T\"\npurpose p\n");
    std::os::unix::fs::symlink("one", dir.path().join("packs/same")).expect("a link");
    let output = mandate_within(
        &[
            std::ffi::OsStr::new("validate"),
            dir.path().join("packs").as_os_str(),
        ],
        std::time::Duration::from_secs(60),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.matches(": ok:").count(), 1, "{stdout}");
}

/// `check --lines`: a line that is not UTF-8, and a line longer than the cap, each get their
/// own error decision; the lines after them are decided as usual.
#[cfg(unix)]
#[test]
fn bad_lines_each_get_an_error_decision_and_the_batch_goes_on() {
    let dir = TempDir::new("bad_lines");
    let good = bundled("14-").to_string();
    let mut bytes = Vec::new();
    bytes.extend_from_slice(good.as_bytes());
    bytes.extend_from_slice(b"\n{\"id\":\"bad\xff\"}\n");
    bytes.extend_from_slice(good.as_bytes());
    bytes.extend_from_slice(b"\n{\"id\":\"");
    bytes.extend(std::iter::repeat_n(b'x', 10_000));
    bytes.extend_from_slice(b"\"}\r\n");
    bytes.extend_from_slice(good.as_bytes());
    bytes.push(b'\n');
    let file = dir.path().join("flows.jsonl");
    std::fs::write(&file, &bytes).expect("write");
    let output = mandate_within(
        &[
            "check".as_ref(),
            "--policy".as_ref(),
            common::BASELINE.as_ref(),
            "--flow".as_ref(),
            file.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "--max-line-bytes".as_ref(),
            "5000".as_ref(),
        ],
        std::time::Duration::from_secs(60),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let decisions: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON decision"))
        .collect();
    assert_eq!(decisions.len(), 5, "{stdout}");
    let kinds: Vec<&str> = decisions
        .iter()
        .map(|d| {
            d["kind"]
                .as_str()
                .unwrap_or(d["decision"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        kinds,
        ["allow", "error", "allow", "error", "allow"],
        "{stdout}"
    );
    assert!(
        decisions[1]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("UTF-8")
    );
    assert!(
        decisions[3]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("5000 bytes")
    );
    assert_eq!(output.status.code(), Some(2));
}

/// A flow over the size limit, cut inside a character, still gets a JSON decision.
#[cfg(unix)]
#[test]
fn an_oversized_flow_cut_inside_a_character_gets_a_json_decision() {
    let dir = TempDir::new("cut_character");
    let limit = mandate::eval::flow::MAX_FLOW_BYTES;
    // `{"id":"x` is 8 bytes; then two-byte characters put a character across the limit.
    let mut text = String::from("{\"id\":\"x");
    while text.len() < limit + 10 {
        text.push('é');
    }
    text.push_str("\"}");
    assert!(!text.is_char_boundary(limit + 1));
    let file = dir.path().join("big.json");
    std::fs::write(&file, &text).expect("write");
    for (name, format) in [("json", true), ("text", false)] {
        let output = mandate_within(
            &[
                "check".as_ref(),
                "--policy".as_ref(),
                common::BASELINE.as_ref(),
                "--flow".as_ref(),
                file.as_os_str(),
                "--format".as_ref(),
                name.as_ref(),
            ],
            std::time::Duration::from_secs(60),
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(2), "{stdout}");
        if format {
            let d: serde_json::Value =
                serde_json::from_str(stdout.trim()).expect("a JSON decision");
            assert_eq!(d["decision"], "deny");
            assert_eq!(d["kind"], "error");
            assert_eq!(d["errors"][0]["code"], "flow.too_large", "{d}");
            assert!(
                d["reason"].as_str().unwrap_or("").contains("at most"),
                "{d}"
            );
        } else {
            assert!(stdout.contains("at most"), "{stdout}");
        }
    }
}

/// A chain of `use "file"`, each file using the next, is bounded: past the limit it is a
/// clear error at the `use` too deep, not a recursion as deep as the chain is long.
#[test]
fn a_long_chain_of_used_files_is_refused_past_the_limit() {
    let dir = TempDir::new("use_chain");
    let n = mandate::compile::loader::MAX_USE_DEPTH + 5;
    dir.write("pack/main.policy", "policy \"T\"\nuse \"f0.policy\"\n");
    for i in 0..n {
        dir.write(
            &format!("pack/f{i}.policy"),
            &format!("vocabulary \"v{i}\"\nuse \"f{}.policy\"\n", i + 1),
        );
    }
    dir.write(&format!("pack/f{n}.policy"), "vocabulary \"last\"\n");
    let pack = mandate::compile::loader::load(&dir.path().join("pack/main.policy"), &[])
        .expect("the files are read");
    let too_deep: Vec<_> = pack
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::TooDeep)
        .collect();
    assert_eq!(too_deep.len(), 1, "{:?}", pack.diagnostics);
    assert!(too_deep[0].primary.is_some());
}

// ---------------------------------------------------------------- the fuzzing harness

/// How many cases each fuzz target runs: `MANDATE_FUZZ_CASES`, else a few dozen, so the
/// ordinary test run stays short. `.ci/fuzz SECONDS` runs them over and over, each time from
/// a fresh random seed, for as long as it is given.
fn fuzz_cases() -> u32 {
    std::env::var("MANDATE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

/// Bytes a mutation inserts or writes: any byte, or often one that matters to JSON and to
/// the policy language.
fn fuzz_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        any::<u8>(),
        proptest::sample::select(&b"{}[]\",:0123456789-eE.\\ \n\t#()anotrulsf\xc3\xa9\xff"[..]),
    ]
}

/// Edits to apply to a seed: `(where, what, byte)`.
fn fuzz_edits() -> impl Strategy<Value = Vec<(usize, u8, u8)>> {
    proptest::collection::vec((any::<usize>(), any::<u8>(), fuzz_byte()), 1..24)
}

/// The seed with the edits applied: insert, delete, overwrite, or repeat a stretch (which
/// grows nesting and lists).
fn mutate(seed: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for &(at, what, byte) in edits {
        let i = at % (out.len() + 1);
        match what % 4 {
            0 => out.insert(i, byte),
            1 if i < out.len() => {
                out.remove(i);
            }
            2 if i < out.len() => out[i] = byte,
            _ => {
                let end = (i + usize::from(byte)).min(out.len());
                let stretch = out[i..end].to_vec();
                out.splice(i..i, stretch);
            }
        }
    }
    out
}

/// A signed log with a few decisions, built once: its folder, records and trusted key.
fn fuzz_log() -> &'static (TempDir, Vec<u8>, mandate::log::PublicKey) {
    static LOG: std::sync::OnceLock<(TempDir, Vec<u8>, mandate::log::PublicKey)> =
        std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let tmp = TempDir::new("fuzz-log-seed");
        let key = mandate::log::LogKey::generate().expect("a key");
        let public = key.public();
        let log = mandate::log::DecisionLog::open(tmp.path().join("log"))
            .expect("opens")
            .signed_by(key);
        for (_, text) in common::baseline_flows().into_iter().take(6) {
            let d = baseline().decide_json(&text);
            log.append(baseline().policy(), &text, &d).expect("appends");
        }
        let records =
            std::fs::read(tmp.path().join("log").join(mandate::log::RECORDS)).expect("records");
        (tmp, records, public)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), ..ProptestConfig::default() })]

    /// The flow decoder and `decide_json` on mutated bundled flows: never a panic, a
    /// decision that serialises, and a flow that cannot be read is always a deny of kind
    /// error.
    #[test]
    fn fuzz_flow_decoder_and_decide_json(seed in 0usize..64, edits in fuzz_edits()) {
        let flows = common::baseline_flows();
        let (_, text) = &flows[seed % flows.len()];
        let bytes = mutate(text.as_bytes(), &edits);
        let text = String::from_utf8_lossy(&bytes);
        let decision = baseline().decide_json(&text);
        let json: serde_json::Value =
            serde_json::from_str(&decision.to_json()).expect("the decision is JSON");
        if mandate::eval::Flow::from_json(&text).is_err() {
            prop_assert_eq!(&json["decision"], "deny", "{}", text);
            prop_assert_eq!(&json["kind"], "error", "{}", text);
        }
    }

    /// The policy parser and compiler on mutated bundled policy files: every finding has a
    /// message and a place inside the file, rendering never panics.
    #[test]
    fn fuzz_policy_parser_and_compiler(seed in 0usize..64, edits in fuzz_edits()) {
        let mut files: Vec<_> = std::fs::read_dir(common::BASELINE)
            .expect("the pack")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "policy"))
            .collect();
        files.sort();
        let seed = std::fs::read(&files[seed % files.len()]).expect("a policy");
        assert_returns(&mutate(&seed, &edits));
    }

    /// The log reader on a mutated records file: `verify`, `records` and `find` return
    /// (never panic), and any change at all is reported (never "intact").
    #[test]
    fn fuzz_log_reader(edits in fuzz_edits()) {
        let (seed_dir, records, public) = fuzz_log();
        let tmp = TempDir::new(&format!("fuzz-log-{:?}", std::thread::current().id()).replace(['(', ')'], ""));
        let dir = tmp.path().join("log");
        std::fs::create_dir_all(dir.join(mandate::log::POLICIES)).expect("folder");
        for entry in std::fs::read_dir(seed_dir.path().join("log")).expect("log") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
            }
        }
        for entry in std::fs::read_dir(seed_dir.path().join("log").join(mandate::log::POLICIES)).expect("policies") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, dir.join(mandate::log::POLICIES).join(path.file_name().expect("name"))).expect("copy");
        }
        let mutated = mutate(records, &edits);
        std::fs::write(dir.join(mandate::log::RECORDS), &mutated).expect("write");
        let log = mandate::log::DecisionLog::open(&dir).expect("opens");
        let trust = mandate::log::Trust { key: Some(*public), anchor: None };
        let report = mandate::log::verify_with(&log, &trust);
        let _ = log.records();
        let _ = log.find("ke-ref-0001");
        if mutated != *records {
            prop_assert!(
                report.as_ref().map_or(true, |r| !r.is_intact()),
                "a changed log verified intact: {:?}",
                String::from_utf8_lossy(&mutated)
            );
        }
    }
}
