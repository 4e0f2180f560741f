//! Helpers shared by the integration tests.
// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A fresh folder under the system's temporary folder, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(test: &str) -> Self {
        let path = std::env::temp_dir().join(format!("mandate-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a temporary folder");
        TempDir(path)
    }

    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a folder in the temporary folder");
        }
        std::fs::write(&path, text).expect("write a file in the temporary folder");
        path
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// `text` with the temporary folder's path replaced by `<tmp>`, for stable snapshots.
    pub fn scrub(&self, text: &str) -> String {
        let shown = self.0.to_string_lossy().replace('\\', "/");
        text.replace(&shown, "<tmp>")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
