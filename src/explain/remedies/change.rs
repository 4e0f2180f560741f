//! One change a remedy makes: to the flow, or to an agreement the policy relies on.

use crate::eval::Flow;
use crate::eval::flow::{Approval, Consent, ConsentStatus};
use crate::model::{Agreement, Basis, Day, PolicyData};
use crate::words::{self, Lang, args};
use serde::{Deserialize, Serialize};

/// One change to a flow, or to an agreement the policy relies on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Leave this entry out of the data.
    DropData {
        /// The entry as the flow lists it.
        data: String,
    },
    /// State what the data was collected for (the flow does not say).
    StateCollectedFor {
        /// The collection purpose.
        purpose: String,
    },
    /// Use another purpose.
    UsePurpose {
        /// The purpose.
        purpose: String,
    },
    /// Rely on another legal basis.
    UseBasis {
        /// The basis.
        basis: Basis,
    },
    /// Obtain (or renew) consent covering this purpose, recipient and country.
    ObtainConsent {
        /// Purpose to consent to.
        purpose: String,
        /// Recipient to consent to.
        recipient: String,
        /// Country to consent to.
        country: String,
    },
    /// State whose data it is (the flow does not say).
    StateSubjects {
        /// The subjects.
        subjects: Vec<String>,
    },
    /// Obtain an approval.
    ObtainApproval {
        /// The approving role.
        role: String,
        /// The hop it is for (1 = first; absent for the flow itself).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hop: Option<usize>,
    },
    /// Renew an approval: the one the hop carries does not count (given after it, expired
    /// at it, or older than a rule accepts), so a new one, given by the hop's time, is needed.
    RenewApproval {
        /// The approving role.
        role: String,
        /// The hop it is for (1 = first; absent for the flow itself).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hop: Option<usize>,
    },
    /// Amend an agreement so that it covers the hop.
    AmendAgreement {
        /// The agreement's id.
        agreement: String,
        /// Purposes to add.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        add_purposes: Vec<String>,
        /// Categories to add.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        add_data: Vec<String>,
        /// Subjects to add.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        add_subjects: Vec<String>,
        /// New first day of validity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        valid_from: Option<String>,
        /// New last day of validity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        valid_to: Option<String>,
        /// Whether onward transfer must become allowed.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        allow_onward: bool,
    },
    /// Conclude a new agreement between the hop's parties.
    ConcludeAgreement {
        /// Sender.
        from: String,
        /// Recipient.
        to: String,
        /// Purpose to cover.
        purpose: String,
        /// Categories to cover.
        data: Vec<String>,
        /// The day it must be valid on.
        valid_on: String,
    },
}

impl Change {
    /// The change in words, in English.
    pub fn text(&self) -> String {
        self.text_in(Lang::EN)
    }

    /// The change in words, in `lang`. Names of terms, parties and agreements are the
    /// policy's own; agreements are quoted the language's way.
    pub fn text_in(&self, lang: Lang) -> String {
        let say = |id: &str, a: &words::Args<'_>| words::message(lang, id, Some(a));
        match self {
            Change::DropData { data } => say("remedy-drop-data", &args!("data" => data)),
            Change::StateCollectedFor { purpose } => {
                say("remedy-state-collected-for", &args!("purpose" => purpose))
            }
            Change::UsePurpose { purpose } => {
                say("remedy-use-purpose", &args!("purpose" => purpose))
            }
            Change::UseBasis { basis } => say("remedy-use-basis", &args!("basis" => basis.word())),
            Change::ObtainConsent {
                purpose,
                recipient,
                country,
            } => say(
                "remedy-obtain-consent",
                &args!("purpose" => purpose, "recipient" => recipient, "country" => country),
            ),
            Change::StateSubjects { subjects } => say(
                "remedy-state-subjects",
                &args!("subjects" => subjects.join(", ")),
            ),
            Change::ObtainApproval { role, hop } => match hop {
                Some(h) => say(
                    "remedy-obtain-approval-hop",
                    &args!("role" => role, "hop" => *h),
                ),
                None => say("remedy-obtain-approval", &args!("role" => role)),
            },
            Change::RenewApproval { role, hop } => match hop {
                Some(h) => say(
                    "remedy-renew-approval-hop",
                    &args!("role" => role, "hop" => *h),
                ),
                None => say("remedy-renew-approval", &args!("role" => role)),
            },
            Change::AmendAgreement {
                agreement,
                add_purposes,
                add_data,
                add_subjects,
                valid_from,
                valid_to,
                allow_onward,
            } => {
                let mut parts = Vec::new();
                if !add_purposes.is_empty() {
                    parts.push(say(
                        "remedy-amend-purposes",
                        &args!("purposes" => add_purposes.join(", ")),
                    ));
                }
                if !add_data.is_empty() {
                    parts.push(say(
                        "remedy-amend-data",
                        &args!("data" => add_data.join(", ")),
                    ));
                }
                if !add_subjects.is_empty() {
                    parts.push(say(
                        "remedy-amend-subjects",
                        &args!("subjects" => add_subjects.join(", ")),
                    ));
                }
                if let Some(d) = valid_from {
                    parts.push(say("remedy-amend-valid-from", &args!("day" => d)));
                }
                if let Some(d) = valid_to {
                    parts.push(say("remedy-amend-valid-to", &args!("day" => d)));
                }
                if *allow_onward {
                    parts.push(words::message(lang, "remedy-amend-onward", None));
                }
                let parts = parts
                    .into_iter()
                    .reduce(|head, last| {
                        say("remedy-amend-and", &args!("head" => head, "last" => last))
                    })
                    .unwrap_or_default();
                let agreement = say("quoted", &args!("name" => agreement));
                say(
                    "remedy-amend",
                    &args!("agreement" => agreement, "parts" => parts),
                )
            }
            Change::ConcludeAgreement {
                from,
                to,
                purpose,
                data,
                valid_on,
            } => say(
                "remedy-conclude",
                &args!(
                    "from" => from,
                    "to" => to,
                    "purpose" => purpose,
                    "data" => data.join(", "),
                    "day" => valid_on
                ),
            ),
        }
    }

