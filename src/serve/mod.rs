//! `mandate serve` (feature `serve`): an HTTP decision service for systems not written in
//! Rust. hyper serves each connection (with a header and idle timeout, and a cap on open
//! connections), axum routes; the handlers bound body size and time and take a turn from one
//! concurrency limit shared by every route; tower-http turns a panic into a deny; the policy is
//! reloaded on file change and on SIGHUP, swapped in only when it compiles and its files did
//! not change while read; SIGTERM (or Ctrl-C) stops accepting and lets requests in flight
//! finish, so no logged decision is lost.

mod fingerprint;
mod metrics;
mod refusal;
mod reload;
pub mod routes;
mod state;

pub use metrics::{Metrics, ShadowCounters};
pub use refusal::Refusal;
pub use state::{Loaded, ReloadStatus, Shadow, State};

use axum::http::StatusCode;
use axum::response::Response;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::words::{args, log_error, message};

/// How to run the service.
#[derive(Clone, Debug)]
pub struct Config {
    /// The policy pack.
    pub policy: PathBuf,
    /// Folders with shared vocabularies.
    pub library: Vec<PathBuf>,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The decision log folder.
    pub log: Option<PathBuf>,
    /// The key that signs the log (default: [`crate::log::default_key_path`]).
    pub log_key: Option<PathBuf>,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Longest the work of a request may take, counted once its body has arrived: waiting
    /// for a turn and deciding.
    pub timeout: Duration,
    /// Most requests decided or explained at once, over every route together; more wait
    /// their turn (and are answered 503 if they wait too long). Work abandoned after a
    /// timeout keeps its turn until it ends.
    pub max_concurrency: usize,
    /// Longest a client may take to send a request's headers; also how long a kept-alive
    /// connection may stay idle before it is closed.
    pub header_timeout: Duration,
    /// Longest a client may take to send a request's body (408 after that).
    pub body_timeout: Duration,
    /// Most connections open at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
    /// Reload when a file of the pack changes.
    pub watch: bool,
    /// A candidate policy every decided flow is also decided under, in the background; the
    /// answer comes from `policy` alone.
    pub shadow: Option<PathBuf>,
    /// Where flows the candidate decides otherwise are logged (the candidate's decisions).
    pub shadow_log: Option<PathBuf>,
    /// The language of the service's own messages on stderr (answers follow each request's).
    pub lang: crate::words::Lang,
}

impl Config {
    /// The defaults of `mandate serve`, for this policy and address.
    pub fn new(policy: PathBuf, addr: SocketAddr) -> Config {
        Config {
            policy,
            library: Vec::new(),
            addr,
            log: None,
            log_key: None,
            max_body_bytes: 4 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_concurrency: 256,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 512,
            watch: true,
            shadow: None,
            shadow_log: None,
            lang: crate::words::Lang::EN,
        }
    }
}

/// The service: the router, with a panic turned into a deny. Body limits, timeouts and the
/// concurrency limit are applied by the handlers themselves (see [`routes`]), so that a
/// slow body does not hold a turn and a timeout answer tells what was decided.
pub fn app(state: Arc<State>) -> axum::Router {
    routes::router(state).layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    // No request is at hand here to read a language from: English.
    routes::error(
        StatusCode::INTERNAL_SERVER_ERROR,
        &Refusal::InternalError,
        crate::words::Lang::EN,
    )
}

/// Runs the service until SIGTERM or Ctrl-C. `ready` is told the address listened on (the
/// real port when port 0 was asked for).
pub fn run(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let lang = config.lang;
    let log = match &config.log {
        Some(dir) => {
            let log = crate::log::DecisionLog::open(dir)
                .map_err(|e| said(lang, "serve-log-not-opened", log_error(lang, &e)))?;
            let (key, created) = crate::log::signing_key(config.log_key.as_deref(), dir)
                .map_err(|e| said(lang, "serve-key-unreadable", log_error(lang, &e)))?;
            if let Some(path) = created {
                let shown = crate::escape::visible(&path.display().to_string()).into_owned();
                let a = args!("path" => shown, "key" => key.public().to_string());
                eprintln!("{}", message(lang, "serve-key-created", Some(&a)));
            }
            Some(log.signed_by(key))
        }
        None => None,
    };
    let shadow_log = match &config.shadow_log {
        Some(dir) => {
            let log = crate::log::DecisionLog::open(dir)
                .map_err(|e| said(lang, "serve-shadow-log-not-opened", log_error(lang, &e)))?;
            let (key, _) = crate::log::signing_key(config.log_key.as_deref(), dir)
                .map_err(|e| said(lang, "serve-key-unreadable", log_error(lang, &e)))?;
            Some(log.signed_by(key))
        }
        None => None,
    };
    let state = Arc::new(State::new(config, log)?.with_shadow(shadow_log)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| said(lang, "serve-no-runtime", e.to_string()))?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(state.config.addr)
            .await
            .map_err(|e| {
                let a = args!("addr" => state.config.addr.to_string(), "error" => e.to_string());
                message(lang, "serve-cannot-listen", Some(&a))
            })?;
        let addr = listener
            .local_addr()
            .map_err(|e| said(lang, "serve-no-address", e.to_string()))?;
        let _watcher = if state.config.watch {
            Some(reload::watch(state.clone())?)
        } else {
            None
        };
        reload::on_sighup(state.clone())?;
        ready(addr);
        serve(listener, state).await;
        Ok(())
    });
    // Work abandoned after a timeout (an explanation past its time) is not waited for: it
    // decides and logs nothing, and no answer is waiting for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    served
}

/// Accepts connections until SIGTERM or Ctrl-C, each served by hyper with a header (and
/// idle) timeout, at most `max_connections` at once; then stops accepting and lets the
/// requests in flight finish, for at most the longest a request may take.
async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let app = app(state.clone());
    let connections = Arc::new(tokio::sync::Semaphore::new(state.config.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(state.config.header_timeout)
        .keep_alive(true);
    let stop = shutdown(state.config.lang);
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, most likely: keep serving those open, and
                    // try again shortly rather than spin or stop.
                    let lang = state.config.lang;
                    eprintln!("{}", said(lang, "serve-accept-failed", e.to_string()));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            // Over the cap: closed at once, so the descriptors left serve those already in.
            state.metrics.refused();
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    let grace = state.config.timeout + state.config.body_timeout + Duration::from_secs(1);
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_err()
    {
        let a = args!("seconds" => grace.as_secs());
        eprintln!(
            "{}",
            message(state.config.lang, "serve-still-in-flight", Some(&a))
        );
    }
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown(lang: crate::words::Lang) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    eprintln!("{}", message(lang, "serve-shutting-down", None));
}

/// `id`'s sentence with its one `error` argument, escaped: what the system said.
pub(crate) fn said(lang: crate::words::Lang, id: &str, error: String) -> String {
    let error = crate::escape::visible(&error).into_owned();
    message(lang, id, Some(&args!("error" => error)))
}
