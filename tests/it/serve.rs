//! `mandate serve` as a client sees it: the real binary on a free loopback port, called
//! over HTTP. Every endpoint against the OpenAPI document, reloads with a good and a broken
//! policy (file change and SIGHUP), limits, malformed bodies, and a graceful shutdown that
//! loses no logged decision.

use crate::common;

use common::{BASELINE, TempDir, baseline_flows};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Server {
    fn start(policy: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mandate"))
            .args(["serve", "--policy", policy, "--addr", "127.0.0.1:0"])
            .args(extra)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the server prints its address");
        let base = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("an address")
            .to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{line}");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Server { child, base, agent }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut r = self
            .agent
            .get(&format!("{}{path}", self.base))
            .call()
            .expect("the server answers");
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().expect("a body"))
    }

    fn post(&self, path: &str, body: &[u8]) -> (u16, String) {
        let mut r = self
            .agent
            .post(&format!("{}{path}", self.base))
            .content_type("application/json")
            .send(body)
            .expect("the server answers");
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().expect("a body"))
    }

    fn json(&self, path: &str) -> Value {
        serde_json::from_str(&self.get(path).1).expect("JSON")
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "signal {name} delivered");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn flow(prefix: &str) -> String {
    baseline_flows()
        .into_iter()
        .find(|(n, _)| n.starts_with(prefix))
        .expect("the flow exists")
        .1
}

fn openapi() -> Value {
    serde_json::from_str(&std::fs::read_to_string("docs/openapi.json").expect("the document"))
        .expect("the OpenAPI document is JSON")
}

/// Follows a local `$ref`.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with("#/") => {
            let target = doc
                .pointer(&r[1..])
                .unwrap_or_else(|| panic!("{r} resolves"));
            resolve(doc, target)
        }
        _ => v,
    }
}

/// Checks `value` against a schema of the document: types, enums, required properties, and
/// the same for properties and items; `oneOf` passes when any branch does.
fn conforms(doc: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    let schema = resolve(doc, schema);
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        // The flow schema lives in its own file; requests, not responses, use it.
        assert!(Path::new("docs").join(r).exists(), "{r} exists");
        return Ok(());
    }
    if let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        return if branches.iter().any(|b| conforms(doc, b, value).is_ok()) {
            Ok(())
        } else {
            Err(format!("{value} matches no branch of oneOf"))
        };
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let type_of = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    if !types.is_empty() && !types.contains(&type_of) {
        return Err(format!("{value}: expected {types:?}, found {type_of}"));
    }
    if let Some(allowed) = schema
        .get("enum")
        .and_then(Value::as_array)
        .filter(|allowed| !allowed.contains(value))
    {
        return Err(format!("{value} is not one of {allowed:?}"));
    }
    for key in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = key.as_str().expect("a name");
        if value.get(key).is_none() {
            return Err(format!("missing required `{key}` in {value}"));
        }
    }
    if let (Some(props), Some(obj)) = (schema.get("properties"), value.as_object()) {
        for (k, v) in obj {
            if let Some(s) = props.get(k) {
                conforms(doc, s, v).map_err(|e| format!("{k}: {e}"))?;
            }
        }
    }
    if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
        for v in list {
            conforms(doc, items, v)?;
        }
    }
    Ok(())
}

/// The answer must be documented for this path, method and status, and conform.
fn documented(method: &str, path: &str, status: u16, body: &str) {
    let doc = openapi();
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is documented");
    let response = op["responses"]
        .get(status.to_string())
        .unwrap_or_else(|| panic!("{method} {path} documents status {status}"));
    let response = resolve(&doc, response);
    let content = response["content"].as_object().expect("content");
    if let Some(media) = content.get("application/json") {
        let value: Value = serde_json::from_str(body).expect("the body is JSON");
        if let Err(e) = conforms(&doc, &media["schema"], &value) {
            panic!("{method} {path} {status} does not conform: {e}");
        }
    }
}

