#include "md/lammps_session.hpp"

#define LAMMPS_LIB_MPI 1  // declares lammps_open(..., MPI_Comm, ...)
#include <lammps/library.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <stdexcept>

#include "core/error.hpp"

namespace glassml::md {
namespace {

// State for the exit handler: LAMMPS without exceptions calls exit() on an input error.
struct AbnormalExitState {
  int open_sessions = 0;
  int rank = 0;
  std::string log_path;
  std::vector<std::string> temporaries;
};
AbnormalExitState& exit_state() {
  static AbnormalExitState state;
  return state;
}

/// The last line of the LAMMPS log that starts with "ERROR", or "".
std::string last_error_line(const std::string& log_path) {
  std::ifstream in(log_path);
  std::string line, last;
  while (std::getline(in, line))
    if (line.rfind("ERROR", 0) == 0) last = line;
  return last;
}

void on_exit() {
  auto& s = exit_state();
  if (s.open_sessions == 0) return;
  for (const auto& p : s.temporaries) std::remove(p.c_str());
  if (s.rank != 0) return;
  std::string err = last_error_line(s.log_path);
  std::fprintf(stderr, "glassml: error: LAMMPS stopped%s%s; no output was written; LAMMPS log: %s\n",
               err.empty() ? "" : ": ", err.c_str(), s.log_path.c_str());
  std::fflush(stderr);
}

}  // namespace

bool lammps_has_package(const std::string& name) { return lammps_config_has_package(name.c_str()) != 0; }

LammpsSession::LammpsSession(const std::string& log_path, bool append_log) : log_path_(log_path) {
  static const bool registered = (std::atexit(on_exit) == 0);
  (void)registered;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &nprocs_);
  // -nocite: no log.cite in the working directory. The log is opened by a command so that
  // it can be appended to.
  std::vector<std::string> args{"glassml", "-screen", "none", "-log", "none", "-nocite"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  lmp_ = lammps_open(static_cast<int>(argv.size()), argv.data(), MPI_COMM_WORLD, nullptr);
  if (!lmp_) throw std::runtime_error("could not start LAMMPS");
  auto& s = exit_state();
  ++s.open_sessions;
  s.rank = rank_;
  s.log_path = log_path_;
  command("log " + log_path_ + (append_log ? " append" : ""));
  command("units metal");
  command("atom_style atomic");
  command("atom_modify map array");
  command("boundary p p p");
}

LammpsSession::~LammpsSession() {
  lammps_close(lmp_);
  auto& s = exit_state();
  --s.open_sessions;
}

void LammpsSession::check(const std::string& what) {
  if (!lammps_has_error(lmp_)) return;
  char buf[1024] = {0};
  lammps_get_last_error_message(lmp_, buf, sizeof buf);
  throw std::runtime_error("LAMMPS failed on '" + what + "': " + buf + " (LAMMPS log: " + log_path_ + ")");
}

void LammpsSession::command(const std::string& line) {
  lammps_command(lmp_, line.c_str());
  check(line);
}

double LammpsSession::thermo(const std::string& keyword) {
  double v = lammps_get_thermo(lmp_, keyword.c_str());
  check("thermo " + keyword);
  return v;
}

double LammpsSession::compute_vector(const std::string& compute_id, int index) {
  if (!lammps_has_id(lmp_, "compute", compute_id.c_str()))
    throw std::logic_error("no LAMMPS compute " + compute_id);
  auto* v = static_cast<double*>(lammps_extract_compute(lmp_, compute_id.c_str(), LMP_STYLE_GLOBAL, LMP_TYPE_VECTOR));
  check("extract compute " + compute_id);
  if (!v) throw std::runtime_error("LAMMPS compute " + compute_id + " has no global vector");
  return v[index];
}

std::int64_t LammpsSession::timestep() {
  auto* p = lammps_extract_global(lmp_, "ntimestep");
  // bigint is 64-bit in both the smallbig and bigbig builds.
  return p ? *static_cast<std::int64_t*>(p) : 0;
}

std::int64_t LammpsSession::natoms() { return static_cast<std::int64_t>(lammps_get_natoms(lmp_)); }

Box LammpsSession::box() {
  double lo[3], hi[3], xy = 0, yz = 0, xz = 0;
  int periodicity[3], box_change = 0;
  lammps_extract_box(lmp_, lo, hi, &xy, &yz, &xz, periodicity, &box_change);
  Box b = Box::orthogonal({lo[0], lo[1], lo[2]}, {hi[0], hi[1], hi[2]});
  b.xy = xy;
  b.xz = xz;
  b.yz = yz;
  for (int k = 0; k < 3; ++k) b.periodic[k] = periodicity[k] != 0;
  return b;
}

bool LammpsSession::has_style(const std::string& category, const std::string& name) {
  return lammps_has_style(lmp_, category.c_str(), name.c_str()) != 0;
}

void LammpsSession::create_atoms(const Configuration& config) {
  const Box& b = config.box;
  b.validate();
  const int ntypes = config.num_types();
  if (ntypes < 1) throw ParameterError("configuration has no atom types");
  for (int t = 0; t < ntypes; ++t)
    if (!(static_cast<std::size_t>(t) < config.mass_of_type.size() && config.mass_of_type[t] > 0))
      throw ParameterError("atom type " + std::to_string(t + 1) + " has no mass");
  char region[512];
  Vec3 hi = b.hi();
  if (b.triclinic())
    std::snprintf(region, sizeof region, "region box prism %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g units box",
                  b.lo.x, hi.x, b.lo.y, hi.y, b.lo.z, hi.z, b.xy, b.xz, b.yz);
  else
    std::snprintf(region, sizeof region, "region box block %.17g %.17g %.17g %.17g %.17g %.17g units box", b.lo.x,
                  hi.x, b.lo.y, hi.y, b.lo.z, hi.z);
  command(region);
  command("create_box " + std::to_string(ntypes) + " box");
  for (int t = 0; t < ntypes; ++t) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "mass %d %.17g", t + 1, config.mass_of_type[t]);
    command(buf);
  }
  const std::size_t n = config.size();
  if (n > static_cast<std::size_t>(INT32_MAX)) throw ParameterError("too many atoms for this LAMMPS build");
  std::vector<int> id(n), type(n), image(n);
  std::vector<double> x(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    if (config.id[i] > INT32_MAX) throw ParameterError("atom id " + std::to_string(config.id[i]) + " too large");
    id[i] = static_cast<int>(config.id[i]);
    type[i] = config.type[i];
    // Wrap into the box here, moving the shift into the image flags: LAMMPS would remap the
    // position but leave the image flags as given (29 Sep 2021).
    auto img = config.image.empty() ? std::array<int, 3>{0, 0, 0} : config.image[i];
    Vec3 s = b.to_fractional(config.position[i] - b.lo);
    Vec3 shift{0, 0, 0};
    for (int k = 0; k < 3; ++k) {
      if (!b.periodic[k]) continue;
      shift[k] = std::floor(s[k]);
      if (s[k] - shift[k] >= 1.0) shift[k] += 1.0;  // rounding of a value just below an integer
      img[k] += static_cast<int>(shift[k]);
    }
    Vec3 r = config.position[i] - b.to_cartesian(shift);
    for (int k = 0; k < 3; ++k) x[3 * i + k] = r[k];
    image[i] = lammps_encode_image_flags(img[0], img[1], img[2]);
  }
  // Every rank passes the whole list; LAMMPS keeps the atoms of its sub-domain.
  lammps_create_atoms(lmp_, static_cast<int>(n), id.data(), type.data(), x.data(), nullptr, image.data(), 0);
  check("create_atoms");
  if (natoms() != static_cast<std::int64_t>(n))
    throw std::runtime_error("LAMMPS created " + std::to_string(natoms()) + " of " + std::to_string(n) + " atoms");
}

