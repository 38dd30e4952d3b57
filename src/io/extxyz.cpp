#include "io/extxyz.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

#include "io/atomic_file.hpp"
#include "io/line_reader.hpp"
#include "io/number_format.hpp"
#include "io/structure_file.hpp"

namespace glassml::io {
namespace {

constexpr std::int64_t kMaxReserve = 1 << 20;
constexpr std::int64_t kMaxAtoms = std::int64_t{1} << 40;

// key=value pairs of the comment line; values may be "double quoted" or {braced}.
std::map<std::string, std::string> parse_info(LineReader& in, std::string_view s) {
  std::map<std::string, std::string> kv;
  std::size_t i = 0, n = s.size();
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= n) break;
    std::size_t k0 = i;
    while (i < n && s[i] != '=' && s[i] != ' ' && s[i] != '\t') ++i;
    std::string key(s.substr(k0, i - k0));
    std::string value;
    if (i < n && s[i] == '=') {
      ++i;
      if (i < n && (s[i] == '"' || s[i] == '{')) {
        char close = s[i] == '"' ? '"' : '}';
        std::size_t end = s.find(close, i + 1);
        if (end == std::string_view::npos) in.fail("unterminated quoted value of '" + key + "'");
        value = std::string(s.substr(i + 1, end - i - 1));
        i = end + 1;
      } else {
        std::size_t v0 = i;
        while (i < n && s[i] != ' ' && s[i] != '\t') ++i;
        value = std::string(s.substr(v0, i - v0));
      }
    }
    // Keys are matched case-insensitively for the few we interpret.
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (lower == "lattice" || lower == "properties" || lower == "pbc" || lower == "origin") key = lower;
    kv[key] = value;
  }
  return kv;
}

std::vector<double> numbers(LineReader& in, const std::string& text, std::size_t count, const char* what) {
  auto tok = split(text);
  if (tok.size() != count) in.fail(std::string(what) + " needs " + std::to_string(count) + " numbers, got " + std::to_string(tok.size()));
  std::vector<double> v;
  for (auto t : tok) v.push_back(parse_double(in, t, what));
  return v;
}

struct Property {
  std::string name;
  char kind;  // S, R, I, L
  int count;
  int first;  // first token index
};

std::vector<Property> parse_properties(LineReader& in, const std::string& spec) {
  std::vector<Property> props;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    auto colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() % 3 != 0) in.fail("Properties must be name:type:count triples, got '" + spec + "'");
  int col = 0;
  for (std::size_t k = 0; k < parts.size(); k += 3) {
    const auto& kind = parts[k + 1];
    if (kind.size() != 1 || std::string("SRIL").find(kind[0]) == std::string::npos)
      in.fail("property '" + parts[k] + "' has type '" + kind + "' (expected S, R, I or L)");
    std::int64_t count = 0;
    if (!try_parse_int(parts[k + 2], count) || count < 1 || count > 1000)
      in.fail("property '" + parts[k] + "' has count '" + parts[k + 2] + "'");
    props.push_back({parts[k], kind[0], static_cast<int>(count), col});
    col += static_cast<int>(count);
  }
  return props;
}

// Lattice vectors a, b, c (rows) -> LAMMPS' upper-triangular box plus the rotation that maps
// old Cartesian displacements into the new frame (via fractional coordinates).
Box box_from_lattice(LineReader& in, const std::vector<double>& L, Vec3 origin) {
  Vec3 a{L[0], L[1], L[2]}, b{L[3], L[4], L[5]}, c{L[6], L[7], L[8]};
  if (!(dot(cross(a, b), c) > 0)) in.fail("Lattice vectors are degenerate or left-handed");
  Box box;
  box.lo = origin;
  if (L[1] == 0 && L[2] == 0 && L[5] == 0 && L[0] > 0 && L[4] > 0 && L[8] > 0) {
    // Already LAMMPS' form: take the numbers as they are, so write -> read is exact.
    box.lx = L[0];
    box.xy = L[3];
    box.ly = L[4];
    box.xz = L[6];
    box.yz = L[7];
    box.lz = L[8];
    return box;
  }
  box.lx = norm(a);
  Vec3 ahat = a * (1.0 / box.lx);
  box.xy = dot(b, ahat);
  box.ly = norm(cross(ahat, b));
  box.xz = dot(c, ahat);
  box.yz = (dot(b, c) - box.xy * box.xz) / box.ly;
  box.lz = std::sqrt(std::max(0.0, norm2(c) - box.xz * box.xz - box.yz * box.yz));
  return box;
}

