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

    /// POSTs with an `Accept-Language` header.
    fn post_in(&self, path: &str, body: &[u8], accept_language: &str) -> (u16, String) {
        let mut r = self
            .agent
            .post(&format!("{}{path}", self.base))
            .content_type("application/json")
            .header("Accept-Language", accept_language)
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
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["code"], "serve.body_too_large", "{body}");
    assert_eq!(v["max_bytes"], 2048, "{body}");
    let (got, body) = s.post("/v1/decide?lang=fr", &vec![b' '; 4096]);
    assert_eq!(got, 413, "{body}");
    assert!(body.contains("dépasse 2048 octets"), "{body}");

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
    assert_eq!(v["errors"][0]["code"], "flow.not_json", "{body}");
    assert!(
        v["reason"].as_str().expect("reason").contains(
            "the body is not JSON (the reader could go no further than line 1, column 1)"
        ),
        "{body}"
    );
    // The same in French, with the code unchanged.
    let (got, body) = s.post("/v1/decide?lang=fr", b"hello");
    assert_eq!(got, 400, "{body}");
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["errors"][0]["code"], "flow.not_json", "{body}");
    assert!(body.contains("n'est pas du JSON"), "{body}");

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

/// A small pack whose last rule forbids a flow its first rule allows: cut before that rule,
/// the file still compiles and allows the flow.
const GUARDED: &str = "policy \"t\" version \"1\"\ncategory personal\ncategory personal.secret\n\
    subject s\npurpose p\nparty kind k\nparty a kind k jurisdiction \"KE\"\n\
    party b kind k jurisdiction \"KE\"\nallow \"r\" when purpose within p cite \"c\"\n";
const GUARD: &str = "deny \"never secrets\" when data includes personal.secret cite \"c\"\n";
const SECRET: &str = r#"{"id":"f","at":"2026-01-01T00:00:00Z","from":"a","to":"b","data":["personal.secret"],"subjects":["s"],"purpose":"p"}"#;

/// A file saved in pieces, each less than the watcher's quiet time after the one before,
/// is compiled once, whole: the forbidden flow is never allowed while it is written.
#[test]
fn a_policy_saved_in_pieces_is_never_served_half_written() {
    use std::io::Write;
    let tmp = TempDir::new("serve-pieces");
    let pack = tmp.path().join("pack");
    std::fs::create_dir_all(&pack).expect("folder");
    let file = pack.join("p.policy");
    std::fs::write(&file, format!("{GUARDED}{GUARD}")).expect("write");
    let s = Server::start(&pack.to_string_lossy(), &[]);
    let stop = std::sync::atomic::AtomicBool::new(false);
    // The asking thread stops when this test ends, failed or not.
    struct Stop<'a>(&'a std::sync::atomic::AtomicBool);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            self.0.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
    let allowed = std::sync::atomic::AtomicUsize::new(0);
    let asked = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let _stop = Stop(&stop);
        scope.spawn(|| {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let (_, body) = s.post("/v1/decide", SECRET.as_bytes());
                asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if body.contains("\"decision\":\"allow\"") {
                    allowed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        // The rule is written last, 150 ms after each piece before it: 600 ms in all.
        let mut out = std::fs::File::create(&file).expect("truncate");
        out.write_all(GUARDED.as_bytes()).expect("piece");
        for piece in ["# saved\n", "# in\n", "# pieces\n", GUARD] {
            std::thread::sleep(Duration::from_millis(150));
            out.write_all(piece.as_bytes()).expect("piece");
            out.flush().expect("flush");
        }
        drop(out);
        let settled = wait_for(&s, |p| p["last_reload"]["ok"] == true);
        assert_eq!(settled["rules"], 2, "the whole file is in service");
        std::thread::sleep(Duration::from_millis(300));
    });
    assert!(asked.into_inner() > 20, "the flow was asked throughout");
    assert_eq!(allowed.into_inner(), 0, "a half-written policy was served");
}

/// Reads from `stream` until the server closes it; how long that took, or `None` if it
/// stayed open for `patience`.
fn closed_within(stream: &mut std::net::TcpStream, patience: Duration) -> Option<Duration> {
    use std::io::Read;
    let start = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let mut buf = [0u8; 4096];
    while start.elapsed() < patience {
        match stream.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(start.elapsed()),
        }
    }
    None
}