std::vector<std::int64_t> LammpsSession::gather_ids_and(const std::vector<double>& local_values, int width,
                                                        std::vector<double>& values) {
  const int nlocal = lammps_extract_setting(lmp_, "nlocal");
  const int tag_bytes = lammps_extract_setting(lmp_, "tagint");
  void* tags = lammps_extract_atom(lmp_, "id");
  std::vector<std::int64_t> local_ids(nlocal);
  for (int i = 0; i < nlocal; ++i)
    local_ids[i] = tag_bytes == 8 ? static_cast<std::int64_t*>(tags)[i] : static_cast<int*>(tags)[i];

  std::vector<int> counts(nprocs_), displs(nprocs_);
  MPI_Gather(&nlocal, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<std::int64_t> ids;
  if (rank_ == 0) {
    std::exclusive_scan(counts.begin(), counts.end(), displs.begin(), 0);
    ids.resize(std::accumulate(counts.begin(), counts.end(), std::size_t{0}));
  }
  MPI_Gatherv(local_ids.data(), nlocal, MPI_INT64_T, ids.data(), counts.data(), displs.data(), MPI_INT64_T, 0,
              MPI_COMM_WORLD);
  std::vector<int> vcounts(counts), vdispls(displs);
  for (int r = 0; rank_ == 0 && r < nprocs_; ++r) vcounts[r] *= width, vdispls[r] *= width;
  std::vector<double> all(rank_ == 0 ? ids.size() * width : 0);
  MPI_Gatherv(local_values.data(), nlocal * width, MPI_DOUBLE, all.data(), vcounts.data(), vdispls.data(),
              MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (rank_ != 0) return {};
  // Sort rows by id.
  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
  std::vector<std::int64_t> sorted_ids(ids.size());
  values.assign(all.size(), 0.0);
  for (std::size_t r = 0; r < order.size(); ++r) {
    sorted_ids[r] = ids[order[r]];
    std::copy_n(all.begin() + order[r] * width, width, values.begin() + r * width);
  }
  return sorted_ids;
}

Configuration LammpsSession::gather_configuration(const Configuration& like) {
  const int nlocal = lammps_extract_setting(lmp_, "nlocal");
  const int img_bytes = lammps_extract_setting(lmp_, "imageint");
  auto** x = static_cast<double**>(lammps_extract_atom(lmp_, "x"));
  auto* type = static_cast<int*>(lammps_extract_atom(lmp_, "type"));
  void* image = lammps_extract_atom(lmp_, "image");
  // Per atom: type, x, y, z, ix, iy, iz (as doubles: exact for these small integers).
  constexpr int kWidth = 7;
  std::vector<double> local(static_cast<std::size_t>(nlocal) * kWidth);
  for (int i = 0; i < nlocal; ++i) {
    int flags[3];
    if (img_bytes == 8) {
      std::int64_t im = static_cast<std::int64_t*>(image)[i];
      const int bits = 21;
      const std::int64_t mask = (std::int64_t{1} << bits) - 1, max = std::int64_t{1} << (bits - 1);
      flags[0] = static_cast<int>((im & mask) - max);
      flags[1] = static_cast<int>((im >> bits & mask) - max);
      flags[2] = static_cast<int>((im >> 2 * bits) - max);
    } else {
      lammps_decode_image_flags(static_cast<int*>(image)[i], flags);
    }
    double* row = &local[static_cast<std::size_t>(i) * kWidth];
    row[0] = type[i];
    for (int k = 0; k < 3; ++k) row[1 + k] = x[i][k], row[4 + k] = flags[k];
  }
  std::vector<double> values;
  auto ids = gather_ids_and(local, kWidth, values);
  Box b = box();  // collective-free: every rank has the box
  Configuration c;
  if (rank_ != 0) return c;
  c.box = b;
  c.timestep = timestep();
  c.species_of_type = like.species_of_type;
  c.mass_of_type = like.mass_of_type;
  c.id = ids;
  c.type.resize(ids.size());
  c.position.resize(ids.size());
  c.image.resize(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const double* row = &values[i * kWidth];
    c.type[i] = static_cast<int>(row[0]);
    c.position[i] = {row[1], row[2], row[3]};
    c.image[i] = {static_cast<int>(row[4]), static_cast<int>(row[5]), static_cast<int>(row[6])};
  }
  return c;
}

std::vector<double> LammpsSession::gather_fix_peratom(const std::string& fix_id, int ncols) {
  if (!lammps_has_id(lmp_, "fix", fix_id.c_str())) throw std::logic_error("no LAMMPS fix " + fix_id);
  const int nlocal = lammps_extract_setting(lmp_, "nlocal");
  const int width = std::max(ncols, 1);
  void* data = lammps_extract_fix(lmp_, fix_id.c_str(), LMP_STYLE_ATOM, ncols ? LMP_TYPE_ARRAY : LMP_TYPE_VECTOR, 0, 0);
  check("extract fix " + fix_id);
  std::vector<double> local(static_cast<std::size_t>(nlocal) * width);
  for (int i = 0; i < nlocal && data; ++i)
    for (int c = 0; c < width; ++c)
      local[static_cast<std::size_t>(i) * width + c] =
          ncols ? static_cast<double**>(data)[i][c] : static_cast<double*>(data)[i];
  std::vector<double> values;
  gather_ids_and(local, width, values);
  return values;
}

void LammpsSession::remove_on_abnormal_exit(const std::string& path) { exit_state().temporaries.push_back(path); }

void LammpsSession::forget_on_abnormal_exit(const std::string& path) {
  auto& t = exit_state().temporaries;
  t.erase(std::remove(t.begin(), t.end(), path), t.end());
}

}  // namespace glassml::md
