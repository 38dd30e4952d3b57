// The perceptron's prediction kernel (register-tiled, 16 atoms per tile) against plain loops
// written from the definition, for several architectures, every activation and row counts that
// cross tiles and parallel blocks; each row's result independent of its batch and of the thread
// count; standardization on the fly equal to standardizing first.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "io/structure_file.hpp"
#include "ml/dataset.hpp"
#include "ml/mlp.hpp"
#include "ml/mlp_pipeline.hpp"
#include "ml/random.hpp"

namespace glassml::ml {
namespace {

/// f(x) from the definition: h_l = act(W_l h_{l-1} + b_l), output linear; W_l(i, j) column-major.
double plain_forward(const Mlp& net, const double* x) {
  const Architecture& a = net.architecture();
  std::vector<double> in(x, x + a.inputs);
  for (std::size_t l = 0; l < a.num_layers(); ++l) {
    const std::size_t fi = a.fan_in(l), fo = a.fan_out(l);
    const double* W = net.params().data() + net.weight_offset(l);
    const double* b = net.params().data() + net.bias_offset(l);
    std::vector<double> out(fo);
    for (std::size_t i = 0; i < fo; ++i) {
      double z = b[i];
      for (std::size_t j = 0; j < fi; ++j) z += W[j * fo + i] * in[j];
      if (l + 1 < a.num_layers()) {
        switch (a.activation) {
          case Activation::ReLU: z = z > 0 ? z : 0; break;
          case Activation::Sigmoid: z = 1 / (1 + std::exp(-z)); break;
          case Activation::Tanh: z = std::tanh(z); break;
        }
      }
      out[i] = z;
    }
    in = out;
  }
  return in[0];
}

Mlp random_net(const Architecture& a, std::uint64_t seed) {
  Mlp net(a);
  net.init_glorot(seed);
  Random rng(seed + 1);
  for (std::size_t l = 0; l < a.num_layers(); ++l)
    for (std::size_t i = 0; i < a.fan_out(l); ++i) net.params()[net.bias_offset(l) + i] = rng.uniform(-0.3, 0.3);
  return net;
}

std::vector<double> random_inputs(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  Random rng(seed);
  std::vector<double> x(rows * cols);
  for (auto& v : x) v = rng.uniform(-2.0, 2.0);
  return x;
}

TEST(MlpPredict, EqualsPlainLoopsForEveryShapeAndActivation) {
  const std::vector<Architecture> archs = {{40, {200}, Activation::ReLU},   {7, {13, 5}, Activation::Sigmoid},
                                           {3, {9, 17, 2}, Activation::Tanh}, {5, {}, Activation::ReLU},
                                           {11, {8}, Activation::ReLU},      {2, {3}, Activation::Tanh}};
  for (const auto& a : archs) {
    const Mlp net = random_net(a, 3);
    for (std::size_t rows : {1, 15, 16, 37, 1100, 2100}) {
      const auto x = random_inputs(rows, a.inputs, rows);
      std::vector<double> y(rows);
      net.predict(x.data(), rows, y.data());
      for (std::size_t r = 0; r < rows; ++r) {
        const double want = plain_forward(net, x.data() + r * a.inputs);
        ASSERT_NEAR(y[r], want, 1e-12 * (1 + std::abs(want))) << a.describe() << " rows " << rows << " row " << r;
      }
    }
  }
}

TEST(MlpPredict, EachRowDependsOnItselfOnlyNotOnBatchOrThreads) {
  const Mlp net = random_net({40, {200}, Activation::ReLU}, 8);
  const std::size_t rows = 3000;  // several parallel blocks of 1,024 rows
  const auto x = random_inputs(rows, 40, 1);
  std::vector<std::vector<double>> y;
  for (int threads : {1, 2, 3}) {
    set_num_threads(threads);
    y.emplace_back(rows);
    net.predict(x.data(), rows, y.back().data());
  }
  set_num_threads(0);
  EXPECT_EQ(y[0], y[1]);  // bit for bit
  EXPECT_EQ(y[0], y[2]);
  for (std::size_t r : {0, 5, 16, 1023, 1024, 2999}) {
    double alone = 0;
    net.predict(x.data() + r * 40, 1, &alone);
    EXPECT_EQ(alone, y[0][r]) << "row " << r;
  }
}

TEST(MlpPredict, StandardizingOnTheFlyEqualsStandardizingFirst) {
  const Mlp net = random_net({6, {10}, Activation::ReLU}, 4);
  const std::size_t rows = 50;
  const auto raw = random_inputs(rows, 6, 2);
  const std::vector<double> mean = {0.1, -0.2, 0.3, 0.0, 1.5, -1.0}, scale = {0.5, 2.0, 1.0, 3.0, 0.7, 1.1};
  std::vector<double> standardized(raw.size());
  for (std::size_t k = 0; k < raw.size(); ++k) standardized[k] = (raw[k] - mean[k % 6]) / scale[k % 6];
  std::vector<double> a(rows), b(rows);
  net.predict(standardized.data(), rows, a.data());
  net.predict(raw.data(), rows, b.data(), {mean.data(), scale.data()});
  EXPECT_EQ(a, b);  // bit for bit
}

TEST(MlpPipeline, EqualsModelPredictOnFeaturesBitForBit) {
  // A model as `glassml train` writes it (40-200-1 ReLU, scaler, label scale), weights random.
  Model model;
  model.net = random_net({40, {200}, Activation::ReLU}, 6);
  model.descriptor = structure::RdfSettings{}.to_json();
  model.species = {"Cu", "Zr"};
  Random rng(7);
  for (int k = 0; k < 40; ++k) {
    model.scaler.mean.push_back(rng.uniform(0.0, 2.0));
    model.scaler.scale.push_back(rng.uniform(0.2, 1.5));
  }
  model.scaler.label_mean = 3.1;
  model.scaler.label_scale = 0.7;
  const std::string path = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/s4.dump";
  const Configuration c = io::read_structure(path);
  const auto raw = configuration_features(c, path, structure::RdfSettings{}, model.species);
  const auto want = model.predict(raw);
  EXPECT_EQ(predict_from_features(model, raw), want);  // bit for bit
  EXPECT_EQ(predict_configuration(model, c, path), want);
  model.species = {"Cu"};
  EXPECT_THROW(predict_configuration(model, c, path), ParameterError);  // Zr unknown to the model
}

}  // namespace
}  // namespace glassml::ml
