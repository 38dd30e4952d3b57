#include "ml/model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/error.hpp"
#include "glassml/version.hpp"
#include "io/atomic_file.hpp"

namespace glassml::ml {

std::string params_checksum(const std::vector<double>& params) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV offset basis
  for (double p : params) {
    std::uint64_t bits;
    std::memcpy(&bits, &p, sizeof bits);
    for (int k = 0; k < 8; ++k) {
      h ^= (bits >> (8 * k)) & 0xffu;
      h *= 0x100000001b3ULL;  // FNV prime
    }
  }
  return fmt::format("{:016x}", h);
}

std::vector<double> Model::predict(const std::vector<double>& raw_features) const {
  std::vector<double> x = scaler.transform(raw_features);
  std::vector<double> y = net.predict(x);
  scaler.inverse_labels_in_place(y);
  return y;
}

nlohmann::ordered_json Model::to_json() const {
  using json = nlohmann::ordered_json;
  const Architecture& a = net.architecture();
  json layers = json::array();
  const auto& p = net.params();
  for (std::size_t l = 0; l < a.num_layers(); ++l) {
    const std::size_t in = a.fan_in(l), out = a.fan_out(l);
    json w = json::array();
    for (std::size_t i = 0; i < out; ++i) {
      std::vector<double> row(in);
      for (std::size_t j = 0; j < in; ++j) row[j] = p[net.weight_offset(l) + j * out + i];
      w.push_back(row);
    }
    std::vector<double> b(p.begin() + static_cast<long>(net.bias_offset(l)),
                          p.begin() + static_cast<long>(net.bias_offset(l) + out));
    layers.push_back({{"inputs", in}, {"units", out},
                      {"activation", l + 1 < a.num_layers() ? activation_name(a.activation) : "linear"},
                      {"weights", w}, {"biases", b}});
  }
  return {{"format", kFormat},
          {"format_version", extra_features.empty() ? 1 : kFormatVersion},
          {"created_by", std::string("glassml ") + kVersion},
          {"label", {{"name", label}, {"unit", label_unit}}},
          {"species", species},
          {"descriptor", json(descriptor)},
          {"features", feature_names},
          {"extra_features", extra_features},
          {"architecture", {{"inputs", a.inputs}, {"hidden", a.hidden}, {"activation", activation_name(a.activation)},
                            {"output", "linear"}, {"loss", "mse"}, {"num_params", a.num_params()},
                            {"summary", a.describe()}}},
          {"scaler", {{"feature_mean", scaler.mean}, {"feature_std", scaler.scale},
                      {"label_mean", scaler.label_mean}, {"label_std", scaler.label_scale}}},
          {"layers", layers},
          {"weights_checksum", params_checksum(p)},
          {"training", json(training)}};
}

namespace {
Mlp read_network(const nlohmann::json& j, const std::string& source) {
  Architecture a;
  const auto& ja = j.at("architecture");
  a.inputs = ja.at("inputs").get<std::size_t>();
  a.hidden = ja.at("hidden").get<std::vector<std::size_t>>();
  a.activation = parse_activation(ja.at("activation").get<std::string>());
  Mlp net(a);
  const auto& layers = j.at("layers");
  if (!layers.is_array() || layers.size() != a.num_layers())
    throw InputError(source, 0, "corrupt model: " + std::to_string(layers.size()) + " layers for architecture " + a.describe());
  auto& p = net.params();
  for (std::size_t l = 0; l < a.num_layers(); ++l) {
    const std::size_t in = a.fan_in(l), out = a.fan_out(l);
    const auto w = layers[l].at("weights").get<std::vector<std::vector<double>>>();
    const auto b = layers[l].at("biases").get<std::vector<double>>();
    if (w.size() != out || b.size() != out)
      throw InputError(source, 0, fmt::format("corrupt model: layer {} should have {} units", l + 1, out));
    for (std::size_t i = 0; i < out; ++i) {
      if (w[i].size() != in)
        throw InputError(source, 0, fmt::format("corrupt model: layer {} unit {} should have {} weights", l + 1, i + 1, in));
      for (std::size_t jj = 0; jj < in; ++jj) p[net.weight_offset(l) + jj * out + i] = w[i][jj];
      p[net.bias_offset(l) + i] = b[i];
    }
  }
  for (double v : p)
    if (!std::isfinite(v)) throw InputError(source, 0, "corrupt model: a weight is not finite");
  const auto sum = j.at("weights_checksum").get<std::string>();
  if (sum != params_checksum(p))
    throw InputError(source, 0, "corrupt model: weights do not match their checksum " + sum);
  return net;
}
}  // namespace

Model Model::from_json(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
    throw InputError(source, 0, std::string("not a glassml model (no \"format\": \"") + kFormat + "\")");
  if (!j.contains("format_version") || !j["format_version"].is_number_integer())
    throw InputError(source, 0, "corrupt model: no integer format_version");
  const int version = j["format_version"].get<int>();
  if (version > kFormatVersion)
    throw InputError(source, 0, fmt::format("model format version {} is newer than this glassml reads ({}): update glassml",
                                            version, kFormatVersion));
  if (version < 1) throw InputError(source, 0, fmt::format("corrupt model: format version {}", version));
  Model m;
  try {
    m.net = read_network(j, source);
    const auto& s = j.at("scaler");
    m.scaler.mean = s.at("feature_mean").get<std::vector<double>>();
    m.scaler.scale = s.at("feature_std").get<std::vector<double>>();
    m.scaler.label_mean = s.at("label_mean").get<double>();
    m.scaler.label_scale = s.at("label_std").get<double>();
    m.scaler.validate();
    if (m.scaler.num_features() != m.net.architecture().inputs)
      throw InputError(source, 0, "corrupt model: scaler and network have different input counts");
    m.descriptor = j.at("descriptor");
    m.species = j.at("species").get<std::vector<std::string>>();
    m.feature_names = j.at("features").get<std::vector<std::string>>();
    if (m.feature_names.size() != m.net.architecture().inputs)
      throw InputError(source, 0, "corrupt model: feature names and network inputs differ in number");
    m.extra_features = j.value("extra_features", std::vector<std::string>{});
    if (m.extra_features.size() > m.feature_names.size() ||
        !std::equal(m.extra_features.rbegin(), m.extra_features.rend(), m.feature_names.rbegin()))
      throw InputError(source, 0, "corrupt model: extra_features are not the last feature names");
    m.label = j.at("label").at("name").get<std::string>();
    m.label_unit = j.at("label").at("unit").get<std::string>();
    m.training = j.value("training", nlohmann::json::object());
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, 0, std::string("corrupt model: ") + e.what());
  } catch (const ParameterError& e) {
    throw InputError(source, 0, std::string("corrupt model: ") + e.what());
  }
  return m;
}

void Model::save(const std::string& path) const { io::write_file_atomic(path, to_json().dump(1) + "\n"); }

Model Model::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open model file");
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(path, 0, std::string("corrupt model (not valid JSON): ") + e.what());
  }
  return from_json(j, path);
}

}  // namespace glassml::ml
