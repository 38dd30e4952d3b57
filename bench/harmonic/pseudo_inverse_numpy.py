"""Peer for the harmonic benchmark: K_h from the same Hessian with NumPy/SciPy, the way a user
would write it: full eigendecomposition (scipy.linalg.eigh, LAPACK syevr), drop the three
translational modes (smallest |eigenvalue|), [H+]_ii = sum_k v_ik v_ik^T / lambda_k,
K_h,i = 1 / trace. Also the shifted-Cholesky route ((H + cP)^-1 - P/c, scipy cho_factor +
cho_solve). Prints its times and the largest relative difference from glassml's K_h."""
import sys, time
import numpy as np
import scipy.linalg as sl

out = sys.argv[1]
h = np.load(out + "/hessian.npy")
k_glassml = np.load(out + "/k_h.npy")[:, 0]
n = h.shape[0]
natoms = n // 3

t0 = time.perf_counter()
lam, v = sl.eigh(h)
order = np.argsort(np.abs(lam))
inv = 1.0 / lam
inv[order[:3]] = 0.0
diag = (v * v) @ inv                      # diagonal of H+ (3N)
k_eigh = 1.0 / diag.reshape(natoms, 3).sum(axis=1)
t_eigh = time.perf_counter() - t0

t0 = time.perf_counter()
c = np.trace(h) / n
m = h.copy()
for a in range(3):
    m[a::3, a::3] += c / natoms
cf = sl.cho_factor(m, lower=True, overwrite_a=True, check_finite=False)
minv = sl.cho_solve(cf, np.eye(n), overwrite_b=True, check_finite=False)
diag_c = np.diag(minv) - 1.0 / (c * natoms)
k_chol = 1.0 / diag_c.reshape(natoms, 3).sum(axis=1)
t_chol = time.perf_counter() - t0

print(f"numpy/scipy eigh: {t_eigh:.2f} s; cholesky inverse: {t_chol:.2f} s")
print(f"K_h glassml vs scipy eigh: max relative difference {np.max(np.abs(k_glassml / k_eigh - 1)):.2e}; "
      f"vs scipy cholesky {np.max(np.abs(k_glassml / k_chol - 1)):.2e}")
with open(out + "/peer_s.txt", "w") as f:
    f.write(f"{t_eigh} {t_chol}\n")
