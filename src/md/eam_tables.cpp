#include "md/eam_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace glassml::md {

namespace {

/// Slopes (per grid step) of the natural C² cubic spline through y[1..n]: tridiagonal system
/// s_{m−1} + 4 s_m + s_{m+1} = 3 (y_{m+1} − y_{m−1}), 2 s_1 + s_2 = 3 (y_2 − y_1),
/// s_{n−1} + 2 s_n = 3 (y_n − y_{n−1}) (zero second derivative at the ends), by elimination.
std::vector<double> spline_slopes(const std::vector<double>& y, int n) {
  std::vector<double> diag(n + 1), rhs(n + 1), s(n + 1);
  for (int m = 1; m <= n; ++m) {
    diag[m] = (m == 1 || m == n) ? 2.0 : 4.0;
    rhs[m] = m == 1 ? 3.0 * (y[2] - y[1]) : m == n ? 3.0 * (y[n] - y[n - 1]) : 3.0 * (y[m + 1] - y[m - 1]);
  }
  for (int m = 2; m <= n; ++m) {  // off-diagonals are 1
    const double w = 1.0 / diag[m - 1];
    diag[m] -= w;
    rhs[m] -= w * rhs[m - 1];
  }
  s[n] = rhs[n] / diag[n];
  for (int m = n - 1; m >= 1; --m) s[m] = (rhs[m] - s[m + 1]) / diag[m];
  return s;
}

}  // namespace

EamSpline::EamSpline(const std::vector<double>& y_in, double delta, EamInterpolation interpolation) {
  // 1-based like LAMMPS: y[1..n].
  n_ = static_cast<int>(y_in.size());
  if (n_ < 5 || !(delta > 0)) throw ParameterError("EAM table too short");
  std::vector<double> y(n_ + 1), s(n_ + 1);
  for (int m = 1; m <= n_; ++m) y[m] = y_in[m - 1];
  s[1] = y[2] - y[1];
  s[2] = 0.5 * (y[3] - y[1]);
  s[n_ - 1] = 0.5 * (y[n_] - y[n_ - 2]);
  s[n_] = y[n_] - y[n_ - 1];
  for (int m = 3; m <= n_ - 2; ++m) s[m] = ((y[m - 2] - y[m + 2]) + 8.0 * (y[m + 1] - y[m - 1])) / 12.0;
  if (interpolation == EamInterpolation::CubicSpline) s = spline_slopes(y, n_);
  pieces_.assign(n_ + 1, Cubic{0, 0, 0, 0});
  for (int m = 1; m <= n_; ++m) {
    Cubic& c = pieces_[m];
    c.c0 = y[m];
    c.c1 = s[m];
    if (m < n_) {  // Hermite cubic through (y_m, s_m), (y_{m+1}, s_{m+1}); flat cubic terms at the end
      c.c2 = 3.0 * (y[m + 1] - y[m]) - 2.0 * s[m] - s[m + 1];
      c.c3 = s[m] + s[m + 1] - 2.0 * (y[m + 1] - y[m]);
    }
  }
  inv_delta_ = 1.0 / delta;
  x_max_ = (n_ - 1) * delta;
}

void EamSpline::eval(double x, double& f, double& df, double& d2f) const {
  double p = x * inv_delta_ + 1.0;
  int m = std::min(static_cast<int>(p), n_ - 1);
  p -= m;
  const bool beyond = p > 1.0;  // past the last knot (e.g. r in ((n-1)δ, r_c)): LAMMPS holds
  p = std::min(p, 1.0);         // value and slope of the last knot, so the slope's derivative is 0
  const Cubic& c = pieces_[m];
  f = ((c.c3 * p + c.c2) * p + c.c1) * p + c.c0;
  df = ((3.0 * c.c3 * p + 2.0 * c.c2) * p + c.c1) * inv_delta_;
  d2f = beyond ? 0.0 : (6.0 * c.c3 * p + 2.0 * c.c2) * inv_delta_ * inv_delta_;
}

