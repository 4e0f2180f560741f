//! The Rust API for engineers: compile a policy once, then decide many flows cheaply, from
//! many threads.
//!
//! ```no_run
//! use mandate::Engine;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let engine = Engine::from_path("policies/humanitarian-baseline")?;
//! let decision = engine.decide_json(r#"{
//!     "id": "f-1", "at": "2025-04-12T09:00:00Z", "from": "unhcr_ke", "to": "ngo_alpha",
//!     "data": ["personal.identity.name"], "purpose": "protection.referral",
//!     "basis": "vital_interest" }"#);
//! if !decision.is_allowed() {
//!     eprintln!("blocked: {}", decision.reason);
//! }
//! # Ok(())
//! # }
//! ```

use crate::compile;
use crate::diagnostic::Diagnostic;
use crate::eval::{self, Decision, Flow};
use crate::model::CompiledPolicy;
use crate::source::SourceMap;
use crate::words::Lang;
use std::sync::Arc;

/// Why a policy could not be turned into an [`Engine`].
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The pack could not be read.
    #[cfg(feature = "fs")]
    #[error(transparent)]
    Load(#[from] compile::loader::LoadError),
    /// The policy has errors; `rendered` shows them as a person would see them.
    #[error("the policy has {} error(s):\n{rendered}", diagnostics.iter().filter(|d| d.is_error()).count())]
    Invalid {
        /// Every finding.
        diagnostics: Vec<Diagnostic>,
        /// The findings as `file:line:column: message` lines, each followed by its
        /// `help:` and `note:` lines.
        rendered: String,
        /// The files the findings point into, for rendering them with their source lines.
        sources: SourceMap,
    },
    /// A compiled policy document that does not load.
    #[error("not a compiled policy: {0}")]
    Compiled(String),
}

/// A compiled policy ready to decide flows. Cheap to clone (shared), `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Engine {
    policy: Arc<CompiledPolicy>,
}

impl Engine {
    /// Loads and compiles a pack folder (or one file) and the vocabularies it uses.
    #[cfg(feature = "fs")]
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Engine, PolicyError> {
        Self::from_path_with_library(path, &[])
    }

    /// As [`Engine::from_path`], with extra folders to find shared vocabularies in.
    #[cfg(feature = "fs")]
    pub fn from_path_with_library(
        path: impl AsRef<std::path::Path>,
        library: &[std::path::PathBuf],
    ) -> Result<Engine, PolicyError> {
        let pack = compile::loader::compile_path(path.as_ref(), library)?;
        Self::finish(pack.sources, pack.policy, pack.diagnostics)
    }

    /// Compiles policy text held in memory: `(file name, text)` pairs.
    pub fn from_sources<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Engine, PolicyError> {
        let mut sources = SourceMap::new();
        let mut parsed = Vec::new();
        let mut diagnostics = Vec::new();
        for (name, text) in files {
            let id = sources.add(name, text);
            match crate::syntax::parse(id, text) {
                Ok(file) => parsed.push(file),
                Err(mut d) => diagnostics.append(&mut d),
            }
        }
        let output = compile::compile(&sources, &parsed);
        diagnostics.extend(output.diagnostics);
        Self::finish(sources, output.policy, diagnostics)
    }

