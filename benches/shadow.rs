//! Shadow decisions (`serve --shadow`): what a candidate policy adds to the latency of a
//! decision. Every bundled flow of the baseline pack is decided as a request of the service
//! decides it (`State::decide`: the live decision, counted), without a shadow, with one (the
//! flow handed to the shadow thread), and, for comparison, with the candidate decided inline
//! on the request's path. The figures are in BENCHMARKS.md ("Shadow policies").

use criterion::{Criterion, criterion_group, criterion_main};
use mandate::serve::{Config, State};
use mandate::words::Lang;
use std::hint::black_box;
use std::path::PathBuf;

mod common;

use common::{PACK, flows};

fn config(shadow: Option<PathBuf>) -> Config {
    Config {
        watch: false,
        shadow,
        library: vec![PathBuf::from("policies")],
        ..Config::new(
            PathBuf::from(PACK),
            "127.0.0.1:0".parse().expect("an address"),
        )
    }
}

fn shadow(c: &mut Criterion) {
    let flows = flows();
    let plain = State::new(config(None), None).expect("loads");
    // The candidate is the same pack: deciding under it costs what any candidate of its size
    // costs, and no disagreement is logged (logging is off the request's path either way).
    let shadowed = State::new(config(Some(PathBuf::from(PACK))), None)
        .expect("loads")
        .with_shadow(None)
        .expect("the shadow loads");
    let candidate = mandate::Engine::from_path_with_library(PACK, &[PathBuf::from("policies")])
        .expect("compiles");
    let mut group = c.benchmark_group("shadow");
    group.bench_function("decide", |b| {
        b.iter(|| {
            for f in &flows {
                black_box(plain.decide(f, Lang::EN));
            }
        })
    });
    group.bench_function("decide-with-shadow", |b| {
        b.iter(|| {
            for f in &flows {
                black_box(shadowed.decide(f, Lang::EN));
            }
        })
    });
    group.bench_function("decide-and-candidate-inline", |b| {
        b.iter(|| {
            for f in &flows {
                black_box(plain.decide(f, Lang::EN));
                black_box(candidate.decide_json(f));
            }
        })
    });
    group.finish();
    // How many flows the shadow thread could not keep up with (dropped, not decided twice).
    let metrics = shadowed.metrics.render();
    for line in metrics.lines().filter(|l| l.starts_with("mandate_shadow_")) {
        eprintln!("{line}");
    }
}

criterion_group!(benches, shadow);
criterion_main!(benches);
