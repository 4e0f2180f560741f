//! What the service holds: the policy in service (swapped atomically on reload), the outcome
//! of the last reload, the metrics and the decision log.

use super::Config;
use super::metrics::Metrics;
use crate::Engine;
use crate::log::DecisionLog;
use serde::Serialize;
use std::sync::{Arc, Mutex, RwLock};

/// A compiled policy and when it was loaded.
pub struct Loaded {
    /// The engine.
    pub engine: Engine,
    /// When it was loaded (RFC 3339, UTC).
    pub loaded_at: String,
}

/// How the last reload went.
#[derive(Clone, Debug, Serialize)]
pub struct ReloadStatus {
    /// When it was tried.
    pub at: String,
    /// Whether the new policy went into service.
    pub ok: bool,
    /// Why not: the policy's errors with file:line:column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Shared by every request.
pub struct State {
    /// How the service was started.
    pub config: Config,
    current: RwLock<Arc<Loaded>>,
    last_reload: RwLock<Option<ReloadStatus>>,
    /// One reload at a time: a file save and a SIGHUP together compile once each, in turn.
    reloading: Mutex<()>,
    /// The metrics.
    pub metrics: Metrics,
    /// The decision log, when `--log` was given.
    pub log: Option<DecisionLog>,
    /// Turns to decide or explain, shared by every route (`--max-concurrency`). A turn is
    /// held by the work itself, so work that outlives its answer still counts.
    pub turns: Arc<tokio::sync::Semaphore>,
}

impl State {
    /// Loads the policy for the first time; the service does not start without one.
    pub fn new(config: Config, log: Option<DecisionLog>) -> Result<State, String> {
        let engine = load_settled(&config, load)?;
        let turns = Arc::new(tokio::sync::Semaphore::new(config.max_concurrency.max(1)));
        Ok(State {
            turns,
            config,
            current: RwLock::new(Arc::new(Loaded {
                engine,
                loaded_at: now(),
            })),
            last_reload: RwLock::new(None),
            reloading: Mutex::new(()),
            metrics: Metrics::new(),
            log,
        })
    }

    /// The policy in service. A request takes it once and keeps it, so a reload during the
    /// request does not change the policy it is decided under.
    pub fn current(&self) -> Arc<Loaded> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The outcome of the last reload, if any.
    pub fn last_reload(&self) -> Option<ReloadStatus> {
        match self.last_reload.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Compiles the policy again and puts it into service if it compiles cleanly; a policy
    /// with errors never replaces the one in service. Blocking: call it off the async
    /// threads. Returns whether the new policy went into service.
    pub fn reload(&self) -> bool {
        let _one_at_a_time = self.reloading.lock();
        let status = match load_settled(&self.config, load) {
            Ok(engine) => {
                let hash = engine.policy().hash.clone();
                let loaded = Arc::new(Loaded {
                    engine,
                    loaded_at: now(),
                });
                match self.current.write() {
                    Ok(mut g) => *g = loaded,
                    Err(poisoned) => *poisoned.into_inner() = loaded,
                }
                eprintln!("mandate serve: reloaded the policy ({hash})");
                ReloadStatus {
                    at: now(),
                    ok: true,
                    error: None,
                }
            }
            Err(error) => {
                eprintln!(
                    "mandate serve: the changed policy does not compile; the policy in service \
                     is kept:\n{error}"
                );
                ReloadStatus {
                    at: now(),
                    ok: false,
                    error: Some(error),
                }
            }
        };
        let ok = status.ok;
        self.metrics.reload(ok);
        match self.last_reload.write() {
            Ok(mut g) => *g = Some(status),
            Err(poisoned) => *poisoned.into_inner() = Some(status),
        }
        ok
    }
}

fn load(config: &Config) -> Result<Engine, String> {
    Engine::from_path_with_library(&config.policy, &config.library).map_err(|e| e.to_string())
}

/// Most times a reload reads the pack while its files keep changing before it gives up.
const MAX_READS: usize = 5;

/// Loads the policy with `load`, but only trusts a read during which the pack's files did
/// not change: their fingerprint is taken before and after, and the read is done again
/// (after the watcher's quiet time) while they differ. A file saved in pieces is never
/// compiled half-written and served.
fn load_settled(
    config: &Config,
    load: impl Fn(&Config) -> Result<Engine, String>,
) -> Result<Engine, String> {
    let fingerprint = || {
        super::fingerprint::of(&config.policy).map_err(|e| {
            format!(
                "cannot read {} to see whether it changed: {e}",
                config.policy.display()
            )
        })
    };
    for _ in 0..MAX_READS {
        let before = fingerprint()?;
        let loaded = load(config);
        if fingerprint()? == before {
            return loaded;
        }
        std::thread::sleep(super::reload::SETTLE);
    }
    Err(format!(
        "the policy's files kept changing while they were read ({MAX_READS} tries); \
         save them completely, then reload"
    ))
}

/// The time now, RFC 3339 in UTC.
pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn config(dir: &std::path::Path) -> Config {
        Config {
            max_body_bytes: 1024,
            timeout: Duration::from_secs(1),
            max_concurrency: 1,
            watch: false,
            ..Config::new(
                dir.join("p.policy"),
                "127.0.0.1:0".parse().expect("an address"),
            )
        }
    }

