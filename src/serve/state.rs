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
}

impl State {
    /// Loads the policy for the first time; the service does not start without one.
    pub fn new(config: Config, log: Option<DecisionLog>) -> Result<State, String> {
        let engine = load(&config)?;
        Ok(State {
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
        let status = match load(&self.config) {
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
            policy: dir.join("p.policy"),
            library: Vec::new(),
            addr: "127.0.0.1:0".parse().expect("an address"),
            log: None,
            log_key: None,
            max_body_bytes: 1024,
            timeout: Duration::from_secs(1),
            max_concurrency: 1,
            watch: false,
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
}
