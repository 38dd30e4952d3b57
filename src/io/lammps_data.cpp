#include "io/lammps_data.hpp"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/elements.hpp"
#include "io/atomic_file.hpp"
#include "io/line_reader.hpp"
#include "io/number_format.hpp"
#include "io/structure_file.hpp"

namespace glassml::io {
namespace {

// A huge count in a header must not make us allocate: reserve at most this many up front.
constexpr std::int64_t kMaxReserve = 1 << 20;
constexpr std::int64_t kMaxAtoms = std::int64_t{1} << 40;
constexpr std::int64_t kMaxTypes = 1000;

struct Header {
  std::int64_t atoms = -1, types = -1;
  bool have_x = false, have_y = false, have_z = false, tilted = false;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Header lines are "value(s) keyword(s)". Returns false when the line starts a section.
bool parse_header_line(LineReader& in, std::string_view line, Header& h, Configuration& c) {
  auto tok = split(line);
  if (ends_with(line, "atom types")) {
    if (tok.size() != 3) in.fail("expected 'N atom types'");
    h.types = parse_int(in, tok[0], "number of atom types", 1, kMaxTypes);
  } else if (ends_with(line, "atoms")) {
    if (tok.size() != 2) in.fail("expected 'N atoms'");
    h.atoms = parse_int(in, tok[0], "number of atoms", 0, kMaxAtoms);
  } else if (ends_with(line, "xlo xhi") || ends_with(line, "ylo yhi") || ends_with(line, "zlo zhi")) {
    if (tok.size() != 4) in.fail("expected 'lo hi " + std::string(tok.back()) + "' bounds");
    double lo = parse_double(in, tok[0], "box bound"), hi = parse_double(in, tok[1], "box bound");
    if (!(hi > lo)) in.fail("box upper bound " + std::string(tok[1]) + " is not above lower bound " + std::string(tok[0]));
    int k = tok[2][0] - 'x';
    (k == 0 ? h.have_x : k == 1 ? h.have_y : h.have_z) = true;
    c.box.lo[k] = lo;
    (k == 0 ? c.box.lx : k == 1 ? c.box.ly : c.box.lz) = hi - lo;
  } else if (ends_with(line, "xy xz yz")) {
    if (tok.size() != 6) in.fail("expected 'xy xz yz' tilt factors");
    c.box.xy = parse_double(in, tok[0], "tilt factor xy");
    c.box.xz = parse_double(in, tok[1], "tilt factor xz");
    c.box.yz = parse_double(in, tok[2], "tilt factor yz");
    h.tilted = true;
  } else {
    // Topology counts of molecular styles: accept only zero, since atom_style atomic has none.
    static const char* kTopology[] = {"bonds", "angles", "dihedrals", "impropers", "bond types", "angle types",
                                      "dihedral types", "improper types", "extra bond per atom",
                                      "extra angle per atom", "extra dihedral per atom",
                                      "extra improper per atom", "extra special per atom", "ellipsoids", "lines",
                                      "triangles", "bodies"};
    for (const char* kw : kTopology) {
      if (ends_with(line, kw) && !tok.empty()) {
        if (parse_int(in, tok[0], kw, 0) != 0)
          in.fail(std::string("'") + kw + "' is not supported: only atom_style atomic data files are read");
        return true;
      }
    }
    return false;
  }
  return true;
}

void read_masses(LineReader& in, const Header& h, Configuration& c, std::vector<bool>& seen) {
  for (std::int64_t k = 0; k < h.types; ++k) {
    std::string line = in.require("a line of the Masses section");
    auto tok = split(strip_comment(line));
    if (tok.size() != 2) in.fail("Masses line must be 'type mass', got " + std::to_string(tok.size()) + " fields");
    auto t = parse_int(in, tok[0], "atom type", 1, h.types);
    double m = parse_double(in, tok[1], "mass");
    if (!(m > 0.0)) in.fail("mass " + std::string(tok[1]) + " is not positive");
    if (seen[t - 1]) in.fail("atom type " + std::to_string(t) + " appears twice in Masses");
    seen[t - 1] = true;
    c.mass_of_type[t - 1] = m;
    // "1 63.546  # Cu": an element name in the comment names the type (as glassml writes it).
    if (auto hash = line.find('#'); hash != std::string::npos) {
      std::string name(trim(std::string_view(line).substr(hash + 1)));
      if (is_element(name)) c.species_of_type[t - 1] = name;
    }
  }
}

void read_atoms(LineReader& in, const Header& h, Configuration& c) {
  c.id.reserve(std::min(h.atoms, kMaxReserve));
  c.type.reserve(std::min(h.atoms, kMaxReserve));
  c.position.reserve(std::min(h.atoms, kMaxReserve));
  std::size_t fields = 0;
  std::unordered_set<std::int64_t> ids;
  for (std::int64_t k = 0; k < h.atoms; ++k) {
    std::string line = in.require("a line of the Atoms section");
    auto tok = split(strip_comment(line));
    if (k == 0) {
      fields = tok.size();
      if (fields != 5 && fields != 8)
        in.fail("Atoms line has " + std::to_string(fields) + " fields; atom_style atomic needs 'id type x y z [ix iy iz]'");
    } else if (tok.size() != fields) {
      in.fail("Atoms line has " + std::to_string(tok.size()) + " fields, the first had " + std::to_string(fields));
    }
    c.id.push_back(parse_int(in, tok[0], "atom id", 1));
    if (!ids.insert(c.id.back()).second) in.fail("duplicate atom id " + std::to_string(c.id.back()));
    c.type.push_back(static_cast<int>(parse_int(in, tok[1], "atom type", 1, h.types)));
    c.position.push_back({parse_double(in, tok[2], "x"), parse_double(in, tok[3], "y"), parse_double(in, tok[4], "z")});
    if (fields == 8) {
      std::array<int, 3> im{};
      for (int d = 0; d < 3; ++d) im[d] = static_cast<int>(parse_int(in, tok[5 + d], "image flag", -(1 << 30), 1 << 30));
      c.image.push_back(im);
    }
  }
}

void read_velocities(LineReader& in, const Header& h, Configuration& c) {
  std::unordered_map<std::int64_t, std::size_t> index;
  index.reserve(c.id.size());
  for (std::size_t i = 0; i < c.id.size(); ++i) index[c.id[i]] = i;
  if (index.size() != c.id.size()) in.fail("duplicate atom ids in the Atoms section");
  std::vector<double> v[3];
  for (auto& col : v) col.assign(c.id.size(), 0.0);
  for (std::int64_t k = 0; k < h.atoms; ++k) {
    std::string line = in.require("a line of the Velocities section");
    auto tok = split(strip_comment(line));
    if (tok.size() != 4) in.fail("Velocities line must be 'id vx vy vz'");
    auto it = index.find(parse_int(in, tok[0], "atom id", 1));
    if (it == index.end()) in.fail("Velocities for atom id " + std::string(tok[0]) + ", which is not in Atoms");
    for (int d = 0; d < 3; ++d) v[d][it->second] = parse_double(in, tok[1 + d], "velocity");
  }
  c.set_column("vx", std::move(v[0]));
  c.set_column("vy", std::move(v[1]));
  c.set_column("vz", std::move(v[2]));
}

// Sections start with a keyword line and are followed by one blank line.
void expect_blank(LineReader& in, const std::string& section) {
  std::string line = in.require(("a blank line after '" + section + "'").c_str());
  if (!trim(line).empty()) in.fail("expected a blank line after '" + section + "'");
}

}  // namespace

Configuration read_lammps_data(const std::string& path, const ReadOptions& options) {
  LineReader in(path);
  Configuration c;
  Header h;
  std::string line;
  if (!in.next(line)) in.fail("empty file");
  // Header: everything up to the first section keyword.
  std::string section;
  while (in.next(line)) {
    std::string_view s = strip_comment(line);
    if (s.empty()) continue;
    if (!parse_header_line(in, s, h, c)) {
      section = std::string(s);
      break;
    }
  }
  if (h.atoms < 0) in.fail("the header has no 'N atoms' line");
  if (h.types < 0) in.fail("the header has no 'N atom types' line");
  if (!h.have_x || !h.have_y || !h.have_z) in.fail("the header lacks box bounds (xlo xhi, ylo yhi, zlo zhi)");
  c.species_of_type.assign(h.types, "");
  c.mass_of_type.assign(h.types, 0.0);
  std::vector<bool> mass_seen(h.types, false);
  bool have_atoms = false, have_masses = false, have_velocities = false;
  while (!section.empty()) {
    if (section == "Masses") {
      if (have_masses) in.fail("second Masses section");
      expect_blank(in, section);
      read_masses(in, h, c, mass_seen);
      have_masses = true;
    } else if (section.rfind("Atoms", 0) == 0) {
      std::string_view style = trim(std::string_view(line).substr(line.find("Atoms") + 5));
      if (!style.empty() && style != "# atomic")
        in.fail("Atoms section of style '" + std::string(trim(style.substr(1))) + "': only atom_style atomic is supported");
      if (have_atoms) in.fail("second Atoms section");
      expect_blank(in, "Atoms");
      read_atoms(in, h, c);
      have_atoms = true;
    } else if (section == "Velocities") {
      if (!have_atoms) in.fail("Velocities section before the Atoms section");
      if (have_velocities) in.fail("second Velocities section");
      expect_blank(in, section);
      read_velocities(in, h, c);
      have_velocities = true;
    } else {
      in.fail("unknown or unsupported section '" + section + "'");
    }
    section.clear();
    while (in.next(line)) {
      std::string_view s = trim(line);
      if (s.empty()) continue;
      section = std::string(s);
      break;
    }
  }
  if (!have_atoms && h.atoms > 0) in.fail("no Atoms section");
  if (have_masses)
    for (std::int64_t t = 0; t < h.types; ++t)
      if (!mass_seen[t]) in.fail("Masses section has no mass for type " + std::to_string(t + 1));
  finish_configuration(in, c, options);
  return c;
}

void write_lammps_data(const std::string& path, const Configuration& c) {
  std::string out;
  out.reserve(64 * c.size() + 512);
  out += "LAMMPS data file written by glassml, timestep = ";
  append_int(out, c.timestep);
  out += "\n\n";
  append_int(out, static_cast<std::int64_t>(c.size()));
  out += " atoms\n";
  append_int(out, c.num_types());
  out += " atom types\n\n";
  const Vec3 hi = c.box.hi();
  const char* names[3] = {" xlo xhi\n", " ylo yhi\n", " zlo zhi\n"};
  for (int k = 0; k < 3; ++k) {
    append_double(out, c.box.lo[k]);
    out += ' ';
    append_double(out, hi[k]);
    out += names[k];
  }
  if (c.box.triclinic()) {
    append_double(out, c.box.xy);
    out += ' ';
    append_double(out, c.box.xz);
    out += ' ';
    append_double(out, c.box.yz);
    out += " xy xz yz\n";
  }
  bool masses = c.num_types() > 0;
  for (double m : c.mass_of_type) masses = masses && m > 0.0;
  if (masses) {
    out += "\nMasses\n\n";
    for (int t = 0; t < c.num_types(); ++t) {
      append_int(out, t + 1);
      out += ' ';
      append_double(out, c.mass_of_type[t]);
      if (!c.species_of_type[t].empty()) out += "  # " + c.species_of_type[t];
      out += '\n';
    }
  }
  out += "\nAtoms # atomic\n\n";
  for (std::size_t i = 0; i < c.size(); ++i) {
    append_atom_columns(out, c, i, false);
    out += '\n';
  }
  const Column *vx = c.find_column("vx"), *vy = c.find_column("vy"), *vz = c.find_column("vz");
  if (vx && vy && vz) {
    out += "\nVelocities\n\n";
    for (std::size_t i = 0; i < c.size(); ++i) {
      append_int(out, c.id[i]);
      for (const Column* v : {vx, vy, vz}) {
        out += ' ';
        append_double(out, v->values[i]);
      }
      out += '\n';
    }
  }
  write_file_atomic(path, out);
}

}  // namespace glassml::io
