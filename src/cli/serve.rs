//! `mandate serve`: the HTTP decision service.

use super::LibraryArgs;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(clap::Args)]
#[cfg_attr(not(feature = "serve"), allow(dead_code))]
pub struct Args {
    /// The policy pack folder (or a single policy file); reloaded when it changes.
    #[arg(long, value_name = "DIR")]
    policy: PathBuf,
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8181")]
    addr: SocketAddr,
    /// Append every decision to the decision log in this folder.
    #[arg(long, value_name = "DIR")]
    log: Option<PathBuf>,
    /// The key that signs the log and the shadow log, kept outside them (default: MANDATE_LOG_KEY,
    /// else ~/.config/mandate/log-signing.key; created with owner-only access if missing).
    #[arg(long, value_name = "FILE", env = "MANDATE_LOG_KEY")]
    log_key: Option<PathBuf>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Longest a request may take once its body has arrived (waiting for a turn and
    /// deciding), in milliseconds: 503 after that, saying what was decided.
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// Most requests decided or explained at once, over all routes together; more wait
    /// their turn.
    #[arg(long, default_value_t = 256)]
    max_concurrency: usize,
    /// Longest a client may take to send a request's headers, in milliseconds; a kept-alive
    /// connection idle this long is closed.
    #[arg(long, default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// Longest a client may take to send a request's body, in milliseconds (408 after that).
    #[arg(long, default_value_t = 10_000)]
    body_timeout_ms: u64,
    /// Most connections open at once; more are closed on arrival. Keep it below the
    /// process's file descriptor limit (`ulimit -n`).
    #[arg(long, default_value_t = 512)]
    max_connections: usize,
    /// Do not reload when the policy's files change (SIGHUP still reloads).
    #[arg(long)]
    no_watch: bool,
    /// A candidate version of the policy (a pack folder or a policy file): every decided
    /// flow is also decided under it, in the background; answers come from --policy only.
    /// Flows it decides otherwise are counted in /metrics
    /// (mandate_shadow_disagreements_total); it is reloaded with the live policy.
    #[arg(long, value_name = "DIR")]
    shadow: Option<PathBuf>,
    /// Log the candidate's decision on every flow it decides otherwise to the decision log in
    /// this folder (hash-chained, signed with the log key).
    #[arg(long, value_name = "DIR", requires = "shadow")]
    shadow_log: Option<PathBuf>,
    #[command(flatten)]
    library: LibraryArgs,
}

#[cfg(not(feature = "serve"))]
pub fn run(_: Args) -> u8 {
    super::needs_feature("cli-feature-serve", "serve")
}

#[cfg(feature = "serve")]
pub fn run(args: Args) -> u8 {
    use super::{EXIT_ERROR, EXIT_OK};
    use std::io::Write;
    use std::time::Duration;
    let config = crate::serve::Config {
        policy: args.policy,
        library: args.library.lib,
        addr: args.addr,
        log: args.log,
        log_key: args.log_key,
        max_body_bytes: args.max_body_bytes,
        timeout: Duration::from_millis(args.timeout_ms.max(1)),
        max_concurrency: args.max_concurrency.max(1),
        header_timeout: Duration::from_millis(args.header_timeout_ms.max(1)),
        body_timeout: Duration::from_millis(args.body_timeout_ms.max(1)),
        max_connections: args.max_connections.max(1),
        watch: !args.no_watch,
        shadow: args.shadow,
        shadow_log: args.shadow_log,
        lang: super::lang(),
    };
    let started = crate::serve::run(config, |addr| {
        // One line on stdout, so scripts and tests can find the port.
        let addr = addr.to_string();
        println!(
            "{}",
            super::say("cli-serve-listening", &crate::words::args!("addr" => addr))
        );
        let _ = std::io::stdout().flush();
    });
    match started {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("{}", super::error(&e.to_string()));
            EXIT_ERROR
        }
    }
}
