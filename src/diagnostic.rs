//! Diagnostics: what a stage found wrong, where, and how to fix it.
//!
//! Stages only *produce* diagnostics; rendering for a terminal lives in the front end
//! (`render` module, behind the `cli` feature), and [`Diagnostic::to_json`] gives editors and CI
//! a machine-readable form.

use crate::source::{SourceMap, Span};
use serde::Serialize;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a build unless warnings are denied.
    Warning,
    /// The policy cannot be compiled.
    Error,
}

/// Every kind of finding, with a stable code. Codes never change meaning once published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The text does not follow the grammar.
    Syntax,
    /// A quoted string is not closed on its line.
    UnterminatedString,
    /// Parentheses or brackets nested deeper than the language allows.
    TooDeep,
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file is larger than a policy file may be.
    TooLarge,
    /// The file holds no declarations.
    EmptyFile,
    /// A file or vocabulary named in `use` cannot be found or read.
    UseNotFound,
    /// A `use` that reaches outside the pack or library folder (an absolute path, `..` past
    /// the folder, a link that leads out of it), or names a file that is not a policy file.
    UseOutside,
    /// A name that is not declared anywhere.
    UnknownName,
    /// A declared name used where another sort of name is expected.
    WrongSort,
    /// The same name declared twice.
    Duplicate,
    /// A vocabulary term's parent is not declared.
    MissingParent,
    /// A vocabulary hierarchy loops back on itself.
    Cycle,
    /// A sensitivity level that does not exist.
    UnknownLevel,
    /// A date that is not a calendar date.
    BadDate,
    /// A validity period that ends before it starts.
    ReversedPeriod,
    /// A jurisdiction that is not an ISO 3166-1 alpha-2 code.
    UnknownJurisdiction,
    /// A legal basis that does not exist.
    UnknownBasis,
    /// A rule without the clause its kind needs.
    MissingClause,
    /// A clause given twice in one rule.
    DuplicateClause,
    /// A clause that this kind of rule cannot have.
    MisplacedClause,
    /// A declaration that lacks a required attribute (a party without a kind, …).
    MissingAttribute,
    /// An attribute given twice in one declaration.
    DuplicateAttribute,
    /// A keyword argument outside its fixed set (`onward transfer maybe`, `encrypt sometimes`).
    BadKeyword,
    /// A number outside its sensible range (`k >= 1`, `retain at most 0 days`).
    BadNumber,
    /// A malformed HXL hashtag.
    BadHashtag,
    /// The files of one pack disagree about the policy header.
    Header,
    /// A declaration that does not belong in a vocabulary file.
    NotInVocabulary,
    /// A rule with no `cite` (warning).
    MissingCite,
    /// A bidirectional control character, which shows text in another order than it is read
    /// ("Trojan Source"; warning).
    BidiControl,
    /// A name or id that mixes letters of several scripts, such as a Cyrillic `К` among
    /// Latin letters, so that it looks like another (warning).
    MixedScript,
    /// A pack of policy files without a `policy "…"` header (warning): it would be named
    /// after its vocabulary.
    NoPolicyHeader,
    /// A vocabulary term marked `deprecated` used in a policy (warning): it still works, and
    /// the vocabulary names what replaces it.
    DeprecatedTerm,
    /// `consent extends to compatible purposes` in a pack that declares no compatible
    /// purposes (warning): it changes nothing.
    ConsentExtendsNothing,
    /// An agreement between a party and itself.
    SelfAgreement,
    /// A suspension of an agreement that overlaps its validity period.
    SuspendedWhileValid,
    /// Lint: a rule that no flow can make apply.
    NeverApplies,
    /// Lint: an `unless` that can never hold when the rule's `when` does.
    ExceptionNeverHolds,
    /// Lint: an `allow` that deny rules forbid wherever it applies.
    ShadowedAllow,
    /// Lint: two rules of one kind that apply to exactly the same flows.
    DuplicateRule,
    /// Lint: a rule that adds nothing because another of its kind covers every flow it does.
    SubsumedRule,
    /// Lint: an agreement whose validity has ended.
    AgreementExpired,
    /// Lint: an agreement whose validity ends within 30 days.
    AgreementExpiring,
    /// Lint: a vocabulary term declared in the pack that nothing uses.
    UnusedTerm,
    /// Lint: another agreement covers the parties of a suspended agreement during the
    /// suspension.
    SuspensionBridged,
    /// Lint: a pack that declares no name of a sort (roles, responses, flags, dimensions)
    /// uses names of it, which the compiler therefore cannot check.
    UndeclaredNames,
    /// Lint: a declared role, response, flag or dimension that nothing uses.
    UnusedDeclaredName,
}

