//! Precompiled modules on disk, so the second start of a plugin skips compilation.
//!
//! Loading precompiled code maps it as native code and runs it outside the WASM sandbox:
//! wasmtime only checks that the file's header names its own version and settings. So an
//! entry is used only when it carries a valid HMAC-SHA-256 tag made with a secret key that
//! never sits in the cache folder. The tag covers the whole entry and binds it to the sha256
//! of the plugin's bytes and to wasmtime's compatibility hash: an entry that was patched,
//! truncated, or copied from another plugin's key fails, and is ignored, compiled again and
//! replaced, with a warning. The entry is read into memory, verified there, and those same
//! bytes are deserialised, so it cannot be swapped between the check and the load.
//!
//! Entry layout: [`MAGIC`] (16 bytes), the tag (32 bytes), then wasmtime's serialised module.
//!
//! The key (32 random bytes) is `MANDATE_CACHE_KEY`, else `$XDG_CONFIG_HOME/mandate/cache.key`,
//! else `~/.config/mandate/cache.key`: a configuration folder, not a cache one, so that a
//! cache restored from elsewhere (a CI cache, a shared volume) never brings its own key. It is
//! created once, exclusively, readable by its owner only; a key other users can read or
//! write is refused. On unix, a cache folder (or the key's folder) that another user owns or
//! that group or others can write is refused too: the plugin is then compiled without the
//! cache, and the warning says how to fix the permissions. Entries are written to a temporary
//! file with an unpredictable name created exclusively (`O_EXCL`) in the cache folder itself,
//! then renamed into place.

use super::cache_warning::{
    CacheProblem, CacheWarning, EntryProblem, FileProblem, FolderOf, FolderProblem, KeyProblem,
};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use wasmtime::{Engine, Module};

/// The first bytes of every cache entry (format version 1).
const MAGIC: &[u8; 16] = b"mandate-cwasm-v1";
/// The length of an HMAC-SHA-256 tag, and of the key.
const TAG_BYTES: usize = 32;
/// The largest cache entry read back: far more than a module within the compile budget
/// compiles to, and a bound on what a damaged entry can make us read.
const MAX_ENTRY_BYTES: u64 = 1 << 30;

type HmacSha256 = Hmac<Sha256>;

