//! The same generated policy packs ([`mandate::synth`]) encoded for Cedar and for Rego
//! (regorus), so the three engines can be checked for agreement and measured on the same
//! flows. A separate crate so that the main crate never depends on either.
//!
//! # The shared fragment
//!
//! Rules are `allow` (Cedar `permit`, Rego `allow contains`) or `deny` (Cedar `forbid`,
//! Rego `deny contains`); a flow is allowed when no deny rule and some allow rule applies,
//! otherwise denied: a deny overrides any allow and nothing allowed is denied by default.
//! A rule's condition is a conjunction of:
//!
//! | mandate | Cedar | Rego |
//! |---|---|---|
//! | `data includes C` | `resource in Category::"C"` (the flow's data is an entity whose parents are its categories) | some category of `input.data` has `C` among its ancestors |
//! | `purpose within [P, …]` | `context.purpose in [Purpose::"P", …]` | the purpose has some `P` among its ancestors |
//! | `(recipient is K or …)` | `context.recipient in Kind::"K" \|\| …` | the recipient's kind has some `K` among its ancestors |
//! | `sender is K` | `principal in Kind::"K"` | the sender's kind has `K` among its ancestors |
//! | `recipient jurisdiction in [..]` | `[..].contains(context.recipient.jurisdiction)` | the recipient's jurisdiction is in the set |
//!
//! Hierarchies are the same forests in all three: Cedar entity parents (Cedar computes the
//! transitive closure when the entity store is built), and in Rego a data document holding
//! each term's reflexive ancestors (Rego has no hierarchy of its own). None of these facts
//! can be missing from a flow, so mandate's three-valued logic never yields `unknown` here
//! and the two-valued engines agree with it exactly.

use cedar_policy::{
    Authorizer, Context, Decision as CedarDecision, Entities, EntityUid, Policy, PolicyId,
    PolicySet, Request, RestrictedExpression,
};
use mandate::eval::{Decision, DenyKind, Flow, Outcome};
use mandate::synth::{Atom, Effect, Pack, Vocabulary};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::str::FromStr;

/// How a flow came out, in the terms all three engines share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Some allow rule applies and no deny rule.
    Allow,
    /// A deny rule applies.
    Forbidden,
    /// No rule applies (deny by default).
    NotPermitted,
}

/// A verdict with the rules that decided it (the applying deny rules of a forbidden flow,
/// the applying allow rules of an allowed one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome3 {
    /// The verdict.
    pub verdict: Verdict,
    /// The deciding rules' names.
    pub rules: BTreeSet<String>,
}

/// The part of a mandate decision the other engines can state, or `None` for a decision
/// outside the fragment (an error, a gap or a review).
pub fn from_mandate(d: &Decision) -> Option<Outcome3> {
    Some(Outcome3 {
        verdict: in_fragment(d.decision, d.kind)?,
        rules: d.determining.iter().map(|r| r.rule.to_string()).collect(),
    })
}

/// The shared verdict of a mandate outcome, or `None` outside the fragment.
fn in_fragment(decision: Outcome, kind: Option<DenyKind>) -> Option<Verdict> {
    match (decision, kind) {
        (Outcome::Allow, _) => Some(Verdict::Allow),
        (Outcome::Deny, Some(DenyKind::Forbidden)) => Some(Verdict::Forbidden),
        (Outcome::Deny, Some(DenyKind::NotPermitted)) => Some(Verdict::NotPermitted),
        _ => None,
    }
}

/// The same for a mandate verdict (the decision without its words).
pub fn from_mandate_verdict(
    v: &mandate::eval::Verdict,
    policy: &mandate::model::CompiledPolicy,
) -> Option<Outcome3> {
    Some(Outcome3 {
        verdict: in_fragment(v.decision, v.kind)?,
        rules: v.names(policy).map(str::to_owned).collect(),
    })
}

/// Why a pack could not be encoded.
#[derive(Debug)]
pub struct EncodeError(pub String);

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EncodeError {}

fn err(e: impl std::fmt::Display) -> EncodeError {
    EncodeError(e.to_string())
}

/// A fragment rule: its name, whether it denies, its conjunction of atoms.
type FragmentRule<'a> = (&'a str, bool, Vec<&'a Atom>);

