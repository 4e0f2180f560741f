//! A draft data protection impact assessment (DPIA) from a data map and its analysis: the
//! part of the assessment the register already knows, in the order of the ICRC Handbook's
//! DPIA chapter and UNHCR's DPIA template (scope, description of the processing, consultation,
//! necessity and proportionality, risks, measures, sign-off), each section saying whether the
//! map fills it, and the open questions a data protection officer must still answer.
//!
//! Every heading and sentence is rendered through [`crate::words`]; every name taken from the
//! map or the policy is escaped for Markdown, so that a name cannot add a heading, a link or
//! a table cell to the document.

use super::Analysis;
use super::analyse::carried_over;
use crate::eval::Outcome;
use crate::words::{self, Lang, args};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write;

/// A draft DPIA.
#[derive(Clone, Debug, Serialize)]
pub struct Dpia {
    /// The map's title.
    pub map: String,
    /// When its transfers were judged.
    pub at: String,
    /// The hash of the policy that judged them.
    pub policy: String,
    /// The language of its words.
    pub lang: String,
    /// The processing operations: one per dataset.
    pub operations: Vec<Operation>,
    /// Each path denied or held, with its rules and citations.
    pub findings: Vec<Finding>,
    /// The obligations of the allowed transfers: the measures already required.
    pub measures: Vec<Measure>,
    /// What a data protection officer must still answer.
    pub open_questions: Vec<Question>,
    /// The sections, each with whether the map fills it.
    pub sections: Vec<Section>,
}

/// A processing operation: a dataset, where it is collected and everywhere it travels.
#[derive(Clone, Debug, Serialize)]
pub struct Operation {
    /// The dataset.
    pub dataset: String,
    /// The system it is collected into.
    pub collected_at: String,
    /// The party running that system.
    pub controller: String,
    /// The collection purpose.
    pub purpose: String,
    /// The collection's legal basis, if stated.
    pub basis: Option<String>,
    /// Whose data it is, if stated.
    pub subjects: Option<Vec<String>>,
    /// Its categories.
    pub categories: Vec<String>,
    /// Every system its data reaches (the collection system first).
    pub systems: Vec<String>,
    /// The parties other than the controller that receive it.
    pub recipients: Vec<String>,
    /// The jurisdictions of every party that holds it.
    pub countries: Vec<String>,
    /// The transfers that carry it.
    pub transfers: Vec<TransferEntry>,
}

/// A transfer as a DPIA lists it.
#[derive(Clone, Debug, Serialize)]
pub struct TransferEntry {
    /// Its name.
    pub name: String,
    /// Sending system and party.
    pub from: String,
    /// Its party.
    pub from_party: String,
    /// Receiving system.
    pub to: String,
    /// Its party.
    pub to_party: String,
    /// Its purpose.
    pub purpose: String,
    /// The basis it relies on, if it states one.
    pub basis: Option<String>,
    /// The agreement it is made under, with its validity, if any.
    pub agreement: Option<AgreementEntry>,
    /// The categories of the dataset it carries.
    pub carries: Vec<String>,
}

/// An agreement covering a transfer.
#[derive(Clone, Debug, Serialize)]
pub struct AgreementEntry {
    /// Its id.
    pub id: String,
    /// First day in force.
    pub valid_from: String,
    /// Last day in force.
    pub valid_to: String,
    /// Whether it allows onward transfer.
    pub onward_transfer: bool,
    /// The signed document, if the policy names it.
    pub document: Option<String>,
}

/// A path that is not allowed, as a finding of the assessment.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// The dataset.
    pub dataset: String,
    /// The transfers along the path, first to last.
    pub path: Vec<String>,
    /// deny or review.
    pub outcome: Outcome,
    /// Why not allowed, as a machine code (`forbidden`, `gap`, …).
    pub kind: Option<String>,
    /// Why, in words.
    pub reason: String,
    /// The rules and checks that decided, with where they are written and what they cite.
    pub rules: Vec<RuleEntry>,
    /// How many violating hops it stands for.
    pub paths: usize,
}

/// A deciding rule of a finding.
#[derive(Clone, Debug, Serialize)]
pub struct RuleEntry {
    /// Its name.
    pub rule: String,
    /// The source text it encodes.
    pub cite: Option<String>,
    /// Where it is written.
    pub at: Option<String>,
}

/// An obligation a transfer is allowed under.
#[derive(Clone, Debug, Serialize)]
pub struct Measure {
    /// The transfer.
    pub transfer: String,
    /// The obligation's kind (`minimize`, `retain`, …).
    pub kind: String,
    /// The obligation in words.
    pub text: String,
    /// The rules that impose it.
    pub imposed_by: Vec<String>,
}

