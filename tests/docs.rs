//! The documentation is tested, so that it cannot drift from the program.
//!
//! Every fenced block of `README.md` and `docs/*.md` is read, and:
//!
//! - a policy (a ```` ``` ```` or ```` ```text ```` block whose first line that is not a
//!   comment starts with `policy "`) is compiled as a pack of its own, with the bundled
//!   vocabularies of `policies/` as the library; it must compile without errors or warnings;
//! - a fragment of policy (such a block that starts with another declaration keyword:
//!   `category`, `party`, `agreement`, `allow`, …) must parse;
//! - a ```` ```json ```` block must be JSON, and one with `"from"` and `"to"` must be a valid
//!   flow;
//! - every command in a ```` ```sh ```` block, written `cargo run [cargo flags] -- ARGS` or
//!   `mandate ARGS` (lines continued with `\`, `# comments` ignored), is run with ARGS and the
//!   built binary, in a scratch folder that holds a copy of `policies/`, the commands of one
//!   block in turn. It must exit with 0 or 1 (an allow or a deny: anything but an error), or
//!   with the code a `<!-- docs-test: exit N -->` line before the block gives. Other lines
//!   (`bash …`, `curl …`) are not run.
//! - a ```` ```text ```` block that follows a ```` ```sh ```` block with only prose between
//!   them (no heading, no other block) shows the output of the first command of that block:
//!   its lines must appear, in order and next to each other, in what the command printed
//!   (standard output, then standard error). In the documented lines, `…` stands for any text
//!   on that line, and a line holding only `…` for any number of lines. Hashes
//!   (`sha256:…`) and durations are not compared.
//!
//! A block that cannot run here (a server that does not stop, a command that needs a
//! network or a WebAssembly toolchain) is marked with an HTML comment on the lines just before
//! it, which readers of the rendered page do not see:
//!
//! ```text
//! <!-- docs-test: skip (why it cannot run in a test) -->
//! ```
//!
//! The reason is required. `<!-- docs-test: not-output -->` before a ```` ```text ```` block
//! says it is not the output of the command block before it.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::TempDir;

/// The documents tested, relative to the package root.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("the docs folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// A fenced block and what stands before it.
#[derive(Debug)]
struct Block {
    /// The info string after the opening fence (`sh`, `text`, `` for none).
    lang: String,
    /// The lines inside the fences.
    text: String,
    /// The line of the opening fence (1-based), for messages.
    line: usize,
    /// `docs-test:` directives in the HTML comments just before the block.
    directives: Vec<String>,
    /// The block just before this one with only prose between: its index, if any.
    after: Option<usize>,
}

impl Block {
    fn skipped(&self) -> bool {
        self.directives.iter().any(|d| d.starts_with("skip"))
    }

    fn expected_exit(&self) -> Option<i32> {
        self.directives.iter().find_map(|d| {
            d.strip_prefix("exit ").map(|n| {
                n.trim()
                    .parse()
                    .expect("`docs-test: exit N` takes a number")
            })
        })
    }
}

/// The fenced blocks of a Markdown document.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut directives: Vec<String> = Vec::new();
    // Whether only prose has come since the last block closed.
    let mut prose_only = false;
    let mut lines = markdown.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed
            .strip_prefix("<!-- docs-test:")
            .and_then(|r| r.strip_suffix("-->"))
        {
            let directive = rest.trim().to_owned();
            if directive.starts_with("skip") {
                assert!(
                    directive.contains('(') && directive.ends_with(')'),
                    "line {}: `docs-test: skip` needs a reason in parentheses",
                    i + 1
                );
            }
            directives.push(directive);
            continue;
        }
        if let Some(lang) = trimmed.strip_prefix("```") {
            let mut text = String::new();
            for (_, inner) in lines.by_ref() {
                if inner.trim() == "```" {
                    break;
                }
                text.push_str(inner);
                text.push('\n');
            }
            let after = (prose_only && !out.is_empty()).then(|| out.len() - 1);
            out.push(Block {
                lang: lang.trim().to_owned(),
                text,
                line: i + 1,
                directives: std::mem::take(&mut directives),
                after,
            });
            prose_only = true;
            continue;
        }
        if trimmed.starts_with('#') {
            prose_only = false;
        }
        if !trimmed.is_empty() && !trimmed.starts_with("<!--") {
            directives.clear();
        }
    }
    out
}

/// The first line of a block that is neither blank nor a comment.
fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("")
}

fn is_policy(block: &Block) -> bool {
    matches!(block.lang.as_str(), "" | "text") && first_line(&block.text).starts_with("policy \"")
}

fn is_fragment(block: &Block) -> bool {
    matches!(block.lang.as_str(), "" | "text")
        && !is_policy(block)
        && first_line(&block.text)
            .split_whitespace()
            .next()
            .is_some_and(|w| mandate::syntax::DECLARATION_KEYWORDS.contains(&w))
}

