// glassml activate end to end, on fcc Cu with one vacancy (CuZr_mm.eam.fs, 499 atoms): the vacancy
// hop found with LAMMPS' NEB barrier, the dump recomputed from the events CSV, --jobs 2 giving the
// rows of --jobs 1, a killed parent or a killed worker resumed to the uninterrupted result, and bad
// input failing with one line and no output.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../md/cli_run.hpp"
#include "io/structure_file.hpp"
#include "md/initial_structure.hpp"

using namespace glassml;

namespace {

constexpr double kLattice = 3.639087;  // Å, listed for Cu in CuZr_mm.eam.fs
// LAMMPS' climbing-image NEB for this hop: tests/artn/neb/ (provenance in tests/artn/test_vacancy_hop.cpp).
constexpr double kNebBarrier = 0.98671184;  // eV
// SPEC §8, written out here so that the check does not share the code's constants.
constexpr double kBoltzmannEvPerK = 8.617333262e-5;
constexpr double kEta0PaS = 1.0e-4;
const std::string kPotential = "--potential /usr/share/lammps/potentials/CuZr_mm.eam.fs";

/// fcc Cu 5x5x5 cells without the atom at the origin, ids 1..499 in site order; writes it to
/// `path` and returns the id of the nearest neighbour at (a/2, a/2, 0), the one that hops.
std::int64_t write_vacancy_crystal(const std::string& path) {
  const Configuration full = md::perfect_lattice(md::Lattice::Fcc, 5, kLattice, "Cu", 63.546);
  Configuration c = full;
  c.id.clear(), c.type.clear(), c.position.clear();
  std::int64_t hopper = 0;
  for (std::size_t i = 0; i < full.size(); ++i) {
    const Vec3 r = full.position[i];
    if (norm(r) < 1e-6) continue;
    c.id.push_back(static_cast<std::int64_t>(c.id.size()) + 1);
    c.type.push_back(full.type[i]);
    c.position.push_back(r);
    if (norm(r - Vec3{kLattice / 2, kLattice / 2, 0}) < 1e-6) hopper = c.id.back();
  }
  io::write_structure(path, c);
  return hopper;
}

struct Row {
  std::int64_t atom;
  int event;
  std::string status;
  double barrier, displacement;
};

/// The rows of an events CSV, read here independently of the command's own reader.
std::vector<Row> read_rows(const std::string& text) {
  std::vector<Row> rows;
  std::stringstream in(text);
  std::string line;
  if (!std::getline(in, line)) return rows;  // not written yet
  EXPECT_EQ(line.rfind("atom_id,event,status,barrier_eV,", 0), 0u) << line;
  while (std::getline(in, line)) {
    std::vector<std::string> c;
    std::stringstream cells(line);
    for (std::string s; std::getline(cells, s, ',');) c.push_back(s);
    EXPECT_EQ(c.size(), 10u) << line;
    if (c.size() != 10) continue;
    EXPECT_GE(std::stoi(c[9]), 1) << "pushes: " << line;
    rows.push_back({std::stoll(c[0]), std::stoi(c[1]), c[2], std::stod(c[3]), std::stod(c[7])});
  }
  return rows;
}

/// Starts `glassml ARGS` in the background in `dir`; returns its pid.
pid_t launch(const ScratchDir& dir, const std::string& args, const std::string& name) {
  const std::string cmd = "cd " + dir.path.string() + " && { " + GLASSML_BINARY + " " + args + " > " + name +
                          ".out 2> " + name + ".err & echo $! > " + name + ".pid; }";
  if (std::system(cmd.c_str()) != 0) return -1;
  return std::stoi(slurp(dir.path / (name + ".pid")));
}

bool alive(pid_t pid) { return ::kill(pid, 0) == 0 && slurp("/proc/" + std::to_string(pid) + "/stat").find(") Z ") == std::string::npos; }

/// The processes whose parent is `pid`.
std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  std::stringstream in(slurp("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children"));
  for (pid_t c; in >> c;) out.push_back(c);
  return out;
}

