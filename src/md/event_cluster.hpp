#pragma once
// The atoms around one event, cut out of a periodic sample so that a saddle search costs the same
// whatever the size of the sample (SPEC §7, issue 6 "local mode"):
//
//   active atoms: within active_radius of the centre atom (minimum image) — they may move;
//   buffer atoms: within active_radius + buffer — frozen at their positions in the sample;
//   everything farther away is left out.
//
// The cluster lives in its own non-periodic LAMMPS system (md::LammpsPotential with a
// shrink-wrapped box), set up once per event; each energy_forces call only moves atoms.
//
// Exactness (EAM). E = Σ_i F_i(ρ_i) + ½ Σ_ij φ(r_ij) with ρ_i = Σ_j f(r_ij); φ reaches r_φ and
// f reaches r_ρ, both ≤ the cutoff r_c. The force on atom i, −Σ_j [φ'(r_ij) + (F'(ρ_i) + F'(ρ_j))
// f'(r_ij)] r̂_ij, involves the atoms j within r_φ or r_ρ of i and, through F'(ρ_j), their own
// neighbours within r_ρ: every atom within max(r_φ, 2 r_ρ) ≤ 2 r_c of i. With a buffer at least
// that (+ the distance the active atoms move) the forces on the active atoms, and the energy
// differences between states that differ only by moves of active atoms, are those of the whole
// periodic sample up to summation order (CuZr_mm: r_φ = 7.6 Å, r_ρ = 6.0 Å, so 12 Å; test:
// 1e-15 eV/Å). A thinner buffer is an approximation: its error vs the buffer is measured in
// docs/BENCHMARKS.md "## ARTn" (bench/artn/run.sh).
//
// Fallback: when 2 (active_radius + buffer) is not below the shortest periodic width of the
// sample's box, the sphere would overlap its own periodic images. Then the "cluster" is the whole
// periodic sample with every atom beyond active_radius frozen: the same physics as a cut cluster
// with an infinite buffer, at the cost of the sample (is_cut() == false).
//
// md may use LAMMPS but not artn: energy_forces has the signature of artn::EnergySurface
// (std::function<double(const std::vector<double>&, std::vector<double>&)>), so a caller that
// sees both wraps it in a lambda and passes mobile() to artn::artn_search.
#include <cstddef>
#include <memory>
#include <vector>

#include "core/box.hpp"
#include "core/configuration.hpp"
#include "md/eam_potential.hpp"
#include "md/lammps_potential.hpp"

namespace glassml::md {

struct ClusterSettings {
  /// Å, atoms within this distance of the centre move. Frozen surroundings stiffen the event:
  /// unconstrained saddles on the reference glass hold 90 % of their displacement within 8–16 Å
  /// of the pushed atom, and the one event found on the whole sample and on clusters of every
  /// radius came out +0.11, +0.06, +0.019, +0.010 eV too high at 8, 10, 14, 16 Å
  /// (docs/BENCHMARKS.md "## ARTn"). 14 Å: ~640 mobile atoms, a 2,850-atom cluster.
  double active_radius = 14.0;
  /// Å, frozen shell around the active sphere. Exact from max(r_φ, 2 r_ρ) of the potential
  /// (CuZr_mm: φ to 7.6 Å, densities to 6.0 Å, so 12 Å; 2 r_c in general). Measured on the
  /// reference glass (8 atoms, active radii 4–14 Å): 9 Å gives force errors on active atoms
  /// ≤ 3e-4 eV/Å (3 % of the saddle tolerance), energy differences ≤ 3e-5 eV, barriers unchanged
  /// to 1e-4 eV, with fewer atoms than the exact 12 Å (R_a = 14 Å: 2,850 instead of ~4,100).
  double buffer = 9.0;

  /// Throws ParameterError (one line, naming the setting) unless active_radius > 0 and buffer ≥ 0,
  /// both finite.
  void validate() const;
  /// Radius of the whole cluster, active_radius + buffer (Å).
  double radius() const { return active_radius + buffer; }
};

/// Whether the cluster of `s` fits in a periodic `box` without meeting its own images:
/// 2 (active_radius + buffer) < the shortest periodic width.
bool cluster_fits(const Box& box, const ClusterSettings& s);

class EventCluster {
 public:
  /// Cuts the cluster around sample atom `center` (index into `sample`) and sets LAMMPS up for it
  /// with `potential` (or, if it does not fit, for the whole sample: see above). Throws
  /// ParameterError on bad settings, a centre out of range, or what LammpsPotential refuses.
  EventCluster(const Configuration& sample, std::size_t center, const ClusterSettings& settings,
               const EamPotential& potential, const LammpsPotentialOptions& options = {});
  ~EventCluster();
  EventCluster(const EventCluster&) = delete;
  EventCluster& operator=(const EventCluster&) = delete;

  /// false: the fallback (the whole periodic sample, atoms beyond active_radius frozen).
  bool is_cut() const { return cut_; }
  /// Atoms M in the cluster (active + frozen), and how many are active.
  std::size_t size() const { return index_.size(); }
  std::size_t active_count() const { return active_count_; }
  /// Index of the centre atom among the cluster's atoms.
  std::size_t center() const { return center_; }
  /// The cluster's box: the sample's periodic box (fallback), else a non-periodic box around the
  /// cluster (for minimum-image distances, e.g. artn::local_push_mask).
  const Box& box() const { return box_; }

  /// Flat 3M coordinates (Å), the sample's positions unwrapped around the centre atom.
  std::vector<double> coordinates() const;
  /// 3M weights: 1 for the coordinates of active atoms, 0 for frozen ones.
  std::vector<double> mobile() const;
  /// Cluster atom -> index of that atom in the sample (cluster atoms are in increasing-id order).
  const std::vector<std::size_t>& sample_index() const { return index_; }

  /// Potential energy (eV) of the cluster at flat coordinates `x` (3M, Å); fills `forces` (3M,
  /// eV/Å), zero on frozen atoms (they are held in place). Only differences of the energy are
  /// meaningful (the cut surface adds a constant while frozen atoms stay put).
  double energy_forces(const std::vector<double>& x, std::vector<double>& forces);
  std::size_t force_calls() const;

 private:
  bool cut_ = false;
  std::size_t center_ = 0, active_count_ = 0;
  Box box_;
  std::vector<std::size_t> index_;  ///< sample index per cluster atom
  std::vector<Vec3> position_;      ///< unwrapped around the centre
  std::vector<bool> active_;
  std::unique_ptr<LammpsPotential> lammps_;
  std::vector<Vec3> scratch_positions_, scratch_forces_;
};

}  // namespace glassml::md
