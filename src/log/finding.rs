//! What `log verify` finds, as typed values: each finding and note has a stable machine code
//! and its parameters, and is put into words by [`crate::words::log_finding`] and
//! [`crate::words::log_note`] in the reader's language. Programs match on the codes (and
//! tests on the variants), never on the words.

use serde::Serialize;

/// Something wrong with a decision log: each one says what was done to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum LogFinding {
    /// The log's public key file cannot be read.
    #[serde(rename = "log.key_unreadable")]
    KeyUnreadable {
        /// The file.
        file: String,
        /// Why.
        detail: String,
    },
    /// The log names another key than the trusted one.
    #[serde(rename = "log.other_key")]
    OtherKey {
        /// The key the log names.
        named: String,
        /// The trusted key.
        trusted: String,
    },
    /// A line that is not a record at all.
    #[serde(rename = "log.unreadable")]
    Unreadable {
        /// The line of `decisions.jsonl`.
        line: usize,
    },
    /// A record whose bytes do not match its hash.
    #[serde(rename = "log.record_edited")]
    RecordEdited {
        /// Its sequence number.
        record: u64,
        /// Its decision id.
        id: String,
    },
    /// A record not written as this version writes records.
    #[serde(rename = "log.record_malformed")]
    RecordMalformed {
        /// Its sequence number.
        record: u64,
        /// Its decision id.
        id: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A record whose signature does not verify with the log's key.
    #[serde(rename = "log.signature_forged")]
    SignatureForged {
        /// Its sequence number.
        record: u64,
        /// The key it was checked with.
        key: String,
    },
    /// A record that names no well-formed policy hash.
    #[serde(rename = "log.no_policy_hash")]
    NoPolicyHash {
        /// Its sequence number.
        record: u64,
    },
    /// Records missing from the sequence.
    #[serde(rename = "log.records_deleted")]
    RecordsDeleted {
        /// The first missing.
        from: u64,
        /// The last missing.
        to: u64,
        /// The record found in their place.
        before: u64,
    },
    /// A record out of order, or repeated.
    #[serde(rename = "log.reordered")]
    Reordered {
        /// Its sequence number.
        record: u64,
        /// The record it comes after.
        after: u64,
    },
    /// A record that does not chain from the one before it.
    #[serde(rename = "log.chain_broken")]
    ChainBroken {
        /// Its sequence number.
        record: u64,
    },
    /// The head file cannot be read.
    #[serde(rename = "log.head_unreadable")]
    HeadUnreadable {
        /// Why.
        detail: String,
    },
    /// The head file is missing while records exist.
    #[serde(rename = "log.head_missing")]
    HeadMissing,
    /// The head is not signed, but the log is.
    #[serde(rename = "log.head_unsigned")]
    HeadUnsigned {
        /// The log's key.
        key: String,
    },
    /// The head's signature does not verify.
    #[serde(rename = "log.head_forged")]
    HeadForged {
        /// The key it was checked with.
        key: String,
    },
    /// A record without a signature in a signed log.
    #[serde(rename = "log.record_unsigned")]
    RecordUnsigned {
        /// Its sequence number.
        record: u64,
    },
    /// No signature anywhere, though a trusted key was given.
    #[serde(rename = "log.signatures_stripped")]
    SignaturesStripped,
    /// The last line is incomplete: an interrupted append.
    #[serde(rename = "log.torn")]
    Torn {
        /// Its length in bytes.
        bytes: usize,
    },
    /// Records cut off the end.
    #[serde(rename = "log.truncated")]
    Truncated {
        /// The last record left.
        last: u64,
        /// How many the head says were written.
        written: u64,
    },
    /// Every record cut off.
    #[serde(rename = "log.emptied")]
    Emptied {
        /// How many the head says were written.
        written: u64,
    },
    /// The last record is not the one the head recorded.
    #[serde(rename = "log.last_replaced")]
    LastReplaced {
        /// Its sequence number.
        record: u64,
    },
    /// Records added without updating the head.
    #[serde(rename = "log.head_not_updated")]
    HeadNotUpdated {
        /// The first added.
        from: u64,
        /// The last added.
        to: u64,
    },
    /// A file in the policy store not named by a policy hash.
    #[serde(rename = "log.policy_misnamed")]
    PolicyMisnamed {
        /// Its name (escaped).
        file: String,
    },
    /// A stored policy that fails its checks.
    #[serde(rename = "log.policy_untrusted")]
    PolicyUntrusted {
        /// The policy hash.
        policy: String,
        /// Why.
        detail: String,
    },
    /// A record decided under another file of the same policy than the records before it.
    #[serde(rename = "log.policy_file_changed")]
    PolicyFileChanged {
        /// Its sequence number.
        record: u64,
        /// The policy hash.
        policy: String,
    },
    /// A policy records were decided under is not stored.
    #[serde(rename = "log.policy_missing")]
    PolicyMissing {
        /// The policy hash.
        policy: String,
        /// How many records name it.
        records: usize,
        /// The first of them.
        first: u64,
    },
    /// The anchored record is gone.
    #[serde(rename = "log.anchor_lost")]
    AnchorLost {
        /// The anchored sequence number.
        record: u64,
    },
    /// The anchored record was replaced.
    #[serde(rename = "log.anchor_rewritten")]
    AnchorRewritten {
        /// The anchored sequence number.
        record: u64,
        /// The hash the anchor names.
        anchored: String,
        /// The hash the log now holds.
        now: String,
    },
    /// The anchor's signature does not verify.
    #[serde(rename = "log.anchor_forged")]
    AnchorForged {
        /// The key it was checked with.
        key: String,
    },
}

