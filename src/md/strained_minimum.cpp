#include "md/strained_minimum.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace glassml::md {

Configuration scaled_affinely(const Configuration& config, double strain) {
  const double s = 1 + strain;
  if (!(std::isfinite(s) && s > 0)) throw ParameterError(fmt::format("box strain {}: 1 + strain must be positive", strain));
  Configuration out = config;
  Box& b = out.box;
  b.lx *= s, b.ly *= s, b.lz *= s, b.xy *= s, b.xz *= s, b.yz *= s;
  for (auto& r : out.position) r = config.box.lo + s * (r - config.box.lo);
  return out;
}

StrainedMinimum minimize_at_strained_box(const Configuration& config, const EamPotential& potential, double strain,
                                         const MinimizationOptions& o) {
  o.validate();
  const Configuration scaled = scaled_affinely(config, strain);
  LammpsSession lmp(o.log_path, o.append_log);
  load_with_potential(lmp, scaled, potential, o.optimized_pair);
  StrainedMinimum r;
  static_cast<LammpsMinimum&>(r) = minimize_in_session(lmp, scaled, o);
  r.strain = strain;
  return r;
}

}  // namespace glassml::md
