#include "md/stiffness_checkpoint.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <bit>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/npy.hpp"

namespace glassml::md {
namespace fs = std::filesystem;
namespace {

bool mpi_on() {
  int on = 0;
  MPI_Initialized(&on);
  return on != 0;
}

/// Rank 0's string on every rank.
std::string bcast(std::string s) {
  if (!mpi_on()) return s;
  long n = static_cast<long>(s.size());
  MPI_Bcast(&n, 1, MPI_LONG, 0, MPI_COMM_WORLD);
  s.resize(static_cast<std::size_t>(n));
  MPI_Bcast(s.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
  return s;
}

void barrier() {
  if (mpi_on()) MPI_Barrier(MPI_COMM_WORLD);
}

/// FNV-1a over the bytes of the sample's atoms and box: a change of any of them changes it.
std::string fingerprint(const Configuration& c) {
  std::uint64_t h = 1469598103934665603ULL;
  auto add = [&](std::uint64_t v) {
    for (int b = 0; b < 8; ++b) h = (h ^ ((v >> (8 * b)) & 0xff)) * 1099511628211ULL;
  };
  auto addd = [&](double v) { add(std::bit_cast<std::uint64_t>(v)); };
  for (std::size_t i = 0; i < c.size(); ++i) {
    add(static_cast<std::uint64_t>(c.id[i])), add(static_cast<std::uint64_t>(c.type[i]));
    for (int k = 0; k < 3; ++k) addd(c.position[i][k]);
    if (!c.image.empty())
      for (int k = 0; k < 3; ++k) add(static_cast<std::uint64_t>(static_cast<std::int64_t>(c.image[i][k])));
  }
  for (int k = 0; k < 3; ++k) addd(c.box.lo[k]), addd(c.box.hi()[k]);
  addd(c.box.xy), addd(c.box.xz), addd(c.box.yz);
  for (double m : c.mass_of_type) addd(m);
  return fmt::format("{:016x}", h);
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, 0, std::string("malformed stiffness state: ") + e.what());
  }
}

}  // namespace

nlohmann::json stiffness_settings_json(const StiffnessParams& p, const Configuration& sample) {
  return {{"sample_atoms", sample.size()},
          {"sample_fingerprint", fingerprint(sample)},
          {"species", sample.species_of_type},
          {"tau_ps", p.tau},
          {"equilibration_ps", p.equilibration},
          {"settle_ps", p.settle},
          {"timestep_ps", p.timestep},
          {"tdamp_ps", p.tdamp},
          {"pdamp_ps", p.pdamp},
          {"pressure_bar", p.pressure},
          {"sample_every", p.sample_every},
          {"momentum_every", p.momentum_every},
          {"seed", p.seed},
          {"chunk_ps", p.chunk},
          {"potential", p.potential.path},
          {"pair_style", p.potential.pair_style},
          {"optimized_pair", p.potential.optimized}};
}

StiffnessState::StiffnessState(std::string dir, const nlohmann::json& settings, Open mode) : dir_(std::move(dir)) {
  if (mpi_on()) MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  const std::string path = dir_ + "/settings.json";
  std::string error;
  if (rank_ == 0) {
    const bool present = fs::exists(path);
    const nlohmann::json old = present ? read_json(path) : nlohmann::json();
    const bool same = present && old.value("settings", nlohmann::json()) == settings;
    if (mode == Open::MustMatch && !same) {
      error = fmt::format("{}: the stiffness state was prepared with other settings", path);
    } else if (!same || mode == Open::Fresh) {
      discarded_ = present && mode != Open::Fresh && fs::is_directory(dir_) && !fs::is_empty(dir_);
      if (discarded_)
        std::fprintf(stderr, "glassml stiffness: %s holds runs made with other settings: starting over\n", dir_.c_str());
      fs::remove_all(dir_);
      fs::create_directories(dir_);
      io::write_file_atomic(path, nlohmann::json{{"format", "glassml stiffness state"}, {"version", 1},
                                                 {"settings", settings}}.dump(1) + "\n");
    }
  }
  error = bcast(error);
  if (!error.empty()) throw std::runtime_error(error);
  barrier();
}

