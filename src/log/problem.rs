//! Why the decision log, its signing key or a stored policy could not be used, as typed
//! values. The log module only builds them; [`crate::words::log_error`] puts them into words
//! in the reader's language, so no sentence about the log is written here. Details quoted
//! from elsewhere (an operating-system or JSON error) are kept as they were given.

/// What is wrong, without the file it is about (that is [`super::LogError::Corrupt`]'s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogProblem {
    /// A public key that is not `ed25519:` and 64 hex digits.
    PublicKeyMalformed,
    /// 64 hex digits that are not an Ed25519 public key.
    PublicKeyInvalid,
    /// The operating system gave no randomness for a new key.
    NoRandomness {
        /// The system's error.
        detail: String,
    },
    /// The signing key is a folder, a device, …
    KeyNotAFile,
    /// The signing key file can be read or written by other users.
    KeyShared {
        /// Its permission bits.
        mode: u32,
        /// The file, for the `chmod` the words suggest.
        path: String,
    },
    /// The file does not hold a log signing key.
    NotASigningKey {
        /// How a key file starts.
        prefix: &'static str,
    },
    /// No key file was named and there is no default place for one.
    NoKeyPlace,
    /// The signing key is kept inside the log folder it signs.
    KeyInsideLog {
        /// The log folder.
        log: String,
    },
    /// An append failed, and cutting the half-written record off failed too.
    RecordNotUndone {
        /// Why the append failed.
        error: String,
        /// Why the cut failed.
        undo: String,
    },
    /// The log cannot be extended safely; nothing was appended.
    NotExtendable(NotExtendable),
    /// The last record is longer than the tail reader reads back.
    LastRecordTooLong,
    /// The last record is not UTF-8.
    LastRecordNotUtf8,
    /// The last record does not parse.
    LastRecordUnreadable {
        /// The parser's words.
        detail: String,
    },
    /// A JSON file of the log (the head, the public key) does not parse.
    Unparsable {
        /// The parser's words.
        detail: String,
    },
    /// A record names something that is not a policy hash.
    NotAPolicyHash {
        /// What it names (shown escaped).
        hash: String,
    },
    /// The compiled policy could not be written as JSON.
    PolicyNotSerialised {
        /// The serialiser's words.
        detail: String,
    },
    /// A gate run's attestation could not be written as JSON.
    AttestationNotSerialised {
        /// The serialiser's words.
        detail: String,
    },
    /// A stored policy file is not UTF-8.
    StoredPolicyNotUtf8,
    /// A stored policy file is not a compiled policy.
    StoredPolicyUnreadable {
        /// Why.
        detail: String,
    },
    /// A stored policy file holds another policy than its name says.
    StoredPolicyReplaced {
        /// The policy it holds.
        holds: String,
        /// The policy it is stored as.
        wanted: String,
    },
    /// A stored policy is not byte for byte the file a record was decided under.
    StoredPolicyChanged,
    /// A thread of `log replay` stopped without finishing its share.
    ReplayWorkerStopped,
}

/// Why an append refused to extend a log: what it found at the log's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotExtendable {
    /// The log is signed, and no key was given.
    SignedButNoKey,
    /// The log names another key than the one given.
    OtherKey {
        /// The key the log names.
        named: String,
        /// The key given.
        given: String,
    },
    /// The log was written without a key, and one was given.
    Unsigned,
    /// The head is not signed by the log's key.
    HeadNotSigned,
    /// The head vouches for records the log does not hold.
    HeadOverEmpty {
        /// How many it vouches for.
        vouched: u64,
    },
    /// The last record does not match its own hash.
    LastRecordEdited {
        /// Its sequence number.
        record: u64,
    },
    /// There are records but no head.
    HeadMissing,
    /// The last record is not the one the head vouches for.
    LastRecordNotHead {
        /// The last record's sequence number.
        record: u64,
        /// The head's.
        vouched: u64,
    },
}
