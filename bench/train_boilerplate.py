"""Train the boilerplate rule's two logistic regressions on the dev pages; write the shipped weights.

    .venv/bin/python bench/train_boilerplate.py            # cross-validate, then fit on all 60 and write
    .venv/bin/python bench/train_boilerplate.py --cv-only  # the held-out fold figures only

Deterministic: pages sorted by id, folds by position (page k is in fold k % 3), Newton's method from
zero weights, no random numbers.  Labels: a non-empty line (after the rules that run before
boilerplate) is article when it is a line of ``gold.txt``, or its word characters occur in gold's
(long lines), or it is a short line inside gold sitting next to such a line.  Lines are weighted by
sqrt(words) so that long lines, which carry most of the tokens the F1 counts, weigh more.  Clean
articles (gold.txt, every line labelled article) are added to the training set so the model learns
not to touch clean text.  The decision threshold maximises macro token F1 on the training pages.

Output: ``src/thresher/data/boilerplate_model.json`` (feature names, standardisation, weights).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accuracy import data_dir, load_pages, prf, rule_chain

from thresher.clean import boilerplate as bp
from thresher.document import Document

OUT = Path(__file__).resolve().parent.parent / "src" / "thresher" / "data" / "boilerplate_model.json"
_W = re.compile(r"\w+")
FOLDS = 3
GOLD_FLOOR = 0.996


def _squash(text: str) -> str:
    return "".join(_W.findall(text.lower()))


def labels(lines: list[str], gold: str) -> list[int]:
    """1 for lines of the article, 0 for the rest (see the module docstring)."""
    gold_lines = {" ".join(x.split()) for x in gold.split("\n") if x.strip()}
    g = _squash(gold)
    out = []
    for t in lines:
        t = " ".join(t.split())
        s = _squash(t)
        out.append(int(t in gold_lines or (len(s) >= 25 and s in g)))
    for k, t in enumerate(lines):  # short lines inside gold next to an article line
        if not out[k] and _squash(t) and _squash(t) in g and (
                (k and out[k - 1]) or (k + 1 < len(out) and out[k + 1])) and len(_squash(t)) >= 8:
            out[k] = 1
    return out


def prepare(pages: list[dict]) -> list[dict]:
    """Run the rules before boilerplate on raw and gold; compute lines, features and labels."""
    steps, _ = rule_chain(until="boilerplate")
    items = []
    for p in pages:
        for field in ("raw", "gold"):
            doc = Document(p["id"], p[field])
            for s in steps:
                doc = s(doc)
            lines = bp.Lines(doc.lines)
            y = labels(lines.text, p["gold"]) if field == "raw" else [1] * len(lines.text)
            items.append({"id": p["id"], "field": field, "lines": lines, "y": np.array(y, float),
                          "gold": p["gold"], "w": np.sqrt(np.array(lines.words, float) + 1)})
    return items


def fit_lr(x: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float) -> dict:
    """L2-regularised weighted logistic regression by Newton's method; standardised features."""
    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-9] = 1.0
    xs = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(xs.shape[1])
    reg = np.full(xs.shape[1], lam)
    reg[-1] = 0.0
    wn = w / w.sum() * len(w)
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(xs @ beta, -30, 30)))
        grad = xs.T @ (wn * (p - y)) + reg * beta
        h = (xs * (wn * p * (1 - p))[:, None]).T @ xs + np.diag(reg + 1e-9)
        step = np.linalg.solve(h, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"mean": mean.tolist(), "scale": scale.tolist(), "w": beta[:-1].tolist(), "b": float(beta[-1])}