/// Sends `head` (and no more) on a new connection and returns what the server answers
/// before it closes the connection, within `patience`.
fn raw(s: &Server, head: &str, patience: Duration) -> (String, Option<Duration>) {
    use std::io::{Read, Write};
    let addr = s.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream.write_all(head.as_bytes()).expect("send");
    let start = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < patience {
        match stream.read(&mut buf) {
            Ok(0) => {
                return (
                    String::from_utf8_lossy(&got).into_owned(),
                    Some(start.elapsed()),
                );
            }
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
    (String::from_utf8_lossy(&got).into_owned(), None)
}

/// Idle and slow clients are cut off: a connection that sends nothing, or headers that
/// never end, is closed after the header timeout; a body that never ends gets 408 after the
/// body timeout; a declared length over the limit gets 413 at once; a non-UTF-8 body gets the
/// documented 400 on both routes; and the service answers throughout.
#[test]
fn idle_and_slow_clients_are_cut_off() {
    let s = Server::start(
        BASELINE,
        &[
            "--header-timeout-ms",
            "500",
            "--body-timeout-ms",
            "500",
            "--timeout-ms",
            "60000",
        ],
    );
    let addr = s.base.trim_start_matches("http://").to_owned();
    let mut idle = std::net::TcpStream::connect(&addr).expect("connects");
    let closed = closed_within(&mut idle, Duration::from_secs(5));
    assert!(closed.is_some(), "an idle connection stays open");

    let (_, closed) = raw(
        &s,
        "POST /v1/decide HTTP/1.1\r\nHost: x\r\n",
        Duration::from_secs(5),
    );
    assert!(
        closed.is_some(),
        "headers that never end keep the connection"
    );

    let (answer, _) = raw(
        &s,
        "POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"id\":",
        Duration::from_secs(5),
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"decision\":\"deny\""), "{answer}");

    let started = Instant::now();
    let (answer, _) = raw(
        &s,
        "POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n",
        Duration::from_secs(5),
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(2), "413 at once");

    for path in ["/v1/decide", "/v1/explain"] {
        let (got, body) = s.post(path, &[b'{', 0xff, 0xfe, b'}']);
        assert_eq!(got, 400, "{path}: {body}");
        documented("post", path, got, &body);
        assert!(body.contains("not UTF-8"), "{body}");
    }
    assert_eq!(s.get("/health").0, 200);
}

/// Connections over `--max-connections` are closed on arrival, and once the idle ones go,
/// the service answers again.
#[test]
fn connections_over_the_cap_are_closed_and_the_service_recovers() {
    let s = Server::start(BASELINE, &["--max-connections", "4"]);
    let addr = s.base.trim_start_matches("http://").to_owned();
    let held: Vec<std::net::TcpStream> = (0..4)
        .map(|_| std::net::TcpStream::connect(&addr).expect("connects"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut extra = std::net::TcpStream::connect(&addr).expect("the kernel accepts");
    assert!(
        closed_within(&mut extra, Duration::from_secs(5)).is_some(),
        "a fifth connection is served"
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(s.get("/health").0, 200);
    let (_, metrics) = s.get("/metrics");
    assert!(
        metrics.contains("mandate_connections_refused_total 1"),
        "{metrics}"
    );
}

/// A batch that runs out of time answers with what was decided: the decided flows are
/// exactly those in the log, the rest say they were not decided; the one turn it held is
/// shared with `/v1/explain` (the limit is global, not per route); and SIGTERM after it stops
/// at once.
#[test]
fn a_batch_out_of_time_answers_what_was_decided_and_limits_are_global() {
    let tmp = TempDir::new("serve-batch-time");
    let log = tmp.path().join("log").to_string_lossy().into_owned();
    let mut s = Server::start(
        BASELINE,
        &[
            "--log",
            &log,
            "--log-key",
            &tmp.path().join("key").to_string_lossy(),
            "--timeout-ms",
            "2000",
            "--max-concurrency",
            "1",
            "--max-body-bytes",
            "64000000",
        ],
    );
    let one: Value = serde_json::from_str(&flow("01-")).expect("JSON");
    let one = one.to_string();
    let batch = format!("[{}]", vec![one.as_str(); 10_000].join(","));
    let (status, body, waited) = std::thread::scope(|scope| {
        let decided = scope.spawn(|| s.post("/v1/decide", batch.as_bytes()));
        std::thread::sleep(Duration::from_millis(300));
        let asked = Instant::now();
        let (got, _) = s.post("/v1/explain", flow("01-").as_bytes());
        let waited = asked.elapsed();
        assert!(got == 200 || got == 503, "{got}");
        let (status, body) = decided.join().expect("the batch");
        (status, body, waited)
    });
    assert_eq!(status, 503);
    let answers: Vec<Value> = serde_json::from_str(&body).expect("an array of decisions");
    assert_eq!(answers.len(), 10_000);
    let undecided = answers
        .iter()
        .filter(|d| {
            d["reason"]
                .as_str()
                .is_some_and(|r| r.starts_with("not decided"))
        })
        .count();
    assert!(undecided > 0, "the batch ran out of time");
    assert!(answers.iter().all(|d| d["decision"].is_string()));
    assert!(
        waited > Duration::from_millis(1000),
        "the explanation did not wait for the batch's turn ({waited:?})"
    );
    let stopping = Instant::now();
    s.signal("TERM");
    let exit = s.child.wait().expect("the server stops");
    assert!(exit.success(), "{exit:?}");
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "SIGTERM waited"
    );
    let verified = common::mandate(
        &[
            "log",
            "verify",
            &log,
            "--format",
            "json",
            "--key",
            &tmp.path().join("key").to_string_lossy(),
        ],
        None,
    );
    let report: Value = serde_json::from_slice(&verified.stdout).unwrap_or(Value::Null);
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    assert_eq!(
        report["records"],
        10_000 - undecided,
        "the log matches the answer"
    );
}

/// `Accept-Language` picks the language of the words in explanations and decisions (the
/// best language with a message file, English when none has one); `?lang=` asks for one
/// outright; `Content-Language` names the language of the answer.
#[test]
fn accept_language_picks_the_language_of_the_words() {
    use mandate::words::Lang;
    let s = Server::start(BASELINE, &[]);
    let engine = mandate::Engine::from_path(BASELINE).expect("compiles");
    let text = flow("08-");
    let note = |lang| {
        mandate::explain::explain_json_in(engine.policy(), &text, lang)
            .remedies
            .note
    };
    assert_ne!(note(Lang::FR), note(Lang::EN), "the French note differs");
    for (header, lang) in [
        ("fr-CH, fr;q=0.9, en;q=0.8", Lang::FR),
        ("de-DE, fr;q=0.5", Lang::FR),
        ("de-DE, es", Lang::EN),
        ("en-GB", Lang::EN),
    ] {
        let (got, body) = s.post_in("/v1/explain", text.as_bytes(), header);
        assert_eq!(got, 200, "{header}: {body}");
        documented("post", "/v1/explain", got, &body);
        let v: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(v["remedies"]["note"], note(lang).as_str(), "{header}");
        let (got, body) = s.post_in("/v1/decide", text.as_bytes(), header);
        assert_eq!(got, 200, "{header}: {body}");
        assert_eq!(
            body,
            engine.decide_json_in(&text, lang).to_json(),
            "{header}"
        );
    }
    let (got, body) = s.post_in("/v1/explain?lang=fr", text.as_bytes(), "en");
    assert_eq!(got, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        v["remedies"]["note"],
        note(Lang::FR).as_str(),
        "?lang= wins"
    );
    let (got, body) = s.post("/v1/explain?lang=xx", text.as_bytes());
    assert_eq!(
        got, 200,
        "a language without words falls back to English: {body}"
    );
    let v: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["remedies"]["note"], note(Lang::EN).as_str());
    let r = s
        .agent
        .post(&format!("{}/v1/decide", s.base))
        .content_type("application/json")
        .header("Accept-Language", "fr")
        .send(text.as_bytes())
        .expect("the server answers");
    assert_eq!(
        r.headers()
            .get("content-language")
            .and_then(|v| v.to_str().ok()),
        Some("fr"),
        "the answer names its language"
    );
}

const SHADOW_BASE: &str = "policy \"t\" version \"1\"\ncategory personal\ncategory health\n\
                           subject s\npurpose p\nparty kind k\nparty a kind k jurisdiction \"KE\"\n\
                           allow \"all\" when purpose within p cite \"c\"\n";
const NO_HEALTH: &str = "deny \"no health\" when data includes health cite \"c\"\n";

fn shadow_flow(id: &str, data: &str) -> String {
    format!(
        r#"{{"id":"{id}","at":"2026-01-01T00:00:00Z","from":"a","to":"a","data":["{data}"],"subjects":["s"],"purpose":"p"}}"#
    )
}

/// Waits until `/metrics` holds `line`, for at most 20 seconds.
fn wait_for_metric(s: &Server, line: &str) -> String {
    let start = Instant::now();
    loop {
        let (_, metrics) = s.get("/metrics");
        if metrics.lines().any(|l| l == line) {
            return metrics;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no `{line}` in {metrics}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_shadow_policy_is_compared_counted_logged_and_reloaded_but_never_answers() {
    let tmp = TempDir::new("serve-shadow");
    let live = tmp.write("live/p.policy", SHADOW_BASE);
    let candidate = tmp.write("candidate/p.policy", &format!("{SHADOW_BASE}{NO_HEALTH}"));
    let arg = |p: &Path| p.to_string_lossy().into_owned();
    let (log, shadow_log) = (
        arg(&tmp.path().join("log")),
        arg(&tmp.path().join("shadow")),
    );
    let key = arg(&tmp.path().join("key"));
    let s = Server::start(
        &arg(&live),
        &[
            "--shadow",
            &arg(candidate.parent().expect("its folder")),
            "--shadow-log",
            &shadow_log,
            "--log",
            &log,
            "--log-key",
            &key,
        ],
    );
    let policy = s.json("/v1/policy");
    let (live_hash, shadow_hash) = (&policy["hash"], &policy["shadow"]["hash"]);
    assert!(
        shadow_hash.is_string() && live_hash != shadow_hash,
        "{policy}"
    );

    // The live policy answers: the health flow is allowed, though the candidate forbids it.
    let (got, body) = s.post("/v1/decide", shadow_flow("h1", "health").as_bytes());
    assert_eq!(got, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["decision"], "allow");
    assert_eq!(&answer["policy"], live_hash);
    let batch = format!(
        "[{},{}]",
        shadow_flow("p1", "personal"),
        shadow_flow("h2", "health")
    );
    let (got, _) = s.post("/v1/decide", batch.as_bytes());
    assert_eq!(got, 200);
    wait_for_metric(
        &s,
        "mandate_shadow_disagreements_total{old=\"allow\",new=\"forbidden\"} 2",
    );

    // The disagreements are a log of their own: the candidate's decisions, verified.
    let verified = common::mandate(
        &[
            "log",
            "verify",
            &shadow_log,
            "--key",
            &key,
            "--format",
            "json",
        ],
        None,
    );
    let report: Value = serde_json::from_slice(&verified.stdout).expect("JSON");
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    assert_eq!(report["records"], 2);
    let records = std::fs::read_to_string(Path::new(&shadow_log).join("decisions.jsonl"))
        .expect("the disagreements");
    assert!(
        records.lines().all(|l| l.contains("\"decision\":\"deny\"")
            && l.contains(shadow_hash.as_str().expect("hash")))
    );

    // The candidate reloads on change: now it agrees with the live policy.
    std::fs::write(&candidate, SHADOW_BASE).expect("edit");
    let after = wait_for(&s, |p| p["shadow"]["hash"] == p["hash"]);
    assert_eq!(after["shadow"]["last_reload"]["ok"], true);
    assert_eq!(&after["hash"], live_hash, "the live policy is unchanged");
    let (got, _) = s.post("/v1/decide", shadow_flow("h3", "health").as_bytes());
    assert_eq!(got, 200);
    let (got, _) = s.post("/v1/decide", shadow_flow("h4", "health").as_bytes());
    assert_eq!(got, 200);
    std::thread::sleep(Duration::from_millis(300));
    let (_, metrics) = s.get("/metrics");
    assert!(
        metrics.contains("mandate_shadow_disagreements_total{old=\"allow\",new=\"forbidden\"} 2\n"),
        "{metrics}"
    );
}
