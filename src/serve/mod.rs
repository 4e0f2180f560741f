//! `mandate serve` (feature `serve`): an HTTP decision service for systems not written in
//! Rust. tokio and axum serve; tower bounds concurrency and time; tower-http caps bodies and
//! turns a panic into a deny; the policy is reloaded on file change and on SIGHUP, swapped in
//! only when it compiles; SIGTERM (or Ctrl-C) stops accepting and lets requests in flight
//! finish, so no logged decision is lost.

mod fingerprint;
mod metrics;
mod reload;
pub mod routes;
mod state;

pub use metrics::Metrics;
pub use state::State;

use axum::error_handling::HandleErrorLayer;
use axum::http::StatusCode;
use axum::response::Response;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceBuilder;

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
    /// Longest a request may take.
    pub timeout: Duration,
    /// Most requests handled at once; more wait (and time out if they wait too long).
    pub max_concurrency: usize,
    /// Reload when a file of the pack changes.
    pub watch: bool,
}

/// The service: the router with its limits.
pub fn app(state: Arc<State>) -> axum::Router {
    let timeout = state.config.timeout;
    let concurrency = state.config.max_concurrency;
    routes::router(state)
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(overloaded))
                .timeout(timeout)
                .concurrency_limit(concurrency),
        )
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

async fn overloaded(e: tower::BoxError) -> Response {
    if e.is::<tower::timeout::error::Elapsed>() {
        routes::error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the request took too long and was stopped; nothing was decided",
        )
    } else {
        routes::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {e}"),
        )
    }
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    routes::error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error while deciding; the flow is denied",
    )
}

/// Runs the service until SIGTERM or Ctrl-C. `ready` is told the address listened on (the
/// real port when port 0 was asked for).
pub fn run(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), String> {
    let log = match &config.log {
        Some(dir) => {
            let log = crate::log::DecisionLog::open(dir)
                .map_err(|e| format!("cannot open the decision log: {e}"))?;
            let (key, created) = crate::log::signing_key(config.log_key.as_deref(), dir)
                .map_err(|e| format!("cannot read the log signing key: {e}"))?;
            if let Some(path) = created {
                eprintln!(
                    "mandate serve: created a new log signing key at {} (public key {})",
                    path.display(),
                    key.public()
                );
            }
            Some(log.signed_by(key))
        }
        None => None,
    };
    let state = Arc::new(State::new(config, log)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(state.config.addr)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", state.config.addr))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot read the address listened on: {e}"))?;
        let _watcher = if state.config.watch {
            Some(reload::watch(state.clone())?)
        } else {
            None
        };
        reload::on_sighup(state.clone())?;
        ready(addr);
        axum::serve(listener, app(state))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    })
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown() {
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
    eprintln!("mandate serve: shutting down; finishing requests in flight");
}
