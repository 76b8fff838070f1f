"""Configuration: TOML in, a validated :class:`Config` out; defaults live in the steps' signatures.

A config file names only what it changes::

    [pipeline]
    rules = ["decode", "normalize", "fetch_errors", "repetition", "boilerplate", "metadata"]
    filters = ["gopher_quality"]

    [rules.boilerplate]          # parameters of one rule, as in its __init__ signature
    min_words = 5

    [input]
    text_field = "body"

Anything unknown (a section, a key, a rule name, a parameter, a value of the wrong type) raises
:class:`~thresher.errors.ConfigError` naming it and listing the valid choices.
"""

from __future__ import annotations

import functools
import inspect
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xxhash

from .errors import ConfigError
from .registry import lookup, names
from .step import Step

DEFAULT_RULES = ["decode", "normalize", "fetch_errors", "repetition", "boilerplate", "learned_boilerplate", "metadata"]
DEFAULT_FILTERS: list[str] = []

# sections other than the steps' own, with their keys and defaults
SECTIONS: dict[str, dict[str, Any]] = {
    "pipeline": {"rules": DEFAULT_RULES, "filters": DEFAULT_FILTERS, "dedup": "none"},
    "input": {"text_field": "text", "id_field": "id", "html_field": "html", "shard_files": 1000, "shard_mb": 256},
    "output": {"format": "jsonl", "compression": "zstd", "write_dropped": True},
    # HTML and WARC input: which extractor, and how long one page may take before it is abandoned
    "html": {"extractor": "trafilatura", "timeout": 10.0, "include_comments": False, "favor_precision": False, "fallback": False, "max_link_density": 0.5, "fallback_min_words": 10, "large_page_mb": 2.0},
}
FORMATS = ("jsonl", "parquet")
DEDUP_MODES = ("none", "exact", "minhash", "both")
COMPRESSIONS = ("none", "gzip", "zstd")


@dataclass
class Config:
    """The effective configuration: every section with defaults filled in."""

    pipeline: dict[str, Any] = field(default_factory=lambda: dict(SECTIONS["pipeline"]))
    input: dict[str, Any] = field(default_factory=lambda: dict(SECTIONS["input"]))
    output: dict[str, Any] = field(default_factory=lambda: dict(SECTIONS["output"]))
    html: dict[str, Any] = field(default_factory=lambda: dict(SECTIONS["html"]))
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # overrides only
    filters: dict[str, dict[str, Any]] = field(default_factory=dict)
    dedup: dict[str, Any] = field(default_factory=dict)  # parameters of the dedup step (its mode is [pipeline] dedup)

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> Config:
        """Read a TOML file (or none) over the defaults; ``overrides`` are "section.key" -> value."""
        data: dict[str, Any] = {}
        if path is not None:
            p = Path(path)
            if not p.is_file():
                raise ConfigError(f"config file not found: {p}")
            try:
                data = tomllib.loads(p.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                raise ConfigError(f"{p}: not valid TOML: {e}") from None
        return cls.from_dict(data, origin=str(path) if path else "config", **overrides)

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "config", **overrides: Any) -> Config:
        cfg = cls()
        valid_sections = sorted([*SECTIONS, "rules", "filters", "dedup"])
        for section, body in data.items():
            if section not in valid_sections:
                raise ConfigError(f"{origin}: unknown section [{section}]; valid sections: {', '.join(valid_sections)}")
            if not isinstance(body, dict):
                raise ConfigError(f"{origin}: [{section}] must be a table")
            if section in SECTIONS:
                for key, value in body.items():
                    cfg._set(section, key, value, origin)
            elif section == "dedup":
                for key, value in body.items():
                    _check_param("dedup", "dedup", key, value, origin)
                cfg.dedup.update(body)
            else:
                kind = "rule" if section == "rules" else "filter"
                for name, params in body.items():
                    if not isinstance(params, dict):
                        raise ConfigError(f"{origin}: [{section}.{name}] must be a table of parameters")
                    step_params(kind, name, origin)  # validates the name
                    for key, value in params.items():
                        _check_param(kind, name, key, value, origin)
                    getattr(cfg, section).setdefault(name, {}).update(params)
        for dotted, value in overrides.items():
            section, _, key = dotted.partition(".")
            cfg._set(section, key, value, "option")
        for kind, chosen in (("rule", cfg.pipeline["rules"]), ("filter", cfg.pipeline["filters"])):
            for name in chosen:
                step_params(kind, name, origin)
        return cfg

    def _set(self, section: str, key: str, value: Any, origin: str) -> None:
        defaults = SECTIONS[section]
        if key not in defaults:
            raise ConfigError(f"{origin}: unknown key {key!r} in [{section}]; valid keys: {', '.join(sorted(defaults))}")
        _check_type(f"[{section}] {key}", value, defaults[key], origin)
        if section == "output" and key == "format" and value not in FORMATS:
            raise ConfigError(f"{origin}: [output] format {value!r} is not one of {', '.join(FORMATS)}")
        if section == "pipeline" and key == "dedup" and value not in DEDUP_MODES:
            raise ConfigError(f"{origin}: [pipeline] dedup {value!r} is not one of {', '.join(DEDUP_MODES)}")
        if section == "output" and key == "compression" and value not in COMPRESSIONS:
            raise ConfigError(f"{origin}: [output] compression {value!r} is not one of {', '.join(COMPRESSIONS)}")
        getattr(self, section)[key] = list(value) if isinstance(value, list) else value

    # -- building steps ----------------------------------------------------------------------
    def build_steps(self) -> list[Step]:
        """Instantiate the rules then the filters, in the configured order."""
        steps: list[Step] = []
        for kind, chosen, over in (("rule", self.pipeline["rules"], self.rules), ("filter", self.pipeline["filters"], self.filters)):
            for name in chosen:
                params = {**step_params(kind, name), **over.get(name, {})}
                steps.append(lookup(kind, name)(**params))  # type: ignore[misc]
        if self.pipeline["dedup"] != "none":
            params = {**step_params("dedup", "dedup"), **self.dedup}
            steps.append(lookup("dedup", "dedup")(mode=self.pipeline["dedup"], **params))  # type: ignore[misc]
        return steps

    def to_dict(self) -> dict[str, Any]:
        """The full effective config, every step's parameters included."""
        out: dict[str, Any] = {s: dict(getattr(self, s)) for s in SECTIONS}
        out["rules"] = {n: {**step_params("rule", n), **self.rules.get(n, {})} for n in self.pipeline["rules"]}
        out["filters"] = {n: {**step_params("filter", n), **self.filters.get(n, {})} for n in self.pipeline["filters"]}
        out["dedup"] = {**step_params("dedup", "dedup"), **self.dedup}
        return out

    def to_toml(self) -> str:
        return dump_toml(self.to_dict())

    def fingerprint(self) -> str:
        """A hash of the effective config: a resumed run must use the same one."""
        return xxhash.xxh64_hexdigest(self.to_toml().encode())


