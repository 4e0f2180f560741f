//! The log's signing key: Ed25519, kept apart from the log folder, so that someone who can
//! write the folder but does not hold the key cannot rewrite the log without it showing.
//!
//! The secret key lives in a file of its own (`--log-key FILE`, `MANDATE_LOG_KEY`, or
//! `$XDG_CONFIG_HOME/mandate/log-signing.key` by default), created exclusively with owner-only
//! permissions and refused when other users can read it. The log folder keeps only the public
//! key (`key.pub`), which says what the log claims; trust comes from a public key given from
//! outside the log.

use super::{LogError, LogProblem, from_hex, io, to_hex};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How a secret key file starts.
const SECRET_PREFIX: &str = "mandate-log-signing-key ed25519:";
/// How a public key and a signature are written.
const ED25519: &str = "ed25519:";

/// The secret key that signs records and heads.
pub struct LogKey {
    signing: SigningKey,
}

impl std::fmt::Debug for LogKey {
    // Never print the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LogKey({})", self.public())
    }
}

/// A public key: what a signature is checked against.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

impl std::fmt::Display for PublicKey {
    /// `ed25519:` and 64 hex digits.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{ED25519}{}", to_hex(self.0.as_bytes()))
    }
}

impl PublicKey {
    /// Reads `ed25519:<64 hex digits>` (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Result<PublicKey, LogProblem> {
        let bytes = text
            .trim()
            .strip_prefix(ED25519)
            .and_then(from_hex::<32>)
            .ok_or(LogProblem::PublicKeyMalformed)?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| LogProblem::PublicKeyInvalid)
    }

    /// Reads a public key file (as `mandate log key` prints it).
    pub fn read(path: &Path) -> Result<PublicKey, LogError> {
        let text = std::fs::read_to_string(path).map_err(io(path))?;
        PublicKey::parse(&text).map_err(|problem| LogError::at(path, problem))
    }

    /// True when `signature` (`ed25519:<128 hex digits>`) signs `message` under this key.
    /// Strict verification: no malleable or small-order forms.
    pub fn verifies(&self, message: &[u8], signature: &str) -> bool {
        let Some(bytes) = signature.strip_prefix(ED25519).and_then(from_hex::<64>) else {
            return false;
        };
        self.0
            .verify_strict(message, &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

impl LogKey {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Result<LogKey, LogError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| {
            LogError::of(LogProblem::NoRandomness {
                detail: e.to_string(),
            })
        })?;
        Ok(LogKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// Reads a secret key file, refusing one that other users can read or write.
    pub fn load(path: &Path) -> Result<LogKey, LogError> {
        let meta = std::fs::metadata(path).map_err(io(path))?;
        if !meta.is_file() {
            return Err(LogError::at(path, LogProblem::KeyNotAFile));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(LogError::at(
                    path,
                    LogProblem::KeyShared {
                        mode,
                        path: path.display().to_string(),
                    },
                ));
            }
        }
        let text = std::fs::read_to_string(path).map_err(io(path))?;
        let seed = text
            .trim()
            .strip_prefix(SECRET_PREFIX)
            .and_then(from_hex::<32>)
            .ok_or_else(|| {
                LogError::at(
                    path,
                    LogProblem::NotASigningKey {
                        prefix: SECRET_PREFIX,
                    },
                )
            })?;
        Ok(LogKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// Reads the key at `path`, or creates one there if there is none. Returns whether it
    /// was created. The file is created exclusively (never over an existing one) with mode
    /// 0600, in a folder created with mode 0700.
    pub fn load_or_create(path: &Path) -> Result<(LogKey, bool), LogError> {
        match std::fs::metadata(path) {
            Ok(_) => return LogKey::load(path).map(|k| (k, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(path)(e)),
        }
        let key = LogKey::generate()?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let text = format!("{SECRET_PREFIX}{}\n", to_hex(key.signing.as_bytes()));
        // Written whole to a fresh private file, then linked into place: a concurrent
        // creator's key is never overwritten and never read half-written.
        let tmp = dir.join(format!(
            ".{}.tmp-{}-{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("key"),
            std::process::id(),
            unique()
        ));
        let mut file = private_file(&tmp)?;
        let written = file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_all());
        drop(file);
        let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok((key, true)),
            // Another process created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                LogKey::load(path).map(|k| (k, false))
            }
            Err(e) => Err(io(path)(e)),
        }
    }

    /// The public key.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key())
    }

    /// Signs `message`: `ed25519:<128 hex digits>`.
    pub fn sign(&self, message: &[u8]) -> String {
        format!(
            "{ED25519}{}",
            to_hex(&self.signing.sign(message).to_bytes())
        )
    }
}

/// Where the signing key is kept when none is named: `$XDG_CONFIG_HOME/mandate/
/// log-signing.key`, else `~/.config/mandate/log-signing.key`.
pub fn default_key_path() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some(config.join("mandate").join("log-signing.key"))
}

/// The signing key for the log in `log_dir`: the one at `path` (default
/// [`default_key_path`]), created if missing. Refuses a key kept inside the log folder,
/// where whoever can write the log could read it. Returns the key and, when it was created,
/// where.
pub fn signing_key(
    path: Option<&Path>,
    log_dir: &Path,
) -> Result<(LogKey, Option<PathBuf>), LogError> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => default_key_path().ok_or_else(|| LogError::of(LogProblem::NoKeyPlace))?,
    };
    if inside(&path, log_dir) {
        return Err(LogError::at(
            &path,
            LogProblem::KeyInsideLog {
                log: log_dir.display().to_string(),
            },
        ));
    }
    let (key, created) = LogKey::load_or_create(&path)?;
    Ok((key, created.then_some(path)))
}

/// True when `path` is in `dir` (or below it), comparing canonical forms where they exist.
fn inside(path: &Path, dir: &Path) -> bool {
    let canonical = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty())?;
            Some(std::fs::canonicalize(parent).ok()?.join(p.file_name()?))
        })
    };
    match (canonical(path), canonical(dir)) {
        (Some(p), Some(d)) => p.starts_with(d),
        _ => false,
    }
}

fn unique() -> u64 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn create_private_dir(dir: &Path) -> Result<(), LogError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io(dir))
}

fn private_file(path: &Path) -> Result<std::fs::File, LogError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_under_their_key_and_message() {
        let key = LogKey::generate().unwrap();
        let other = LogKey::generate().unwrap();
        let sig = key.sign(b"seq 3");
        assert!(key.public().verifies(b"seq 3", &sig));
        assert!(!key.public().verifies(b"seq 4", &sig));
        assert!(!other.public().verifies(b"seq 3", &sig));
        assert!(!key.public().verifies(b"seq 3", "ed25519:00"));
        let shown = key.public().to_string();
        assert_eq!(PublicKey::parse(&shown).unwrap(), key.public());
        assert!(!format!("{key:?}").contains(&to_hex(key.signing.as_bytes())));
    }
}
