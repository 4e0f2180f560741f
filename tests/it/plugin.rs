//! Policy plugins: `mandate compile --wasm` writes one self-contained module, and the native
//! engine, the wasmtime host and Node's WebAssembly give byte-identical decisions from it.

use crate::common;

use common::TempDir;
use mandate::Engine;
use mandate::host::{CacheWarning, EntryProblem, Limits, Plugin};
use std::path::Path;
use std::process::Command;

// Tests run in the package root, so positions in decisions stay relative paths.
const PACK: &str = "policies/humanitarian-baseline";

fn engine() -> Engine {
    Engine::from_path(PACK).expect("the baseline pack compiles")
}

fn plugin_bytes(engine: &Engine) -> Vec<u8> {
    mandate::plugin::build(engine.policy()).expect("the plugin is written")
}

fn load(bytes: &[u8]) -> Plugin {
    Plugin::load(bytes, Limits::default()).expect("the plugin loads")
}

/// The bundled flows, as their files hold them.
fn bundled_flows() -> Vec<String> {
    common::baseline_flows()
        .into_iter()
        .map(|(_, text)| text)
        .collect()
}

/// A deterministic generator of flows in the pack's own words: each one is a bundled flow
/// with fields swapped for values other flows use, dropped, mistyped or misspelt, and some
/// are not flows at all.
mod generate {
    use serde_json::Value;
    use std::collections::BTreeMap;

    pub use mandate::synth::Rng;

    /// Every string the flows use, by the key it appears under.
    fn vocabulary(flows: &[Value]) -> BTreeMap<String, Vec<String>> {
        fn walk(key: &str, v: &Value, out: &mut BTreeMap<String, Vec<String>>) {
            match v {
                Value::String(s) => out.entry(key.to_owned()).or_default().push(s.clone()),
                Value::Array(items) => items.iter().for_each(|i| walk(key, i, out)),
                Value::Object(map) => map.iter().for_each(|(k, v)| walk(k, v, out)),
                _ => {}
            }
        }
        let mut out = BTreeMap::new();
        flows.iter().for_each(|f| walk("", f, &mut out));
        for words in out.values_mut() {
            words.sort();
            words.dedup();
        }
        out
    }

    fn mutate(v: &mut Value, key: &str, words: &BTreeMap<String, Vec<String>>, rng: &mut Rng) {
        match v {
            Value::String(s) => {
                if rng.chance(25) {
                    if let Some(pool) = words.get(key) {
                        *s = rng.pick(pool).clone();
                    }
                } else if rng.chance(3) {
                    s.push_str(if rng.chance(50) { "x" } else { ".unknown" });
                } else if rng.chance(2) {
                    *v = Value::from(rng.below(1000));
                }
            }
            Value::Array(items) => {
                items.iter_mut().for_each(|i| mutate(i, key, words, rng));
                if rng.chance(15) && !items.is_empty() {
                    let at = rng.below(items.len());
                    items.remove(at);
                }
                if rng.chance(15)
                    && let Some(pool) = words.get(key)
                {
                    items.push(Value::String(rng.pick(pool).clone()));
                }
            }
            Value::Object(map) => {
                let keys: Vec<String> = map.keys().cloned().collect();
                for k in keys {
                    if rng.chance(4) {
                        map.remove(&k);
                    } else if rng.chance(2) {
                        map.insert(k, Value::Null);
                    } else if let Some(child) = map.get_mut(&k) {
                        mutate(child, &k, words, rng);
                    }
                }
                if rng.chance(3) {
                    map.insert("unexpected".into(), Value::Bool(true));
                }
            }
            _ => {}
        }
    }

    /// `count` flow documents from `seed`, one in twenty of them not a valid document.
    pub fn flows(bundled: &[String], count: usize, seed: u64) -> Vec<String> {
        let parsed: Vec<Value> = bundled
            .iter()
            .map(|t| serde_json::from_str(t).expect("bundled flows are JSON"))
            .collect();
        let words = vocabulary(&parsed);
        let mut rng = Rng::new(seed);
        (0..count)
            .map(|_| {
                let mut flow = rng.pick(&parsed).clone();
                if rng.chance(30)
                    && let (Some(chain), Value::Object(map)) =
                        (rng.pick(&parsed).get("chain").cloned(), &mut flow)
                {
                    map.insert("chain".into(), chain);
                }
                mutate(&mut flow, "", &words, &mut rng);
                let text = flow.to_string();
                match rng.below(20) {
                    0 => text[..rng.below(text.len())].to_owned(),
                    1 => rng
                        .pick(&["", "null", "[]", "{}", "42", "{\"id\":7}", "\u{feff}{}"])
                        .to_string(),
                    _ => text,
                }
            })
            .collect()
    }
}

