//! The release register (the mosaic effect): every aggregate release about a population is
//! recorded, and a new one is checked against the earlier ones before it goes out.
//!
//! A release is its dimensions and its cells, with the counts as published (a suppressed
//! cell's count is not kept: the register knows what a reader of the releases knows). Two
//! releases about the same population are compared when the dimensions of one are among the
//! dimensions of the other (the same table, or a finer and a coarser one): each published
//! cell of the coarser table is the sum of the finer table's cells within it. For such a
//! coarse cell `c`, with `S` the sum of the published fine cells within it and `m` the
//! number of suppressed ones:
//! - `m = 1`: the suppressed cell is `c − S`, recomputed by subtraction;
//! - `0 < |c − S| < k`: the difference isolates a group of fewer than `k` people (present in
//!   one release and not the other, or the suppressed cells together).
//!
//! Either refuses the new release and names the earlier one. Tables whose dimensions cross
//! (neither set within the other) are not compared: bounding what they reveal together
//! needs linear programming (audit in τ-ARGUS style), which this register does not do.
//!
//! Files: one per release, `r000001.json`, … named by sequence number only (values from the
//! data never become file names), written atomically (a temporary file created exclusively,
//! then renamed) and holding the SHA-256 of their content, checked when read back.

use super::error::GateError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One cell as released: its dimension values and its count (`None`: suppressed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasedCell {
    /// Values of the dimensions, in the release's order.
    pub key: Vec<String>,
    /// The published count.
    pub count: Option<u64>,
}

/// One aggregate release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// Its id in the register (`r000001`).
    pub id: String,
    /// When it was recorded (RFC 3339, UTC).
    pub time: String,
    /// Which population it is about (a label, compared as written).
    pub population: String,
    /// The flow it was released under.
    pub flow: String,
    /// The dimensions (column headers), in the order of the cells' keys.
    pub dimensions: Vec<String>,
    /// Its smallest published cell size.
    pub k: u32,
    /// Its cells.
    pub cells: Vec<ReleasedCell>,
}

/// A release file: the release and the SHA-256 of its JSON.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    release: Release,
    sha256: String,
}

fn digest(release: &Release) -> String {
    let json = serde_json::to_string(release).unwrap_or_default();
    format!(
        "sha256:{}",
        crate::log::to_hex(&Sha256::digest(json.as_bytes()))
    )
}

/// The register folder.
#[derive(Clone, Debug)]
pub struct Register {
    dir: PathBuf,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> GateError + '_ {
    move |e| GateError::Io {
        path: path.display().to_string(),
        error: e.to_string(),
    }
}

