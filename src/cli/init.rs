//! `mandate init DIR`: a starter policy pack that validates, tests at 100 % coverage and lints
//! clean, to be edited into a real one.
//!
//! The pack carries a copy of the bundled `humanitarian` vocabulary in a sub-folder of its
//! own (`DIR/humanitarian/`), so `use vocabulary "humanitarian"` resolves wherever DIR is,
//! without `--lib`, and the pack's hash does not change when the bundled vocabulary does.

use super::{EXIT_ERROR, EXIT_OK};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The folder to write the pack into: new, or empty (exit 0 written, 2 the folder is not
    /// empty or cannot be written).
    dir: PathBuf,
    /// The policy's name in its `policy "…"` header.
    #[arg(long, default_value = "My first policy")]
    name: String,
}

/// The bundled vocabulary, copied into every new pack.
const VOCABULARY: [(&str, &str); 5] = [
    (
        "categories.policy",
        include_str!("../../policies/humanitarian/categories.policy"),
    ),
    (
        "parties.policy",
        include_str!("../../policies/humanitarian/parties.policy"),
    ),
    (
        "purposes.policy",
        include_str!("../../policies/humanitarian/purposes.policy"),
    ),
    (
        "subjects.policy",
        include_str!("../../policies/humanitarian/subjects.policy"),
    ),
    (
        "README.md",
        include_str!("../../policies/humanitarian/README.md"),
    ),
];

pub fn run(args: Args) -> u8 {
    let name = match policy_name(&args.name) {
        Ok(n) => n,
        Err(e) => {
            let said = super::say("cli-init-name", &crate::words::args!("error" => e));
            eprintln!("{}", super::error(&said));
            return EXIT_ERROR;
        }
    };
    if let Err(e) = refuse_non_empty(&args.dir) {
        eprintln!("{}", crate::words::file_error(super::lang(), &args.dir, &e));
        return EXIT_ERROR;
    }
    let today = time::OffsetDateTime::now_utc().date();
    let files = starter_pack(&name, today);
    for (path, text) in &files {
        if let Err(e) = write_new(&args.dir.join(path), text.as_bytes()) {
            eprintln!(
                "{}",
                crate::words::file_error(super::lang(), &args.dir.join(path), &e)
            );
            return EXIT_ERROR;
        }
    }
    let dir = crate::escape::visible(&args.dir.display().to_string()).into_owned();
    let a = crate::words::args!("dir" => dir.as_str(), "count" => files.len());
    println!("{}", super::say("cli-init-wrote", &a));
    println!("{}", super::say("cli-init-next", &a));
    for command in NEXT_COMMANDS {
        println!("  {}", command.replace("{dir}", &dir));
    }
    println!("{}", super::say("cli-init-then", &a));
    EXIT_OK
}

/// The commands `init` suggests running next, `{dir}` standing for the new pack's folder:
/// commands, not sentences, so they are the same in every language.
const NEXT_COMMANDS: [&str; 3] = [
    "mandate validate {dir} --deny-warnings",
    "mandate test {dir} --min-coverage 100",
    "mandate check --policy {dir} --flow {dir}/flows/01-referral-with-consent-allowed.json",
];

/// The name as it goes between the header's quotes: one line, no `"` or `\`.
fn policy_name(name: &str) -> Result<String, String> {
    let lang = super::lang();
    let name = name.trim();
    if name.is_empty() {
        return Err(crate::words::message(lang, "cli-init-name-empty", None));
    }
    if name
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return Err(crate::words::message(lang, "cli-init-name-unsafe", None));
    }
    Ok(name.to_owned())
}

/// A folder that exists and holds anything is refused: init never overwrites.
fn refuse_non_empty(dir: &Path) -> std::io::Result<()> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(std::io::Error::other(crate::words::message(
                    super::lang(),
                    "cli-init-not-empty",
                    None,
                )));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes a file that must not exist yet, atomically: a temporary file created exclusively in
/// the same folder, flushed to disk, then renamed into place.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    if path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "already exists",
        ));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Every file of the starter pack, `(path in the pack, text)`. Dates follow `today`: the
/// agreement runs from the start of this year to the end of the next, and the flows happen
/// today, so the pack lints clean (no expired agreement) for a year at least.
pub fn starter_pack(name: &str, today: time::Date) -> Vec<(String, String)> {
    let year = today.year();
    let day = format!(
        "{year:04}-{:02}-{:02}",
        u8::from(today.month()),
        today.day()
    );
    let mut files = vec![
        ("README.md".to_owned(), README.to_owned()),
        (
            "main.policy".to_owned(),
            MAIN.replace("{name}", name)
                .replace("{from}", &format!("{year:04}-01-01"))
                .replace("{to}", &format!("{:04}-12-31", year + 1)),
        ),
        ("rules.policy".to_owned(), RULES.to_owned()),
        (
            "flows/01-referral-with-consent-allowed.json".to_owned(),
            FLOW_ALLOWED.replace("{day}", &day),
        ),
        (
            "flows/02-fingerprints-to-partner-denied.json".to_owned(),
            FLOW_DENIED.replace("{day}", &day),
        ),
        ("flows/expected.json".to_owned(), EXPECTED.to_owned()),
    ];
    for (file, text) in VOCABULARY {
        files.push((format!("humanitarian/{file}"), text.to_owned()));
    }
    files
}

const README: &str = r#"# A starter policy pack

Written by `mandate init`. Edit it into your own policy; every command below should keep
passing as you go.

