"""Cross-validate the level decision on the test corpus; optionally refit data/level_model.csv.

    python tools/level_cv.py [--corpus tests/corpus] [--repeats 10] [--table]

For every page of the corpus the raw page is normalised and the level cues are gathered as
extraction gathers them (qmcorpus.extract.regions.level_cues: issuer kinds, addressees, scope words,
the place's specificity and whether a place qualifies the campaign). Each cue becomes a feature
``kind:level`` holding its value; a few more describe the document as a whole (see features()).
Compared decisions:

* hand    — the hand-set [level_weights] of data/extract.toml. It has no training, so its CV figure
            equals its whole-corpus figure; that figure is optimistic, since the weights were tuned
            by looking at these very pages.
* shared  — the hand model's form (one weight per cue kind, shared by all levels, plus a level
            intercept), weights fitted: a conditional logit (scipy L-BFGS, L2 penalty 0.3, set
            before any run); shared-nested chooses the penalty by an inner CV instead.
* multi   — scikit-learn multinomial LogisticRegression (L2) over all the features that fire on at
            least two training pages; C chosen by an inner 4-fold CV on the training folds only.
* combo   — multinomial LogisticRegression over the hand shares (hand:<level>) and the few
            features of a document's own voice, C chosen the same way.

Splits: 5-fold stratified CV repeated --repeats times, and the fixed split of the fold check
(fold A = qm pages with an odd number, fold B = even; other pages in neither): A→B and B→A.
``--table`` adds: the page count of every feature, the fitted shared weights beside the hand ones,
how often each page is missed across the CV repeats, and an ablation of the hand weights (each cue
kind's weight set to 0, halved and doubled: the whole-corpus accuracy and the pages whose level
changes) — how to see which hand weights decide pages and which decide none.
"""
from __future__ import annotations

import argparse
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from gold_pages import gold_pages  # noqa: E402
from qmcorpus.extract import fields as F  # noqa: E402
from qmcorpus.extract.issuers import find_issuers  # noqa: E402
from qmcorpus.extract.layout import layout  # noqa: E402
from qmcorpus.extract.places import place_of  # noqa: E402
from qmcorpus.extract.regions import hand_level, level_cues, level_scores  # noqa: E402
from qmcorpus.extract.structure import config  # noqa: E402

CS = (0.1, 0.3, 1.0, 3.0, 10.0)  # the C of LogisticRegression, chosen by inner CV
LAMS = (0.03, 0.1, 0.3, 1.0, 3.0)  # the L2 penalty of the shared model, chosen by inner CV
LEVELS = ("national", "provincial", "municipal", "county", "enterprise", "association", "other")
# the cue kinds of regions.level_cues (the keys of [level_weights] that weigh a cue)
CUE_KINDS = ("lead_issuer", "other_issuer", "addressee", "scope_first", "scope_other",
             "place_depth", "place_qualified")
EXTRA_FEATURES = ("hand_share", "no_issuer_kind", "n_issuers")


def features(cues, hand_scores) -> dict[str, float]:
    """Named features of a page: each cue as ``kind:level``, the hand score of each level as a
    share of all the weight (``hand:level``), the winner's share, whether no issuer has a kind,
    and how many issuers have one."""
    x: dict[str, float] = {}
    for kind, lvl, value, _ in cues:
        x[f"{kind}:{lvl}"] = x.get(f"{kind}:{lvl}", 0.0) + value
    total = sum(max(s, 0.0) for s, _ in hand_scores.values())
    for lvl, (s, _) in hand_scores.items():
        x[f"hand:{lvl}"] = max(s, 0.0) / total if total else 0.0
    if total:
        x["hand_share"] = max(max(s, 0.0) for s, _ in hand_scores.values()) / total
    n_kinds = sum(c[0] in ("lead_issuer", "other_issuer") for c in cues)
    x["no_issuer_kind"] = 0.0 if n_kinds else 1.0
    x["n_issuers"] = min(n_kinds, 4) / 4
    return {k: v for k, v in x.items() if v}


def pages(corpus: Path):
    """(id, gold level, cues, hand scores) of every page: the same steps as qmcorpus.extract.extract."""
    for g, norm in gold_pages(corpus):
        lay = layout(norm.text)
        title = F.find_title(lay)
        doc_type = F.find_doc_type(lay, title)
        issuers = find_issuers(lay, title, doc_type.value)
        place = place_of(lay, issuers)
        cues = level_cues(lay, issuers, title, place)
        yield g["id"], g["level"], cues, level_scores(lay, issuers, title, place)


# ── models ───────────────────────────────────────────────────────────────────────────────────────
class Hand:
    """The hand-weighted decision (no training)."""

    def fit(self, docs, y):
        return self

    def predict(self, docs):
        return [(hand_level(d["hand"])[0].value if d["hand"] else None) for d in docs]