#[test]
fn the_openapi_document_lists_exactly_the_routes() {
    let doc = openapi();
    let mut listed: Vec<(String, String)> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .expect("operations")
                .keys()
                .map(|m| (m.clone(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    listed.sort();
    let mut served: Vec<(String, String)> = mandate::serve::routes::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(listed, served);
}

#[test]
fn every_endpoint_answers_as_documented() {
    let s = Server::start(BASELINE, &[]);
    let cases = [
        ("01-", 200, "allow"),
        ("31-", 200, "deny"),
        ("25-", 200, "review"),
        ("52-", 422, "deny"),
    ];
    for (prefix, status, decision) in cases {
        let (got, body) = s.post("/v1/decide", flow(prefix).as_bytes());
        assert_eq!(got, status, "{prefix}: {body}");
        documented("post", "/v1/decide", got, &body);
        let v: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(v["decision"], decision, "{prefix}");
        // The same bytes as the native engine.
        let native = mandate::Engine::from_path(BASELINE)
            .expect("compiles")
            .decide_json(&flow(prefix))
            .to_json();
        assert_eq!(
            body, native,
            "{prefix}: the service answers as the engine does"
        );
    }
    let batch = format!("[{},{}]", flow("01-"), flow("31-"));
    let (got, body) = s.post("/v1/decide", batch.as_bytes());
    assert_eq!(got, 200);
    documented("post", "/v1/decide", got, &body);
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v[0]["decision"], "allow");
    assert_eq!(v[1]["decision"], "deny");

    let (got, body) = s.post("/v1/explain", flow("08-").as_bytes());
    assert_eq!(got, 200);
    documented("post", "/v1/explain", got, &body);
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["remedies"]["status"], "found");

    for path in ["/v1/policy", "/health"] {
        let (got, body) = s.get(path);
        assert_eq!(got, 200);
        documented("get", path, got, &body);
    }
    assert_eq!(
        s.json("/v1/policy")["hash"],
        mandate::Engine::from_path(BASELINE)
            .expect("compiles")
            .policy()
            .hash
            .as_str()
    );
    let (got, metrics) = s.get("/metrics");
    assert_eq!(got, 200);
    for needle in [
        "mandate_decisions_total{outcome=\"allow\"} 2",
        "mandate_decisions_total{outcome=\"deny\"} 3",
        "mandate_decisions_total{outcome=\"review\"} 1",
        "mandate_decisions_total{outcome=\"error\"} 1",
        "mandate_request_duration_seconds_bucket",
        "mandate_request_errors_total 1",
    ] {
        assert!(metrics.contains(needle), "missing {needle} in:\n{metrics}");
    }
    let (got, body) = s.get("/v2/nothing");
    assert_eq!(got, 404);
    assert!(body.contains("\"decision\":\"deny\""), "{body}");
}

#[test]
fn oversized_and_malformed_bodies_are_refused_clearly() {
    let s = Server::start(BASELINE, &["--max-body-bytes", "2048"]);
    let (got, body) = s.post("/v1/decide", &vec![b' '; 4096]);
    assert_eq!(got, 413, "{body}");
    documented("post", "/v1/decide", got, &body);
    assert!(body.contains("larger than 2048 bytes"), "{body}");

    let (got, body) = s.post("/v1/decide", b"{\"id\": \"x\", ");
    assert_eq!(got, 400);
    documented("post", "/v1/decide", got, &body);

    let mut unknown: Value = serde_json::from_str(&flow("01-")).expect("JSON");
    unknown["colour"] = Value::String("blue".into());
    let (got, body) = s.post("/v1/decide", unknown.to_string().as_bytes());
    assert_eq!(got, 400, "{body}");
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["decision"], "deny");
    assert!(
        v["reason"].as_str().expect("reason").contains("colour"),
        "{body}"
    );

    // Not JSON at all: said in those words, not as a parser's "expected ident".
    let (got, body) = s.post("/v1/decide", b"hello");
    assert_eq!(got, 400, "{body}");
    documented("post", "/v1/decide", got, &body);
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["decision"], "deny");
    assert!(
        v["reason"]
            .as_str()
            .expect("reason")
            .starts_with("the body is not JSON: "),
        "{body}"
    );

    let (got, body) = s.post("/v1/decide", b"[1, 2");
    assert_eq!(got, 400);
    assert!(
        body.contains("a batch must be a JSON array of flows"),
        "{body}"
    );

    let (got, _) = s.post("/v1/decide", &[0xff, 0xfe, b'{']);
    assert_eq!(got, 400);

    let (got, body) = s.post("/v1/explain", b"not json");
    assert_eq!(got, 400);
    documented("post", "/v1/explain", got, &body);
    // Still serving.
    assert_eq!(s.get("/health").0, 200);
}