impl Code {
    /// The stable short code shown to users, e.g. `E0010`.
    pub fn id(self) -> &'static str {
        use Code::*;
        match self {
            Syntax => "E0001",
            UnterminatedString => "E0002",
            TooDeep => "E0003",
            NotUtf8 => "E0004",
            TooLarge => "E0005",
            EmptyFile => "E0006",
            UseNotFound => "E0007",
            UnknownName => "E0010",
            WrongSort => "E0011",
            Duplicate => "E0012",
            MissingParent => "E0013",
            Cycle => "E0014",
            UnknownLevel => "E0015",
            BadDate => "E0016",
            ReversedPeriod => "E0017",
            UnknownJurisdiction => "E0018",
            UnknownBasis => "E0019",
            MissingClause => "E0020",
            DuplicateClause => "E0021",
            MisplacedClause => "E0022",
            MissingAttribute => "E0023",
            DuplicateAttribute => "E0024",
            BadKeyword => "E0025",
            BadNumber => "E0026",
            BadHashtag => "E0027",
            Header => "E0028",
            NotInVocabulary => "E0029",
            SelfAgreement => "E0030",
            SuspendedWhileValid => "E0032",
            UseOutside => "E0031",
            MissingCite => "W0001",
            BidiControl => "W0002",
            MixedScript => "W0003",
            NoPolicyHeader => "W0004",
            DeprecatedTerm => "W0005",
            ConsentExtendsNothing => "W0006",
            NeverApplies => "L0001",
            ExceptionNeverHolds => "L0002",
            ShadowedAllow => "L0003",
            DuplicateRule => "L0004",
            SubsumedRule => "L0005",
            AgreementExpired => "L0006",
            AgreementExpiring => "L0007",
            UnusedTerm => "L0008",
            SuspensionBridged => "L0009",
            UndeclaredNames => "L0010",
            UnusedDeclaredName => "L0011",
        }
    }
}

/// A sentence of a diagnostic as plain data: the id of its message in the message files
/// (`diag-…` in `src/words/locales/<code>.ftl`) and the values it is built around. Stages
/// build these and never write prose; [`crate::words::diagnostic_text`] puts one into words in
/// the reader's language, and its `Display` is the English text.
///
/// Plain data on purpose: the stages that produce diagnostics need nothing of Fluent, and a
/// program that matches on a finding matches on its [`Code`], never on its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The message id, `diag-…`.
    pub id: &'static str,
    /// Its arguments, by name.
    pub args: Vec<(&'static str, Arg)>,
}

// No text converts into a `Message`: a finding's sentence cannot be written in Rust as a
// string, only named by its id in the message files. Should a `From<&str>` or `From<String>`
// ever be added, the inference below becomes ambiguous and the crate stops building (the
// `assert_not_impl_any` construction of the static_assertions crate).
const _: fn() = || {
    trait NotText<A> {
        fn check() {}
    }
    impl<T: ?Sized> NotText<()> for T {}
    struct IsText;
    impl<T: Into<Message>> NotText<IsText> for T {}
    let _ = <&str as NotText<_>>::check;
    let _ = <String as NotText<_>>::check;
};

