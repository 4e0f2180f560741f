//! Hostile and broken plugins: each failure is a deny of kind `error` that says what went
//! wrong, and the host carries on with the next flow.

use crate::common;

use common::TempDir;
use mandate::eval::{Decision, DenyKind, Outcome};
use mandate::host::{HostError, Limits, Plugin};
use std::time::{Duration, Instant};

const GOOD: &str = r#"{"decision":"allow","reason":"ok","flow":"f","policy":"sha256:test","determining":[],"obligations":[],"errors":[]}"#;

/// A plugin with the mandate ABI whose `evaluate` misbehaves according to the flow's first
/// byte, and otherwise returns a fixed allow.
fn misbehaving() -> Vec<u8> {
    let good_len = GOOD.len();
    let wat = format!(
        r#"(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 4096))
  (data (i32.const 16) "sha256:test")
  (data (i32.const 64) "not json at all")
  (data (i32.const 128) "{{\"decision\":\"maybe\"}}")
  (data (i32.const 256) "{good}")
  (data (i32.const 1024) "\ff\fe")
  (func (export "abi_version") (result i32) (i32.const 1))
  (func (export "policy_hash") (result i64) (i64.const 0x00000010_0000000b))
  (func (export "alloc") (param $len i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $at))
  (func (export "release") (param i32 i32)
    ;; forget everything once a call is over, so memory stays bounded
    (global.set $next (i32.const 4096)))
  (func (export "evaluate") (param $ptr i32) (param $len i32) (result i64)
    (local $op i32)
    (local.set $op (i32.load8_u (local.get $ptr)))
    (if (i32.eq (local.get $op) (i32.const 76)) ;; L: loop forever
      (then (loop $spin (br $spin))))
    (if (i32.eq (local.get $op) (i32.const 71)) ;; G: grow memory without bound
      (then (loop $grow (drop (memory.grow (i32.const 16))) (br $grow))))
    (if (i32.eq (local.get $op) (i32.const 84)) ;; T: trap
      (then unreachable))
    (if (i32.eq (local.get $op) (i32.const 79)) ;; O: a result outside memory
      (then (return (i64.const 0x7fff0000_00000010))))
    (if (i32.eq (local.get $op) (i32.const 74)) ;; J: not JSON
      (then (return (i64.const 0x00000040_0000000f))))
    (if (i32.eq (local.get $op) (i32.const 68)) ;; D: JSON that is not a decision
      (then (return (i64.const 0x00000080_00000014))))
    (if (i32.eq (local.get $op) (i32.const 85)) ;; U: not UTF-8
      (then (return (i64.const 0x00000400_00000002))))
    (i64.const 0x00000100_{good_len:08x})))"#,
        good = GOOD.replace('"', "\\\""),
    );
    wat::parse_str(wat).expect("valid WAT")
}

fn limits() -> Limits {
    Limits {
        // Enough for the honest path, small enough that the loop stops at once.
        fuel: 1_000_000,
        memory_bytes: 4 << 20,
        ..Limits::default()
    }
}

