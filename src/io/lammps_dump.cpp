#include "io/lammps_dump.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_set>

#include "core/elements.hpp"
#include "io/atomic_file.hpp"
#include "io/line_reader.hpp"
#include "io/number_format.hpp"
#include "io/structure_file.hpp"

namespace glassml::io {
namespace {

constexpr std::int64_t kMaxReserve = 1 << 20;
constexpr std::int64_t kMaxAtoms = std::int64_t{1} << 40;

// Where each kind of column sits in "ITEM: ATOMS ..." (-1: absent).
struct Layout {
  int id = -1, type = -1, element = -1;
  int pos[3] = {-1, -1, -1};
  bool scaled = false;
  int image[3] = {-1, -1, -1};
  std::vector<std::pair<std::string, int>> extra;  // every other column
  std::size_t ncols = 0;
};

Layout parse_layout(LineReader& in, const std::vector<std::string_view>& names) {
  Layout L;
  L.ncols = names.size();
  if (names.empty()) in.fail("'ITEM: ATOMS' lists no columns");
  // Position columns in order of preference: wrapped, unwrapped, scaled, scaled unwrapped.
  static const char* kPos[4][3] = {{"x", "y", "z"}, {"xu", "yu", "zu"}, {"xs", "ys", "zs"}, {"xsu", "ysu", "zsu"}};
  int chosen = -1;
  for (int set = 0; set < 4 && chosen < 0; ++set) {
    int found[3] = {-1, -1, -1};
    for (std::size_t k = 0; k < names.size(); ++k)
      for (int d = 0; d < 3; ++d)
        if (names[k] == kPos[set][d]) found[d] = static_cast<int>(k);
    if (found[0] >= 0 && found[1] >= 0 && found[2] >= 0) {
      chosen = set;
      std::copy(found, found + 3, L.pos);
      L.scaled = set >= 2;
    }
  }
  if (chosen < 0) in.fail("no complete set of position columns (x y z, xu yu zu, xs ys zs or xsu ysu zsu)");
  std::map<std::string_view, int> seen;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto n = names[k];
    const int ki = static_cast<int>(k);
    if (!seen.emplace(n, ki).second) in.fail("column '" + std::string(n) + "' appears twice");
    if (ki == L.pos[0] || ki == L.pos[1] || ki == L.pos[2]) continue;
    if (n == "id") L.id = ki;
    else if (n == "type") L.type = ki;
    else if (n == "element") L.element = ki;
    else if (n == "ix") L.image[0] = ki;
    else if (n == "iy") L.image[1] = ki;
    else if (n == "iz") L.image[2] = ki;
    else L.extra.emplace_back(std::string(n), ki);
  }
  if (L.type < 0 && L.element < 0) in.fail("the dump has neither a 'type' nor an 'element' column");
  return L;
}

// "ITEM: BOX BOUNDS [xy xz yz] pp pp pp" and its three lines.
Box read_box(LineReader& in, std::string_view item) {
  auto tok = split(item);  // ITEM: BOX BOUNDS ...
  bool tri = tok.size() >= 6 && tok[3] == "xy" && tok[4] == "xz" && tok[5] == "yz";
  std::vector<std::string_view> flags(tok.begin() + (tri ? 6 : 3), tok.end());
  Box b;
  if (!flags.empty() && flags.size() != 3) in.fail("BOX BOUNDS needs three boundary flags (e.g. 'pp pp pp')");
  for (std::size_t d = 0; d < flags.size(); ++d) b.periodic[d] = flags[d].size() == 2 && flags[d][0] == 'p';
  double lo[3], hi[3], tilt[3] = {0, 0, 0};
  for (int d = 0; d < 3; ++d) {
    std::string line = in.require("a box bounds line");
    auto t = split(line);
    if (t.size() != (tri ? 3u : 2u)) in.fail(std::string("box bounds line needs ") + (tri ? "3" : "2") + " numbers");
    lo[d] = parse_double(in, t[0], "box bound");
    hi[d] = parse_double(in, t[1], "box bound");
    if (tri) tilt[d] = parse_double(in, t[2], "tilt factor");
  }
  b.xy = tilt[0];
  b.xz = tilt[1];
  b.yz = tilt[2];
  // Triclinic dumps store the bounding box: xlo_bound = xlo + min(0, xy, xz, xy+xz), etc.
  // (https://docs.lammps.org/Howto_triclinic.html)
  double xlo = lo[0] - std::min({0.0, b.xy, b.xz, b.xy + b.xz});
  double xhi = hi[0] - std::max({0.0, b.xy, b.xz, b.xy + b.xz});
  double ylo = lo[1] - std::min(0.0, b.yz);
  double yhi = hi[1] - std::max(0.0, b.yz);
  b.lo = {xlo, ylo, lo[2]};
  b.lx = xhi - xlo;
  b.ly = yhi - ylo;
  b.lz = hi[2] - lo[2];
  if (!(b.lx > 0 && b.ly > 0 && b.lz > 0)) in.fail("box bounds give a non-positive box length");
  return b;
}

// Maps element names to types: by --species order when given, else by first appearance.
int type_of_element(LineReader& in, std::string_view name, const ReadOptions& opt, std::vector<std::string>& names) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<int>(it - names.begin()) + 1;
  if (!opt.species.empty()) in.fail("element '" + std::string(name) + "' is not among the --species given");
  names.emplace_back(name);
  return static_cast<int>(names.size());
}

