#!/usr/bin/python3
"""Recomputes every number of a `glassml report` folder from the CSV files in it, with numpy and
formulas written here independently of the C++ code, and compares them with metrics.json, the
metrics tables, the figure scripts and report.md. Exit status 0 when all agree, else 1 with one
line per disagreement.  Usage: check_report.py DIR"""
import csv
import json
import math
import os
import sys

import numpy as np

DIR = sys.argv[1]
errors = []
checked = [0]


def fail(msg):
    errors.append(msg)


def close(a, b, what, rel=1e-9, abs_=1e-12):
    checked[0] += 1
    if a is None or b is None:
        if not (a is None and (b is None or (isinstance(b, float) and math.isnan(b)))) and not (
                b is None and isinstance(a, float) and math.isnan(a)):
            fail(f"{what}: {a} vs {b}")
        return
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return
    if not abs(a - b) <= abs_ + rel * abs(b):
        fail(f"{what}: {a} (report) vs {b} (recomputed)")


def read_csv(name):
    with open(os.path.join(DIR, name)) as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def column(rows, header, name, conv=float):
    k = header.index(name)
    return np.array([conv(r[k]) for r in rows]) if conv is float else [conv(r[k]) for r in rows]


def text(name):
    with open(os.path.join(DIR, name), encoding="utf-8") as f:
        return f.read()


def contains(haystack, needle, what):
    checked[0] += 1
    if needle not in haystack:
        fail(f"{what}: '{needle}' not found")


def fix3(v):
    return "nan" if v is None or math.isnan(v) else "{:.3f}".format(v)


def sig4(v):
    return "nan" if v is None or math.isnan(v) else "{:.4g}".format(v)


