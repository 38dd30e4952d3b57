#include "md/lammps_potential.hpp"

#define LAMMPS_LIB_MPI 1  // declares lammps_open(..., MPI_Comm, ...)
#include <fmt/format.h>
#include <lammps/library.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "core/error.hpp"

namespace glassml::md {
namespace {

/// Atom ids of LAMMPS atom `i` (local or ghost), whatever the size of tagint.
std::int64_t tag_of(void* tags, int tag_bytes, int i) {
  return tag_bytes == 8 ? static_cast<std::int64_t*>(tags)[i] : static_cast<int*>(tags)[i];
}

void validate_setup(const Configuration& config, const EamPotential& potential, const LammpsPotentialOptions& o) {
  config.validate();
  if (config.size() == 0) throw ParameterError("configuration has no atoms");
  potential.require_elements(config.species_of_type);
  for (int t = 0; t < config.num_types(); ++t)
    if (!(t < static_cast<int>(config.mass_of_type.size()) && config.mass_of_type[t] > 0))
      throw ParameterError(fmt::format("atom type {} ({}) has no mass", t + 1, config.species_of_type[t]));
  if (!(o.skin > 0 && o.skin < 5)) throw ParameterError(fmt::format("neighbour skin {} Å: must be in (0, 5)", o.skin));
  if (config.id.back() > INT32_MAX) throw ParameterError(fmt::format("atom id {} too large", config.id.back()));
  const auto& periodic = config.box.periodic;
  if (!(periodic[0] == periodic[1] && periodic[1] == periodic[2]))
    throw ParameterError("LammpsPotential: the box must be periodic in x, y and z, or in none of them (a cluster)");
  if (!periodic[0]) {
    const Box& b = config.box;
    if (b.triclinic()) throw ParameterError("LammpsPotential: a non-periodic box must be orthogonal");
    // lammps_create_atoms skips atoms outside the box: each must lie strictly inside.
    for (std::size_t i = 0; i < config.size(); ++i) {
      const Vec3 s = b.to_fractional(config.position[i] - b.lo);
      for (int k = 0; k < 3; ++k)
        if (!(s[k] > 0 && s[k] < 1))
          throw ParameterError(fmt::format("LammpsPotential: atom id {} lies outside the non-periodic box", config.id[i]));
    }
    return;
  }
  potential.require_box(config.box);
}

}  // namespace

LammpsPotential::LammpsPotential(const Configuration& input, const EamPotential& potential,
                                 const LammpsPotentialOptions& options)
    : cutoff_(potential.cutoff), skin_(options.skin) {
  Configuration config = input;
  config.sort_by_id();
  validate_setup(config, potential, options);
  box_ = config.box;
  ids_ = config.id;

  // The session reports an abnormal exit (LAMMPS ends the process on an input error).
  session_ = std::make_unique<LammpsSession>(options.log_path);
  lmp_ = session_->handle();
  nprocs_ = session_->nprocs();
  const Box& b = box_;
  const Vec3 hi = b.hi();
  // A cluster: shrink-wrapped boundaries, re-fitted to the atoms at every neighbour-list build,
  // so no atom can leave the box (with fixed boundaries LAMMPS would drop it and end the process).
  if (!b.periodic[0]) {
    session_->command("boundary s s s");
    session_->command(fmt::format("region box block {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} units box", b.lo.x,
                                  hi.x, b.lo.y, hi.y, b.lo.z, hi.z));
  } else {
    session_->command(fmt::format("region box prism {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} units box",
                                  b.lo.x, hi.x, b.lo.y, hi.y, b.lo.z, hi.z, b.xy, b.xz, b.yz));
  }
  session_->command(fmt::format("create_box {} box", config.num_types()));
  for (int t = 0; t < config.num_types(); ++t) session_->command(fmt::format("mass {} {:.17g}", t + 1, config.mass_of_type[t]));

  const std::size_t n = config.size();
  std::vector<int> id(n), type(n);
  std::vector<double> x(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    id[i] = static_cast<int>(config.id[i]);
    type[i] = config.type[i];
    const Vec3 r = b.wrap(config.position[i]);
    for (int k = 0; k < 3; ++k) x[3 * i + k] = r[k];
  }
  // Every rank passes the whole list; LAMMPS keeps the atoms of its sub-domain.
  lammps_create_atoms(lmp_, static_cast<int>(n), id.data(), type.data(), x.data(), nullptr, nullptr, 0);
  if (static_cast<std::size_t>(lammps_get_natoms(lmp_)) != n)
    throw std::runtime_error(fmt::format("LAMMPS created {} of {} atoms", lammps_get_natoms(lmp_), n));

  const bool opt = options.optimized_pair && lammps_has_style(lmp_, "pair", (potential.style + "/opt").c_str());
  session_->command(potential.pair_style_command(opt));
  session_->command(potential.pair_coeff_command(config.species_of_type));
  session_->command(fmt::format("neighbor {:.17g} bin", skin_));
  session_->command("neigh_modify every 1 delay 0 check yes");
  session_->command("thermo_style custom step pe");
  session_->command("thermo_modify norm no");
}

LammpsPotential::~LammpsPotential() = default;

void LammpsPotential::require_sane(const std::vector<Vec3>& positions) const {
  // Checked here because LAMMPS would end the process: a NaN coordinate, or (shrink-wrapped box)
  // an atom so far away that the neighbour bins of the box exhaust the memory.
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const Vec3& r = positions[i];
    if (!(std::isfinite(r.x) && std::isfinite(r.y) && std::isfinite(r.z)))
      throw std::invalid_argument(fmt::format("energy_forces: atom id {} has a non-finite position", ids_[i]));
    if (box_.periodic[0]) continue;
    const Vec3 s = box_.to_fractional(r - box_.lo);
    for (int k = 0; k < 3; ++k)
      if (s[k] < -kClusterExcursion || s[k] > 1 + kClusterExcursion)
        throw std::invalid_argument(fmt::format(
            "energy_forces: atom id {} left the cluster's box by more than {} box lengths", ids_[i], kClusterExcursion));
  }
}