void EamSpline::eval_embedding(double x, double& f, double& df, double& d2f) const {
  double p = x * inv_delta_ + 1.0;
  int m = std::max(1, std::min(static_cast<int>(p), n_ - 1));
  p -= m;
  const bool beyond = p > 1.0;
  p = std::min(p, 1.0);
  const Cubic& c = pieces_[m];
  f = ((c.c3 * p + c.c2) * p + c.c1) * p + c.c0;
  df = ((3.0 * c.c3 * p + 2.0 * c.c2) * p + c.c1) * inv_delta_;
  d2f = beyond ? 0.0 : (6.0 * c.c3 * p + 2.0 * c.c2) * inv_delta_ * inv_delta_;
  if (x > x_max_) f += df * (x - x_max_), d2f = 0.0;  // LAMMPS: linear continuation beyond ρ_max
}

int EamTables::index_of(const std::string& element) const {
  auto it = std::find(elements.begin(), elements.end(), element);
  return it == elements.end() ? -1 : static_cast<int>(it - elements.begin());
}

namespace {

/// Whitespace-separated tokens after the five header lines, with their line numbers.
class TokenStream {
 public:
  TokenStream(std::ifstream& in, std::size_t first_line, std::string path) : in_(in), line_no_(first_line - 1), path_(std::move(path)) {}
  std::string next() {
    std::string t;
    while (!(ss_ >> t)) {
      std::string line;
      if (!std::getline(in_, line)) throw InputError(path_, line_no_, "file ends before all EAM tables are read");
      ++line_no_;
      ss_.clear();
      ss_.str(line);
    }
    return t;
  }
  double number() {
    const std::string t = next();
    try {
      std::size_t used = 0;
      const double v = std::stod(t, &used);
      if (used == t.size() && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
    throw InputError(path_, line_no_, fmt::format("expected a number, found '{}'", t));
  }
  std::vector<double> numbers(int n) {
    std::vector<double> v(n);
    for (auto& x : v) x = number();
    return v;
  }

 private:
  std::ifstream& in_;
  std::istringstream ss_;
  std::size_t line_no_;
  std::string path_;
};

}  // namespace

EamTables read_eam_tables(const std::string& path, const std::string& style, EamInterpolation interpolation) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "cannot open the EAM potential file");
  std::string line;
  for (int k = 0; k < 3; ++k)
    if (!std::getline(in, line)) throw InputError(path, k + 1, "file ends in the comment lines");
  EamTables t;
  TokenStream tokens(in, 4, path);
  const int nel = static_cast<int>(tokens.number());
  if (nel < 1 || nel > 100) throw InputError(path, 4, fmt::format("bad number of elements {}", nel));
  for (int e = 0; e < nel; ++e) t.elements.push_back(tokens.next());
  const int nrho = static_cast<int>(tokens.number());
  const double drho = tokens.number();
  const int nr = static_cast<int>(tokens.number());
  const double dr = tokens.number();
  t.cutoff = tokens.number();
  if (nrho < 5 || nr < 5 || !(drho > 0) || !(dr > 0) || !(t.cutoff > 0))
    throw InputError(path, 5, "bad grid line (Nrho drho Nr dr cutoff)");
  const bool fs = style == "eam/fs";
  t.density.assign(nel, std::vector<EamSpline>(nel));
  for (int e = 0; e < nel; ++e) {
    for (int k = 0; k < 3; ++k) tokens.number();  // Z, mass, lattice constant
    tokens.next();                                 // lattice name
    t.embedding.emplace_back(tokens.numbers(nrho), drho, interpolation);
    if (fs) {
      // Section of element e: the density it puts at an atom of each element b.
      for (int b = 0; b < nel; ++b) t.density[e][b] = EamSpline(tokens.numbers(nr), dr, interpolation);
    } else {
      EamSpline f(tokens.numbers(nr), dr, interpolation);
      for (int b = 0; b < nel; ++b) t.density[e][b] = f;
    }
  }
  t.rphi.assign(nel, std::vector<EamSpline>(nel));
  for (int a = 0; a < nel; ++a)
    for (int b = 0; b <= a; ++b) t.rphi[a][b] = t.rphi[b][a] = EamSpline(tokens.numbers(nr), dr, interpolation);
  return t;
}

}  // namespace glassml::md