#[test]
fn the_guest_and_a_written_plugin_import_nothing_and_export_the_abi() {
    let written = plugin_bytes(&engine());
    let guest = mandate::plugin::guest().expect("this build has the guest");
    for module in [guest, written.as_slice()] {
        let mut imports = 0;
        let mut exports = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(module) {
            match payload.expect("a valid module") {
                wasmparser::Payload::ImportSection(r) => imports += r.count(),
                wasmparser::Payload::ExportSection(r) => {
                    exports.extend(r.into_iter().map(|e| e.expect("export").name.to_owned()))
                }
                _ => {}
            }
        }
        assert_eq!(imports, 0, "a plugin must import nothing");
        for name in [
            "memory",
            "alloc",
            "release",
            "evaluate",
            "policy_hash",
            "abi_version",
        ] {
            assert!(exports.iter().any(|e| e == name), "missing export {name}");
        }
    }
}

/// The bundled guest words its decisions in the language the host asks for, exactly as the
/// native engine does in that language.
#[test]
fn the_plugin_decides_in_the_language_asked_for() {
    let engine = engine();
    let mut plugin = load(&plugin_bytes(&engine));
    assert!(plugin.speaks_languages().expect("live"));
    for lang in mandate::words::Lang::all() {
        for flow in bundled_flows() {
            assert_eq!(
                plugin.decide_json_in(&flow, lang).json,
                engine.decide_json_in(&flow, lang).to_json(),
                "{lang}: {flow}"
            );
        }
    }
}

#[test]
fn the_plugin_reports_its_policy_hash() {
    let engine = engine();
    let plugin = load(&plugin_bytes(&engine));
    assert_eq!(plugin.policy_hash(), engine.policy().hash);
}

/// A policy with suspensions (which the guest reads as part of the compiled policy) runs as a
/// plugin and decides the suspension example's flows as the native engine does, under the
/// same hash.
#[test]
fn a_policy_with_suspensions_runs_as_a_plugin() {
    let pack = Path::new("policies/suspension-example");
    let engine = Engine::from_path(pack).expect("the example pack compiles");
    assert!(
        engine
            .policy()
            .agreements
            .iter()
            .any(|a| !a.suspensions.is_empty())
    );
    let mut plugin = load(&plugin_bytes(&engine));
    assert_eq!(plugin.policy_hash(), engine.policy().hash);
    let mut flows = 0;
    for entry in std::fs::read_dir(pack.join("flows"))
        .expect("flows/")
        .flatten()
    {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "expected.json") {
            continue;
        }
        let flow = std::fs::read_to_string(&path).expect("readable flow");
        assert_eq!(
            plugin.decide_json(&flow).json,
            engine.decide_json(&flow).to_json(),
            "{}",
            path.display()
        );
        flows += 1;
    }
    assert!(flows >= 4);
}

