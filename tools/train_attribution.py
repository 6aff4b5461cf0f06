"""Learn the attribution ranker's weights on PolNeAR's training split, leave one publisher out.

    python tools/train_attribution.py [--write] [--c 1.0]

Every direct quote's candidate speakers (each rule that finds one, and the sentence subject;
see cpp/src/quote_ranker.cpp) come from the core with their features
(``keep_candidates``). A candidate is right when its span overlaps the gold Source of the
gold direct quote its quote matches (overlap of at least half the shorter span, as the
scorer matches). A conditional logit (see fit(); scipy L-BFGS, deterministic) is fit on the
candidates of six publishers and the whole pipeline is run with those weights; the
seventh publisher's articles are scored with the shared scorer
(../shared/eval/eval_quotes.py), against the rules alone. The table printed is per held-out
publisher: attribution accuracy, direct end-to-end F1 and all-attributions end-to-end F1,
rules then model, and the mean and worst fold. ``--write`` fits on all seven and writes
python/presslens/data/attribution_model.tsv.

Development data only: nothing here is read at run time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

import presslens
from presslens import _core
from presslens._entities import gazetteer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "corpus" / "polnear-train"
MODEL = ROOT / "python" / "presslens" / "data" / "attribution_model.tsv"
sys.path.insert(0, str(SHARED / "eval"))
import eval_quotes  # noqa: E402
import polnear  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "eval_system", ROOT / "benchmarks" / "eval_quotes.py"
)
eval_system = importlib.util.module_from_spec(_spec)  # the benchmark's system-file writer
_spec.loader.exec_module(eval_system)


def candidates(ents: presslens.Entities) -> dict:
    corpus = ents.corpus
    r = _core.extract_quotes(
        corpus._core, ents._result, gazetteer(None), 10, 0.4, keep_candidates=True
    )
    return r["candidates"]


def labels(c: dict, ids: list[str], gold: dict) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate: 1 right, 0 wrong, -1 unknown (no matched gold quote with a Source)."""
    y = np.full(len(c["slot"]), -1, dtype=np.int8)
    for i in range(len(y)):
        art = gold[ids[c["doc"][i]]]
        qs, qe = int(c["quote_start"][i]), int(c["quote_end"][i])
        for a in art.direct:
            ov = sum(max(0, min(qe, y1) - max(qs, x1)) for x1, y1 in a.content)
            glen = sum(y1 - x1 for x1, y1 in a.content)
            if ov * 2 >= min(qe - qs, glen) and ov > 0:
                if a.source:
                    ss, se = int(c["speaker_start"][i]), int(c["speaker_end"][i])
                    y[i] = any(min(se, y1) > max(ss, x1) for x1, y1 in a.source)
                break
    pubs = np.array([ids[d].split("_", 1)[0] for d in c["doc"]])
    return y, pubs


