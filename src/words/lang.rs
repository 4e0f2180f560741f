//! Which language to speak: parsed from `--lang`, `MANDATE_LANG` or an HTTP
//! `Accept-Language` header, and checked against the message files that exist.

use super::LOCALES;

/// A language mandate has a message file for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lang(u8);

/// A language asked for by name that has no message file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no messages in the language {asked:?}; available: {}", Lang::codes().join(", "))]
pub struct UnknownLang {
    /// What was asked for, as written.
    pub asked: String,
}

impl Lang {
    /// English, the language of the policy language's keywords and the default.
    pub const EN: Lang = Lang(find("en"));
    /// French.
    pub const FR: Lang = Lang(find("fr"));

    /// Its index in the list of message files.
    pub(super) fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Its code (`en`, `fr`).
    pub fn code(self) -> &'static str {
        LOCALES.get(self.index()).map_or("en", |(code, _)| code)
    }

    /// Every language with a message file.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LOCALES.len()).filter_map(|i| u8::try_from(i).ok().map(Lang))
    }

    /// The codes of every language with a message file.
    pub fn codes() -> Vec<&'static str> {
        Lang::all().map(Lang::code).collect()
    }

    /// A language by name: `fr`, `FR`, `fr-FR`, `fr_FR.UTF-8` (a locale as the environment
    /// writes it) all mean French. A language without a message file is an error naming the
    /// ones there are.
    pub fn parse(text: &str) -> Result<Lang, UnknownLang> {
        let primary = text
            .trim()
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Lang::all()
            .find(|l| l.code() == primary)
            .ok_or_else(|| UnknownLang {
                asked: text.to_owned(),
            })
    }

    /// The best language for an HTTP `Accept-Language` header (`fr-CH, fr;q=0.9, en;q=0.8`):
    /// the one with the highest weight that has a message file; English when none has.
    pub fn negotiate(header: &str) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        // A header is bounded by the server's header limit; the first 32 entries are plenty.
        for entry in header.split(',').take(32) {
            let mut parts = entry.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .filter(|q| q.is_finite())
                .unwrap_or(1.0);
            if tag.is_empty() || tag == "*" || weight <= 0.0 {
                continue;
            }
            if let Ok(lang) = Lang::parse(tag)
                && best.is_none_or(|(_, w)| weight > w)
            {
                best = Some((lang, weight));
            }
        }
        best.map_or(Lang::EN, |(l, _)| l)
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang::EN
    }
}

impl std::str::FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The index of `code` in [`LOCALES`], at compile time: a missing file for a language named
/// here is a build error, not a surprise at run time.
const fn find(code: &str) -> u8 {
    let mut i = 0;
    while i < LOCALES.len() {
        if same(LOCALES[i].0.as_bytes(), code.as_bytes()) {
            return i as u8;
        }
        i += 1;
    }
    panic!("no message file for a language mandate names");
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_people_and_systems_write_them() {
        for text in ["fr", "FR", "fr-FR", "fr_FR.UTF-8", " fr "] {
            assert_eq!(Lang::parse(text), Ok(Lang::FR), "{text}");
        }
        assert_eq!(Lang::parse("en-GB"), Ok(Lang::EN));
    }

    #[test]
    fn a_language_without_a_file_names_those_there_are() {
        let e = Lang::parse("xx").unwrap_err();
        assert_eq!(
            e.to_string(),
            "no messages in the language \"xx\"; available: en, fr"
        );
    }

    #[test]
    fn accept_language_takes_the_heaviest_known_language() {
        assert_eq!(Lang::negotiate("fr-CH, fr;q=0.9, en;q=0.8"), Lang::FR);
        assert_eq!(Lang::negotiate("de, fr;q=0.5, en;q=0.4"), Lang::FR);
        assert_eq!(Lang::negotiate("de, es"), Lang::EN);
        assert_eq!(Lang::negotiate("fr;q=0, en"), Lang::EN);
        assert_eq!(Lang::negotiate(""), Lang::EN);
        assert_eq!(Lang::negotiate("*"), Lang::EN);
    }
}
