//! The head (`head.json`): the last record's sequence number and hash, signed with the log's
//! key, so cutting records off the end shows; and anchors, copies of a head kept elsewhere, so
//! that even a rewrite by someone holding the key shows.

use super::PublicKey;
use serde::{Deserialize, Serialize};

fn format_1() -> u32 {
    1
}

/// The content of `head.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    /// Format version (1 for heads written before there was one).
    #[serde(default = "format_1")]
    pub v: u32,
    /// Sequence number of the last record.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
    /// When it was written (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub time: String,
    /// Ed25519 signature of [`Head::message`] by the log's key, when the log is signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<String>,
}

impl Head {
    /// What the signature signs: a domain tag, the sequence number, hash and time.
    pub fn message(&self) -> Vec<u8> {
        format!(
            "mandate decision log head v{}\n{}\n{}\n{}",
            self.v, self.seq, self.hash, self.time
        )
        .into_bytes()
    }

    /// True when the head carries a signature that `key` made.
    pub fn signed_by(&self, key: &PublicKey) -> bool {
        self.sig
            .as_deref()
            .is_some_and(|sig| key.verifies(&self.message(), sig))
    }
}

/// A head to keep outside the log (a ticket, an email to the auditor, another machine):
/// `mandate log verify --anchor FILE` checks that the log still holds that record with that
/// hash, which a rewrite cannot keep, even by someone holding the signing key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// Format version of the head.
    pub v: u32,
    /// Sequence number of the record anchored.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
    /// When the head was written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub time: String,
    /// The head's signature, when the log is signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<String>,
    /// The public key the log was signed with, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl Anchor {
    /// The anchor of `head`, signed with `key`'s counterpart.
    pub fn of(head: &Head, key: Option<&PublicKey>) -> Anchor {
        Anchor {
            v: head.v,
            seq: head.seq,
            hash: head.hash.clone(),
            time: head.time.clone(),
            sig: head.sig.clone(),
            key: key.map(ToString::to_string),
        }
    }

    /// The head it copies.
    pub fn head(&self) -> Head {
        Head {
            v: self.v,
            seq: self.seq,
            hash: self.hash.clone(),
            time: self.time.clone(),
            sig: self.sig.clone(),
        }
    }

    /// Reads an anchor as `mandate log anchor` prints it.
    pub fn parse(text: &str) -> Result<Anchor, String> {
        let anchor: Anchor = serde_json::from_str(text.trim())
            .map_err(|e| format!("not an anchor as `mandate log anchor` prints it: {e}"))?;
        if !super::record::is_sha256(&anchor.hash) {
            return Err("the anchor's hash is not `sha256:` and 64 hex digits".into());
        }
        Ok(anchor)
    }
}