/// `MANDATE_CACHE_DIR`, else the user's cache folder (`$XDG_CACHE_HOME/mandate`, else
/// `~/.cache/mandate`); `None` if there is no home to put it in.
pub fn default_cache_dir() -> Option<PathBuf> {
    var("MANDATE_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("mandate")))
        .or_else(|| var("HOME").map(|d| d.join(".cache").join("mandate")))
}

/// `MANDATE_CACHE_KEY`, else the user's configuration folder
/// (`$XDG_CONFIG_HOME/mandate/cache.key`, else `~/.config/mandate/cache.key`): the secret
/// that authenticates cache entries, kept apart from the cache itself.
pub fn default_cache_key() -> Option<PathBuf> {
    var("MANDATE_CACHE_KEY")
        .or_else(|| var("XDG_CONFIG_HOME").map(|d| d.join("mandate").join("cache.key")))
        .or_else(|| var("HOME").map(|d| d.join(".config").join("mandate").join("cache.key")))
}

fn var(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The module for `bytes`: from the cache when it holds an entry that verifies, else compiled
/// (and stored, if `dir` is given). Problems with the cache never stop the plugin: they are
/// pushed onto `warnings` and the module is compiled without it.
// The crate denies `unsafe_code`; this is its one exception. `Module::deserialize` has no
// safe form (wasmtime trusts serialized modules to be its own output), and it is sound here
// because it only ever sees bytes whose HMAC tag verified first (see the SAFETY note below).
#[allow(unsafe_code)]
pub(crate) fn load(
    engine: &Engine,
    bytes: &[u8],
    dir: Option<&Path>,
    key: Option<&Path>,
    warnings: &mut Vec<CacheWarning>,
) -> wasmtime::Result<Module> {
    let Some(dir) = dir else {
        return Module::new(engine, bytes);
    };
    let cache = match Cache::open(dir, key) {
        Ok(cache) => cache,
        Err(why) => {
            warnings.push(CacheWarning::NotOpened(why));
            return Module::new(engine, bytes);
        }
    };
    let binding = Binding::new(engine, bytes);
    let path = dir.join(format!("{}.cwasm", binding.name()));
    match cache.read(&path, &binding) {
        Entry::Missing => {}
        Entry::Verified(serialized) => {
            // SAFETY: `Module::deserialize` runs the bytes as native code, so they must have
            // been written by `Module::serialize` of a compatible engine. These are: they
            // carry an HMAC tag that only a holder of the key (kept outside the cache folder,
            // readable by this user only) can make, over these very bytes (held in memory,
            // so the file cannot change after the check), bound to this module's sha256 and
            // this engine's compatibility hash, and the tag is made only in `store` below,
            // right after this host compiled the module itself.
            match unsafe { Module::deserialize(engine, &serialized) } {
                Ok(module) => return Ok(module),
                Err(e) => warnings.push(CacheWarning::DoesNotLoad {
                    entry: path.clone(),
                    detail: format!("{e:#}"),
                }),
            }
        }
        Entry::Refused(why) => warnings.push(CacheWarning::Refused {
            entry: path.clone(),
            why,
        }),
    }
    let module = Module::new(engine, bytes)?;
    match module.serialize() {
        Ok(serialized) => {
            if let Err(e) = cache.store(&path, &binding, &serialized) {
                warnings.push(CacheWarning::NotWritten {
                    entry: path,
                    detail: e.to_string(),
                });
            }
        }
        Err(e) => warnings.push(CacheWarning::NotSerialised {
            detail: format!("{e:#}"),
        }),
    }
    Ok(module)
}

/// What a cache entry is bound to: the plugin's bytes and the engine that compiled them.
struct Binding {
    /// sha256 of the module's bytes.
    module: [u8; 32],
    /// sha256 of wasmtime's compatibility hash (its version and the settings that shape code).
    engine: [u8; 32],
}

impl Binding {
    fn new(engine: &Engine, bytes: &[u8]) -> Binding {
        let mut compat = Sha256Hasher(Sha256::new());
        engine.precompile_compatibility_hash().hash(&mut compat);
        Binding {
            module: Sha256::digest(bytes).into(),
            engine: compat.0.finalize().into(),
        }
    }

    /// The entry's file name: both digests, so that a new wasmtime or a changed setting
    /// looks for a new entry instead of failing on the old one.
    fn name(&self) -> String {
        format!("{}-{}", hex(&self.module), hex(&self.engine[..8]))
    }

    /// The tag of an entry holding `serialized`.
    fn tag(&self, key: &[u8; TAG_BYTES], serialized: &[u8]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
        mac.update(MAGIC);
        mac.update(&self.module);
        mac.update(&self.engine);
        mac.update(&(serialized.len() as u64).to_le_bytes());
        mac.update(serialized);
        mac
    }
}

/// Feeds what `Hash` writes into sha256, so the compatibility hash becomes a digest that does
/// not depend on the standard library's hasher of the day.
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        u64::from_le_bytes(digest[..8].try_into().expect("8 bytes"))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A cache folder that only its user can write, and the key that authenticates its entries.
struct Cache {
    dir: PathBuf,
    key: [u8; TAG_BYTES],
}

/// What reading an entry found.
enum Entry {
    /// No entry yet.
    Missing,
    /// The serialised module of an entry whose tag verified.
    Verified(Vec<u8>),
    /// An entry that must not be used, and why.
    Refused(EntryProblem),
}

impl Cache {
    /// Opens (creating if needed) the cache folder and the key, refusing either when other
    /// users could change them.
    fn open(dir: &Path, key: Option<&Path>) -> Result<Cache, CacheProblem> {
        let key_path = key
            .map(Path::to_path_buf)
            .or_else(default_cache_key)
            .ok_or(CacheProblem::NoPlaceForKey)?;
        if key_path.starts_with(dir) {
            return Err(CacheProblem::KeyInsideFolder {
                key: key_path,
                folder: dir.to_path_buf(),
            });
        }
        private_dir(dir, FolderOf::Cache)?;
        let key = key::load_or_create(&key_path)?;
        Ok(Cache {
            dir: dir.to_path_buf(),
            key,
        })
    }

    /// Reads and verifies the entry at `path`; only verified bytes leave this function.
    fn read(&self, path: &Path, binding: &Binding) -> Entry {
        let bytes = match read_regular_file(path, MAX_ENTRY_BYTES) {
            Ok(bytes) => bytes,
            Err(Unread::Missing) => return Entry::Missing,
            Err(Unread::Problem(p)) => return Entry::Refused(EntryProblem::Unreadable(p)),
        };
        let header = MAGIC.len() + TAG_BYTES;
        if bytes.len() < header || &bytes[..MAGIC.len()] != MAGIC {
            return Entry::Refused(EntryProblem::NotAnEntry);
        }
        let (tag, serialized) = bytes[MAGIC.len()..].split_at(TAG_BYTES);
        if binding
            .tag(&self.key, serialized)
            .verify_slice(tag)
            .is_err()
        {
            return Entry::Refused(EntryProblem::TagMismatch);
        }
        Entry::Verified(serialized.to_vec())
    }

    /// Writes an entry through a temporary file created exclusively, under a name nobody can
    /// guess, in the cache folder itself, then renamed into place: a concurrent reader never
    /// sees half an entry, and nothing planted at a temporary name is ever followed.
    fn store(&self, path: &Path, binding: &Binding, serialized: &[u8]) -> std::io::Result<()> {
        let tag = binding.tag(&self.key, serialized).finalize().into_bytes();
        let mut entry = Vec::with_capacity(MAGIC.len() + TAG_BYTES + serialized.len());
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(&tag);
        entry.extend_from_slice(serialized);
        write_atomically(&self.dir, path, &entry)
    }
}

/// Writes `bytes` to `path` through a fresh temporary file in `dir`, then a rename.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (temporary, mut file) = create_temporary(dir)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// A new file in `dir`, readable by its owner only, with a random name, created exclusively
/// (`O_CREAT | O_EXCL`: it fails rather than open or follow anything already there).
fn create_temporary(dir: &Path) -> std::io::Result<(PathBuf, File)> {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(std::io::Error::other)?;
    let path = dir.join(format!(".tmp-{}", hex(&random)));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path)?;
    Ok((path, file))
}

/// Reads a regular file (never through a symbolic link at its own name) of at most `limit`
/// bytes.
fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, Unread> {
    let file = open_no_follow(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(FileProblem::NotRegular.into());
    }
    if metadata.len() > limit {
        return Err(FileProblem::TooLarge {
            bytes: metadata.len(),
            limit,
        }
        .into());
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FileProblem::Grew.into());
    }
    Ok(bytes)
}

