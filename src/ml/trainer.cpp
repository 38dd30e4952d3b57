#include "ml/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "ml/optimizer.hpp"
#include "ml/random.hpp"

namespace glassml::ml {

void TrainOptions::validate() const {
  if (max_epochs == 0) throw ParameterError("training: epochs must be positive");
  if (batch_size == 0) throw ParameterError("training: batch size must be positive");
  if (!(learning_rate > 0) || !std::isfinite(learning_rate))
    throw ParameterError("training: learning rate must be positive");
  if (!(l2 >= 0) || !std::isfinite(l2)) throw ParameterError("training: l2 must be >= 0");
  if (!(min_improvement >= 0)) throw ParameterError("training: min improvement must be >= 0");
}

nlohmann::json TrainOptions::to_json() const {
  return {{"optimizer", "adam"}, {"max_epochs", max_epochs}, {"batch_size", batch_size},
          {"learning_rate", learning_rate}, {"l2", l2}, {"patience", patience},
          {"min_improvement", min_improvement}, {"seed", seed}};
}

TrainOptions TrainOptions::from_json(const nlohmann::json& j) {
  TrainOptions o;
  o.max_epochs = j.at("max_epochs").get<std::size_t>();
  o.batch_size = j.at("batch_size").get<std::size_t>();
  o.learning_rate = j.at("learning_rate").get<double>();
  o.l2 = j.at("l2").get<double>();
  o.patience = j.at("patience").get<std::size_t>();
  o.min_improvement = j.at("min_improvement").get<double>();
  o.seed = j.at("seed").get<std::uint64_t>();
  return o;
}

nlohmann::json TrainHistory::to_json() const {
  return {{"epochs", train_loss.size()}, {"best_epoch", best_epoch}, {"stopped_early", stopped_early},
          {"train_loss", train_loss}, {"validation_loss", val_loss}};
}

double mean_squared_error(const Mlp& net, const Matrix& data) {
  if (data.rows() == 0) return 0.0;
  std::vector<double> pred(data.rows());
  net.predict(data.x.data(), data.rows(), pred.data());
  double s = 0.0;
  for (std::size_t i = 0; i < pred.size(); ++i) s += (pred[i] - data.y[i]) * (pred[i] - data.y[i]);
  return s / static_cast<double>(pred.size());
}

namespace {
void check_matrix(const Matrix& m, std::size_t inputs, const char* what) {
  if (m.x.size() != m.rows() * inputs)
    throw ParameterError(std::string("training: ") + what + " set has " + std::to_string(m.x.size()) +
                         " feature values for " + std::to_string(m.rows()) + " samples of " +
                         std::to_string(inputs) + " inputs");
}
}  // namespace

TrainHistory train_mlp(Mlp& net, const Matrix& train, const Matrix& validation, const TrainOptions& options) {
  options.validate();
  const std::size_t F = net.architecture().inputs, n = train.rows();
  check_matrix(train, F, "training");
  check_matrix(validation, F, "validation");
  if (n == 0) throw ParameterError("training: no training samples");

  Adam adam({options.learning_rate, 0.9, 0.999, 1e-8, options.l2}, net.weight_mask());
  Random rng(options.seed ^ 0x5eed5eed5eed5eedULL);  // batch order; distinct from the init stream
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  const std::size_t B = std::min(options.batch_size, n);
  std::vector<double> xb(B * F), yb(B), grad;
  GradientWorkspace ws;

  TrainHistory h;
  const bool has_val = validation.rows() > 0;
  double best = INFINITY;
  std::vector<double> best_params = net.params();
  std::size_t since_best = 0;
  Progress progress(options.progress_label, options.max_epochs);
  for (std::size_t epoch = 1; epoch <= options.max_epochs; ++epoch) {
    rng.shuffle(order);
    double loss_sum = 0.0;
    for (std::size_t start = 0; start < n; start += B) {
      const std::size_t m = std::min(B, n - start);
      for (std::size_t k = 0; k < m; ++k) {
        const std::size_t i = order[start + k];
        std::copy_n(train.x.data() + i * F, F, xb.data() + k * F);
        yb[k] = train.y[i];
      }
      loss_sum += net.loss_and_gradient(xb.data(), yb.data(), m, grad, ws) * static_cast<double>(m);
      adam.step(net.params(), grad);
    }
    const double train_loss = loss_sum / static_cast<double>(n);
    if (!std::isfinite(train_loss))
      throw ParameterError("training diverged (loss is not finite at epoch " + std::to_string(epoch) +
                           "): lower the learning rate");
    h.train_loss.push_back(train_loss);
    const double monitored = has_val ? mean_squared_error(net, validation) : train_loss;
    if (has_val) h.val_loss.push_back(monitored);
    if (monitored < best * (1.0 - options.min_improvement) || epoch == 1) {
      best = monitored;
      best_params = net.params();
      h.best_epoch = epoch;
      since_best = 0;
    } else if (has_val && ++since_best >= options.patience) {
      h.stopped_early = true;
      break;
    }
    if (options.progress) progress.update(epoch);
  }
  if (options.progress) progress.finish();
  if (has_val) net.params() = best_params;
  else h.best_epoch = h.train_loss.size();  // without validation the last weights are kept
  return h;
}

}  // namespace glassml::ml
