//! The command line's own sentences come from the message files (`src/words/locales`), in
//! the reader's language: a guard that no English sentence is written to the terminal from
//! Rust in src/cli, and a few of the moved messages read in French with `--lang fr`.

use crate::common::{self, TempDir, code, mandate, mandate_with_env};

/// The terminal-writing macros whose first string literal is what a person reads.
const PRINTERS: [&str; 4] = ["eprintln!(", "println!(", "eprint!(", "print!("];

/// `text` with its format placeholders (`{}`, `{name}`, `{:?}`) and escapes (`\n`, `\t`,
/// `\r`) taken out: what is left of a literal is the words it writes itself.
fn words_of(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            c => out.push(c),
        }
    }
    out
}

/// Every string literal that opens a print macro's arguments in `source`, with its line.
fn printed_literals(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for printer in PRINTERS {
        let mut rest = source;
        let mut offset = 0;
        while let Some(at) = rest.find(printer) {
            let start = offset + at;
            // `println!(` is inside `eprintln!(`: count each call once, by its own name.
            let preceded = source[..start].chars().next_back();
            let after = &source[start + printer.len()..];
            offset = start + printer.len();
            rest = &source[offset..];
            if preceded.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let trimmed = after.trim_start();
            let Some(body) = trimmed.strip_prefix('"') else {
                continue;
            };
            let mut literal = String::new();
            let mut escaped = false;
            for c in body.chars() {
                if escaped {
                    literal.push('\\');
                    literal.push(c);
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    break;
                } else {
                    literal.push(c);
                }
            }
            let line = source[..start].matches('\n').count() + 1;
            out.push((line, literal));
        }
    }
    out
}

/// No `eprintln!("error: …")` or `println!("wrote …")` in src/cli or src/serve (the HTTP
/// service's own lines on stderr): every sentence a person reads there goes through the
/// message files. A literal may hold placeholders, escapes, spaces and punctuation only
/// (`"{}"`, `"  {}"`, `"{}\n  {}"`); nothing needs an exception.
#[test]
fn the_command_line_writes_no_english_of_its_own() {
    let mut found = Vec::new();
    let mut checked = 0;
    for folder in ["src/cli", "src/serve"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        for entry in std::fs::read_dir(&dir).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("a source file");
            for (line, literal) in printed_literals(&source) {
                checked += 1;
                if words_of(&literal).chars().any(char::is_alphabetic) {
                    let file = path.file_name().unwrap_or_default().to_string_lossy();
                    found.push(format!("{folder}/{file}:{line}: \"{literal}\""));
                }
            }
        }
    }
    assert!(checked > 50, "the scan found only {checked} print calls");
    assert!(
        found.is_empty(),
        "sentences written from Rust; put them in src/words/locales/*.ftl:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_guard_sees_words_and_only_words() {
    assert_eq!(words_of("{}\\n  {}: {name:?}"), "  : ");
    assert_eq!(words_of("{{x}}"), "{x}}");
    let found = printed_literals("eprintln!(\n  \"error: {e}\"\n);\nprintln!(\"{}\", x);");
    assert_eq!(found, [(1, "error: {e}".to_owned()), (4, "{}".to_owned())]);
}

/// A few of the sentences moved out of src/cli, in French: a summary on stdout, an error on
/// stderr, a data-map problem with its place, and an option's value checked before the
/// command runs (when only `MANDATE_LANG` says which language).
#[test]
fn moved_messages_read_in_french() {
    let o = mandate(&["validate", common::BASELINE, "--lang", "fr"], None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(" : valide : « "), "{out}");
    assert!(out.contains(" règles"), "{out}");
    assert!(!out.contains("categories"), "{out}");

    let o = mandate(&["validate", "no/such/folder", "--lang", "fr"], None);
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("erreur : "), "{err}");

    let tmp = TempDir::new("cli-words-map");
    let map = tmp.write(
        "map.toml",
        "name = \"x\"\nat = \"2026-01-01\"\n\n[[system]]\nname = \"progres\"\nparty = \"unhcr_kee\"\n",
    );
    let map = map.to_string_lossy().into_owned();
    let args = ["audit", "--policy", common::BASELINE, "--map", &map];
    let o = mandate(&[&args[..], &["--lang", "fr"]].concat(), None);
    assert_eq!(code(&o), 2);
    let err = tmp.scrub(&String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        err,
        "erreur : <tmp>/map.toml:6:9 : le système `progres` désigne la partie inconnue \
         `unhcr_kee` : la politique ne déclare aucune partie de ce nom ; vouliez-vous dire \
         `unhcr_ke` ?\nerreur : la cartographie <tmp>/map.toml présente 1 problème(s) ; aucun \
         audit n'a été fait\n"
    );
    let o = mandate(&args, None);
    let err = tmp.scrub(&String::from_utf8_lossy(&o.stderr));
    assert!(
        err.starts_with("error: <tmp>/map.toml:6:9: system `progres` names the unknown party"),
        "{err}"
    );

    let o = mandate_with_env(
        &["test", common::BASELINE, "--min-coverage", "beaucoup"],
        None,
        &[("MANDATE_LANG", "fr")],
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`beaucoup` n'est pas un nombre ; indiquez un pourcentage"),
        "{err}"
    );

    // A name `reach` does not know, with the nearest one.
    let bundled = "policies/humanitarian-baseline/maps/kakuma-registration.toml";
    let o = mandate(
        &[
            "reach",
            "--policy",
            common::BASELINE,
            "--map",
            bundled,
            "--category",
            "personal.helth",
            "--lang",
            "fr",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "erreur : --category : catégorie de données inconnue : `personal.helth` ; vouliez-vous \
         dire `personal.health` ?\n"
    );

    // A line of `check --lines`: its number and verdict in French, the kind too.
    let flow = std::fs::read_to_string(
        "policies/humanitarian-baseline/flows/02-gbv-referral-consent-withdrawn-denied.json",
    )
    .expect("a bundled flow")
    .replace(['\n', '\r'], " ");
    let args = [
        "check",
        "--policy",
        common::BASELINE,
        "--flow",
        "-",
        "--lines",
    ];
    let o = mandate(&[&args[..], &["--lang", "fr"]].concat(), Some(&flow));
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("ligne 1\t"), "{out}");
    assert!(out.contains("\trefusé (interdit)\t"), "{out}");
    let o = mandate(&args, Some(&flow));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("line 1\t") && out.contains("\tdeny (forbidden)\t"),
        "{out}"
    );

    let tmp = TempDir::new("cli-words-init");
    let pack = tmp.path().join("pack").to_string_lossy().into_owned();
    let o = mandate(&["init", &pack, "--lang", "fr"], None);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let out = tmp.scrub(&String::from_utf8_lossy(&o.stdout));
    assert!(
        out.starts_with("paquet de politique de départ écrit dans <tmp>/pack ("),
        "{out}"
    );
    assert!(
        out.contains("\nensuite :\n  mandate validate <tmp>/pack"),
        "{out}"
    );
}

