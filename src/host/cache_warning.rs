//! Why the precompiled-module cache was passed over, as typed values: a plugin loads in spite
//! of every one of them (it is compiled instead), and `words::cache_warning` puts them into
//! words in the reader's language.

use std::path::PathBuf;

/// A problem with the cache that did not stop the plugin: it was compiled without the entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheWarning {
    /// The cache could not be used at all; the plugin was compiled without it.
    NotOpened(CacheProblem),
    /// An entry was refused; the plugin was compiled again and the entry replaced.
    Refused {
        /// The entry's file.
        entry: PathBuf,
        /// Why it was refused.
        why: EntryProblem,
    },
    /// An entry that verified, but that wasmtime would not load; compiled again.
    DoesNotLoad {
        /// The entry's file.
        entry: PathBuf,
        /// wasmtime's own words.
        detail: String,
    },
    /// The fresh entry could not be written (the plugin itself is loaded).
    NotWritten {
        /// The entry's file.
        entry: PathBuf,
        /// The operating system's words.
        detail: String,
    },
    /// wasmtime could not serialise the compiled module, so nothing was cached.
    NotSerialised {
        /// wasmtime's own words.
        detail: String,
    },
}

/// Why the cache (its folder or its key) cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheProblem {
    /// Neither `MANDATE_CACHE_KEY`, `XDG_CONFIG_HOME` nor `HOME` gives the key a place.
    NoPlaceForKey,
    /// The key would sit among the entries it authenticates.
    KeyInsideFolder {
        /// The key's file.
        key: PathBuf,
        /// The cache folder.
        folder: PathBuf,
    },
    /// The cache folder, or the key's folder, cannot be trusted or made.
    Folder {
        /// Which folder.
        of: FolderOf,
        /// Its path.
        folder: PathBuf,
        /// What is wrong with it.
        problem: FolderProblem,
    },
    /// The key cannot be used or made.
    Key {
        /// The key's file.
        key: PathBuf,
        /// What is wrong with it.
        problem: KeyProblem,
    },
}

/// The two folders the cache needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderOf {
    /// The folder of the entries.
    Cache,
    /// The folder the key is in.
    Key,
}

/// What is wrong with a folder of the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FolderProblem {
    /// It cannot be created (the operating system's words).
    NotCreated(String),
    /// Its metadata cannot be read (the operating system's words).
    NotRead(String),
    /// Something else than a folder is at its name.
    NotAFolder,
    /// Another user owns it.
    OtherOwner {
        /// The owner's user id.
        uid: u32,
    },
    /// Group or others can write in it.
    WritableByOthers {
        /// Its permission bits.
        mode: u32,
    },
}

/// What is wrong with the cache key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// The key file is there but cannot be used.
    Unusable(FileProblem),
    /// The operating system gave no randomness for a new key.
    NoRandomness(String),
    /// A new key file cannot be written (the operating system's words).
    NotCreated(String),
}

/// What is wrong with a file the cache reads back (an entry or the key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// It cannot be opened or read (the operating system's words).
    Io(String),
    /// It is not a regular file (a folder, a FIFO, a device).
    NotRegular,
    /// It is larger than anything the cache writes.
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The most the cache reads.
        limit: u64,
    },
    /// It grew while it was being read.
    Grew,
    /// Another user owns it.
    OtherOwner {
        /// The owner's user id.
        uid: u32,
    },
    /// Group or others can read or write it.
    OthersCanAccess {
        /// Its permission bits.
        mode: u32,
    },
    /// A key shorter than 32 bytes.
    Short,
    /// A key longer than 32 bytes.
    Long,
}

/// Why a cache entry is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryProblem {
    /// It cannot be read.
    Unreadable(FileProblem),
    /// It does not start as a mandate cache entry.
    NotAnEntry,
    /// Its authentication tag does not match: altered, or made for another plugin or key.
    TagMismatch,
}

impl std::fmt::Display for CacheWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::words::cache_warning(crate::words::Lang::EN, self))
    }
}
