//! `mandate gate` end to end: a flow decided on what a CSV holds, its obligations carried
//! out on the data, and nothing written whenever anything stops it.

use crate::common::{code, mandate_with_env};
use std::path::{Path, PathBuf};

/// A small self-contained pack: a partner may receive referrals (minimised, names
/// pseudonymised, 90 days), a donor aggregates by place and sex with k >= 5, the press never
/// receives health data.
const POLICY: &str = r##"policy "Gate test" version "1"
category personal personal sensitivity moderate hxl "#respondee"
category personal.name hxl "#respondee+name"
category personal.phone hxl "#contact+phone"
category personal.age hxl "#respondee+age"
category personal.sex hxl "#respondee+sex"
category personal.health sensitivity high hxl "#respondee+health"
category place hxl "#adm1"
category meta hxl "#date", "#indicator+weight"
purpose referral
purpose reporting
purpose research
party kind partner
party kind donor
party kind press
party kind university
party kind archive
party uni kind university jurisdiction "KE"
party vault kind archive jurisdiction "KE"
party office kind partner jurisdiction "KE"
party ngo kind partner jurisdiction "KE"
party funder kind donor jurisdiction "KE"
party paper kind press jurisdiction "KE"

allow "Referral to a partner"
  when recipient is partner and purpose within referral
  require minimize to [personal.name, personal.phone, personal.age, personal.sex, place, meta],
          pseudonymize [personal.name],
          retain at most 90 days
  cite "test"

allow "Reporting to a donor"
  when recipient is donor and purpose within reporting
  require aggregate by [place, sex] with k >= 5
  cite "test"

allow "Statistics to the press"
  when recipient is press and purpose within reporting
  require aggregate by [place] with k >= 3
  cite "test"

allow "Survey microdata to a university"
  when recipient is university and purpose within research
  require minimize to [personal.age, personal.sex, place],
          k-anonymity on [personal.age, personal.sex, place] with k >= 3 suppressing at most 20%
  cite "test"

require "Research releases keep the risk low"
  when recipient is university
  require k-anonymity on [place] with k >= 4,
          reidentification risk at most 30% on [personal.age, personal.sex, place]
  cite "test"

allow "Microdata to an archive"
  when recipient is archive and purpose within research
  require minimize to [personal.age, personal.sex, place],
          reidentification risk at most 10% on [personal.age, personal.sex, place]
  cite "test"

deny "Health data never to the press"
  when recipient is press and data includes personal.health
  cite "test"
"##;

