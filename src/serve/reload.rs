//! Reload triggers: a change to any file of the pack or of the shadow pack (notify), and
//! SIGHUP. Either reloads both policies.

use super::state::State;
use notify::{RecursiveMode, Watcher};
use std::sync::Arc;
use std::time::Duration;

/// Quiet time after the last change before reloading: an editor saving several files, or
/// writing one in several steps, causes one reload, not many, and a file written in pieces
/// is not compiled between two of them.
pub const SETTLE: Duration = Duration::from_millis(250);

/// Watches the pack folder and reloads on change. The returned watcher must be kept alive.
pub fn watch(state: Arc<State>) -> Result<notify::RecommendedWatcher, String> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = tx.send(());
        }
    })
    .map_err(|e| super::said(state.config.lang, "serve-no-watcher", e.to_string()))?;
    let cannot_watch = |path: &std::path::Path, e: notify::Error| {
        let a = crate::words::args!(
            "path" => crate::escape::visible(&path.display().to_string()).into_owned(),
            "error" => crate::escape::visible(&e.to_string()).into_owned()
        );
        crate::words::message(state.config.lang, "serve-cannot-watch", Some(&a))
    };
    watcher
        .watch(&state.config.policy, RecursiveMode::Recursive)
        .map_err(|e| cannot_watch(&state.config.policy, e))?;
    if let Some(shadow) = &state.config.shadow {
        watcher
            .watch(shadow, RecursiveMode::Recursive)
            .map_err(|e| cannot_watch(shadow, e))?;
    }
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            // Debounce on quiet: every further event restarts the wait, so the reload comes
            // SETTLE after the last write, not after the first.
            loop {
                match tokio::time::timeout(SETTLE, rx.recv()).await {
                    Ok(Some(())) => continue,
                    Ok(None) => return,
                    Err(_quiet) => break,
                }
            }
            let s = state.clone();
            let _ = tokio::task::spawn_blocking(move || s.reload()).await;
        }
    });
    Ok(watcher)
}

/// Reloads on SIGHUP.
#[cfg(unix)]
pub fn on_sighup(state: Arc<State>) -> Result<(), String> {
    use tokio::signal::unix::{SignalKind, signal};
    let lang = state.config.lang;
    let mut hup = signal(SignalKind::hangup())
        .map_err(|e| super::said(lang, "serve-no-sighup", e.to_string()))?;
    tokio::spawn(async move {
        while hup.recv().await.is_some() {
            eprintln!("{}", crate::words::message(lang, "serve-sighup", None));
            let s = state.clone();
            let _ = tokio::task::spawn_blocking(move || s.reload()).await;
        }
    });
    Ok(())
}

/// Reloads on SIGHUP (not on this platform).
#[cfg(not(unix))]
pub fn on_sighup(_state: Arc<State>) -> Result<(), String> {
    Ok(())
}
