//! Cutting a large policy file into pieces that parse on separate threads.
//!
//! A pack of thousands of rules is mostly one long run of rule declarations, and parsing is
//! most of the time it takes to compile. The file is cut only where a line begins with
//! `allow`, `deny` or `review`. These words are reserved: no name, list or clause can consume
//! them, strings and comments end at a line break unless they are malformed, and so in any
//! parse of the whole file such a line starts a new rule. If every piece parses, the
//! declarations of the pieces, in order, are exactly those of the whole file. If any piece
//! fails (a malformed file, or a string continued across lines with `\`), the caller parses
//! the whole file instead, so diagnostics are always those of one sequential parse.
//!
//! (`require` also starts rules but is a clause keyword too, so the file is never cut there.)

/// Pieces smaller than this are not worth a thread: spawning one costs about as much as
/// parsing a few kilobytes.
const MIN_PIECE_BYTES: usize = 64 * 1024;

/// At most this many pieces, however many cores there are.
const MAX_PIECES: usize = 8;

/// How many pieces `len` bytes should be parsed in on this machine: one per available core,
/// each at least [`MIN_PIECE_BYTES`]. On targets without threads, such as
/// `wasm32-unknown-unknown`, this is 1.
pub(super) fn wanted(len: usize) -> usize {
    let most = len / MIN_PIECE_BYTES;
    if most < 2 {
        // Most files: no need to ask the system for its cores (on Linux that reads cgroup
        // files).
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(MAX_PIECES).min(most)
}

/// Byte offsets where `text` may be cut into about `pieces` pieces of similar size, in
/// increasing order; empty when the text has no safe place to cut (see the module
/// documentation).
pub(super) fn cuts(text: &str, pieces: usize) -> Vec<usize> {
    let mut cuts = Vec::new();
    for k in 1..pieces {
        let target = text.len() * k / pieces;
        let from = cuts
            .last()
            .map_or(target, |&last: &usize| target.max(last + 1));
        match next_rule_line(text, from) {
            Some(at) => cuts.push(at),
            None => break,
        }
    }
    cuts
}

/// The first line start at or after `from` whose line begins with `allow`, `deny` or
/// `review` as a whole word.
fn next_rule_line(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        // The start of the next line (or `at` itself, if a line starts there).
        if at > 0 && bytes.get(at - 1) != Some(&b'\n') {
            at += bytes.get(at..)?.iter().position(|&b| b == b'\n')? + 1;
        }
        if at >= bytes.len() {
            return None;
        }
        let indent = bytes[at..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let word = &bytes[at + indent..];
        let starts_rule = [&b"allow"[..], b"deny", b"review"].iter().any(|effect| {
            word.starts_with(effect)
                && word
                    .get(effect.len())
                    .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        });
        if starts_rule {
            return Some(at);
        }
        at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{cuts, next_rule_line};

    #[test]
    fn cuts_only_before_lines_that_start_a_rule() {
        let text = "policy \"T\"\ncategory a\nallow \"x\" when true\n  require encrypt aes\n  deny \"y\" when true\nreview \"z\" when true\n";
        assert_eq!(next_rule_line(text, 0), Some(text.find("allow").unwrap()));
        assert_eq!(next_rule_line(text, 25), Some(text.find("  deny").unwrap()));
        assert_eq!(
            next_rule_line(text, text.find("  deny").unwrap() + 1),
            Some(text.find("review").unwrap())
        );
        assert_eq!(next_rule_line(text, text.find("review").unwrap() + 1), None);
    }

    #[test]
    fn never_cuts_inside_a_word_or_a_line() {
        // `allowed` is a name, `x allow` is not at a line start, and `require` is never cut at.
        let text = "category allowed\nallowed_x\nparty x allow\nrequire \"r\" when true\n";
        assert_eq!(next_rule_line(text, 0), None);
        assert!(cuts(text, 4).is_empty());
    }

    #[test]
    fn small_files_are_never_cut() {
        assert_eq!(super::wanted(0), 1);
        assert_eq!(super::wanted(2 * super::MIN_PIECE_BYTES - 1), 1);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(super::wanted(1 << 30), cores.min(super::MAX_PIECES));
    }

    #[test]
    fn cuts_increase_and_stay_inside_the_text() {
        let rule = "allow \"r\" when data includes a\n";
        let text = format!("policy \"T\"\n{}", rule.repeat(100));
        let found = cuts(&text, 4);
        assert_eq!(found.len(), 3);
        assert!(found.windows(2).all(|w| w[0] < w[1]));
        assert!(found.iter().all(|&c| text[c..].starts_with("allow")));
    }
}