/// Declared names, classification entries for combinations and scoped `no onward transfer`
/// decide in the plugin byte for byte as natively, in English and French: the policies of
/// the language tests, with flows that exercise each construct (and its errors).
#[test]
fn the_newer_constructs_run_as_a_plugin() {
    let at = "2026-03-01T12:00:00Z";
    let police = |approvals: serde_json::Value| {
        serde_json::json!({"id": "e", "at": at, "from": "agency_ke", "to": "police_ke",
            "data": ["personal.identity"], "subjects": ["refugee"],
            "purpose": "law_enforcement", "collected_for": "registration",
            "approvals": approvals})
    };
    let cases: [(&str, Vec<serde_json::Value>); 4] = [
        (
            crate::language::EXCEPTION,
            vec![
                police(serde_json::json!([{"role": "dpo", "at": "2026-02-20"}])),
                police(serde_json::json!([])),
                police(serde_json::json!([{"role": "dpo", "at": "2026-04-01"}])),
            ],
        ),
        (
            crate::language::DECLARED,
            vec![
                serde_json::json!({"id": "d1", "at": at, "from": "ns_ke", "to": "police",
                    "data": ["personal.identity"], "subjects": [], "purpose": "law_enforcement",
                    "approvals": [{"role": "DPO", "at": "2026-02-01"}]}),
                serde_json::json!({"id": "d2", "at": at, "from": "ns_ke", "to": "police",
                    "data": ["personal.identity"], "subjects": [], "purpose": "law_enforcement",
                    "approvals": [{"role": "dpo", "at": "2026-02-01"}],
                    "context": {"response": "ke-2025"}}),
                serde_json::json!({"id": "d3", "at": at, "from": "ns_ke", "to": "police",
                    "data": ["personal.identity"], "subjects": [], "purpose": "law_enforcement",
                    "context": {"response": "KE-2025"}}),
            ],
        ),
        (
            crate::language::COMBINED,
            [
                vec!["location.admin2", "incidents"],
                vec!["location.admin2", "incidents.gbv", "population"],
                vec!["location.admin1", "incidents"],
            ]
            .into_iter()
            .enumerate()
            .map(|(i, data)| {
                serde_json::json!({"id": format!("c{i}"), "at": at, "from": "agency_ke",
                    "to": "portal", "data": data, "purpose": "coordination",
                    "context": {"response": "ke-2025"}})
            })
            .collect(),
        ),
        (
            crate::language::SCOPED,
            ["icrc_ch", "agency_ke", "krcs"]
                .into_iter()
                .map(|to| {
                    serde_json::json!({"id": to, "at": at, "from": "krcs", "to": to,
                        "data": ["personal.tracing"], "subjects": ["sought_person"],
                        "purpose": "rfl", "collected_for": "rfl",
                        "chain": [{"from": "icrc_ke", "to": "krcs", "purpose": "rfl",
                                   "at": "2026-02-01"}]})
                })
                .collect(),
        ),
    ];
    for (policy, flows) in cases {
        let engine = Engine::from_sources([("p.policy", policy)]).expect("compiles");
        let mut plugin = load(&plugin_bytes(&engine));
        assert_eq!(plugin.policy_hash(), engine.policy().hash);
        for flow in flows.iter().map(|f| f.to_string()) {
            assert_eq!(
                plugin.decide_json(&flow).json,
                engine.decide_json(&flow).to_json(),
                "{flow}"
            );
            assert_eq!(
                plugin.decide_json_in(&flow, mandate::words::Lang::FR).json,
                engine
                    .decide_json_in(&flow, mandate::words::Lang::FR)
                    .to_json(),
                "{flow}"
            );
        }
    }
}

/// Set conditions, and flows that carry no data, decide in the plugin as natively.
#[test]
fn set_conditions_and_flows_without_data_run_as_a_plugin() {
    let policy = format!(
        "{}\ndeny \"All\" when data all of [a] and purpose any of [p] cite \"t\"\n\
         deny \"None\" when data none of [a] and subjects other than [customer] cite \"t\"\n\
         deny \"Other\" when data other than [a, b.w] and purpose none of [s] cite \"t\"\n",
        crate::sets::VOCABULARY
    );
    let engine = Engine::from_sources([("p.policy", policy.as_str())]).expect("compiles");
    let mut plugin = load(&plugin_bytes(&engine));
    for data in [vec![], vec!["a.x"], vec!["a.x", "b"], vec!["b.w"]] {
        for purpose in ["p.q", "s"] {
            for subjects in [vec![], vec!["customer"], vec!["employee"]] {
                let flow = serde_json::json!({"id": "f", "at": "2026-03-01T12:00:00Z",
                    "from": "one", "to": "two", "data": data, "purpose": purpose,
                    "subjects": subjects})
                .to_string();
                assert_eq!(
                    plugin.decide_json(&flow).json,
                    engine.decide_json(&flow).to_json(),
                    "{flow}"
                );
            }
        }
    }
}

#[test]
fn the_unpatched_guest_denies_every_flow() {
    let err = Plugin::load(
        mandate::plugin::guest().expect("this build has the guest"),
        Limits::default(),
    )
    .err()
    .expect("a guest without a policy is refused");
    assert!(err.to_string().contains("policy does not load"), "{err}");
}

