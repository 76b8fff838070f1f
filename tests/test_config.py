"""Config: defaults from the steps' signatures, partial files, and errors that name the problem."""

from __future__ import annotations

import tomllib

import pytest

from thresher.config import Config, step_params
from thresher.errors import ConfigError


def write(tmp_path, body: str):
    p = tmp_path / "t.toml"
    p.write_text(body, encoding="utf-8")
    return p


def test_defaults_round_trip_through_toml(tmp_path):
    full = Config().to_toml()
    again = Config.load(write(tmp_path, full))
    assert again.to_toml() == full
    assert tomllib.loads(full)["pipeline"]["rules"][0] == "decode"


def test_partial_file_overrides_only_what_it_names(tmp_path):
    cfg = Config.load(write(tmp_path, '[input]\ntext_field = "body"\n'))
    assert cfg.input["text_field"] == "body"
    assert cfg.input["id_field"] == "id"
    assert cfg.pipeline["rules"] == Config().pipeline["rules"]


def test_step_parameters_override(tmp_path):
    cfg = Config.load(write(tmp_path, "[rules.decode]\nmax_binary_fraction = 0.3\n"))
    (decode,) = [s for s in cfg.build_steps() if s.name == "decode"]
    assert decode.max_binary_fraction == 0.3
    assert step_params("rule", "decode") == {"max_binary_fraction": 0.10}


@pytest.mark.parametrize("body, message", [
    ("[inputs]\nx = 1\n", "unknown section [inputs]; valid sections: dedup, filters, html, input, output, pipeline, rules"),
    ("[input]\ntext_feld = 'x'\n", "unknown key 'text_feld' in [input]; valid keys: html_field, id_field,"),
    ("[pipeline]\nrules = ['decode', 'boilerplait']\n", "unknown rule 'boilerplait'; valid rules: "),
    ("[rules.decode]\nmax_fraction = 1\n", "rule 'decode' has no parameter 'max_fraction'; valid parameters: max_binary_fraction"),
    ("[rules.decode]\nmax_binary_fraction = 'high'\n", "max_binary_fraction must be float, got 'high'"),
    ("[output]\nformat = 'csv'\n", "format 'csv' is not one of jsonl, parquet"),
    ("[output\n", "not valid TOML"),
])
def test_bad_config_names_the_problem(tmp_path, body, message):
    with pytest.raises(ConfigError) as e:
        Config.load(write(tmp_path, body))
    assert message in str(e.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        Config.load(tmp_path / "nope.toml")


def test_fingerprint_changes_with_any_parameter(tmp_path):
    a = Config().fingerprint()
    b = Config.load(write(tmp_path, "[rules.decode]\nmax_binary_fraction = 0.2\n")).fingerprint()
    assert a != b and a == Config().fingerprint()


def test_every_registered_step_round_trips_through_toml(tmp_path):
    from thresher.registry import registered

    cfg = Config.from_dict({"pipeline": {"rules": sorted(registered("rule")), "filters": sorted(registered("filter")),
                                         "dedup": "minhash"}})
    text = cfg.to_toml()
    again = Config.load(write(tmp_path, text))
    assert again.to_toml() == text
    assert len(again.build_steps()) == len(registered("rule")) + len(registered("filter")) + 1
