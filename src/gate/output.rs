//! Writing the release: a temporary file created exclusively in the output's folder,
//! written, flushed to disk, then renamed over the output, so that a reader sees no file or
//! the whole file, never a part. Dropped without [`Atomic::commit`], the temporary file is
//! removed. Cells are escaped so that a spreadsheet does not run them as formulas.

use super::error::GateError;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output being written.
pub struct Atomic {
    target: PathBuf,
    temp: PathBuf,
    file: Option<HashingWriter<BufWriter<File>>>,
}

/// A writer that hashes what passes through it (on another thread).
pub struct HashingWriter<W> {
    inner: W,
    hash: super::digest::Sha256Behind,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> GateError + '_ {
    move |e| GateError::Io {
        path: path.display().to_string(),
        error: e.to_string(),
    }
}

impl Atomic {
    /// Starts writing `target`.
    pub fn create(target: &Path) -> Result<Atomic, GateError> {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let name = target
            .file_name()
            .ok_or_else(|| GateError::Io {
                path: target.display().to_string(),
                error: "not a file name".into(),
            })?
            .to_string_lossy()
            .into_owned();
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temp = folder.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(io_error(&temp))?;
        Ok(Atomic {
            target: target.to_path_buf(),
            temp,
            file: Some(HashingWriter {
                inner: BufWriter::new(file),
                hash: super::digest::Sha256Behind::new(),
            }),
        })
    }

    /// The writer.
    pub fn writer(&mut self) -> &mut HashingWriter<BufWriter<File>> {
        #[allow(clippy::expect_used)]
        self.file.as_mut().expect("present until committed")
    }

    /// Finishes writing: flush and fsync; the output is not in place until
    /// [`Sealed::publish`]. Returns the `sha256:` of the bytes written.
    pub fn seal(mut self) -> Result<Sealed, GateError> {
        let Some(w) = self.file.take() else {
            return Err(GateError::Io {
                path: self.target.display().to_string(),
                error: "already written".into(),
            });
        };
        let temp = std::mem::take(&mut self.temp);
        let target = std::mem::take(&mut self.target);
        let Some(digest) = w.hash.finish() else {
            let _ = std::fs::remove_file(&temp);
            return Err(GateError::HashFailed);
        };
        let sealed = Sealed {
            hash: format!("sha256:{}", crate::log::to_hex(&digest)),
            temp,
            target,
        };
        let file = w
            .inner
            .into_inner()
            .map_err(|e| io_error(&sealed.temp)(e.into_error()))?;
        file.sync_all().map_err(io_error(&sealed.temp))?;
        Ok(sealed)
    }

    /// Seals and publishes at once.
    pub fn commit(self) -> Result<String, GateError> {
        let sealed = self.seal()?;
        let hash = sealed.hash.clone();
        sealed.publish()?;
        Ok(hash)
    }
}

/// A written output waiting to be put in place (after it is logged). Dropped without
/// [`Sealed::publish`], it is removed.
pub struct Sealed {
    /// `sha256:` of its bytes.
    pub hash: String,
    temp: PathBuf,
    target: PathBuf,
}

impl Sealed {
    /// Renames it over the target.
    pub fn publish(mut self) -> Result<(), GateError> {
        let temp = std::mem::take(&mut self.temp);
        std::fs::rename(&temp, &self.target).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            io_error(&self.target)(e)
        })?;
        if let Some(dir) = self.target.parent().and_then(|d| File::open(d).ok()) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Drop for Sealed {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

impl Drop for Atomic {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A cell as written to CSV: one that a spreadsheet would take for a formula (starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP advises.
/// Numbers like `-3` are left alone: a spreadsheet reads them as numbers, not formulas.
pub fn escape_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(escape_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_cell("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
        assert_eq!(escape_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_cell("\t=1"), "'\t=1");
        assert_eq!(escape_cell("-3"), "-3");
        assert_eq!(escape_cell("-2.5"), "-2.5");
        assert_eq!(escape_cell("Amina"), "Amina");
        assert_eq!(escape_cell(""), "");
    }

    #[test]
    fn nothing_is_left_behind_unless_committed() {
        let dir = std::env::temp_dir().join(format!("mandate-gate-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.csv");
        {
            let mut a = Atomic::create(&target).unwrap();
            a.writer().write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        let mut a = Atomic::create(&target).unwrap();
        a.writer().write_all(b"whole").unwrap();
        let hash = a.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"whole");
        assert_eq!(
            hash,
            format!(
                "sha256:{}",
                crate::log::to_hex(&sha2::Sha256::digest(b"whole"))
            )
        );
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
