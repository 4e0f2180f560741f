//! The figures of BENCHMARKS.md in one run: per-decision latency (median, p99), throughput
//! on one core and on all cores, compile time and memory of the compiled policy, for
//! mandate, Cedar and Rego on the same packs and flows. criterion (benches/decide.rs)
//! gives the same medians with its statistics; this adds what criterion does not report
//! (p99, multi-core throughput, memory, allocations).
//!
//! `cargo bench --manifest-path benches/compare/Cargo.toml --bench report` prints Markdown
//! tables. "mandate" is the full decision (with the facts behind every deciding rule, in
//! words); "mandate verdict" the same decision without the words ([`mandate::Engine::verdict`]),
//! which is what Cedar's and regorus' answers hold.

use mandate_compare::{
    CedarEngine, RegoEngine, SIZES, from_mandate, from_mandate_verdict, mandate_engine, workload,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Counts allocations and live bytes, to measure the compiled policy and the allocations
/// on the decision path.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        LIVE.fetch_add(layout.size() as isize, Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        LIVE.fetch_add(new as isize - layout.size() as isize, Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Times `f` on every item, one call at a time, for at least `budget` (and at least one
/// pass): the per-call samples in nanoseconds, sorted.
fn latencies<T>(items: &[T], budget: Duration, mut f: impl FnMut(&T)) -> Vec<u64> {
    let mut samples = Vec::with_capacity(items.len() * 8);
    // One pass unmeasured: caches, branch predictors and clock frequency settle.
    for item in items {
        f(item);
    }
    let start = Instant::now();
    loop {
        for item in items {
            let t = Instant::now();
            f(item);
            samples.push(t.elapsed().as_nanos() as u64);
        }
        if start.elapsed() >= budget {
            break;
        }
    }
    samples.sort_unstable();
    samples
}

fn quantile(sorted: &[u64], q: f64) -> u64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Decisions per second on `threads` threads, each cycling through the items.
fn throughput<T: Sync>(items: &[T], threads: usize, f: impl Fn(&T) + Sync) -> f64 {
    let budget = Duration::from_millis(700);
    let done = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let (done, f) = (&done, &f);
            s.spawn(move || {
                let mut n = 0;
                let mut i = t * 7919;
                while start.elapsed() < budget {
                    for _ in 0..16 {
                        f(&items[i % items.len()]);
                        i += 1;
                        n += 1;
                    }
                }
                done.fetch_add(n, Relaxed);
            });
        }
    });
    done.load(Relaxed) as f64 / start.elapsed().as_secs_f64()
}

/// Median of `runs` timings of `f` (each run also returns what it built, kept alive until
/// timed).
fn median_time<R>(runs: usize, mut f: impl FnMut() -> R) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let r = f();
            let e = t.elapsed();
            drop(black_box(r));
            e
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Live heap bytes held by what `f` builds.
fn retained<R>(f: impl FnOnce() -> R) -> (R, isize) {
    let before = LIVE.load(Relaxed);
    let r = f();
    (r, LIVE.load(Relaxed) - before)
}

fn us(ns: u64) -> String {
    format!("{:.2}", ns as f64 / 1000.0)
}

fn mib(bytes: isize) -> String {
    format!("{:.2}", bytes as f64 / (1024.0 * 1024.0))
}

struct Row {
    engine: &'static str,
    size: usize,
    median: u64,
    p99: u64,
    one: f64,
    all: f64,
    compile: Duration,
    memory: isize,
}