/// clap finds a mistyped option; in French it is said from the message files, with clap's
/// suggestion and the command's usage; in English clap's own words stay as they were.
#[test]
fn option_errors_read_in_the_readers_language() {
    let o = mandate_with_env(
        &["check", "--polcy", "p", "--flow", "f.json"],
        None,
        &[("MANDATE_LANG", "fr")],
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("erreur : argument inattendu « --polcy »"),
        "{err}"
    );
    assert!(
        err.contains("un argument semblable existe : « --policy »"),
        "{err}"
    );
    assert!(err.contains("Utilisation : mandate check "), "{err}");
    assert!(!err.contains("unexpected"), "{err}");

    let o = mandate(&["--lang", "fr", "check", "--format", "yaml"], None);
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("valeur « yaml » non valide"), "{err}");
    assert!(err.contains("valeurs possibles : text, json"), "{err}");

    // A value its own check refuses: the check's reason follows.
    let o = mandate(
        &[
            "--lang",
            "fr",
            "audit",
            "--policy",
            "p",
            "--map",
            "m",
            "--threads",
            "abc",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("valeur « abc » non valide pour « --threads <N> » : invalid digit"),
        "{err}"
    );

    let o = mandate(&["check", "--polcy", "p"], None);
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: unexpected argument '--polcy' found"),
        "{err}"
    );
}

/// A policy's findings read in French with `--lang fr` or `MANDATE_LANG=fr`, on every command
/// that compiles a pack, with the place and the source line as in English; the JSON keeps its
/// English sentences unless a language is asked for, and its codes in every language.
#[test]
fn policy_findings_read_in_french() {
    let tmp = TempDir::new("cli-words-diagnostics");
    tmp.write(
        "pack/rules.policy",
        "policy \"T\" version \"1\"\ncategory personal\npurpose protection\n\
         deny \"Uncited\" when data includes personl\n",
    );
    let pack = tmp.path().join("pack").to_string_lossy().into_owned();
    for args in [
        vec!["validate", &pack],
        vec!["lint", &pack],
        vec!["compile", "--policy", &pack, "-o", "-"],
    ] {
        let o = mandate(&[&args[..], &["--lang", "fr"]].concat(), None);
        assert_eq!(code(&o), 2, "{args:?}");
        let err = tmp.scrub(&String::from_utf8_lossy(&o.stderr));
        assert!(
            err.contains("error[E0010]: nom inconnu `personl`"),
            "{args:?}: {err}"
        );
        assert!(err.contains("rules.policy:4:35"), "{args:?}: {err}");
        assert!(
            err.contains("= aide : vouliez-vous dire `personal` ?"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("unknown"), "{args:?}: {err}");
    }
    // `validate` shows the warnings too.
    let o = mandate_with_env(&["validate", &pack], None, &[("MANDATE_LANG", "fr")]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("nom inconnu `personl`"), "{err}");
    assert!(
        err.contains("la règle « Uncited » ne cite aucune source"),
        "{err}"
    );
    let o = mandate(&["validate", &pack], None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error[E0010]: unknown data category `personl`"),
        "{err}"
    );

    let json = |extra: &[&str]| -> serde_json::Value {
        let o = mandate(
            &[&["validate", &pack, "--format", "json"][..], extra].concat(),
            None,
        );
        serde_json::from_slice(&o.stdout).expect("validate JSON")
    };
    let english = json(&[]);
    let french = json(&["--lang", "fr"]);
    // The unknown name (E0010), found by its code: the codes are the same in both.
    let unknown = |v: &serde_json::Value| {
        v.pointer("/packs/0/diagnostics")
            .and_then(|d| d.as_array())
            .and_then(|d| d.iter().find(|d| d["code"] == "E0010"))
            .cloned()
            .unwrap_or_default()
    };
    let (en, fr) = (unknown(&english), unknown(&french));
    assert_eq!(en["kind"], "unknown-name", "{english}");
    assert_eq!(fr["kind"], "unknown-name", "{french}");
    assert_eq!(en["message"], "unknown data category `personl`");
    assert_eq!(en["help"], "did you mean `personal`?");
    assert_eq!(fr["help"], "vouliez-vous dire `personal` ?");
    assert_eq!(
        fr["message"],
        "nom inconnu `personl` (on attend ici : catégorie de données)"
    );
}
