//! The deterministic generator of the gate's unit tests: a 64-bit linear congruential
//! generator (Knuth's MMIX constants), so that a generated case that fails fails again on
//! every run and machine.

/// Moves `seed` to its next state and returns it.
pub(crate) fn step(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed
}

/// A number below `n` from the next state's high bits (the low bits of such a generator
/// repeat with short periods).
pub(crate) fn below(seed: &mut u64, n: u64) -> u64 {
    (step(seed) >> 33) % n
}
