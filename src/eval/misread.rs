//! What the JSON reader found wrong with a flow, as a typed [`Problem`]: the reader (serde
//! and serde_json) reports its errors as English text only, so its messages are read back
//! here, in one place, into problems whose words every language has (src/words). serde
//! writes these messages from fixed formats (`missing field `x``, `invalid type: …,
//! expected …`); one this module does not know stays the reader's own words
//! ([`Problem::Malformed`]), which is where a new serde format would show first, in the tests
//! below.

use crate::reason::{JsonKind, Problem};
use serde_json::error::Category;

/// `e`, met reading `text`, as a problem with the flow.
pub(crate) fn problem(e: &serde_json::Error, text: &str) -> Problem {
    let said = e.to_string();
    // serde_json adds where, which the problem's JSON pointer (or line and column) says.
    let message = match said.rfind(" at line ") {
        Some(i) => &said[..i],
        None => &said[..],
    };
    match e.classify() {
        Category::Syntax | Category::Eof if message.starts_with("recursion limit exceeded") => {
            Problem::TooDeep
        }
        // serde_json says "expected value", a syntax error, for a value that is JSON but not
        // one an enum is read from (a number where a consent status goes): such a text reads
        // as JSON when nothing is asked of its shape.
        Category::Syntax if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() => {
            Problem::WrongKind {
                found: kind_at(text, e.line(), e.column()).unwrap_or(JsonKind::Object),
                expected: JsonKind::Text,
            }
        }
        Category::Syntax | Category::Eof => Problem::Syntax {
            line: e.line(),
            column: e.column(),
        },
        Category::Data | Category::Io => shape(message).unwrap_or_else(|| Problem::Malformed {
            detail: message.to_owned(),
        }),
    }
}

/// The kind of the JSON value that starts at `line` and `column` (both from 1, the column
/// in bytes) of `text`, or at the first non-blank byte after it.
fn kind_at(text: &str, line: usize, column: usize) -> Option<JsonKind> {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + column.saturating_sub(1);
    let first = text
        .get(start..)?
        .bytes()
        .find(|b| !b.is_ascii_whitespace())?;
    Some(match first {
        b'"' => JsonKind::Text,
        b'-' | b'0'..=b'9' => JsonKind::Number,
        b't' | b'f' => JsonKind::Boolean,
        b'n' => JsonKind::Null,
        b'[' => JsonKind::List,
        b'{' => JsonKind::Object,
        _ => return None,
    })
}

