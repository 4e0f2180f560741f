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
            self.add(tail(rest) | (rest.len() as u64) << 56);
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

/// The little-endian value of 1 to 7 bytes, read in at most two loads (overlapping where
/// the bytes are fewer than the loads cover) rather than byte by byte: names are short, and
/// their last word is a visible part of looking one up.
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    let word = |at: usize| {
        rest.get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
    };
    let byte = |at: usize| rest.get(at).map_or(0, |&b| u64::from(b));
    if n >= 4 {
        // Bytes 0..4 and n-4..n; where they overlap they are the same bytes in the same places.
        word(0) | word(n - 4) << ((n - 4) * 8)
    } else if n > 0 {
        byte(0) | byte(n / 2) << (n / 2 * 8) | byte(n - 1) << ((n - 1) * 8)
    } else {
        0
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

    #[test]
    fn the_tail_is_the_bytes_little_endian() {
        let bytes = [0x11u8, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77];
        for n in 0..=7 {
            let mut word = [0u8; 8];
            word[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail(&bytes[..n]), u64::from_le_bytes(word), "{n}");
        }
    }
}
