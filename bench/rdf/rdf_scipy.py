#!/usr/bin/env python3
"""The peer of bench_rdf: the per-atom RDF (SPEC 4) written the way a NumPy/SciPy user would.

cKDTree with periodic boxsize finds the pairs within r_max, NumPy computes minimum-image
distances, bins them and histograms them per atom with bincount; normalization 4 pi r_c^2 rho dr.
Reads OUTDIR/positions.npy (N x 3, origin at the box corner) and OUTDIR/box.npy (1 x 3 lengths,
orthogonal box), prints the best and median wall time and the best CPU time of 5 runs, and compares with OUTDIR/features.npy
(glassml's result) as an independent check.
"""
import sys
import time

import numpy as np
from scipy.spatial import cKDTree


def per_atom_rdf(pos, box, r_min=2.0, r_max=10.0, dr=0.2):
    n = len(pos)
    nb = int(round((r_max - r_min) / dr))
    pos = np.mod(pos, box)
    pos[pos >= box] = 0.0  # np.mod can round up to the box length
    tree = cKDTree(pos, boxsize=box)
    pairs = tree.query_pairs(r_max, output_type="ndarray")
    d = pos[pairs[:, 1]] - pos[pairs[:, 0]]
    d -= box * np.round(d / box)
    r = np.sqrt((d * d).sum(axis=1))
    keep = (r >= r_min) & (r < r_max)
    i, j, r = pairs[keep, 0], pairs[keep, 1], r[keep]
    k = np.minimum(np.floor((r - r_min) / dr).astype(np.int64), nb - 1)
    counts = np.bincount(i * nb + k, minlength=n * nb) + np.bincount(j * nb + k, minlength=n * nb)
    rho = n / np.prod(box)
    r_c = r_min + (np.arange(nb) + 0.5) * dr
    return counts.reshape(n, nb) / (4.0 * np.pi * r_c**2 * rho * dr)


def main():
    outdir = sys.argv[1]
    pos = np.load(outdir + "/positions.npy")
    box = np.load(outdir + "/box.npy")[0]
    times, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        g = per_atom_rdf(pos.copy(), box)
        times.append(1e3 * (time.perf_counter() - t0))
        cpu.append(1e3 * (time.process_time() - c0))
    times.sort()
    ours = np.load(outdir + "/features.npy")
    print(f"numpy/scipy (cKDTree + bincount), scipy {__import__('scipy').__version__}, numpy {np.__version__}: "
          f"wall best {times[0]:.1f} ms, median {times[len(times) // 2]:.1f} ms; CPU best {min(cpu):.1f} ms")
    print(f"max |glassml - numpy/scipy| = {np.abs(ours - g).max():.3g}")
    with open(outdir + "/scipy_ms.txt", "w") as f:
        f.write(f"{times[0]} {min(cpu)}\n")


if __name__ == "__main__":
    main()