/// A problem with the shape of a document that is JSON, from serde's message for it.
fn shape(message: &str) -> Option<Problem> {
    if let Some(rest) = message.strip_prefix("missing field ") {
        return Some(Problem::MissingMember {
            member: ticked(rest)?.to_owned(),
        });
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return Some(Problem::DuplicateMember {
            member: ticked(rest)?.to_owned(),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (member, expected) = named_then_expected(rest)?;
        let suggestion = crate::diagnostic::did_you_mean(member, expected.iter().map(|s| &s[..]))
            .map(str::to_owned);
        return Some(Problem::UnknownMember {
            member: member.to_owned(),
            expected,
            suggestion,
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = named_then_expected(rest)?;
        return Some(Problem::UnknownValue {
            value: value.to_owned(),
            expected,
        });
    }
    // A list where an object goes: serde reads a struct from a list too, by position, and
    // finds it too short.
    if let Some(rest) = message.strip_prefix("invalid length ")
        && rest.contains(", expected struct ")
    {
        return Some(Problem::WrongKind {
            found: JsonKind::List,
            expected: JsonKind::Object,
        });
    }
    let (found, expected) = message
        .strip_prefix("invalid type: ")?
        .rsplit_once(", expected ")?;
    Some(Problem::WrongKind {
        found: found_kind(found)?,
        expected: expected_kind(expected)?,
    })
}

/// The text between the first two backticks of `text`.
fn ticked(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('`')?;
    rest.find('`').map(|end| &rest[..end])
}

/// serde's "`name`, expected one of `a`, `b`" (or "expected `a`", "expected `a` or `b`",
/// "there are no fields"): the name, then the names expected.
fn named_then_expected(text: &str) -> Option<(&str, Vec<String>)> {
    // The name may hold a backtick of its own: the list starts after the last "`, expected ".
    let text = text.strip_prefix('`')?;
    let (name, list) = match text.rfind("`, expected ") {
        Some(i) => (&text[..i], &text[i + "`, expected ".len()..]),
        None => (&text[..text.rfind("`, there are no ")?], ""),
    };
    let list = list.strip_prefix("one of ").unwrap_or(list);
    let expected = list
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .filter_map(ticked)
        .map(str::to_owned)
        .collect();
    Some((name, expected))
}

/// The kind of value serde's "unexpected" text names (`integer `1``, `string "x"`, `null`).
fn found_kind(text: &str) -> Option<JsonKind> {
    let word = text.split([' ', '`']).next().unwrap_or(text);
    Some(match word {
        "string" | "character" => JsonKind::Text,
        "integer" | "floating" => JsonKind::Number,
        "boolean" => JsonKind::Boolean,
        "null" | "unit" => JsonKind::Null,
        "sequence" => JsonKind::List,
        "map" => JsonKind::Object,
        _ => return None,
    })
}

/// The kind of value serde's "expected" text names (`a string`, `struct Consent`, `u32`).
fn expected_kind(text: &str) -> Option<JsonKind> {
    if text.starts_with("struct ") || text == "a map" {
        return Some(JsonKind::Object);
    }
    Some(match text {
        "a string" | "a borrowed string" | "a character" | "variant identifier" => JsonKind::Text,
        "a sequence" | "an array" => JsonKind::List,
        "a boolean" => JsonKind::Boolean,
        "unit" => JsonKind::Null,
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" | "f32" | "f64" => JsonKind::Number,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::flow::{Consent, Flow, FlowError};

    fn problem_of(json: &str) -> (String, Problem) {
        match Flow::from_json(json) {
            Err(FlowError::Invalid { path, problem }) => (path, problem),
            other => panic!("{other:?}"),
        }
    }

    const FLOW: &str =
        r#""id":"f","at":"2025-01-01T00:00:00Z","from":"a","to":"b","data":[],"purpose":"p""#;

    #[test]
    fn each_shape_problem_is_typed() {
        let (path, p) = problem_of(r#"{"id":"f"}"#);
        assert_eq!(
            (path.as_str(), p),
            (
                "",
                Problem::MissingMember {
                    member: "at".into()
                }
            )
        );

        let (path, p) = problem_of(&format!(r#"{{{FLOW},"purpse":"x"}}"#));
        assert_eq!(path, "/purpse");
        let Problem::UnknownMember {
            member,
            expected,
            suggestion,
        } = p
        else {
            panic!("{p:?}")
        };
        assert_eq!(member, "purpse");
        assert!(expected.contains(&"purpose".to_owned()), "{expected:?}");
        assert!(
            expected.contains(&"collected_for".to_owned()),
            "{expected:?}"
        );
        assert_eq!(suggestion.as_deref(), Some("purpose"));

        let (path, p) = problem_of(&format!(r#"{{{FLOW},"consent":{{"status":"gven"}}}}"#));
        assert_eq!(path, "/consent/status");
        assert_eq!(
            p,
            Problem::UnknownValue {
                value: "gven".into(),
                expected: ["given", "withdrawn", "expired", "refused"]
                    .map(String::from)
                    .into(),
            }
        );

        let (path, p) =
            problem_of(r#"{"id":"f","at":"x","from":"a","to":"b","data":[1],"purpose":"p"}"#);
        assert_eq!(path, "/data/0");
        assert_eq!(
            p,
            Problem::WrongKind {
                found: JsonKind::Number,
                expected: JsonKind::Text
            }
        );
        let (_, p) = problem_of(&format!(r#"{{{FLOW},"consent":"yes"}}"#));
        assert_eq!(
            p,
            Problem::WrongKind {
                found: JsonKind::Text,
                expected: JsonKind::Object
            }
        );
        let (_, p) = problem_of(&format!(r#"{{{FLOW},"consent":[]}}"#));
        assert_eq!(
            p,
            Problem::WrongKind {
                found: JsonKind::List,
                expected: JsonKind::Object
            }
        );
        let (_, p) = problem_of(r#"{"id":"f","at":null}"#);
        assert_eq!(
            p,
            Problem::WrongKind {
                found: JsonKind::Null,
                expected: JsonKind::Text
            }
        );
        let (path, p) = problem_of(&format!(r#"{{{FLOW},"id":"g"}}"#));
        assert_eq!(
            (path.as_str(), p),
            (
                "",
                Problem::DuplicateMember {
                    member: "id".into()
                }
            )
        );
    }

    #[test]
    fn text_that_is_not_json_says_where_the_reader_stopped() {
        assert_eq!(
            problem_of("hello").1,
            Problem::Syntax { line: 1, column: 1 }
        );
        assert_eq!(
            problem_of("{\n  \"id\": \"x\",").1,
            Problem::Syntax {
                line: 2,
                column: 12
            }
        );
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let e = crate::eval::flow::read_part::<serde_json::Value>(&deep).expect_err("deep");
        assert!(
            matches!(
                e,
                FlowError::Invalid {
                    problem: Problem::TooDeep,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn serde_messages_read_back_for_every_form_of_the_expected_list() {
        let one = named_then_expected("`x`, expected `a`").expect("one");
        assert_eq!(one, ("x", vec!["a".to_owned()]));
        let two = named_then_expected("`x`, expected `a` or `b`").expect("two");
        assert_eq!(two.1, ["a", "b"]);
        let many = named_then_expected("`x`, expected one of `a`, `b`, `c`").expect("many");
        assert_eq!(many.1, ["a", "b", "c"]);
        let none = named_then_expected("`x`, there are no fields").expect("none");
        assert_eq!(none, ("x", vec![]));
        let odd = named_then_expected("`a`, expected `b`, expected `c`").expect("odd");
        assert_eq!(odd.0, "a`, expected `b");
    }

    /// A message this module does not know keeps the reader's words, without the place.
    #[test]
    fn an_unknown_message_stays_the_readers_words() {
        let e = crate::eval::flow::read_part::<Vec<u8>>("[300]").expect_err("too big");
        let FlowError::Invalid { path, problem } = e else {
            panic!()
        };
        assert_eq!(path, "/0");
        assert_eq!(
            problem,
            Problem::Malformed {
                detail: "invalid value: integer `300`, expected u8".into()
            }
        );
        // Telling the two apart reads the text once more, without a depth limit but without
        // recursion either: a deep document after the wrong value costs no stack.
        let deep = format!(
            r#"{{"status": 1, "x": {}{}}}"#,
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        let e = crate::eval::flow::read_part::<Consent>(&deep).expect_err("kind");
        assert!(
            matches!(
                e,
                FlowError::Invalid {
                    problem: Problem::WrongKind { .. },
                    ..
                }
            ),
            "{e:?}"
        );
        // serde_json calls a number where an enum goes a syntax error: it is JSON, and said so.
        for (status, found) in [
            ("1", JsonKind::Number),
            ("\n  [1]", JsonKind::List),
            ("true", JsonKind::Boolean),
        ] {
            let text = format!("{{\"status\": {status}}}");
            let e = crate::eval::flow::read_part::<Consent>(&text).expect_err("kind");
            let FlowError::Invalid { path, problem } = e else {
                panic!()
            };
            assert_eq!(path, "/status");
            assert_eq!(
                problem,
                Problem::WrongKind {
                    found,
                    expected: JsonKind::Text
                },
                "{text}"
            );
        }
    }
}