void read_atoms(LineReader& in, const Layout& L, std::int64_t n, const ReadOptions& opt, Configuration& c) {
  const auto reserve = static_cast<std::size_t>(std::min(n, kMaxReserve));
  c.id.reserve(reserve);
  c.type.reserve(reserve);
  c.position.reserve(reserve);
  std::vector<std::vector<double>> extra(L.extra.size());
  for (auto& e : extra) e.reserve(reserve);
  std::map<int, std::string> element_of_type;
  std::vector<std::string> element_names = opt.species;
  const bool has_image = L.image[0] >= 0 && L.image[1] >= 0 && L.image[2] >= 0;
  std::unordered_set<std::int64_t> ids;
  std::string line;
  for (std::int64_t k = 0; k < n; ++k) {
    line = in.require("an atom line");
    auto tok = split(line);
    if (tok.size() != L.ncols)
      in.fail("atom line has " + std::to_string(tok.size()) + " values for " + std::to_string(L.ncols) + " columns");
    c.id.push_back(L.id >= 0 ? parse_int(in, tok[L.id], "atom id", 1) : k + 1);
    if (!ids.insert(c.id.back()).second) in.fail("duplicate atom id " + std::to_string(c.id.back()));
    int type = L.type >= 0 ? static_cast<int>(parse_int(in, tok[L.type], "atom type", 1, 1000)) : 0;
    if (L.element >= 0) {
      std::string_view el = tok[L.element];
      if (type == 0) type = type_of_element(in, el, opt, element_names);
      auto [it, fresh] = element_of_type.emplace(type, std::string(el));
      if (!fresh && it->second != el)
        in.fail("type " + std::to_string(type) + " is '" + it->second + "' and '" + std::string(el) + "' in one frame");
    }
    c.type.push_back(type);
    Vec3 r{parse_double(in, tok[L.pos[0]], "x"), parse_double(in, tok[L.pos[1]], "y"),
           parse_double(in, tok[L.pos[2]], "z")};
    c.position.push_back(L.scaled ? c.box.lo + c.box.to_cartesian(r) : r);
    if (has_image) {
      std::array<int, 3> im{};
      for (int d = 0; d < 3; ++d) im[d] = static_cast<int>(parse_int(in, tok[L.image[d]], "image flag", -(1 << 30), 1 << 30));
      c.image.push_back(im);
    }
    for (std::size_t e = 0; e < L.extra.size(); ++e) {
      const std::string_view v = tok[L.extra[e].second];
      const bool missing = opt.allow_nan_columns && (v == "nan" || v == "-nan" || v == "NaN");
      extra[e].push_back(missing ? std::numeric_limits<double>::quiet_NaN() : parse_double(in, v, L.extra[e].first.c_str()));
    }
  }
  int ntypes = c.type.empty() ? 0 : *std::max_element(c.type.begin(), c.type.end());
  ntypes = std::max<int>({ntypes, static_cast<int>(opt.species.size()), static_cast<int>(element_names.size())});
  c.species_of_type.assign(ntypes, "");
  c.mass_of_type.assign(ntypes, 0.0);
  for (auto& [t, el] : element_of_type) c.species_of_type[t - 1] = el;
  for (std::size_t e = 0; e < L.extra.size(); ++e) c.columns.push_back({L.extra[e].first, std::move(extra[e])});
}

}  // namespace