/// The value of one argument of a [`Message`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as it is: a name, a path, a quoted token from the input.
    Text(String),
    /// A count or a size.
    Number(i64),
    /// A part of the sentence that is itself a message (the token found, a kind of name),
    /// put into words in the same language.
    Message(Box<Message>),
    /// Alternatives (`a name, a date or a condition`), each a message, joined as the language
    /// joins a list with "or".
    Either(Vec<Message>),
    /// Names from the policy (rule titles, …), each quoted as the language quotes a name and
    /// joined by `, `.
    Quoted(Vec<String>),
    /// Texts joined by a word, each time with a space either side: the message `with` (the
    /// `is under` of a loop in a hierarchy).
    Joined {
        /// The texts, as they are shown.
        items: Vec<String>,
        /// The message id of the word between them.
        with: &'static str,
    },
}

impl Message {
    /// The message `id` without arguments.
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Adds argument `name`.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The value of argument `name`, if given.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<&std::sync::Arc<str>> for Arg {
    fn from(s: &std::sync::Arc<str>) -> Self {
        Arg::Text((**s).to_owned())
    }
}
impl From<std::borrow::Cow<'_, str>> for Arg {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Arg::Text(s.into_owned())
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(i64::from(n))
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}
impl From<Message> for Arg {
    fn from(m: Message) -> Self {
        Arg::Message(Box::new(m))
    }
}
impl From<Vec<Message>> for Arg {
    fn from(m: Vec<Message>) -> Self {
        Arg::Either(m)
    }
}

/// Builds a [`Message`]: `msg!("diag-unknown-name", "name" => name, "sort" => sort)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $k:literal => $v:expr)* $(,)?) => {
        $crate::diagnostic::Message::new($id)$(.with($k, $v))*
    };
}
pub use crate::msg;

/// A labelled place in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it.
    pub message: Message,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Which kind of finding.
    pub code: Code,
    /// What is wrong.
    pub message: Message,
    /// The place the finding is about.
    pub primary: Option<Label>,
    /// Other places that explain it (the earlier declaration of a duplicate, …).
    pub secondary: Vec<Label>,
    /// The likely fix, if there is one.
    pub help: Option<Message>,
    /// Further context.
    pub notes: Vec<Message>,
    /// The text that, put in place of the primary span, makes the likely fix (the name a
    /// did-you-mean proposes), for editors that apply a fix with one click.
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// An error of kind `code`.
    pub fn error(code: Code, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message,
            primary: None,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
            suggestion: None,
        }
    }

    /// A warning of kind `code`.
    pub fn warning(code: Code, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the finding at `span`.
    pub fn at(mut self, span: Span, label: Message) -> Self {
        self.primary = Some(Label {
            span,
            message: label,
        });
        self
    }

    /// Adds a secondary place.
    pub fn also(mut self, span: Span, label: Message) -> Self {
        self.secondary.push(Label {
            span,
            message: label,
        });
        self
    }

    /// Adds the likely fix.
    pub fn help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }

    /// Adds the likely fix when there is one.
    pub fn maybe_help(mut self, help: Option<Message>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds the replacement for the primary span that makes the likely fix.
    pub fn suggest(mut self, replacement: impl Into<String>) -> Self {
        self.suggestion = Some(replacement.into());
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: Message) -> Self {
        self.notes.push(note);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The machine-readable form, with positions resolved against `sources`, its sentences in
    /// English (as they were before diagnostics had a language; programs should match on
    /// `code`).
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        self.to_json_in(sources, crate::words::Lang::EN)
    }

    /// The machine-readable form with its sentences (`message`, labels, `help`, `notes`) in
    /// `lang`; every other field is the same in every language.
    pub fn to_json_in(&self, sources: &SourceMap, lang: crate::words::Lang) -> serde_json::Value {
        let words = |m: &Message| crate::words::diagnostic_text(lang, m);
        let place = |label: &Label| {
            let file = sources.file(label.span.file);
            let (line, column) = file.line_column(label.span.start);
            let (end_line, end_column) = file.line_column(label.span.end);
            serde_json::json!({
                "file": file.name, "line": line, "column": column,
                "end_line": end_line, "end_column": end_column, "label": words(&label.message),
            })
        };
        serde_json::json!({
            "severity": self.severity,
            "code": self.code.id(),
            "kind": self.code,
            "message": words(&self.message),
            "at": self.primary.as_ref().map(place),
            "related": self.secondary.iter().map(place).collect::<Vec<_>>(),
            "help": self.help.as_ref().map(words),
            "notes": self.notes.iter().map(words).collect::<Vec<_>>(),
        })
    }
}

