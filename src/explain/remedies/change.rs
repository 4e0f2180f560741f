//! One change a remedy makes: to the flow, or to an agreement the policy relies on.

use crate::eval::Flow;
use crate::eval::flow::{Approval, Consent, ConsentStatus, Dpia};
use crate::model::{Agreement, Day, PolicyData};
use crate::words::{self, Lang, args};
use serde::{Deserialize, Serialize};

/// The reference a remedy's changed flow states for a DPIA while the search verifies it: a
/// decision reads only whether one is stated, never what it says.
pub const DPIA_STAND_IN: &str = "…";

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
    /// Obtain (or renew) consent covering this purpose, recipient and country. Proposed only
    /// for a flow whose legal basis already is consent: a remedy never changes the basis.
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
    /// State the reference of the data protection impact assessment the flow relies on: a
    /// rule that applies requires one (`dpia`) and the flow states none, or a blank one. If
    /// none was made, one must be carried out first; the remedy cannot tell, so it asks for
    /// the reference.
    StateDpia,
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

/// Who must act for a change to be made. Ordered from the lightest to the heaviest: the
/// remedies are ranked by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// Whoever writes the flow (the engineer): leave out data, state a missing fact.
    Flow,
    /// The sending organisation: obtain consent from the people concerned, obtain an
    /// approval from the role the policy names.
    Sender,
    /// The policy and its agreements: conclude, amend or extend an agreement. Only the data
    /// protection officer (with the other party's legal officers) can.
    Policy,
}

impl Actor {
    /// Its machine code, as JSON writes it.
    pub fn code(self) -> &'static str {
        match self {
            Actor::Flow => "flow",
            Actor::Sender => "sender",
            Actor::Policy => "policy",
        }
    }

    /// Who it is, in `lang`.
    pub fn text_in(self, lang: Lang) -> String {
        let id = match self {
            Actor::Flow => "remedy-actor-flow",
            Actor::Sender => "remedy-actor-sender",
            Actor::Policy => "remedy-actor-policy",
        };
        words::message(lang, id, None)
    }
}

/// What kind of change a remedy's change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Leave an entry out of the data.
    LeaveOutData,
    /// State a fact the flow leaves out (whose data it is, what it was collected for).
    StateMissingFact,
    /// Obtain (or renew) the consent of the people concerned.
    ObtainConsent,
    /// Obtain the approval of a role.
    ObtainApproval,
    /// Amend an agreement's scope (purposes, data, subjects, onward transfer).
    AmendAgreement,
    /// Extend an agreement's validity (its first or last day) to the day of the flow.
    ExtendAgreement,
    /// Conclude a new agreement.
    ConcludeAgreement,
}

impl ChangeKind {
    /// Its machine code, as JSON writes it.
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::LeaveOutData => "leave_out_data",
            ChangeKind::StateMissingFact => "state_missing_fact",
            ChangeKind::ObtainConsent => "obtain_consent",
            ChangeKind::ObtainApproval => "obtain_approval",
            ChangeKind::AmendAgreement => "amend_agreement",
            ChangeKind::ExtendAgreement => "extend_agreement",
            ChangeKind::ConcludeAgreement => "conclude_agreement",
        }
    }

    /// Who must act to make a change of this kind.
    pub fn actor(self) -> Actor {
        match self {
            ChangeKind::LeaveOutData | ChangeKind::StateMissingFact => Actor::Flow,
            ChangeKind::ObtainConsent | ChangeKind::ObtainApproval => Actor::Sender,
            ChangeKind::AmendAgreement
            | ChangeKind::ExtendAgreement
            | ChangeKind::ConcludeAgreement => Actor::Policy,
        }
    }

    /// Whether it needs a new legal instrument: an agreement concluded, amended or extended.
    pub fn needs_legal_instrument(self) -> bool {
        self.actor() == Actor::Policy
    }

    /// The kind in words, in `lang`.
    pub fn text_in(self, lang: Lang) -> String {
        let id = match self {
            ChangeKind::LeaveOutData => "remedy-kind-leave-out-data",
            ChangeKind::StateMissingFact => "remedy-kind-state-missing-fact",
            ChangeKind::ObtainConsent => "remedy-kind-obtain-consent",
            ChangeKind::ObtainApproval => "remedy-kind-obtain-approval",
            ChangeKind::AmendAgreement => "remedy-kind-amend-agreement",
            ChangeKind::ExtendAgreement => "remedy-kind-extend-agreement",
            ChangeKind::ConcludeAgreement => "remedy-kind-conclude-agreement",
        };
        words::message(lang, id, None)
    }

    /// Every kind, for tests and documentation checks.
    pub const ALL: [ChangeKind; 7] = [
        ChangeKind::LeaveOutData,
        ChangeKind::StateMissingFact,
        ChangeKind::ObtainConsent,
        ChangeKind::ObtainApproval,
        ChangeKind::AmendAgreement,
        ChangeKind::ExtendAgreement,
        ChangeKind::ConcludeAgreement,
    ];
}

