//! Reading a large map's TOML on every core: the text is cut at lines that are exactly
//! `[[transfer]]`, the pieces are parsed on their own threads and joined in file order.
//!
//! A cut is only kept when it is certainly a table header, and the result is then the same
//! as reading the whole text at once, positions included:
//! - A line inside a multi-line string, array or inline table is never a header. If a cut
//!   falls on such a line, the construct is opened in the piece before the cut and closed
//!   only after it, so that piece does not parse; any piece that does not parse sends the
//!   whole text to the one-piece reader, which reports the error at its exact place.
//! - The head (everything before the first cut) may not name `transfer` at all: a static
//!   array `transfer = [...]` cannot be appended to by `[[transfer]]` headers, and reading
//!   the pieces apart would hide that error.
//! - A piece after a cut may hold only transfers (`[[transfer]]` headers and their own
//!   sub-tables): any other table, such as a `[[system]]` written after the transfers, sends
//!   the text to the one-piece reader.
//! - Every position (a name's span) read in a piece is moved by the piece's start, so errors
//!   found when the map is checked point at the same `file:line:column`.

use super::file::{Dataset, MapFile, System, Transfer};
use serde::Deserialize;
use toml::Spanned;

/// The smallest piece worth a thread: below this, splitting costs more than it saves.
const MIN_PIECE: usize = 64 * 1024;

/// What precedes the first transfer: [`MapFile`] without `transfer`, so that a `transfer`
/// key there is refused (see the module's documentation).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    name: String,
    at: String,
    #[serde(default)]
    response: Option<String>,
    #[serde(default, rename = "system")]
    systems: Vec<System>,
    #[serde(default, rename = "dataset")]
    datasets: Vec<Dataset>,
}

/// A piece after a cut: transfers and nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    #[serde(rename = "transfer")]
    transfers: Vec<Transfer>,
}

/// Reads a map's TOML text, on every thread of the current rayon pool when it is large
/// (feature `parallel`); the same result as `toml::from_str` in every case.
pub(super) fn parse(text: &str) -> Result<MapFile, toml::de::Error> {
    let pieces = pieces_wanted(text.len());
    if pieces > 1
        && let Some(map) = parse_in_pieces(text, pieces, MIN_PIECE)
    {
        return Ok(map);
    }
    toml::from_str(text)
}

/// How many pieces to cut `len` bytes into: a few per thread (the pieces differ in cost),
/// none smaller than [`MIN_PIECE`]; one on a single thread.
fn pieces_wanted(len: usize) -> usize {
    #[cfg(feature = "parallel")]
    {
        let threads = rayon::current_num_threads();
        if threads <= 1 {
            return 1;
        }
        (len / MIN_PIECE).clamp(1, threads * 4)
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = len;
        1
    }
}

/// The start of the first line at or after byte `from` (a line start) that is exactly
/// `[[transfer]]`, ended by `\n` or `\r\n`.
fn header_at(text: &str, from: usize) -> Option<usize> {
    const HEADER: &str = "[[transfer]]";
    let mut at = from;
    loop {
        let found = at + text.get(at..)?.find(HEADER)?;
        let line_start = found == 0 || text.as_bytes()[found - 1] == b'\n';
        let rest = &text[found + HEADER.len()..];
        if line_start && (rest.starts_with('\n') || rest.starts_with("\r\n")) {
            return Some(found);
        }
        at = found + HEADER.len();
    }
}

/// Where each piece after the head starts: the first `[[transfer]]` line, then the first
/// such line after each `k`-th of the text, each piece at least `min` bytes.
fn cuts(text: &str, pieces: usize, min: usize) -> Option<Vec<usize>> {
    let first = header_at(text, 0)?;
    if first == 0 {
        return None; // no head: the one-piece reader says what is missing
    }
    let mut cuts = vec![first];
    for k in 1..pieces {
        let target = (text.len() / pieces * k).max(cuts[cuts.len() - 1] + min);
        if target >= text.len() {
            break;
        }
        // `target` may fall inside a line or a character: look from the next line's start.
        let Some(newline) = text.as_bytes()[target..].iter().position(|&b| b == b'\n') else {
            break;
        };
        match header_at(text, target + newline + 1) {
            Some(cut) if text.len() - cut >= min => cuts.push(cut),
            _ => break,
        }
    }
    Some(cuts)
}

/// A piece read on its own.
enum Read {
    Head(Head),
    Part(Vec<Transfer>),
}

