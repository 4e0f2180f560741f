"""The binding against the Rust engine: every bundled flow gets the same decision, byte for
byte in JSON, in English and in French; policy errors carry their diagnostics; explain."""

import json
import pickle
import subprocess

import pytest

import mandate
from conftest import PACK, ROOT, baseline_flows, cli_decisions, compact, mandate_bin


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_bundled_flow_decides_as_the_command_line_byte_for_byte(engine, lang):
    flows = baseline_flows()
    assert len(flows) >= 40
    lines = [compact(text) for _, text in flows]
    want = cli_decisions(lines, lang)
    for (name, text), line, expected in zip(flows, lines, want):
        assert engine.decide(line, lang=lang).to_json() == expected, name
        # The same flow as a dict and as the pretty-printed file: the same decision.
        assert engine.decide(json.loads(text), lang=lang).to_json() == expected, name
        assert engine.decide(text.encode(), lang=lang).to_json() == expected, name


def test_decisions_match_the_packs_expectations(engine):
    expected = json.loads((ROOT / PACK / "flows" / "expected.json").read_text())
    for name, text in baseline_flows():
        d = engine.decide(text)
        want = expected[name]
        assert d.decision == want["decision"], name
        assert d.kind == want["kind"], name
        assert d.allowed == (want["decision"] == "allow")
        names = sorted({x["rule"] for x in d.determining})
        assert names == sorted(set(want.get("rules", []))), name
        assert d.to_dict() == json.loads(d.to_json())
        assert d.flow == json.loads(text)["id"]
        assert d.policy == engine.policy_hash


def test_verdict_agrees_with_the_decision(engine):
    for name, text in baseline_flows():
        d, v = engine.decide(text), engine.verdict(text)
        assert (v.decision, v.kind, v.rules) == (d.decision, d.kind, d.rules), name
        assert v.obligations == d.obligations, name
        assert v.errors == d.errors, name


def test_an_unreadable_flow_is_a_deny_of_kind_error(engine):
    d = engine.decide('{"id": "x", "at": 12}')
    assert (d.decision, d.kind, d.flow) == ("deny", "error", "x")
    assert d.errors and d.errors[0]["path"] == "/at"
    assert engine.decide("not json").kind == "error"
    assert engine.verdict({"id": "y"}).kind == "error"
    with pytest.raises(TypeError):
        engine.decide(42)
    with pytest.raises(ValueError):
        engine.decide("{}", lang="xx")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_explain_is_the_command_lines(engine, lang, fmt):
    for name, text in baseline_flows()[:6]:
        path = ROOT / PACK / "flows" / name
        proc = subprocess.run(
            [mandate_bin(), "--lang", lang, "explain", "--policy", PACK, "--flow", str(path),
             "--format", fmt, "--color", "never"] if fmt == "text" else
            [mandate_bin(), "--lang", lang, "explain", "--policy", PACK, "--flow", str(path),
             "--format", fmt],
            capture_output=True, text=True, cwd=ROOT,
        )
        assert proc.returncode in (0, 1), proc.stderr
        got = engine.explain(text, lang=lang, format=fmt)
        assert got + ("\n" if fmt == "json" else "") == proc.stdout, name
    # The two languages differ in words.
    first = baseline_flows()[1][1]
    assert engine.explain(first, lang="en") != engine.explain(first, lang="fr")
    with pytest.raises(ValueError):
        engine.explain(first, format="yaml")


POLICY = """policy "T"
category personal personal
category personal.x
purpose p
party kind k
party a kind k jurisdiction "KE"
allow "r" when data includes personl cite "c"
"""


def test_policy_errors_carry_their_diagnostics(tmp_path):
    (tmp_path / "p.policy").write_text(POLICY)
    with pytest.raises(mandate.PolicyError) as caught:
        mandate.Engine.from_path(tmp_path)
    errors = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert errors, caught.value.diagnostics
    d = errors[0]
    assert d.code.startswith("E") and len(d.code) == 5
    assert d.file.endswith("p.policy")
    assert (d.line, d.column) == (7, POLICY.splitlines()[6].index("personl") + 1)
    assert "personl" in d.message
    assert d.help and "personal" in d.help
    assert "p.policy:7:" in str(caught.value)


def test_a_missing_pack_is_a_policy_error_without_diagnostics(tmp_path):
    with pytest.raises(mandate.PolicyError) as caught:
        mandate.Engine.from_path(tmp_path / "nowhere")
    assert caught.value.diagnostics == []
    assert "no such file or folder" in str(caught.value)


def test_a_compiled_policy_round_trips_and_a_tampered_one_is_refused(engine):
    text = engine.compiled_json()
    back = mandate.Engine.from_compiled_json(text)
    assert back.policy_hash == engine.policy_hash
    flow = baseline_flows()[0][1]
    assert back.decide(flow).to_json() == engine.decide(flow).to_json()
    again = pickle.loads(pickle.dumps(engine))
    assert again.decide(flow).to_json() == engine.decide(flow).to_json()
    policy = json.loads(text)
    policy["rules"][0]["name"] += " (edited)"
    with pytest.raises(mandate.PolicyError):
        mandate.Engine.from_compiled_json(json.dumps(policy))
    with pytest.raises(mandate.PolicyError):
        mandate.Engine.from_compiled_json("{")
