#include "study/study_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "core/error.hpp"

namespace glassml::study {
namespace {

enum class Kind { Int, Float, String, Bool, FloatList, Grid };
enum class Check { Any, Positive, NonNegative };

// One key of a table: its type, its range, and the option of the child command it becomes
// (flag nullptr: read by the parser itself). exec: decides only how the job runs, not its product.
struct Key {
  const char* key;
  Kind kind;
  const char* flag = nullptr;
  Check check = Check::Any;
  bool exec = false;
};

const std::vector<Key> kStudy = {{"name", Kind::String}, {"title", Kind::String}};
const std::vector<Key> kPotential = {
    {"file", Kind::String, "--potential"}, {"pair_style", Kind::String, "--pair-style"}, {"opt", Kind::Bool, "--opt"}};
const std::vector<Key> kSamples = {
    {"atoms", Kind::Int, "--atoms", Check::Positive},
    {"count", Kind::Int, nullptr, Check::Positive},
    {"rate", Kind::Float, nullptr, Check::Positive},
    {"seed", Kind::Int, nullptr, Check::NonNegative},
    {"test_rates", Kind::FloatList, nullptr, Check::Positive},
    {"test_rate_count", Kind::Int, nullptr, Check::Positive},
    {"composition", Kind::String, "--composition"},
    {"premelt_temperature", Kind::Float, "--premelt-temperature", Check::Positive},
    {"premelt_time", Kind::Float, "--premelt-time", Check::NonNegative},
    {"melt_temperature", Kind::Float, "--melt-temperature", Check::Positive},
    {"melt_time", Kind::Float, "--melt-time", Check::Positive},
    {"final_temperature", Kind::Float, "--final-temperature", Check::Positive},
    {"pressure", Kind::Float, "--pressure"},
    {"timestep", Kind::Float, "--timestep", Check::Positive},
    {"tdamp", Kind::Float, "--tdamp", Check::Positive},
    {"pdamp", Kind::Float, "--pdamp", Check::Positive},
    {"lattice_constant", Kind::Float, "--lattice-constant", Check::Positive},
    {"restart_every", Kind::Float, "--restart-every", Check::NonNegative, true},
    {"table_every", Kind::Float, "--table-every", Check::Positive, true}};
const std::vector<Key> kStiffness = {
    {"temperatures", Kind::FloatList, "--temperatures", Check::Positive},
    {"tau", Kind::Float, "--tau", Check::Positive},
    {"equilibration", Kind::Float, "--equilibration", Check::NonNegative},
    {"settle", Kind::Float, "--settle", Check::NonNegative},
    {"timestep", Kind::Float, "--timestep", Check::Positive},
    {"tdamp", Kind::Float, "--tdamp", Check::Positive},
    {"pdamp", Kind::Float, "--pdamp", Check::Positive},
    {"pressure", Kind::Float, "--pressure"},
    {"sample_every", Kind::Int, "--sample-every", Check::Positive},
    {"momentum_every", Kind::Int, "--momentum-every", Check::Positive},
    {"replicas", Kind::Int, "--replicas", Check::Positive},
    {"seed", Kind::Int, "--seed", Check::NonNegative},
    {"jobs", Kind::Int, "--jobs", Check::Positive, true}};
const std::vector<Key> kHarmonic = {
    {"enabled", Kind::Bool}, {"method", Kind::String, "--method"}, {"hessian", Kind::String, "--hessian"}};
const std::vector<Key> kDescriptor = {
    {"r_min", Kind::Float, "--r-min", Check::NonNegative},
    {"r_max", Kind::Float, "--r-max", Check::Positive},
    {"dr", Kind::Float, "--dr", Check::Positive},
    {"normalization", Kind::String, "--normalization"},
    {"partial", Kind::Bool, "--partial"},
    {"smoothing", Kind::Float, "--smoothing", Check::NonNegative}};
const std::vector<Key> kModel = {
    {"label", Kind::String, "--label"},
    {"layers", Kind::Int, "--layers", Check::Positive},
    {"units", Kind::Int, "--units", Check::Positive},
    {"activation", Kind::String, "--activation"},
    {"epochs", Kind::Int, "--epochs", Check::Positive},
    {"batch", Kind::Int, "--batch", Check::Positive},
    {"lr", Kind::Float, "--lr", Check::Positive},
    {"l2", Kind::Float, "--l2", Check::NonNegative},
    {"patience", Kind::Int, "--patience", Check::Positive},
    {"val_fraction", Kind::Float, "--val-fraction", Check::NonNegative},
    {"seed", Kind::Int, "--seed", Check::NonNegative},
    {"cv", Kind::Int, "--cv", Check::Positive},
    {"grid", Kind::Grid, "--grid"},
    {"threads", Kind::Int, nullptr, Check::Positive, true}};
const std::vector<Key> kSplit = {{"test", Kind::Int, nullptr, Check::NonNegative}};
const std::vector<Key> kActivation = {
    {"enabled", Kind::Bool},
    {"samples", Kind::Int, nullptr, Check::Positive},
    {"atoms", Kind::String, "--atoms"},  // all | N | id,id,... (an integer is accepted too)
    {"events", Kind::Int, "--events", Check::Positive},
    {"seed", Kind::Int, "--seed", Check::NonNegative},
    {"temperature", Kind::Float, "--temperature", Check::Positive},
    {"local", Kind::Bool},
    {"jobs", Kind::Int, "--jobs", Check::Positive, true}};
const std::vector<Key> kReport = {{"enabled", Kind::Bool}, {"title", Kind::String}};

class Parser {
 public:
  Parser(const toml::table& root, std::string path) : root_(root), path_(std::move(path)) {}