class Shared:
    """Conditional logit with one weight per cue kind shared by every level, plus level intercepts;
    the L2 penalty ``lam`` fixed, or (None) chosen by an inner 4-fold CV on the training pages."""

    def __init__(self, lam: float | None = 0.3):
        self.lam = lam

    @staticmethod
    def tensor(docs):
        """docs × levels × cue kinds: the summed value of each cue kind for each level."""
        t = np.zeros((len(docs), len(LEVELS), len(CUE_KINDS)))
        for i, d in enumerate(docs):
            for kind, lvl, value, _ in d["cues"]:
                t[i, LEVELS.index(lvl), CUE_KINDS.index(kind)] += value
        return t

    def fit(self, docs, y):
        from scipy.optimize import minimize

        if self.lam is None:
            self.lam = _choose(lambda lam: Shared(lam), LAMS, docs, y)
        t = self.tensor(docs)
        gold = np.array([LEVELS.index(v) for v in y])
        nk, nl = len(CUE_KINDS), len(LEVELS)

        def loss(theta):
            w, b = theta[:nk], theta[nk:]
            s = t @ w + b
            s = s - s.max(axis=1, keepdims=True)
            p = np.exp(s)
            p /= p.sum(axis=1, keepdims=True)
            nll = -np.log(p[np.arange(len(gold)), gold] + 1e-12).sum()
            onehot = np.zeros_like(p)
            onehot[np.arange(len(gold)), gold] = 1
            g = p - onehot
            grad_w = np.einsum("dl,dlk->k", g, t) + 2 * self.lam * w
            grad_b = g.sum(axis=0) + 2 * self.lam * b
            return nll + self.lam * (w @ w + b @ b), np.concatenate([grad_w, grad_b])

        res = minimize(loss, np.zeros(nk + nl), jac=True, method="L-BFGS-B")
        self.w, self.b = res.x[:nk], res.x[nk:]
        return self

    def predict(self, docs):
        s = self.tensor(docs) @ self.w + self.b
        return [LEVELS[j] for j in s.argmax(axis=1)]


class Multi:
    """scikit-learn multinomial logistic regression over named features; C by inner CV."""

    def __init__(self, keep=None, C=None, min_pages: int = 2):
        self.keep, self.C, self.min_pages = keep, C, min_pages

    def _x(self, docs):
        return np.array([[d["x"].get(f, 0.0) for f in self.names] for d in docs])

    def fit(self, docs, y):
        from sklearn.linear_model import LogisticRegression

        fired = Counter(f for d in docs for f in d["x"] if self.keep is None or self.keep(f))
        self.names = sorted(f for f, n in fired.items() if n >= self.min_pages)
        C = self.C if self.C is not None else self._choose_c(docs, y)
        self.chosen_c = C
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.m = LogisticRegression(C=C, max_iter=5000).fit(self._x(docs), y)
        return self

    def _choose_c(self, docs, y):
        return _choose(lambda C: Multi(self.keep, C, self.min_pages), CS, docs, y)

    def predict(self, docs):
        return list(self.m.predict(self._x(docs)))


def _choose(make, grid, docs, y):
    """The value of ``grid`` whose model (``make(value)``) is right most often in a 4-fold CV of
    the given (training) pages; the first such value on a tie."""
    from sklearn.model_selection import StratifiedKFold

    best = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for v in grid:
            right = 0
            for tr, te in StratifiedKFold(4, shuffle=True, random_state=0).split(docs, y):
                m = make(v).fit([docs[i] for i in tr], [y[i] for i in tr])
                right += sum(p == y[i] for p, i in zip(m.predict([docs[i] for i in te]), te))
            if best is None or right > best[0]:
                best = (right, v)
    return best[1]


def combo_features(f: str) -> bool:
    return f.startswith("hand:") or f in EXTRA_FEATURES


MODELS = {
    "hand": lambda: Hand(),
    "shared": lambda: Shared(),
    "shared-nested": lambda: Shared(None),
    "multi": lambda: Multi(keep=lambda f: not f.startswith("hand")),
    "combo": lambda: Multi(keep=combo_features),
}


# ── evaluation ───────────────────────────────────────────────────────────────────────────────────
def accuracy(model, docs, y, tr, te):
    m = model().fit([docs[i] for i in tr], [y[i] for i in tr])
    pred = m.predict([docs[i] for i in te])
    return sum(p == y[i] for p, i in zip(pred, te)) / len(te), m


def fold_of(doc_id: str) -> str | None:
    m = re.fullmatch(r"qm(\d+)", doc_id)
    return None if not m else "A" if int(m.group(1)) % 2 else "B"


def hand_decision(cues, weights) -> str | None:
    """The hand decision with the given weights (the cues' weighted sum, the largest level)."""
    s: dict[str, float] = {}
    for kind, lvl, value, _ in cues:
        s[lvl] = s.get(lvl, 0.0) + weights[kind] * value
    return max(s, key=s.get) if s else None


