//! Encryption at rest (feature `gate-age`): the release is written in the age format
//! (<https://age-encryption.org/v1>) to one or more X25519 recipients (`age1…` public keys),
//! so that only the holders of the matching identities can read it. The plain text is never
//! written to disk: the CSV goes through the encrypting stream into the temporary file.

use super::error::GateError;
use std::io::Write;

/// Parses recipients (`age1…`), one per entry; blank entries and `#` comments are skipped.
pub fn recipients(list: &[String]) -> Result<Vec<age::x25519::Recipient>, GateError> {
    list.iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty() && !r.starts_with('#'))
        .map(|r| {
            r.parse::<age::x25519::Recipient>()
                .map_err(|e| GateError::BadRecipient {
                    recipient: r.to_owned(),
                    error: e.to_string(),
                })
        })
        .collect()
}

/// A writer that encrypts what passes through it to `recipients`; [`finish`] writes the
/// last chunk and must be called.
pub fn writer<W: Write>(
    recipients: &[age::x25519::Recipient],
    out: W,
) -> Result<age::stream::StreamWriter<W>, GateError> {
    let failed = |error: String| GateError::Io {
        path: String::new(),
        error,
    };
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| failed(e.to_string()))?;
    encryptor
        .wrap_output(out)
        .map_err(|e| failed(e.to_string()))
}

/// Writes the last chunk of an encrypted stream.
pub fn finish<W: Write>(stream: age::stream::StreamWriter<W>) -> Result<(), GateError> {
    stream.finish().map(|_| ()).map_err(|e| GateError::Io {
        path: String::new(),
        error: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn what_is_written_decrypts_with_the_identity_and_bad_keys_are_named() {
        let identity = age::x25519::Identity::generate();
        let public = identity.to_public().to_string();
        let parsed = recipients(&[format!(" {public} "), "# a comment".into(), "".into()]).unwrap();
        assert_eq!(parsed.len(), 1);
        let mut sink = Vec::new();
        let mut w = writer(&parsed, &mut sink).unwrap();
        w.write_all(b"a,b\n1,2\n").unwrap();
        finish(w).unwrap();
        assert!(sink.starts_with(b"age-encryption.org/v1"));
        let d = age::Decryptor::new(&sink[..]).unwrap();
        let mut plain = Vec::new();
        d.decrypt(std::iter::once(&identity as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, b"a,b\n1,2\n");
        let e = recipients(&["age1notakey".into()]).unwrap_err();
        assert_eq!(e.code(), "gate.bad_recipient");
    }
}
