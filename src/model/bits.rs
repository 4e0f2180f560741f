//! Bitsets as JSON: the list of set positions. fixedbitset's own serde form expects borrowed
//! bytes, which `serde_json::from_str` cannot give, so compiled policies would not load.

use fixedbitset::FixedBitSet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize, Deserialize)]
struct Bits {
    len: usize,
    ones: Vec<usize>,
}

fn to_bits(set: &FixedBitSet) -> Bits {
    Bits {
        len: set.len(),
        ones: set.ones().collect(),
    }
}

fn from_bits(bits: Bits) -> FixedBitSet {
    let mut set = FixedBitSet::with_capacity(bits.len);
    for i in bits.ones.into_iter().filter(|&i| i < bits.len) {
        set.insert(i);
    }
    set
}

/// serde `with` for one bitset.
pub mod one {
    use super::*;

    /// Serialises.
    pub fn serialize<S: Serializer>(set: &FixedBitSet, s: S) -> Result<S::Ok, S::Error> {
        to_bits(set).serialize(s)
    }

    /// Deserialises.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FixedBitSet, D::Error> {
        Bits::deserialize(d).map(from_bits)
    }
}

/// serde `with` for a list of bitsets.
pub mod many {
    use super::*;

    /// Serialises.
    pub fn serialize<S: Serializer>(sets: &[FixedBitSet], s: S) -> Result<S::Ok, S::Error> {
        sets.iter().map(to_bits).collect::<Vec<_>>().serialize(s)
    }

    /// Deserialises.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FixedBitSet>, D::Error> {
        Vec::<Bits>::deserialize(d).map(|v| v.into_iter().map(from_bits).collect())
    }
}
