//! SHA-256 of the data read and of the release written, on a thread of its own.
//!
//! The attestation names both hashes, so every byte the gate reads or writes is hashed: about
//! a sixth of an aggregation's time on one core. The gate itself runs on one thread, so the
//! bytes are copied (much cheaper than hashing them) into blocks that another thread hashes
//! while the gate goes on with the next. Blocks are recycled, and at most a few are in flight:
//! memory stays bounded whatever the file's size. If no thread can be started, the bytes
//! are hashed where they are, to the same digest.

use sha2::{Digest, Sha256};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Bytes gathered before a block is handed over: large enough that handing over costs
/// nothing next to hashing, small enough to keep the two threads in step.
const BLOCK: usize = 256 * 1024;
/// Blocks in flight (and so in memory) at most, besides the one being filled.
const IN_FLIGHT: usize = 4;

/// A running SHA-256, fed with [`Sha256Behind::update`], read with
/// [`Sha256Behind::finish`].
pub struct Sha256Behind(Inner);

enum Inner {
    Behind {
        blocks: Option<SyncSender<Vec<u8>>>,
        spare: Receiver<Vec<u8>>,
        filling: Vec<u8>,
        thread: Option<JoinHandle<[u8; 32]>>,
    },
    Here(Sha256),
}

impl Default for Sha256Behind {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256Behind {
    /// A new hash, with its thread started.
    pub fn new() -> Self {
        let (blocks, to_hash) = sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (give_back, spare) = sync_channel::<Vec<u8>>(IN_FLIGHT + 1);
        let thread = std::thread::Builder::new()
            .name("mandate-sha256".into())
            .spawn(move || {
                let mut hash = Sha256::new();
                for mut block in to_hash {
                    hash.update(&block);
                    block.clear();
                    // The filler may have enough already: a block it does not take is freed.
                    let _ = give_back.try_send(block);
                }
                hash.finalize().into()
            });
        match thread {
            Ok(thread) => Sha256Behind(Inner::Behind {
                blocks: Some(blocks),
                spare,
                filling: Vec::with_capacity(BLOCK),
                thread: Some(thread),
            }),
            Err(_) => Sha256Behind(Inner::Here(Sha256::new())),
        }
    }

    /// Adds `bytes` to what is hashed.
    pub fn update(&mut self, mut bytes: &[u8]) {
        let (blocks, spare, filling) = match &mut self.0 {
            Inner::Here(hash) => return hash.update(bytes),
            Inner::Behind {
                blocks,
                spare,
                filling,
                ..
            } => (blocks, spare, filling),
        };
        while !bytes.is_empty() {
            let room = BLOCK - filling.len();
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            filling.extend_from_slice(now);
            bytes = rest;
            if filling.len() == BLOCK {
                let next = spare
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(BLOCK));
                let full = std::mem::replace(filling, next);
                // The thread only stops when the sender is dropped, so a send fails only if
                // it panicked: then `finish` reports no digest rather than a wrong one.
                if let Some(sender) = blocks.as_ref()
                    && sender.send(full).is_err()
                {
                    *blocks = None;
                }
            }
        }
    }

    /// The digest of everything added; `None` only if the hashing thread failed, which a
    /// caller must treat as an error rather than attest a digest it does not have.
    pub fn finish(mut self) -> Option<[u8; 32]> {
        match &mut self.0 {
            Inner::Here(hash) => Some(std::mem::take(hash).finalize().into()),
            Inner::Behind {
                blocks,
                filling,
                thread,
                ..
            } => {
                let sender = blocks.take()?;
                if !filling.is_empty() {
                    sender.send(std::mem::take(filling)).ok()?;
                }
                drop(sender);
                thread.take()?.join().ok()
            }
        }
    }
}

impl Drop for Sha256Behind {
    fn drop(&mut self) {
        // Dropped without `finish` (an error stopped the run): let the thread end.
        if let Inner::Behind { blocks, thread, .. } = &mut self.0 {
            blocks.take();
            if let Some(t) = thread.take() {
                let _ = t.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same digest as hashing in one piece, whatever the sizes of the pieces (across and
    /// exactly at block boundaries), and for nothing at all.
    #[test]
    fn gives_the_digest_of_the_bytes_whatever_the_pieces() {
        let bytes: Vec<u8> = (0..(3 * BLOCK + 17))
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        let want: [u8; 32] = Sha256::digest(&bytes).into();
        for piece in [1, 7, 4096, BLOCK - 1, BLOCK, BLOCK + 1, bytes.len()] {
            let mut h = Sha256Behind::new();
            for chunk in bytes.chunks(piece) {
                h.update(chunk);
            }
            assert_eq!(h.finish(), Some(want), "pieces of {piece}");
        }
        let empty: [u8; 32] = Sha256::digest(b"").into();
        assert_eq!(Sha256Behind::new().finish(), Some(empty));
        // Dropped unfinished: the thread ends, nothing hangs.
        let mut h = Sha256Behind::new();
        h.update(&bytes);
        drop(h);
    }
}
