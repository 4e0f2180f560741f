//! A plugin's failures (`check --plugin`, the Rust API's `host::Plugin`) in words.

use super::{Lang, args, message};
use crate::escape::visible;
use crate::host::{
    AbiProblem, CacheProblem, CacheWarning, EntryProblem, FileProblem, FolderOf, FolderProblem,
    HostError, KeyProblem, ModuleProblem, OutputProblem, TooLarge, TrapProblem,
};
use std::path::Path;

/// Why a plugin cannot be used, or why a call failed, in `lang`'s words. Text from wasmtime
/// or from the plugin is escaped.
pub fn host_error(lang: Lang, e: &HostError) -> String {
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    let plain = |id: &str| message(lang, id, None);
    // wasmtime's messages can run over several indented lines (a byte array printed in
    // full): shown on one line, each run of blanks one space.
    let shown = |s: &str| visible(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
    let (id, why) = match e {
        HostError::Module(p) => (
            "host-module",
            match p {
                ModuleProblem::Invalid(detail) => shown(detail),
                ModuleProblem::Component => plain("host-module-component"),
            },
        ),
        HostError::TooLarge(t) => (
            "host-too-large",
            match t {
                TooLarge::Module { bytes, limit } => say(
                    "host-large-module",
                    args!("bytes" => *bytes, "limit" => *limit),
                ),
                TooLarge::Code { bytes, limit } => say(
                    "host-large-code",
                    args!("bytes" => *bytes, "limit" => *limit),
                ),
                TooLarge::Function { bytes, limit } => say(
                    "host-large-function",
                    args!("bytes" => *bytes, "limit" => *limit),
                ),
                TooLarge::Functions { count, limit } => say(
                    "host-large-functions",
                    args!("count" => *count, "limit" => *limit),
                ),
            },
        ),
        HostError::Imports(import) => {
            return say("host-imports", args!("import" => shown(import)));
        }
        HostError::Abi(p) => (
            "host-abi",
            match p {
                AbiProblem::NoMemory { name } => say("host-abi-no-memory", args!("name" => *name)),
                AbiProblem::NoFunction { name, signature } => say(
                    "host-abi-no-function",
                    args!("name" => shown(name), "signature" => shown(signature)),
                ),
                AbiProblem::Version { found, spoken } => say(
                    "host-abi-version",
                    args!("found" => i64::from(*found), "spoken" => i64::from(*spoken)),
                ),
                AbiProblem::BufferOutside => plain("host-abi-buffer-outside"),
                AbiProblem::PolicyDoesNotLoad => plain("host-abi-policy"),
                AbiProblem::HashLength { bytes } => {
                    say("host-abi-hash-length", args!("bytes" => *bytes))
                }
                AbiProblem::HashNotUtf8 => plain("host-abi-hash-not-utf8"),
            },
        ),
        HostError::Trap(p) => (
            "host-trap",
            match p {
                TrapProblem::FlowTooLarge => plain("host-trap-flow-too-large"),
                TrapProblem::NoMemory => plain("host-trap-no-memory"),
                TrapProblem::NoInstance => plain("host-trap-no-instance"),
                TrapProblem::OutOfFuel => plain("host-trap-fuel"),
                TrapProblem::MemoryLimit => plain("host-trap-memory-limit"),
                TrapProblem::Trapped(detail) => {
                    say("host-trap-trapped", args!("detail" => shown(detail)))
                }
                TrapProblem::Failed(detail) => shown(detail),
            },
        ),
        HostError::Output(p) => (
            "host-output",
            match p {
                OutputProblem::TooLarge { bytes, limit } => say(
                    "host-output-too-large",
                    args!("bytes" => *bytes, "limit" => *limit),
                ),
                OutputProblem::NotUtf8 => plain("host-output-not-utf8"),
                OutputProblem::NotADecision(detail) => say(
                    "host-output-not-a-decision",
                    args!("detail" => shown(detail)),
                ),
                OutputProblem::OtherPolicy { named, own } => say(
                    "host-output-other-policy",
                    args!("named" => named.as_str(), "own" => own.as_str()),
                ),
                OutputProblem::OtherFlow { named, asked } => say(
                    "host-output-other-flow",
                    args!("named" => named.as_str(), "asked" => asked.as_str()),
                ),
                OutputProblem::OutsideMemory => plain("host-output-outside-memory"),
            },
        ),
    };
    say(id, args!("why" => why))
}

/// A problem with the precompiled-module cache, in `lang`'s words: what was done instead
/// (the plugin is always loaded) and, where the user can, how to fix it. Paths and the
/// operating system's or wasmtime's words are escaped.
pub fn cache_warning(lang: Lang, w: &CacheWarning) -> String {
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    let shown = |s: &str| visible(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
    let path = |p: &Path| visible(&p.display().to_string()).into_owned();
    match w {
        CacheWarning::NotOpened(problem) => say(
            "cache-not-opened",
            args!("why" => cache_problem(lang, problem)),
        ),
        CacheWarning::Refused { entry, why } => {
            let why = match why {
                EntryProblem::Unreadable(p) => say(
                    "cache-entry-unreadable",
                    args!("why" => file_problem(lang, p)),
                ),
                EntryProblem::NotAnEntry => message(lang, "cache-entry-not-an-entry", None),
                EntryProblem::TagMismatch => message(lang, "cache-entry-tag", None),
            };
            say("cache-refused", args!("entry" => path(entry), "why" => why))
        }
        CacheWarning::DoesNotLoad { entry, detail } => say(
            "cache-does-not-load",
            args!("entry" => path(entry), "detail" => shown(detail)),
        ),
        CacheWarning::NotWritten { entry, detail } => say(
            "cache-not-written",
            args!("entry" => path(entry), "detail" => shown(detail)),
        ),
        CacheWarning::NotSerialised { detail } => {
            say("cache-not-serialised", args!("detail" => shown(detail)))
        }
    }
}

/// Why the cache cannot be used at all.
fn cache_problem(lang: Lang, p: &CacheProblem) -> String {
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    let path = |p: &Path| visible(&p.display().to_string()).into_owned();
    let detail = |s: &str| visible(s).into_owned();
    match p {
        CacheProblem::NoPlaceForKey => message(lang, "cache-no-key-place", None),
        CacheProblem::KeyInsideFolder { key, folder } => say(
            "cache-key-inside",
            args!("key" => path(key), "folder" => path(folder)),
        ),
        CacheProblem::Folder {
            of,
            folder,
            problem,
        } => {
            let id = match problem {
                FolderProblem::NotCreated(_) => "cache-folder-not-created",
                FolderProblem::NotRead(_) => "cache-folder-not-read",
                FolderProblem::NotAFolder => "cache-folder-not-a-folder",
                FolderProblem::OtherOwner { .. } => "cache-folder-other-owner",
                FolderProblem::WritableByOthers { .. } => "cache-folder-writable",
            };
            let mut a = args!(
                "folder" => path(folder),
                "of" => match of {
                    FolderOf::Cache => "cache",
                    FolderOf::Key => "key",
                }
            );
            match problem {
                FolderProblem::NotCreated(e) | FolderProblem::NotRead(e) => {
                    a.set("detail", detail(e))
                }
                FolderProblem::NotAFolder => {}
                FolderProblem::OtherOwner { uid } => a.set("uid", uid.to_string()),
                FolderProblem::WritableByOthers { mode } => a.set("mode", format!("{mode:03o}")),
            }
            say(id, a)
        }
        CacheProblem::Key { key, problem } => {
            let (id, a) = match problem {
                KeyProblem::Unusable(p) => (
                    "cache-key-unusable",
                    args!("key" => path(key), "why" => file_problem(lang, p)),
                ),
                KeyProblem::NoRandomness(e) => (
                    "cache-key-no-randomness",
                    args!("key" => path(key), "detail" => detail(e)),
                ),
                KeyProblem::NotCreated(e) => (
                    "cache-key-not-created",
                    args!("key" => path(key), "detail" => detail(e)),
                ),
            };
            say(id, a)
        }
    }
}

/// What is wrong with a file the cache reads back.
fn file_problem(lang: Lang, p: &FileProblem) -> String {
    let say = |id: &str, a: super::Args<'_>| message(lang, id, Some(&a));
    let plain = |id: &str| message(lang, id, None);
    match p {
        FileProblem::Io(e) => say("cache-file-io", args!("detail" => visible(e).into_owned())),
        FileProblem::NotRegular => plain("cache-file-not-regular"),
        FileProblem::TooLarge { bytes, limit } => say(
            "cache-file-too-large",
            args!("bytes" => *bytes, "limit" => *limit),
        ),
        FileProblem::Grew => plain("cache-file-grew"),
        FileProblem::OtherOwner { uid } => {
            say("cache-file-other-owner", args!("uid" => uid.to_string()))
        }
        FileProblem::OthersCanAccess { mode } => say(
            "cache-file-others-can-access",
            args!("mode" => format!("{mode:03o}")),
        ),
        FileProblem::Short => plain("cache-file-short"),
        FileProblem::Long => plain("cache-file-long"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every failure has words in every language, French not left in English, and text from
    /// wasmtime or the plugin escaped.
    #[test]
    fn every_plugin_failure_has_words_in_every_language() {
        let s = |t: &str| t.to_owned();
        let all = [
            HostError::Module(ModuleProblem::Invalid(s("bad magic\u{1b}[2J"))),
            HostError::Module(ModuleProblem::Invalid(s("expected=[\n    0x0,\n]"))),
            HostError::Module(ModuleProblem::Component),
            HostError::TooLarge(TooLarge::Module { bytes: 9, limit: 8 }),
            HostError::TooLarge(TooLarge::Code { bytes: 9, limit: 8 }),
            HostError::TooLarge(TooLarge::Function { bytes: 9, limit: 8 }),
            HostError::TooLarge(TooLarge::Functions { count: 9, limit: 8 }),
            HostError::Imports(s("env::f")),
            HostError::Abi(AbiProblem::NoMemory { name: "memory" }),
            HostError::Abi(AbiProblem::NoFunction {
                name: s("alloc"),
                signature: s("(i32) -> i32"),
            }),
            HostError::Abi(AbiProblem::Version {
                found: 9,
                spoken: 1,
            }),
            HostError::Abi(AbiProblem::BufferOutside),
            HostError::Abi(AbiProblem::PolicyDoesNotLoad),
            HostError::Abi(AbiProblem::HashLength { bytes: 2000 }),
            HostError::Abi(AbiProblem::HashNotUtf8),
            HostError::Trap(TrapProblem::FlowTooLarge),
            HostError::Trap(TrapProblem::NoMemory),
            HostError::Trap(TrapProblem::NoInstance),
            HostError::Trap(TrapProblem::OutOfFuel),
            HostError::Trap(TrapProblem::MemoryLimit),
            HostError::Trap(TrapProblem::Trapped(s("unreachable"))),
            HostError::Output(OutputProblem::TooLarge { bytes: 9, limit: 8 }),
            HostError::Output(OutputProblem::NotUtf8),
            HostError::Output(OutputProblem::NotADecision(s("eof"))),
            HostError::Output(OutputProblem::OtherPolicy {
                named: s("\"a\""),
                own: s("\"b\""),
            }),
            HostError::Output(OutputProblem::OtherFlow {
                named: s("\"a\""),
                asked: s("\"b\""),
            }),
            HostError::Output(OutputProblem::OutsideMemory),
        ];
        for e in &all {
            let en = host_error(Lang::EN, e);
            let fr = host_error(Lang::FR, e);
            for text in [&en, &fr] {
                assert!(!text.contains("host-"), "{e:?}: {text}");
                assert!(!text.contains('\u{1b}'), "{e:?}: {text}");
            }
            assert_ne!(en, fr, "{e:?} is not in French");
            assert_eq!(e.to_string(), en);
        }
        assert_eq!(
            all[1].to_string(),
            "the plugin is not a valid WASM module: expected=[ 0x0, ]"
        );
        assert_eq!(
            all[18].to_string(),
            "the plugin failed: it ran out of fuel (an endless loop, or a limit too low)"
        );
    }

    /// Every problem with the plugin cache has words in every language, French not left in
    /// English, with paths and the system's words escaped.
    #[test]
    fn every_cache_warning_has_words_in_every_language() {
        use std::path::PathBuf;
        let entry = PathBuf::from("/c/\u{1b}[2Jx.cwasm");
        let folder = PathBuf::from("/c");
        let file_problems = [
            FileProblem::Io("denied\u{7}".into()),
            FileProblem::NotRegular,
            FileProblem::TooLarge { bytes: 9, limit: 8 },
            FileProblem::Grew,
            FileProblem::OtherOwner { uid: 1000 },
            FileProblem::OthersCanAccess { mode: 0o644 },
            FileProblem::Short,
            FileProblem::Long,
        ];
        let mut all = vec![
            CacheWarning::NotOpened(CacheProblem::NoPlaceForKey),
            CacheWarning::NotOpened(CacheProblem::KeyInsideFolder {
                key: folder.join("k"),
                folder: folder.clone(),
            }),
            CacheWarning::Refused {
                entry: entry.clone(),
                why: EntryProblem::NotAnEntry,
            },
            CacheWarning::Refused {
                entry: entry.clone(),
                why: EntryProblem::TagMismatch,
            },
            CacheWarning::DoesNotLoad {
                entry: entry.clone(),
                detail: "bad\n   header".into(),
            },
            CacheWarning::NotWritten {
                entry: entry.clone(),
                detail: "disk full".into(),
            },
            CacheWarning::NotSerialised {
                detail: "no".into(),
            },
        ];
        for of in [FolderOf::Cache, FolderOf::Key] {
            for problem in [
                FolderProblem::NotCreated("denied".into()),
                FolderProblem::NotRead("denied".into()),
                FolderProblem::NotAFolder,
                FolderProblem::OtherOwner { uid: 1000 },
                FolderProblem::WritableByOthers { mode: 0o777 },
            ] {
                all.push(CacheWarning::NotOpened(CacheProblem::Folder {
                    of,
                    folder: folder.clone(),
                    problem,
                }));
            }
        }
        for p in &file_problems {
            all.push(CacheWarning::Refused {
                entry: entry.clone(),
                why: EntryProblem::Unreadable(p.clone()),
            });
            all.push(CacheWarning::NotOpened(CacheProblem::Key {
                key: folder.join("k"),
                problem: KeyProblem::Unusable(p.clone()),
            }));
        }
        all.push(CacheWarning::NotOpened(CacheProblem::Key {
            key: folder.join("k"),
            problem: KeyProblem::NoRandomness("none".into()),
        }));
        all.push(CacheWarning::NotOpened(CacheProblem::Key {
            key: folder.join("k"),
            problem: KeyProblem::NotCreated("denied".into()),
        }));
        for w in &all {
            let en = cache_warning(Lang::EN, w);
            let fr = cache_warning(Lang::FR, w);
            for text in [&en, &fr] {
                assert!(!text.contains("cache-"), "{w:?}: {text}");
                assert!(!text.contains('\u{1b}'), "{w:?}: {text}");
                assert!(!text.contains('\u{7}'), "{w:?}: {text}");
                assert!(!text.contains('\n'), "{w:?}: {text}");
            }
            assert_ne!(en, fr, "{w:?} is not in French");
            assert_eq!(w.to_string(), en);
        }
        assert_eq!(
            all[7 + 5 + 4].to_string(),
            "the folder of the cache key /c can be written by other users (mode 777); \
             make it yours alone with `chmod go-w` on it; the plugin is compiled without \
             the cache"
        );
        assert_eq!(
            all[3].to_string(),
            format!(
                "the cache entry {} is ignored and compiled again: its authentication tag does \
                 not match (it was altered, or made for another plugin or with another key)",
                crate::escape::visible("/c/\u{1b}[2Jx.cwasm")
            )
        );
    }
}