def _stack(items: list[dict], key) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs = [key(it) for it in items if len(it["y"])]
    ys = [it["y"] for it in items if len(it["y"])]
    ws = [it["w"] * (it.get("gw", 1.0)) for it in items if len(it["y"])]
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def train(items: list[dict], lam: float, gold_weight: float) -> dict:
    """Both stages (stage 2 on out-of-fold stage-1 logits) and the F1-maximising threshold."""
    for it in items:
        it["gw"] = gold_weight if it["field"] == "gold" else 1.0
    ids = sorted({it["id"] for it in items})
    inner = {pid: k % FOLDS for k, pid in enumerate(ids)}
    for f in range(FOLDS):
        tr = [it for it in items if inner[it["id"]] != f]
        m1 = fit_lr(*_stack(tr, lambda it: it["lines"].f1), lam)
        for it in items:
            if inner[it["id"]] == f and len(it["y"]):
                it["z1"] = bp._apply(m1, it["lines"].f1)
    stage1 = fit_lr(*_stack(items, lambda it: it["lines"].f1), lam)
    for it in items:
        it["f2"] = bp.features2(it["z1"], it["lines"]) if len(it["y"]) else None
    stage2 = fit_lr(*_stack(items, lambda it: it["f2"]), lam)
    model = {"stage1": stage1, "stage2": stage2, "threshold": 0.0, "threshold_inside": 0.0}
    best = (-1e9, 0.0, 0.0)
    for t in np.arange(-1.5, 2.01, 0.25):
        for t_in in np.arange(-4.0, t + 0.01, 0.5):
            model["threshold"], model["threshold_inside"] = float(t), float(t_in)
            f = score(items, model, stage1_oof=True)
            objective = f[0] - 10 * max(0.0, GOLD_FLOOR - f[1])  # best raw F1 that leaves clean text alone
            if objective > best[0]:
                best = (objective, float(t), float(t_in))
    model["threshold"], model["threshold_inside"] = best[1], best[2]
    return model


def output(it: dict, model: dict, stage1_oof: bool = False) -> str:
    lines = it["lines"]
    if not lines.text:
        return ""
    if stage1_oof and not bp.looks_clean(lines):
        z2 = bp._apply(model["stage2"], it["f2"])
        keep = bp.fix_edges(lines, bp.decide(z2, model["threshold"], model["threshold_inside"]))
    elif stage1_oof:
        keep = bp.fix_edges(lines, [True] * len(lines.text))
    else:
        keep = bp.keep_mask(lines, model)
    return "\n".join(t for t, k in zip(lines.text, keep) if k)


def score(items: list[dict], model: dict, stage1_oof: bool = False) -> tuple[float, float]:
    """Macro F1 with raw input and with gold input."""
    res = {"raw": [], "gold": []}
    for it in items:
        res[it["field"]].append(prf(output(it, model, stage1_oof), it["gold"])[2])
    return tuple(float(np.mean(res[k])) if res[k] else 0.0 for k in ("raw", "gold"))  # type: ignore[return-value]


def cross_validate(items: list[dict], lam: float, gold_weight: float, verbose: bool = False) -> tuple:
    ids = sorted({it["id"] for it in items})
    fold = {pid: k % FOLDS for k, pid in enumerate(ids)}
    figs = []
    for f in range(FOLDS):
        tr = [it for it in items if fold[it["id"]] != f]
        te = [it for it in items if fold[it["id"]] == f]
        model = train(tr, lam, gold_weight)
        ftr, fte = score(tr, model), score(te, model)
        figs.append((ftr, fte))
        if verbose:
            print(f"  fold {f}: train {len(tr) // 2} pages raw {ftr[0]:.3f} gold {ftr[1]:.3f} | "
                  f"held-out {len(te) // 2} pages raw {fte[0]:.3f} gold {fte[1]:.3f}")
    return (float(np.mean([x[1][0] for x in figs])), float(np.mean([x[1][1] for x in figs])),
            float(np.mean([x[0][0] for x in figs])))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--grid", action="store_true", help="try several regularisations and gold weights")
    args = ap.parse_args(argv)
    dev = data_dir()
    if dev is None:
        print("skipped: no dev data (shared/data/dev)")
        return 0
    items = prepare(load_pages(dev))
    lam, gw = 300.0, 0.0
    if args.grid:
        for lam_ in (0.1, 1.0, 10.0):
            for gw_ in (0.0, 0.3, 1.0):
                raw, gold, tr = cross_validate(items, lam_, gw_)
                print(f"lam {lam_:<5} gold_weight {gw_:<4} held-out raw {raw:.4f} gold {gold:.4f} (train raw {tr:.4f})")
    print(f"{FOLDS}-fold cross-validation (lam {lam}, gold_weight {gw}):")
    raw, gold, tr = cross_validate(items, lam, gw, verbose=True)
    print(f"  mean held-out raw {raw:.4f} gold {gold:.4f}; mean train raw {tr:.4f}")
    if args.cv_only:
        return 0
    model = train(items, lam, gw)
    model = {"features1": list(bp.FEATURES1), "features2": list(bp.FEATURES2),
             "trained": f"bench/train_boilerplate.py on {len(items) // 2} dev pages, lam {lam}, gold_weight {gw}",
             **model}
    OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    fr, fg = score(items, model)
    print(f"all pages (in-sample, rules before boilerplate only): raw {fr:.4f} gold {fg:.4f}; wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
