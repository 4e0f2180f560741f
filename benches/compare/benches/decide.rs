//! criterion: one decision, cycling through the benchmark flows, for each pack size and
//! engine. `cargo bench --manifest-path benches/compare/Cargo.toml --bench decide`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mandate_compare::{CedarEngine, RegoEngine, SIZES, mandate_engine, workload};
use std::hint::black_box;
use std::time::Duration;

fn cycle<'a, T>(items: &'a [T]) -> impl FnMut() -> &'a T {
    let mut i = 0;
    move || {
        i = (i + 1) % items.len();
        &items[i]
    }
}

fn decide(c: &mut Criterion) {
    let mut group = c.benchmark_group("decide");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    for size in SIZES {
        let (pack, flows) = workload(size);
        let engine = mandate_engine(&pack).expect("compiles");
        let jsons: Vec<String> = flows
            .iter()
            .map(|f| serde_json::to_string(f).expect("serialises"))
            .collect();
        let mut next = cycle(&flows);
        group.bench_function(BenchmarkId::new("mandate", size), |b| {
            b.iter(|| black_box(engine.decide(next())))
        });
        let mut next = cycle(&flows);
        group.bench_function(BenchmarkId::new("mandate-verdict", size), |b| {
            b.iter(|| black_box(engine.verdict(next())))
        });
        let mut next = cycle(&jsons);
        group.bench_function(BenchmarkId::new("mandate-json", size), |b| {
            b.iter(|| {
                let d = engine.decide_json(next());
                black_box(serde_json::to_string(&d).expect("serialises"))
            })
        });
        let mut next = cycle(&flows);
        group.bench_function(BenchmarkId::new("mandate-every-rule", size), |b| {
            b.iter(|| black_box(mandate::eval::decide_all_rules(engine.policy(), next())))
        });
        let cedar = CedarEngine::new(&pack, &flows).expect("encodes");
        let requests: Vec<_> = flows
            .iter()
            .map(|f| cedar.request(f).expect("request"))
            .collect();
        let mut next = cycle(&requests);
        group.bench_function(BenchmarkId::new("cedar", size), |b| {
            b.iter(|| black_box(cedar.is_allowed(next())))
        });
        let rego = RegoEngine::new(&pack).expect("encodes");
        let inputs: Vec<_> = flows
            .iter()
            .map(|f| RegoEngine::input(f).expect("input"))
            .collect();
        let mut next = cycle(&inputs);
        group.bench_function(BenchmarkId::new("rego", size), |b| {
            b.iter(|| black_box(rego.eval(next()).expect("evaluates")))
        });
    }
    group.finish();
}

fn compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(10);
    for size in SIZES {
        let (pack, _) = workload(size);
        group.bench_function(BenchmarkId::new("mandate", size), |b| {
            b.iter(|| black_box(mandate_engine(&pack).expect("compiles")))
        });
    }
    group.finish();
}

criterion_group!(benches, decide, compile);
criterion_main!(benches);