impl Change {
    /// What kind of change it is.
    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::DropData { .. } => ChangeKind::LeaveOutData,
            Change::StateCollectedFor { .. } | Change::StateSubjects { .. } | Change::StateDpia => {
                ChangeKind::StateMissingFact
            }
            Change::ObtainConsent { .. } => ChangeKind::ObtainConsent,
            // A renewed approval is a new one, obtained by the sender like any other.
            Change::ObtainApproval { .. } | Change::RenewApproval { .. } => {
                ChangeKind::ObtainApproval
            }
            Change::AmendAgreement {
                add_purposes,
                add_data,
                add_subjects,
                allow_onward,
                ..
            } if add_purposes.is_empty()
                && add_data.is_empty()
                && add_subjects.is_empty()
                && !allow_onward =>
            {
                ChangeKind::ExtendAgreement
            }
            Change::AmendAgreement { .. } => ChangeKind::AmendAgreement,
            Change::ConcludeAgreement { .. } => ChangeKind::ConcludeAgreement,
        }
    }

    /// Who must act to make it.
    pub fn actor(&self) -> Actor {
        self.kind().actor()
    }

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
            Change::StateDpia => words::message(lang, "remedy-state-dpia", None),
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
            Change::ObtainConsent { .. } => "consent".into(),
            Change::StateSubjects { .. } => "subjects".into(),
            Change::StateDpia => "dpia".into(),
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
            Change::ObtainConsent {
                purpose,
                recipient,
                country,
            } => {
                // The basis stays as the flow states it (consent): only the record is renewed.
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
            // Only whether a reference is stated decides; the reference itself is the
            // sender's to give, so the search states a stand-in.
            Change::StateDpia => {
                flow.dpia = Some(Dpia {
                    reference: DPIA_STAND_IN.to_owned(),
                })
            }
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
                    suspensions: Vec::new(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every actor and kind of change: its JSON code is the one `code` gives, it has words in
    /// every language and docs/review.md lists it.
    #[test]
    fn every_actor_and_kind_has_words_and_is_documented() {
        let docs = include_str!("../../../docs/review.md");
        let json = |v: serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        for actor in [Actor::Flow, Actor::Sender, Actor::Policy] {
            assert_eq!(json(serde_json::json!(actor)), actor.code());
            assert!(docs.contains(&format!("`{}`", actor.code())), "{actor:?}");
            for lang in Lang::all() {
                let text = actor.text_in(lang);
                assert!(!text.is_empty() && !text.contains("remedy-"), "{text}");
            }
        }
        for kind in ChangeKind::ALL {
            assert_eq!(json(serde_json::json!(kind)), kind.code());
            assert!(docs.contains(&format!("`{}`", kind.code())), "{kind:?}");
            for lang in Lang::all() {
                let text = kind.text_in(lang);
                assert!(!text.is_empty() && !text.contains("remedy-"), "{text}");
            }
        }
    }

    /// Leaving out data and stating facts fall to the flow's author, consent and approvals to
    /// the sender, agreements to the policy; only agreements need a legal instrument.
    #[test]
    fn who_must_act_follows_the_kind_of_change() {
        let drop = Change::DropData { data: "x".into() };
        assert_eq!(
            (drop.actor(), drop.kind()),
            (Actor::Flow, ChangeKind::LeaveOutData)
        );
        let approval = Change::ObtainApproval {
            role: "dpo".into(),
            hop: None,
        };
        assert_eq!(approval.actor(), Actor::Sender);
        let extend = Change::AmendAgreement {
            agreement: "A".into(),
            add_purposes: Vec::new(),
            add_data: Vec::new(),
            add_subjects: Vec::new(),
            valid_from: None,
            valid_to: Some("2026-01-01".into()),
            allow_onward: false,
        };
        assert_eq!(extend.kind(), ChangeKind::ExtendAgreement);
        assert!(extend.kind().needs_legal_instrument());
        let amend = Change::AmendAgreement {
            agreement: "A".into(),
            add_purposes: Vec::new(),
            add_data: vec!["x".into()],
            add_subjects: Vec::new(),
            valid_from: None,
            valid_to: Some("2026-01-01".into()),
            allow_onward: false,
        };
        assert_eq!(amend.kind(), ChangeKind::AmendAgreement);
        assert_eq!(amend.actor(), Actor::Policy);
        assert!(!drop.kind().needs_legal_instrument());
        assert!(!approval.kind().needs_legal_instrument());
    }
}