/// A question the map cannot answer.
#[derive(Clone, Debug, Serialize)]
pub struct Question {
    /// What it is about, as a machine code (`no_agreement`, `retention`, …).
    pub code: String,
    /// The name it is about (a transfer, a dataset), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The question in words.
    pub text: String,
}

/// A section of the assessment and how far the map fills it.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// Its machine code (`scope`, `description`, …).
    pub code: &'static str,
    /// Its heading in words.
    pub title: String,
    /// `filled`, `partly` or `not_filled`.
    pub filled: &'static str,
}

/// The sections, in order, with how far the map fills each.
const SECTIONS: [(&str, &str); 7] = [
    ("scope", "partly"),
    ("description", "filled"),
    ("consultation", "not_filled"),
    ("necessity", "partly"),
    ("risks", "partly"),
    ("measures", "partly"),
    ("signoff", "not_filled"),
];

/// The questions every assessment asks and no map answers.
const ALWAYS_OPEN: [&str; 6] = [
    "necessity",
    "retention",
    "likelihood",
    "security",
    "rights",
    "consultation",
];

fn say(lang: Lang, id: &str, a: &words::Args<'_>) -> String {
    words::message(lang, id, Some(a))
}

fn word(lang: Lang, id: &str) -> String {
    words::message(lang, id, None)
}

