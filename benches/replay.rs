//! Replay at scale: a signed log of a million decisions (by default; set
//! MANDATE_REPLAY_RECORDS for another size) of the baseline pack's bundled flows, written
//! once by `mandate::log::synth::write_log` into `target/bench-replay-N/` and kept for later
//! runs, then replayed under a candidate that adds one prohibition, with one worker and with
//! one per core. Prints the time, the rate and the peak memory. The figures are in
//! BENCHMARKS.md ("Log replay").
//!
//! ```sh
//! cargo bench --features full --bench replay
//! ```

use mandate::Engine;
use mandate::log::replay::{Options, replay};
use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;

use common::{PACK, flows};

/// The process's peak resident memory, from /proc (Linux), in megabytes.
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

/// The baseline pack with one more prohibition, in a folder of its own.
fn candidate(dir: &Path) -> Engine {
    std::fs::create_dir_all(dir).expect("a folder");
    for entry in std::fs::read_dir(PACK).expect("the pack") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "policy") {
            std::fs::copy(&path, dir.join(path.file_name().expect("a name"))).expect("copies");
        }
    }
    std::fs::write(
        dir.join("zz-candidate.policy"),
        "use vocabulary \"humanitarian\"\n\
         deny \"No biometric data leaves the organisation (candidate)\"\n  \
         when data includes personal.biometric\n  cite \"bench\"\n",
    )
    .expect("writes");
    Engine::from_path_with_library(dir, &[PathBuf::from("policies")]).expect("compiles")
}

fn main() {
    let n: usize = std::env::var("MANDATE_REPLAY_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let target = PathBuf::from("target");
    let dir = target.join(format!("bench-replay-{n}"));
    let key_path = target.join(format!("bench-replay-{n}.key"));
    if !dir.join(mandate::log::HEAD).exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let engine =
            Engine::from_path_with_library(PACK, &[PathBuf::from("policies")]).expect("compiles");
        let (key, _) = mandate::log::LogKey::load_or_create(&key_path).expect("a key");
        let flows = flows();
        let started = Instant::now();
        let written = mandate::log::synth::write_log(
            &dir,
            &engine,
            flows.iter().cycle().take(n).cloned(),
            Some(key),
        )
        .expect("writes the log");
        println!(
            "wrote {written} records in {:.1} s into {}",
            started.elapsed().as_secs_f64(),
            dir.display()
        );
    }
    let bytes = std::fs::metadata(dir.join(mandate::log::RECORDS))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("log: {n} records, {} MB", bytes / 1_000_000);
    let engine = candidate(&target.join("bench-replay-candidate"));
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    for workers in [1, cores] {
        let started = Instant::now();
        let report = replay(
            &dir,
            &engine,
            Options {
                workers,
                ..Options::default()
            },
            &|_| {},
        )
        .expect("replays");
        let secs = started.elapsed().as_secs_f64();
        println!(
            "replay, {workers} worker(s): {} records in {secs:.1} s ({:.0} records/s), {} changed in {} group(s); peak RSS so far {} MB",
            report.replayed,
            report.replayed as f64 / secs,
            report.changed,
            report.changes.len(),
            peak_mb().map_or("?".into(), |m| m.to_string())
        );
    }
}
