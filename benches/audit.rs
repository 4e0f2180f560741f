//! The data-map audit at scale: synthetic maps for the baseline pack (`mandate map
//! generate`), read and analysed end to end. The figure for the 100,000-transfer map is in
//! BENCHMARKS.md ("Data-map audit").

use criterion::{Criterion, criterion_group, criterion_main};
use mandate::Engine;
use mandate::map::{Map, analyse};
use std::hint::black_box;
use std::time::Duration;

fn audit(c: &mut Criterion) {
    let engine = Engine::from_path("policies/humanitarian-baseline").expect("the pack compiles");
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (systems, transfers) in [(1_000, 10_000), (10_000, 100_000)] {
        let text = mandate::map::generate::generate(systems, transfers, 1);
        group.bench_function(format!("{systems}-systems-{transfers}-transfers"), |b| {
            b.iter(|| {
                let map = Map::from_toml("generated.toml", &text, engine.policy())
                    .expect("the generated map checks");
                let analysis = analyse(&engine, &map);
                black_box(analysis.stats.paths_checked)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, audit);
criterion_main!(benches);
