#pragma once
// The abstract energy surface that saddle searches walk on: flat coordinates x (3N for atoms,
// any length for model surfaces), energy (eV) and forces (eV/Å, = −∇E). artn never sees LAMMPS;
// whoever owns both wraps md::LammpsPotential (or an analytic surface) into an EnergySurface.
#include <cstddef>
#include <functional>
#include <vector>

namespace glassml::artn {

/// Energy at `x`; fills `forces` (resized to x.size()) with −∇E.
using EnergySurface = std::function<double(const std::vector<double>& x, std::vector<double>& forces)>;

/// An EnergySurface that counts its evaluations (the cost measure of every search).
class CountedSurface {
 public:
  explicit CountedSurface(EnergySurface surface) : surface_(std::move(surface)) {}
  double operator()(const std::vector<double>& x, std::vector<double>& forces) {
    ++calls_;
    forces.resize(x.size());
    return surface_(x, forces);
  }
  std::size_t calls() const { return calls_; }

 private:
  EnergySurface surface_;
  std::size_t calls_ = 0;
};

// Small vector helpers on flat coordinates.
double dot(const std::vector<double>& a, const std::vector<double>& b);
double norm(const std::vector<double>& a);
/// a += s * b
void axpy(double s, const std::vector<double>& b, std::vector<double>& a);
/// Largest norm of a group of `components` consecutive entries (the largest atomic force for
/// components = 3; the convergence measure "max |F|").
double max_group_norm(const std::vector<double>& v, int components);
/// Largest per-group norm of a − b (the largest atomic displacement).
double max_group_distance(const std::vector<double>& a, const std::vector<double>& b, int components);

}  // namespace glassml::artn