std::string StiffnessState::stem(const StiffnessTask& t) const {
  return fmt::format("{}/T{}_r{}", dir_, t.temperature, t.replica);
}

bool StiffnessState::finished(const StiffnessTask& t) const {
  return bcast(rank_ == 0 && fs::exists(stem(t) + ".msd.npy") ? "1" : "0") == "1";
}

std::vector<double> StiffnessState::read_finished(const StiffnessTask& t, std::size_t natoms) const {
  if (rank_ != 0) return {};
  const std::string path = stem(t) + ".msd.npy";
  io::NpyArray a = io::read_npy(path);
  if (a.rows != natoms || a.cols != 1) throw InputError(path, 0, fmt::format("expected {} x 1 values", natoms));
  return std::move(a.data);
}

void StiffnessState::write_finished(const StiffnessTask& t, const std::vector<double>& msd) const {
  if (rank_ != 0) return;
  io::write_npy(stem(t) + ".msd.npy", msd.data(), msd.size(), 1);
  fs::remove(stem(t) + ".json");
  for (int slot : {0, 1}) fs::remove(restart_path(t, slot)), fs::remove(fmt::format("{}.{}.sums.npy", stem(t), slot));
}

std::optional<StiffnessRunState> StiffnessState::in_progress(const StiffnessTask& t) const {
  std::string text;
  if (rank_ == 0 && fs::exists(stem(t) + ".json")) text = read_json(stem(t) + ".json").dump();
  text = bcast(text);
  if (text.empty()) return std::nullopt;
  const auto j = nlohmann::json::parse(text);
  StiffnessRunState s;
  try {
    s.phase = j.at("phase").get<int>();
    s.steps_done = j.at("steps_done").get<std::int64_t>();
    s.samples = j.at("samples").get<std::int64_t>();
    s.slot = j.at("slot").get<int>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(stem(t) + ".json", 0, std::string("malformed run state: ") + e.what());
  }
  if (s.phase < 0 || s.phase > 2 || s.steps_done < 0 || s.samples < 0 || (s.slot != 0 && s.slot != 1))
    throw InputError(stem(t) + ".json", 0, "run state out of range");
  return s;
}

std::string StiffnessState::restart_path(const StiffnessTask& t, int slot) const {
  return fmt::format("{}.{}.restart", stem(t), slot);
}

std::vector<double> StiffnessState::read_sums(const StiffnessTask& t, const StiffnessRunState& s,
                                              std::size_t natoms) const {
  if (rank_ != 0 || s.phase < 2) return std::vector<double>(rank_ == 0 ? 6 * natoms : 0, 0.0);
  const std::string path = fmt::format("{}.{}.sums.npy", stem(t), s.slot);
  io::NpyArray a = io::read_npy(path);
  if (a.rows != natoms || a.cols != 6) throw InputError(path, 0, fmt::format("expected {} x 6 values", natoms));
  return std::move(a.data);
}

void StiffnessState::save(const StiffnessTask& t, const StiffnessRunState& s, const std::vector<double>& sums) const {
  if (rank_ != 0) return;
  fs::rename(restart_path(t, s.slot) + ".tmp", restart_path(t, s.slot));
  if (s.phase == 2) io::write_npy(fmt::format("{}.{}.sums.npy", stem(t), s.slot), sums.data(), sums.size() / 6, 6);
  const nlohmann::json j{{"format", "glassml stiffness run"}, {"version", 1}, {"temperature_K", t.temperature},
                         {"replica", t.replica}, {"velocity_seed", t.velocity_seed}, {"phase", s.phase},
                         {"steps_done", s.steps_done}, {"samples", s.samples}, {"slot", s.slot}};
  io::write_file_atomic(stem(t) + ".json", j.dump(1) + "\n");
}

void StiffnessState::remove() const {
  if (rank_ == 0) fs::remove_all(dir_);
}

}  // namespace glassml::md