/// Latency, p99 and throughput of `decide` over `items`: one row of the first table.
#[allow(clippy::too_many_arguments)]
fn measure<T: Sync>(
    engine: &'static str,
    size: usize,
    items: &[T],
    budget: Duration,
    cores: usize,
    compile: Duration,
    memory: isize,
    decide: impl Fn(&T) + Sync,
) -> Row {
    let lat = latencies(items, budget, &decide);
    Row {
        engine,
        size,
        median: quantile(&lat, 0.5),
        p99: quantile(&lat, 0.99),
        one: throughput(items, 1, &decide),
        all: throughput(items, cores, &decide),
        compile,
        memory,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument (a rule count) limits the sizes.
    let only: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let budget = Duration::from_millis(1500);
    let mut rows = Vec::new();
    let mut extra = Vec::new();
    for size in SIZES.into_iter().filter(|s| only.is_none_or(|o| o == *s)) {
        let (pack, flows) = workload(size);
        let sources = pack.sources();
        let jsons: Vec<String> = flows
            .iter()
            .map(|f| serde_json::to_string(f).expect("flow serialises"))
            .collect();

        // mandate
        let compile = median_time(5, || mandate_engine(&pack).expect("compiles"));
        let (engine, memory) = retained(|| mandate_engine(&pack).expect("compiles"));
        let compiled_json = serde_json::to_string(engine.policy()).expect("serialises");
        let load = median_time(5, || {
            mandate::Engine::from_compiled_json(&compiled_json).expect("loads")
        });
        let index = engine.policy().rule_index().heap_bytes();
        let index_build = median_time(5, || mandate::model::RuleIndex::new(engine.policy()));
        let (mut allow, mut forbidden, mut default) = (0, 0, 0);
        for f in &flows {
            match from_mandate(&engine.decide(f)).map(|o| o.verdict) {
                Some(mandate_compare::Verdict::Allow) => allow += 1,
                Some(mandate_compare::Verdict::Forbidden) => forbidden += 1,
                _ => default += 1,
            }
        }
        let before = ALLOCATIONS.load(Relaxed);
        for f in &flows {
            black_box(engine.decide(f));
        }
        let allocs = (ALLOCATIONS.load(Relaxed) - before) as f64 / flows.len() as f64;
        for f in &flows {
            assert_eq!(
                from_mandate_verdict(&engine.verdict(f), engine.policy()),
                from_mandate(&engine.decide(f)),
                "verdict, {size}, {}",
                f.id
            );
        }
        let before = ALLOCATIONS.load(Relaxed);
        for f in &flows {
            black_box(engine.verdict(f));
        }
        let verdict_allocs = (ALLOCATIONS.load(Relaxed) - before) as f64 / flows.len() as f64;
        let json_lat = latencies(&jsons, budget, |j| {
            let d = engine.decide_json(j);
            black_box(serde_json::to_string(&d).expect("decision serialises"));
        });
        let all_lat = latencies(&flows, budget, |f| {
            black_box(mandate::eval::decide_all_rules(engine.policy(), f));
        });
        let mandate = measure(
            "mandate",
            size,
            &flows,
            budget,
            cores,
            compile,
            memory,
            |f| {
                black_box(engine.decide(f));
            },
        );
        let median = mandate.median;
        rows.push(mandate);
        rows.push(measure(
            "mandate verdict",
            size,
            &flows,
            budget,
            cores,
            compile,
            memory,
            |f| {
                black_box(engine.verdict(f));
            },
        ));
        extra.push(format!(
            "| {size} | {} | {} | {} | {} | {:.1} | {verdict_allocs:.1} | {} | {} | {} | {} | {allow} / {forbidden} / {default} |",
            us(quantile(&json_lat, 0.5)),
            us(quantile(&json_lat, 0.99)),
            us(quantile(&all_lat, 0.5)),
            format_args!("{:.1}", quantile(&all_lat, 0.5) as f64 / median.max(1) as f64),
            allocs,
            mib(compiled_json.len() as isize),
            format_args!("{:.1}", load.as_secs_f64() * 1000.0),
            format_args!("{:.2}", index as f64 / (1024.0 * 1024.0)),
            format_args!("{:.1}", index_build.as_secs_f64() * 1000.0),
        ));
        drop(sources);

        // Cedar
        let compile = median_time(3, || CedarEngine::new(&pack, &flows).expect("encodes"));
        let (cedar, memory) = retained(|| CedarEngine::new(&pack, &flows).expect("encodes"));
        let requests: Vec<_> = flows
            .iter()
            .map(|f| cedar.request(f).expect("request"))
            .collect();
        // Measured only if they agree, on every flow.
        for (f, r) in flows.iter().zip(&requests) {
            assert_eq!(
                from_mandate(&engine.decide(f)),
                Some(cedar.decide(r)),
                "Cedar, {size}, {}",
                f.id
            );
        }
        rows.push(measure(
            "Cedar",
            size,
            &requests,
            budget,
            cores,
            compile,
            memory,
            |r| {
                black_box(cedar.is_allowed(r));
            },
        ));
        drop(requests);
        drop(cedar);

        // Rego
        let compile = median_time(3, || RegoEngine::new(&pack).expect("encodes"));
        let (rego, memory) = retained(|| RegoEngine::new(&pack).expect("encodes"));
        let inputs: Vec<_> = flows
            .iter()
            .map(|f| RegoEngine::input(f).expect("input"))
            .collect();
        for (f, i) in flows.iter().zip(&inputs) {
            assert_eq!(
                from_mandate(&engine.decide(f)),
                Some(rego.decide(i).expect("evaluates")),
                "Rego, {size}, {}",
                f.id
            );
        }
        rows.push(measure(
            "Rego (regorus)",
            size,
            &inputs,
            budget,
            cores,
            compile,
            memory,
            |i| {
                black_box(rego.eval(i).expect("evaluates"));
            },
        ));
        eprintln!("{size} rules done");
    }

    println!(
        "| rules | engine | median µs | p99 µs | decisions/s, 1 thread | decisions/s, {cores} threads | compile ms | memory MiB | median vs mandate | median vs mandate verdict |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        let median_of = |engine: &str| {
            rows.iter()
                .find(|m| m.size == r.size && m.engine == engine)
                .map_or(1, |m| m.median.max(1))
        };
        println!(
            "| {} | {} | {} | {} | {:.0} | {:.0} | {:.1} | {} | {:.1}× | {:.1}× |",
            r.size,
            r.engine,
            us(r.median),
            us(r.p99),
            r.one,
            r.all,
            r.compile.as_secs_f64() * 1000.0,
            mib(r.memory),
            r.median as f64 / median_of("mandate") as f64,
            r.median as f64 / median_of("mandate verdict") as f64,
        );
    }
    println!();
    println!(
        "| rules | mandate JSON in → JSON out, median µs | p99 µs | every rule (no index), median µs | index speed-up | allocations per decision | per verdict | compiled JSON MiB | load compiled JSON ms | index MiB | index build ms | allow / forbidden / default deny |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for line in extra {
        println!("{line}");
    }
}
