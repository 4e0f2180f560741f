//! What the service holds: the policy in service (swapped atomically on reload), the outcome
//! of the last reload, the metrics and the decision log.

use super::Config;
use super::metrics::{Metrics, ShadowCounters};
use crate::Engine;
use crate::eval::Decision;
use crate::log::DecisionLog;
use crate::log::replay::Verdict;
use crate::log::shadow;
use crate::words::{self, Lang, args};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::mpsc::{SyncSender, TrySendError, sync_channel};
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
    /// The candidate policy of `--shadow`, and the queue to the thread deciding under it.
    shadow: Option<(Arc<Shadow>, SyncSender<ShadowJob>)>,
}

/// Flows waiting to be decided under the shadow policy; more are dropped (and counted), so
/// that the shadow never slows the live answer nor grows memory without bound.
const SHADOW_QUEUE: usize = 4096;

/// One live decision to decide again under the shadow policy.
struct ShadowJob {
    flow: String,
    id: String,
    live: Verdict,
}

/// The candidate policy (`--shadow`): loaded, reloaded and watched like the live one, every
/// decided flow decided again under it off the request's path, and disagreements counted and
/// logged.
pub struct Shadow {
    /// The candidate's pack.
    pub source: PathBuf,
    current: RwLock<Arc<Loaded>>,
    last_reload: RwLock<Option<ReloadStatus>>,
    /// Where disagreements are logged.
    pub log: Option<DecisionLog>,
    counters: ShadowCounters,
    /// The language of its messages on stderr.
    lang: Lang,
}

impl Shadow {
    /// The candidate policy in use.
    pub fn current(&self) -> Arc<Loaded> {
        read(&self.current)
    }

    /// The outcome of the candidate's last reload, if any.
    pub fn last_reload(&self) -> Option<ReloadStatus> {
        read(&self.last_reload)
    }

    /// Decides a flow under the candidate; counts and logs a disagreement with the live
    /// verdict.
    fn judge(&self, job: &ShadowJob) {
        let loaded = self.current();
        let engine = &loaded.engine;
        let Some((mut d, decision)) = shadow::compare(engine, &job.flow, &job.id, job.live) else {
            return;
        };
        self.counters
            .disagreement(d.live.code(), d.candidate.code());
        if let Some(log) = &self.log
            && let Err(e) = shadow::record(log, engine, &job.flow, &mut d, &decision)
        {
            eprintln!(
                "{}",
                words::message(
                    self.lang,
                    "shadow-not-logged",
                    Some(&args!("error" => crate::escape::visible(&e.to_string()).into_owned()))
                )
            );
        }
    }
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    match lock.read() {
        Ok(g) => g.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

fn write<T>(lock: &RwLock<T>, value: T) {
    match lock.write() {
        Ok(mut g) => *g = value,
        Err(poisoned) => *poisoned.into_inner() = value,
    }
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
            shadow: None,
        })
    }

    /// Loads the candidate policy of `config.shadow`, if any, and starts the thread that
    /// decides under it; its disagreements go to `log`. The thread ends with the state.
    pub fn with_shadow(mut self, log: Option<DecisionLog>) -> Result<State, String> {
        let Some(source) = self.config.shadow.clone() else {
            return Ok(self);
        };
        let engine = load_settled(&self.shadow_config(&source), load).map_err(|e| {
            let said = words::message(self.config.lang, "serve-shadow-does-not-load", None);
            format!("{said}\n{e}")
        })?;
        eprintln!(
            "{}",
            words::message(
                self.config.lang,
                "shadow-started",
                Some(&args!(
                    "policy" => engine.policy().hash.clone(),
                    "source" => source.display().to_string(),
                    "log" => log.as_ref().map_or("none".to_owned(), |l| l.dir().display().to_string())
                ))
            )
        );
        let side = Arc::new(Shadow {
            source,
            current: RwLock::new(Arc::new(Loaded {
                engine,
                loaded_at: now(),
            })),
            last_reload: RwLock::new(None),
            log,
            counters: self.metrics.shadow(),
            lang: self.config.lang,
        });
        let (send, receive) = sync_channel::<ShadowJob>(SHADOW_QUEUE);
        let worker = side.clone();
        std::thread::Builder::new()
            .name("mandate-shadow".into())
            .spawn(move || {
                for job in receive {
                    worker.judge(&job);
                }
            })
            .map_err(|e| super::said(self.config.lang, "serve-shadow-no-thread", e.to_string()))?;
        self.shadow = Some((side, send));
        Ok(self)
    }

    /// The service's configuration with the candidate's pack in place of the live one.
    fn shadow_config(&self, source: &std::path::Path) -> Config {
        Config {
            policy: source.to_path_buf(),
            ..self.config.clone()
        }
    }

    /// The candidate policy, when `--shadow` was given.
    pub fn shadow(&self) -> Option<&Shadow> {
        self.shadow.as_ref().map(|(s, _)| s.as_ref())
    }

    /// Hands a live decision on `flow` to the shadow policy's thread, without waiting: when
    /// its queue is full the flow is dropped from the comparison (and counted), never the
    /// answer delayed. Nothing happens without `--shadow`.
    pub fn shadow_decide(&self, flow: &str, live: &Decision) {
        let Some((side, queue)) = &self.shadow else {
            return;
        };
        let job = ShadowJob {
            flow: flow.to_owned(),
            id: live.flow.clone(),
            live: Verdict::of(live),
        };
        if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = queue.try_send(job) {
            side.counters.dropped();
        }
    }

    /// Decides one flow under the policy in service as a request does: the live decision,
    /// counted, and handed to the shadow policy when there is one (without logging).
    pub fn decide(&self, flow: &str, lang: Lang) -> Decision {
        let loaded = self.current();
        let decision = loaded.engine.decide_json_in(flow, lang);
        self.metrics.decision(&decision);
        self.shadow_decide(flow, &decision);
        decision
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
                let a = args!("policy" => hash.to_string());
                eprintln!(
                    "{}",
                    words::message(self.config.lang, "serve-reloaded", Some(&a))
                );
                ReloadStatus {
                    at: now(),
                    ok: true,
                    error: None,
                }
            }
            Err(error) => {
                let said = words::message(self.config.lang, "serve-reload-failed", None);
                eprintln!("{said}\n{error}");
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
        self.reload_shadow();
        ok
    }

    /// Compiles the candidate policy again, as [`State::reload`] the live one: a candidate
    /// with errors never replaces the one in use. Returns whether it was replaced (false
    /// without `--shadow`).
    pub fn reload_shadow(&self) -> bool {
        let Some((side, _)) = &self.shadow else {
            return false;
        };
        let lang = self.config.lang;
        let status = match load_settled(&self.shadow_config(&side.source), load) {
            Ok(engine) => {
                eprintln!(
                    "{}",
                    words::message(
                        lang,
                        "shadow-reloaded",
                        Some(&args!("policy" => engine.policy().hash.clone()))
                    )
                );
                write(
                    &side.current,
                    Arc::new(Loaded {
                        engine,
                        loaded_at: now(),
                    }),
                );
                ReloadStatus {
                    at: now(),
                    ok: true,
                    error: None,
                }
            }
            Err(error) => {
                eprintln!(
                    "{}\n{error}",
                    words::message(lang, "shadow-reload-failed", None)
                );
                ReloadStatus {
                    at: now(),
                    ok: false,
                    error: Some(error),
                }
            }
        };
        let ok = status.ok;
        write(&side.last_reload, Some(status));
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