std::size_t LammpsPotential::index_of(std::int64_t id) const {
  auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (it == ids_.end() || *it != id) throw std::logic_error(fmt::format("LAMMPS has an unknown atom id {}", id));
  return static_cast<std::size_t>(it - ids_.begin());
}

void LammpsPotential::record_local_atoms() {
  // LAMMPS may have migrated or sorted atoms during the step.
  const int nlocal = lammps_extract_setting(lmp_, "nlocal");
  const int tag_bytes = lammps_extract_setting(lmp_, "tagint");
  void* tags = lammps_extract_atom(lmp_, "id");
  local_index_.resize(nlocal);
  for (int i = 0; i < nlocal; ++i) local_index_[i] = index_of(tag_of(tags, tag_bytes, i));
}

double LammpsPotential::energy_forces(const std::vector<Vec3>& positions, std::vector<Vec3>& forces) {
  const std::size_t n = ids_.size();
  if (positions.size() != n)
    throw std::invalid_argument(fmt::format("energy_forces: {} positions for {} atoms", positions.size(), n));
  require_sane(positions);
  const bool first = calls_ == 0;
  ++calls_;
  if (first) {
    // Wrapped into the box, as LAMMPS expects at setup.
    record_local_atoms();
    auto** x = static_cast<double**>(lammps_extract_atom(lmp_, "x"));
    for (std::size_t i = 0; i < local_index_.size(); ++i) {
      const Vec3 r = box_.wrap(positions[local_index_[i]]);
      for (int k = 0; k < 3; ++k) x[i][k] = r[k];
    }
  } else {
    // The periodic image of each atom nearest to where LAMMPS holds it now (within a cell, so
    // LAMMPS's own remapping at the next neighbour-list build always applies): any image is the
    // same physical state, and only true displacements count towards the neighbour-list check.
    auto** x = static_cast<double**>(lammps_extract_atom(lmp_, "x"));
    for (std::size_t i = 0; i < local_index_.size(); ++i) {
      const Vec3 now{x[i][0], x[i][1], x[i][2]};
      Vec3 s = box_.to_fractional(positions[local_index_[i]] - now);
      for (int k = 0; k < 3; ++k)
        if (box_.periodic[k]) s[k] -= std::nearbyint(s[k]);
      const Vec3 r = now + box_.to_cartesian(s);
      for (int k = 0; k < 3; ++k) x[i][k] = r[k];
    }
  }
  session_->command(first ? "run 1 pre yes post no" : "run 1 pre no post no");
  record_local_atoms();
  const double energy = lammps_get_thermo(lmp_, "pe");

  // Forces of owned atoms, gathered on every rank by index.
  const int nlocal = lammps_extract_setting(lmp_, "nlocal");
  auto** f = static_cast<double**>(lammps_extract_atom(lmp_, "f"));
  std::vector<double> local(4 * static_cast<std::size_t>(nlocal));
  for (int i = 0; i < nlocal; ++i) {
    local[4 * i] = static_cast<double>(local_index_[i]);
    for (int k = 0; k < 3; ++k) local[4 * i + 1 + k] = f[i][k];
  }
  std::vector<double> all;
  if (nprocs_ == 1) {
    all = std::move(local);
  } else {
    std::vector<int> counts(nprocs_), displs(nprocs_);
    const int mine = 4 * nlocal;
    MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (int r = 0; r < nprocs_; ++r) displs[r] = total, total += counts[r];
    all.resize(total);
    MPI_Allgatherv(local.data(), mine, MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE,
                   MPI_COMM_WORLD);
  }
  if (all.size() != 4 * n) throw std::runtime_error(fmt::format("LAMMPS returned forces of {} of {} atoms", all.size() / 4, n));
  forces.assign(n, Vec3{});
  for (std::size_t r = 0; r < n; ++r)
    forces[static_cast<std::size_t>(all[4 * r])] = {all[4 * r + 1], all[4 * r + 2], all[4 * r + 3]};
  return energy;
}

}  // namespace glassml::md