std::vector<Configuration> read_lammps_dump(const std::string& path, const ReadOptions& options) {
  LineReader in(path);
  std::vector<Configuration> frames;
  std::string line;
  Configuration c;
  std::int64_t natoms = -1;
  bool have_step = false, have_box = false;
  while (in.next(line)) {
    std::string_view s = trim(line);
    if (s.empty()) continue;
    if (s.rfind("ITEM:", 0) != 0) in.fail("expected an 'ITEM:' line, got '" + std::string(s.substr(0, 40)) + "'");
    if (s == "ITEM: TIMESTEP") {
      if (have_step) in.fail("a frame without 'ITEM: ATOMS'");
      c = Configuration{};
      natoms = -1;
      have_box = false;
      c.timestep = parse_int(in, trim(in.require("a timestep")), "timestep");
      have_step = true;
    } else if (s == "ITEM: UNITS" || s == "ITEM: TIME") {
      in.require("the value of an ITEM");
    } else if (s == "ITEM: NUMBER OF ATOMS") {
      if (!have_step) in.fail("'ITEM: NUMBER OF ATOMS' before 'ITEM: TIMESTEP'");
      natoms = parse_int(in, trim(in.require("the number of atoms")), "number of atoms", 0, kMaxAtoms);
    } else if (s.rfind("ITEM: BOX BOUNDS", 0) == 0) {
      if (!have_step) in.fail("'ITEM: BOX BOUNDS' before 'ITEM: TIMESTEP'");
      c.box = read_box(in, s);
      have_box = true;
    } else if (s.rfind("ITEM: ATOMS", 0) == 0) {
      if (natoms < 0 || !have_box) in.fail("'ITEM: ATOMS' before the number of atoms and the box");
      auto names = split(s.substr(11));
      Layout L = parse_layout(in, names);
      read_atoms(in, L, natoms, options, c);
      finish_configuration(in, c, options, "frame at timestep " + std::to_string(c.timestep) + ": ");
      frames.push_back(std::move(c));
      c = Configuration{};
      have_step = false;
    } else {
      in.fail("unknown item '" + std::string(s.substr(0, 60)) + "'");
    }
  }
  if (have_step) in.fail("the last frame is truncated (no 'ITEM: ATOMS')");
  if (frames.empty()) in.fail("no frames: not a LAMMPS dump");
  return frames;
}

namespace {
void append_frame(std::string& out, const Configuration& c) {
  const Box& b = c.box;
  out += "ITEM: TIMESTEP\n";
  append_int(out, c.timestep);
  out += "\nITEM: NUMBER OF ATOMS\n";
  append_int(out, static_cast<std::int64_t>(c.size()));
  out += "\nITEM: BOX BOUNDS ";
  if (b.triclinic()) out += "xy xz yz ";
  for (int d = 0; d < 3; ++d) out += b.periodic[d] ? (d < 2 ? "pp " : "pp") : (d < 2 ? "ff " : "ff");
  out += '\n';
  double lo[3] = {b.lo.x, b.lo.y, b.lo.z}, hi[3] = {b.lo.x + b.lx, b.lo.y + b.ly, b.lo.z + b.lz};
  double tilt[3] = {b.xy, b.xz, b.yz};
  if (b.triclinic()) {
    lo[0] += std::min({0.0, b.xy, b.xz, b.xy + b.xz});
    hi[0] += std::max({0.0, b.xy, b.xz, b.xy + b.xz});
    lo[1] += std::min(0.0, b.yz);
    hi[1] += std::max(0.0, b.yz);
  }
  for (int d = 0; d < 3; ++d) {
    append_double(out, lo[d]);
    out += ' ';
    append_double(out, hi[d]);
    if (b.triclinic()) {
      out += ' ';
      append_double(out, tilt[d]);
    }
    out += '\n';
  }
  bool named = c.num_types() > 0;
  for (const auto& s : c.species_of_type) named = named && !s.empty();
  out += named ? "ITEM: ATOMS id type element x y z" : "ITEM: ATOMS id type x y z";
  if (!c.image.empty()) out += " ix iy iz";
  for (const auto& col : c.columns) out += ' ' + col.name;
  out += '\n';
  for (std::size_t i = 0; i < c.size(); ++i) {
    append_atom_columns(out, c, i, named);
    for (const auto& col : c.columns) {
      out += ' ';
      append_double(out, col.values[i]);
    }
    out += '\n';
  }
}
}  // namespace

void write_lammps_dump(const std::string& path, const std::vector<Configuration>& frames) {
  AtomicFile file(path);
  std::string out;
  for (const auto& c : frames) {
    for (const auto& col : c.columns)
      if (col.name.empty() || col.name.find_first_of(" \t\n") != std::string::npos)
        throw ParameterError("column name '" + col.name + "' cannot be written to a dump");
    out.clear();
    append_frame(out, c);
    file.write(out);
  }
  file.commit();
}

}  // namespace glassml::io
