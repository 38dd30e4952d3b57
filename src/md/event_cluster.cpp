#include "md/event_cluster.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "core/error.hpp"

namespace glassml::md {
namespace {

/// Å of empty space between the cluster and the faces of its initial box (LAMMPS re-fits a
/// shrink-wrapped box to the atoms anyway; the margin only keeps every atom strictly inside).
constexpr double kBoxMargin = 1.0;

/// The orthogonal non-periodic box around `positions`, kBoxMargin from the outermost atoms.
Box bounding_box(const std::vector<Vec3>& positions) {
  Vec3 lo{INFINITY, INFINITY, INFINITY}, hi{-INFINITY, -INFINITY, -INFINITY};
  for (const auto& r : positions)
    for (int k = 0; k < 3; ++k) lo[k] = std::min(lo[k], r[k]), hi[k] = std::max(hi[k], r[k]);
  const Vec3 margin{kBoxMargin, kBoxMargin, kBoxMargin};
  Box b = Box::orthogonal(lo - margin, hi + margin);
  b.periodic = {false, false, false};
  return b;
}

}  // namespace

void ClusterSettings::validate() const {
  if (!(std::isfinite(active_radius) && active_radius > 0))
    throw ParameterError(fmt::format("active radius {} Å: must be positive", active_radius));
  if (!(std::isfinite(buffer) && buffer >= 0))
    throw ParameterError(fmt::format("buffer {} Å: must be zero or positive", buffer));
}

bool cluster_fits(const Box& box, const ClusterSettings& s) { return 2 * s.radius() < box.min_periodic_width(); }

EventCluster::EventCluster(const Configuration& sample, std::size_t center, const ClusterSettings& settings,
                           const EamPotential& potential, const LammpsPotentialOptions& options) {
  settings.validate();
  if (center >= sample.size())
    throw ParameterError(fmt::format("cluster centre {} out of range (the sample has {} atoms)", center, sample.size()));
  cut_ = cluster_fits(sample.box, settings);

  // Atoms of the cluster, in increasing-id order (the order of LammpsPotential), unwrapped
  // around the centre: r = r_c + minimum_image(r_i − r_c).
  std::vector<std::size_t> order(sample.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sample.id[a] < sample.id[b]; });
  const Vec3 origin = sample.position[center];
  const double r_active2 = settings.active_radius * settings.active_radius;
  const double r_cluster2 = settings.radius() * settings.radius();
  for (std::size_t i : order) {
    const Vec3 d = sample.box.minimum_image(sample.position[i] - origin);
    const double d2 = norm2(d);
    if (cut_ && d2 > r_cluster2 && i != center) continue;
    const bool active = d2 <= r_active2 || i == center;
    if (i == center) center_ = index_.size();
    index_.push_back(i);
    position_.push_back(origin + d);
    active_.push_back(active);
    active_count_ += active ? 1 : 0;
  }

  Configuration c;
  c.box = cut_ ? bounding_box(position_) : sample.box;
  c.species_of_type = sample.species_of_type;
  c.mass_of_type = sample.mass_of_type;
  for (std::size_t k = 0; k < index_.size(); ++k) {
    c.id.push_back(sample.id[index_[k]]);
    c.type.push_back(sample.type[index_[k]]);
    c.position.push_back(position_[k]);
  }
  box_ = c.box;
  lammps_ = std::make_unique<LammpsPotential>(c, potential, options);
}

EventCluster::~EventCluster() = default;

std::vector<double> EventCluster::coordinates() const {
  std::vector<double> x;
  x.reserve(3 * position_.size());
  for (const auto& r : position_) x.insert(x.end(), {r.x, r.y, r.z});
  return x;
}

std::vector<double> EventCluster::mobile() const {
  std::vector<double> m(3 * active_.size(), 0.0);
  for (std::size_t i = 0; i < active_.size(); ++i)
    if (active_[i]) m[3 * i] = m[3 * i + 1] = m[3 * i + 2] = 1.0;
  return m;
}

double EventCluster::energy_forces(const std::vector<double>& x, std::vector<double>& forces) {
  const std::size_t n = position_.size();
  if (x.size() != 3 * n)
    throw std::invalid_argument(fmt::format("EventCluster::energy_forces: {} coordinates for {} atoms", x.size(), n));
  scratch_positions_.resize(n);
  for (std::size_t i = 0; i < n; ++i) scratch_positions_[i] = {x[3 * i], x[3 * i + 1], x[3 * i + 2]};
  const double energy = lammps_->energy_forces(scratch_positions_, scratch_forces_);
  forces.assign(3 * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    if (active_[i])
      for (int k = 0; k < 3; ++k) forces[3 * i + k] = scratch_forces_[i][k];
  return energy;
}

std::size_t EventCluster::force_calls() const { return lammps_->force_calls(); }

}  // namespace glassml::md