/// A copy of the baseline pack the test may edit; the shared vocabulary stays in the
/// repository's `policies/` folder, given with `--lib`.
fn editable_pack(tmp: &TempDir) -> (PathBuf, String) {
    let pack = tmp.path().join("pack");
    std::fs::create_dir_all(&pack).expect("folder");
    for entry in std::fs::read_dir(BASELINE).expect("the pack") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "policy") {
            std::fs::copy(&path, pack.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    let lib = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("policies")
        .to_string_lossy()
        .into_owned();
    (pack, lib)
}

/// Waits until `done` holds for the server's `/v1/policy`, for at most 20 seconds.
fn wait_for(s: &Server, done: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let p = s.json("/v1/policy");
        if done(&p) {
            return p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the policy did not change as expected: {p}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

const EXTRA_RULE: &str = r#"
allow "Tracing requests to the Central Tracing Agency (test addition)"
  when purpose within restoring_family_links and recipient is movement.icrc
  cite "test"
"#;

#[test]
fn a_changed_policy_is_reloaded_and_a_broken_one_never_replaces_it() {
    let tmp = TempDir::new("serve-reload");
    let (pack, lib) = editable_pack(&tmp);
    let pack_arg = pack.to_string_lossy().into_owned();
    let s = Server::start(&pack_arg, &["--lib", &lib]);
    let first = s.json("/v1/policy");
    let rules = pack.join("rules-permissions.policy");
    let original = std::fs::read_to_string(&rules).expect("rules");

    std::fs::write(&rules, format!("{original}{EXTRA_RULE}")).expect("edit");
    // The policy in service and the reload status are swapped one after the other: wait
    // for both.
    let second = wait_for(&s, |p| {
        p["hash"] != first["hash"] && p["last_reload"]["ok"] == true
    });
    assert_eq!(second["last_reload"]["ok"], true);
    assert_eq!(second["rules"], first["rules"].as_u64().expect("count") + 1);

    std::fs::write(
        &rules,
        format!("{original}\nallow \"Broken\" when purpose within protection.referal\n"),
    )
    .expect("break");
    let third = wait_for(&s, |p| p["last_reload"]["ok"] == false);
    assert_eq!(
        third["hash"], second["hash"],
        "the broken policy is not in service"
    );
    let error = third["last_reload"]["error"].as_str().expect("the error");
    assert!(error.contains("rules-permissions.policy:"), "{error}");
    assert!(error.contains("protection.referal"), "{error}");
    // The fix `validate` would suggest comes with it.
    assert!(
        error.contains("help: did you mean `protection.referral`?"),
        "{error}"
    );
    // Decisions go on, under the last good policy.
    let (got, body) = s.post("/v1/decide", flow("01-").as_bytes());
    assert_eq!(got, 200);
    assert!(
        body.contains(second["hash"].as_str().expect("hash")),
        "{body}"
    );
    let (_, metrics) = s.get("/metrics");
    assert!(
        metrics.contains("mandate_policy_reloads_total{result=\"error\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("mandate_policy_reloads_total{result=\"ok\"}"),
        "{metrics}"
    );
}

#[test]
fn sighup_reloads_the_policy() {
    let tmp = TempDir::new("serve-sighup");
    let (pack, lib) = editable_pack(&tmp);
    let pack_arg = pack.to_string_lossy().into_owned();
    let s = Server::start(&pack_arg, &["--lib", &lib, "--no-watch"]);
    let first = s.json("/v1/policy");
    let rules = pack.join("rules-permissions.policy");
    let original = std::fs::read_to_string(&rules).expect("rules");
    std::fs::write(&rules, format!("{original}{EXTRA_RULE}")).expect("edit");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(s.json("/v1/policy")["hash"], first["hash"], "not watching");
    s.signal("HUP");
    let after = wait_for(&s, |p| p["hash"] != first["hash"]);
    assert_eq!(after["last_reload"]["ok"], true);
}

#[test]
fn sigterm_stops_gracefully_and_loses_no_logged_decision() {
    let tmp = TempDir::new("serve-sigterm");
    let log = tmp.path().join("log").to_string_lossy().into_owned();
    let mut s = Server::start(BASELINE, &["--log", &log]);
    let flows: Vec<String> = baseline_flows().into_iter().map(|(_, t)| t).collect();
    let batch = format!("[{}]", flows.join(","));
    let (got, body) = s.post("/v1/decide", batch.as_bytes());
    assert_eq!(got, 200, "{body}");
    let (got, _) = s.post("/v1/decide", flow("31-").as_bytes());
    assert_eq!(got, 200);
    s.signal("TERM");
    let status = s.child.wait().expect("the server stops");
    assert!(status.success(), "a graceful stop exits 0: {status:?}");
    let verified = common::mandate(&["log", "verify", &log, "--format", "json"], None);
    let report: Value = serde_json::from_slice(&verified.stdout).expect("JSON");
    assert_eq!(report["problems"], serde_json::json!([]));
    assert_eq!(report["records"], flows.len() + 1);
}

#[test]
fn the_python_example_client_gates_a_transfer() {
    let s = Server::start(BASELINE, &[]);
    let tmp = TempDir::new("serve-python");
    for (prefix, want) in [("01-", 0), ("31-", 1)] {
        let file = tmp.write(&format!("{prefix}flow.json"), &flow(prefix));
        let out = Command::new("python3")
            .args(["examples/http-client/client.py"])
            .arg(&file)
            .args(["--url", &s.base])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("python3 runs");
        assert_eq!(
            out.status.code(),
            Some(want),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let file = tmp.write("08.json", &flow("08-"));
    let out = Command::new("python3")
        .args(["examples/http-client/client.py"])
        .arg(&file)
        .args(["--url", &s.base, "--explain"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("deny: forbidden by"), "{text}");
    assert!(text.contains("drop_data"), "{text}");
    // Unreachable service: fail closed with exit 2.
    let out = Command::new("python3")
        .args(["examples/http-client/client.py"])
        .arg(&file)
        .args(["--url", "http://127.0.0.1:9"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    assert_eq!(out.status.code(), Some(2));
}
