//! The WASM plugin against the native engine: plugin size, start-up cold and from the cache,
//! and the cost of deciding the baseline pack's flows. Figures go to BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use mandate::Engine;
use mandate::host::{Limits, Plugin};
use std::hint::black_box;

mod common;

use common::{PACK, flows};

fn bench(c: &mut Criterion) {
    let engine = Engine::from_path(PACK).expect("the baseline pack compiles");
    let wasm = mandate::plugin::build(engine.policy()).expect("the plugin");
    let policy_json = serde_json::to_string(engine.policy()).expect("json");
    println!(
        "plugin size: {} bytes ({} bytes of guest, {} bytes of compiled policy JSON)",
        wasm.len(),
        mandate::plugin::guest().expect("the guest").len(),
        policy_json.len()
    );
    let flows = flows();
    // The key sits beside the cache, in a folder of the bench's own (the system's temporary
    // folder itself is writable by everyone, so a key there would be refused).
    let scratch = std::env::temp_dir().join(format!("mandate-bench-cache-{}", std::process::id()));
    let cache = scratch.join("cache");

    let mut start = c.benchmark_group("plugin start");
    start.sample_size(10);
    start.bench_function("cold (compile)", |b| {
        b.iter(|| Plugin::load(black_box(&wasm), Limits::default()).expect("loads"))
    });
    let cached = Limits {
        cache_dir: Some(cache.clone()),
        cache_key: Some(scratch.join("cache.key")),
        ..Limits::default()
    };
    let filled = Plugin::load(&wasm, cached.clone()).expect("fills the cache");
    assert!(filled.warnings().is_empty(), "{:?}", filled.warnings());
    start.bench_function("cached (deserialize)", |b| {
        b.iter(|| Plugin::load(black_box(&wasm), cached.clone()).expect("loads"))
    });
    start.finish();

    let mut decide = c.benchmark_group(format!("decide {} baseline flows", flows.len()));
    decide.bench_function("native", |b| {
        b.iter(|| {
            for f in &flows {
                black_box(engine.decide_json(black_box(f)).to_json());
            }
        })
    });
    let mut plugin = Plugin::load(&wasm, cached).expect("loads");
    decide.bench_function("plugin (wasmtime)", |b| {
        b.iter(|| {
            for f in &flows {
                black_box(plugin.decide_json(black_box(f)).json);
            }
        })
    });
    decide.finish();
    let _ = std::fs::remove_dir_all(&scratch);
}

criterion_group!(benches, bench);
criterion_main!(benches);
