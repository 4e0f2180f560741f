//! `mandate import fides`: turn the Fides taxonomy into a vocabulary file.

use super::{EXIT_ERROR, EXIT_OK};
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum Source {
    /// The Fides privacy taxonomy (fideslang 3.x): data_categories.yml, data_uses.yml and
    /// data_subjects.yml. Fideslang, © Ethyca, Inc., CC BY 4.0.
    Fides {
        /// The folder holding the three Fides YAML files.
        #[arg(long = "from", value_name = "DIR")]
        from: PathBuf,
        /// Where to write the vocabulary (standard output when absent).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The vocabulary's name, for `use vocabulary "…"`.
        #[arg(long, default_value = "fideslang")]
        name: String,
    },
}

pub fn run(source: Source) -> u8 {
    let Source::Fides { from, output, name } = source;
    let read = |file: &str| {
        let path = from.join(file);
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let texts = (|| {
        Ok::<_, String>((
            read("data_categories.yml")?,
            read("data_uses.yml")?,
            read("data_subjects.yml")?,
        ))
    })();
    let (categories, uses, subjects) = match texts {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}", crate::escape::visible(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    let text = match crate::import::fides::fides_to_vocabulary(&categories, &uses, &subjects, &name)
    {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}", crate::escape::visible(&e.to_string()));
            return EXIT_ERROR;
        }
    };
    // Written as `mandate fmt` would write it, so that `fmt --check` passes on imports. The
    // importer's own text is kept if it cannot be formatted (it is still a valid vocabulary).
    let text = crate::tools::fmt::format(crate::source::FileId(0), &text).unwrap_or(text);
    match output {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, text) {
                eprintln!("error: {}: {e}", path.display());
                return EXIT_ERROR;
            }
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    EXIT_OK
}
