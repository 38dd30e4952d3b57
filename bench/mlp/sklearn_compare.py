#!/usr/bin/python3
"""Accuracy peer of `glassml train`: scikit-learn's MLPRegressor (200 ReLU units, Adam) on the
same features and the same split (train on TRAIN.npy, test on TEST.npy; features from
`glassml features`, labels the K column of the dumps), standardized on the training set as
glassml does. Prints single-atom metrics overall and per species.

usage: sklearn_compare.py TRAIN.npy TEST.npy --train-dumps A.dump ... --test-dumps B.dump ... [--seed N]
"""
import argparse
import json

import numpy as np
from scipy import stats
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler


def read_dump(path):
    """K column and species of a LAMMPS text dump (one frame), in increasing id order."""
    with open(path) as f:
        lines = f.read().splitlines()
    k = next(i for i, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
    cols = lines[k].split()[2:]
    rows = [l.split() for l in lines[k + 1:] if l.strip()]
    ids = np.array([int(r[cols.index("id")]) for r in rows])
    order = np.argsort(ids)
    label = np.array([float(r[cols.index("K")]) for r in rows])[order]
    species = np.array([r[cols.index("element")] for r in rows])[order]
    return label, species


def metrics(t, p):
    e = p - t
    return {"n": int(len(t)), "mse": float(np.mean(e ** 2)), "rmse": float(np.sqrt(np.mean(e ** 2))),
            "mae": float(np.mean(np.abs(e))), "r2": float(1 - np.sum(e ** 2) / np.sum((t - t.mean()) ** 2)),
            "pearson": float(stats.pearsonr(t, p)[0]), "spearman": float(stats.spearmanr(t, p)[0])}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train_npy")
    ap.add_argument("test_npy")
    ap.add_argument("--train-dumps", nargs="+", required=True)
    ap.add_argument("--test-dumps", nargs="+", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="write the metrics here")
    a = ap.parse_args()
    xtr, xte = np.load(a.train_npy), np.load(a.test_npy)
    ytr, str_ = map(np.concatenate, zip(*[read_dump(p) for p in a.train_dumps]))
    yte, ste = map(np.concatenate, zip(*[read_dump(p) for p in a.test_dumps]))
    assert len(ytr) == len(xtr) and len(yte) == len(xte), "features and dumps disagree in atom count"
    sc = StandardScaler().fit(xtr)
    results = []
    # scikit-learn's defaults (no early stopping, up to 200 epochs, alpha 1e-4), and with its
    # early stopping (10 % of the training atoms held out at random).
    for name, early in (("defaults", False), ("early_stopping", True)):
        reg = MLPRegressor(hidden_layer_sizes=(200,), activation="relu", solver="adam", random_state=a.seed,
                           early_stopping=early)
        reg.fit(sc.transform(xtr), ytr)
        pred = reg.predict(sc.transform(xte))
        out = {"model": f"sklearn MLPRegressor(200 relu, adam, {name})", "epochs": int(reg.n_iter_),
               "test": {"all": metrics(yte, pred)}}
        for s in sorted(set(ste)):
            out["test"][s] = metrics(yte[ste == s], pred[ste == s])
        for part, m in out["test"].items():
            print(f"sklearn[{name}, {out['epochs']} epochs] test {part:4s} n {m['n']:5d} MSE {m['mse']:.5f} "
                  f"RMSE {m['rmse']:.5f} MAE {m['mae']:.5f} R2 {m['r2']:.4f} Pearson {m['pearson']:.4f} "
                  f"Spearman {m['spearman']:.4f}", flush=True)
        results.append(out)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
