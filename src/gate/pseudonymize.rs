//! Pseudonyms: HMAC-SHA-256 of a value under a secret key, in hex. The same value gives the
//! same token under the same key, in every run and every column, so that releases made with
//! one key can be linked by whoever holds them, and by no one without the key. The key is
//! never printed, logged or written: [`Key`]'s `Debug` shows its length only.

use super::error::GateError;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The environment variable holding the key when no key file is given.
pub const KEY_ENV: &str = "MANDATE_GATE_KEY";

/// The shortest key accepted, in bytes: 128 bits.
pub const LEAST_KEY_BYTES: usize = 16;

/// A secret pseudonymisation key.
#[derive(Clone)]
pub struct Key(Hmac<Sha256>);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key([secret])")
    }
}

impl Key {
    /// A key from its bytes (a trailing line break, as an editor leaves it, is not part of
    /// it); refused when shorter than [`LEAST_KEY_BYTES`].
    pub fn new(bytes: &[u8]) -> Result<Key, GateError> {
        let bytes = bytes
            .strip_suffix(b"\n")
            .map(|b| b.strip_suffix(b"\r").unwrap_or(b))
            .unwrap_or(bytes);
        if bytes.len() < LEAST_KEY_BYTES {
            return Err(GateError::ShortKey {
                length: bytes.len(),
                least: LEAST_KEY_BYTES,
            });
        }
        Hmac::<Sha256>::new_from_slice(bytes)
            .map(Key)
            .map_err(|_| GateError::NoKey)
    }

    /// The token of `value`: 64 hex digits. An empty cell stays empty: there is nothing in it
    /// to hide, and a token would make "unknown" look like a person.
    pub fn token(&self, value: &str) -> String {
        if value.is_empty() {
            return String::new();
        }
        let mut mac = self.0.clone();
        mac.update(value.as_bytes());
        crate::log::to_hex(&mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stable_per_key_and_differ_across_keys() {
        let a = Key::new(b"0123456789abcdef0123\n").unwrap();
        let a2 = Key::new(b"0123456789abcdef0123").unwrap();
        let b = Key::new(b"another key, also long").unwrap();
        assert_eq!(a.token("Amina"), a2.token("Amina"));
        assert_ne!(a.token("Amina"), b.token("Amina"));
        assert_ne!(a.token("Amina"), a.token("Amina "));
        assert_eq!(a.token("Amina").len(), 64);
        assert_eq!(a.token(""), "");
        // RFC 4231 test case 2 ("Jefe" is too short for the gate, so the check is on a
        // key of the same construction): the token is plain HMAC-SHA-256 in hex.
        let mut mac = Hmac::<Sha256>::new_from_slice(b"0123456789abcdef0123").unwrap();
        mac.update(b"Amina");
        assert_eq!(
            a.token("Amina"),
            crate::log::to_hex(&mac.finalize().into_bytes())
        );
    }

    #[test]
    fn short_keys_are_refused_and_the_key_never_shows() {
        assert_eq!(
            Key::new(b"short").err(),
            Some(GateError::ShortKey {
                length: 5,
                least: 16
            })
        );
        let k = Key::new(b"a secret that must not show").unwrap();
        assert!(!format!("{k:?}").contains("secret that"));
    }
}