  [[noreturn]] void fail(const toml::node& node, const std::string& what) const {
    throw InputError(path_, node.source().begin.line, what);
  }

  /// Reads table `name` against `keys` into `s`; unknown keys are errors.
  void read(const char* name, const std::vector<Key>& keys, StageSettings& s) {
    const toml::node* node = root_.get(name);
    if (!node) return;
    const toml::table* t = node->as_table();
    if (!t) fail(*node, fmt::format("'{}' must be a table ([{}])", name, name));
    s.present = true;
    for (const auto& [k, v] : *t) {
      const Key* key = nullptr;
      for (const auto& c : keys)
        if (k.str() == c.key) key = &c;
      if (!key) {
        std::string known;
        for (const auto& c : keys) {
          if (!known.empty()) known += ", ";
          known += c.key;
        }
        fail(v, fmt::format("unknown key '{}' in [{}] (known: {})", k.str(), name, known));
      }
      read_value(name, *key, v, s);
    }
  }

  const toml::node* node(const char* table, const char* key) const {
    const toml::table* t = root_[table].as_table();
    return t ? t->get(key) : nullptr;
  }

 private:
  void read_value(const char* table, const Key& key, const toml::node& v, StageSettings& s) {
    const std::string where = fmt::format("[{}] {}", table, key.key);
    std::vector<std::string> values;
    auto number = [&](const toml::node& n) {
      if (key.kind == Kind::Int || (key.kind == Kind::String && n.is_integer())) {
        if (!n.is_integer()) fail(n, where + ": must be an integer");
      } else if (!n.is_number()) {
        fail(n, where + ": must be a number");
      }
      const double x = n.is_integer() ? double(*n.value<std::int64_t>()) : *n.value<double>();
      if (!std::isfinite(x)) fail(n, where + ": must be finite");
      if (key.check == Check::Positive && !(x > 0)) fail(n, where + ": must be positive");
      if (key.check == Check::NonNegative && x < 0) fail(n, where + ": must not be negative");
      s.numbers[key.key] = x;
      return n.is_integer() ? std::to_string(*n.value<std::int64_t>()) : fmt::format("{}", x);
    };
    switch (key.kind) {
      case Kind::Int:
      case Kind::Float: values.push_back(number(v)); break;
      case Kind::String:
        if (v.is_integer()) values.push_back(number(v));
        else if (auto str = v.value<std::string>(); str && !str->empty()) values.push_back(*str);
        else fail(v, where + ": must be a non-empty string");
        break;
      case Kind::Bool:
        if (!v.is_boolean()) fail(v, where + ": must be true or false");
        s.numbers[key.key] = *v.value<bool>() ? 1 : 0;
        if (key.flag && *v.value<bool>()) (key.exec ? s.exec_args : s.args).push_back(key.flag);
        return;
      case Kind::FloatList: {
        const toml::array* a = v.as_array();
        if (!a || a->empty()) fail(v, where + ": must be a non-empty array of numbers");
        std::string joined;
        for (const auto& e : *a) {
          if (!joined.empty()) joined += ',';  // (appending, not "," + x: GCC 12 -Wrestrict false positive)
          joined += number(e);
        }
        s.numbers[std::string(key.key) + "_count"] = double(a->size());
        values.push_back(joined);
        break;
      }
      case Kind::Grid: values = grid(where, v, s); break;
    }
    if (!key.flag) return;
    auto& out = key.exec ? s.exec_args : s.args;
    out.push_back(key.flag);
    out.insert(out.end(), values.begin(), values.end());
  }