/// Waits until the events CSV holds at least one row while `pid` still runs.
bool wait_for_first_row(pid_t pid, const std::string& csv) {
  for (int i = 0; i < 6000 && alive(pid); ++i) {
    if (read_rows(slurp(csv)).size() >= 1) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

/// Waits (up to 5 min) until `pid` has ended: a parent whose worker died first lets the other finish.
void wait_gone(pid_t pid) {
  for (int i = 0; i < 15000 && alive(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  (void)std::system(("wait " + std::to_string(pid) + " 2>/dev/null").c_str());
}

}  // namespace

TEST(CliActivate, VacancyHopDumpFromCsvJobsAndResume) {
  ScratchDir dir("activate_cli_" + std::to_string(::getpid()));  // per process: other worktrees run it too
  const std::int64_t hopper = write_vacancy_crystal(dir / "vac.data");
  ASSERT_GT(hopper, 0);
  // The hopper and a second neighbour of the vacancy (site (a/2, 0, a/2)), two searches each.
  const std::string atoms = "--atoms " + std::to_string(hopper) + ",2 --events 2 --temperature 500";
  // --no-local: the whole periodic sample relaxes, as in the NEB. (Local mode on this 18 Å box
  // freezes the atoms beyond --active-radius: the hop's barrier then comes out ~0.01 eV higher.)
  const std::string base = "--quiet activate vac.data --no-local " + kPotential + " " + atoms;
  auto one = dir.run(base + " -o one.act.dump");
  ASSERT_EQ(one.code, 0) << one.err;
  const std::string csv = slurp(dir.path / "one.events.csv");
  const auto rows = read_rows(csv);
  ASSERT_EQ(rows.size(), 4u) << csv;

  // The vacancy hop (one atom moves ~a/√2, the direct path below 2 eV) with the NEB barrier.
  int hops = 0;
  for (const auto& r : rows)
    if (r.status == "success" && r.barrier < 2.0 && std::abs(r.displacement - kLattice / std::sqrt(2.0)) < 0.1) {
      ++hops;
      EXPECT_NEAR(r.barrier, kNebBarrier, 0.01) << "atom " << r.atom << " event " << r.event;
    }
  EXPECT_GE(hops, 1) << csv;

  // The dump: mean, sample std, count of the successful barriers and η = η0 exp(⟨ΔQ⟩/k_B T), per atom.
  io::ReadOptions with_nan;
  with_nan.allow_nan_columns = true;  // atoms without a successful search carry nan
  const auto dump = io::read_structure(dir / "one.act.dump", with_nan);
  ASSERT_EQ(dump.size(), 499u);
  std::map<std::int64_t, std::vector<double>> barriers;
  for (const auto& r : rows)
    if (r.status == "success") barriers[r.atom].push_back(r.barrier);
  for (std::size_t i = 0; i < dump.size(); ++i) {
    const double n = dump.find_column("n_events")->values[i];
    const double mean = dump.find_column("dQ_mean_eV")->values[i];
    const double eta = dump.find_column("eta_Pa_s")->values[i];
    auto it = barriers.find(dump.id[i]);
    if (it == barriers.end()) {
      EXPECT_EQ(n, 0.0);
      EXPECT_TRUE(std::isnan(mean) && std::isnan(eta));
      continue;
    }
    const auto& b = it->second;
    double m = 0, s2 = 0;
    for (double x : b) m += x / static_cast<double>(b.size());
    for (double x : b) s2 += (x - m) * (x - m);
    const double sd = b.size() > 1 ? std::sqrt(s2 / static_cast<double>(b.size() - 1)) : 0.0;
    EXPECT_EQ(n, static_cast<double>(b.size()));
    EXPECT_NEAR(mean, m, 1e-9);
    EXPECT_NEAR(dump.find_column("dQ_std_eV")->values[i], sd, 1e-9);
    const double expected_eta = kEta0PaS * std::exp(m / (kBoltzmannEvPerK * 500.0));
    EXPECT_NEAR(eta, expected_eta, 1e-6 * expected_eta);
  }

  // --jobs 2: the same table and dump, byte for byte.
  auto two = dir.run(base + " -o two.act.dump --jobs 2");
  ASSERT_EQ(two.code, 0) << two.err;
  EXPECT_EQ(slurp(dir.path / "two.events.csv"), csv);
  EXPECT_TRUE(slurp(dir.path / "two.act.dump") == slurp(dir.path / "one.act.dump")) << "two.act.dump differs";

  // The parent of --jobs 2 killed after the first row: its workers die with it, the table keeps
  // whole rows only, and a rerun (here in one process) finishes it to the uninterrupted result.
  pid_t pid = launch(dir, base + " -o killed.act.dump --jobs 2", "k1");
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_for_first_row(pid, dir / "killed.events.csv")) << slurp(dir.path / "k1.err");
  const auto workers = children_of(pid);
  EXPECT_EQ(workers.size(), 2u);
  ::kill(pid, SIGKILL);
  wait_gone(pid);
  for (pid_t w : workers) {
    wait_gone(w);  // the kernel's SIGKILL to the workers (PR_SET_PDEATHSIG)
    EXPECT_FALSE(alive(w)) << "orphaned worker " << w << " still runs";
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "killed.act.dump"));
  const auto partial = read_rows(slurp(dir.path / "killed.events.csv"));
  EXPECT_GE(partial.size(), 1u);
  EXPECT_LT(partial.size(), 4u);
  auto resumed = dir.run(base + " -o killed.act.dump");
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_EQ(slurp(dir.path / "killed.events.csv"), csv);
  EXPECT_TRUE(slurp(dir.path / "killed.act.dump") == slurp(dir.path / "one.act.dump")) << "killed.act.dump differs";

  // A worker killed mid-run: the parent lets the other finish, writes no dump and says how to
  // resume; the rerun (--jobs 2 again) gives the uninterrupted result.
  pid = launch(dir, base + " -o worker.act.dump --jobs 2", "w1");
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_for_first_row(pid, dir / "worker.events.csv")) << slurp(dir.path / "w1.err");
  ASSERT_EQ(std::system(("pkill -KILL -n -P " + std::to_string(pid)).c_str()), 0);
  wait_gone(pid);
  EXPECT_NE(slurp(dir.path / "w1.err").find("rerun the same command to resume"), std::string::npos)
      << slurp(dir.path / "w1.err");
  EXPECT_FALSE(std::filesystem::exists(dir / "worker.act.dump"));
  EXPECT_LT(read_rows(slurp(dir.path / "worker.events.csv")).size(), 4u);
  auto rerun = dir.run(base + " -o worker.act.dump --jobs 2");
  ASSERT_EQ(rerun.code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("resuming"), std::string::npos) << rerun.err << rerun.out;
  EXPECT_EQ(slurp(dir.path / "worker.events.csv"), csv);
  EXPECT_TRUE(slurp(dir.path / "worker.act.dump") == slurp(dir.path / "one.act.dump")) << "worker.act.dump differs";
}

