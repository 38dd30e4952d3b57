#include "md/structure_factor.hpp"

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "core/parallel.hpp"

namespace glassml::md {

double BraggPeak::fraction() const { return atoms ? s_max / static_cast<double>(atoms) : 0.0; }

BraggPeak largest_bragg_peak(const Configuration& config, double qmin, double qmax) {
  const Box& box = config.box;
  const std::size_t n = config.size();
  const double two_pi = 2.0 * std::numbers::pi;
  // Reciprocal basis without the 2π: a* = (b×c)/V etc., so that a*·a = 1.
  const double v = box.volume();
  const Vec3 ra = cross(box.b(), box.c()) * (1.0 / v), rb = cross(box.c(), box.a()) * (1.0 / v),
             rc = cross(box.a(), box.b()) * (1.0 / v);
  // |n_k| = |q·a_k| / 2π ≤ qmax |a_k| / 2π.
  auto edges = box.edge_lengths();
  int m[3];
  for (int k = 0; k < 3; ++k) m[k] = static_cast<int>(std::ceil(qmax * edges[k] / two_pi));

  // Phase tables e^{2πi n s_k} for n in [-m_k, m_k], per atom.
  std::vector<std::vector<std::complex<double>>> table(3);
  for (int k = 0; k < 3; ++k) table[k].resize(n * (2 * m[k] + 1));
  for (std::size_t j = 0; j < n; ++j) {
    Vec3 s = box.to_fractional(config.position[j] - box.lo);
    for (int k = 0; k < 3; ++k)
      for (int h = -m[k]; h <= m[k]; ++h)
        table[k][j * (2 * m[k] + 1) + (h + m[k])] = std::polar(1.0, two_pi * h * s[k]);
  }
  // Wave vectors in the shell, half space (first non-zero index positive).
  struct Wave { int h[3]; double q; };
  std::vector<Wave> waves;
  for (int h0 = 0; h0 <= m[0]; ++h0)
    for (int h1 = -m[1]; h1 <= m[1]; ++h1)
      for (int h2 = -m[2]; h2 <= m[2]; ++h2) {
        if (h0 == 0 && (h1 < 0 || (h1 == 0 && h2 <= 0))) continue;
        double q = two_pi * norm(ra * h0 + rb * h1 + rc * h2);
        if (q >= qmin && q <= qmax) waves.push_back({{h0, h1, h2}, q});
      }
  std::vector<double> s(waves.size());
  parallel_for(waves.size(), [&](std::size_t w) {
    std::complex<double> sum = 0;
    const int* h = waves[w].h;
    for (std::size_t j = 0; j < n; ++j)
      sum += table[0][j * (2 * m[0] + 1) + h[0] + m[0]] * table[1][j * (2 * m[1] + 1) + h[1] + m[1]] *
             table[2][j * (2 * m[2] + 1) + h[2] + m[2]];
    s[w] = std::norm(sum) / static_cast<double>(n);
  });
  BraggPeak peak;
  peak.atoms = n;
  peak.count = waves.size();
  for (std::size_t w = 0; w < waves.size(); ++w)
    if (s[w] > peak.s_max) peak.s_max = s[w], peak.q = waves[w].q;
  return peak;
}

}  // namespace glassml::md