/// The map read in pieces of about `text.len() / pieces` bytes (at least `min` each), or
/// `None` when the text cannot be cut with certainty or some piece does not parse.
fn parse_in_pieces(text: &str, pieces: usize, min: usize) -> Option<MapFile> {
    parse_cut(text, &cuts(text, pieces, min)?)
}

/// The map read in pieces starting at `cuts` (after the head), or `None` when some piece
/// does not parse as what it must be.
fn parse_cut(text: &str, cuts: &[usize]) -> Option<MapFile> {
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for &cut in cuts {
        ranges.push(start..cut);
        start = cut;
    }
    ranges.push(start..text.len());
    let read = super::analyse::in_order(&ranges, |range| {
        let piece = &text[range.clone()];
        if range.start == 0 {
            toml::from_str::<Head>(piece).ok().map(Read::Head)
        } else {
            let mut part = toml::from_str::<Part>(piece).ok()?;
            for t in &mut part.transfers {
                shift_transfer(t, range.start);
            }
            Some(Read::Part(part.transfers))
        }
    });
    let mut read = read.into_iter();
    let Some(Some(Read::Head(head))) = read.next() else {
        return None;
    };
    let mut parts = Vec::with_capacity(ranges.len() - 1);
    for piece in read {
        let Some(Read::Part(part)) = piece else {
            return None;
        };
        parts.push(part);
    }
    // Moved once into a list of the right size, not grown piece by piece.
    let mut transfers = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        transfers.extend(part);
    }
    Some(MapFile {
        name: head.name,
        at: head.at,
        response: head.response,
        systems: head.systems,
        datasets: head.datasets,
        transfers,
    })
}

/// Moves `value`'s span `by` bytes on.
fn shift<T: Default>(value: &mut Spanned<T>, by: usize) {
    let span = value.span();
    let inner = std::mem::take(value.get_mut());
    *value = Spanned::new(span.start + by..span.end + by, inner);
}

