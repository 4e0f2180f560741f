//! `mandate compile`: a policy pack to its compiled JSON, or to a self-contained WASM plugin.

use super::check::load_engine;
use super::{EXIT_ERROR, EXIT_OK, LibraryArgs};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The policy pack folder (or a single policy file).
    #[arg(long, value_name = "DIR")]
    policy: PathBuf,
    /// Write a WASM plugin (the evaluator and the policy in one module with no imports)
    /// instead of the compiled policy JSON. Implied by an output name ending in `.wasm`.
    #[arg(long)]
    wasm: bool,
    /// Where to write; `-` writes the JSON to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    library: LibraryArgs,
}

pub fn run(args: Args) -> u8 {
    let engine = match load_engine(&args.policy, &args.library) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let wasm = args.wasm || args.output.extension().is_some_and(|e| e == "wasm");
    let to_stdout = args.output.as_os_str() == "-";
    if wasm && to_stdout {
        let said = crate::words::message(super::lang(), "cli-compile-binary-to-terminal", None);
        eprintln!("{}", super::error(&said));
        return EXIT_ERROR;
    }
    let bytes = if wasm {
        match plugin(&engine) {
            Ok(bytes) => bytes,
            Err(code) => return code,
        }
    } else {
        match serde_json::to_vec(engine.policy()) {
            Ok(bytes) => bytes,
            Err(e) => {
                let a = crate::words::args!("error" => e.to_string());
                eprintln!(
                    "{}",
                    super::error(&super::say("cli-compile-unserialisable", &a))
                );
                return EXIT_ERROR;
            }
        }
    };
    let written = if to_stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes).and_then(|()| out.flush())
    } else {
        // Whole or not at all: a plugin or compiled policy cut short would be read later.
        crate::log::write_whole(&args.output, &bytes)
    };
    if let Err(e) = written {
        eprintln!(
            "{}",
            crate::words::file_error(super::lang(), &args.output, &e)
        );
        return EXIT_ERROR;
    }
    if !to_stdout {
        let a = crate::words::args!(
            "path" => crate::escape::visible(&args.output.display().to_string()).into_owned(),
            "bytes" => bytes.len(),
            "hash" => engine.policy().hash.as_str()
        );
        eprintln!("{}", super::say("cli-compile-wrote", &a));
    }
    EXIT_OK
}

/// The plugin for `engine`'s policy, or the exit code after saying why there is none.
#[cfg(feature = "plugin")]
fn plugin(engine: &crate::Engine) -> Result<Vec<u8>, u8> {
    crate::plugin::build(engine.policy()).map_err(|e| {
        eprintln!("{}", super::error(&e.to_string()));
        EXIT_ERROR
    })
}

/// Without feature `plugin` there is no guest to write the policy into.
#[cfg(not(feature = "plugin"))]
fn plugin(_: &crate::Engine) -> Result<Vec<u8>, u8> {
    let code = super::needs_feature("cli-feature-compile-wasm", "plugin");
    let help = crate::words::message(super::lang(), "cli-compile-wasm-target", None);
    eprintln!("  {help}");
    Err(code)
}