/// Why a file the cache reads back was not read: absent (not a problem in itself), or a
/// problem to warn about.
#[derive(Debug)]
enum Unread {
    /// Nothing at its name.
    Missing,
    /// Something is there that cannot be used.
    Problem(FileProblem),
}

impl From<std::io::Error> for Unread {
    fn from(e: std::io::Error) -> Unread {
        match e.kind() {
            std::io::ErrorKind::NotFound => Unread::Missing,
            _ => Unread::Problem(FileProblem::Io(e.to_string())),
        }
    }
}

impl From<FileProblem> for Unread {
    fn from(p: FileProblem) -> Unread {
        Unread::Problem(p)
    }
}

/// Opens `path` for reading, failing if its last component is a symbolic link.
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: a FIFO planted at the name must not make the open wait forever.
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32);
    }
    options.open(path)
}

/// Creates `dir` (owner-only) if needed, and refuses it if another user could write in it.
fn private_dir(dir: &Path, of: FolderOf) -> Result<(), CacheProblem> {
    let problem = |problem| CacheProblem::Folder {
        of,
        folder: dir.to_path_buf(),
        problem,
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| problem(FolderProblem::NotCreated(e.to_string())))?;
    let metadata =
        std::fs::metadata(dir).map_err(|e| problem(FolderProblem::NotRead(e.to_string())))?;
    if !metadata.is_dir() {
        return Err(problem(FolderProblem::NotAFolder));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let me = rustix::process::geteuid().as_raw();
        if metadata.uid() != me {
            return Err(problem(FolderProblem::OtherOwner {
                uid: metadata.uid(),
            }));
        }
        let mode = metadata.mode() & 0o777;
        if mode & 0o022 != 0 {
            return Err(problem(FolderProblem::WritableByOthers { mode }));
        }
    }
    Ok(())
}

/// The secret key: read, or created once.
mod key {
    use super::{
        CacheProblem, FileProblem, FolderOf, KeyProblem, TAG_BYTES, Unread, create_temporary,
        open_no_follow, private_dir,
    };
    use std::io::{Read, Write};
    use std::path::Path;