| file | what |
|---|---|
| `main.policy` | the policy's name (`policy "…"`), the vocabulary it uses, its parties and its data-sharing agreement |
| `rules.policy` | one `allow` rule and one `deny` rule, each citing its source |
| `flows/*.json` | two proposed data flows, and `flows/expected.json`: the decision each must get |
| `humanitarian/` | a copy of the shared humanitarian vocabulary (data categories, purposes, party kinds, subjects), found by `use vocabulary "humanitarian"` because it sits inside the pack |

## Default deny

A flow is allowed only when an `allow` rule applies to it. A flow that no `allow` rule
permits is denied as `not_permitted`, even when no `deny` rule speaks of it. A `deny` rule
applies on top of that and overrides every `allow`: a flow it matches is `forbidden`.

So a rule such as "health data never leaves without consent" is two things: a `deny` rule for
health data without consent, and an `allow` rule for the flows that *may* go (with consent).
The `deny` alone allows nothing.

## Commands

```sh
mandate validate . --deny-warnings     # errors and warnings, with file:line:column and a fix
mandate test . --min-coverage 100      # every flow gets its expected decision; every rule is exercised
mandate lint .                         # rules that never apply, shadowed allows, expiring agreements
mandate fmt --check .                  # canonical layout (`mandate fmt .` rewrites)
mandate explain --policy . --flow flows/02-fingerprints-to-partner-denied.json
```

When you add a rule, add a flow that it decides (and one it does not) to `flows/` and its
expected decision to `flows/expected.json`, so that coverage stays at 100 %. The language is
described in `docs/language.md` of the mandate repository.
"#;

const MAIN: &str = r#"policy "{name}" version "0.1"
use vocabulary "humanitarian"  # the copy in ./humanitarian: categories, purposes, party kinds, subjects

# Who sends and receives data. A party has a kind from the vocabulary and a jurisdiction
# (ISO 3166-1 alpha-2 code).
party our_office   kind un_agency.humanitarian    jurisdiction "KE"
party partner_ngo  kind implementing_partner.ngo  jurisdiction "KE"

# The data-sharing agreement the allow rule relies on (`agreement covers flow`): it covers a
# transfer between its parties, on a day it is valid, for one of its purposes and data it lists.
agreement "DSA-0001" between our_office and partner_ngo
  purposes protection.referral
  data personal.identity, personal.contact, personal.protection_case
  valid {from} to {to}
  onward transfer forbidden
"#;

const RULES: &str = r#"# Default deny: a flow is allowed only when an `allow` rule applies. A flow that no allow rule
# permits is denied as `not_permitted`; a `deny` rule overrides every allow (`forbidden`).

allow "Protection referral to a partner under the agreement, with consent"
  when purpose within protection.referral
   and recipient is implementing_partner
   and agreement covers flow
   and basis is consent
   and consent covers flow
  require retain at most 90 days, encrypt in_transit
  cite "UNHCR Policy on the Protection of Personal Data of Persons of Concern (2015), §6.1–6.2"

deny "Biometric data is not shared with partners"
  when data includes personal.biometric
   and recipient is implementing_partner
  cite "ICRC Handbook on Data Protection in Humanitarian Action (3rd ed.), ch. 8"
"#;

const FLOW_ALLOWED: &str = r#"{
  "id": "ref-0001",
  "at": "{day}T09:00:00Z",
  "from": "our_office",
  "to": "partner_ngo",
  "data": ["personal.identity.name", "personal.contact.phone"],
  "subjects": ["beneficiary.refugee"],
  "purpose": "protection.referral",
  "basis": "consent",
  "consent": {
    "id": "C-0001",
    "status": "given",
    "purposes": ["protection"],
    "recipients": ["partner_ngo"],
    "countries": ["KE"],
    "given_at": "{day}T08:00:00Z"
  },
  "approvals": []
}
"#;

const FLOW_DENIED: &str = r#"{
  "id": "ref-0002",
  "at": "{day}T09:00:00Z",
  "from": "our_office",
  "to": "partner_ngo",
  "data": ["personal.identity.name", "personal.biometric.fingerprint"],
  "subjects": ["beneficiary.refugee"],
  "purpose": "protection.referral",
  "basis": "consent",
  "consent": {
    "id": "C-0002",
    "status": "given",
    "purposes": ["protection"],
    "recipients": ["partner_ngo"],
    "countries": ["KE"],
    "given_at": "{day}T08:00:00Z"
  },
  "approvals": []
}
"#;

const EXPECTED: &str = r#"{
  "01-referral-with-consent-allowed.json": {
    "decision": "allow",
    "kind": null,
    "rules": ["Protection referral to a partner under the agreement, with consent"]
  },
  "02-fingerprints-to-partner-denied.json": {
    "decision": "deny",
    "kind": "forbidden",
    "rules": ["Biometric data is not shared with partners"]
  }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_break_the_header_are_refused() {
        assert_eq!(policy_name("  Referrals "), Ok("Referrals".to_owned()));
        assert!(policy_name("a \" b").is_err());
        assert!(policy_name("a\nb").is_err());
        assert!(policy_name("").is_err());
    }

    #[test]
    fn dates_follow_the_day_of_writing() {
        let day = time::macros::date!(2031 - 03 - 04);
        let files = starter_pack("P", day);
        let main = &files
            .iter()
            .find(|(p, _)| p == "main.policy")
            .expect("main")
            .1;
        assert!(main.contains("valid 2031-01-01 to 2032-12-31"), "{main}");
        assert!(main.starts_with("policy \"P\""), "{main}");
        let flow = &files[3].1;
        assert!(flow.contains("\"at\": \"2031-03-04T09:00:00Z\""), "{flow}");
    }
}