/// Whether a file name is one the register writes: `r` and six or more digits, `.json`.
fn release_file(name: &str) -> Option<u64> {
    let digits = name.strip_prefix('r')?.strip_suffix(".json")?;
    (digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

impl Register {
    /// Opens (creating if missing) a register folder.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Register, GateError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(Register { dir })
    }

    /// Every release recorded, in order, each checked against its hash.
    pub fn releases(&self) -> Result<Vec<Release>, GateError> {
        let mut numbered: Vec<(u64, PathBuf)> = std::fs::read_dir(&self.dir)
            .map_err(io(&self.dir))?
            .filter_map(Result::ok)
            .filter_map(|e| {
                let n = release_file(&e.file_name().to_string_lossy())?;
                Some((n, e.path()))
            })
            .collect();
        numbered.sort();
        let mut out = Vec::with_capacity(numbered.len());
        for (i, (n, path)) in numbered.into_iter().enumerate() {
            // Numbered from 1 without a gap, each file holding the release of its name: a
            // deleted or renamed release is found, not silently left out of the checks.
            let expected = i as u64 + 1;
            if n != expected {
                return Err(GateError::RegisterCorrupt {
                    file: self
                        .dir
                        .join(format!("r{expected:06}.json"))
                        .display()
                        .to_string(),
                });
            }
            let corrupt = || GateError::RegisterCorrupt {
                file: path.display().to_string(),
            };
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            let envelope: Envelope = serde_json::from_str(&text).map_err(|_| corrupt())?;
            if digest(&envelope.release) != envelope.sha256
                || envelope.release.id != format!("r{n:06}")
            {
                return Err(corrupt());
            }
            out.push(envelope.release);
        }
        Ok(out)
    }

    /// Refuses `new` if, with an earlier release about the same population, it gives away a
    /// suppressed cell or isolates a group below `k`.
    pub fn check(&self, new: &Release) -> Result<(), GateError> {
        for earlier in self.releases()? {
            if earlier.population != new.population {
                continue;
            }
            let k = u64::from(new.k.max(earlier.k));
            if let Some(cell) =
                differencing(&earlier, new, k).or_else(|| differencing(new, &earlier, k))
            {
                return Err(GateError::Differencing {
                    earlier: earlier.id.clone(),
                    time: earlier.time.clone(),
                    cell,
                });
            }
        }
        Ok(())
    }

    /// Records `release` (its id and time are set here). Returns its id.
    pub fn record(&self, mut release: Release) -> Result<String, GateError> {
        let next = self.releases()?.len() as u64 + 1;
        release.id = format!("r{next:06}");
        release.time = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let envelope = Envelope {
            sha256: digest(&release),
            release,
        };
        let bytes = serde_json::to_vec_pretty(&envelope).map_err(|e| GateError::Io {
            path: self.dir.display().to_string(),
            error: e.to_string(),
        })?;
        let target = self.dir.join(format!("{}.json", envelope.release.id));
        if target.exists() {
            return Err(GateError::Io {
                path: target.display().to_string(),
                error: "a release with this number exists already".into(),
            });
        }
        let mut out = super::output::Atomic::create(&target)?;
        out.writer().write_all(&bytes).map_err(io(&target))?;
        out.commit()?;
        Ok(envelope.release.id)
    }
}

/// When `coarse`'s dimensions are all among `fine`'s: the first coarse cell (by key) that
/// `fine` differs from by a group below `k`, or whose one suppressed fine cell it gives away.
fn differencing(coarse: &Release, fine: &Release, k: u64) -> Option<Vec<String>> {
    let positions: Vec<usize> = coarse
        .dimensions
        .iter()
        .map(|d| fine.dimensions.iter().position(|f| f == d))
        .collect::<Option<Vec<usize>>>()?;
    // Per coarse key: (sum of published fine cells, suppressed fine cells).
    let mut within: BTreeMap<Vec<&str>, (u64, usize)> = BTreeMap::new();
    for cell in &fine.cells {
        let key: Vec<&str> = positions
            .iter()
            .map(|&p| cell.key.get(p).map_or("", String::as_str))
            .collect();
        let e = within.entry(key).or_insert((0, 0));
        match cell.count {
            Some(n) => e.0 += n,
            None => e.1 += 1,
        }
    }
    for cell in &coarse.cells {
        let Some(c) = cell.count else { continue };
        let key: Vec<&str> = cell.key.iter().map(String::as_str).collect();
        let (sum, hidden) = within.get(&key).copied().unwrap_or((0, 0));
        let gap = c.abs_diff(sum);
        if hidden == 1 || (gap > 0 && gap < k) {
            return Some(cell.key.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(dims: &[&str], cells: &[(&[&str], Option<u64>)]) -> Release {
        Release {
            id: String::new(),
            time: String::new(),
            population: "kakuma".into(),
            flow: "f".into(),
            dimensions: dims.iter().map(|d| d.to_string()).collect(),
            k: 5,
            cells: cells
                .iter()
                .map(|(key, count)| ReleasedCell {
                    key: key.iter().map(|s| s.to_string()).collect(),
                    count: *count,
                })
                .collect(),
        }
    }

    fn dir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("mandate-register-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn a_total_by_district_gives_away_a_lone_suppressed_cell_of_a_finer_table() {
        let fine = release(
            &["district", "sex"],
            &[
                (&["A", "f"], Some(9)),
                (&["A", "m"], None),
                (&["B", "f"], Some(7)),
            ],
        );
        let coarse = release(&["district"], &[(&["A"], Some(11)), (&["B"], Some(7))]);
        assert_eq!(differencing(&coarse, &fine, 5), Some(vec!["A".to_string()]));
        // Crossing dimensions are not compared.
        let other = release(&["age"], &[(&["0-4"], Some(20))]);
        assert_eq!(differencing(&other, &fine, 5), None);
    }

    #[test]
    fn the_same_table_a_few_people_later_isolates_them() {
        let before = release(&["district"], &[(&["A"], Some(20)), (&["B"], Some(30))]);
        let after = release(&["district"], &[(&["A"], Some(22)), (&["B"], Some(30))]);
        assert_eq!(
            differencing(&before, &after, 5),
            Some(vec!["A".to_string()])
        );
        let later = release(&["district"], &[(&["A"], Some(40)), (&["B"], Some(30))]);
        assert_eq!(differencing(&before, &later, 5), None);
    }

    #[test]
    fn releases_are_recorded_checked_and_verified_when_read_back() {
        let d = dir("record");
        let reg = Register::open(&d).unwrap();
        let first_again = || release(&["district"], &[(&["A"], Some(20)), (&["B"], Some(30))]);
        let first = first_again();
        reg.check(&first).unwrap();
        assert_eq!(reg.record(first).unwrap(), "r000001");
        let second = release(&["district"], &[(&["A"], Some(23)), (&["B"], Some(30))]);
        match reg.check(&second) {
            Err(GateError::Differencing { earlier, cell, .. }) => {
                assert_eq!((earlier.as_str(), cell), ("r000001", vec!["A".to_string()]));
            }
            other => panic!("{other:?}"),
        }
        // Another population is not compared.
        let mut elsewhere = second.clone();
        elsewhere.population = "dadaab".into();
        reg.check(&elsewhere).unwrap();
        // A deleted release is found.
        let mut third = first_again();
        third.population = "elsewhere".into();
        assert_eq!(reg.record(third.clone()).unwrap(), "r000002");
        std::fs::rename(d.join("r000002.json"), d.join("r000003.json")).unwrap();
        assert_eq!(reg.releases().unwrap_err().code(), "gate.register_corrupt");
        std::fs::rename(d.join("r000003.json"), d.join("r000002.json")).unwrap();
        reg.releases().unwrap();
        // An edited file is refused when read back.
        let file = d.join("r000001.json");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replacen("20", "21", 1)).unwrap();
        assert_eq!(reg.releases().unwrap_err().code(), "gate.register_corrupt");
        // Files the register does not write are ignored.
        assert_eq!(release_file("r000001.json"), Some(1));
        assert_eq!(release_file("../x.json"), None);
        assert_eq!(release_file("r1.json"), None);
        std::fs::remove_dir_all(&d).unwrap();
    }
}