    /// Whether this changes the policy's agreements rather than the flow.
    pub fn changes_policy(&self) -> bool {
        matches!(
            self,
            Change::AmendAgreement { .. } | Change::ConcludeAgreement { .. }
        )
    }

    /// What the change sets: two changes of one slot cannot go together.
    pub(super) fn slot(&self) -> String {
        match self {
            Change::DropData { data } => format!("data {data}"),
            Change::StateCollectedFor { .. } => "collected_for".into(),
            Change::UsePurpose { .. } => "purpose".into(),
            Change::UseBasis { .. } | Change::ObtainConsent { .. } => "basis".into(),
            Change::StateSubjects { .. } => "subjects".into(),
            Change::ObtainApproval { role, hop } | Change::RenewApproval { role, hop } => {
                format!("approval {role} {hop:?}")
            }
            Change::AmendAgreement { agreement, .. } => format!("agreement {agreement}"),
            Change::ConcludeAgreement { from, to, .. } => format!("new agreement {from} {to}"),
        }
    }

    /// Applies a change of the flow (a change of the policy leaves the flow as it is).
    pub fn apply_to_flow(&self, flow: &mut Flow) {
        match self {
            Change::DropData { data } => {
                if let Some(i) = flow.data.iter().position(|d| d == data) {
                    flow.data.remove(i);
                }
            }
            Change::StateCollectedFor { purpose } => flow.collected_for = Some(purpose.clone()),
            Change::UsePurpose { purpose } => flow.purpose = purpose.clone(),
            Change::UseBasis { basis } => flow.basis = Some(*basis),
            Change::ObtainConsent {
                purpose,
                recipient,
                country,
            } => {
                flow.basis = Some(Basis::Consent);
                let id = flow.consent.as_ref().and_then(|c| c.id.clone());
                flow.consent = Some(Consent {
                    id,
                    status: ConsentStatus::Given,
                    purposes: vec![purpose.clone()],
                    recipients: vec![recipient.clone()],
                    countries: vec![country.clone()],
                    given_at: Some(flow.at.clone()),
                    withdrawn_at: None,
                    expires_at: None,
                });
            }
            Change::StateSubjects { subjects } => flow.subjects = Some(subjects.clone()),
            // A new approval is given by the hop's time, so that a rule asking for a recent
            // one (`approved by ROLE within …`) finds it recent.
            Change::ObtainApproval { role, hop } | Change::RenewApproval { role, hop } => {
                let hop = hop.and_then(|h| h.checked_sub(1));
                let at = hop
                    .and_then(|h| flow.chain.get(h))
                    .and_then(|h| h.at.clone())
                    .unwrap_or_else(|| flow.at.clone());
                let approval = Approval {
                    role: role.clone(),
                    at: Some(at),
                    ..Approval::default()
                };
                match hop.and_then(|h| flow.chain.get_mut(h)) {
                    Some(h) => h.approvals.push(approval),
                    None => flow.approvals.push(approval),
                }
            }
            Change::AmendAgreement { .. } | Change::ConcludeAgreement { .. } => {}
        }
    }

    /// Applies a change of the policy's agreements (a change of the flow leaves the policy as
    /// it is).
    pub fn apply_to_policy(&self, policy: &mut PolicyData) {
        match self {
            Change::AmendAgreement {
                agreement,
                add_purposes,
                add_data,
                add_subjects,
                valid_from,
                valid_to,
                allow_onward,
            } => {
                let purposes: Vec<u32> = ids(&policy.purposes, add_purposes);
                let data: Vec<u32> = ids(&policy.categories, add_data);
                let subjects: Vec<u32> = ids(&policy.subjects, add_subjects);
                if let Some(a) = policy.agreements.iter_mut().find(|a| &a.id == agreement) {
                    a.purposes.extend(purposes);
                    a.data.extend(data);
                    if let Some(s) = a.subjects.as_mut() {
                        s.extend(subjects);
                    }
                    if let Some(d) = valid_from.as_deref().and_then(Day::parse) {
                        a.valid_from = d;
                    }
                    if let Some(d) = valid_to.as_deref().and_then(Day::parse) {
                        a.valid_to = d;
                    }
                    a.onward_transfer |= allow_onward;
                }
            }
            Change::ConcludeAgreement {
                from,
                to,
                purpose,
                data,
                valid_on,
            } => {
                let party = |name: &str| policy.parties.iter().position(|p| p.name == name);
                let (Some(f), Some(t), Some(day)) = (party(from), party(to), Day::parse(valid_on))
                else {
                    return;
                };
                let agreement = Agreement {
                    id: format!("(new agreement {from} → {to})"),
                    parties: vec![f as u32, t as u32],
                    directed: true,
                    purposes: ids(&policy.purposes, std::slice::from_ref(purpose)),
                    data: ids(&policy.categories, data),
                    subjects: None,
                    valid_from: day,
                    valid_to: day,
                    onward_transfer: false,
                    document: None,
                };
                policy.agreements.push(agreement);
            }
            _ => {}
        }
    }
}

fn ids(t: &crate::model::Taxonomy, names: &[String]) -> Vec<u32> {
    names.iter().filter_map(|n| t.id(n)).collect()
}
