// The perceptron: back-propagated gradients against central finite differences (every
// activation), learning a known smooth function, determinism for a seed and thread count.
#include <gtest/gtest.h>

#include <cmath>

#include "core/parallel.hpp"
#include "ml/mlp.hpp"
#include "ml/random.hpp"
#include "ml/trainer.hpp"

namespace glassml::ml {
namespace {

Matrix random_data(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  Random rng(seed);
  Matrix m;
  m.cols = cols;
  m.x.resize(rows * cols);
  m.y.resize(rows);
  for (auto& v : m.x) v = rng.uniform(-1.5, 1.5);
  for (auto& v : m.y) v = rng.uniform(-1.0, 1.0);
  return m;
}

class GradientTest : public ::testing::TestWithParam<Activation> {};

// Oracle: dL/dp_k ~ (L(p + h e_k) - L(p - h e_k)) / 2h, error O(h²). 150 rows cross the
// 64-row work blocks, so the block reduction is checked too.
TEST_P(GradientTest, EqualsCentralFiniteDifferences) {
  Mlp net({5, {7, 4}, GetParam()});
  net.init_glorot(11);
  for (std::size_t l = 0; l < 3; ++l)  // nonzero biases, so their gradients are exercised
    for (std::size_t i = 0; i < net.architecture().fan_out(l); ++i) net.params()[net.bias_offset(l) + i] = 0.1 * double(i) - 0.23;  // none exactly 0 (a ReLU kink)
  const Matrix d = random_data(150, 5, 3);
  std::vector<double> grad, dummy;
  net.loss_and_gradient(d.x.data(), d.y.data(), d.rows(), grad);
  const double h = 1e-6;
  double worst = 0.0;
  for (std::size_t k = 0; k < net.num_params(); ++k) {
    Mlp plus = net, minus = net;
    plus.params()[k] += h;
    minus.params()[k] -= h;
    const double fd = (plus.loss_and_gradient(d.x.data(), d.y.data(), d.rows(), dummy) -
                       minus.loss_and_gradient(d.x.data(), d.y.data(), d.rows(), dummy)) / (2 * h);
    worst = std::max(worst, std::abs(fd - grad[k]) / std::max(1e-3, std::abs(fd)));
  }
  EXPECT_LT(worst, 1e-6) << activation_name(GetParam());
}
INSTANTIATE_TEST_SUITE_P(AllActivations, GradientTest,
                         ::testing::Values(Activation::ReLU, Activation::Sigmoid, Activation::Tanh));

TEST(Mlp, LossIsMeanSquaredErrorOfPredict) {
  Mlp net({3, {6}, Activation::Tanh});
  net.init_glorot(2);
  const Matrix d = random_data(100, 3, 9);
  const auto pred = net.predict(d.x);
  double mse = 0.0;
  for (std::size_t i = 0; i < pred.size(); ++i) mse += (pred[i] - d.y[i]) * (pred[i] - d.y[i]) / 100.0;
  std::vector<double> grad;
  EXPECT_NEAR(net.loss_and_gradient(d.x.data(), d.y.data(), d.rows(), grad), mse, 1e-14);
}

TEST(Mlp, LinearNetworkIsAnAffineMap) {
  // No hidden layer: f(x) = w.x + b exactly.
  Mlp net({2, {}, Activation::ReLU});
  net.params() = {2.0, -3.0, 0.5};
  EXPECT_DOUBLE_EQ(net.predict(std::vector<double>{1.0, 2.0})[0], 2.0 - 6.0 + 0.5);
}

TEST(Mlp, GlorotInitializationHasTheStatedRange) {
  Mlp net({40, {200}, Activation::ReLU});
  net.init_glorot(5);
  const double a = std::sqrt(6.0 / 240.0);
  double max_abs = 0.0, sum2 = 0.0;
  for (std::size_t k = 0; k < 8000; ++k) {
    max_abs = std::max(max_abs, std::abs(net.params()[k]));
    sum2 += net.params()[k] * net.params()[k];
  }
  EXPECT_LE(max_abs, a);
  EXPECT_GT(max_abs, 0.99 * a);
  EXPECT_NEAR(sum2 / 8000.0, a * a / 3.0, 0.05 * a * a / 3.0);  // variance of U(-a, a) = a²/3
  for (std::size_t k = 0; k < 200; ++k) EXPECT_EQ(net.params()[net.bias_offset(0) + k], 0.0);
}

// f(x) = sin(2 x1) + x2² - x1 x3 on [-1, 1]³ (range about [-2, 2], std 0.9): a 3-32-32-1 tanh
// network trained on 2,000 points must reach RMSE < 0.05 on 1,000 fresh points.
double smooth_function(const double* x) { return std::sin(2 * x[0]) + x[1] * x[1] - x[0] * x[2]; }

Matrix smooth_data(std::size_t rows, std::uint64_t seed) {
  Random rng(seed);
  Matrix m;
  m.cols = 3;
  m.x.resize(rows * 3);
  m.y.resize(rows);
  for (auto& v : m.x) v = rng.uniform(-1.0, 1.0);
  for (std::size_t i = 0; i < rows; ++i) m.y[i] = smooth_function(&m.x[3 * i]);
  return m;
}

TEST(Mlp, LearnsASmoothFunction) {
  const Matrix train = smooth_data(2000, 1), test = smooth_data(1000, 2);
  Mlp net({3, {32, 32}, Activation::Tanh});
  net.init_glorot(3);
  TrainOptions o;
  o.max_epochs = 300;
  o.batch_size = 32;
  o.learning_rate = 3e-3;
  train_mlp(net, train, {}, o);
  const double rmse = std::sqrt(mean_squared_error(net, test));
  EXPECT_LT(rmse, 0.05);
}

TEST(Mlp, EarlyStoppingKeepsTheBestValidationEpoch) {
  const Matrix train = smooth_data(300, 4), val = smooth_data(300, 5);
  Mlp net({3, {16}, Activation::ReLU});
  net.init_glorot(1);
  TrainOptions o;
  o.max_epochs = 400;
  o.patience = 5;
  o.batch_size = 16;
  const auto h = train_mlp(net, train, val, o);
  ASSERT_EQ(h.val_loss.size(), h.train_loss.size());
  ASSERT_GE(h.best_epoch, 1u);
  EXPECT_DOUBLE_EQ(mean_squared_error(net, val), h.val_loss[h.best_epoch - 1]);
  for (double v : h.val_loss) EXPECT_GE(v, h.val_loss[h.best_epoch - 1] * (1 - 1e-4) - 1e-15);
  if (h.stopped_early) {
    EXPECT_EQ(h.train_loss.size(), h.best_epoch + o.patience);
  }
}

Mlp train_small(std::uint64_t seed, int threads) {
  set_num_threads(threads);
  const Matrix train = smooth_data(500, 7);
  // Large enough (200 rows x 10,901 parameters per batch) for the blocks to run in parallel.
  Mlp net({3, {200, 50}, Activation::Sigmoid});
  net.init_glorot(seed);
  TrainOptions o;
  o.max_epochs = 3;
  o.batch_size = 200;  // several 64-row blocks per batch
  o.seed = seed;
  train_mlp(net, train, {}, o);
  set_num_threads(0);
  return net;
}

TEST(Mlp, SameSeedAndThreadsGiveTheSameModel) {
  const Mlp a = train_small(42, 2), b = train_small(42, 2), c = train_small(43, 2);
  EXPECT_EQ(a.params(), b.params());  // bit for bit
  EXPECT_NE(a.params(), c.params());
}

TEST(Mlp, ThreadCountDoesNotChangeTheModel) {
  // Fixed work blocks summed in a fixed order: stronger than required (same count only).
  EXPECT_EQ(train_small(42, 1).params(), train_small(42, 2).params());
}

TEST(Activation, NamesRoundTripAndUnknownIsRefused) {
  for (auto a : {Activation::ReLU, Activation::Sigmoid, Activation::Tanh})
    EXPECT_EQ(parse_activation(activation_name(a)), a);
  EXPECT_THROW(parse_activation("softplus"), std::invalid_argument);
}

}  // namespace
}  // namespace glassml::ml
