//! Re-identification risk per record, as sdcMicro estimates it (`measure_risk`, the
//! approximate individual risk of Benedetti and Franconi), and the global risk as the mean.
//!
//! For a record whose key (quasi-identifier combination) occurs `f` times in the data, with
//! `F` the sum of the sampling weights of those records and `p = f / F`:
//! `f = 1`: `p/(1-p) · ln(1/p)`; `f = 2`: `p/(1-p) − (p/(1-p))² · ln(1/p)`;
//! `f > 2`: `p / (f − (1 − p))`. Without weights the data is the population (`F = f`) and
//! the risk is `1/f`, the limit of the formulas as `p` reaches 1; it is also `1/f` whenever
//! the weights sum to no more than the sample (`p ≥ 1`).

use std::collections::HashMap;

/// The risk of each record, given its key and, when the data has one, its weight.
pub fn individual(keys: &[Vec<String>], weights: Option<&[f64]>) -> Vec<f64> {
    let mut f: HashMap<&[String], (usize, f64)> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        let w = weights.and_then(|w| w.get(i).copied()).unwrap_or(1.0);
        let e = f.entry(k.as_slice()).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += w;
    }
    keys.iter()
        .map(|k| {
            let (fk, big_f) = f.get(k.as_slice()).copied().unwrap_or((1, 1.0));
            risk(fk, if weights.is_some() { big_f } else { fk as f64 })
        })
        .collect()
}

/// The risk of a record in a class of `f` sampled records standing for `big_f` people.
pub fn risk(f: usize, big_f: f64) -> f64 {
    let fk = f as f64;
    let p = fk / big_f;
    if !(p.is_finite()) || p >= 1.0 || p <= 0.0 {
        return 1.0 / fk;
    }
    let q = p / (1.0 - p);
    match f {
        1 => q * (1.0 / p).ln(),
        2 => q - q * q * (1.0 / p).ln(),
        _ => p / (fk - (1.0 - p)),
    }
}

/// The global risk: the mean of the individual risks (0 without records).
pub fn global(risks: &[f64]) -> f64 {
    if risks.is_empty() {
        0.0
    } else {
        risks.iter().sum::<f64>() / risks.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_weights_the_risk_is_one_over_the_class_size() {
        let keys = super::super::kanon::tests::generate(3, 200, &[3, 5]);
        let risks = individual(&keys, None);
        for (k, r) in keys.iter().zip(&risks) {
            let f = keys.iter().filter(|o| *o == k).count();
            assert!((r - 1.0 / f as f64).abs() < 1e-12);
        }
        let direct: f64 = keys
            .iter()
            .map(|k| 1.0 / keys.iter().filter(|o| *o == k).count() as f64)
            .sum::<f64>()
            / keys.len() as f64;
        assert!((global(&risks) - direct).abs() < 1e-12);
    }

    #[test]
    fn weighted_risk_follows_the_sdcmicro_formulas() {
        // Values computed by hand from the formulas of sdcMicro's indivRisk (approx).
        let p: f64 = 1.0 / 50.0;
        let expect1 = p / (1.0 - p) * (1.0 / p).ln();
        assert!((risk(1, 50.0) - expect1).abs() < 1e-12);
        let p: f64 = 2.0 / 40.0;
        let q = p / (1.0 - p);
        assert!((risk(2, 40.0) - (q - q * q * (1.0 / p).ln())).abs() < 1e-12);
        let p: f64 = 5.0 / 100.0;
        assert!((risk(5, 100.0) - p / (5.0 - (1.0 - p))).abs() < 1e-12);
        // Weights that sum to the sample: the population case.
        assert!((risk(4, 4.0) - 0.25).abs() < 1e-12);
        // Larger weights mean more people behind each record: lower risk.
        assert!(risk(1, 100.0) < risk(1, 10.0));
    }
}