bool upper_triangular(const std::vector<double>& L) { return L[1] == 0 && L[2] == 0 && L[5] == 0 && L[0] > 0 && L[4] > 0 && L[8] > 0; }

}  // namespace

std::vector<Configuration> read_extxyz(const std::string& path, const ReadOptions& options) {
  LineReader in(path);
  std::vector<Configuration> frames;
  std::string line;
  while (in.next(line)) {
    if (trim(line).empty()) continue;
    std::int64_t n = parse_int(in, trim(line), "number of atoms", 0, kMaxAtoms);
    auto info = parse_info(in, in.require("the comment line of an extended XYZ frame"));
    Configuration c;
    if (auto it = info.find("Time_step"); it != info.end()) try_parse_int(it->second, c.timestep);
    Vec3 origin{};
    if (info.count("origin")) {
      auto o = numbers(in, info["origin"], 3, "Origin");
      origin = {o[0], o[1], o[2]};
    }
    std::vector<double> lattice;
    bool rotate = false;
    std::vector<double> inv;  // fractional transform of the original lattice
    if (info.count("lattice")) {
      lattice = numbers(in, info["lattice"], 9, "Lattice");
      c.box = box_from_lattice(in, lattice, origin);
      rotate = !upper_triangular(lattice);
      if (info.count("pbc")) {
        auto t = split(info["pbc"]);
        if (t.size() != 3) in.fail("pbc needs three T/F values");
        for (int d = 0; d < 3; ++d) c.box.periodic[d] = t[d] == "T" || t[d] == "True" || t[d] == "true";
      }
    } else {
      c.box.periodic = {false, false, false};
    }
    auto props = parse_properties(in, info.count("properties") ? info["properties"] : "species:S:1:pos:R:3");
    const Property *species = nullptr, *pos = nullptr, *id = nullptr, *type = nullptr;
    std::size_t ncols = 0;
    for (const auto& p : props) {
      ncols += p.count;
      if ((p.name == "species" || p.name == "element") && p.kind == 'S' && p.count == 1) species = &p;
      else if (p.name == "pos" && p.kind == 'R' && p.count == 3) pos = &p;
      else if (p.name == "id" && p.kind == 'I' && p.count == 1) id = &p;
      else if (p.name == "type" && p.kind == 'I' && p.count == 1) type = &p;
    }
    if (!pos) in.fail("Properties has no pos:R:3");
    if (!species && !type) in.fail("Properties has neither species:S:1 nor type:I:1");
    const auto reserve = static_cast<std::size_t>(std::min(n, kMaxReserve));
    c.id.reserve(reserve);
    c.position.reserve(reserve);
    std::vector<std::string> names = options.species;
    std::map<int, std::string> element_of_type;
    std::vector<Column> extra;
    for (const auto& p : props)
      if (&p != species && &p != pos && &p != id && &p != type)
        for (int k = 0; k < p.count; ++k)
          extra.push_back({p.count == 1 ? p.name : p.name + "[" + std::to_string(k + 1) + "]", {}});
    std::unordered_set<std::int64_t> ids;
    for (std::int64_t k = 0; k < n; ++k) {
      std::string row = in.require("an atom line");
      auto tok = split(row);
      if (tok.size() != ncols) in.fail("atom line has " + std::to_string(tok.size()) + " values, Properties say " + std::to_string(ncols));
      c.id.push_back(id ? parse_int(in, tok[id->first], "atom id", 1) : k + 1);
      if (!ids.insert(c.id.back()).second) in.fail("duplicate atom id " + std::to_string(c.id.back()));
      int t = type ? static_cast<int>(parse_int(in, tok[type->first], "atom type", 1, 1000)) : 0;
      if (species) {
        std::string_view el = tok[species->first];
        if (t == 0) {
          auto it = std::find(names.begin(), names.end(), el);
          if (it == names.end()) {
            if (!options.species.empty()) in.fail("species '" + std::string(el) + "' is not among the --species given");
            names.emplace_back(el);
            it = names.end() - 1;
          }
          t = static_cast<int>(it - names.begin()) + 1;
        }
        auto [it, fresh] = element_of_type.emplace(t, std::string(el));
        if (!fresh && it->second != el) in.fail("type " + std::to_string(t) + " is both '" + it->second + "' and '" + std::string(el) + "'");
      }
      c.type.push_back(t);
      Vec3 r{parse_double(in, tok[pos->first], "x"), parse_double(in, tok[pos->first + 1], "y"),
             parse_double(in, tok[pos->first + 2], "z")};
      if (rotate) {
        // Solve r - origin = s_a a + s_b b + s_c c for the fractional coordinates, then map.
        Vec3 a{lattice[0], lattice[1], lattice[2]}, b{lattice[3], lattice[4], lattice[5]}, cc{lattice[6], lattice[7], lattice[8]};
        Vec3 d = r - origin;
        double vol = dot(a, cross(b, cc));
        Vec3 s{dot(d, cross(b, cc)) / vol, dot(a, cross(d, cc)) / vol, dot(a, cross(b, d)) / vol};
        r = c.box.lo + c.box.to_cartesian(s);
      }
      c.position.push_back(r);
      std::size_t e = 0;
      for (const auto& p : props) {
        if (&p == species || &p == pos || &p == id || &p == type) continue;
        for (int j = 0; j < p.count; ++j, ++e) {
          std::string_view v = tok[p.first + j];
          double x = 0;
          if (p.kind == 'R' || p.kind == 'I') x = parse_double(in, v, p.name.c_str());
          else if (p.kind == 'L') x = (v == "T" || v == "True" || v == "1") ? 1.0 : 0.0;
          extra[e].values.push_back(x);  // strings other than species are not kept as numbers
        }
      }
    }
    if (!info.count("lattice")) {
      // No cell: an open box around the atoms.
      Vec3 lo{INFINITY, INFINITY, INFINITY}, hi{-INFINITY, -INFINITY, -INFINITY};
      for (const auto& r : c.position)
        for (int d = 0; d < 3; ++d) {
          lo[d] = std::min(lo[d], r[d]);
          hi[d] = std::max(hi[d], r[d]);
        }
      if (c.position.empty()) lo = hi = Vec3{};
      c.box = Box::orthogonal(lo - Vec3{1, 1, 1}, hi + Vec3{1, 1, 1});
      c.box.periodic = {false, false, false};
    }
    int ntypes = c.type.empty() ? 0 : *std::max_element(c.type.begin(), c.type.end());
    ntypes = std::max<int>({ntypes, static_cast<int>(names.size())});
    c.species_of_type.assign(ntypes, "");
    c.mass_of_type.assign(ntypes, 0.0);
    for (auto& [t, el] : element_of_type) c.species_of_type[t - 1] = el;
    for (auto& col : extra)
      if (col.values.size() == c.size()) c.columns.push_back(std::move(col));
    finish_configuration(in, c, options);
    frames.push_back(std::move(c));
  }
  if (frames.empty()) in.fail("empty file: no extended XYZ frame");
  return frames;
}

