//! `mandate workbench --out DIR`: writes the browser workbench as static files.

use std::path::PathBuf;

#[derive(clap::Args)]
#[cfg_attr(not(feature = "workbench"), allow(dead_code))]
pub struct Args {
    /// The folder to write the page and its engine into (created if missing; the
    /// workbench's own files in it are replaced, nothing else is touched).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

#[cfg(feature = "workbench")]
pub fn run(args: Args) -> u8 {
    use super::{EXIT_ERROR, EXIT_OK};
    use crate::escape::Visible;
    use crate::words::{self, args};
    let lang = super::lang();
    let Some(assets) = crate::workbench::assets() else {
        let said = words::message(lang, "workbench-cli-no-engine", None);
        eprintln!("{}", super::error(&said));
        return EXIT_ERROR;
    };
    let fail = |e: String| {
        eprintln!("{}", super::error(&e));
        EXIT_ERROR
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        return fail(super::file_trouble(&args.out, &e));
    }
    for asset in assets {
        // Fixed names from the binary, never from input; each file written whole or not at all.
        let target = args.out.join(asset.name);
        let written = crate::gate::output::Atomic::create(&target).and_then(|mut file| {
            use std::io::Write;
            file.writer()
                .write_all(asset.bytes)
                .map_err(|e| crate::gate::GateError::Io {
                    path: target.display().to_string(),
                    error: e.to_string(),
                })?;
            file.commit()
        });
        if let Err(e) = written {
            return fail(e.words(lang));
        }
    }
    println!(
        "{}",
        words::message(
            lang,
            "workbench-cli-written",
            Some(&args!(
                "count" => assets.len() as i64,
                "page" => Visible(&args.out.join("index.html").display().to_string()).to_string()
            )),
        )
    );
    EXIT_OK
}

#[cfg(not(feature = "workbench"))]
pub fn run(_args: Args) -> u8 {
    super::needs_feature("cli-feature-workbench", "workbench")
}
