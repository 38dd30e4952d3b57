#include "md/inherent_structures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/mix64.hpp"
#include "md/lammps_session.hpp"

namespace glassml::md {

void InherentStructureOptions::validate() const {
  if (count < 1 || count > 1000) throw ParameterError(fmt::format("inherent structures: count {} not in 1..1000", count));
  if (!(temperature > 0 && temperature <= 5000))
    throw ParameterError(fmt::format("inherent structures: temperature {} K not in (0, 5000]", temperature));
  if (!(timestep > 0 && timestep <= 0.01))
    throw ParameterError(fmt::format("inherent structures: time step {} ps not in (0, 0.01]", timestep));
  if (!(duration >= 0 && duration <= 1e4))
    throw ParameterError(fmt::format("inherent structures: run of {} ps not in [0, 1e4]", duration));
  if (!(damping > 0)) throw ParameterError(fmt::format("inherent structures: thermostat damping {} ps must be positive", damping));
  if (!(moved_distance > 0)) throw ParameterError("inherent structures: moved distance must be positive");
  minimization.validate();
}

long InherentStructureOptions::steps() const { return std::lround(duration / timestep); }

int InherentStructureOptions::lammps_seed(int k) const {
  // LAMMPS wants a positive int seed; 1 .. 2^30 from the 64-bit mix of (seed, k).
  return 1 + static_cast<int>(mix64(seed * kGoldenGamma + static_cast<std::uint64_t>(k)) % (1u << 30));
}

namespace {

// Largest distance of an atom from its start and the number beyond `threshold`, after removing
// the mean displacement (the thermostat keeps the total momentum at zero, but minimization can
// leave a small drift). Both configurations sorted by id (gather_configuration's order).
void displacement_from(const Configuration& start, InherentStructure& s, double threshold) {
  const std::size_t n = start.size();
  std::vector<Vec3> d(n);
  Vec3 mean{0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    d[i] = start.box.minimum_image(s.structure.position[i] - start.position[i]);
    mean += d[i];
  }
  mean = (1.0 / static_cast<double>(n)) * mean;
  for (const Vec3& di : d) {
    const double r = norm(di - mean);
    s.largest_displacement = std::max(s.largest_displacement, r);
    if (r > threshold) ++s.atoms_moved;
  }
}

}  // namespace

InherentStructure inherent_structure(const Configuration& sample, const EamPotential& potential,
                                     const InherentStructureOptions& o, int k) {
  o.validate();
  Configuration start = sample;
  start.sort_by_id();
  LammpsSession lmp(o.minimization.log_path, o.minimization.append_log || k > 0);
  load_with_potential(lmp, start, potential, o.minimization.optimized_pair);
  InherentStructure s;
  s.lammps_seed = o.lammps_seed(k);
  lmp.command(fmt::format("timestep {:.17g}", o.timestep));
  lmp.command("thermo_style custom step temp pe press");
  lmp.command(fmt::format("velocity all create {:.17g} {} dist gaussian mom yes rot no", 2 * o.temperature, s.lammps_seed));
  lmp.command(fmt::format("fix is_nvt all nvt temp {0:.17g} {0:.17g} {1:.17g}", o.temperature, o.damping));
  lmp.command(fmt::format("run {}", o.steps()));
  s.final_temperature = lmp.thermo("temp");
  lmp.command("unfix is_nvt");
  static_cast<LammpsMinimum&>(s) = minimize_in_session(lmp, start, o.minimization);
  if (lmp.rank() == 0) displacement_from(start, s, o.moved_distance);
  return s;
}

std::vector<InherentStructure> inherent_structures(const Configuration& sample, const EamPotential& potential,
                                                   const InherentStructureOptions& o,
                                                   const std::function<void(int)>& done) {
  o.validate();
  std::vector<InherentStructure> out;
  for (int k = 0; k < o.count; ++k) {
    out.push_back(inherent_structure(sample, potential, o, k));
    if (done) done(k);
  }
  return out;
}

}  // namespace glassml::md