const DATA: &str = "\
name,phone,age,sex,health,district,registered
#respondee+name,#contact+phone,#respondee+age,#respondee+sex,#respondee+health,#adm1,#date
Amina,+254700000001,34,f,diabetes,Turkana,2026-04-01
Brian,=HYPERLINK(\"http://x\"),29,m,,Turkana,2026-04-02
Chen,+254700000003,41,f,,Garissa,2025-01-15
Dalia,+254700000004,22,f,asthma,Garissa,2026-05-01
";

struct Pack {
    dir: PathBuf,
}

impl Pack {
    fn new(name: &str) -> Pack {
        let dir =
            std::env::temp_dir().join(format!("mandate-gate-it-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("pack")).unwrap();
        std::fs::write(dir.join("pack/main.policy"), POLICY).unwrap();
        std::fs::write(dir.join("data.csv"), DATA).unwrap();
        std::fs::write(dir.join("key"), "a test key of thirty-two bytes!!\n").unwrap();
        Pack { dir }
    }

    fn flow(&self, to: &str, purpose: &str, data: &[&str]) -> String {
        let path = self.dir.join(format!("flow-{to}.json"));
        let flow = serde_json::json!({
            "id": "g-1", "at": "2026-05-12T09:00:00Z", "from": "office", "to": to,
            "data": data, "purpose": purpose
        });
        std::fs::write(&path, flow.to_string()).unwrap();
        path.display().to_string()
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    fn gate(&self, flow: &str, data: &str, out: &str, extra: &[&str]) -> std::process::Output {
        let pack = self.path("pack");
        let mut args = vec![
            "gate", "--policy", &pack, "--flow", flow, "--data", data, "-o", out,
        ];
        args.extend_from_slice(extra);
        mandate_with_env(&args, None, &[("NO_COLOR", "1")])
    }

    /// Files in the folder besides the pack and the inputs: what the gate left behind.
    fn leftovers(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                !matches!(n.as_str(), "pack" | "data.csv" | "key")
                    && !n.starts_with("flow-")
                    && !n.starts_with("in-")
            })
            .collect();
        names.sort();
        names
    }
}

impl Drop for Pack {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn text(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn read_csv(path: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn a_referral_is_minimised_pseudonymised_and_kept_within_retention() {
    let p = Pack::new("referral");
    let flow = p.flow("ngo", "referral", &["personal.name"]);
    let out = p.path("out.csv");
    let key = p.path("key");
    let o = p.gate(&flow, &p.path("data.csv"), &out, &["--key-file", &key]);
    let (stdout, stderr) = text(&o);
    assert_eq!(code(&o), 0, "{stdout}{stderr}");
    let rows = read_csv(&out);
    // The health column is outside the permitted categories: dropped.
    assert_eq!(
        rows[0],
        ["name", "phone", "age", "sex", "district", "registered"]
    );
    assert_eq!(rows[1][0], "#respondee+name");
    // Chen registered 2025-01-15, more than 90 days before the flow: dropped.
    assert_eq!(rows.len(), 2 + 3);
    assert!(rows.iter().all(|r| r[0] != "Chen"));
    // Names are tokens; the phone that a spreadsheet would run as a formula is defused.
    assert!(
        rows[2..]
            .iter()
            .all(|r| r[0].len() == 64 && r[0] != "Amina")
    );
    assert_eq!(rows[3][1], "'=HYPERLINK(\"http://x\")");
    assert!(stdout.contains("health"), "{stdout}");
    assert!(!stdout.contains("thirty-two") && !stderr.contains("thirty-two"));
    // Stable tokens: the same key gives the same release.
    let again = p.path("again.csv");
    assert_eq!(
        code(&p.gate(&flow, &p.path("data.csv"), &again, &["--key-file", &key])),
        0
    );
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
    // The key from the environment gives the same tokens as the file.
    let env_out = p.path("env.csv");
    let pack = p.path("pack");
    let data = p.path("data.csv");
    let o = mandate_with_env(
        &[
            "gate", "--policy", &pack, "--flow", &flow, "--data", &data, "-o", &env_out,
        ],
        None,
        &[("MANDATE_GATE_KEY", "a test key of thirty-two bytes!!")],
    );
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&env_out).unwrap()
    );
}

#[test]
fn without_a_key_pseudonymisation_is_refused_and_nothing_written() {
    let p = Pack::new("nokey");
    let flow = p.flow("ngo", "referral", &[]);
    let out = p.path("out.csv");
    let o = p.gate(&flow, &p.path("data.csv"), &out, &[]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 2, "{stderr}");
    assert!(stderr.contains("MANDATE_GATE_KEY"), "{stderr}");
    assert!(p.leftovers().is_empty(), "{:?}", p.leftovers());
}

#[test]
fn the_columns_decide_the_flow_whatever_it_declares() {
    let p = Pack::new("denied");
    // The flow declares only places, but the data carries health: forbidden for the press.
    let flow = p.flow("paper", "reporting", &["place"]);
    let out = p.path("out.csv");
    let o = p.gate(&flow, &p.path("data.csv"), &out, &[]);
    let (stdout, stderr) = text(&o);
    assert_eq!(code(&o), 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("Health data never to the press"),
        "{stdout}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(p.leftovers().is_empty());
    // The same in JSON: the decision, and released false.
    let o = p.gate(&flow, &p.path("data.csv"), &out, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["released"], false);
    assert_eq!(v["decision"]["decision"], "deny");
}

#[test]
fn an_unmapped_or_misspelt_column_is_never_passed_through() {
    let p = Pack::new("unmapped");
    let data = p.path("in-typo.csv");
    std::fs::write(
        &data,
        "name,district\n#respondee+name,#adm2\nAmina,Turkana\n",
    )
    .unwrap();
    let flow = p.flow("funder", "reporting", &[]);
    let o = p.gate(&flow, &data, &p.path("out.csv"), &[]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 1, "{stderr}");
    assert!(stderr.contains("column 2 (district)"), "{stderr}");
    assert!(stderr.contains("#adm2"), "{stderr}");
    assert!(stderr.contains("did you mean #adm1?"), "{stderr}");
    assert!(p.leftovers().is_empty());
}

#[test]
fn bad_input_names_its_row_and_column_and_writes_nothing() {
    let p = Pack::new("bad");
    let flow = p.flow("paper", "reporting", &[]);
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "ragged",
            b"a,b\n#adm1,#date\nx,2026-01-01\ny\n",
            "row 4 has 1 cells",
        ),
        ("utf8", b"a,b\n#adm1,#date\nx,\xff\n", "row 3, column 2 (b)"),
        ("empty", b"", "empty"),
        ("hxl", b"a,b\n#adm1,date\n", "column 2 (b)"),
        ("nohxl", b"a,b\nx,y\n", "HXL"),
    ];
    for (name, bytes, says) in cases {
        let data = p.path(&format!("in-{name}.csv"));
        std::fs::write(&data, bytes).unwrap();
        let o = p.gate(&flow, &data, &p.path("out.csv"), &[]);
        let (_, stderr) = text(&o);
        assert_eq!(code(&o), 2, "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(p.leftovers().is_empty(), "{name}");
    }
    // A cell over the cap: refused with its place, even a large one.
    let data = p.path("in-big.csv");
    let mut big = b"a,b\n#adm1,#date\nx,\"".to_vec();
    big.extend(std::iter::repeat_n(b'y', 3 * 1024 * 1024));
    big.extend(b"\"\n");
    std::fs::write(&data, big).unwrap();
    let o = p.gate(&flow, &data, &p.path("out.csv"), &[]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 2, "{stderr}");
    assert!(stderr.contains("row 3"), "{stderr}");
    assert!(p.leftovers().is_empty());
}

#[test]
fn a_bad_record_date_stops_retention_with_its_row() {
    let p = Pack::new("date");
    let data = p.path("in-date.csv");
    std::fs::write(
        &data,
        "name,registered\n#respondee+name,#date\nAmina,2026-05-01\nBrian,01/05/2026\n",
    )
    .unwrap();
    let flow = p.flow("ngo", "referral", &[]);
    let key = p.path("key");
    let o = p.gate(&flow, &data, &p.path("out.csv"), &["--key-file", &key]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 2, "{stderr}");
    assert!(stderr.contains("row 4, column 2 (registered)"), "{stderr}");
    assert!(p.leftovers().is_empty());
}

#[test]
fn a_donor_gets_cells_with_small_ones_and_their_complements_suppressed() {
    let p = Pack::new("aggregate");
    let mut data = String::from("district,sex,age\n#adm1,#respondee+sex,#respondee+age\n");
    for (district, sex, n) in [("A", "f", 9), ("A", "m", 2), ("B", "f", 7), ("B", "m", 6)] {
        for i in 0..n {
            data.push_str(&format!("{district},{sex},{}\n", 20 + i));
        }
    }
    let path = p.path("in-agg.csv");
    std::fs::write(&path, data).unwrap();
    let flow = p.flow("funder", "reporting", &[]);
    let out = p.path("out.csv");
    let o = p.gate(&flow, &path, &out, &["--format", "json", "--sum", "age"]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["released"], true);
    assert_eq!(v["report"]["cells"]["primary"], 1);
    assert_eq!(v["report"]["cells"]["secondary"], 3);
    let rows = read_csv(&out);
    assert_eq!(rows[0], ["district", "sex", "count", "sum_age"]);
    assert_eq!(
        rows[1],
        [
            "#adm1",
            "#respondee+sex",
            "#indicator+count",
            "#respondee+age+sum"
        ]
    );
    // A/m (2) is below 5; A/f and B/m protect it, and B/f them: a 2x2 table loses all.
    assert!(rows[2..].iter().all(|r| r[2].is_empty() && r[3].is_empty()));
    assert!(
        v["report"]["input_sha256"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
}

#[test]
fn a_column_map_stands_in_for_the_hxl_row() {
    let p = Pack::new("map");
    let data = p.path("in-map.csv");
    std::fs::write(&data, "who,where,when\nAmina,Turkana,2026-05-01\n").unwrap();
    let map = p.path("in-map-columns.csv");
    std::fs::write(
        &map,
        "column,category,role\nwho,personal.name\nwhere,place\nwhen,meta,date\n",
    )
    .unwrap();
    let flow = p.flow("ngo", "referral", &[]);
    let out = p.path("out.csv");
    let key = p.path("key");
    let o = p.gate(&flow, &data, &out, &["--columns", &map, "--key-file", &key]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let rows = read_csv(&out);
    assert_eq!(rows[0], ["who", "where", "when"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][1], "Turkana");
    let _ = Path::new(&out);
    // The same map with hashtags for categories, one carrying an attribute no declaration
    // has: read as a tagged column is, the same cells, now under the HXL row the hashtags
    // give (as a tagged file's release has).
    std::fs::write(
        &map,
        "column,category,role\nwho,#respondee+name+f\nwhere,#adm1\nwhen,#date,date\n",
    )
    .unwrap();
    let tagged = p.path("out-tagged.csv");
    let o = p.gate(
        &flow,
        &data,
        &tagged,
        &["--columns", &map, "--key-file", &key],
    );
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let tagged = read_csv(&tagged);
    assert_eq!(tagged[0], rows[0]);
    assert_eq!(tagged[1], ["#respondee+f+name", "#adm1", "#date"]);
    assert_eq!(tagged[2..], rows[1..]);
}

/// A survey of `n` people: age band, sex and district skewed so that some combinations are
/// rare, deterministic.
fn survey(n: usize, seed: u64, weights: bool) -> String {
    let mut s = seed;
    let mut next = |m: u64| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((((s >> 33) % (m * m)) as f64).sqrt()) as u64
    };
    let mut out = String::from(
        "age,sex,district,name,weight\n#respondee+age,#respondee+sex,#adm1,#respondee+name,#indicator+weight\n",
    );
    for i in 0..n {
        let age = ["0-4", "5-17", "18-59", "60+"][next(4) as usize];
        let sex = ["f", "m"][next(2) as usize];
        let district =
            ["Turkana", "Garissa", "Dadaab", "Kakuma", "Lodwar", "Wajir"][next(6) as usize];
        let w = if weights { 5 + next(20) } else { 1 };
        out.push_str(&format!("{age},{sex},{district},Person {i},{w}\n"));
    }
    out
}

fn class_sizes(rows: &[Vec<String>], cols: &[usize]) -> Vec<usize> {
    rows.iter()
        .map(|a| {
            rows.iter()
                .filter(|b| cols.iter().all(|&c| a[c] == b[c]))
                .count()
        })
        .collect()
}

#[test]
fn microdata_is_made_k_anonymous_and_measured_as_an_independent_count_does() {
    let p = Pack::new("kanon");
    let data = p.path("in-survey.csv");
    std::fs::write(&data, survey(300, 11, false)).unwrap();
    let flow = p.flow("uni", "research", &[]);
    let out = p.path("out.csv");
    let o = p.gate(&flow, &data, &out, &["--format", "json"]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = v["decision"]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["type"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"k_anonymity") && kinds.contains(&"reidentification_risk"));
    let rows = read_csv(&out);
    // Names and weights are outside the permitted categories.
    assert_eq!(rows[0], ["age", "sex", "district"]);
    let records = &rows[2..];
    assert_eq!(records.len(), 300);
    // Merged strictest-wins: k >= 4 (the require rule), on all three quasi-identifiers.
    let sizes = class_sizes(records, &[0, 1, 2]);
    let k = *sizes.iter().min().unwrap();
    assert!(k >= 4, "k = {k}");
    assert_eq!(v["report"]["k"], k as u64);
    let stars = records.iter().flatten().filter(|c| *c == "*").count();
    assert!(stars > 0, "the generated survey has rare combinations");
    assert_eq!(v["report"]["values_suppressed"], stars as u64);
    assert_eq!(v["report"]["values_total"], 900);
    // Without weights a record's risk is 1/(its class size); the global risk their mean.
    let direct = sizes.iter().map(|&f| 1.0 / f as f64).sum::<f64>() / sizes.len() as f64;
    let reported = v["report"]["risk"].as_f64().unwrap();
    assert!((reported - direct).abs() < 1e-9, "{reported} vs {direct}");
    pycanon_agrees(&out, k);
}

/// When pycanon is importable, its k-anonymity of the release is the k measured here.
fn pycanon_agrees(release: &str, k: usize) {
    let script = format!(
        "import sys\ntry:\n    import pandas as pd\n    from pycanon import anonymity\nexcept Exception:\n    sys.exit(3)\n\
df = pd.read_csv({release:?}, skiprows=[1], dtype=str, keep_default_na=False)\n\
print(anonymity.k_anonymity(df, ['age', 'sex', 'district']))\n"
    );
    let Ok(o) = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
    else {
        return;
    };
    if o.status.code() == Some(3) {
        eprintln!("pycanon is not importable: the comparison with it is skipped");
        return;
    }
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let theirs: usize = String::from_utf8_lossy(&o.stdout).trim().parse().unwrap();
    assert_eq!(theirs, k, "pycanon says k = {theirs}");
}

#[test]
fn more_suppression_than_the_policy_allows_is_refused() {
    let p = Pack::new("toomuch");
    // Everyone unique on every quasi-identifier: reaching k needs far more than 20%.
    let mut data = String::from("age,sex,district\n#respondee+age,#respondee+sex,#adm1\n");
    for i in 0..40 {
        data.push_str(&format!("{i},{},{}\n", ["f", "m"][i % 2], 100 + i));
    }
    let path = p.path("in-unique.csv");
    std::fs::write(&path, data).unwrap();
    let flow = p.flow("uni", "research", &[]);
    let o = p.gate(&flow, &path, &p.path("out.csv"), &["--format", "json"]);
    assert_eq!(code(&o), 1, "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "gate.too_much_suppression");
    assert!(v["error"]["message"].as_str().unwrap().contains("20%"));
    assert!(p.leftovers().is_empty());
}

#[test]
fn a_risk_above_the_bound_is_refused_and_weights_lower_it() {
    let p = Pack::new("risk");
    let data = p.path("in-survey.csv");
    std::fs::write(&data, survey(60, 5, false)).unwrap();
    let flow = p.flow("vault", "research", &[]);
    let o = p.gate(&flow, &data, &p.path("out.csv"), &[]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 1, "{stderr}");
    assert!(stderr.contains("re-identification risk"), "{stderr}");
    assert!(stderr.contains("10%"), "{stderr}");
    assert!(p.leftovers().is_empty());
    // With sampling weights (each record stands for 5 to 24 people), the sdcMicro estimate
    // is far lower, and here under the bound.
    std::fs::write(&data, survey(60, 5, true)).unwrap();
    let out = p.path("out.csv");
    let o = p.gate(&flow, &data, &out, &["--format", "json"]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let risk = v["report"]["risk"].as_f64().unwrap();
    assert!(risk > 0.0 && risk <= 0.10, "{risk}");
}

/// A survey of `n` records large enough to be read in several blocks, with what makes CSV
/// hard: quoted names with commas, doubled quotes and line breaks, CRLF and bare CR line
/// ends, blank lines, characters of several bytes, a formula, decimal weights.
fn hard_survey(n: usize) -> String {
    let mut s = 3u64;
    let mut next = |m: u64| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((((s >> 33) % (m * m)) as f64).sqrt()) as u64
    };
    let mut out = String::from(
        "age,sex,district,name,weight\n#respondee+age,#respondee+sex,#adm1,#respondee+name,#indicator+weight\n",
    );
    for i in 0..n {
        let age = ["0-4", "5-17", "18-59", "60+"][next(4) as usize];
        let sex = ["f", "m"][next(2) as usize];
        let district = [
            "Turkana", "Garissa", "Dadaab", "Kakuma", "Lodwar", "Wajir", "Ré",
        ][next(7) as usize];
        let name = match i % 97 {
            0 => format!("\"Person, {i}\""),
            1 => format!("\"Person \"\"{i}\"\"\""),
            2 => format!("\"Person\n{i}\""),
            3 => "=1+1".to_owned(),
            _ => format!("Personne {i} é"),
        };
        let weight = match next(3) {
            0 => format!("{}.{}", 1 + next(9), next(10)),
            _ => (5 + next(20)).to_string(),
        };
        let end = match i % 53 {
            0 => "\r\n",
            1 => "\n\n",
            2 => "\r",
            _ => "\n",
        };
        out.push_str(&format!("{age},{sex},{district},{name},{weight}{end}"));
    }
    out
}

/// Aggregation, k-anonymity and the risk bound read a CSV file on several threads: the
/// release, its report and the input's hash are those of the reading on one thread
/// (`--threads 1`), and so is any error, with its row and column.
#[test]
fn the_release_and_its_errors_are_the_same_whatever_the_number_of_threads() {
    let p = Pack::new("threads");
    let data = p.path("in-hard.csv");
    let survey = hard_survey(150_000);
    assert!(survey.len() > 3 << 20, "several blocks of 1 MiB");
    std::fs::write(&data, &survey).unwrap();
    let runs: [(&str, &str, &[&str]); 3] = [
        ("funder", "reporting", &["--sum", "weight"]),
        ("uni", "research", &[]),
        ("vault", "research", &[]),
    ];
    for (to, purpose, extra) in runs {
        let flow = p.flow(to, purpose, &[]);
        let mut seen: Option<(Vec<u8>, serde_json::Value, String)> = None;
        for threads in ["1", "2", "3"] {
            let out = p.path(&format!("out-{to}-{threads}.csv"));
            let mut args = vec!["--format", "json", "--threads", threads];
            args.extend_from_slice(extra);
            let o = p.gate(&flow, &data, &out, &args);
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let release = std::fs::read(&out).unwrap_or_default();
            let got = (
                release,
                v["report"].clone(),
                String::from_utf8_lossy(&o.stderr).into(),
            );
            match &seen {
                None => seen = Some(got),
                Some(first) => assert!(*first == got, "{to} with {threads} threads"),
            }
        }
        let (release, report, _) = seen.unwrap();
        if to != "vault" {
            assert!(!release.is_empty(), "{to}: {report}");
        }
    }
    // Errors late in the file, each in a later block than the first: the same words.
    let late = survey.len() - 1000;
    let cut = late + survey[late..].find('\n').unwrap() + 1;
    let cases: [(&str, &str, &str, &str, &[&str]); 4] = [
        (
            "number",
            "60+,f,Wajir,Someone,many\n",
            "funder",
            "reporting",
            &["--sum", "weight"],
        ),
        (
            "weight",
            "60+,f,Wajir,Someone,-2\n",
            "vault",
            "research",
            &[],
        ),
        ("ragged", "60+,f,Wajir\n", "uni", "research", &[]),
        ("utf8", "(bad UTF-8)", "uni", "research", &[]),
    ];
    for (name, line, to, purpose, extra) in cases {
        let mut bytes = survey.as_bytes()[..cut].to_vec();
        if name == "utf8" {
            bytes.extend_from_slice(b"60+,f,W\xffjir,Someone,4\n");
        } else {
            bytes.extend_from_slice(line.as_bytes());
        }
        bytes.extend_from_slice(&survey.as_bytes()[cut..]);
        let path = p.path(&format!("in-{name}.csv"));
        std::fs::write(&path, &bytes).unwrap();
        let flow = p.flow(to, purpose, &[]);
        let mut said: Option<String> = None;
        for threads in ["1", "3"] {
            let mut args = vec!["--threads", threads];
            args.extend_from_slice(extra);
            let o = p.gate(&flow, &path, &p.path("out.csv"), &args);
            let (_, stderr) = text(&o);
            assert_eq!(code(&o), 2, "{name}, {threads} threads: {stderr}");
            assert!(stderr.contains("row "), "{name}: {stderr}");
            match &said {
                None => said = Some(stderr),
                Some(first) => assert_eq!(*first, stderr, "{name}"),
            }
        }
        assert!(
            p.leftovers().iter().all(|n| n.starts_with("out-")),
            "{name}"
        );
    }
}

#[test]
fn the_new_obligations_merge_strictest_wins_and_read_in_every_language() {
    let engine = mandate::Engine::from_sources([("p.policy", POLICY)]).unwrap();
    let flow = r#"{"id":"f","at":"2026-05-12T09:00:00Z","from":"office","to":"uni",
        "data":["personal.age"],"purpose":"research"}"#;
    let d = engine.decide_json(flow);
    let kanon = d
        .obligations
        .iter()
        .find(|o| o.kind == "k_anonymity")
        .unwrap();
    assert_eq!(
        kanon.text,
        "k-anonymity on [personal.age, personal.sex, place] with k >= 4 suppressing at most 20%"
    );
    assert_eq!(
        kanon.value,
        serde_json::json!({"on": ["personal.age", "personal.sex", "place"], "k": 4, "max_suppressed": 2000})
    );
    assert_eq!(
        kanon.imposed_by,
        [
            "Research releases keep the risk low",
            "Survey microdata to a university"
        ]
    );
    let risk = d
        .obligations
        .iter()
        .find(|o| o.kind == "reidentification_risk")
        .unwrap();
    assert_eq!(
        risk.text,
        "reidentification risk at most 30% on [personal.age, personal.sex, place]"
    );
    let fr = engine.decide_json_in(flow, mandate::words::Lang::FR);
    assert!(
        fr.obligations
            .iter()
            .any(|o| o.text.starts_with("k-anonymat sur [")),
        "{:?}",
        fr.obligations
    );
    // `check` shows them.
    assert!(
        d.to_text().contains("k >= 4 suppressing at most 20%"),
        "{}",
        d.to_text()
    );
}

#[test]
fn fmt_keeps_the_new_obligations_as_written() {
    let text = "policy \"t\"\ncategory personal\nallow \"x\" when true\n  require k-anonymity   on [personal]  with k >= 5 suppressing at most 2.5%,\n          reidentification risk at most 3% on [ personal ]\n  cite \"c\"\n";
    let formatted = mandate::tools::fmt::format(mandate::source::FileId(0), text).unwrap();
    assert!(
        formatted
            .contains("require k-anonymity on [personal] with k >= 5 suppressing at most 2.5%,"),
        "{formatted}"
    );
    assert!(
        formatted.contains("reidentification risk at most 3% on [personal]"),
        "{formatted}"
    );
    let a = mandate::Engine::from_sources([("a.policy", text)]).unwrap();
    let b = mandate::Engine::from_sources([("b.policy", formatted.as_str())]).unwrap();
    assert_eq!(a.policy().hash, b.policy().hash);
}

/// A log that cannot be opened stops the run before anything is released, and the log's own
/// reason is said in the reader's language, not left in English.
#[test]
fn a_log_that_cannot_be_opened_is_said_in_the_readers_language() {
    let p = Pack::new("unloggable");
    let log = p.path("log");
    std::fs::create_dir_all(&log).unwrap();
    let inside = Path::new(&log).join("log.key").display().to_string();
    let out = p.path("out.csv");
    let (pack, flow, data) = (
        p.path("pack"),
        p.flow("ngo", "referral", &[]),
        p.path("data.csv"),
    );
    let env = [("NO_COLOR", "1"), ("MANDATE_LOG_KEY", inside.as_str())];
    let run = |lang: &str| {
        let args = [
            "gate", "--policy", &pack, "--flow", &flow, "--data", &data, "-o", &out, "--log", &log,
            "--lang", lang,
        ];
        mandate_with_env(&args, None, &env)
    };
    let fr = run("fr");
    assert_eq!(code(&fr), 2, "{:?}", text(&fr));
    let (_, err) = text(&fr);
    assert!(err.contains("inscrite au journal des décisions"), "{err}");
    assert!(err.contains("hors du dossier du journal"), "{err}");
    let (_, err) = text(&run("en"));
    assert!(err.contains("must be kept outside the log folder"), "{err}");
    assert!(!Path::new(&out).exists());
}

#[test]
fn each_run_is_attested_in_the_signed_log_and_verify_covers_it() {
    let p = Pack::new("attest");
    let log = p.path("log");
    let log_key = p.path("log.key");
    let key = p.path("key");
    let data = p.path("data.csv");
    let out = p.path("out.csv");
    let env = [("NO_COLOR", "1"), ("MANDATE_LOG_KEY", log_key.as_str())];
    let run = |flow: &str, extra: &[&str]| {
        let pack = p.path("pack");
        let mut args = vec![
            "gate", "--policy", &pack, "--flow", flow, "--data", &data, "-o", &out, "--log", &log,
        ];
        args.extend_from_slice(extra);
        mandate_with_env(&args, None, &env)
    };
    // One release and one denial.
    let o = run(&p.flow("ngo", "referral", &[]), &["--key-file", &key]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let released = std::fs::read(&out).unwrap();
    assert_eq!(code(&run(&p.flow("paper", "reporting", &[]), &[])), 1);
    let lines = std::fs::read_to_string(Path::new(&log).join("decisions.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    let gate = &records[0]["gate"];
    assert_eq!(gate["released"], true);
    assert_eq!(gate["report"]["dropped"], serde_json::json!(["health"]));
    assert_eq!(gate["report"]["records_expired"], 1);
    use sha2::Digest;
    let expected = format!("sha256:{}", hex(&sha2::Sha256::digest(&released)));
    assert_eq!(gate["report"]["output_sha256"], expected.as_str());
    let input = format!("sha256:{}", hex(&sha2::Sha256::digest(DATA.as_bytes())));
    assert_eq!(gate["input_sha256"], input.as_str());
    assert!(
        gate["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["type"] == "pseudonymize")
    );
    assert_eq!(records[1]["gate"]["released"], false);
    assert_eq!(records[1]["gate"]["input_sha256"], input.as_str());
    // The key is in no record.
    assert!(!lines.contains("thirty-two"));
    // verify covers the attestation: intact, then an edited attestation breaks the chain.
    let verify = |log: &str| mandate_with_env(&["log", "verify", log], None, &env);
    assert_eq!(code(&verify(&log)), 0, "{:?}", text(&verify(&log)));
    // `log show` renders it.
    let id = records[0]["id"].as_str().unwrap();
    let shown = mandate_with_env(&["log", "show", id, "--log", &log], None, &env);
    let (stdout, _) = text(&shown);
    assert!(stdout.contains(&input), "{stdout}");
    assert!(stdout.contains("columns dropped"), "{stdout}");
    let edited = lines.replacen("\"records_expired\":1", "\"records_expired\":0", 1);
    assert_ne!(edited, lines);
    std::fs::write(Path::new(&log).join("decisions.jsonl"), edited).unwrap();
    assert_eq!(code(&verify(&log)), 1);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_register_refuses_a_release_that_differs_from_an_earlier_one_by_a_small_group() {
    let p = Pack::new("register");
    let register = p.path("register");
    let table = |extra: usize| {
        let mut data = String::from("district,sex\n#adm1,#respondee+sex\n");
        for (district, sex, n) in [
            ("A", "f", 20),
            ("A", "m", 30),
            ("B", "f", 25),
            ("B", "m", 40),
        ] {
            let n = if district == "A" && sex == "f" {
                n + extra
            } else {
                n
            };
            for _ in 0..n {
                data.push_str(&format!("{district},{sex}\n"));
            }
        }
        data
    };
    let flow = p.flow("funder", "reporting", &[]);
    let data = p.path("in-month.csv");
    let run = |out: &str| {
        p.gate(
            &flow,
            &data,
            out,
            &[
                "--register",
                &register,
                "--population",
                "kakuma",
                "--format",
                "json",
            ],
        )
    };
    std::fs::write(&data, table(0)).unwrap();
    let o = run(&p.path("out-1.csv"));
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["report"]["registered"], "r000001");
    // Two more women in district A a month later: the difference isolates them.
    std::fs::write(&data, table(2)).unwrap();
    let second = p.path("out-2.csv");
    let o = run(&second);
    assert_eq!(code(&o), 1, "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "gate.differencing");
    assert!(v["error"]["message"].as_str().unwrap().contains("r000001"));
    assert!(!Path::new(&second).exists());
    // Twenty more: no small group, released and recorded.
    std::fs::write(&data, table(20)).unwrap();
    let o = run(&p.path("out-3.csv"));
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let files: Vec<String> = std::fs::read_dir(&register)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
}

#[test]
fn the_bundled_example_releases_what_its_rules_require() {
    let dir = std::env::temp_dir().join(format!("mandate-gate-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack = "policies/gate-example";
    let data = format!("{pack}/data/registration.csv");
    let gate = |flow: &str, out: &Path| {
        let flow = format!("{pack}/flows/{flow}.json");
        let out = out.display().to_string();
        let o = mandate_with_env(
            &[
                "gate", "--policy", pack, "--flow", &flow, "--data", &data, "-o", &out, "--format",
                "json",
            ],
            None,
            &[("NO_COLOR", "1")],
        );
        assert_eq!(code(&o), 0, "{:?}", text(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let donor = dir.join("donor.csv");
    let v = gate("01-registration-statistics-to-donor-allowed", &donor);
    let rows = read_csv(&donor.display().to_string());
    assert_eq!(rows[0], ["county", "sex", "count"]);
    assert!(
        rows[2..]
            .iter()
            .all(|r| r[2].is_empty() || r[2].parse::<u64>().unwrap() >= 10)
    );
    assert_eq!(v["report"]["records_in"], 1200);
    let micro = dir.join("micro.csv");
    let v = gate("04-survey-microdata-to-university-allowed", &micro);
    assert!(v["report"]["k"].as_u64().unwrap() >= 5);
    assert!(v["report"]["risk"].as_f64().unwrap() <= 0.03);
    let rows = read_csv(&micro.display().to_string());
    assert_eq!(rows[0], ["sex", "age_group", "county"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn progress_is_reported_in_bytes_read_up_to_the_whole_file() {
    use std::sync::{Arc, Mutex};
    let dir = std::env::temp_dir().join(format!("mandate-gate-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("in.csv");
    let mut text = String::from("district,sex\n#adm1,#respondee+sex\n");
    for i in 0..10_000 {
        text.push_str(&format!("D{},{}\n", i % 3, ["f", "m"][i % 2]));
    }
    std::fs::write(&data, &text).unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let engine = mandate::Engine::from_sources([("p.policy", POLICY)]).unwrap();
    let request = mandate::gate::Request {
        progress: Some(mandate::gate::Progress(Arc::new(move |n| {
            record.lock().unwrap().push(n)
        }))),
        ..mandate::gate::Request::new(
            r#"{"id":"p","at":"2026-05-12T09:00:00Z","from":"office","to":"funder","data":[],"purpose":"reporting"}"#,
            data.clone(),
            dir.join("out.csv"),
        )
    };
    // Read on one thread, progress is told every few thousand records.
    let request = mandate::gate::Request {
        threads: 1,
        ..request
    };
    let (decision, report) = mandate::gate::run(&engine, &request).unwrap();
    assert!(decision.is_allowed());
    assert_eq!(report.records_in, 10_000);
    {
        let mut seen = seen.lock().unwrap();
        assert!(seen.len() >= 3, "{seen:?}");
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        assert_eq!(*seen.last().unwrap(), text.len() as u64);
        seen.clear();
    }
    // Read on several threads, it is told block by block (1 MiB each).
    for i in 0..150_000 {
        text.push_str(&format!(
            "District number {},{}\n",
            i % 3,
            ["f", "m"][i % 2]
        ));
    }
    std::fs::write(&data, &text).unwrap();
    let request = mandate::gate::Request {
        threads: 2,
        ..request
    };
    let (_, report) = mandate::gate::run(&engine, &request).unwrap();
    assert_eq!(report.records_in, 160_000);
    let seen = seen.lock().unwrap();
    assert!(seen.len() >= 3, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(*seen.last().unwrap(), text.len() as u64);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `no re-identification` is the recipient's to keep: the gate releases and lists it as left
/// to the recipient. It cannot encrypt its release, so `encryption keys held by sender` stops
/// it, and nothing is written.
#[test]
fn no_reidentification_is_left_to_the_recipient_and_key_custody_is_refused() {
    fn find<'v>(v: &'v serde_json::Value, key: &str) -> Option<&'v serde_json::Value> {
        match v {
            serde_json::Value::Object(m) => {
                m.get(key).or_else(|| m.values().find_map(|x| find(x, key)))
            }
            serde_json::Value::Array(a) => a.iter().find_map(|x| find(x, key)),
            _ => None,
        }
    }
    let with = |p: &Pack, duty: &str| {
        let policy = POLICY.replacen(
            "          retain at most 90 days\n",
            &format!("          retain at most 90 days,\n          {duty}\n"),
            1,
        );
        std::fs::write(p.dir.join("pack/main.policy"), policy).unwrap();
        let flow = p.flow("ngo", "referral", &["personal.name"]);
        let key = p.path("key");
        p.gate(
            &flow,
            &p.path("data.csv"),
            &p.path("out.csv"),
            &["--key-file", &key, "--format", "json"],
        )
    };
    let p = Pack::new("noreid");
    let o = with(&p, "no re-identification");
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let left = find(&v, "left_to_recipient").expect("the report lists what is left");
    assert!(
        left.as_array()
            .unwrap()
            .iter()
            .any(|k| k == "no_reidentification"),
        "{v}"
    );
    let p = Pack::new("keys");
    let o = with(&p, "encryption keys held by sender");
    assert_ne!(code(&o), 0, "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "gate.unsupported_obligation", "{v}");
    assert!(p.leftovers().is_empty(), "{:?}", p.leftovers());
}
/// A cell of a test workbook.
#[cfg(feature = "gate-xlsx")]
#[derive(Clone)]
enum X {
    /// Text (an inline string).
    S(&'static str),
    /// A number.
    N(f64),
    /// A calendar date, shown with a date format.
    D(i32, u8, u8),
    /// An error value such as `#N/A`.
    E(&'static str),
    /// No cell.
    Blank,
}

/// Excel's serial day (1900 system) of a date after 1900-03-01.
#[cfg(feature = "gate-xlsx")]
fn serial(y: i32, m: u8, d: u8) -> i64 {
    // Days from civil (Howard Hinnant's algorithm), counted from 1899-12-30.
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let unix = era * 146_097 + doe - 719_468;
    unix + 25_569
}

/// A workbook with these sheets, each a list of rows (an empty row writes no `<row>`).
#[cfg(feature = "gate-xlsx")]
fn workbook(sheets: &[(&str, Vec<Vec<X>>)]) -> Vec<u8> {
    use std::io::Write;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
    );
    let mut book = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{main}\" xmlns:r=\"{rel}\"><sheets>"
    );
    let mut rels =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{pkg}\">");
    let mut parts = Vec::new();
    for (i, (name, rows)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!("<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"));
        book.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            esc(name)
        ));
        rels.push_str(&format!("<Relationship Id=\"rId{n}\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"));
        // The used range, as spreadsheet programs declare it (`A1:B3002`).
        let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let range = format!(
            "A1:{}{}",
            (b'A' + width as u8 - 1) as char,
            rows.len().max(1)
        );
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{main}\"><dimension ref=\"{range}\"/><sheetData>"
        );
        for (r, row) in rows.iter().enumerate() {
            if row.is_empty() {
                continue;
            }
            let r = r + 1;
            xml.push_str(&format!("<row r=\"{r}\">"));
            for (c, cell) in row.iter().enumerate() {
                let at = format!("{}{r}", (b'A' + c as u8) as char);
                match cell {
                    X::S(s) => xml.push_str(&format!(
                        "<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                        esc(s)
                    )),
                    X::N(v) => xml.push_str(&format!("<c r=\"{at}\"><v>{v}</v></c>")),
                    X::D(y, m, d) => xml.push_str(&format!(
                        "<c r=\"{at}\" s=\"1\"><v>{}</v></c>",
                        serial(*y, *m, *d)
                    )),
                    X::E(e) => {
                        xml.push_str(&format!("<c r=\"{at}\" t=\"e\"><v>{}</v></c>", esc(e)))
                    }
                    X::Blank => {}
                }
            }
            xml.push_str("</row>");
        }
        xml.push_str("</sheetData></worksheet>");
        parts.push((format!("xl/worksheets/sheet{n}.xml"), xml));
    }
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    rels.push_str(&format!(
        "<Relationship Id=\"rId{}\" Type=\"{rel}/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets.len() + 1
    ));
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"{main}\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>"
    );
    parts.push(("[Content_Types].xml".into(), types));
    parts.push(("_rels/.rels".into(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{pkg}\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")));
    parts.push(("xl/workbook.xml".into(), book));
    parts.push(("xl/_rels/workbook.xml.rels".into(), rels));
    parts.push(("xl/styles.xml".into(), styles));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The rows of `DATA` as a worksheet: numbers as numbers, dates as dates, a blank row in
/// the middle (spreadsheets have them; it is skipped).
#[cfg(feature = "gate-xlsx")]
fn data_sheet() -> Vec<Vec<X>> {
    use X::*;
    let header = [
        "name",
        "phone",
        "age",
        "sex",
        "health",
        "district",
        "registered",
    ];
    let tags = [
        "#respondee+name",
        "#contact+phone",
        "#respondee+age",
        "#respondee+sex",
        "#respondee+health",
        "#adm1",
        "#date",
    ];
    vec![
        header.iter().map(|h| S(h)).collect(),
        tags.iter().map(|t| S(t)).collect(),
        vec![
            S("Amina"),
            S("+254700000001"),
            N(34.0),
            S("f"),
            S("diabetes"),
            S("Turkana"),
            D(2026, 4, 1),
        ],
        vec![
            S("Brian"),
            S("=HYPERLINK(\"http://x\")"),
            N(29.0),
            S("m"),
            Blank,
            S("Turkana"),
            D(2026, 4, 2),
        ],
        vec![],
        vec![
            S("Chen"),
            S("+254700000003"),
            N(41.0),
            S("f"),
            Blank,
            S("Garissa"),
            D(2025, 1, 15),
        ],
        vec![
            S("Dalia"),
            S("+254700000004"),
            N(22.0),
            S("f"),
            S("asthma"),
            S("Garissa"),
            D(2026, 5, 1),
        ],
    ]
}

#[cfg(feature = "gate-xlsx")]
#[test]
fn an_xlsx_sheet_gates_to_the_same_release_as_the_same_table_in_csv() {
    let p = Pack::new("xlsx");
    let book = p.path("in-data.xlsx");
    let notes = vec![vec![X::S("about"), X::S("synthetic")]];
    std::fs::write(
        &book,
        workbook(&[("Registrations", data_sheet()), ("Notes", notes)]),
    )
    .unwrap();
    let key = p.path("key");
    let csv = p.path("data.csv");
    // Microdata (minimised, pseudonymised, retention by the date cells) and an aggregate.
    for (to, purpose) in [("ngo", "referral"), ("funder", "reporting")] {
        let flow = p.flow(to, purpose, &[]);
        let from_csv = p.path(&format!("{to}-csv.csv"));
        let from_xlsx = p.path(&format!("{to}-xlsx.csv"));
        let o = p.gate(&flow, &csv, &from_csv, &["--key-file", &key]);
        assert_eq!(code(&o), 0, "{:?}", text(&o));
        let o = p.gate(
            &flow,
            &book,
            &from_xlsx,
            &["--key-file", &key, "--format", "json"],
        );
        assert_eq!(code(&o), 0, "{:?}", text(&o));
        assert_eq!(
            std::fs::read_to_string(&from_csv).unwrap(),
            std::fs::read_to_string(&from_xlsx).unwrap(),
            "{to}"
        );
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(json["report"]["sheet"], "Registrations");
        use sha2::Digest;
        let input = format!(
            "sha256:{}",
            hex(&sha2::Sha256::digest(std::fs::read(&book).unwrap()))
        );
        assert_eq!(json["report"]["input_sha256"], input.as_str());
    }
    // Another sheet by name: the notes hold no categories.
    let flow = p.flow("ngo", "referral", &[]);
    let o = p.gate(&flow, &book, &p.path("notes.csv"), &["--sheet", "Notes"]);
    assert_eq!(code(&o), 2, "{:?}", text(&o));
    // A sheet that does not exist is named with those that do.
    let o = p.gate(&flow, &book, &p.path("none.csv"), &["--sheet", "Data"]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 2, "{stderr}");
    assert!(
        stderr.contains("“Data”") && stderr.contains("Registrations, Notes"),
        "{stderr}"
    );
    assert!(
        p.leftovers()
            .iter()
            .all(|n| n.ends_with("-csv.csv") || n.ends_with("-xlsx.csv")),
        "{:?}",
        p.leftovers()
    );
}

/// A change to a test sheet.
#[cfg(feature = "gate-xlsx")]
type Edit = Box<dyn Fn(&mut Vec<Vec<X>>)>;

#[cfg(feature = "gate-xlsx")]
fn edit(f: impl Fn(&mut Vec<Vec<X>>) + 'static) -> Edit {
    Box::new(f)
}

#[cfg(feature = "gate-xlsx")]
#[test]
fn bad_cells_in_a_workbook_are_named_by_sheet_and_cell_and_nothing_is_written() {
    let p = Pack::new("xlsx-bad");
    let key = p.path("key");
    let flow = p.flow("ngo", "referral", &[]);
    let out = p.path("out.csv");
    let cases: Vec<(&str, Edit, Vec<&str>)> = vec![
        // An error value: its meaning is unknown.
        (
            "error",
            edit(|s| s[3][2] = X::E("#N/A")),
            vec!["“Registrations”, cell C4", "#N/A"],
        ),
        // A date that is text, after the blank row: the sheet's own row number (7).
        (
            "date",
            edit(|s| s[6][6] = X::S("12/05/2026")),
            vec!["“Registrations”, cell G7", "12/05/2026"],
        ),
        // A value to the right of the last header.
        (
            "past",
            edit(|s| s[2].push(X::S("stray"))),
            vec!["cell H3", "no header"],
        ),
        // An HXL row with a cell that is not a hashtag.
        (
            "hxl",
            edit(|s| s[1][5] = X::S("district")),
            vec!["cell F2", "not a hashtag"],
        ),
    ];
    for (name, change, expected) in cases {
        let mut sheet = data_sheet();
        change(&mut sheet);
        let book = p.path(&format!("in-{name}.xlsx"));
        std::fs::write(&book, workbook(&[("Registrations", sheet)])).unwrap();
        let o = p.gate(&flow, &book, &out, &["--key-file", &key]);
        let (_, stderr) = text(&o);
        assert_eq!(code(&o), 2, "{name}: {stderr}");
        for e in expected {
            assert!(stderr.contains(e), "{name}: {stderr}");
        }
        assert!(p.leftovers().is_empty(), "{name}: {:?}", p.leftovers());
    }
    // A cell above the cap is refused with its cell, as in a CSV file.
    let mut sheet = data_sheet();
    sheet[2][4] = X::S(Box::leak("x".repeat(200).into_boxed_str()));
    let book = p.path("in-big.xlsx");
    std::fs::write(&book, workbook(&[("Registrations", sheet)])).unwrap();
    let o = p.gate(
        &flow,
        &book,
        &out,
        &["--key-file", &key, "--max-cell-bytes", "100"],
    );
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 2, "{stderr}");
    assert!(
        stderr.contains("cell E3") && stderr.contains("100 bytes"),
        "{stderr}"
    );
    // Bytes that start like a workbook but are not one.
    let broken = p.path("in-broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let o = p.gate(&flow, &broken, &out, &["--key-file", &key]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 2, "{stderr}");
    assert!(stderr.contains("XLSX"), "{stderr}");
    assert!(p.leftovers().is_empty(), "{:?}", p.leftovers());
}

/// Decrypts an age file with `identity`.
#[cfg(feature = "gate-age")]
fn decrypt(identity: &age::x25519::Identity, path: &str) -> String {
    use std::io::Read;
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"age-encryption.org/v1"),
        "not an age file"
    );
    let d = age::Decryptor::new(&bytes[..]).unwrap();
    let mut plain = String::new();
    d.decrypt(std::iter::once(identity as &dyn age::Identity))
        .unwrap()
        .read_to_string(&mut plain)
        .unwrap();
    plain
}

#[cfg(feature = "gate-age")]
#[test]
fn a_release_that_must_be_encrypted_at_rest_is_refused_without_a_recipient_and_decrypts_with_one() {
    let p = Pack::new("age");
    // A registry keeps microdata, encrypted at rest.
    let policy = format!(
        "{POLICY}\nparty kind registry\nparty store kind registry jurisdiction \"KE\"\n\
         allow \"Records to the registry, encrypted\"\n  \
         when recipient is registry and purpose within referral\n  \
         require minimize to [personal.age, personal.sex, place], encrypt at_rest\n  \
         cite \"test\"\n"
    );
    std::fs::write(p.dir.join("pack/main.policy"), policy).unwrap();
    let data = p.path("data.csv");
    let flow = p.flow("store", "referral", &[]);
    let out = p.path("out.csv");
    let log = p.path("log");
    let log_key = p.path("log.key");
    let env = [("NO_COLOR", "1"), ("MANDATE_LOG_KEY", log_key.as_str())];
    let run = |extra: &[&str]| {
        let pack = p.path("pack");
        let mut args = vec![
            "gate", "--policy", &pack, "--flow", &flow, "--data", &data, "-o", &out, "--log", &log,
        ];
        args.extend_from_slice(extra);
        mandate_with_env(&args, None, &env)
    };
    // No recipient: refused, nothing written.
    let o = run(&[]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 1, "{stderr}");
    assert!(stderr.contains("--recipient"), "{stderr}");
    assert!(!Path::new(&out).exists());
    // A recipient that is not a key: named.
    let o = run(&["--recipient", "age1notakey"]);
    assert_eq!(code(&o), 2, "{:?}", text(&o));
    assert!(text(&o).1.contains("age1notakey"));
    assert!(!Path::new(&out).exists());
    // With a recipient: the file decrypts with its identity to the plain release.
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let o = run(&["--recipient", &public]);
    let (stdout, stderr) = text(&o);
    assert_eq!(code(&o), 0, "{stdout}{stderr}");
    assert!(stdout.contains(&public), "{stdout}");
    let plain = decrypt(&identity, &out);
    assert_eq!(
        plain,
        "age,sex,district\n#respondee+age,#respondee+sex,#adm1\n\
         34,f,Turkana\n29,m,Turkana\n41,f,Garissa\n22,f,Garissa\n"
    );
    // The attestation says it was encrypted, and to whom; its hash is of the file on disk.
    let lines = std::fs::read_to_string(Path::new(&log).join("decisions.jsonl")).unwrap();
    let last: serde_json::Value = serde_json::from_str(lines.lines().last().unwrap()).unwrap();
    assert_eq!(
        last["gate"]["report"]["encrypted_to"],
        serde_json::json!([public])
    );
    use sha2::Digest;
    let on_disk = format!(
        "sha256:{}",
        hex(&sha2::Sha256::digest(std::fs::read(&out).unwrap()))
    );
    assert_eq!(last["gate"]["report"]["output_sha256"], on_disk.as_str());
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["gate"]["error"], "gate.no_recipient");
}

#[cfg(feature = "gate-age")]
#[test]
fn recipients_from_a_file_encrypt_any_release_to_the_same_plain_text() {
    let p = Pack::new("age-file");
    let flow = p.flow("funder", "reporting", &[]);
    let data = p.path("data.csv");
    let plain = p.path("plain.csv");
    assert_eq!(code(&p.gate(&flow, &data, &plain, &[])), 0);
    let one = age::x25519::Identity::generate();
    let two = age::x25519::Identity::generate();
    let file = p.path("recipients.txt");
    std::fs::write(
        &file,
        format!(
            "# the two offices\n{}\n\n{}\n",
            one.to_public(),
            two.to_public()
        ),
    )
    .unwrap();
    let sealed = p.path("sealed.csv");
    let o = p.gate(&flow, &data, &sealed, &["--recipient-file", &file]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let expected = std::fs::read_to_string(&plain).unwrap();
    assert_eq!(decrypt(&one, &sealed), expected);
    assert_eq!(decrypt(&two, &sealed), expected);
}

/// The rows of `DATA` as Arrow columns of their natural types (ages as integers, dates as
/// dates, the district dictionary-encoded as pandas writes a categorical), each field
/// carrying its hashtag in its metadata; `bad_date` stores the dates as text with one
/// record's date unreadable.
#[cfg(feature = "gate-parquet")]
fn data_batch(tags: bool, bad_date: Option<usize>) -> arrow_array::RecordBatch {
    use arrow_array::{ArrayRef, Date32Array, DictionaryArray, Int64Array, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use std::sync::Arc;
    let field = |name: &str, t: DataType, tag: &str| {
        let f = Field::new(name, t, true);
        if tags {
            f.with_metadata(std::collections::HashMap::from([(
                "hxl".to_owned(),
                tag.to_owned(),
            )]))
        } else {
            f
        }
    };
    // Days after 1970-01-01 of 2026-04-01, 2026-04-02, 2025-01-15 and 2026-05-01.
    let days = [20544, 20545, 20103, 20574];
    let (date_type, dates): (DataType, ArrayRef) = match bad_date {
        None => (DataType::Date32, Arc::new(Date32Array::from(days.to_vec()))),
        Some(bad) => (
            DataType::Utf8,
            Arc::new(StringArray::from(
                ["2026-04-01", "2026-04-02", "2025-01-15", "2026-05-01"]
                    .iter()
                    .enumerate()
                    .map(|(i, d)| if i == bad { "01/05/2026" } else { d })
                    .collect::<Vec<_>>(),
            )),
        ),
    };
    let district: DictionaryArray<arrow_array::types::Int32Type> =
        vec!["Turkana", "Turkana", "Garissa", "Garissa"]
            .into_iter()
            .collect();
    let schema = Schema::new(vec![
        field("name", DataType::Utf8, "#respondee+name"),
        field("phone", DataType::Utf8, "#contact+phone"),
        field("age", DataType::Int64, "#respondee+age"),
        field("sex", DataType::Utf8, "#respondee+sex"),
        field("health", DataType::Utf8, "#respondee+health"),
        field(
            "district",
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            "#adm1",
        ),
        field("registered", date_type, "#date"),
    ]);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec!["Amina", "Brian", "Chen", "Dalia"])),
        Arc::new(StringArray::from(vec![
            "+254700000001",
            "=HYPERLINK(\"http://x\")",
            "+254700000003",
            "+254700000004",
        ])),
        Arc::new(Int64Array::from(vec![34, 29, 41, 22])),
        Arc::new(StringArray::from(vec!["f", "m", "f", "f"])),
        Arc::new(StringArray::from(vec![
            Some("diabetes"),
            None,
            None,
            Some("asthma"),
        ])),
        Arc::new(district),
        dates,
    ];
    arrow_array::RecordBatch::try_new(Arc::new(schema), columns).unwrap()
}

/// `batch` as a Parquet file of row groups of two records, Snappy-compressed as pandas
/// writes them.
#[cfg(feature = "gate-parquet")]
fn parquet_bytes(batch: &arrow_array::RecordBatch) -> Vec<u8> {
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(2))
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build();
    let mut out = Vec::new();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
    out
}

/// `batch` as an Arrow IPC file (`file`) or stream, in two batches.
#[cfg(feature = "gate-parquet")]
fn arrow_bytes(batch: &arrow_array::RecordBatch, file: bool) -> Vec<u8> {
    arrow_bytes_compressed(batch, file, None)
}

/// `batch` as an Arrow IPC file (`file`) or stream, in two batches, its buffers compressed
/// with `codec` when there is one (as pyarrow's `write_feather` does, LZ4 by default).
#[cfg(feature = "gate-parquet")]
fn arrow_bytes_compressed(
    batch: &arrow_array::RecordBatch,
    file: bool,
    codec: Option<arrow_ipc::CompressionType>,
) -> Vec<u8> {
    use arrow_ipc::writer::IpcWriteOptions;
    let options = IpcWriteOptions::default()
        .try_with_compression(codec)
        .unwrap();
    let mut out = Vec::new();
    let halves = [batch.slice(0, 2), batch.slice(2, batch.num_rows() - 2)];
    if file {
        let mut w =
            arrow_ipc::writer::FileWriter::try_new_with_options(&mut out, &batch.schema(), options)
                .unwrap();
        for h in &halves {
            w.write(h).unwrap();
        }
        w.finish().unwrap();
    } else {
        let mut w = arrow_ipc::writer::StreamWriter::try_new_with_options(
            &mut out,
            &batch.schema(),
            options,
        )
        .unwrap();
        for h in &halves {
            w.write(h).unwrap();
        }
        w.finish().unwrap();
    }
    out
}

#[cfg(feature = "gate-parquet")]
#[test]
fn parquet_and_arrow_files_gate_to_the_same_release_as_the_same_table_in_csv() {
    let p = Pack::new("parquet");
    let batch = data_batch(true, None);
    let inputs = [
        ("parquet", parquet_bytes(&batch)),
        ("arrow", arrow_bytes(&batch, true)),
        ("arrows", arrow_bytes(&batch, false)),
    ];
    let key = p.path("key");
    let csv = p.path("data.csv");
    for (to, purpose) in [("ngo", "referral"), ("funder", "reporting")] {
        let flow = p.flow(to, purpose, &[]);
        let from_csv = p.path(&format!("{to}-csv.csv"));
        let o = p.gate(&flow, &csv, &from_csv, &["--key-file", &key]);
        assert_eq!(code(&o), 0, "{:?}", text(&o));
        for (ext, bytes) in &inputs {
            let data = p.path(&format!("in-data.{ext}"));
            std::fs::write(&data, bytes).unwrap();
            let out = p.path(&format!("{to}-{ext}.csv"));
            let o = p.gate(
                &flow,
                &data,
                &out,
                &["--key-file", &key, "--format", "json"],
            );
            assert_eq!(code(&o), 0, "{ext}: {:?}", text(&o));
            assert_eq!(
                std::fs::read(&from_csv).unwrap(),
                std::fs::read(&out).unwrap(),
                "{to} from {ext}"
            );
            let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            use sha2::Digest;
            let input = format!("sha256:{}", hex(&sha2::Sha256::digest(bytes)));
            assert_eq!(json["report"]["input_sha256"], input.as_str());
        }
    }
    // Without hashtags in the metadata, a column map says what the columns hold.
    let plain = p.path("in-plain.parquet");
    std::fs::write(&plain, parquet_bytes(&data_batch(false, None))).unwrap();
    let flow = p.flow("funder", "reporting", &[]);
    let o = p.gate(&flow, &plain, &p.path("nomap.csv"), &[]);
    assert_eq!(code(&o), 2, "{:?}", text(&o));
    assert!(text(&o).1.contains("HXL"), "{:?}", text(&o));
    let map = p.path("in-map.csv");
    std::fs::write(
        &map,
        "name,personal.name\nphone,personal.phone\nage,personal.age\nsex,personal.sex\n\
         health,personal.health\ndistrict,place\nregistered,meta,date\n",
    )
    .unwrap();
    let mapped = p.path("mapped.csv");
    let o = p.gate(&flow, &plain, &mapped, &["--columns", &map]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    // The same cells as from the hashtags, without the HXL row the hashtags give.
    let with_tags = read_csv(&p.path("funder-csv.csv"));
    let rows = read_csv(&mapped);
    assert_eq!(rows[0], with_tags[0]);
    assert_eq!(rows[1..], with_tags[2..]);
}

/// The rows of `DATA` repeated `times` times, as `data_batch(true, None)` types them: enough
/// records for a compressor to shrink each buffer (a buffer that would not shrink is stored
/// plain, and a reader without the codec would read it all the same).
#[cfg(feature = "gate-parquet")]
fn many_records(times: usize) -> (arrow_array::RecordBatch, String) {
    use arrow_array::{ArrayRef, Date32Array, DictionaryArray, Int64Array, StringArray};
    use std::sync::Arc;
    let rep = |v: &[&'static str]| -> Vec<&'static str> {
        v.iter().copied().cycle().take(v.len() * times).collect()
    };
    let district: DictionaryArray<arrow_array::types::Int32Type> =
        rep(&["Turkana", "Turkana", "Garissa", "Garissa"])
            .into_iter()
            .collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(rep(&["Amina", "Brian", "Chen", "Dalia"]))),
        Arc::new(StringArray::from(rep(&[
            "+254700000001",
            "=HYPERLINK(\"http://x\")",
            "+254700000003",
            "+254700000004",
        ]))),
        Arc::new(Int64Array::from_iter_values(
            [34, 29, 41, 22].into_iter().cycle().take(4 * times),
        )),
        Arc::new(StringArray::from(rep(&["f", "m", "f", "f"]))),
        Arc::new(StringArray::from_iter(
            [Some("diabetes"), None, None, Some("asthma")]
                .into_iter()
                .cycle()
                .take(4 * times),
        )),
        Arc::new(district),
        Arc::new(Date32Array::from_iter_values(
            [20544, 20545, 20103, 20574]
                .into_iter()
                .cycle()
                .take(4 * times),
        )),
    ];
    let batch =
        arrow_array::RecordBatch::try_new(data_batch(true, None).schema(), columns).unwrap();
    let mut lines = DATA.lines();
    let mut csv = String::new();
    for line in lines.by_ref().take(2) {
        csv.push_str(line);
        csv.push('\n');
    }
    let body: Vec<&str> = lines.collect();
    for _ in 0..times {
        for line in &body {
            csv.push_str(line);
            csv.push('\n');
        }
    }
    (batch, csv)
}

#[cfg(feature = "gate-parquet")]
#[test]
fn compressed_arrow_ipc_gates_to_the_same_release_as_the_same_table_in_csv() {
    use arrow_ipc::CompressionType;
    let p = Pack::new("arrow-compressed");
    let (batch, csv) = many_records(50);
    let inputs = [
        (
            "lz4.arrow",
            arrow_bytes_compressed(&batch, true, Some(CompressionType::LZ4_FRAME)),
        ),
        (
            "zstd.arrows",
            arrow_bytes_compressed(&batch, false, Some(CompressionType::ZSTD)),
        ),
        // Written by pyarrow (`feather.write_feather`, LZ4 by default, and Zstandard) from
        // the same 200 records, by tests/fixtures/gate/make_ipc.py: what users of pandas
        // and pyarrow hand the gate.
        (
            "pyarrow-lz4.feather",
            include_bytes!("../fixtures/gate/data-lz4.feather").to_vec(),
        ),
        (
            "pyarrow-zstd.feather",
            include_bytes!("../fixtures/gate/data-zstd.feather").to_vec(),
        ),
    ];
    let key = p.path("key");
    let data = p.path("many.csv");
    std::fs::write(&data, &csv).unwrap();
    let flow = p.flow("ngo", "referral", &[]);
    let from_csv = p.path("from-csv.csv");
    let o = p.gate(&flow, &data, &from_csv, &["--key-file", &key]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    assert_eq!(
        read_csv(&from_csv).len(),
        2 + 150,
        "the expired quarter is dropped"
    );
    for (ext, bytes) in &inputs {
        // The buffers really are compressed: plain, the name would be there 50 times.
        let plain = bytes.windows(5).filter(|w| *w == b"Amina").count();
        assert!(
            plain < 5,
            "{ext} holds the names uncompressed ({plain} times)"
        );
        let input = p.path(&format!("in.{ext}"));
        std::fs::write(&input, bytes).unwrap();
        let out = p.path(&format!("out-{ext}.csv"));
        let o = p.gate(&flow, &input, &out, &["--key-file", &key]);
        assert_eq!(code(&o), 0, "{ext}: {:?}", text(&o));
        assert_eq!(
            std::fs::read(&from_csv).unwrap(),
            std::fs::read(&out).unwrap(),
            "{ext}"
        );
    }
}

#[cfg(feature = "gate-parquet")]
#[test]
fn a_release_is_written_as_parquet_with_its_hashtags_and_reads_back_as_the_csv_one() {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    let p = Pack::new("parquet-out");
    let key = p.path("key");
    let csv = p.path("data.csv");
    for (to, purpose) in [("ngo", "referral"), ("funder", "reporting")] {
        let flow = p.flow(to, purpose, &[]);
        let from_csv = p.path(&format!("{to}.csv"));
        let o = p.gate(&flow, &csv, &from_csv, &["--key-file", &key]);
        assert_eq!(code(&o), 0, "{:?}", text(&o));
        let out = p.path(&format!("{to}.parquet"));
        let o = p.gate(&flow, &csv, &out, &["--key-file", &key]);
        assert_eq!(code(&o), 0, "{:?}", text(&o));
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
        let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
            std::fs::File::open(&out).unwrap(),
        )
        .unwrap();
        let schema = builder.schema().clone();
        let reader = builder.build().unwrap();
        let mut rows: Vec<Vec<String>> = vec![
            schema.fields().iter().map(|f| f.name().clone()).collect(),
            schema
                .fields()
                .iter()
                .map(|f| f.metadata().get("hxl").cloned().unwrap_or_default())
                .collect(),
        ];
        for batch in reader {
            let batch = batch.unwrap();
            for r in 0..batch.num_rows() {
                rows.push(
                    batch
                        .columns()
                        .iter()
                        .map(|c| {
                            let c = c.as_string::<i32>();
                            if c.is_null(r) {
                                String::new()
                            } else {
                                c.value(r).to_owned()
                            }
                        })
                        .collect(),
                );
            }
        }
        // The CSV release's cells, but for the escape a spreadsheet needs and Parquet not.
        let expected: Vec<Vec<String>> = read_csv(&from_csv)
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| c.strip_prefix("'=").map(|s| format!("={s}")).unwrap_or(c))
                    .collect()
            })
            .collect();
        assert_eq!(rows, expected, "{to}");
    }
    // `--output-format` wins over the name; the same run gives the same bytes.
    let flow = p.flow("funder", "reporting", &[]);
    let named = p.path("cells.out");
    let o = p.gate(&flow, &csv, &named, &["--output-format", "parquet"]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    assert_eq!(
        std::fs::read(&named).unwrap(),
        std::fs::read(p.path("funder.parquet")).unwrap()
    );
}

#[cfg(feature = "gate-parquet")]
#[test]
fn a_bad_parquet_or_arrow_file_is_named_by_row_group_and_column_and_nothing_is_written() {
    use arrow_array::{ArrayRef, BinaryArray, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use std::sync::Arc;
    let p = Pack::new("parquet-bad");
    let key = p.path("key");
    let flow = p.flow("ngo", "referral", &[]);
    // Record 3's date is unreadable: row group 2 of the Parquet file, batch 2 of the Arrow.
    let bad = data_batch(true, Some(2));
    for (ext, bytes, part) in [
        ("parquet", parquet_bytes(&bad), "row group 2"),
        ("arrow", arrow_bytes(&bad, true), "record batch 2"),
    ] {
        let data = p.path(&format!("in-date.{ext}"));
        std::fs::write(&data, bytes).unwrap();
        let o = p.gate(&flow, &data, &p.path("out.csv"), &["--key-file", &key]);
        let (_, stderr) = text(&o);
        assert_eq!(code(&o), 2, "{stderr}");
        assert!(stderr.contains(part), "{ext}: {stderr}");
        assert!(
            stderr.contains("row 3, column 7 (registered)"),
            "{ext}: {stderr}"
        );
        assert!(stderr.contains("01/05/2026"), "{stderr}");
        assert!(p.leftovers().is_empty(), "{:?}", p.leftovers());
    }
    // A column of bytes has no text form: refused by name before anything is read.
    let schema = Schema::new(vec![
        Field::new("district", DataType::Utf8, true).with_metadata(
            std::collections::HashMap::from([("hxl".to_owned(), "#adm1".to_owned())]),
        ),
        Field::new("photo", DataType::Binary, true),
    ]);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec!["Turkana"])),
        Arc::new(BinaryArray::from(vec![&b"\x89PNG"[..]])),
    ];
    let batch = RecordBatch::try_new(Arc::new(schema), columns).unwrap();
    let data = p.path("in-binary.parquet");
    std::fs::write(&data, parquet_bytes(&batch)).unwrap();
    let o = p.gate(&flow, &data, &p.path("out.csv"), &["--format", "json"]);
    assert_eq!(code(&o), 2, "{:?}", text(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["error"]["code"], "gate.unsupported_type");
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("column 2 (photo)"),
        "{json}"
    );
    // Bytes that only start like Parquet, and a truncated Arrow stream.
    let broken = p.path("in-broken.parquet");
    std::fs::write(&broken, b"PAR1 and then nothing a reader knows").unwrap();
    let o = p.gate(&flow, &broken, &p.path("out.csv"), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["error"]["code"], "gate.bad_table", "{json}");
    let mut cut = arrow_bytes(&data_batch(true, None), false);
    cut.truncate(cut.len() - 100);
    let cut_path = p.path("in-cut.arrows");
    std::fs::write(&cut_path, cut).unwrap();
    let o = p.gate(&flow, &cut_path, &p.path("out.csv"), &["--key-file", &key]);
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 2, "{stderr}");
    assert!(stderr.contains("Arrow IPC"), "{stderr}");
    // A cell over the cap, with its record and column.
    let data = p.path("in-data.parquet");
    std::fs::write(&data, parquet_bytes(&data_batch(true, None))).unwrap();
    let o = p.gate(
        &flow,
        &data,
        &p.path("out.csv"),
        &["--key-file", &key, "--max-cell-bytes", "20"],
    );
    let (_, stderr) = text(&o);
    assert_eq!(code(&o), 2, "{stderr}");
    assert!(
        stderr.contains("row group 1") && stderr.contains("row 2, column 2 (phone)"),
        "{stderr}"
    );
    assert!(p.leftovers().is_empty(), "{:?}", p.leftovers());
}

#[test]
fn a_run_refused_before_the_decision_is_logged_too_and_quotes_no_data() {
    let p = Pack::new("attest-undecided");
    let log = p.path("log");
    let log_key = p.path("log.key");
    let env = [("NO_COLOR", "1"), ("MANDATE_LOG_KEY", log_key.as_str())];
    let pack = p.path("pack");
    let out = p.path("out.csv");
    let flow = p.flow("funder", "reporting", &[]);
    // A column no category holds (its header and hashtag are the data's own words).
    let data = p.path("in-unmapped.csv");
    let table = "name,secret_column\n#respondee+name,#secret+tag\nAmina,x\n";
    std::fs::write(&data, table).unwrap();
    let gate = |data: &str, extra: &[&str]| {
        let mut args = vec![
            "gate", "--policy", &pack, "--flow", &flow, "--data", data, "-o", &out, "--log", &log,
        ];
        args.extend_from_slice(extra);
        mandate_with_env(&args, None, &env)
    };
    assert_eq!(code(&gate(&data, &[])), 1);
    // A key too short, found before the data is read.
    let short = p.path("in-short.key");
    std::fs::write(&short, "short").unwrap();
    let csv = p.path("data.csv");
    assert_eq!(code(&gate(&csv, &["--key-file", &short])), 2);
    // A data file that does not exist.
    assert_eq!(code(&gate(&p.path("in-missing.csv"), &[])), 2);
    assert!(p.leftovers().iter().all(|n| n == "log" || n == "log.key"));
    let lines = std::fs::read_to_string(Path::new(&log).join("decisions.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let codes: Vec<&str> = records
        .iter()
        .map(|r| r["gate"]["error"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["gate.unmapped_column", "gate.short_key", "gate.io"]);
    for r in &records {
        assert_eq!(r["decision"], "deny");
        assert_eq!(r["kind"], "error");
        assert_eq!(r["gate"]["released"], false);
        assert_eq!(r["flow"]["id"], "g-1");
    }
    use sha2::Digest;
    let input = format!("sha256:{}", hex(&sha2::Sha256::digest(table.as_bytes())));
    assert_eq!(records[0]["gate"]["input_sha256"], input.as_str());
    assert_eq!(records[2]["gate"]["input_sha256"], "");
    // Nothing the data holds is quoted, nor the key.
    assert!(!lines.contains("secret_column") && !lines.contains("#secret"));
    assert!(!lines.contains("Amina") && !lines.contains("short\""));
    // verify keeps the chain; show renders the refusal.
    let verify = mandate_with_env(&["log", "verify", &log], None, &env);
    assert_eq!(code(&verify), 0, "{:?}", text(&verify));
    let id = records[0]["id"].as_str().unwrap();
    let shown = mandate_with_env(&["log", "show", id, "--log", &log], None, &env);
    let (stdout, _) = text(&shown);
    assert!(stdout.contains("gate.unmapped_column"), "{stdout}");
    assert!(stdout.contains(&input), "{stdout}");
    // Replay has no decision of these flows to compare with: they are skipped, not changes.
    let replay = mandate_with_env(
        &["log", "replay", &log, "--policy", &pack, "--format", "json"],
        None,
        &env,
    );
    let (stdout, stderr) = text(&replay);
    assert_eq!(code(&replay), 0, "{stdout}{stderr}");
    let out: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let report = &out["report"];
    assert_eq!(
        (
            &report["undecided"],
            &report["replayed"],
            &report["changed"]
        ),
        (
            &serde_json::json!(3),
            &serde_json::json!(0),
            &serde_json::json!(0)
        ),
        "{report}"
    );
    let replay = mandate_with_env(&["log", "replay", &log, "--policy", &pack], None, &env);
    let (stdout, _) = text(&replay);
    assert!(
        stdout.contains("3 run(s) of the dataset gate refused before the flow was decided"),
        "{stdout}"
    );
}

#[cfg(feature = "gate-xlsx")]
#[test]
fn a_workbook_shows_progress_while_its_sheet_is_converted_and_then_while_it_is_gated() {
    use std::sync::{Arc, Mutex};
    let p = Pack::new("xlsx-progress");
    let mut rows = vec![
        vec![X::S("district"), X::S("sex")],
        vec![X::S("#adm1"), X::S("#respondee+sex")],
    ];
    for i in 0..3000 {
        rows.push(vec![
            X::S(["D0", "D1", "D2"][i % 3]),
            X::S(["f", "m"][i % 2]),
        ]);
    }
    let book = p.dir.join("in-big.xlsx");
    let bytes = workbook(&[("Data", rows)]);
    std::fs::write(&book, &bytes).unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let engine = mandate::Engine::from_sources([("p.policy", POLICY)]).unwrap();
    let request = mandate::gate::Request {
        progress: Some(mandate::gate::Progress(Arc::new(move |n| {
            record.lock().unwrap().push(n)
        }))),
        ..mandate::gate::Request::new(
            r#"{"id":"p","at":"2026-05-12T09:00:00Z","from":"office","to":"funder","data":[],"purpose":"reporting"}"#,
            book,
            p.dir.join("out.csv"),
        )
    };
    let (_, report) = mandate::gate::run(&engine, &request).unwrap();
    assert_eq!(report.records_in, 3000);
    let seen = seen.lock().unwrap();
    let len = bytes.len() as u64;
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    // Told during the conversion (the first half), before any row is gated.
    let converting: Vec<u64> = seen.iter().copied().filter(|&n| n < len / 2).collect();
    assert!(converting.len() >= 2, "{seen:?}");
    assert!(seen.contains(&(len / 2)), "{seen:?}");
    assert_eq!(seen.last(), Some(&len), "{seen:?}");
}

#[cfg(all(feature = "gate-parquet", feature = "gate-age"))]
#[test]
fn a_parquet_release_encrypted_at_rest_decrypts_to_the_same_parquet_file() {
    use std::io::Read;
    let p = Pack::new("age-parquet");
    let flow = p.flow("funder", "reporting", &[]);
    let data = p.path("data.csv");
    let plain = p.path("plain.parquet");
    assert_eq!(code(&p.gate(&flow, &data, &plain, &[])), 0);
    let identity = age::x25519::Identity::generate();
    let sealed = p.path("sealed.parquet");
    let recipient = identity.to_public().to_string();
    let o = p.gate(&flow, &data, &sealed, &["--recipient", &recipient]);
    assert_eq!(code(&o), 0, "{:?}", text(&o));
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    let d = age::Decryptor::new(&bytes[..]).unwrap();
    let mut opened = Vec::new();
    d.decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut opened)
        .unwrap();
    assert_eq!(opened, std::fs::read(&plain).unwrap());
}