#[test]
fn native_wasmtime_and_node_agree_byte_for_byte() {
    let engine = engine();
    let bytes = plugin_bytes(&engine);
    let mut plugin = load(&bytes);
    let bundled = bundled_flows();
    let mut flows = bundled.clone();
    flows.extend(generate::flows(&bundled, 3000, 20_261_123));

    let native: Vec<String> = flows
        .iter()
        .map(|f| engine.decide_json(f).to_json())
        .collect();
    let hosted: Vec<String> = flows.iter().map(|f| plugin.decide_json(f).json).collect();
    // The generator must reach every kind of outcome, or agreement proves little.
    for needle in [
        r#""decision":"allow""#,
        r#""kind":"forbidden""#,
        r#""kind":"not_permitted""#,
        r#""kind":"gap""#,
        r#""kind":"error""#,
        r#""decision":"review""#,
    ] {
        assert!(
            native.iter().any(|d| d.contains(needle)),
            "no {needle} among the flows"
        );
    }
    for (i, (n, h)) in native.iter().zip(&hosted).enumerate() {
        assert_eq!(n, h, "wasmtime differs on flow {i}: {}", flows[i]);
    }

    let dir = TempDir::new("plugin-node");
    let wasm = dir.path().join("policy.wasm");
    std::fs::write(&wasm, &bytes).expect("write the plugin");
    let input = dir.path().join("flows.json");
    std::fs::write(&input, serde_json::to_string(&flows).expect("json")).expect("write flows");
    let output = Command::new("node")
        .arg(Path::new("examples/node/evaluate.mjs"))
        .arg(&wasm)
        .arg(&input)
        .output()
        .expect("node runs (`bash .ci/setup` installs it)");
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let from_node = String::from_utf8(output.stdout).expect("UTF-8");
    let from_node: Vec<&str> = from_node.lines().collect();
    assert_eq!(from_node.len(), native.len());
    for (i, (n, j)) in native.iter().zip(&from_node).enumerate() {
        assert_eq!(n, j, "node differs on flow {i}: {}", flows[i]);
    }

    // Flow files as people write them: one flow per file (pretty-printed, as bundled), a JSON
    // array of flow objects, and JSON lines; several files in one run.
    let single = dir.path().join("one.json");
    std::fs::write(&single, &bundled[0]).expect("write a flow");
    let values: Vec<serde_json::Value> = bundled[1..4]
        .iter()
        .map(|f| serde_json::from_str(f).expect("a bundled flow is JSON"))
        .collect();
    let array = dir.path().join("array.json");
    std::fs::write(&array, serde_json::to_string(&values).expect("json")).expect("write");
    let lines: String = bundled[4..7]
        .iter()
        .map(|f| {
            let v: serde_json::Value = serde_json::from_str(f).expect("JSON");
            format!("{v}\n")
        })
        .collect();
    let jsonl = dir.path().join("flows.jsonl");
    std::fs::write(&jsonl, format!("{lines}not json\n")).expect("write");
    let output = Command::new("node")
        .arg(Path::new("examples/node/evaluate.mjs"))
        .arg(&wasm)
        .args([&single, &array, &jsonl])
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let from_node = String::from_utf8(output.stdout).expect("UTF-8");
    let mut expected: Vec<String> = bundled[..7]
        .iter()
        .map(|f| engine.decide_json(f).to_json())
        .collect();
    expected.push(engine.decide_json("not json").to_json());
    assert_eq!(from_node.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn memory_does_not_grow_over_many_calls() {
    // 20,000 calls by default (the README's test command): a leak of a few bytes a call adds
    // up to more than a 64 KiB page after warm-up. A longer soak sets MANDATE_PLUGIN_CALLS
    // (docs/robustness.md).
    let calls: usize = std::env::var("MANDATE_PLUGIN_CALLS")
        .ok()
        .map(|n| {
            n.parse()
                .expect("MANDATE_PLUGIN_CALLS is a number of calls")
        })
        .unwrap_or(20_000);
    assert!(calls > 2_000, "at least 2,000 calls, past the warm-up");
    let engine = engine();
    let mut plugin = load(&plugin_bytes(&engine));
    let flows = bundled_flows();
    let native: Vec<String> = flows
        .iter()
        .map(|f| engine.decide_json(f).to_json())
        .collect();
    let mut warm = 0;
    for i in 0..calls {
        let at = i % flows.len();
        assert_eq!(plugin.decide_json(&flows[at]).json, native[at]);
        if i == 999 {
            warm = plugin.memory_bytes().expect("a live instance");
        }
    }
    assert_eq!(
        plugin.memory_bytes(),
        Some(warm),
        "memory grew after warm-up"
    );
}

#[test]
fn the_allocator_never_overwrites_the_embedded_policy() {
    let engine = engine();
    let json = serde_json::to_string(engine.policy()).expect("json");
    let mut plugin = load(&plugin_bytes(&engine));
    let flow = bundled_flows().remove(0);
    let before = plugin.memory_bytes().expect("live");
    // Flows near the size limit make the guest's heap grow well past where it began.
    let big: serde_json::Value = serde_json::from_str(&flow).expect("json");
    let mut big = big.as_object().expect("object").clone();
    // Known names only: thousands of unknown ones cost the did-you-mean search more fuel
    // than a decision is given.
    let known = big["data"].clone();
    big.insert("data".into(), vec![known[0].clone(); 4000].into());
    big.insert("id".into(), "f".repeat(600_000).into());
    let big = serde_json::Value::Object(big).to_string();
    assert!(big.len() > 700_000);
    for _ in 0..20 {
        assert_eq!(
            plugin.decide_json(&big).json,
            engine.decide_json(&big).to_json()
        );
        plugin.decide_json(&flow);
    }
    let after = plugin.memory_bytes().expect("live");
    assert!(after > before, "the heap did not grow: {before} -> {after}");
    let memory = plugin.memory().expect("live");
    let at = memory
        .windows(64)
        .position(|w| w == &json.as_bytes()[..64])
        .expect("the policy is in memory");
    assert_eq!(&memory[at..at + json.len()], json.as_bytes());
    assert_eq!(
        plugin.decide_json(&flow).json,
        engine.decide_json(&flow).to_json()
    );
}

/// Runs the `mandate` binary in the package root with a cache folder of the test's own, and
/// its key beside it (never the user's own).
fn mandate(args: &[&str], cache: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mandate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("MANDATE_CACHE_DIR", cache)
        .env("MANDATE_CACHE_KEY", cache.with_extension("key"))
        .output()
        .expect("the binary runs")
}

#[test]
fn compile_and_check_plugin_from_the_command_line() {
    let dir = TempDir::new("plugin-cli");
    let cache = dir.path().join("cache");
    let wasm = dir.path().join("policy.wasm");
    let wasm = wasm.to_str().expect("UTF-8 path");
    let out = mandate(&["compile", "--policy", PACK, "--wasm", "-o", wasm], &cache);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The JSON form loads back into an engine with the same hash.
    let json = dir.path().join("policy.json");
    let json = json.to_str().expect("UTF-8 path");
    let out = mandate(&["compile", "--policy", PACK, "-o", json], &cache);
    assert_eq!(out.status.code(), Some(0));
    let loaded = Engine::from_compiled_json(&std::fs::read_to_string(json).expect("written"))
        .expect("the compiled JSON loads");
    assert_eq!(loaded.policy().hash, engine().policy().hash);

    // One flow at a time: the same output and exit code as with --policy.
    for name in [
        "01-gbv-referral-with-consent-allowed.json",
        "25-police-request-awaiting-dpo-review.json",
        "32-fingerprints-to-immigration-for-removal-denied.json",
        "53-unknown-party-error.json",
    ] {
        let flow = format!("{PACK}/flows/{name}");
        for format in ["json", "text"] {
            let native = mandate(
                &[
                    "check", "--policy", PACK, "--flow", &flow, "--format", format,
                ],
                &cache,
            );
            let plugin = mandate(
                &[
                    "check", "--plugin", wasm, "--flow", &flow, "--format", format,
                ],
                &cache,
            );
            assert_eq!(plugin.stdout, native.stdout, "{name} ({format})");
            assert_eq!(plugin.status.code(), native.status.code(), "{name}");
        }
    }
    // The first start filled the cache.
    let cached = std::fs::read_dir(&cache)
        .expect("the cache folder exists")
        .count();
    assert_eq!(cached, 1, "one precompiled module");

    // JSON Lines, with a malformed line in the middle.
    let lines: Vec<String> = bundled_flows()
        .iter()
        .take(5)
        .map(|f| {
            serde_json::from_str::<serde_json::Value>(f)
                .expect("json")
                .to_string()
        })
        .chain(["{not json".to_owned()])
        .collect();
    let jsonl = dir.write("flows.jsonl", &lines.join("\n"));
    let jsonl = jsonl.to_str().expect("UTF-8 path");
    let native = mandate(
        &[
            "check", "--policy", PACK, "--flow", jsonl, "--format", "json",
        ],
        &cache,
    );
    let plugin = mandate(
        &[
            "check", "--plugin", wasm, "--flow", jsonl, "--format", "json",
        ],
        &cache,
    );
    assert_eq!(plugin.stdout, native.stdout);
    assert_eq!(plugin.status.code(), Some(2));
}

/// Limits with a cache folder in `dir`, and its key in a folder beside it.
fn cached(dir: &TempDir) -> Limits {
    Limits {
        cache_dir: Some(dir.path().join("cache")),
        cache_key: Some(dir.path().join("config").join("cache.key")),
        ..Limits::default()
    }
}

/// The one entry in the cache folder.
fn only_entry(limits: &Limits) -> std::path::PathBuf {
    let cache = limits.cache_dir.as_ref().expect("a cache");
    let entries: Vec<_> = std::fs::read_dir(cache)
        .expect("the cache folder exists")
        .map(|e| e.expect("readable").path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries.into_iter().next().expect("one entry")
}

/// Asserts that the plugin decides every bundled flow as the native engine does.
fn decides_as_natively(plugin: &mut Plugin, engine: &Engine) {
    for flow in bundled_flows() {
        assert_eq!(
            plugin.decide_json(&flow).json,
            engine.decide_json(&flow).to_json(),
            "{flow}"
        );
    }
}

#[test]
fn a_corrupt_cache_entry_is_compiled_again() {
    let dir = TempDir::new("plugin-cache");
    let engine = engine();
    let bytes = plugin_bytes(&engine);
    let limits = cached(&dir);
    let first = Plugin::load(&bytes, limits.clone()).expect("loads and caches");
    assert!(first.warnings().is_empty(), "{:?}", first.warnings());
    let entry = only_entry(&limits);
    let second = Plugin::load(&bytes, limits.clone()).expect("loads from the cache");
    assert!(second.warnings().is_empty(), "{:?}", second.warnings());
    std::fs::write(&entry, b"garbage").expect("overwrite");
    let mut plugin = Plugin::load(&bytes, limits).expect("recompiles");
    assert_eq!(
        plugin.warnings(),
        [CacheWarning::Refused {
            entry: entry.clone(),
            why: EntryProblem::NotAnEntry
        }]
    );
    assert!(
        plugin.warnings()[0]
            .to_string()
            .contains("is ignored and compiled again"),
        "{:?}",
        plugin.warnings()
    );
    decides_as_natively(&mut plugin, &engine);
    assert!(std::fs::read(&entry).expect("rewritten").len() > 1000);
}

/// The file range of the `.text` section (the machine code) of the ELF object inside a cache
/// entry, wherever the entry's own header puts it.
fn machine_code(entry: &[u8]) -> std::ops::Range<usize> {
    let elf = entry
        .windows(4)
        .position(|w| w == b"\x7fELF")
        .expect("wasmtime's ELF object");
    let object = &entry[elf..];
    let u16_at = |at: usize| u16::from_le_bytes(object[at..at + 2].try_into().expect("2")) as usize;
    let u64_at = |at: usize| u64::from_le_bytes(object[at..at + 8].try_into().expect("8")) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(object[at..at + 4].try_into().expect("4")) as usize;
    let (sections, size, count, names) = (u64_at(0x28), u16_at(0x3a), u16_at(0x3c), u16_at(0x3e));
    let header = |i: usize| sections + i * size;
    let names_at = u64_at(header(names) + 24);
    (0..count)
        .map(header)
        .find(|&h| {
            let name = names_at + u32_at(h);
            object[name..].starts_with(b".text\0")
        })
        .map(|h| {
            let start = elf + u64_at(h + 24);
            start..start + u64_at(h + 32)
        })
        .expect("a .text section")
}

#[test]
fn patched_machine_code_in_the_cache_never_runs() {
    let dir = TempDir::new("plugin-cache-patched");
    let engine = engine();
    let bytes = plugin_bytes(&engine);
    let limits = cached(&dir);
    Plugin::load(&bytes, limits.clone()).expect("loads and caches");
    let entry = only_entry(&limits);
    let mut patched = std::fs::read(&entry).expect("the entry");
    let code = machine_code(&patched);
    assert!(code.len() > 10_000, "{code:?}");
    // Every instruction becomes a breakpoint: run, it would kill the test.
    let trap: &[u8] = if cfg!(target_arch = "aarch64") {
        &[0x00, 0x00, 0x20, 0xd4] // brk #0
    } else {
        &[0xcc] // int3
    };
    for (i, byte) in patched[code].iter_mut().enumerate() {
        *byte = trap[i % trap.len()];
    }
    std::fs::write(&entry, &patched).expect("patch");
    let mut plugin = Plugin::load(&bytes, limits).expect("loads");
    assert_eq!(
        plugin.warnings(),
        [CacheWarning::Refused {
            entry: entry.clone(),
            why: EntryProblem::TagMismatch
        }]
    );
    decides_as_natively(&mut plugin, &engine);
    assert_ne!(
        std::fs::read(&entry).expect("rebuilt"),
        patched,
        "the entry was rebuilt"
    );
}

/// A pack that allows every flow: the baseline's parties and vocabulary, none of its
/// prohibitions or reviews, and one rule that allows anything.
fn permissive_engine(dir: &TempDir) -> Engine {
    let vocabulary = "use vocabulary \"humanitarian\"\n";
    for name in [
        "parties.policy",
        "agreements.policy",
        "classifications.policy",
    ] {
        let text = std::fs::read_to_string(Path::new(PACK).join(name)).expect("pack file");
        dir.write(&format!("permissive/{name}"), &text);
    }
    dir.write(
        "permissive/rules.policy",
        &format!("{vocabulary}allow \"Anything\" when true\n"),
    );
    Engine::from_path_with_library(dir.path().join("permissive"), &["policies".into()])
        .expect("the permissive pack compiles")
}

#[test]
fn another_plugins_cache_entry_under_this_plugins_name_is_not_used() {
    let dir = TempDir::new("plugin-cache-swap");
    let flow = std::fs::read_to_string(format!(
        "{PACK}/flows/29-police-request-about-unaccompanied-child-denied.json"
    ))
    .expect("the flow");
    let baseline = engine();
    let permissive = permissive_engine(&dir);
    assert!(!baseline.decide_json(&flow).is_allowed());
    assert!(permissive.decide_json(&flow).is_allowed());

    let victim = plugin_bytes(&baseline);
    let other = plugin_bytes(&permissive);
    let victim_cache = cached(&dir);
    Plugin::load(&victim, victim_cache.clone()).expect("loads and caches");
    let victim_entry = only_entry(&victim_cache);
    // The other plugin's genuine entry, made by the same user with the same key.
    let other_cache = Limits {
        cache_dir: Some(dir.path().join("other-cache")),
        ..victim_cache.clone()
    };
    let mut genuine = Plugin::load(&other, other_cache.clone()).expect("loads");
    assert!(genuine.decide_json(&flow).decision.is_allowed());
    std::fs::copy(only_entry(&other_cache), &victim_entry).expect("swap the entry");

    let mut plugin = Plugin::load(&victim, victim_cache).expect("loads");
    // The unaccompanied child's data to the police stays forbidden.
    let decision = plugin.decide_json(&flow).decision;
    assert_eq!(
        decision.kind,
        Some(mandate::eval::DenyKind::Forbidden),
        "{decision:?}"
    );
    assert_eq!(plugin.policy_hash(), baseline.policy().hash);
    assert!(
        plugin.warnings().iter().any(|w| matches!(
            w,
            CacheWarning::Refused {
                why: EntryProblem::TagMismatch,
                ..
            }
        )),
        "{:?}",
        plugin.warnings()
    );
    decides_as_natively(&mut plugin, &baseline);
}

#[cfg(unix)]
#[test]
fn a_planted_symlink_at_a_temporary_name_is_never_followed() {
    let dir = TempDir::new("plugin-cache-symlink");
    let engine = engine();
    let bytes = plugin_bytes(&engine);
    let limits = cached(&dir);
    Plugin::load(&bytes, limits.clone()).expect("loads and caches");
    let entry = only_entry(&limits);
    std::fs::remove_file(&entry).expect("remove the entry");
    let precious = dir.write("precious.txt", "must stay as it is");
    // The name an earlier version wrote through (`<entry>.tmp-<pid>`), and the entry's own.
    let planted = entry.with_extension(format!("tmp-{}", std::process::id()));
    std::os::unix::fs::symlink(&precious, &planted).expect("plant a symlink");
    Plugin::load(&bytes, limits.clone()).expect("loads");
    assert_eq!(
        std::fs::read_to_string(&precious).expect("still there"),
        "must stay as it is"
    );
    assert!(
        std::fs::symlink_metadata(&entry)
            .expect("a new entry")
            .file_type()
            .is_file()
    );
    // A symlink planted at the entry's own name is not read through either: the entry is
    // replaced by a real file and the target left alone.
    std::fs::remove_file(&entry).expect("remove the entry");
    std::os::unix::fs::symlink(&precious, &entry).expect("plant a symlink");
    let mut plugin = Plugin::load(&bytes, limits).expect("loads");
    assert_eq!(
        std::fs::read_to_string(&precious).expect("still there"),
        "must stay as it is"
    );
    assert!(
        std::fs::symlink_metadata(&entry)
            .expect("the entry")
            .file_type()
            .is_file()
    );
    decides_as_natively(&mut plugin, &engine);
}

#[cfg(unix)]
#[test]
fn check_warns_and_skips_a_cache_folder_others_can_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("plugin-cache-shared");
    let wasm = dir.path().join("policy.wasm");
    std::fs::write(&wasm, plugin_bytes(&engine())).expect("write the plugin");
    // A folder name with a terminal escape in it: the warning shows it escaped.
    let cache = dir.path().join("cache\u{1b}[32mALLOW");
    std::fs::create_dir(&cache).expect("cache folder");
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let flow = format!("{PACK}/flows/29-police-request-about-unaccompanied-child-denied.json");
    let args = [
        "check",
        "--plugin",
        wasm.to_str().expect("UTF-8"),
        "--flow",
        &flow,
    ];
    let out = mandate(&args, &cache);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("can be written by other users (mode 777)")
            && stderr.contains("compiled without the cache"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}') && stderr.contains("\\u{1b}"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&cache).expect("listing").count(), 0);

    // Made private, the folder is used; an entry tampered with afterwards is reported.
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let out = mandate(&args, &cache);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entry = std::fs::read_dir(&cache)
        .expect("listing")
        .next()
        .expect("an entry")
        .expect("readable")
        .path();
    let mut bytes = std::fs::read(&entry).expect("the entry");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&entry, &bytes).expect("tamper");
    let out = mandate(&args, &cache);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning: the cache entry")
            && stderr
                .contains("is ignored and compiled again: its authentication tag does not match"),
        "{stderr}"
    );

    // In French, the same warning in French words.
    let mut bytes = std::fs::read(&entry).expect("the rebuilt entry");
    bytes[middle] ^= 1;
    std::fs::write(&entry, &bytes).expect("tamper again");
    let french: Vec<&str> = args.iter().copied().chain(["--lang", "fr"]).collect();
    let out = mandate(&french, &cache);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("avertissement : l'entrée de cache")
            && stderr.contains("est ignorée et le greffon compilé à nouveau"),
        "{stderr}"
    );
}

