// The policy language for CodeMirror 6, as a stream grammar: comments (`#`), strings,
// numbers, the declaration keywords, the effects and the condition words. The words are
// those of grammar/policy.pest; the test of the page checks that a rule is highlighted.
import { StreamLanguage } from "@codemirror/language";

const DECLARATIONS = new Set([
  "policy", "vocabulary", "use", "category", "subject", "purpose", "party", "agreement",
  "classification", "role", "response", "flag", "dimension", "check", "compatible", "kind",
  "include", "includes", "version", "hxl",
]);
const EFFECTS = new Set(["allow", "deny", "review", "require", "cite", "approval"]);
const CONDITIONS = new Set([
  "when", "unless", "and", "or", "not", "within", "is", "has", "in", "covers", "by",
  "approved", "from", "to", "for", "under", "between", "above", "below", "before", "at",
  "least", "most", "more", "than", "same", "outside", "cross", "border", "international",
  "onward", "transfer", "no", "network", "valid", "suspended", "because", "with",
]);
const ATOMS = new Set([
  "true", "false", "flow", "sender", "recipient", "basis", "consent", "data", "subjects",
  "purposes", "jurisdiction", "organisation", "organization", "records", "collected_for",
  "sensitivity", "personal", "risk", "reidentification", "aggregate", "suppressing", "day",
  "days", "retain", "encrypt", "minimize", "minimise", "pseudonymize", "pseudonymise",
  "notify", "document", "k",
]);

export const policyLanguage = StreamLanguage.define({
  name: "mandate-policy",
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.peek() === "#") {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.peek() === '"') {
      stream.next();
      let escaped = false;
      while (!stream.eol()) {
        const ch = stream.next();
        if (ch === '"' && !escaped) break;
        escaped = ch === "\\" && !escaped;
      }
      return "string";
    }
    if (stream.match(/^\d[\d-]*(\.\d+)?/)) return "number";
    if (stream.match(/^[A-Za-z_][\w.]*/)) {
      const word = stream.current();
      if (DECLARATIONS.has(word)) return "keyword";
      if (EFFECTS.has(word)) return "controlKeyword";
      if (CONDITIONS.has(word)) return "operatorKeyword";
      if (ATOMS.has(word)) return "atom";
      return "variableName";
    }
    stream.next();
    return "punctuation";
  },
  languageData: { commentTokens: { line: "#" } },
});