/// Longest word [`did_you_mean`] looks for a match for.
pub const MAX_SUGGESTABLE: usize = 100;

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Similarity costs the product of the lengths; no real name is this long, and a hostile
    // input must not buy seconds of work per word.
    if word.len() > MAX_SUGGESTABLE {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    // The word's pattern is built once for all the candidates.
    let word = rapidfuzz::distance::jaro_winkler::BatchComparator::new(word.chars());
    for candidate in candidates {
        // Compare whole names and also last segments, so `personal.biometrc` finds
        // `personal.biometric` and `biometrc` alone finds it too.
        let whole = word.similarity(candidate.chars());
        let tail = candidate
            .rsplit('.')
            .next()
            .map(|t| word.similarity(t.chars()))
            .unwrap_or(0.0);
        let score = whole.max(tail);
        if score >= 0.85 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["personal.biometric", "personal.identity", "aggregate"];
        assert_eq!(
            did_you_mean("personal.biometrc", names),
            Some("personal.biometric")
        );
        assert_eq!(did_you_mean("biometrc", names), Some("personal.biometric"));
        assert_eq!(did_you_mean("weather", names), None);
    }

    /// The slow reference: the same choice with strsim's Jaro-Winkler, which the code used
    /// before.
    fn reference<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        if word.len() > MAX_SUGGESTABLE {
            return None;
        }
        let mut best: Option<(f64, &str)> = None;
        for &candidate in candidates {
            let whole = strsim::jaro_winkler(word, candidate);
            let tail = candidate
                .rsplit('.')
                .next()
                .map(|t| strsim::jaro_winkler(word, t))
                .unwrap_or(0.0);
            let score = whole.max(tail);
            if score >= 0.85 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c))
            {
                best = Some((score, candidate));
            }
        }
        best.map(|(_, c)| c)
    }

    const NAMES: [&str; 16] = [
        "personal.biometric",
        "personal.biometric.fingerprint",
        "personal.biometric.iris",
        "personal.biometric.voice",
        "personal.identity.name",
        "personal.identity.date_of_birth",
        "personal.contact.phone",
        "personal.health.hiv_status",
        "location.admin1",
        "location.admin2",
        "assistance.cash",
        "assistance.registration",
        "protection.gbv",
        "unhcr_ke",
        "wfp_ke",
        "état_civil.nom",
    ];

    proptest::proptest! {
        /// Misspellings of real names (a letter dropped, doubled or changed, cut short) and
        /// arbitrary words get the reference's suggestion, and each score is the reference's.
        #[test]
        fn suggests_what_the_reference_suggests(
            pick in 0..NAMES.len(),
            at in 0usize..40,
            edit in 0u8..4,
            letter in proptest::char::range('a', 'z'),
            other in "[a-z._é]{0,24}",
        ) {
            let name: Vec<char> = NAMES[pick].chars().collect();
            let i = at % name.len();
            let mut typo = name.clone();
            match edit {
                0 => { typo.remove(i); }
                1 => typo.insert(i, typo[i]),
                2 => typo[i] = letter,
                _ => typo.truncate(i.max(1)),
            }
            let typo: String = typo.into_iter().collect();
            for word in [typo.as_str(), other.as_str()] {
                proptest::prop_assert_eq!(did_you_mean(word, NAMES), reference(word, &NAMES));
                let fast = rapidfuzz::distance::jaro_winkler::BatchComparator::new(word.chars());
                for candidate in NAMES {
                    let (a, b) = (fast.similarity(candidate.chars()), strsim::jaro_winkler(word, candidate));
                    proptest::prop_assert!((a - b).abs() < 1e-12, "{word} / {candidate}: {a} vs {b}");
                }
            }
        }
    }
}
