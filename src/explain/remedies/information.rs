//! For information, never as a remedy: the purposes and legal bases under which the policy
//! would allow the flow as it is otherwise. A purpose or a basis is a fact about the transfer,
//! not a setting to try; when the sender really meant a narrower purpose or stands on another
//! basis, this tells them what the policy says about it. Each is verified by deciding the flow
//! with it.

use crate::eval::{self, Flow, Outcome};
use crate::model::{Basis, CompiledPolicy};
use crate::words::{self, Lang, args};
use serde::{Deserialize, Serialize};

/// Most purposes tried.
const MAX_PURPOSES: usize = 64;

/// What the policy would allow, for information.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Information {
    /// Purposes narrower than the flow's for which the flow would be allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<String>,
    /// Legal bases on which the flow would be allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<Basis>,
    /// The whole of it in one sentence, in the explanation's language: information, not a fix.
    pub text: String,
}

/// What the policy would allow for `flow` (a flow without a chain: the purpose and basis of
/// an onward hop are the chain's), or nothing.
pub(super) fn information(policy: &CompiledPolicy, flow: &Flow, lang: Lang) -> Option<Information> {
    if !flow.chain.is_empty() {
        return None;
    }
    let allowed = |f: &Flow| eval::decide(policy, f).decision == Outcome::Allow;
    let purposes: Vec<String> = narrower_purposes(policy, flow)
        .into_iter()
        .filter(|p| {
            let mut f = flow.clone();
            f.purpose = p.clone();
            allowed(&f)
        })
        .collect();
    // A flow that relies on consent is never told of another basis: consent cannot be
    // swapped for one after the fact (its remedy is to renew the consent).
    let other_bases = if flow.basis == Some(Basis::Consent) {
        Vec::new()
    } else {
        Basis::ALL.to_vec()
    };
    let bases: Vec<Basis> = other_bases
        .into_iter()
        .filter(|&b| Some(b) != flow.basis)
        // Consent without a record cannot be relied on: never listed for a flow without one.
        .filter(|&b| b != Basis::Consent || flow.consent.is_some())
        .filter(|&b| {
            let mut f = flow.clone();
            f.basis = Some(b);
            allowed(&f)
        })
        .collect();
    if purposes.is_empty() && bases.is_empty() {
        return None;
    }
    let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
    let bases_words: Vec<&str> = bases.iter().map(|b| b.word()).collect();
    let text = match (purposes.is_empty(), bases.is_empty()) {
        (false, true) => say(
            "remedy-information-purposes",
            &args!("purposes" => purposes.join(", ")),
        ),
        (true, false) => say(
            "remedy-information-bases",
            &args!("bases" => bases_words.join(", ")),
        ),
        _ => say(
            "remedy-information-both",
            &args!("purposes" => purposes.join(", "), "bases" => bases_words.join(", ")),
        ),
    };
    Some(Information {
        purposes,
        bases,
        text,
    })
}

/// The purposes narrower than the flow's (strictly within it), by name.
fn narrower_purposes(policy: &CompiledPolicy, flow: &Flow) -> Vec<String> {
    let p = &policy.purposes;
    let Some(current) = p.id(&flow.purpose) else {
        return Vec::new();
    };
    let mut out: Vec<String> = p
        .names()
        .filter(|name| {
            p.id(name)
                .is_some_and(|x| x != current && p.is_within(x, current))
        })
        .map(str::to_owned)
        .collect();
    out.sort();
    out.truncate(MAX_PURPOSES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> crate::Engine {
        crate::Engine::from_sources([(
            "p.policy",
            "policy \"t\" version \"1\"\ncategory personal\ncategory personal.x\nsubject s\n\
             purpose p\npurpose p.narrow\npurpose q\nparty kind k\n\
             party a kind k jurisdiction \"KE\"\nparty b kind k jurisdiction \"KE\"\n\
             allow \"narrow, on a vital interest\" when purpose within p.narrow and basis is vital_interest cite \"c\"\n",
        )])
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn flow(purpose: &str, basis: &str) -> Flow {
        Flow::from_json(&format!(
            r#"{{"id":"f","at":"2026-01-01T00:00:00Z","from":"a","to":"b","data":["personal.x"],
                "subjects":["s"],"purpose":"{purpose}","basis":"{basis}"}}"#
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// A narrower purpose and another basis the policy would allow are listed, as information
    /// in words that say it is not a fix; the remedies themselves never propose them.
    #[test]
    fn narrower_purposes_and_other_bases_are_information_not_remedies() {
        let e = engine();
        let f = flow("p.narrow", "public_interest");
        let info = information(e.policy(), &f, Lang::EN).unwrap_or_else(|| panic!("information"));
        assert_eq!(info.bases, vec![Basis::VitalInterest]);
        assert!(info.purposes.is_empty());
        assert!(info.text.contains("not a fix"), "{}", info.text);
        let traced = crate::eval::trace(e.policy(), &f);
        let r = super::super::find(e.policy(), &f, &traced);
        assert!(r.options.is_empty(), "{r:?}");
        assert_eq!(r.information, Some(info));
        // Both, for a broader purpose: the purpose alone would not do, nor the basis alone.
        let f = flow("p", "vital_interest");
        let info = information(e.policy(), &f, Lang::FR).unwrap_or_else(|| panic!("information"));
        assert_eq!(info.purposes, vec!["p.narrow".to_owned()]);
        assert!(info.text.contains("titre d'information"), "{}", info.text);
    }

    /// A flow on consent is never told of another basis.
    #[test]
    fn a_flow_on_consent_is_never_told_of_another_basis() {
        let e = engine();
        let f = flow("p.narrow", "consent");
        assert_eq!(information(e.policy(), &f, Lang::EN), None);
    }
}