def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    """The ranker: a conditional logit over the candidates of each quote whose candidates
    disagree (the probability of the right ones among the quote's candidates), L2 with
    strength 1/c; then the bias (feature 0) alone, fit by a logistic regression on the
    quotes whose only candidate is the sentence subject (accept when the score is > 0)."""
    order = np.argsort(groups, kind="stable")
    x, y, groups = x[order], y[order], groups[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    g_right = np.add.reduceat(y, starts)
    conflict = np.repeat((g_right > 0) & (g_right < sizes), sizes)
    xc, yc, gc = x[conflict], y[conflict], groups[conflict]
    c_starts = np.flatnonzero(np.r_[True, gc[1:] != gc[:-1]])
    gid = np.cumsum(np.r_[True, gc[1:] != gc[:-1]]) - 1
    n_g = len(c_starts)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = xc @ w
        m = np.maximum.reduceat(z, c_starts)[gid]
        e = np.exp(z - m)
        den = np.add.reduceat(e, c_starts)
        num = np.add.reduceat(e * yc, c_starts)
        nll = -np.sum(np.log(num / den))
        p_all = e / den[gid]
        p_right = e * yc / num[gid]
        grad = xc.T @ (p_all - p_right)
        return nll + 0.5 / c * np.sum(w[1:] ** 2), grad + np.r_[0.0, w[1:]] / c

    w = (
        minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
        if n_g
        else np.zeros(x.shape[1])
    )
    only_subject = (sizes == 1) & (x[starts, 4] == 1)  # feature 4: slot_subject
    xs, ys = x[starts[only_subject]], y[starts[only_subject]]
    offset = xs[:, 1:] @ w[1:]

    def bias_loss(b: np.ndarray) -> tuple[float, np.ndarray]:
        z = offset + b[0]
        p = 1.0 / (1.0 + np.exp(-z))
        return float(np.sum(np.logaddexp(0.0, z) - ys * z)), np.array([np.sum(p - ys)])

    w[0] = minimize(bias_loss, np.zeros(1), jac=True, method="L-BFGS-B").x[0] if len(ys) else -1.0
    return w


def system_file(ents: presslens.Entities, attribution, path: Path) -> None:
    eval_system.write_system(presslens.quotes(ents, attribution=attribution).frame, path)


def score(ents, attribution, gold) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sys.jsonl"
        system_file(ents, attribution, path)
        system, _ = eval_quotes.load_system(str(path), gold)
    return eval_quotes.evaluate(gold, system, by_publisher=True)


def line(name: str, v) -> str:
    """attribution accuracy, direct e2e F1, all e2e F1, detection F1: rules -> model."""
    return (
        f"{name:<13} attr {v[0]:.3f} -> {v[1]:.3f}   e2e {v[2]:.3f} -> {v[3]:.3f}   "
        f"all e2e {v[4]:.3f} -> {v[5]:.3f}   det {v[6]:.3f} -> {v[7]:.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    ap.add_argument("--write", action="store_true", help="fit on all and write the model file")
    args = ap.parse_args()
    gold = polnear.load(str(POLNEAR))
    corpus = presslens.Corpus.from_folder(POLNEAR / "text")
    ents = presslens.entities(corpus)
    c = candidates(ents)
    y, pubs = labels(c, corpus.ids, gold)
    x = np.asarray(c["features"], dtype=np.float64)
    groups = np.asarray(c["doc"], dtype=np.int64) * (1 << 32) + np.asarray(c["quote_start"])
    # a quote is labelled when all its candidates are
    _, inv = np.unique(groups, return_inverse=True)
    known = (np.bincount(inv, weights=(y < 0)) == 0)[inv]
    print(f"{len(y)} candidates, {known.sum()} labelled, {int((y == 1).sum())} right", flush=True)
    base = score(ents, "rules", gold)
    rows = []
    for pub in sorted(set(pubs)):
        train = known & (pubs != pub)
        w = fit(x[train], y[train].astype(float), groups[train], args.c)
        res = score(ents, list(w), gold)
        b_d = base["direct_by_publisher"][pub]
        m_d = res["direct_by_publisher"][pub]
        b_a = base["all_by_publisher"][pub]
        m_a = res["all_by_publisher"][pub]
        rows.append(
            (
                pub,
                b_d["attr_acc"],
                m_d["attr_acc"],
                b_d["e2e_f1"],
                m_d["e2e_f1"],
                b_a["e2e_f1"],
                m_a["e2e_f1"],
                b_d["f1"],
                m_d["f1"],
            )
        )
        print(line(rows[-1][0], rows[-1][1:]), flush=True)
    arr = np.array([r[1:] for r in rows])
    print(line("mean", arr.mean(axis=0)))
    print(line("worst", arr.min(axis=0)))
    if args.write:
        w = fit(x[known], y[known].astype(float), groups[known], args.c)
        lines = [
            "# The attribution ranker's weights (logistic regression over the features of",
            "# cpp/src/quote_ranker.cpp), learned by tools/train_attribution.py on PolNeAR's",
            f"# training split, all seven publishers, C={args.c}. feature<TAB>weight",
        ]
        lines += [f"{n}\t{v:.6f}" for n, v in zip(_core.ATTRIBUTION_FEATURES, w, strict=True)]
        MODEL.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