  // grid = { layers = [1, 2], units = [20, 50] }  ->  --grid layers=1,2 units=20,50
  // (a string "layers=1,2 units=20,50" is taken as it is)
  std::vector<std::string> grid(const std::string& where, const toml::node& v, StageSettings& s) {
    std::vector<std::string> out;
    double size = 1;
    if (auto str = v.value<std::string>()) {
      std::istringstream in(*str);
      for (std::string w; in >> w;) {
        out.push_back(w);
        size *= double(std::count(w.begin(), w.end(), ',') + 1);
      }
    } else if (const toml::table* t = v.as_table()) {
      for (const auto& [k, e] : *t) {
        const toml::array* a = e.as_array();
        if (!a || a->empty()) fail(e, where + "." + std::string(k.str()) + ": must be a non-empty array");
        std::string joined;
        for (const auto& x : *a) {
          std::string item;
          if (x.is_integer()) item = std::to_string(*x.value<std::int64_t>());
          else if (x.is_floating_point()) item = fmt::format("{}", *x.value<double>());
          else if (auto sx = x.value<std::string>()) item = *sx;
          else fail(x, where + "." + std::string(k.str()) + ": values must be numbers or strings");
          if (!joined.empty()) joined += ',';
          joined += item;
        }
        out.push_back(std::string(k.str()) + "=" + joined);
        size *= double(a->size());
      }
    }
    if (out.empty()) fail(v, where + ": must be a table of arrays, e.g. { layers = [1], units = [50, 200] }");
    s.numbers["grid_size"] = size;
    return out;
  }

  const toml::table& root_;
  std::string path_;
};

long integer(const StageSettings& s, const char* key, long fallback) {
  auto it = s.numbers.find(key);
  return it == s.numbers.end() ? fallback : long(it->second);
}

}  // namespace

double StageSettings::number(const std::string& key, double fallback) const {
  auto it = numbers.find(key);
  return it == numbers.end() ? fallback : it->second;
}

std::string rate_label(double rate) {
  int e = int(std::floor(std::log10(rate)));
  double m = rate / std::pow(10.0, e);
  if (m >= 9.9999999) m /= 10, ++e;
  const std::string mant = fmt::format("{:.6g}", m);
  return (mant == "1" ? "1" : mant) + "e" + std::to_string(e);
}

StudyConfig parse_study_text(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw InputError(path, e.source().begin.line, std::string(e.description()));
  }
  static const std::vector<std::string> kTables = {"study",    "potential", "samples", "stiffness",  "harmonic",
                                                   "descriptor", "model",   "split",   "activation", "report"};
  for (const auto& [k, v] : root)
    if (std::find(kTables.begin(), kTables.end(), std::string(k.str())) == kTables.end())
      throw InputError(path, v.source().begin.line,
                       fmt::format("unknown table [{}] (known: study, potential, samples, stiffness, harmonic, "
                                   "descriptor, model, split, activation, report)", k.str()));
  Parser p(root, path);
  StudyConfig c;
  c.path = path;
  StageSettings study, potential, samples, descriptor, model, split;
  p.read("study", kStudy, study);
  p.read("potential", kPotential, potential);
  p.read("samples", kSamples, c.quench);
  p.read("stiffness", kStiffness, c.stiffness);
  p.read("harmonic", kHarmonic, c.harmonic);
  p.read("descriptor", kDescriptor, descriptor);
  p.read("model", kModel, model);
  p.read("split", kSplit, split);
  p.read("activation", kActivation, c.activation);
  p.read("report", kReport, c.report);