#[test]
fn a_broken_plugin_denies_every_flow_as_an_error() {
    let dir = TempDir::new("plugin-broken");
    let bad = dir.path().join("bad.wasm");
    std::fs::write(&bad, b"\0asm\x01\0\0\0").expect("write");
    let flow = format!("{PACK}/flows/01-gbv-referral-with-consent-allowed.json");
    let out = mandate(
        &[
            "check",
            "--plugin",
            bad.to_str().expect("UTF-8"),
            "--flow",
            &flow,
            "--format",
            "json",
        ],
        &dir.path().join("cache"),
    );
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(r#"{"decision":"deny","kind":"error""#),
        "{stdout}"
    );
    assert!(
        stdout.contains("ke-ref-0001"),
        "the flow id is kept: {stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not follow the mandate ABI"));
}

/// The parameterised obligations (k-anonymity, re-identification risk) come out of a plugin
/// byte for byte as the native engine writes them.
#[test]
fn parameterised_obligations_are_byte_identical_in_a_plugin() {
    let engine = Engine::from_sources([(
        "p.policy",
        r#"policy "t" version "1"
category personal personal
category personal.age
category place
purpose research
party kind university
party office kind university jurisdiction "KE"
party uni kind university jurisdiction "KE"
allow "Microdata"
  when recipient is university and purpose within research
  require k-anonymity on [personal.age, place] with k >= 5 suppressing at most 2.5%,
          reidentification risk at most 3% on [personal.age]
  cite "c"
require "Stricter"
  when recipient is university
  require k-anonymity on [place] with k >= 10, reidentification risk at most 0.5% on [place]
  cite "c"
"#,
    )])
    .expect("compiles");
    let mut plugin = load(&plugin_bytes(&engine));
    let flow = r#"{"id":"f","at":"2026-05-12T09:00:00Z","from":"office","to":"uni","data":["personal.age"],"purpose":"research"}"#;
    let native = engine.decide_json(flow).to_json();
    assert!(native.contains("\"k_anonymity\""), "{native}");
    assert!(
        native.contains("reidentification risk at most 0.5%"),
        "{native}"
    );
    assert_eq!(plugin.decide_json(flow).json, native);
}