/// What was checked, and what could not be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code")]
pub enum LogNote {
    /// The log still holds the anchored record.
    #[serde(rename = "log.extends_anchor")]
    ExtendsAnchor {
        /// The anchored sequence number.
        record: u64,
        /// Its hash.
        hash: String,
    },
    /// Signed, chained records past the head: appends interrupted by a crash.
    #[serde(rename = "log.appends_interrupted")]
    AppendsInterrupted {
        /// The first record past the head.
        from: u64,
        /// The last.
        to: u64,
    },
    /// Records in the first format (unsigned, hashed over fields).
    #[serde(rename = "log.format_1")]
    Format1 {
        /// How many.
        records: usize,
    },
    /// Signatures checked with the trusted key.
    #[serde(rename = "log.authenticated")]
    Authenticated {
        /// The key.
        key: String,
    },
    /// A trusted key, but a format-1 log holds no signature to check it against.
    #[serde(rename = "log.chain_only_format_1")]
    ChainOnlyFormat1,
    /// The log is not signed by the trusted key.
    #[serde(rename = "log.not_signed_by_trusted_key")]
    NotSignedByTrustedKey {
        /// The trusted key.
        key: String,
    },
    /// Checked only against the key the log names itself.
    #[serde(rename = "log.chain_only_own_key")]
    ChainOnlyOwnKey {
        /// The key the log names.
        key: String,
    },
    /// Signed records, but no key to check them with.
    #[serde(rename = "log.chain_only_no_key")]
    ChainOnlyNoKey,
    /// The log is not signed at all.
    #[serde(rename = "log.chain_only_unsigned")]
    ChainOnlyUnsigned,
}

impl LogFinding {
    /// The kind of tampering or damage (`edited`, `deleted`, …), as `Problem::kind` gives it.
    pub fn kind(&self) -> &'static str {
        use LogFinding as F;
        match self {
            F::KeyUnreadable { .. } | F::OtherKey { .. } => "key",
            F::Unreadable { .. } => "unreadable",
            F::RecordEdited { .. }
            | F::RecordMalformed { .. }
            | F::NoPolicyHash { .. }
            | F::ChainBroken { .. }
            | F::LastReplaced { .. } => "edited",
            F::SignatureForged { .. } => "signature",
            F::RecordsDeleted { .. } => "deleted",
            F::Reordered { .. } => "reordered",
            F::HeadUnreadable { .. }
            | F::HeadMissing
            | F::HeadUnsigned { .. }
            | F::HeadForged { .. }
            | F::HeadNotUpdated { .. } => "head",
            F::RecordUnsigned { .. } | F::SignaturesStripped => "unsigned",
            F::Torn { .. } => "torn",
            F::Truncated { .. } | F::Emptied { .. } => "truncated",
            F::PolicyMisnamed { .. }
            | F::PolicyUntrusted { .. }
            | F::PolicyFileChanged { .. }
            | F::PolicyMissing { .. } => "policy",
            F::AnchorLost { .. } | F::AnchorRewritten { .. } | F::AnchorForged { .. } => "anchor",
        }
    }
}