    /// Reads the key at `path`, creating it if there is none.
    pub(super) fn load_or_create(path: &Path) -> Result<[u8; TAG_BYTES], CacheProblem> {
        let problem = |problem| CacheProblem::Key {
            key: path.to_path_buf(),
            problem,
        };
        match read(path) {
            Err(Unread::Missing) => {}
            Ok(key) => return Ok(key),
            Err(Unread::Problem(p)) => return Err(problem(KeyProblem::Unusable(p))),
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        private_dir(dir, FolderOf::Key)?;
        let mut key = [0u8; TAG_BYTES];
        getrandom::fill(&mut key).map_err(|e| problem(KeyProblem::NoRandomness(e.to_string())))?;
        let cannot = |e: std::io::Error| problem(KeyProblem::NotCreated(e.to_string()));
        let (temporary, mut file) = create_temporary(dir).map_err(cannot)?;
        let written = file.write_all(&key).and_then(|()| file.sync_all());
        // A hard link never replaces an existing file: if another process made the key in
        // the meantime, theirs is kept and read back, so both use the same one.
        let linked = written.and_then(|()| std::fs::hard_link(&temporary, path));
        let _ = std::fs::remove_file(&temporary);
        match linked {
            Ok(()) => Ok(key),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match read(path) {
                Ok(key) => Ok(key),
                // Made and then removed at once by someone else: not a key to use.
                Err(Unread::Missing) => Err(cannot(e)),
                Err(Unread::Problem(p)) => Err(problem(KeyProblem::Unusable(p))),
            },
            Err(e) => Err(cannot(e)),
        }
    }

    /// Reads a key file, refusing one that is not a regular file of 32 bytes, that belongs
    /// to another user, or that group or others can read or write.
    fn read(path: &Path) -> Result<[u8; TAG_BYTES], Unread> {
        let mut file = open_no_follow(path)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return Err(FileProblem::NotRegular.into());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if metadata.uid() != rustix::process::geteuid().as_raw() {
                return Err(FileProblem::OtherOwner {
                    uid: metadata.uid(),
                }
                .into());
            }
            let mode = metadata.mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(FileProblem::OthersCanAccess { mode }.into());
            }
        }
        let mut key = [0u8; TAG_BYTES];
        let mut extra = [0u8; 1];
        file.read_exact(&mut key)
            .map_err(|_| Unread::Problem(FileProblem::Short))?;
        if file.read(&mut extra)? != 0 {
            return Err(FileProblem::Long.into());
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temporary folder, removed at the end.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let mut random = [0u8; 8];
            getrandom::fill(&mut random).expect("random");
            let dir = std::env::temp_dir().join(format!("mandate-cache-{name}-{}", hex(&random)));
            std::fs::create_dir_all(&dir).expect("scratch folder");
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const MODULE: &str = r#"(module (func (export "f") (result i32) (i32.const 7)))"#;

    fn module_bytes() -> Vec<u8> {
        wat::parse_str(MODULE).expect("valid WAT")
    }

    #[test]
    fn the_name_changes_with_the_module_bytes() {
        let engine = Engine::default();
        assert_ne!(
            Binding::new(&engine, b"a").name(),
            Binding::new(&engine, b"b").name()
        );
        assert_eq!(
            Binding::new(&engine, b"a").name(),
            Binding::new(&engine, b"a").name()
        );
    }

    #[test]
    fn an_entry_verifies_only_for_its_module_and_key() {
        let scratch = Scratch::new("verify");
        let cache_dir = scratch.0.join("cache");
        let engine = Engine::default();
        let a = Binding::new(&engine, b"a");
        let b = Binding::new(&engine, b"b");
        let cache = Cache::open(&cache_dir, Some(&scratch.0.join("one.key"))).expect("opens");
        let path = cache_dir.join("entry.cwasm");
        cache.store(&path, &a, b"code").expect("stored");
        assert!(matches!(cache.read(&path, &a), Entry::Verified(v) if v == b"code"));
        assert!(matches!(cache.read(&path, &b), Entry::Refused(_)));
        let other = Cache::open(&cache_dir, Some(&scratch.0.join("two.key"))).expect("opens");
        assert!(matches!(other.read(&path, &a), Entry::Refused(_)));
        // One flipped bit anywhere in the file is refused.
        let genuine = std::fs::read(&path).expect("entry");
        for at in [0, MAGIC.len(), MAGIC.len() + TAG_BYTES, genuine.len() - 1] {
            let mut patched = genuine.clone();
            patched[at] ^= 1;
            std::fs::write(&path, &patched).expect("patch");
            assert!(
                matches!(cache.read(&path, &a), Entry::Refused(_)),
                "byte {at}"
            );
        }
        std::fs::write(&path, &genuine[..genuine.len() - 1]).expect("truncate");
        assert!(matches!(cache.read(&path, &a), Entry::Refused(_)));
    }

    #[test]
    fn the_key_is_made_once_with_owner_only_permissions() {
        let scratch = Scratch::new("key");
        let key_path = scratch.0.join("config").join("cache.key");
        let first = key::load_or_create(&key_path).expect("created");
        let second = key::load_or_create(&key_path).expect("read back");
        assert_eq!(first, second);
        assert_ne!(first, [0u8; TAG_BYTES]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key_path)
                .expect("key")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // No temporary file is left beside it.
        let files = std::fs::read_dir(key_path.parent().expect("folder"))
            .expect("listing")
            .count();
        assert_eq!(files, 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_key_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let scratch = Scratch::new("loose-key");
        let key_path = scratch.0.join("cache.key");
        key::load_or_create(&key_path).expect("created");
        std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let err = key::load_or_create(&key_path).expect_err("refused");
        assert_eq!(
            err,
            CacheProblem::Key {
                key: key_path.clone(),
                problem: KeyProblem::Unusable(FileProblem::OthersCanAccess { mode: 0o644 })
            }
        );
        // A symbolic link at the key's name is not followed.
        let link = scratch.0.join("link.key");
        std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        std::os::unix::fs::symlink(&key_path, &link).expect("symlink");
        assert!(key::load_or_create(&link).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_folder_others_can_write_is_not_used() {
        use std::os::unix::fs::PermissionsExt;
        let scratch = Scratch::new("shared");
        let cache_dir = scratch.0.join("cache");
        std::fs::create_dir(&cache_dir).expect("folder");
        std::fs::set_permissions(&cache_dir, std::fs::Permissions::from_mode(0o777))
            .expect("chmod");
        let mut warnings = Vec::new();
        let engine = Engine::default();
        let key_path = scratch.0.join("cache.key");
        load(
            &engine,
            &module_bytes(),
            Some(&cache_dir),
            Some(&key_path),
            &mut warnings,
        )
        .expect("compiles");
        assert_eq!(
            warnings,
            [CacheWarning::NotOpened(CacheProblem::Folder {
                of: FolderOf::Cache,
                folder: cache_dir.clone(),
                problem: FolderProblem::WritableByOthers { mode: 0o777 }
            })]
        );
        assert_eq!(std::fs::read_dir(&cache_dir).expect("listing").count(), 0);
    }

    #[test]
    fn a_key_inside_the_cache_folder_is_refused() {
        let scratch = Scratch::new("key-inside");
        let err = Cache::open(&scratch.0, Some(&scratch.0.join("cache.key")))
            .err()
            .expect("refused");
        assert!(
            matches!(err, CacheProblem::KeyInsideFolder { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn temporary_names_are_unpredictable_and_never_reused() {
        let scratch = Scratch::new("temporary");
        let (a, _) = create_temporary(&scratch.0).expect("first");
        let (b, _) = create_temporary(&scratch.0).expect("second");
        assert_ne!(a, b);
        assert!(a.file_name().expect("name").len() > 30);
    }

    #[test]
    fn a_second_load_uses_the_entry_and_a_damaged_one_is_rebuilt_with_a_warning() {
        let scratch = Scratch::new("reload");
        let cache_dir = scratch.0.join("cache");
        let key_path = scratch.0.join("cache.key");
        let engine = Engine::default();
        let bytes = module_bytes();
        let mut warnings = Vec::new();
        let load = |warnings: &mut Vec<CacheWarning>| {
            load(&engine, &bytes, Some(&cache_dir), Some(&key_path), warnings).expect("loads")
        };
        load(&mut warnings);
        load(&mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        let entry = std::fs::read_dir(&cache_dir)
            .expect("listing")
            .next()
            .expect("an entry")
            .expect("readable")
            .path();
        let genuine = std::fs::read(&entry).expect("entry");
        let mut patched = genuine.clone();
        let middle = patched.len() / 2;
        patched[middle] ^= 0xff;
        std::fs::write(&entry, &patched).expect("patch");
        load(&mut warnings);
        assert_eq!(
            warnings,
            [CacheWarning::Refused {
                entry: entry.clone(),
                why: EntryProblem::TagMismatch
            }]
        );
        // Rebuilt: the entry verifies again (the tag is made with the same key and module).
        warnings.clear();
        load(&mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}