  c.name = root["study"]["name"].value_or(std::filesystem::path(path).stem().string());
  c.title = root["report"]["title"].value_or(root["study"]["title"].value_or(c.name));
  if (!c.quench.present) throw InputError(path, 0, "missing table [samples] (atoms, count, rate)");
  for (const char* k : {"atoms", "count", "rate"})
    if (!c.quench.numbers.count(k))
      throw InputError(path, root["samples"].node()->source().begin.line, fmt::format("[samples] needs '{}'", k));
  c.atoms = integer(c.quench, "atoms", 0);
  c.count = integer(c.quench, "count", 0);
  c.rate = c.quench.number("rate", 0);
  c.seed = integer(c.quench, "seed", 1);
  c.test_rate_count = integer(c.quench, "test_rate_count", 1);
  if (const auto* a = root["samples"]["test_rates"].as_array())
    for (const auto& e : *a) c.test_rates.push_back(e.is_integer() ? double(*e.value<std::int64_t>()) : *e.value<double>());
  c.quench.args.insert(c.quench.args.begin(), {"--rate", rate_label(c.rate)});

  c.test = integer(split, "test", c.count > 1 ? 1 : 0);
  if (c.test >= c.count) {
    const toml::node* n = p.node("split", "test");
    throw InputError(path, n ? n->source().begin.line : 0,
                     fmt::format("[split] test = {} leaves no training sample out of [samples] count = {}", c.test,
                                 c.count));
  }

  c.potential_args = potential.args;
  if (potential.numbers.count("opt") && potential.numbers["opt"] == 0) c.potential_args.push_back("--no-opt");
  if (const auto f = root["potential"]["file"].value<std::string>()) {
    if (!std::filesystem::exists(*f))
      throw InputError(path, p.node("potential", "file")->source().begin.line, "potential file not found: " + *f);
    c.potential_file = *f;
  }

  c.stiffness.cpus = int(integer(c.stiffness, "jobs", 1));
  c.harmonic_on = c.harmonic.present && c.harmonic.number("enabled", 1) != 0;
  // The model trains on descriptor + network settings; threads only speed it up.
  c.train = model;
  c.train.args.insert(c.train.args.end(), descriptor.args.begin(), descriptor.args.end());
  c.train.numbers.insert(descriptor.numbers.begin(), descriptor.numbers.end());
  c.train.cpus = int(integer(model, "threads", 1));
  if (model.numbers.count("grid_size") && !model.numbers.count("cv"))
    throw InputError(path, p.node("model", "grid")->source().begin.line, "[model] grid needs cv = K (folds)");

  c.activation_on = c.activation.present && c.activation.number("enabled", 1) != 0;
  c.activation_samples = integer(c.activation, "samples", 1);
  c.activation.cpus = int(integer(c.activation, "jobs", 1));
  if (c.activation.numbers.count("local"))
    c.activation.args.push_back(c.activation.numbers["local"] != 0 ? "--local" : "--no-local");
  c.report_on = c.report.number("enabled", 1) != 0;
  return c;
}

StudyConfig parse_study(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "cannot read the study file");
  std::ostringstream s;
  s << in.rdbuf();
  return parse_study_text(s.str(), path);
}

}  // namespace glassml::study
