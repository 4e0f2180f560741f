//! `mandate import fides`: turn the Fides taxonomy into a vocabulary file, or a Fides project
//! (policies, systems, datasets) into a pack of rules and flows.

use super::{EXIT_ERROR, EXIT_OK};
use crate::import::fides_pack::{Manifest, PackOptions, fides_to_pack};
use crate::words::Lang;
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum Source {
    /// The Fides privacy taxonomy (fideslang 3.x): data_categories.yml, data_uses.yml and
    /// data_subjects.yml; or, with --project, a Fides project's policies, systems and datasets.
    /// Fideslang, © Ethyca, Inc., CC BY 4.0.
    Fides {
        /// The folder holding the three Fides taxonomy YAML files.
        #[arg(long = "from", value_name = "DIR", required_unless_present = "project")]
        from: Option<PathBuf>,
        /// A Fides manifest (YAML with `policy:`, `system:`, `dataset:`), or a folder of them;
        /// may be given several times. Writes a pack into the folder given with -o.
        #[arg(
            long,
            value_name = "PATH",
            conflicts_with = "from",
            requires = "output"
        )]
        project: Vec<PathBuf>,
        /// Where to write: the vocabulary file (standard output when absent), or with
        /// --project the pack folder (required; created if missing).
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// The vocabulary's name, for `use vocabulary "…"`; with --project, the policy's name.
        #[arg(long, default_value = "fideslang")]
        name: String,
        /// With --project: the jurisdiction (ISO 3166-1 alpha-2) every Fides system gets.
        /// Fides does not locate systems, and no imported rule reads it.
        #[arg(long, default_value = "US", value_name = "CODE")]
        jurisdiction: String,
    },
}

pub fn run(source: Source) -> u8 {
    let Source::Fides {
        from,
        project,
        output,
        name,
        jurisdiction,
    } = source;
    let lang = super::lang();
    match from {
        Some(from) => taxonomy(&from, output, &name),
        None => pack(&project, output, &name, &jurisdiction, lang),
    }
}

fn fail(e: &str) -> u8 {
    eprintln!("{}", super::error(e));
    EXIT_ERROR
}

fn taxonomy(from: &Path, output: Option<PathBuf>, name: &str) -> u8 {
    let read = |file: &str| {
        let path = from.join(file);
        std::fs::read_to_string(&path).map_err(|e| super::file_trouble(&path, &e))
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
        Err(e) => return fail(&e),
    };
    let text = match crate::import::fides::fides_to_vocabulary(&categories, &uses, &subjects, name)
    {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string()),
    };
    // Written as `mandate fmt` would write it, so that `fmt --check` passes on imports. The
    // importer's own text is kept if it cannot be formatted (it is still a valid vocabulary).
    let text = crate::tools::fmt::format(crate::source::FileId(0), &text).unwrap_or(text);
    match output {
        Some(path) => {
            if let Err(e) = crate::log::write_whole(&path, text.as_bytes()) {
                return fail(&super::file_trouble(&path, &e));
            }
            let shown = crate::escape::visible(&path.display().to_string()).into_owned();
            eprintln!(
                "{}",
                super::say("cli-wrote", &crate::words::args!("path" => shown))
            );
        }
        None => print!("{text}"),
    }
    EXIT_OK
}

/// The YAML files a `--project` path stands for: the file itself, or a folder's `.yml` and
/// `.yaml` files (not its subfolders), in name order.
fn manifests(paths: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| super::file_trouble(p, &e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "yml" || x == "yaml"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).map_err(|e| super::file_trouble(&f, &e))?;
            Ok((f.display().to_string(), text))
        })
        .collect()
}

fn pack(
    paths: &[PathBuf],
    output: Option<PathBuf>,
    name: &str,
    jurisdiction: &str,
    lang: Lang,
) -> u8 {
    let Some(out) = output else {
        eprintln!(
            "{}",
            crate::words::message(lang, "fides-needs-output", None)
        );
        return EXIT_ERROR;
    };
    let texts = match manifests(paths) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let list: Vec<Manifest<'_>> = texts
        .iter()
        .map(|(file, text)| Manifest { file, text })
        .collect();
    let name = if name == "fideslang" {
        "Fides policies"
    } else {
        name
    };
    let options = PackOptions {
        name: name.to_owned(),
        jurisdiction: jurisdiction.to_owned(),
    };
    let pack = match fides_to_pack(&list, &options) {
        Ok(p) => p,
        Err(e) => {
            let a = crate::words::args!(
                "code" => code(&e),
                "message" => crate::words::fides_error(lang, &e)
            );
            eprintln!("{}", super::say("cli-error-code", &a));
            return EXIT_ERROR;
        }
    };
    for (relative, text) in &pack.files {
        // Every relative path is built by the importer from fixed names and sanitised flow
        // names (`[a-z0-9_-]`), never from a key as written.
        let path = out.join(relative);
        let text = if relative.ends_with(".policy") {
            crate::tools::fmt::format(crate::source::FileId(0), text).unwrap_or(text.clone())
        } else {
            text.clone()
        };
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| crate::log::write_whole(&path, text.as_bytes()));
        if let Err(e) = written {
            return fail(&super::file_trouble(&path, &e));
        }
    }
    for note in &pack.notes {
        let crate::import::fides_pack::Note::Duplicate { file, key, value } = note;
        let said = crate::words::message(
            lang,
            "fides-note-duplicate",
            Some(&crate::words::args!(
                "file" => crate::escape::visible(file).into_owned(),
                "key" => crate::escape::visible(key).into_owned(),
                "value" => crate::escape::visible(value).into_owned()
            )),
        );
        let a = crate::words::args!("message" => said);
        eprintln!("{}", crate::words::message(lang, "cli-note", Some(&a)));
    }
    eprintln!(
        "{}",
        crate::words::message(
            lang,
            "fides-wrote-pack",
            Some(&crate::words::args!(
                "folder" => crate::escape::visible(&out.display().to_string()).into_owned(),
                "flows" => pack.flows.len()
            ))
        )
    );
    EXIT_OK
}

fn code(e: &crate::import::fides_pack::PackError) -> String {
    serde_json::to_value(e)
        .ok()
        .and_then(|v| v["problem"].as_str().map(str::to_owned))
        .unwrap_or_default()
}
