"""The independent side of "Which Hessian" (docs/BENCHMARKS.md): K_h from the Hessian of LAMMPS
forces by central differences (h = 1e-3 Å, symmetrized only, written by `bench_harmonic --fd` as
hessian_lammps_fd.npy), computed with NumPy alone: numpy.linalg.eigh, the three eigenvalues of
smallest magnitude (translations) dropped, and numpy.linalg.pinv(hermitian=True) with a cutoff
above them (the default cutoff keeps translations whose round-off |λ| exceeds it: reported);
both against glassml's default K_h (k_h.npy). Prints max / 99th percentile / mean of
|K_h,glassml / K_h,numpy − 1|.

usage: independent_check.py OUTDIR   (LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread
       makes Debian's NumPy use OpenBLAS instead of the reference BLAS: minutes -> seconds)"""
import sys, time
import numpy as np

out = sys.argv[1]
h = np.load(out + "/hessian_lammps_fd.npy")
k_glassml = np.load(out + "/k_h.npy")[:, 0]
natoms = h.shape[0] // 3


def stats(k):
    d = np.abs(k_glassml / k - 1)
    return f"{d.max():.2e} / {np.percentile(d, 99):.2e} / {d.mean():.2e}"


t0 = time.perf_counter()
lam, v = np.linalg.eigh(h)
order = np.argsort(np.abs(lam))
inv = 1.0 / lam
inv[order[:3]] = 0.0
k_eigh = 1.0 / ((v * v) @ inv).reshape(natoms, 3).sum(axis=1)
t_eigh = time.perf_counter() - t0
print(f"LAMMPS central differences h = 1e-3 A: three smallest |eigenvalues| {np.sort(np.abs(lam))[:3]} eV/A^2, "
      f"fourth {np.sort(np.abs(lam))[3]:.3g}; negative beyond them: {(lam < 0).sum() - (lam[order[:3]] < 0).sum()}")
print(f"glassml default K_h vs numpy eigh (translations dropped): max / p99 / mean {stats(k_eigh)}  ({t_eigh:.1f} s)")
# numpy.linalg.pinv's default cutoff (1e-15 x the largest |λ|), from the same eigenpairs: it keeps
# the translations when their |λ| (round-off) exceeds it, and K_h collapses.
keep = np.abs(lam) > 1e-15 * np.abs(lam).max()
k_naive = 1.0 / ((v * v) @ np.where(keep, 1.0 / lam, 0.0)).reshape(natoms, 3).sum(axis=1)
print(f"numpy pinv with its default rcond would keep {keep.sum() - (natoms * 3 - 3)} translational modes: "
      f"mean K_h {k_naive.mean():.3g} eV/A^2 (glassml {k_glassml.mean():.4f})")
rcond = 0.5 * np.sort(np.abs(lam))[3] / np.abs(lam).max()  # keeps every mode but the translations
t0 = time.perf_counter()
k_pinv = 1.0 / np.diagonal(np.linalg.pinv(h, rcond=rcond, hermitian=True)).reshape(natoms, 3).sum(axis=1)
print(f"glassml default K_h vs numpy pinv(hermitian, rcond {rcond:.2g}): max / p99 / mean {stats(k_pinv)}  "
      f"({time.perf_counter() - t0:.1f} s)")
