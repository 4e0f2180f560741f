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
category meta hxl "#date"
purpose referral
purpose reporting
party kind partner
party kind donor
party kind press
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
}