#[test]
fn each_failure_is_an_error_deny_and_the_next_flow_is_decided() {
    let mut plugin = Plugin::load(&misbehaving(), limits()).expect("loads");
    assert_eq!(plugin.decide_json(r#"{"id":"f"}"#).json, GOOD);
    for (input, words) in [
        ("L", "ran out of fuel"),
        ("G", "memory"),
        ("T", "trapped"),
        ("O", "outside the plugin's memory"),
        ("J", "malformed decision"),
        ("D", "malformed decision"),
        ("U", "not UTF-8"),
    ] {
        let verdict = plugin.decide_json(input);
        assert_eq!(verdict.decision.decision, Outcome::Deny, "{input}");
        assert_eq!(verdict.decision.kind, Some(DenyKind::Error), "{input}");
        assert!(
            verdict.decision.reason.contains(words),
            "{input}: {}",
            verdict.decision.reason
        );
        assert!(verdict.json.contains(r#""kind":"error""#));
        // The next flow gets a fresh instance and its answer.
        assert_eq!(
            plugin.decide_json(r#"{"id":"f"}"#).json,
            GOOD,
            "after {input}"
        );
    }
}

#[test]
fn a_failure_keeps_the_flow_id_in_the_deny() {
    let mut plugin = Plugin::load(&misbehaving(), limits()).expect("loads");
    // A flow whose text starts with `T` cannot be JSON, so the id is empty; a JSON flow keeps it.
    let verdict = plugin.decide_json("T");
    assert_eq!(verdict.decision.flow, "");
    assert_eq!(&*verdict.decision.policy, "sha256:test");
}

fn refused(wat: &str) -> String {
    let bytes = wat::parse_str(wat).expect("valid WAT");
    match Plugin::load(&bytes, limits()) {
        Ok(_) => panic!("the plugin was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_plugin_that_imports_anything_is_refused() {
    let err = refused(
        r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))))"#,
    );
    assert!(
        err.contains("imports `wasi_snapshot_preview1::fd_write`"),
        "{err}"
    );
}

#[test]
fn a_plugin_with_the_wrong_exports_is_refused() {
    let err = refused(r#"(module (memory (export "memory") 1))"#);
    assert!(err.contains("does not follow the mandate ABI"), "{err}");
    let err = refused(
        r#"(module (memory (export "memory") 1)
            (func (export "alloc") (param i32) (result i32) (i32.const 0))
            (func (export "release") (param i32 i32))
            (func (export "evaluate") (param i32 i32) (result i32) (i32.const 0))
            (func (export "policy_hash") (result i64) (i64.const 0))
            (func (export "abi_version") (result i32) (i32.const 1)))"#,
    );
    assert!(err.contains("`evaluate: (i32, i32) -> i64`"), "{err}");
    let err = refused(
        r#"(module (memory (export "memory") 1)
            (func (export "alloc") (param i32) (result i32) (i32.const 0))
            (func (export "release") (param i32 i32))
            (func (export "evaluate") (param i32 i32) (result i64) (i64.const 0))
            (func (export "policy_hash") (result i64) (i64.const 0))
            (func (export "abi_version") (result i32) (i32.const 2)))"#,
    );
    assert!(err.contains("ABI version 2"), "{err}");
}

#[test]
fn a_plugin_that_traps_while_starting_is_refused() {
    let err = refused(r#"(module (func $boom unreachable) (start $boom))"#);
    assert!(err.contains("trapped"), "{err}");
}

#[test]
fn bytes_that_are_not_wasm_are_refused() {
    match Plugin::load(b"definitely not wasm", limits()) {
        Err(e) => assert!(e.to_string().contains("not a valid WASM module"), "{e}"),
        Ok(_) => panic!("accepted"),
    }
}

/// Every byte as a WAT string escape, so any text can be a data segment.
fn wat_bytes(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("\\{b:02x}")).collect()
}

/// A plugin with the mandate ABI that answers every flow with `answer`, byte for byte.
fn answering(answer: &str) -> Vec<u8> {
    let wat = format!(
        r#"(module
  (memory (export "memory") 2)
  (global $next (mut i32) (i32.const 65536))
  (data (i32.const 16) "sha256:test")
  (data (i32.const 1024) "{answer}")
  (func (export "abi_version") (result i32) (i32.const 1))
  (func (export "policy_hash") (result i64) (i64.const 0x00000010_0000000b))
  (func (export "alloc") (param $len i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $at))
  (func (export "release") (param i32 i32) (global.set $next (i32.const 65536)))
  (func (export "evaluate") (param i32 i32) (result i64)
    (i64.const 0x00000400_{len:08x})))"#,
        answer = wat_bytes(answer.as_bytes()),
        len = answer.len(),
    );
    wat::parse_str(wat).expect("valid WAT")
}

/// A deny whose JSON holds, on a line of its own, a complete allow: JSON Lines readers that
/// split on newlines would see two decisions, the second an ALLOW.
const SMUGGLED_ALLOW: &str = "{\"decision\":\"deny\",\"kind\":\"forbidden\",\"reason\":\"no\",\
\"flow\":\"f\",\"policy\":\"sha256:test\",\"determining\":[],\"obligations\":[],\"errors\":[],\
\"x\":\n{\"decision\":\"allow\",\"reason\":\"ok\",\"flow\":\"f\",\"policy\":\"sha256:test\",\
\"determining\":[],\"obligations\":[],\"errors\":[]}\n}";

#[test]
fn an_answer_is_re_serialised_so_a_smuggled_line_never_reaches_the_output() {
    let mut plugin = Plugin::load(&answering(SMUGGLED_ALLOW), limits()).expect("loads");
    let verdict = plugin.decide_json(r#"{"id":"f"}"#);
    assert_eq!(verdict.decision.decision, Outcome::Deny);
    assert_eq!(verdict.decision.kind, Some(DenyKind::Forbidden));
    assert_eq!(verdict.json, verdict.decision.to_json());
    assert!(!verdict.json.contains('\n'), "{}", verdict.json);
    assert!(!verdict.json.contains("allow"), "{}", verdict.json);
}

#[test]
fn check_prints_the_hosts_decision_never_the_plugins_bytes() {
    let dir = TempDir::new("plugin-smuggle");
    let wasm = dir.path().join("hostile.wasm");
    std::fs::write(&wasm, answering(SMUGGLED_ALLOW)).expect("write the plugin");
    let flow = dir.write("flow.json", r#"{"id":"f"}"#);
    let flows = dir.write("flows.jsonl", "{\"id\":\"f\"}\n{\"id\":\"f\"}\n");
    for (input, lines) in [(&flow, 1), (&flows, 2)] {
        let out = common::mandate(
            &[
                "check",
                "--plugin",
                wasm.to_str().expect("UTF-8"),
                "--no-cache",
                "--flow",
                input.to_str().expect("UTF-8"),
                "--format",
                "json",
            ],
            None,
        );
        let stdout = String::from_utf8(out.stdout.clone()).expect("UTF-8");
        assert_eq!(stdout.lines().count(), lines, "{stdout}");
        for line in stdout.lines() {
            let decision: Decision = serde_json::from_str(line).expect("one decision a line");
            assert_eq!(decision.decision, Outcome::Deny, "{line}");
        }
        assert_eq!(common::code(&out), 1);
    }
}

#[test]
fn an_answer_for_another_flow_is_an_error_deny() {
    let allow_for_other = GOOD.replace(r#""flow":"f""#, r#""flow":"another-flow""#);
    let mut plugin = Plugin::load(&answering(&allow_for_other), limits()).expect("loads");
    let verdict = plugin.decide_json(r#"{"id":"f"}"#);
    assert_eq!(verdict.decision.decision, Outcome::Deny);
    assert_eq!(verdict.decision.kind, Some(DenyKind::Error));
    assert_eq!(
        verdict.decision.flow, "f",
        "the deny names the flow asked about"
    );
    assert!(
        verdict
            .decision
            .reason
            .contains(r#"answers for flow "another-flow" instead of "f""#),
        "{}",
        verdict.decision.reason
    );
    // A flow without a readable id must be answered with an empty one.
    let verdict = plugin.decide_json("not json");
    assert_eq!(verdict.decision.kind, Some(DenyKind::Error));
    // The same answer to the flow it names is accepted: the check compares, it does not refuse.
    let verdict = plugin.decide_json(r#"{"id":"another-flow"}"#);
    assert_eq!(verdict.decision.decision, Outcome::Allow);
}

/// A module of `count` empty functions, written by hand (type, function and code sections):
/// a few bytes per function, so a huge count builds in milliseconds.
fn many_functions(count: u32) -> Vec<u8> {
    fn leb(mut n: u32, out: &mut Vec<u8>) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    fn section(id: u8, body: &[u8], out: &mut Vec<u8>) {
        out.push(id);
        leb(body.len() as u32, out);
        out.extend_from_slice(body);
    }
    let mut module = b"\0asm\x01\0\0\0".to_vec();
    section(1, &[1, 0x60, 0, 0], &mut module); // one type: () -> ()
    let mut functions = Vec::new();
    leb(count, &mut functions);
    functions.resize(functions.len() + count as usize, 0); // each of type 0
    section(3, &functions, &mut module);
    let mut code = Vec::new();
    leb(count, &mut code);
    for _ in 0..count {
        code.extend_from_slice(&[2, 0, 0x0b]); // size 2: no locals, `end`
    }
    section(10, &code, &mut module);
    module
}

#[test]
fn a_module_beyond_the_compile_budget_is_refused_quickly() {
    let module = many_functions(300_000);
    wasmparser::Validator::new()
        .validate_all(&module)
        .expect("the generated module is valid WASM");
    let started = Instant::now();
    let err = Plugin::load(&module, Limits::default())
        .err()
        .expect("refused");
    let took = started.elapsed();
    assert!(matches!(err, HostError::TooLarge(_)), "{err}");
    assert!(
        err.to_string()
            .contains("too large to compile: it defines 300000 functions"),
        "{err}"
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
    // Within the budget, the same kind of module compiles (and is then refused for its ABI).
    let err = Plugin::load(&many_functions(100), Limits::default())
        .err()
        .expect("no ABI");
    assert!(matches!(err, HostError::Abi(_)), "{err}");
}

#[test]
fn each_part_of_the_compile_budget_is_enforced() {
    let module = misbehaving();
    for (limits, words) in [
        (
            Limits {
                module_bytes: 100,
                ..limits()
            },
            "bytes, more than the 100 a plugin may have",
        ),
        (
            Limits {
                functions: 2,
                ..limits()
            },
            "functions, more than the 2 a plugin may have",
        ),
        (
            Limits {
                code_bytes: 50,
                ..limits()
            },
            "its code is",
        ),
        (
            Limits {
                function_bytes: 20,
                ..limits()
            },
            "one of its functions is",
        ),
    ] {
        let err = Plugin::load(&module, limits).err().expect("refused");
        assert!(err.to_string().contains(words), "{err}");
    }
    Plugin::load(&module, limits()).expect("within the default budget");
}

/// A plugin written before languages existed (no `evaluate_in`) still works when the host
/// asks for French: it is called through `evaluate` and answers in its own words.
#[test]
fn a_plugin_without_languages_answers_a_request_in_french() {
    let mut plugin = Plugin::load(&answering(GOOD), limits()).expect("loads");
    assert!(!plugin.speaks_languages().expect("live"));
    let verdict = plugin.decide_json_in(r#"{"id":"f"}"#, mandate::words::Lang::FR);
    assert_eq!(
        verdict.decision.decision,
        Outcome::Allow,
        "{}",
        verdict.json
    );
    assert_eq!(verdict.decision.reason, "ok");
}

/// A plugin with `evaluate_in` is called through it with the language's code for any
/// language but English, and through `evaluate` for English; the code reaches it intact.
#[test]
fn a_plugin_with_languages_gets_the_code_of_the_language_asked_for() {
    let english = GOOD;
    let french = GOOD.replace("\"ok\"", "\"oui\"");
    let wat = format!(
        r#"(module
  (memory (export "memory") 2)
  (global $next (mut i32) (i32.const 65536))
  (data (i32.const 16) "sha256:test")
  (data (i32.const 1024) "{english}")
  (data (i32.const 2048) "{french}")
  (func (export "abi_version") (result i32) (i32.const 1))
  (func (export "policy_hash") (result i64) (i64.const 0x00000010_0000000b))
  (func (export "alloc") (param $len i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $at))
  (func (export "release") (param i32 i32))
  (func (export "evaluate") (param i32 i32) (result i64)
    (i64.const 0x00000400_{en_len:08x}))
  ;; French only for the code "fr": two bytes, `f` then `r`.
  (func (export "evaluate_in") (param i32 i32 i32 i32) (result i64)
    (if (result i64)
      (i32.and
        (i32.eq (local.get 3) (i32.const 2))
        (i32.and
          (i32.eq (i32.load8_u (local.get 2)) (i32.const 0x66))
          (i32.eq (i32.load8_u offset=1 (local.get 2)) (i32.const 0x72))))
      (then (i64.const 0x00000800_{fr_len:08x}))
      (else (i64.const 0))))
)"#,
        english = wat_bytes(english.as_bytes()),
        french = wat_bytes(french.as_bytes()),
        en_len = english.len(),
        fr_len = french.len(),
    );
    let bytes = wat::parse_str(wat).expect("valid WAT");
    let mut plugin = Plugin::load(&bytes, limits()).expect("loads");
    assert!(plugin.speaks_languages().expect("live"));
    let flow = r#"{"id":"f"}"#;
    let fr = plugin.decide_json_in(flow, mandate::words::Lang::FR);
    assert_eq!(fr.decision.reason, "oui", "{}", fr.json);
    let en = plugin.decide_json_in(flow, mandate::words::Lang::EN);
    assert_eq!(en.decision.reason, "ok", "{}", en.json);
    assert_eq!(plugin.decide_json(flow).decision.reason, "ok");
}

#[test]
fn a_plugin_with_a_mistyped_evaluate_in_is_refused() {
    let err = refused(
        r#"(module (memory (export "memory") 1)
            (func (export "alloc") (param i32) (result i32) (i32.const 0))
            (func (export "release") (param i32 i32))
            (func (export "evaluate") (param i32 i32) (result i64) (i64.const 0))
            (func (export "evaluate_in") (param i32 i32) (result i64) (i64.const 0))
            (func (export "policy_hash") (result i64) (i64.const 0))
            (func (export "abi_version") (result i32) (i32.const 1)))"#,
    );
    assert!(
        err.contains("`evaluate_in: (i32, i32, i32, i32) -> i64`"),
        "{err}"
    );
}

/// A plugin whose `evaluate` returns the packed pointer and length given, pointing anywhere.
fn pointing(packed: u64) -> Vec<u8> {
    let wat = format!(
        r#"(module
  (memory (export "memory") 2)
  (global $next (mut i32) (i32.const 65536))
  (data (i32.const 16) "sha256:test")
  (func (export "abi_version") (result i32) (i32.const 1))
  (func (export "policy_hash") (result i64) (i64.const 0x00000010_0000000b))
  (func (export "alloc") (param $len i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $at))
  (func (export "release") (param i32 i32) (global.set $next (i32.const 65536)))
  (func (export "evaluate") (param i32 i32) (result i64) (i64.const {packed})))"#,
        packed = packed as i64,
    );
    wat::parse_str(wat).expect("valid WAT")
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Fuzzing the plugin ABI from the guest's side: whatever bytes a plugin answers with,
    /// the host gives one decision, for the flow asked about, in its own single-line JSON;
    /// anything but a well-formed decision for that flow is a deny of kind error.
    #[test]
    fn fuzz_plugin_answers(answer in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&answer).into_owned();
        let mut plugin = Plugin::load(&answering(&text), limits()).expect("loads");
        let verdict = plugin.decide_json(r#"{"id":"f"}"#);
        proptest::prop_assert_eq!(&verdict.json, &verdict.decision.to_json());
        proptest::prop_assert!(!verdict.json.contains('\n'));
        if verdict.decision.decision == Outcome::Allow {
            proptest::prop_assert_eq!(verdict.decision.flow.as_str(), "f");
        }
    }

    /// The same for the pointer and length a plugin returns: out of its memory, overlapping
    /// the end, zero, huge: an error deny, never a read outside the guest or a panic.
    #[test]
    fn fuzz_plugin_answer_pointers(packed in proptest::prelude::any::<u64>()) {
        let mut plugin = Plugin::load(&pointing(packed), limits()).expect("loads");
        let verdict = plugin.decide_json(r#"{"id":"f"}"#);
        proptest::prop_assert_eq!(verdict.decision.decision, Outcome::Deny);
        proptest::prop_assert_eq!(verdict.decision.kind, Some(DenyKind::Error));
    }
}
