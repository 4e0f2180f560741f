//! A fast hash for the name tables every decision looks up (terms, parties). The tables
//! hold a policy's own names; a flow only looks names up, so it cannot crowd a table, and
//! the flooding resistance of the standard hasher buys nothing here while costing a large
//! part of resolving a flow.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map from names, hashed with [`NameHasher`].
pub(crate) type NameMap<V> = HashMap<String, V, BuildHasherDefault<NameHasher>>;

/// Multiply-rotate hashing of 8-byte words (as rustc's FxHash).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NameHasher(u64);

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The remainder of `chunks_exact(8)` holds at most 7 bytes; the length goes in the
            // unused top byte, so `a` and `a\0` differ.
            let mut word = [0u8; 8];
            for (to, &from) in word.iter_mut().zip(rest) {
                *to = from;
            }
            word[7] = rest.len() as u8;
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The product's high bits are the well mixed ones; the table indexes by the low.
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_differ_in_any_byte_hash_apart() {
        let hash = |s: &str| {
            let mut h = NameHasher::default();
            h.write(s.as_bytes());
            h.write_u8(0xff);
            h.finish()
        };
        assert_ne!(hash("personal.identity"), hash("personal.identitz"));
        assert_ne!(hash("a"), hash("a\0"));
        let mut map: NameMap<u32> = NameMap::default();
        map.insert("c1.c2".into(), 1);
        assert_eq!(map.get("c1.c2"), Some(&1));
        assert_eq!(map.get("c1.c3"), None);
    }
}