    const POLICY: &str = "policy \"t\" version \"1\"\ncategory personal\npurpose p\n\
                          party kind k\nparty a kind k jurisdiction \"KE\"\n";

    /// A request holds the policy it began with while a reload swaps in the next one; a
    /// policy with errors never goes into service.
    #[test]
    fn requests_keep_their_policy_and_broken_policies_stay_out() {
        let dir = std::env::temp_dir().join(format!("mandate-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("folder");
        std::fs::write(dir.join("p.policy"), POLICY).expect("write");
        let state = State::new(config(&dir), None).expect("loads");
        let in_flight = state.current();
        let first = in_flight.engine.policy().hash.clone();

        std::fs::write(
            dir.join("p.policy"),
            format!("{POLICY}allow \"r\" when purpose within p cite \"c\"\n"),
        )
        .expect("write");
        assert!(state.reload());
        let second = state.current().engine.policy().hash.clone();
        assert_ne!(first, second);
        assert_eq!(
            in_flight.engine.policy().hash,
            first,
            "the request's policy"
        );

        std::fs::write(
            dir.join("p.policy"),
            format!("{POLICY}allow \"r\" when nonsense\n"),
        )
        .expect("write");
        assert!(!state.reload());
        assert_eq!(state.current().engine.policy().hash, second);
        let status = state.last_reload().expect("a reload happened");
        assert!(!status.ok);
        assert!(status.error.expect("why").contains("p.policy:"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A file that changes while the pack is read (a save in pieces, a second save during
    /// the compile) is read again; what was compiled from the half-written file never goes
    /// into service, and a pack that never settles keeps the policy in service.
    #[test]
    fn a_pack_that_changes_while_read_is_read_again() {
        let dir = std::env::temp_dir().join(format!("mandate-settle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("folder");
        let file = dir.join("p.policy");
        let full = format!("{POLICY}allow \"r\" when purpose within p cite \"c\"\n");
        std::fs::write(&file, POLICY).expect("the first half");
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let engine = load_settled(&config(&dir), |c| {
            let got = load(c);
            // The writer finishes while the first read compiles.
            if reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                std::fs::write(&file, &full).expect("the second half");
            }
            got
        })
        .expect("loads once settled");
        assert_eq!(reads.into_inner(), 2, "read again");
        assert_eq!(engine.policy().rules.len(), 1, "the whole file");

        let writes = std::sync::atomic::AtomicUsize::new(0);
        let error = load_settled(&config(&dir), |c| {
            let n = writes.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::fs::write(&file, format!("{full}# save {n}\n")).expect("write");
            load(c)
        })
        .expect_err("never settles");
        assert!(error.contains("kept changing"), "{error}");
        assert_eq!(writes.into_inner(), MAX_READS);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
