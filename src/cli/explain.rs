//! `mandate explain`: why a flow is allowed or denied, for a person (text) or a program
//! (JSON), with the verified changes that would make a denied flow allowed.

use super::check::{exit_code, load_engine};
use super::{EXIT_ERROR, Format, LibraryArgs};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The policy pack folder (or a single policy file).
    #[arg(long, value_name = "DIR")]
    policy: PathBuf,
    /// The flow as JSON; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    flow: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Colour the text: `auto` colours on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = Colour::Auto)]
    color: Colour,
    #[command(flatten)]
    library: LibraryArgs,
}

/// When to colour text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Colour {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Colour {
    /// Whether to colour standard output.
    pub fn for_stdout(self) -> bool {
        match self {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Reads a flow document from a file or `-` (stdin), up to one byte past the size limit so
/// that an oversized flow is reported as such by the engine.
pub fn read_flow(path: &Path) -> Result<String, u8> {
    let limit = crate::eval::flow::MAX_FLOW_BYTES as u64 + 1;
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_string(&mut text))
    };
    match read {
        Ok(_) => Ok(text),
        Err(e) => {
            eprintln!("{}", crate::words::file_error(super::lang(), path, &e));
            Err(EXIT_ERROR)
        }
    }
}

pub fn run(args: Args) -> u8 {
    let engine = match load_engine(&args.policy, &args.library) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let text = match read_flow(&args.flow) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let lang = super::lang();
    let explanation = crate::explain::explain_json_in(engine.policy(), &text, lang);
    let rendered = match args.format {
        Format::Json => explanation.to_json() + "\n",
        Format::Text => crate::explain::to_text_in(&explanation, args.color.for_stdout(), lang),
    };
    if std::io::stdout()
        .lock()
        .write_all(rendered.as_bytes())
        .is_err()
    {
        return EXIT_ERROR;
    }
    exit_code(&explanation.decision)
}