    fn finish(
        sources: SourceMap,
        policy: Option<CompiledPolicy>,
        diagnostics: Vec<Diagnostic>,
    ) -> Result<Engine, PolicyError> {
        match policy {
            Some(policy) if !diagnostics.iter().any(Diagnostic::is_error) => {
                Ok(Engine::from_compiled(policy))
            }
            _ => {
                let rendered = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| {
                        let mut line = match &d.primary {
                            Some(l) => format!("{}: {}", sources.location(l.span), d.message),
                            None => d.message.to_string(),
                        };
                        // The fix travels with the finding: a reload error in `serve` or
                        // an error a library user prints keeps the did-you-mean.
                        if let Some(help) = &d.help {
                            line.push_str(&format!("\n  help: {help}"));
                        }
                        for note in &d.notes {
                            line.push_str(&format!("\n  note: {note}"));
                        }
                        line
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                Err(PolicyError::Invalid {
                    diagnostics,
                    rendered,
                    sources,
                })
            }
        }
    }

    /// Wraps an already compiled policy.
    pub fn from_compiled(policy: CompiledPolicy) -> Engine {
        Engine {
            policy: Arc::new(policy),
        }
    }

    /// Loads a compiled policy from its JSON form, checking its hash.
    pub fn from_compiled_json(json: &str) -> Result<Engine, PolicyError> {
        let policy: CompiledPolicy =
            serde_json::from_str(json).map_err(|e| PolicyError::Compiled(e.to_string()))?;
        if !policy.verify_hash() {
            return Err(PolicyError::Compiled(
                "its content does not match its hash (was it edited after compilation?)".into(),
            ));
        }
        Ok(Engine::from_compiled(policy))
    }

    /// The compiled policy.
    pub fn policy(&self) -> &CompiledPolicy {
        &self.policy
    }

    /// Decides a flow; the decision's words (its reason, facts, obligations) are in English.
    pub fn decide(&self, flow: &Flow) -> Decision {
        self.decide_in(flow, Lang::EN)
    }

    /// Decides a flow, with the decision's words in `lang`. The outcome, kind, deciding rules
    /// and every machine-readable field are the same in every language.
    pub fn decide_in(&self, flow: &Flow, lang: Lang) -> Decision {
        eval::decide_in(&self.policy, flow, lang)
    }

    /// Decides a flow without putting the decision in words (see [`eval::verdict`]): the
    /// same outcome, deciding rules and obligations as [`Engine::decide`], for gates that
    /// check many flows and show a full decision only when they need one.
    pub fn verdict(&self, flow: &Flow) -> eval::Verdict {
        eval::verdict(&self.policy, flow)
    }

    /// The outcome and deny kind of a flow alone (see [`eval::outcome`]): those of
    /// [`Engine::verdict`], without the deciding rules or obligations, at the least cost.
    pub fn outcome(&self, flow: &Flow) -> (eval::Outcome, Option<eval::DenyKind>) {
        eval::outcome(&self.policy, flow)
    }

    /// The outcome and deny kind of a flow given by parts (see [`eval::FlowParts`]): those
    /// of [`Engine::outcome`] on the flow they stand for, with what each distinct part
    /// resolves to kept in `cache` for the next flows (a batch of flows repeats a few data
    /// lists, parties and nested parts). One cache serves one engine.
    pub fn outcome_of_parts(
        &self,
        parts: &eval::FlowParts<'_>,
        cache: &mut eval::ResolveCache,
    ) -> (eval::Outcome, Option<eval::DenyKind>) {
        cache.outcome(&self.policy, parts)
    }

    /// Decides a flow given as JSON. A flow that cannot be read is a deny of kind `error`
    /// naming the JSON path of the problem; this never fails and never panics.
    pub fn decide_json(&self, json: &str) -> Decision {
        self.decide_json_in(json, Lang::EN)
    }

    /// As [`Engine::decide_json`], with the decision's words in `lang`.
    pub fn decide_json_in(&self, json: &str, lang: Lang) -> Decision {
        eval::decide_json_in(&self.policy, json, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn engine_is_shareable_between_threads() {
        assert_send_sync::<Engine>();
    }
}

#[cfg(test)]
mod compiled_json_tests {
    use super::*;

    #[test]
    fn a_compiled_policy_round_trips_through_json() {
        let engine = Engine::from_sources([(
            "p.policy",
            "policy \"T\"\ncategory personal personal\ncategory personal.x\npurpose p\nparty kind k\nparty a kind k jurisdiction \"KE\"\nallow \"r\" when data includes personal cite \"c\"\n",
        )])
        .expect("compiles");
        let json = serde_json::to_string(engine.policy()).expect("serialises");
        let back = Engine::from_compiled_json(&json).expect("loads, hash verified");
        assert_eq!(back.policy().hash, engine.policy().hash);
        let flow = r#"{"id":"f","at":"2025-01-01T00:00:00Z","from":"a","to":"a","data":["personal.x"],"purpose":"p"}"#;
        assert_eq!(back.decide_json(flow), engine.decide_json(flow));
        let tampered = json.replacen("\"r\"", "\"s\"", 1);
        assert!(Engine::from_compiled_json(&tampered).is_err());
    }
}
