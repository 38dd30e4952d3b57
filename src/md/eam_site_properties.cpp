#include "md/eam_site_properties.hpp"

#include <cmath>

#include "core/parallel.hpp"
#include "md/eam_terms.hpp"

namespace glassml::md {

EamSiteProperties eam_site_properties(const EamTables& t, const Configuration& c) {
  const eam::Neighbours nb = eam::neighbours(t, c, t.cutoff);
  const eam::AtomTerms a = eam::atom_terms(t, c, nb);
  EamSiteProperties out;
  out.energy.assign(c.size(), 0.0), out.virial.assign(c.size(), {}), out.pressure_volume.assign(c.size(), 0.0),
      out.shear_volume.assign(c.size(), 0.0);
  parallel_for(c.size(), [&](std::size_t i) {
    double e = a.f[i];
    std::array<double, 6> w{};
    for (std::size_t q = nb.start[i]; q < nb.start[i + 1]; ++q) {
      if (!nb.inside[q]) continue;
      const Vec3& d = nb.d[q];
      const eam::PairTerms p = eam::pair_terms(t, a, i, nb.j[q], nb.r[q]);
      e += 0.5 * p.phi;
      const double s = -0.5 * p.d1 / nb.r[q];  // −½ ψ' r u⊗u = −½ (ψ'/r) d⊗d
      w[0] += s * d[0] * d[0], w[1] += s * d[1] * d[1], w[2] += s * d[2] * d[2];
      w[3] += s * d[0] * d[1], w[4] += s * d[0] * d[2], w[5] += s * d[1] * d[2];
    }
    const double p = (w[0] + w[1] + w[2]) / 3;
    const double dev2 = (w[0] - p) * (w[0] - p) + (w[1] - p) * (w[1] - p) + (w[2] - p) * (w[2] - p) +
                        2 * (w[3] * w[3] + w[4] * w[4] + w[5] * w[5]);
    out.energy[i] = e, out.virial[i] = w, out.pressure_volume[i] = p, out.shear_volume[i] = std::sqrt(1.5 * dev2);
  });
  return out;
}

}  // namespace glassml::md
