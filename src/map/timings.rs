//! Wall time per phase of reading and analysing a map (`--timings`): where an audit spends
//! its time, to know which phase keeps the other cores idle.

use std::time::{Duration, Instant};

/// The phases of a run, each with its total wall time, in the order first timed. A phase
/// timed more than once (e.g. once per chunk of states) adds up.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Adds `spent` to `phase`.
    pub fn add(&mut self, phase: &'static str, spent: Duration) {
        match self.phases.iter_mut().find(|(p, _)| *p == phase) {
            Some((_, total)) => *total += spent,
            None => self.phases.push((phase, spent)),
        }
    }

    /// Adds every phase of `other` to these.
    pub fn absorb(&mut self, other: &Timings) {
        for &(phase, spent) in &other.phases {
            self.add(phase, spent);
        }
    }

    /// Runs `f`, adding its wall time to `phase`.
    pub fn time<R>(&mut self, phase: &'static str, f: impl FnOnce() -> R) -> R {
        let start = Instant::now();
        let out = f();
        self.add(phase, start.elapsed());
        out
    }

    /// Each phase with its total, in the order first timed.
    pub fn phases(&self) -> &[(&'static str, Duration)] {
        &self.phases
    }

    /// The sum of every phase.
    pub fn total(&self) -> Duration {
        self.phases.iter().map(|(_, d)| *d).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_add_up_in_the_order_first_timed() {
        let mut t = Timings::default();
        t.add("parse", Duration::from_millis(5));
        t.add("check", Duration::from_millis(2));
        t.add("parse", Duration::from_millis(3));
        let got: Vec<_> = t.phases().to_vec();
        assert_eq!(
            got,
            vec![
                ("parse", Duration::from_millis(8)),
                ("check", Duration::from_millis(2))
            ]
        );
        assert_eq!(t.total(), Duration::from_millis(10));
        assert_eq!(t.time("write", || 7), 7);
        assert_eq!(t.phases().last().map(|p| p.0), Some("write"));
    }
}
