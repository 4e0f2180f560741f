//! Writes one benchmark workload to files, so that other bindings can be measured on the very
//! same fragment: `export OUT [RULES]` (RULES defaults to 100) writes into the folder OUT
//!
//! - `pack/vocabulary.policy`, `pack/rules.policy`: the mandate pack's sources, for
//!   `mandate.Engine.from_path(OUT/pack)` in the Python binding;
//! - `flows.json`: the workload's flows, an array of mandate flow JSON (what `decide()`,
//!   `verdict()` and `decide_batch()` accept);
//! - `cedar.json`: the same pack and flows in cedarpy's terms, `{"policies": text,
//!   "entities": [...], "requests": [...]}`, the requests in the flows' order, for
//!   `cedarpy.is_authorized(request, policies, entities)`;
//! - `verdicts.json`: mandate's verdict per flow (`allow`, `forbidden`, `not_permitted`),
//!   as the Rust engine gives it.
//!
//! Before writing, it checks that the Rust engines agree (Cedar allows exactly the flows
//! mandate allows); the reader must still check the binding it measures (the Python
//! benchmark `python/bench/cedar_compare.py` does). Files are written atomically.

use mandate_compare::{CedarEngine, Verdict, from_mandate, mandate_engine, workload};
use serde_json::{Value, json};
use std::io::Write as _;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: export OUT [RULES]";
    let (out, rules) = match args.as_slice() {
        [out] => (out, 100),
        [out, rules] => match rules.parse::<usize>() {
            Ok(n) => (out, n),
            Err(_) => fail(usage),
        },
        _ => fail(usage),
    };
    if let Err(e) = export(Path::new(out), rules) {
        fail(&format!("export: {e}"));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}

type Error = Box<dyn std::error::Error>;

fn export(out: &Path, rules: usize) -> Result<(), Error> {
    let (pack, flows) = workload(rules);
    let engine = mandate_engine(&pack)?;
    let cedar = CedarEngine::new(&pack, &flows)?;

    let mut verdicts = Vec::with_capacity(flows.len());
    let mut requests = Vec::with_capacity(flows.len());
    for flow in &flows {
        let outcome = from_mandate(&engine.decide(flow))
            .ok_or_else(|| format!("flow {} is decided outside the fragment", flow.id))?;
        let cedar_allows = cedar.is_allowed(&cedar.request(flow)?);
        if cedar_allows != (outcome.verdict == Verdict::Allow) {
            return Err(format!("Cedar and mandate disagree on flow {}", flow.id).into());
        }
        verdicts.push(match outcome.verdict {
            Verdict::Allow => "allow",
            Verdict::Forbidden => "forbidden",
            Verdict::NotPermitted => "not_permitted",
        });
        requests.push(cedarpy_request(
            &flow.id,
            &flow.from,
            &flow.to,
            &flow.purpose,
        ));
    }

    let policies: Vec<String> = pack
        .rules
        .iter()
        .map(|r| {
            let atoms = r
                .fragment_atoms()
                .ok_or_else(|| format!("rule {} is outside the shared fragment", r.name))?;
            Ok(CedarEngine::policy_text(
                &pack,
                r.effect == mandate::synth::Effect::Deny,
                &atoms,
            ))
        })
        .collect::<Result<_, Error>>()?;

    let pack_dir = out.join("pack");
    std::fs::create_dir_all(&pack_dir)?;
    for (name, text) in pack.sources() {
        write_atomic(&pack_dir.join(name), text.as_bytes())?;
    }
    write_atomic(&out.join("flows.json"), &serde_json::to_vec(&flows)?)?;
    let cedar_doc = json!({
        "policies": policies.join("\n"),
        "entities": CedarEngine::entities(&pack, &flows),
        "requests": requests,
    });
    write_atomic(&out.join("cedar.json"), &serde_json::to_vec(&cedar_doc)?)?;
    write_atomic(&out.join("verdicts.json"), &serde_json::to_vec(&verdicts)?)?;
    eprintln!(
        "export: {} rules, {} flows ({} allowed) written to {}",
        pack.rules.len(),
        flows.len(),
        verdicts.iter().filter(|v| **v == "allow").count(),
        out.display()
    );
    Ok(())
}

/// A flow as a cedarpy request, built as [`CedarEngine::request`] builds it: the sender is
/// the principal, the flow's data the resource, the recipient and purpose entity references
/// in the context (cedarpy takes JSON context, where an entity is written `__entity`).
fn cedarpy_request(id: &str, from: &str, to: &str, purpose: &str) -> Value {
    let uid = |ty: &str, id: &str| format!("{ty}::{}", Value::from(id));
    json!({
        "principal": uid("Party", from),
        "action": uid("Action", "transfer"),
        "resource": uid("Data", id),
        "context": {
            "recipient": {"__entity": {"type": "Party", "id": to}},
            "purpose": {"__entity": {"type": "Purpose", "id": purpose}},
        },
    })
}

/// Writes `bytes` to `path` through a temporary file created exclusively beside it, then
/// renamed over it, so that a reader never sees half a file.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path.file_name().ok_or("no file name")?.to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    drop(f);
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}
