"""The step registry: the built-in steps' table agrees with their ``@register`` decorators, a run
imports only the modules of its steps, and names are checked against every step, imported or not."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import thresher
from thresher.config import Config
from thresher.errors import ConfigError
from thresher.registry import BUILTIN, lookup, names, register, registered
from thresher.step import Filter, Rule

SRC = Path(thresher.__file__).parent


def test_table_matches_the_decorators():
    found: dict[str, dict[str, str]] = {kind: {} for kind in BUILTIN}
    for kind in BUILTIN:
        for name, cls in registered(kind).items():
            if cls.__module__.startswith("thresher."):
                found[kind][name] = cls.__module__
    assert found == BUILTIN
    # and every decorator in the source is one of them
    decorated = set()
    for path in SRC.rglob("*.py"):
        decorated |= set(re.findall(r'^@register\("(\w+)"\)', path.read_text(encoding="utf-8"), re.MULTILINE))
    assert decorated == {n for table in BUILTIN.values() for n in table}


def test_lookup_and_names():
    assert lookup("rule", "pii") is registered("rule")["pii"]
    assert lookup("filter", "no_such_filter") is None
    assert names("filter") == sorted(registered("filter"))
    assert names("rule") == sorted(registered("rule"))


def test_unknown_name_lists_every_step_of_its_kind():
    with pytest.raises(ConfigError) as e:
        Config.from_dict({"pipeline": {"filters": ["gopher"]}})
    assert str(e.value) == ("config: unknown filter 'gopher'; valid filters: "
                            "c4, fineweb, gopher_quality, gopher_repetition, language")


@pytest.mark.parametrize("kind,base,name", [("rule", Rule, "pii"), ("filter", Filter, "language"), ("rule", Rule, "boilerplate")])
def test_a_builtin_name_taken_twice_is_refused(kind, base, name):
    cls = type("Other", (base,), {"__module__": "elsewhere"})
    with pytest.raises(ValueError, match=f"two {kind}s registered as '{name}': {re.escape(BUILTIN[kind][name])} and elsewhere"):
        register(name)(cls)


def test_a_run_imports_only_the_modules_of_its_steps():
    code = ("import sys, thresher; from thresher.config import Config; "
            "c = Config.from_dict({'pipeline': {'filters': ['gopher_quality']}}); thresher.Pipeline(c); c.fingerprint(); "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('thresher.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    for used in ("thresher.clean.boilerplate", "thresher.clean.fetch_errors", "thresher.filters.gopher"):
        assert used in out
    for unused in ("thresher.clean.pii", "thresher.filters.language", "thresher.filters.c4", "thresher.dedup.index",
                   "thresher.dedup.minhash", "thresher.executors.ray"):
        assert unused not in out


def test_packages_still_give_their_modules():
    import importlib

    clean, filters, dedup = (importlib.import_module(f"thresher.{p}") for p in ("clean", "filters", "dedup"))
    assert clean.pii.Pii is lookup("rule", "pii")
    assert filters.language.Language is lookup("filter", "language")
    assert dedup.DedupIndex.__module__ == "thresher.dedup.index"
    with pytest.raises(AttributeError):
        clean.nothing  # noqa: B018