TEST(CliActivate, BadInputFailsWithOneLineAndNoOutput) {
  ScratchDir dir("activate_cli_bad_" + std::to_string(::getpid()));
  write_vacancy_crystal(dir / "vac.data");
  {
    std::string text = slurp(dir.path / "vac.data");
    text.replace(text.rfind('\n', text.size() - 2) + 1, std::string::npos, "499 1 0.0 zero 0.0\n");
    std::ofstream(dir / "broken.data") << text;
  }
  std::ofstream(dir / "bad.events.csv") << "atom_id,event,status,barrier_eV,saddle_energy_eV,initial_energy_eV,"
                                           "final_energy_eV,max_displacement_A,force_calls,pushes\n"
                                           "1,0,success,0.9,-1.0,-2.0,-2.0,2.5,300,1\n"
                                           "1,1,success,oops,-1.0,-2.0,-2.0,2.5,300,1\n";
  const std::string base = "activate " + kPotential + " ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {base + "vac.data -o a.act.dump --atoms 99999,", "--atoms: no atom with id 99999"},
      {base + "vac.data -o a.act.dump --events 0", "--events: "},
      {base + "vac.data -o a.act.dump --temperature -300", "--temperature: "},
      {base + "vac.data -o a.act.dump --jobs 0", "--jobs: "},
      {base + "vac.data -o a.act.dump --pushes 0", "--pushes: 0: must be at least 1"},
      {base + "vac.data -o a.act.dump --push-radius 0", "--push-radius: 0 Å: must be in (0, 10)"},
      {base + "vac.data -o a.act.dump --push-radius 5 --active-radius 4", "--active-radius: 4 Å: must be at least the push radius 5 Å"},
      {base + "broken.data -o a.act.dump", "broken.data:"},
      {base + "vac.data -o bad.act.dump --atoms 1,", "bad.events.csv:3: barrier_eV: 'oops' is not a number"},
  };
  for (const auto& [args, message] : cases) {
    auto r = dir.run(args);
    EXPECT_NE(r.code, 0) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "a.act.dump")) << args;
    EXPECT_FALSE(std::filesystem::exists(dir / "a.events.csv")) << args;
    EXPECT_FALSE(std::filesystem::exists(dir / "bad.act.dump")) << args;
  }
  // The table that could not be read is left as it was.
  EXPECT_NE(slurp(dir.path / "bad.events.csv").find("oops"), std::string::npos);
}