/// Moves every span of a transfer read in a piece starting at byte `by`.
fn shift_transfer(t: &mut Transfer, by: usize) {
    // Destructured whole, so that a new field of `Transfer` must be considered here.
    let Transfer {
        name: _,
        from,
        to,
        datasets,
        categories,
        purpose,
        basis: _,
        agreement,
        approvals: _,
        dpia,
        description: _,
    } = t;
    shift(from, by);
    shift(to, by);
    shift(purpose, by);
    for list in [datasets, categories].into_iter().flatten() {
        for name in list {
            shift(name, by);
        }
    }
    if let Some(a) = agreement {
        shift(a, by);
    }
    if let Some(d) = dpia {
        shift(d, by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The map read whole, as its `Debug` rendering (spans included) or its error.
    fn whole(text: &str) -> String {
        match toml::from_str::<MapFile>(text) {
            Ok(m) => format!("{m:?}"),
            Err(e) => format!("error: {e}"),
        }
    }

    /// Every header line of `text` (after the first) tried alone as a cut, then all of them
    /// at once: each read in pieces is the map read whole, or is not used. Returns whether
    /// any was used.
    fn every_cut_agrees(text: &str) -> bool {
        let whole = whole(text);
        let mut headers = Vec::new();
        let mut at = 0;
        while let Some(h) = header_at(text, at) {
            headers.push(h);
            at = h + 1;
        }
        let mut used = false;
        let mut tries: Vec<Vec<usize>> = (1..headers.len())
            .map(|i| vec![headers[0], headers[i]])
            .collect();
        tries.push(headers.clone());
        for cuts in tries {
            if let Some(m) = parse_cut(text, &cuts) {
                assert_eq!(format!("{m:?}"), whole, "cut at {cuts:?}");
                used = true;
            }
        }
        used
    }

    const HEAD: &str = "name = \"m\"\nat = \"2026-05-01\"\n\n[[system]]\nname = \"a\"\nparty = \"unhcr_ke\"\n\n[[dataset]]\nname = \"d\"\ncollected_at = \"a\"\ncategories = [\"personal.identity\"]\npurpose = \"assistance.registration\"\n\n";

    fn transfer(i: usize) -> String {
        format!(
            "[[transfer]]\nfrom = \"a{i}\"\nto = \"b\"\npurpose = \"p\"\ncategories = [\"c\", \"é{i}\"]\ndatasets = [\"d\"]\nagreement = \"x\"\ndpia = {{ ref = \"D-{i}\" }}\n\n"
        )
    }

    fn map(transfers: usize) -> String {
        let mut text = HEAD.to_owned();
        for i in 0..transfers {
            text.push_str(&transfer(i));
        }
        text
    }

    #[test]
    fn a_map_read_in_pieces_is_the_map_read_whole_spans_included() {
        let text = map(40);
        let cuts = cuts(&text, 8, 1).unwrap_or_default();
        assert!(cuts.len() >= 6, "{cuts:?}");
        let pieces = parse_in_pieces(&text, 8, 1).map(|m| format!("{m:?}"));
        assert_eq!(pieces, Some(whole(&text)));
        assert!(every_cut_agrees(&text));
        // A sub-table of the last transfer before a cut stays with it; CRLF lines too.
        let text = map(12).replace(
            "dpia = { ref = \"D-7\" }\n",
            "\n[transfer.dpia]\nref = \"D-7\"\n",
        );
        assert!(whole(&text).contains("D-7"));
        assert!(every_cut_agrees(&text));
        assert!(every_cut_agrees(&map(12).replace('\n', "\r\n")));
    }

    /// A line `[[transfer]]` inside a multi-line string (or array, or inline table) is not
    /// a header: the piece before it does not parse, and the whole text is read at once.
    #[test]
    fn a_header_inside_a_multi_line_string_is_not_a_cut() {
        for quote in ["\"\"\"", "'''"] {
            let mut text = map(5);
            let string = format!(
                "[[transfer]]\nfrom = \"q\"\nto = \"b\"\npurpose = \"p\"\ndescription = {quote}\n[[transfer]]\nfrom = \"hidden\"\n[[transfer]]\n{quote}\n\n"
            );
            let inside = text.len() + string.find("\n[[transfer]]").unwrap_or(0) + 1;
            text.push_str(&string);
            text.push_str(&map(5)[HEAD.len()..]);
            let whole = whole(&text);
            assert!(
                whole.contains("hidden") && !whole.starts_with("error"),
                "{whole}"
            );
            let first = header_at(&text, 0).unwrap_or(0);
            assert_eq!(header_at(&text, inside), Some(inside));
            assert!(parse_cut(&text, &[first, inside]).is_none());
            assert!(every_cut_agrees(&text));
            assert_eq!(format!("{:?}", parse(&text).ok()), format!("Some({whole})"));
        }
        let mut text = map(5);
        text.push_str("[[transfer]]\nfrom = \"q\"\nto = \"b\"\npurpose = \"p\"\n");
        text.push_str("approvals = [\n\"dpo\",\n[[transfer]]\n]\n\n");
        text.push_str(&map(5)[HEAD.len()..]);
        assert!(whole(&text).starts_with("error"));
        assert!(!every_cut_agrees(&text));
        let text = text.replace(
            "approvals = [\n\"dpo\",\n[[transfer]]\n]",
            "dpia = {\n  ref = \"\"\"\n[[transfer]]\n\"\"\"\n}",
        );
        assert!(whole(&text).contains("[[transfer]]"));
        assert!(every_cut_agrees(&text));
    }

    /// What the one-piece reader refuses, the pieces never accept.
    #[test]
    fn what_the_whole_reader_refuses_is_never_read_in_pieces() {
        let tail = &map(10)[HEAD.len()..];
        for head in [
            format!("{HEAD}transfer = []\n"),
            HEAD.replace("[[system]]", "transfer = []\n[[system]]"),
            format!("{HEAD}[transfer]\nfrom = \"a\"\n"),
        ] {
            let text = format!("{head}\n{tail}");
            assert!(whole(&text).starts_with("error"), "{text}");
            assert!(!every_cut_agrees(&text), "{text}");
        }
        // A system after the transfers is read, but by the one-piece reader.
        let text = format!("{}[[system]]\nname = \"late\"\nparty = \"x\"\n", map(10));
        assert!(whole(&text).contains("late"));
        assert!(!every_cut_agrees(&text));
        // An error in a late piece: no pieces, and the whole reader's place.
        let text = map(10).replace("from = \"a8\"", "from = ");
        assert!(whole(&text).starts_with("error"));
        assert!(!every_cut_agrees(&text));
    }

    #[test]
    fn cuts_are_at_header_lines_only() {
        assert_eq!(
            header_at("x\n[[transfer]] # no\n[[transfer]]\n", 0),
            Some(20)
        );
        assert_eq!(header_at("x\n [[transfer]]\n", 0), None);
        assert_eq!(header_at("x\n[[transfer]]", 0), None);
        assert_eq!(cuts("[[transfer]]\nfrom = 1\n", 2, 1), None);
        let text = map(100);
        let cuts = cuts(&text, 4, text.len() / 5).unwrap_or_default();
        assert_eq!(cuts.len(), 4, "{cuts:?}");
        assert!(
            cuts.iter()
                .all(|&c| text[c..].starts_with("[[transfer]]\n"))
        );
    }
}