impl Analysis<'_> {
    /// The draft DPIA of the analysed map, its words in `lang`.
    pub fn dpia(&self, lang: Lang) -> Dpia {
        let map = self.map;
        let policy = self.engine.policy();
        let party_of = |name: &str| {
            policy
                .party(name)
                .and_then(|id| policy.parties.get(id as usize))
        };
        let transfer_entry = |t: usize, carries: &[crate::model::TermId]| {
            let tr = &map.transfers[t];
            let agreement = tr.agreement.as_ref().map(|id| {
                match policy.agreements.iter().find(|a| &a.id == id) {
                    Some(a) => AgreementEntry {
                        id: id.clone(),
                        valid_from: a.valid_from.to_string(),
                        valid_to: a.valid_to.to_string(),
                        onward_transfer: a.onward_transfer,
                        document: a.document.clone(),
                    },
                    None => AgreementEntry {
                        id: id.clone(),
                        valid_from: String::new(),
                        valid_to: String::new(),
                        onward_transfer: false,
                        document: None,
                    },
                }
            });
            TransferEntry {
                name: tr.label.clone(),
                from: map.systems[tr.from].name.clone(),
                from_party: map.systems[tr.from].party.clone(),
                to: map.systems[tr.to].name.clone(),
                to_party: map.systems[tr.to].party.clone(),
                purpose: tr.purpose.clone(),
                basis: tr.basis.map(|b| b.word().to_owned()),
                agreement,
                carries: policy
                    .categories
                    .names_of(carries)
                    .map(str::to_owned)
                    .collect(),
            }
        };

        let mut operations = Vec::new();
        for (i, d) in map.datasets.iter().enumerate() {
            let profile = &map.profiles[d.profile];
            let hops = carried_over(self, i);
            let controller = map.systems[d.system].party.clone();
            let mut systems = vec![map.systems[d.system].name.clone()];
            let mut parties = BTreeSet::new();
            parties.insert(controller.clone());
            for (t, _) in &hops {
                let to = &map.systems[map.transfers[*t].to];
                if !systems.contains(&to.name) {
                    systems.push(to.name.clone());
                }
                parties.insert(to.party.clone());
            }
            let countries: BTreeSet<String> = parties
                .iter()
                .filter_map(|p| party_of(p).map(|p| p.jurisdiction.clone()))
                .collect();
            operations.push(Operation {
                dataset: d.name.clone(),
                collected_at: map.systems[d.system].name.clone(),
                controller: controller.clone(),
                purpose: profile.purpose.clone(),
                basis: profile.basis.map(|b| b.word().to_owned()),
                subjects: profile.subjects.clone(),
                categories: policy
                    .categories
                    .names_of(&d.categories)
                    .map(str::to_owned)
                    .collect(),
                systems,
                recipients: parties.into_iter().filter(|p| *p != controller).collect(),
                countries: countries.into_iter().collect(),
                transfers: hops.iter().map(|(t, c)| transfer_entry(*t, c)).collect(),
            });
        }

        let findings = self
            .violations()
            .into_iter()
            .map(|(t, n)| {
                let p = self.path_report_in(t, n, lang);
                let mut rules: Vec<RuleEntry> = Vec::new();
                for r in &p.decision.determining {
                    if !rules.iter().any(|e| *e.rule == *r.rule) {
                        rules.push(RuleEntry {
                            rule: r.rule.to_string(),
                            cite: r.cite.as_deref().map(str::to_owned),
                            at: r.at.as_deref().map(str::to_owned),
                        });
                    }
                }
                Finding {
                    dataset: p.dataset.clone(),
                    path: p.steps.iter().map(|s| s.transfer.clone()).collect(),
                    outcome: p.decision.decision,
                    kind: p.decision.kind.map(|k| k.code().to_owned()),
                    reason: p.decision.reason.to_string(),
                    rules,
                    paths: n,
                }
            })
            .collect();

        // The obligations of each allowed transfer, once per transfer and obligation.
        let mut measures: Vec<Measure> = Vec::new();
        let mut seen_decisions: BTreeSet<(u32, u32)> = BTreeSet::new();
        for tr in &self.transitions {
            let v = &self.decisions[tr.decision as usize];
            if !v.is_allowed()
                || v.obligations.is_empty()
                || !seen_decisions.insert((tr.transfer, tr.decision))
            {
                continue;
            }
            let label = &map.transfers[tr.transfer as usize].label;
            for o in self.decision_in(tr.decision as usize, lang).obligations {
                if !measures
                    .iter()
                    .any(|m| &m.transfer == label && m.kind == o.kind && m.text == o.text)
                {
                    measures.push(Measure {
                        transfer: label.clone(),
                        kind: o.kind,
                        text: o.text,
                        imposed_by: o.imposed_by,
                    });
                }
            }
        }

        let mut open_questions = Vec::new();
        let mut ask = |code: &str, about: Option<&str>| {
            let text = match about {
                Some(name) => say(
                    lang,
                    &format!("dpia-question-{code}"),
                    &args!("name" => md(name)),
                ),
                None => word(lang, &format!("dpia-question-{code}")),
            };
            open_questions.push(Question {
                code: code.replace('-', "_"),
                about: about.map(str::to_owned),
                text,
            });
        };
        for d in &map.datasets {
            let profile = &map.profiles[d.profile];
            if profile.basis.is_none() {
                ask("no-basis", Some(&d.name));
            }
            if profile.subjects.is_none() {
                ask("no-subjects", Some(&d.name));
            }
        }
        for (i, t) in map.transfers.iter().enumerate() {
            let (from, to) = (&map.systems[t.from], &map.systems[t.to]);
            // Parties of one organisation (a country office and its headquarters) need no
            // agreement between them.
            let organisation = |name: &str| party_of(name).and_then(|p| p.organisation.clone());
            let one_organisation = organisation(&from.party)
                .is_some_and(|o| organisation(&to.party).as_ref() == Some(&o));
            if from.party != to.party
                && !one_organisation
                && t.agreement.is_none()
                && self.reached[i]
            {
                ask("no-agreement", Some(&t.label));
            }
            if !self.reached[i] {
                ask("unused-transfer", Some(&t.label));
            }
        }
        for code in ALWAYS_OPEN {
            ask(code, None);
        }

        let sections = SECTIONS
            .iter()
            .map(|&(code, filled)| Section {
                code,
                title: word(lang, &format!("dpia-section-{code}")),
                filled,
            })
            .collect();

        Dpia {
            map: map.name.clone(),
            at: map.at.clone(),
            policy: policy.hash.clone(),
            lang: lang.to_string(),
            operations,
            findings,
            measures,
            open_questions,
            sections,
        }
    }
}

/// Text from the map or the policy, made inert in Markdown: control characters made visible,
/// line breaks folded into spaces, and every character Markdown could read as structure
/// escaped with a backslash: emphasis, code, links and images, HTML and entities, table cells,
/// headings, strikethrough, and the starts of autolinks (`http://`, `www.`, `a@b`). The text is
/// always placed after other text on its line, so list and heading markers at the start of a
/// line (`-`, `+`, `1.`) cannot arise from it.
pub fn md(text: &str) -> String {
    let visible = crate::escape::visible(text);
    let mut out = String::with_capacity(visible.len());
    let mut prev: Vec<char> = Vec::new();
    let mut chars = visible.chars().peekable();
    while let Some(c) = chars.next() {
        let autolink = match c {
            ':' => chars.peek() == Some(&'/'),
            '.' => {
                prev.len() >= 3
                    && prev[prev.len() - 3..]
                        .iter()
                        .all(|p| p.eq_ignore_ascii_case(&'w'))
            }
            '@' => true,
            _ => false,
        };
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if autolink => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        prev.push(c);
    }
    out
}