/// Splits a command line into words as a POSIX shell would for the simple commands the docs
/// use: quotes group, `#` starts a comment. Pipes and redirections are refused.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    word.push(q);
                }
            }
            '#' if !in_word => break,
            '|' | '<' | '>' | ';' | '&' | '$' | '`' => panic!(
                "`{line}`: pipes, redirections and substitutions are not run by tests/docs.rs; \
                 write a plain command, or mark the block `<!-- docs-test: skip (…) -->`"
            ),
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// The arguments of a `cargo run … -- ARGS` or `mandate ARGS` command, or `None` for any
/// other command.
fn mandate_args(words: &[String]) -> Option<Vec<String>> {
    match words {
        [cargo, run, rest @ ..] if cargo == "cargo" && run == "run" => {
            let dash = rest.iter().position(|w| w == "--")?;
            Some(rest[dash + 1..].to_vec())
        }
        [mandate, rest @ ..] if mandate == "mandate" => Some(rest.to_vec()),
        _ => None,
    }
}

/// The commands of a shell block, continuation lines joined.
fn commands(text: &str) -> Vec<Vec<String>> {
    let mut joined: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        match line.trim_end().strip_suffix('\\') {
            Some(start) => {
                current.push_str(start);
                current.push(' ');
            }
            None => {
                current.push_str(line);
                joined.push(std::mem::take(&mut current));
            }
        }
    }
    joined.push(current);
    joined
        .iter()
        .map(|l| words(l))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a file");
        }
    }
}

/// What varies from run to run: policy hashes and durations.
fn normalise(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str(&normalise_line(line));
        out.push('\n');
    }
    out
}

fn normalise_line(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("sha256:") {
        out.push_str(&rest[..i + 7]);
        rest = rest[i + 7..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        rest = rest.strip_prefix('…').unwrap_or(rest);
        out.push_str("HASH");
    }
    out.push_str(rest);
    // Durations: a number directly followed by a unit of time.
    let mut timed = String::new();
    let chars: Vec<char> = out.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_alphanumeric()) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let unit: String = chars[i..]
                .iter()
                .take_while(|c| c.is_alphabetic())
                .collect();
            let after = chars.get(i + unit.chars().count());
            if matches!(unit.as_str(), "ms" | "µs" | "ns" | "s")
                && after.is_none_or(|c| !c.is_alphanumeric())
            {
                timed.push_str("DURATION");
                i += unit.chars().count();
            } else {
                timed.extend(&chars[start..i]);
            }
            continue;
        }
        timed.push(chars[i]);
        i += 1;
    }
    timed.trim_end().to_owned()
}

