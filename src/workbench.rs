//! The browser workbench's files, embedded in the binary so that `mandate serve` shows the
//! page offline and `mandate workbench --out DIR` writes it: the page (workbench/dist, built
//! by workbench/build and committed) and its engine (the core for wasm32, built by build.rs
//! from these sources when the feature `workbench` is on).

/// One file of the workbench: its name (a fixed name, never one from input), its media type
/// and its bytes.
pub struct Asset {
    /// The file name, as served at `/NAME` and written into the output folder.
    pub name: &'static str,
    /// Its `Content-Type`.
    pub media_type: &'static str,
    /// Its content.
    pub bytes: &'static [u8],
}

/// Every file of the workbench, the page first; `None` when this build has no engine
/// (the wasm32 target was missing when it was built).
pub fn assets() -> Option<&'static [Asset]> {
    #[cfg(mandate_no_workbench)]
    {
        None
    }
    #[cfg(not(mandate_no_workbench))]
    {
        Some(ASSETS)
    }
}

#[cfg(not(mandate_no_workbench))]
const ASSETS: &[Asset] = &[
    Asset {
        name: "index.html",
        media_type: "text/html; charset=utf-8",
        bytes: include_bytes!("../workbench/dist/index.html"),
    },
    Asset {
        name: "app.js",
        media_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../workbench/dist/app.js"),
    },
    Asset {
        name: "app.css",
        media_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../workbench/dist/app.css"),
    },
    Asset {
        name: "example-pack.json",
        media_type: "application/json",
        bytes: include_bytes!("../workbench/dist/example-pack.json"),
    },
    Asset {
        name: "mandate_workbench.wasm",
        media_type: "application/wasm",
        bytes: include_bytes!(concat!(env!("OUT_DIR"), "/mandate_workbench.wasm")),
    },
];

/// The asset served at `path` (`/` is the page).
pub fn find(path: &str) -> Option<&'static Asset> {
    let name = match path.strip_prefix('/')? {
        "" => "index.html",
        name => name,
    };
    assets()?.iter().find(|a| a.name == name)
}

#[cfg(all(test, not(mandate_no_workbench)))]
mod tests {
    use super::*;

    #[test]
    fn the_page_and_its_engine_are_embedded() {
        assert!(find("/").is_some_and(|a| a.bytes.starts_with(b"<!doctype html>")));
        let wasm = find("/mandate_workbench.wasm")
            .map(|a| a.bytes)
            .unwrap_or_default();
        assert!(
            wasm.starts_with(b"\0asm"),
            "the engine is a WebAssembly module"
        );
        assert!(find("/../etc/passwd").is_none());
        assert!(find("/nope").is_none());
    }
}
