#pragma once
// Helpers shared by the io tests: random configurations and scratch files.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "core/configuration.hpp"

namespace glassml::test {

/// A fresh empty directory under the system temp dir, removed at destruction.
struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& name) {
    path = std::filesystem::temp_directory_path() / ("glassml-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

/// n atoms of two species (Cu, Zr) at random positions in a random (optionally tilted) box,
/// with image flags and two named columns. Ids are shuffled and sparse.
inline Configuration random_configuration(std::mt19937& rng, std::size_t n, bool tilted) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Configuration c;
  c.box.lo = {-3.3 * u(rng), 1.7 * u(rng), -0.1};
  c.box.lx = 20 + 10 * u(rng);
  c.box.ly = 20 + 10 * u(rng);
  c.box.lz = 20 + 10 * u(rng);
  if (tilted) {
    c.box.xy = (u(rng) - 0.5) * c.box.lx;
    c.box.xz = (u(rng) - 0.5) * c.box.lx;
    c.box.yz = (u(rng) - 0.5) * c.box.ly;
  }
  c.timestep = 12345;
  c.species_of_type = {"Cu", "Zr"};
  c.mass_of_type = {63.546, 91.224};
  std::vector<double> k, e;
  for (std::size_t i = 0; i < n; ++i) {
    c.id.push_back(static_cast<std::int64_t>(3 * i + 1));
    c.type.push_back(1 + static_cast<int>(i % 2));
    c.position.push_back(c.box.lo + c.box.to_cartesian({u(rng), u(rng), u(rng)}));
    c.image.push_back({static_cast<int>(i % 3) - 1, 0, static_cast<int>(i % 5) - 2});
    k.push_back(u(rng) * 2.0);
    e.push_back(-4.0 - u(rng) * 1e-7);
  }
  c.set_column("K", k);
  c.set_column("pe", e);
  return c;
}

}  // namespace glassml::test