/// Whether a documented line matches a printed one: `…` stands for any text.
fn line_matches(documented: &str, printed: &str) -> bool {
    let parts: Vec<&str> = documented.split('…').collect();
    if parts.len() == 1 {
        return documented == printed;
    }
    let Some(mut rest) = printed.strip_prefix(parts[0]) else {
        return false;
    };
    let last = parts[parts.len() - 1];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Whether the documented lines appear in order and next to each other in the printed ones
/// (a line of only `…` skipping any number of lines).
fn shows(documented: &[String], printed: &[String]) -> bool {
    fn from(doc: &[String], out: &[String]) -> bool {
        match doc.split_first() {
            None => true,
            Some((first, rest)) if first == "…" => (0..=out.len()).any(|k| from(rest, &out[k..])),
            Some((first, rest)) => {
                out.first().is_some_and(|o| line_matches(first, o)) && from(rest, &out[1..])
            }
        }
    }
    (0..=printed.len()).any(|start| from(documented, &printed[start..]))
}

/// Runs one documented command in `dir`: its exit code and what it printed.
fn run(dir: &Path, args: &[String]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mandate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("MANDATE_PATH")
        .output()
        .expect("the binary runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), printed)
}

#[test]
fn every_documented_command_snippet_and_output_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let library = root.join("policies");
    let scratch = TempDir::new("docs");
    let mut problems: Vec<String> = Vec::new();
    let mut checked = (0, 0, 0, 0);
    for doc in documents() {
        let name = doc.strip_prefix(root).unwrap_or(&doc).display().to_string();
        let markdown = std::fs::read_to_string(&doc).expect("a readable document");
        let blocks = blocks(&markdown);
        // The output of each shell block's first command, by block index.
        let mut outputs: Vec<Option<String>> = Vec::new();
        for (index, block) in blocks.iter().enumerate() {
            let place = format!("{name}:{}", block.line);
            outputs.push(None);
            if block.skipped() {
                continue;
            }
            if is_policy(block) {
                checked.0 += 1;
                let pack = scratch
                    .path()
                    .join(format!("policy-{index}-{}", block.line));
                std::fs::create_dir_all(&pack).expect("a pack folder");
                std::fs::write(pack.join("main.policy"), &block.text).expect("write");
                let args = [
                    "validate".to_owned(),
                    pack.to_string_lossy().into_owned(),
                    "--deny-warnings".to_owned(),
                    "--lib".to_owned(),
                    library.to_string_lossy().into_owned(),
                ];
                let (code, printed) = run(root, &args);
                if code != 0 {
                    problems.push(format!(
                        "{place}: the policy does not compile as written (exit {code}):\n{}",
                        printed.replace(&scratch.path().to_string_lossy().into_owned(), "")
                    ));
                }
            } else if is_fragment(block) {
                checked.1 += 1;
                if let Err(found) = mandate::syntax::parse(mandate::source::FileId(0), &block.text)
                {
                    let mut sources = mandate::source::SourceMap::new();
                    sources.add(place.clone(), block.text.clone());
                    let messages: Vec<String> = found
                        .iter()
                        .map(|d| match &d.primary {
                            Some(p) => format!("{}: {}", sources.location(p.span), d.message),
                            None => d.message.to_string(),
                        })
                        .collect();
                    problems.push(format!(
                        "{place}: the policy fragment does not parse:\n{}",
                        messages.join("\n")
                    ));
                }
            } else if block.lang == "json" {
                checked.2 += 1;
                match serde_json::from_str::<serde_json::Value>(&block.text) {
                    Err(e) => problems.push(format!("{place}: not JSON: {e}")),
                    Ok(v) if v.get("from").is_some() && v.get("to").is_some() => {
                        if let Err(e) = mandate::eval::flow::Flow::from_json(&block.text) {
                            problems.push(format!("{place}: not a valid flow: {e}"));
                        }
                    }
                    Ok(_) => {}
                }
            } else if block.lang == "sh" {
                let work = scratch.path().join(format!("sh-{index}-{}", block.line));
                copy_tree(&library, &work.join("policies"));
                for (n, words) in commands(&block.text).iter().enumerate() {
                    let Some(args) = mandate_args(words) else {
                        continue;
                    };
                    checked.3 += 1;
                    let (code, printed) = run(&work, &args);
                    let ok = match block.expected_exit() {
                        Some(expected) => code == expected,
                        None => code == 0 || code == 1,
                    };
                    if !ok {
                        problems.push(format!(
                            "{place}: `mandate {}` exited with {code}:\n{printed}",
                            args.join(" ")
                        ));
                    }
                    if n == 0 || outputs[index].is_none() {
                        outputs[index] = Some(printed);
                    }
                }
            }
            let shows_output = block.lang == "text"
                && !block.directives.iter().any(|d| d == "not-output")
                && !is_policy(block)
                && !is_fragment(block);
            if let Some(before) = block.after.filter(|_| shows_output)
                && let Some(printed) = &outputs[before]
            {
                let printed: Vec<String> = normalise(printed).lines().map(str::to_owned).collect();
                let documented: Vec<String> = normalise(&block.text)
                    .lines()
                    .map(|l| {
                        if l.trim() == "…" {
                            "…".to_owned()
                        } else {
                            l.to_owned()
                        }
                    })
                    .collect();
                if !shows(&documented, &printed) {
                    problems.push(format!(
                        "{place}: the output shown is not what `{}` prints; it printed:\n{}",
                        blocks[before].text.trim(),
                        printed.join("\n")
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in the documentation:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
    let (policies, fragments, json, commands) = checked;
    assert!(
        policies >= 2 && fragments >= 3 && json >= 1 && commands >= 8,
        "fewer blocks checked than the documents hold: {checked:?}"
    );
}

#[test]
fn the_conventions_are_read_as_documented() {
    let markdown = "intro\n\n```sh\ncargo run --features cli -- check --policy p \\\n  --flow f.json  # a comment\nbash .ci/test\nmandate lint p\n```\n\nprints\n\n```text\nALLOW …\n…\nend\n```\n\n## Heading\n\n<!-- docs-test: skip (a server) -->\n```sh\nmandate serve --policy p\n```\n\n```text\nnot an output\n```\n";
    let found = blocks(markdown);
    assert_eq!(found.len(), 4);
    assert_eq!(found[1].after, Some(0));
    assert!(found[2].skipped());
    assert_eq!(found[2].after, None, "a heading separates the blocks");
    assert_eq!(found[3].after, Some(2));
    let commands = commands(&found[0].text);
    let args: Vec<Vec<String>> = commands.iter().filter_map(|w| mandate_args(w)).collect();
    assert_eq!(
        args,
        [
            vec!["check", "--policy", "p", "--flow", "f.json"],
            vec!["lint", "p"]
        ]
    );
    let printed: Vec<String> = ["x", "ALLOW flow a", "one", "two", "end", "y"]
        .map(String::from)
        .to_vec();
    let doc = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(shows(&doc(&["ALLOW …", "…", "end"]), &printed));
    assert!(!shows(&doc(&["ALLOW …", "end"]), &printed));
    assert!(!shows(&doc(&["DENY …"]), &printed));
    assert_eq!(
        normalise_line("policy sha256:e458dffc… took 12.5ms"),
        "policy sha256:HASH took DURATION"
    );
}