/// A name as Markdown inline text.
fn name(text: &str) -> String {
    md(text)
}

/// A list of names, joined by commas, or the language's word for none.
fn names(lang: Lang, list: &[String]) -> String {
    if list.is_empty() {
        word(lang, "dpia-none")
    } else {
        list.iter().map(|n| name(n)).collect::<Vec<_>>().join(", ")
    }
}

impl Dpia {
    /// The draft as JSON.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!(r#"{{"error":"cannot serialise the DPIA: {e}"}}"#));
        text.push('\n');
        text
    }

    /// The draft as Markdown, its words in `lang` (the language it was made in).
    pub fn to_markdown(&self, lang: Lang) -> String {
        let mut out = String::new();
        let status =
            |filled: &str| word(lang, &format!("dpia-status-{}", filled.replace('_', "-")));
        let _ = writeln!(
            out,
            "# {}\n",
            say(lang, "dpia-title", &args!("map" => name(&self.map)))
        );
        let _ = writeln!(
            out,
            "{}\n",
            say(
                lang,
                "dpia-draft-note",
                &args!("at" => name(&self.at), "policy" => name(&self.policy))
            )
        );
        // The table of sections: which the map fills.
        let _ = writeln!(
            out,
            "| {} | {} |",
            word(lang, "dpia-col-section"),
            word(lang, "dpia-col-filled")
        );
        let _ = writeln!(out, "| --- | --- |");
        for (n, s) in self.sections.iter().enumerate() {
            let _ = writeln!(out, "| {}. {} | {} |", n + 1, s.title, status(s.filled));
        }
        let _ = writeln!(out);
        let mut section = self.sections.iter().enumerate();
        let mut heading = |out: &mut String| {
            if let Some((n, s)) = section.next() {
                let _ = writeln!(out, "## {}. {}\n", n + 1, s.title);
                let _ = writeln!(out, "*{}*\n", status(s.filled));
                let _ = writeln!(out, "{}\n", word(lang, &format!("dpia-about-{}", s.code)));
            }
        };

        // 1. Scope.
        heading(&mut out);
        let transfers: BTreeSet<&str> = self
            .operations
            .iter()
            .flat_map(|o| o.transfers.iter().map(|t| t.name.as_str()))
            .collect();
        let recipients: BTreeSet<&str> = self
            .operations
            .iter()
            .flat_map(|o| o.recipients.iter().map(String::as_str))
            .collect();
        let countries: BTreeSet<&str> = self
            .operations
            .iter()
            .flat_map(|o| o.countries.iter().map(String::as_str))
            .collect();
        let _ = writeln!(
            out,
            "{}\n",
            say(
                lang,
                "dpia-scope-counts",
                &args!(
                    "operations" => self.operations.len(),
                    "transfers" => transfers.len(),
                    "recipients" => recipients.len(),
                    "countries" => countries.len(),
                    "findings" => self.findings.len()
                )
            )
        );

        // 2. Description of the processing.
        heading(&mut out);
        for o in &self.operations {
            let _ = writeln!(
                out,
                "### {}\n",
                say(
                    lang,
                    "dpia-operation",
                    &args!("dataset" => name(&o.dataset))
                )
            );
            let basis = o
                .basis
                .as_deref()
                .map_or_else(|| word(lang, "dpia-not-stated"), name);
            let subjects = o
                .subjects
                .as_ref()
                .map_or_else(|| word(lang, "dpia-not-stated"), |s| names(lang, s));
            for (label, value) in [
                (
                    "dpia-label-collected",
                    format!("{} ({})", name(&o.collected_at), name(&o.controller)),
                ),
                ("dpia-label-purpose", name(&o.purpose)),
                ("dpia-label-basis", basis),
                ("dpia-label-subjects", subjects),
                ("dpia-label-categories", names(lang, &o.categories)),
                ("dpia-label-systems", names(lang, &o.systems)),
                ("dpia-label-recipients", names(lang, &o.recipients)),
                ("dpia-label-countries", names(lang, &o.countries)),
            ] {
                let _ = writeln!(out, "- **{}**: {value}", word(lang, label));
            }
            let _ = writeln!(out);
            if o.transfers.is_empty() {
                let _ = writeln!(out, "{}\n", word(lang, "dpia-no-transfers"));
                continue;
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                word(lang, "dpia-col-transfer"),
                word(lang, "dpia-col-route"),
                word(lang, "dpia-col-purpose"),
                word(lang, "dpia-col-basis"),
                word(lang, "dpia-col-agreement"),
                word(lang, "dpia-col-carries"),
            );
            let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
            for t in &o.transfers {
                let agreement = match &t.agreement {
                    None => word(lang, "dpia-no-agreement"),
                    Some(a) => say(
                        lang,
                        "dpia-agreement",
                        &args!(
                            "id" => name(&a.id),
                            "from" => name(&a.valid_from),
                            "to" => name(&a.valid_to),
                            "onward" => if a.onward_transfer { "yes" } else { "no" }
                        ),
                    ),
                };
                let basis = t
                    .basis
                    .as_deref()
                    .map_or_else(|| word(lang, "dpia-basis-dataset"), name);
                let _ = writeln!(
                    out,
                    "| {} | {} ({}) → {} ({}) | {} | {basis} | {agreement} | {} |",
                    name(&t.name),
                    name(&t.from),
                    name(&t.from_party),
                    name(&t.to),
                    name(&t.to_party),
                    name(&t.purpose),
                    names(lang, &t.carries),
                );
            }
            let _ = writeln!(out);
        }

        // 3. Consultation.
        heading(&mut out);

        // 4. Necessity and proportionality: the purposes each dataset is used for.
        heading(&mut out);
        for o in &self.operations {
            let mut purposes: Vec<String> = Vec::new();
            for t in &o.transfers {
                if !purposes.contains(&t.purpose) {
                    purposes.push(t.purpose.clone());
                }
            }
            let _ = writeln!(
                out,
                "- {}",
                say(
                    lang,
                    "dpia-purposes",
                    &args!(
                        "dataset" => name(&o.dataset),
                        "purpose" => name(&o.purpose),
                        "uses" => names(lang, &purposes)
                    )
                )
            );
        }
        let _ = writeln!(out);

        // 5. Risks: the findings.
        heading(&mut out);
        if self.findings.is_empty() {
            let _ = writeln!(out, "{}\n", word(lang, "dpia-no-findings"));
        }
        for (n, f) in self.findings.iter().enumerate() {
            let path = f
                .path
                .iter()
                .map(|p| name(p))
                .collect::<Vec<_>>()
                .join(" → ");
            let _ = writeln!(
                out,
                "### {}\n",
                say(
                    lang,
                    "dpia-finding",
                    &args!("n" => n + 1, "dataset" => name(&f.dataset), "path" => path)
                )
            );
            let kind = f.kind.as_deref().unwrap_or("");
            let _ = writeln!(
                out,
                "- **{}**: {}",
                word(lang, "dpia-label-outcome"),
                say(
                    lang,
                    "dpia-outcome",
                    &args!("kind" => kind, "paths" => f.paths)
                )
            );
            let _ = writeln!(
                out,
                "- **{}**: {}",
                word(lang, "dpia-label-reason"),
                name(&f.reason)
            );
            for r in &f.rules {
                let _ = writeln!(
                    out,
                    "- **{}**: {}",
                    word(lang, "dpia-label-rule"),
                    name(&r.rule)
                );
                if let Some(at) = &r.at {
                    let _ = writeln!(out, "  - {}: {}", word(lang, "dpia-label-at"), name(at));
                }
                if let Some(cite) = &r.cite {
                    let _ = writeln!(out, "  - {}: {}", word(lang, "dpia-label-cite"), name(cite));
                }
            }
            let _ = writeln!(out);
        }

        // 6. Measures: the obligations.
        heading(&mut out);
        if self.measures.is_empty() {
            let _ = writeln!(out, "{}\n", word(lang, "dpia-no-measures"));
        } else {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                word(lang, "dpia-col-transfer"),
                word(lang, "dpia-col-measure"),
                word(lang, "dpia-col-imposed-by")
            );
            let _ = writeln!(out, "| --- | --- | --- |");
            for m in &self.measures {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    name(&m.transfer),
                    name(&m.text),
                    names(lang, &m.imposed_by)
                );
            }
            let _ = writeln!(out);
        }

        // 7. Sign-off.
        heading(&mut out);

        // The open questions.
        let _ = writeln!(out, "## {}\n", word(lang, "dpia-open-questions"));
        for q in &self.open_questions {
            let _ = writeln!(out, "- [ ] {}", q.text);
        }
        out
    }
}