def report_table(docs, y, names, repeats: int) -> None:
    """Feature page counts, fitted vs hand weights, the pages missed under CV, and the ablation."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    fired = Counter(f for d in docs for f in d["x"])
    print("\nfeature page counts:", ", ".join(f"{f}={c}" for f, c in sorted(fired.items())))
    hand_w = config()["level_weights"]
    sh = Shared().fit(docs, y)
    scale = hand_w["lead_issuer"] / sh.w[CUE_KINDS.index("lead_issuer")]
    print("\ncue kind          hand  fitted (shared, scaled to hand lead_issuer)")
    for k, kind in enumerate(CUE_KINDS):
        print(f"{kind:16} {hand_w[kind]:5.2f}  {sh.w[k] * scale:5.2f}")
    print("\npages missed under CV (times out of", repeats, "repeats):")
    for name in names:
        if name == "hand":
            continue
        miss: Counter = Counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for tr, te in RepeatedStratifiedKFold(n_splits=5, n_repeats=repeats, random_state=1).split(docs, y):
                m = MODELS[name]().fit([docs[i] for i in tr], [y[i] for i in tr])
                for pr, i in zip(m.predict([docs[i] for i in te]), te):
                    if pr != y[i]:
                        miss[(docs[i]["id"], y[i], pr)] += 1
        print(f"  {name}: " + ", ".join(f"{d} {g}→{p} ×{c}" for (d, g, p), c in miss.most_common(8)))
    print("  hand (whole corpus): " + ", ".join(f"{d['id']} {g}→{p}" for d, g in zip(docs, y)
                                               if (p := hand_decision(d["cues"], hand_w)) != g))
    print("\nablation of the hand weights: kind × factor → whole-corpus accuracy [pages whose level changes]")
    base = [hand_decision(d["cues"], hand_w) for d in docs]
    for kind in CUE_KINDS:
        row = []
        for f in (0.0, 0.5, 2.0):
            w = dict(hand_w, **{kind: hand_w[kind] * f})
            pred = [hand_decision(d["cues"], w) for d in docs]
            changed = [d["id"] for d, a, b in zip(docs, base, pred) if a != b]
            row.append(f"×{f:g} {sum(p == g for p, g in zip(pred, y)) / len(y):.3f} {changed}")
        print(f"  {kind:16} " + "  ".join(row))


def load(corpus: Path) -> tuple[list[dict], list[str]]:
    """The pages of the corpus as records (id, cues, hand scores, features) and their gold levels."""
    docs, y = [], []
    for doc_id, level, cues, hand in pages(corpus):
        docs.append({"id": doc_id, "cues": cues, "hand": hand, "x": features(cues, hand)})
        y.append(level)
    return docs, y


def evaluate(docs, y, names, repeats: int = 10) -> dict[str, dict]:
    """model → {whole, cv (per-fold accuracies), A→B, B→A}."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    n = len(docs)
    folds = {f: [i for i, d in enumerate(docs) if fold_of(d["id"]) == f] for f in "AB"}
    out = {}
    for name in names:
        accs = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the one-page class cannot be stratified
            splits = RepeatedStratifiedKFold(n_splits=5, n_repeats=repeats, random_state=1).split(docs, y)
            for tr, te in splits:
                accs.append(accuracy(MODELS[name], docs, y, tr, te)[0])
        out[name] = {"whole": accuracy(MODELS[name], docs, y, range(n), range(n))[0], "cv": accs,
                     "A→B": accuracy(MODELS[name], docs, y, folds["A"], folds["B"])[0],
                     "B→A": accuracy(MODELS[name], docs, y, folds["B"], folds["A"])[0]}
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=str(ROOT / "tests" / "corpus"))
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--models", default="hand,shared,multi,combo")
    p.add_argument("--table", action="store_true", help="also the feature counts, weights, misses and ablation")
    args = p.parse_args(argv)
    docs, y = load(Path(args.corpus))
    print(f"{len(docs)} pages; levels: {dict(Counter(y))}")
    names = [m for m in args.models.split(",") if m]
    print("(hand has no training: its CV figure is its whole-corpus figure, optimistic because the hand")
    print(" weights and every cue were tuned by looking at these pages; the fitted models' cues were too)")
    print(f"{'model':13} {'whole':>6} {'cv mean':>8} {'cv sd':>6} {'A→B':>6} {'B→A':>6}  per-fold (first repeat)")
    for name, r in evaluate(docs, y, names, args.repeats).items():
        first = " ".join(f"{a:.3f}" for a in r["cv"][:5])
        print(f"{name:13} {r['whole']:6.3f} {np.mean(r['cv']):8.3f} {np.std(r['cv']):6.3f} {r['A→B']:6.3f} "
              f"{r['B→A']:6.3f}  {first}")
    if args.table:
        report_table(docs, y, names, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
