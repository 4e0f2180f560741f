//! A plugin's failures (`check --plugin`, the Rust API's `host::Plugin`) in words.

use super::{Lang, args, message};
use crate::escape::visible;
use crate::host::{AbiProblem, HostError, ModuleProblem, OutputProblem, TooLarge, TrapProblem};

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
}
