#pragma once
// The tabulated functions of a setfl EAM file (eam/fs or eam/alloy), interpolated exactly as
// LAMMPS's pair_style eam does (https://docs.lammps.org/pair_eam.html), with second derivatives
// added for the analytic Hessian:
//   E = Σ_i F_i(ρ_i) + ½ Σ_{i≠j} φ_ij(r_ij),   ρ_i = Σ_{j≠i} f_{j→i}(r_ij),
// F per element of i on a ρ grid, φ = (r φ)/r from the file's r·φ tables, f_{j→i} the density
// that an atom of element e_j puts at an atom of element e_i (eam/fs: one table per pair
// (e_j, e_i), listed in e_j's section; eam/alloy: one per e_j).
//
// Interpolation (LAMMPS PairEAM::interpolate): on a grid of spacing δ, values y_m and slopes
// s_m from fourth-order finite differences, s_m = [(y_{m-2} − y_{m+2}) + 8 (y_{m+1} − y_{m-1})]/12
// (second order next to the ends), and in each interval the cubic Hermite polynomial in
// p ∈ [0, 1]; p = x/δ + 1 − m, m clamped to the table, p ≤ 1 (no extrapolation except
// F beyond ρ_max, continued linearly). The value is C¹; the second derivative used here is that
// of the cubic in the interval, as LAMMPS's forces are the derivative of that cubic.
#include <string>
#include <vector>

namespace glassml::md {

/// How the tables are interpolated between their knots: as LAMMPS does (C¹ Hermite cubics with
/// finite-difference slopes; the default, the potential LAMMPS runs), or by the C² cubic spline
/// through the same knots (natural ends; slopes from s_{m−1} + 4 s_m + s_{m+1} = 3 (y_{m+1} − y_{m−1})),
/// a smooth reading of the same tables as spline-based codes make (for comparison only: its
/// forces differ from LAMMPS's).
enum class EamInterpolation { Lammps, CubicSpline };

/// One interpolated table: value, first and second derivative at x.
class EamSpline {
 public:
  EamSpline() = default;
  EamSpline(const std::vector<double>& values, double delta, EamInterpolation interpolation = EamInterpolation::Lammps);
  /// f(x), f'(x), f''(x) (x in the table's unit).
  void eval(double x, double& f, double& df, double& d2f) const;
  /// As LAMMPS evaluates the embedding function: index clamped to >= 1, linear beyond x_max.
  void eval_embedding(double x, double& f, double& df, double& d2f) const;

 private:
  struct Cubic {
    double c0, c1, c2, c3;  ///< y = ((c3 p + c2) p + c1) p + c0 in units of the grid step
  };
  std::vector<Cubic> pieces_;  ///< index m = 1..n (index 0 unused), as in LAMMPS
  double inv_delta_ = 0, x_max_ = 0;
  int n_ = 0;
};

struct EamTables {
  std::vector<std::string> elements;
  double cutoff = 0;                          ///< Å
  std::vector<EamSpline> embedding;           ///< F per element (eV, ρ)
  std::vector<std::vector<EamSpline>> density;  ///< density[e_j][e_i]: f_{j→i}(r)
  std::vector<std::vector<EamSpline>> rphi;     ///< rphi[a][b] = r·φ_ab(r) (eV·Å), symmetric

  int index_of(const std::string& element) const;
};

/// Reads a setfl file completely (style "eam/fs" or "eam/alloy"). Throws InputError naming the
/// file (and line) on a malformed or short file.
EamTables read_eam_tables(const std::string& path, const std::string& style,
                          EamInterpolation interpolation = EamInterpolation::Lammps);

}  // namespace glassml::md
