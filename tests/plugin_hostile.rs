//! Hostile and broken plugins: each failure is a deny of kind `error` that says what went
//! wrong, and the host carries on with the next flow.

use mandate::eval::{DenyKind, Outcome};
use mandate::host::{Limits, Plugin};

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
    assert_eq!(verdict.decision.policy, "sha256:test");
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