/// The fragment rules of `pack`, or an error naming the first rule outside it.
fn fragment(pack: &Pack) -> Result<Vec<FragmentRule<'_>>, EncodeError> {
    pack.rules
        .iter()
        .map(|r| match r.fragment_atoms() {
            Some(atoms) => Ok((r.name.as_str(), r.effect == Effect::Deny, atoms)),
            None => Err(EncodeError(format!(
                "rule {} is outside the shared fragment",
                r.name
            ))),
        })
        .collect()
}

fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The pack in Cedar.
pub struct CedarEngine {
    policies: PolicySet,
    entities: Entities,
    authorizer: Authorizer,
    action: EntityUid,
}

impl CedarEngine {
    /// Encodes `pack`. Each flow's data is an entity (`Data::"<flow id>"`, parented by the
    /// flow's categories), so the flows to be decided are given here and their data entities
    /// go into the entity store.
    pub fn new(pack: &Pack, flows: &[Flow]) -> Result<CedarEngine, EncodeError> {
        let mut policies = PolicySet::new();
        for (name, deny, atoms) in fragment(pack)? {
            let text = Self::policy_text(pack, deny, &atoms);
            let policy = Policy::parse(Some(PolicyId::new(name)), &text).map_err(err)?;
            policies.add(policy).map_err(err)?;
        }
        let entities = Entities::from_json_value(Self::entities(pack, flows), None).map_err(err)?;
        Ok(CedarEngine {
            policies,
            entities,
            authorizer: Authorizer::new(),
            action: EntityUid::from_str(r#"Action::"transfer""#).map_err(err)?,
        })
    }

    /// One rule as a Cedar policy.
    pub fn policy_text(pack: &Pack, deny: bool, atoms: &[&Atom]) -> String {
        let mut scope_resource = String::from("resource");
        let mut when = Vec::new();
        for atom in atoms {
            match atom {
                Atom::DataIncludes(c) => {
                    scope_resource = format!(
                        "resource in Category::{}",
                        quoted(&pack.categories.names[*c])
                    );
                }
                Atom::PurposeWithin(ps) => {
                    let list: Vec<String> = ps
                        .iter()
                        .map(|&p| format!("Purpose::{}", quoted(&pack.purposes.names[p])))
                        .collect();
                    when.push(format!("context.purpose in [{}]", list.join(", ")));
                }
                Atom::RecipientIs(ks) => {
                    let alts: Vec<String> = ks
                        .iter()
                        .map(|&k| {
                            format!(
                                "context.recipient in Kind::{}",
                                quoted(&pack.kinds.names[k])
                            )
                        })
                        .collect();
                    when.push(format!("({})", alts.join(" || ")));
                }
                Atom::SenderIs(k) => {
                    when.push(format!(
                        "principal in Kind::{}",
                        quoted(&pack.kinds.names[*k])
                    ));
                }
                Atom::RecipientJurisdiction(codes) => {
                    let list: Vec<String> = codes.iter().map(|c| quoted(c)).collect();
                    when.push(format!(
                        "[{}].contains(context.recipient.jurisdiction)",
                        list.join(", ")
                    ));
                }
                // Not in the fragment: `fragment` has already refused such rules.
                _ => when.push("false".into()),
            }
        }
        let effect = if deny { "forbid" } else { "permit" };
        let mut text =
            format!("{effect} (principal, action == Action::\"transfer\", {scope_resource})");
        if !when.is_empty() {
            let _ = write!(text, " when {{ {} }}", when.join(" && "));
        }
        text.push(';');
        text
    }

    /// The entity store in Cedar's JSON entity format: the vocabularies' hierarchies, the
    /// parties and one data entity per flow (also what the `export` example writes).
    pub fn entities(pack: &Pack, flows: &[Flow]) -> serde_json::Value {
        use serde_json::json;
        let mut out = Vec::new();
        let vocab = |out: &mut Vec<serde_json::Value>, ty: &str, v: &Vocabulary| {
            for (i, name) in v.names.iter().enumerate() {
                let parents: Vec<_> = v.parents[i]
                    .iter()
                    .map(|&p| json!({"type": ty, "id": v.names[p]}))
                    .collect();
                out.push(json!({"uid": {"type": ty, "id": name}, "attrs": {}, "parents": parents}));
            }
        };
        vocab(&mut out, "Category", &pack.categories);
        vocab(&mut out, "Purpose", &pack.purposes);
        vocab(&mut out, "Kind", &pack.kinds);
        for p in &pack.parties {
            out.push(json!({
                "uid": {"type": "Party", "id": p.name},
                "attrs": {"jurisdiction": p.jurisdiction},
                "parents": [{"type": "Kind", "id": pack.kinds.names[p.kind]}],
            }));
        }
        for f in flows {
            let parents: Vec<_> = f
                .data
                .iter()
                .map(|c| json!({"type": "Category", "id": c}))
                .collect();
            out.push(json!({"uid": {"type": "Data", "id": f.id}, "attrs": {}, "parents": parents}));
        }
        serde_json::Value::Array(out)
    }

    /// The Cedar request for a flow (one of those given to [`CedarEngine::new`]).
    pub fn request(&self, flow: &Flow) -> Result<Request, EncodeError> {
        let uid =
            |ty: &str, id: &str| EntityUid::from_str(&format!("{ty}::{}", quoted(id))).map_err(err);
        let context = Context::from_pairs([
            (
                "recipient".to_owned(),
                RestrictedExpression::new_entity_uid(uid("Party", &flow.to)?),
            ),
            (
                "purpose".to_owned(),
                RestrictedExpression::new_entity_uid(uid("Purpose", &flow.purpose)?),
            ),
        ])
        .map_err(err)?;
        Request::new(
            uid("Party", &flow.from)?,
            self.action.clone(),
            uid("Data", &flow.id)?,
            context,
            None,
        )
        .map_err(err)
    }

    /// Whether the request is allowed (the cheap path, for measuring).
    pub fn is_allowed(&self, request: &Request) -> bool {
        self.authorizer
            .is_authorized(request, &self.policies, &self.entities)
            .decision()
            == CedarDecision::Allow
    }

    /// The verdict and deciding policies.
    pub fn decide(&self, request: &Request) -> Outcome3 {
        let response = self
            .authorizer
            .is_authorized(request, &self.policies, &self.entities);
        let rules: BTreeSet<String> = response
            .diagnostics()
            .reason()
            .map(|id| id.to_string())
            .collect();
        let verdict = match response.decision() {
            CedarDecision::Allow => Verdict::Allow,
            CedarDecision::Deny if rules.is_empty() => Verdict::NotPermitted,
            CedarDecision::Deny => Verdict::Forbidden,
        };
        Outcome3 { verdict, rules }
    }
}

/// The pack in Rego, compiled by regorus for the entry point `data.mandate.result`.
pub struct RegoEngine {
    compiled: regorus::CompiledPolicy,
}

impl RegoEngine {
    /// Encodes and compiles `pack`.
    pub fn new(pack: &Pack) -> Result<RegoEngine, EncodeError> {
        let mut engine = regorus::Engine::new();
        // regorus refuses modules over 1 MiB: one module per thousand rules, one package.
        for (i, module) in Self::modules(pack)?.into_iter().enumerate() {
            engine
                .add_policy(format!("mandate-{i}.rego"), module)
                .map_err(err)?;
        }
        engine
            .add_data(regorus::Value::from_json_str(&Self::data(pack).to_string()).map_err(err)?)
            .map_err(err)?;
        let compiled = engine
            .compile_with_entrypoint(&"data.mandate.result".into())
            .map_err(err)?;
        Ok(RegoEngine { compiled })
    }