def step_params(kind: str, name: str, origin: str = "config") -> dict[str, Any]:
    """The keyword defaults of a registered step's constructor."""
    cls = lookup(kind, name)
    if cls is None:
        raise ConfigError(f"{origin}: unknown {kind} {name!r}; valid {kind}s: {', '.join(names(kind))}")
    return dict(_defaults(cls, kind))


@functools.cache
def _defaults(cls: type, kind: str) -> tuple[tuple[str, Any], ...]:
    """A step class's keyword defaults, read off its signature once (a config asks for them often)."""
    sig = inspect.signature(cls.__init__)
    hidden = {"self", "mode"} if kind == "dedup" else {"self"}  # the dedup mode is [pipeline] dedup
    return tuple((p.name, p.default) for p in sig.parameters.values()
                 if p.name not in hidden and p.default is not inspect.Parameter.empty)


def _check_param(kind: str, name: str, key: str, value: Any, origin: str) -> None:
    params = step_params(kind, name, origin)
    if key not in params:
        valid = ", ".join(sorted(params)) or "(none)"
        raise ConfigError(f"{origin}: {kind} {name!r} has no parameter {key!r}; valid parameters: {valid}")
    _check_type(f"{kind} {name!r} parameter {key}", value, params[key], origin)


def _check_type(what: str, value: Any, default: Any, origin: str) -> None:
    if default is None:
        return
    ok = isinstance(value, type(default))
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        ok = True
    if isinstance(default, (int, float)) and isinstance(value, bool) and not isinstance(default, bool):
        ok = False
    if isinstance(default, (list, tuple, set, frozenset)) and isinstance(value, (list, tuple)):
        ok = True
    if not ok:
        raise ConfigError(f"{origin}: {what} must be {type(default).__name__}, got {value!r}")


def dump_toml(data: dict[str, Any]) -> str:
    """Write nested dicts of plain values as TOML (sections, then sub-tables)."""
    lines: list[str] = []

    def emit(prefix: str, table: dict[str, Any]) -> None:
        plain = {k: v for k, v in table.items() if not isinstance(v, dict)}
        subs = {k: v for k, v in table.items() if isinstance(v, dict)}
        if prefix and (plain or not subs):
            lines.append(f"[{prefix}]")
            lines.extend(f"# {_key(k)} = (not set)" if v is None else f"{_key(k)} = {_value(v)}" for k, v in plain.items())
            lines.append("")
        for k, v in subs.items():
            emit(f"{prefix}.{_key(k)}" if prefix else _key(k), v)

    emit("", data)
    return "\n".join(lines)


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() else _value(k)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, (set, frozenset)):
        return _value(sorted(v))
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {v!r} as TOML")
