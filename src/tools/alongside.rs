//! What `mandate diff` (and the workbench's diff) lists after the semantic changes: changes
//! between two versions that the comparison over a flow's stated facts cannot enumerate.
//! Suspensions and declared names change no decision; a new reading of consent and HXL tags
//! mapped anew do, and count as differences.

use super::consent_reading::{self, ReadingChange};
use super::declared::{self, DeclaredChange};
use super::hashtags::{self, HashtagChange};
use super::suspensions::{self, SuspensionChange};
use crate::model::CompiledPolicy;
use crate::words::Lang;

/// The changes listed beside the semantic diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alongside {
    /// Suspensions of agreements added or removed.
    pub suspensions: Vec<SuspensionChange>,
    /// Declared names (roles, responses, flags, dimensions) added, removed or described anew.
    pub declared: Vec<DeclaredChange>,
    /// How far consent reaches, when it changed.
    pub consent_reading: Option<ReadingChange>,
    /// HXL tags mapped to another category.
    pub hashtags: Vec<HashtagChange>,
}

impl Alongside {
    /// Compares `old` with `new`.
    pub fn compare(old: &CompiledPolicy, new: &CompiledPolicy) -> Alongside {
        Alongside {
            suspensions: suspensions::compare(old, new),
            declared: declared::compare(old, new),
            consent_reading: consent_reading::compare(old, new),
            hashtags: hashtags::compare(old, new),
        }
    }

    /// Whether these change decisions the semantic diff cannot enumerate: a new reading of
    /// consent (not only a new citation of it) or a tag mapped anew. A difference for the
    /// exit code.
    pub fn decides(&self) -> bool {
        let reading = self
            .consent_reading
            .as_ref()
            .is_some_and(|c| c.before.is_some() != c.now.is_some());
        reading || !self.hashtags.is_empty()
    }

    /// The changes as lines of text, in `lang`.
    pub fn to_text_in(&self, lang: Lang) -> String {
        let mut text = suspensions::to_text_in(&self.suspensions, lang);
        text.push_str(&declared::to_text_in(&self.declared, lang));
        text.push_str(&consent_reading::to_text_in(
            self.consent_reading.as_ref(),
            lang,
        ));
        text.push_str(&hashtags::to_text_in(&self.hashtags, lang));
        text
    }

    /// Adds the changes to a JSON report, each under its own key, only when there are some.
    pub fn add_to_json(&self, out: &mut serde_json::Map<String, serde_json::Value>) {
        use serde_json::json;
        if !self.suspensions.is_empty() {
            out.insert("suspensions".into(), json!(self.suspensions));
        }
        if !self.declared.is_empty() {
            out.insert("declared".into(), json!(self.declared));
        }
        if let Some(c) = &self.consent_reading {
            out.insert("consent_reading".into(), json!(c));
        }
        if !self.hashtags.is_empty() {
            out.insert("hashtags".into(), json!(self.hashtags));
        }
    }
}