def ranks(a):
    """Average ranks (1-based) with ties sharing the mean of their ranks."""
    a = np.asarray(a)
    order = np.argsort(a, kind="mergesort")
    r = np.empty(len(a))
    s = a[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        r[order[i:j + 1]] = 0.5 * (i + j) + 1
        i = j + 1
    return r


def pearson(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 2 or np.all(x == x[0]) or np.all(y == y[0]):
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def metrics(t, p):
    t, p = np.asarray(t), np.asarray(p)
    e = p - t
    sst = np.sum((t - t.mean()) ** 2)
    return {"n": len(t), "mse": float(np.mean(e ** 2)), "rmse": float(np.sqrt(np.mean(e ** 2))),
            "mae": float(np.mean(np.abs(e))), "r2": float(1 - np.sum(e ** 2) / sst) if sst > 0 else float("nan"),
            "pearson": pearson(t, p), "spearman": pearson(ranks(t), ranks(p)),
            "mean_true": float(t.mean()), "mean_pred": float(p.mean()), "bias": float(p.mean() - t.mean())}


def groups(t, p, size):
    order = np.argsort(t, kind="stable")
    n = len(t) // size
    gt = np.array([t[order[g * size:(g + 1) * size]].mean() for g in range(n)])
    gp = np.array([p[order[g * size:(g + 1) * size]].mean() for g in range(n)])
    return gt, gp


def compare_metrics(reported, expected, what):
    for k, v in expected.items():
        close(reported.get(k), v, f"{what}.{k}")


def check_parity(key):
    h, rows = read_csv(f"parity_{key}_atoms.csv")
    t, p = column(rows, h, "K_real[eV/A^2]"), column(rows, h, "K_pre[eV/A^2]")
    species = column(rows, h, "species", str)
    m = json.load(open(os.path.join(DIR, "metrics.json")))[key]
    size = m["group_size"]
    gt, gp = groups(t, p, size)
    gh, grows = read_csv(f"parity_{key}_groups.csv")
    close(float(len(grows)), float(len(gt)), f"{key} number of groups")
    for a, b in zip(column(grows, gh, gh[0]), gt):
        close(a, b, f"{key} group K_real")
    for a, b in zip(column(grows, gh, gh[1]), gp):
        close(a, b, f"{key} group K_pre")
    dh, drows = read_csv(f"parity_{key}_density.csv")
    close(float(sum(int(r[2]) for r in drows)), float(len(t)), f"{key} density map holds every atom")
    parts = [("all", np.ones(len(t), bool), m["all"])]
    for sp in dict.fromkeys(species):
        mask = np.array([s == sp for s in species])
        parts.append((sp, mask, m["species"][sp]))
    table = {}
    mh, mrows = read_csv(f"metrics_{key}.csv")
    for r in mrows:
        table[(r[0], r[1])] = r
    report = text("report.md")
    for name, mask, rep in parts:
        single = metrics(t[mask], p[mask])
        compare_metrics(rep["single_atom"], single, f"{key}.{name}.single_atom")
        gt_s, gp_s = groups(t[mask], p[mask], size)
        rows_expected = [("single atoms", single)]
        if len(gt_s):
            grouped = metrics(gt_s, gp_s)
            compare_metrics(rep["grouped"], grouped, f"{key}.{name}.grouped")
            rows_expected.append((f"{size}-atom groups", grouped))
        for points, e in rows_expected:
            r = table[(name, points)]
            for col, k in [(3, "mse"), (4, "rmse"), (5, "mae"), (6, "r2"), (7, "pearson"), (8, "spearman"), (9, "mean_true"),
                           (10, "mean_pred"), (11, "bias")]:
                close(float(r[col]), e[k], f"metrics_{key}.csv {name} {points} {k}")
            row = " | ".join([name, points, str(e["n"]), sig4(e["mse"]), sig4(e["rmse"]), sig4(e["mae"]), fix3(e["r2"]),
                              fix3(e["pearson"]), fix3(e["spearman"]), sig4(e["mean_true"]), sig4(e["mean_pred"]),
                              sig4(e["bias"])])
            contains(report, "| " + row + " |", f"report.md row {key} {name} {points}")
    a = metrics(t, p)
    gp_text = text(f"parity_{key}.gp")
    for v in [fix3(a["r2"]), sig4(a["mse"]), fix3(a["pearson"]), fix3(a["spearman"])]:
        contains(gp_text, v, f"parity_{key}.gp corner label")


def check_rdf():
    m = json.load(open(os.path.join(DIR, "metrics.json")))["rdf_classes"]
    h, rows = read_csv("rdf_classes.csv")
    r = column(rows, h, "r[A]")
    report = text("report.md")
    for col in h[1:]:
        g = column(rows, h, col)
        k = int(np.argmax(g))
        close(m["first_peak"][col]["r_A"], float(r[k]), f"rdf {col} peak r")
        close(m["first_peak"][col]["g"], float(g[k]), f"rdf {col} peak g")
        contains(report, f"| {sig4(float(r[k]))} | {sig4(float(g[k]))} |", f"report.md rdf peak {col}")


def check_spatial():
    m = json.load(open(os.path.join(DIR, "metrics.json")))["spatial"]
    h, rows = read_csv("spatial_map.csv")
    cp, cr = column(rows, h, "K_pre_cg[eV/A^2]"), column(rows, h, "K_real_cg[eV/A^2]")
    slab = column(rows, h, "in_slab") > 0
    z = column(rows, h, "z[A]")
    close(m["pearson_cg"], pearson(cr, cp), "spatial pearson_cg")
    close(m["spearman_cg"], pearson(ranks(cr), ranks(cp)), "spatial spearman_cg")
    close(m["pearson_cg_slab"], pearson(cr[slab], cp[slab]), "spatial pearson_cg_slab")
    close(m["pearson_single_atom"], pearson(column(rows, h, "K_real[eV/A^2]"), column(rows, h, "K_pre[eV/A^2]")),
          "spatial pearson_single_atom")
    close(float(m["slab_atoms"]), float(slab.sum()), "spatial slab atoms")
    checked[0] += 1
    if slab.any() and z[slab].max() - z[slab].min() > m["slab_thickness_A"]:
        fail("spatial slab thicker than asked")
    species = column(rows, h, "species", str)
    kr, kp = column(rows, h, "K_real[eV/A^2]"), column(rows, h, "K_pre[eV/A^2]")
    report = text("report.md")
    for sp in dict.fromkeys(species):
        mask = np.array([s == sp for s in species])
        e = m["species"][sp]
        close(e["pearson_cg"], pearson(cr[mask], cp[mask]), f"spatial {sp} pearson_cg")
        close(e["spearman_cg"], pearson(ranks(cr[mask]), ranks(cp[mask])), f"spatial {sp} spearman_cg")
        close(e["pearson_single_atom"], pearson(kr[mask], kp[mask]), f"spatial {sp} pearson single")
        contains(report, f"| {sp} | {mask.sum()} | {fix3(pearson(cr[mask], cp[mask]))} | "
                         f"{fix3(pearson(ranks(cr[mask]), ranks(cp[mask])))} | {fix3(pearson(kr[mask], kp[mask]))} |",
                 f"report.md spatial row {sp}")
    contains(report, f"Pearson {fix3(pearson(cr, cp))}, Spearman {fix3(pearson(ranks(cr), ranks(cp)))}", "report.md spatial")
    contains(text("spatial_map.gp"), f"Pearson {fix3(pearson(cr, cp))}", "spatial_map.gp title")


def check_rates():
    m = json.load(open(os.path.join(DIR, "metrics.json")))["rate_transfer"]
    sh, srows = read_csv("rate_transfer.csv")
    report = text("report.md")
    for label, rep in m.items():
        h, rows = read_csv(f"rate_{label}_atoms.csv")
        t, p = column(rows, h, "K_real[eV/A^2]"), column(rows, h, "K_pre[eV/A^2]")
        species = column(rows, h, "species", str)
        e = metrics(t, p)
        compare_metrics(rep["all"]["single_atom"], e, f"rate {label}")
        for sp in dict.fromkeys(species):
            mask = np.array([s == sp for s in species])
            compare_metrics(rep["species"][sp]["single_atom"], metrics(t[mask], p[mask]), f"rate {label} {sp}")
        row = [r for r in srows if r[0] == label and r[2] == "all"][0]
        close(float(row[4]), e["pearson"], f"rate_transfer.csv {label} pearson")
        close(float(row[6]), e["bias"], f"rate_transfer.csv {label} bias")
        contains(report, f"| {label} | all | {e['n']} | {fix3(e['pearson'])} | {fix3(e['spearman'])} | {sig4(e['bias'])} |",
                 f"report.md rate row {label}")
        contains(text("rate_transfer.gp"), f"Pearson {fix3(e['pearson'])}, bias {sig4(e['bias'])}", f"rate_transfer.gp {label}")


def check_viscosity():
    m = json.load(open(os.path.join(DIR, "metrics.json")))["activation"]
    h, rows = read_csv("viscosity_atoms.csv")
    k, le = column(rows, h, "K_pre[eV/A^2]"), column(rows, h, "log10_eta[Pa*s]")
    close(float(m["activated_atoms"]), float(len(k)), "activated atoms")
    close(m["pearson_K_pre_log10_eta"], pearson(k, le), "viscosity pearson")
    close(m["spearman_K_pre_eta"], pearson(ranks(k), ranks(le)), "viscosity spearman")
    slope, intercept = np.polyfit(k, le, 1)
    close(m["fit_log10_eta_slope_per_eV_A2"], float(slope), "viscosity slope", rel=1e-7)
    close(m["fit_log10_eta_intercept"], float(intercept), "viscosity intercept", rel=1e-7, abs_=1e-9)
    gk, gl = groups(k, le, m["group_size"])
    gh, grows = read_csv("viscosity_groups.csv")
    for a, b in zip(column(grows, gh, gh[1]), gl):
        close(a, b, "viscosity group log10 eta")
    n = max(1, int(round(0.1 * len(k))))
    order = np.argsort(-k, kind="stable")
    stiff, soft = le[order[:n]], le[np.argsort(k, kind="stable")[:n]]
    close(m["median_log10_eta_stiffest"], float(np.median(stiff)), "median log10 eta stiffest")
    close(m["median_log10_eta_softest"], float(np.median(soft)), "median log10 eta softest")
    hh, hrows = read_csv("eta_histograms.csv")
    lo, hi = column(hrows, hh, hh[0]), column(hrows, hh, hh[1])
    edges = np.append(lo, hi[-1])
    for col, values in [(2, stiff), (3, soft)]:
        counts, _ = np.histogram(values, bins=edges)
        close(float(np.abs(counts - np.array([int(r[col]) for r in hrows])).sum()), 0.0, f"eta histogram column {hh[col]}")
    dq = column(rows, h, "dQ_mean[eV]")
    kb, eta0 = 8.617333262e-5, 1e-4
    temps = dq / (kb * np.log(10.0 ** le / eta0))
    temps = temps[np.isfinite(temps) & (10.0 ** le > eta0)]
    t = m["implied_temperature_K"]
    close(t["median"], float(np.median(temps)), "implied temperature median", rel=1e-7)
    close(t["min"], float(temps.min()), "implied temperature min", rel=1e-7)
    close(t["max"], float(temps.max()), "implied temperature max", rel=1e-7)
    report = text("report.md")
    contains(report, f"implied by the activation files is {sig4(float(np.median(temps)))} K "
                     f"(range {sig4(float(temps.min()))}-{sig4(float(temps.max()))} K)", "report.md temperature")
    contains(report, f"log10 η = {sig4(float(intercept))} + {sig4(float(slope))} K_pre", "report.md fit line")
    contains(report, f"{len(k)} of {m['atoms']} atoms have at least one successful activation event", "report.md activated count")
    contains(report, f"| all | {len(k)} | {fix3(pearson(k, le))} | {fix3(pearson(ranks(k), ranks(le)))} |", "report.md viscosity row")
    contains(report, f"median log10 η {sig4(float(np.median(stiff)))} vs {sig4(float(np.median(soft)))}", "report.md medians")


def check_cv():
    m = json.load(open(os.path.join(DIR, "metrics.json")))["cross_validation"]
    h, rows = read_csv("cv.csv")
    mean = column(rows, h, h[3])
    best = rows[int(np.argmin(mean))]
    close(m["best"]["mean_val_mse"], float(best[3]), "cv best mean")
    contains(text("report.md"), f"| {best[0]} | {best[1]} | {best[2]} | {sig4(float(best[3]))} (best) |", "report.md cv best row")


def check_training_metrics():
    h, rows = read_csv("training_metrics.csv")
    values = {r[0]: float(r[1]) for r in rows}
    report = text("report.md")
    for key, v in values.items():
        parts = key.split(".")
        if parts[-2:] == ["single_atom", "pearson"] and parts[0] in ("train", "validation", "test"):
            species = "all" if parts[1] == "all" else parts[2]
            n = values[key.replace("pearson", "n")]
            mse = values[key.replace("pearson", "mse")]
            contains(report, f"| {parts[0]} | {species} | {n:.0f} | {sig4(mse)} | ", f"report.md training row {key}")
            contains(report, f" | {fix3(v)} | ", f"report.md training pearson {key}")


m = json.load(open(os.path.join(DIR, "metrics.json")))
if "training_metrics" in m:
    check_training_metrics()
for key in ("train", "test"):
    if key in m:
        check_parity(key)
if "rdf_classes" in m:
    check_rdf()
if "spatial" in m:
    check_spatial()
if "rate_transfer" in m:
    check_rates()
if "activation" in m:
    check_viscosity()
if "cross_validation" in m:
    check_cv()
for e in errors[:30]:
    print(e)
print(f"{checked[0]} checks, {len(errors)} disagreements")
sys.exit(1 if errors else 0)