void write_extxyz(const std::string& path, const std::vector<Configuration>& frames) {
  AtomicFile file(path);
  std::string out;
  for (const auto& c : frames) {
    out.clear();
    append_int(out, static_cast<std::int64_t>(c.size()));
    const Box& b = c.box;
    out += "\nLattice=\"";
    for (double v : {b.lx, 0.0, 0.0, b.xy, b.ly, 0.0, b.xz, b.yz, b.lz}) {
      append_double(out, v);
      out += ' ';
    }
    out.back() = '"';
    out += " Origin=\"";
    for (int d = 0; d < 3; ++d) {
      append_double(out, b.lo[d]);
      out += d < 2 ? ' ' : '"';
    }
    out += " Properties=species:S:1:pos:R:3:id:I:1:type:I:1";
    for (const auto& col : c.columns) {
      if (col.name.empty() || col.name.find_first_of(" \t\n:\"=") != std::string::npos)
        throw ParameterError("column name '" + col.name + "' cannot be written to extended XYZ");
      out += ':' + col.name + ":R:1";
    }
    out += " pbc=\"";
    for (int d = 0; d < 3; ++d) out += std::string(b.periodic[d] ? "T" : "F") + (d < 2 ? " " : "\"");
    out += " Time_step=";
    append_int(out, c.timestep);
    out += '\n';
    for (std::size_t i = 0; i < c.size(); ++i) {
      const std::string& sp = c.species(i);
      out += sp.empty() ? "X" : sp;
      for (int d = 0; d < 3; ++d) {
        out += ' ';
        append_double(out, c.position[i][d]);
      }
      out += ' ';
      append_int(out, c.id[i]);
      out += ' ';
      append_int(out, c.type[i]);
      for (const auto& col : c.columns) {
        out += ' ';
        append_double(out, col.values[i]);
      }
      out += '\n';
    }
    file.write(out);
  }
  file.commit();
}

}  // namespace glassml::io