    /// The pack as Rego modules of one package: the decision, then the rules.
    pub fn modules(pack: &Pack) -> Result<Vec<String>, EncodeError> {
        let head = "package mandate\nimport rego.v1\n\n";
        let mut modules = vec![String::new()];
        let mut text = String::from(
            "package mandate\nimport rego.v1\n\n\
             default decision := \"not_permitted\"\n\
             decision := \"forbidden\" if count(deny) > 0\n\
             decision := \"allow\" if {\n  count(deny) == 0\n  count(allow) > 0\n}\n\
             result := {\"decision\": decision, \"deny\": deny, \"allow\": allow}\n\n\
             recipient := data.parties[input.to]\n\
             sender := data.parties[input.from]\n\n",
        );
        let names = |v: &Vocabulary, ids: &[usize]| -> String {
            ids.iter()
                .map(|&i| quoted(&v.names[i]))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (i, (name, deny, atoms)) in fragment(pack)?.into_iter().enumerate() {
            if i % 1000 == 0 {
                modules.push(std::mem::replace(&mut text, head.to_owned()));
            }
            let set = if deny { "deny" } else { "allow" };
            let _ = writeln!(text, "{set} contains {} if {{", quoted(name));
            for atom in atoms {
                let _ = match atom {
                    Atom::DataIncludes(c) => writeln!(
                        text,
                        "  some c in input.data\n  data.categories[c][{}]",
                        quoted(&pack.categories.names[*c])
                    ),
                    Atom::PurposeWithin(ps) => writeln!(
                        text,
                        "  some p in [{}]\n  data.purposes[input.purpose][p]",
                        names(&pack.purposes, ps)
                    ),
                    Atom::RecipientIs(ks) => writeln!(
                        text,
                        "  some k in [{}]\n  data.kinds[recipient.kind][k]",
                        names(&pack.kinds, ks)
                    ),
                    Atom::SenderIs(k) => writeln!(
                        text,
                        "  data.kinds[sender.kind][{}]",
                        quoted(&pack.kinds.names[*k])
                    ),
                    Atom::RecipientJurisdiction(codes) => {
                        let list: Vec<String> = codes.iter().map(|c| quoted(c)).collect();
                        writeln!(text, "  recipient.jurisdiction in {{{}}}", list.join(", "))
                    }
                    _ => writeln!(text, "  false"),
                };
            }
            text.push_str("}\n\n");
        }
        modules.push(text);
        Ok(modules.into_iter().filter(|m| !m.is_empty()).collect())
    }

    /// The data document: each term's reflexive ancestors, and the parties.
    fn data(pack: &Pack) -> serde_json::Value {
        use serde_json::{Map, Value, json};
        let closure = |v: &Vocabulary| -> Value {
            let mut m = Map::new();
            for (i, name) in v.names.iter().enumerate() {
                let up: Map<String, Value> = v
                    .ancestors(i)
                    .into_iter()
                    .map(|a| (v.names[a].clone(), Value::Bool(true)))
                    .collect();
                m.insert(name.clone(), Value::Object(up));
            }
            Value::Object(m)
        };
        let parties: Map<String, Value> = pack
            .parties
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    json!({"kind": pack.kinds.names[p.kind], "jurisdiction": p.jurisdiction}),
                )
            })
            .collect();
        json!({
            "categories": closure(&pack.categories),
            "purposes": closure(&pack.purposes),
            "kinds": closure(&pack.kinds),
            "parties": parties,
        })
    }

    /// The Rego input for a flow: the flow's own JSON.
    pub fn input(flow: &Flow) -> Result<regorus::Value, EncodeError> {
        let json = serde_json::to_string(flow).map_err(err)?;
        regorus::Value::from_json_str(&json).map_err(err)
    }

    /// Evaluates the entry point.
    pub fn eval(&self, input: &regorus::Value) -> Result<regorus::Value, EncodeError> {
        self.compiled.eval_with_input(input.clone()).map_err(err)
    }

    /// The verdict and deciding rules.
    pub fn decide(&self, input: &regorus::Value) -> Result<Outcome3, EncodeError> {
        let out = self.eval(input)?;
        let decision = out["decision"].as_string().map_err(err)?.to_string();
        let set = |key: &str| -> Result<BTreeSet<String>, EncodeError> {
            out[key]
                .as_set()
                .map_err(err)?
                .iter()
                .map(|v| v.as_string().map(|s| s.to_string()).map_err(err))
                .collect()
        };
        Ok(match decision.as_str() {
            "allow" => Outcome3 {
                verdict: Verdict::Allow,
                rules: set("allow")?,
            },
            "forbidden" => Outcome3 {
                verdict: Verdict::Forbidden,
                rules: set("deny")?,
            },
            _ => Outcome3 {
                verdict: Verdict::NotPermitted,
                rules: BTreeSet::new(),
            },
        })
    }
}

/// Rule counts of the benchmark packs.
pub const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];
/// Flows decided per pack.
pub const FLOWS: usize = 512;
/// The seed of every benchmark pack and its flows.
pub const SEED: u64 = 2026;

/// The benchmark pack of `rules` rules (fragment only) and its flows.
pub fn workload(rules: usize) -> (Pack, Vec<Flow>) {
    let pack = mandate::synth::pack(mandate::synth::Options {
        rules,
        seed: SEED,
        extended: false,
    });
    let flows = pack.flows(FLOWS, SEED);
    (pack, flows)
}

/// Compiles a pack with mandate.
pub fn mandate_engine(pack: &Pack) -> Result<mandate::Engine, EncodeError> {
    let sources = pack.sources();
    mandate::Engine::from_sources(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(err)
}
