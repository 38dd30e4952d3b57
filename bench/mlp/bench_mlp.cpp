// Neural-network benchmark (issue 5), run by bench/mlp/run.sh:
//   bench_mlp train OUTDIR THREADS EPOCHS  one training epoch of 40-200-1 ReLU (Adam, batch 256) on
//                                         180,000 atoms: the RDF features of the reference samples
//                                         s1-s9 replicated 10 times (the paper's training-set size);
//                                         writes the standardized data as OUTDIR/X.npy, Y.npy for the
//                                         PyTorch peer, and the best epoch time to OUTDIR/glassml_T.txt
//   bench_mlp predict                     prediction including feature computation on s1-s10 (20,000
//                                         atoms), 1 and 2 threads, best of 15: atoms per second
#include "../common/thread_cpu.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/parallel.hpp"
#include "io/atomic_file.hpp"
#include "io/npy.hpp"
#include "io/structure_file.hpp"
#include "ml/dataset.hpp"
#include "ml/fit.hpp"
#include "ml/mlp_pipeline.hpp"
#include "ml/trainer.hpp"

namespace {
using namespace glassml;
const std::string kData = std::string(GLASSML_SHARED_DATA) + "/cuzr2000-q1e13/";

struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  double wall_s() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(); }
  double cpu_s() const { return double(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

std::vector<std::string> samples(int first, int last) {
  std::vector<std::string> p;
  for (int s = first; s <= last; ++s) p.push_back(kData + "s" + std::to_string(s) + ".dump");
  return p;
}

int train(const std::string& outdir, int threads, int epochs) {
  set_num_threads(threads);
  const ml::Dataset d = ml::load_dataset(samples(1, 9), ml::DatasetOptions{});
  const ml::Scaler sc = ml::Scaler::fit(d.data.x, d.data.cols, d.data.y);
  ml::Matrix m;
  m.cols = d.data.cols;
  for (int r = 0; r < 10; ++r) {  // 18,000 atoms x 10 = 180,000
    m.x.insert(m.x.end(), d.data.x.begin(), d.data.x.end());
    m.y.insert(m.y.end(), d.data.y.begin(), d.data.y.end());
  }
  sc.transform_in_place(m.x);
  m.y = sc.transform_labels(m.y);
  io::write_npy(outdir + "/X.npy", m.x.data(), m.rows(), m.cols);
  io::write_npy(outdir + "/Y.npy", m.y.data(), m.rows(), 1);
  ml::Mlp net({m.cols, {200}, ml::Activation::ReLU});
  net.init_glorot(1);
  ml::TrainOptions o;
  o.max_epochs = 1;
  o.batch_size = 256;
  double best = 1e300, best_cpu = 1e300, best_busiest = 1e300;
  for (int e = 0; e <= epochs; ++e) {  // epoch 0 warms up
    o.seed = static_cast<std::uint64_t>(e + 1);
    Clock c;
    ml::TrainHistory h;
    // CPU time of each pool thread (bench/common/thread_cpu.hpp): the busier one is the wall time
    // on free cores, a speedup estimate that waiting for a core on a shared machine cannot spoil.
    const auto per_thread = bench::per_thread_cpu_ms(threads, [&] { h = ml::train_mlp(net, m, {}, o); });
    const double w = c.wall_s(), cpu = c.cpu_s();
    const double busiest = 1e-3 * *std::max_element(per_thread.begin(), per_thread.end());
    fmt::print("glassml threads {} epoch {} wall {:.4f} s cpu {:.4f} s busiest thread cpu {:.4f} s loss {:.6f}{}\n", threads, e,
               w, cpu, busiest, h.train_loss.back(), e == 0 ? " (warm-up)" : "");
    if (e > 0) {
      best = std::min(best, w);
      best_cpu = std::min(best_cpu, cpu);
      best_busiest = std::min(best_busiest, busiest);
    }
  }
  io::write_file_atomic(outdir + "/glassml_" + std::to_string(threads) + ".txt",
                        fmt::format("{} {} {}\n", best, best_cpu, best_busiest));
  return 0;
}

/// Prediction including features (issue 5) on s1-s10 with a 40-200-1 ReLU model: the one-pass
/// path of `glassml predict` (ml::predict_configuration) on 1 thread (CPU time) and 2 threads
/// (wall, and the busier thread's CPU time = wall on two free cores), its parts, and the path
/// before it (features, then Model::predict with its standardized copy).
int predict() {
  const ml::Dataset train = ml::load_dataset(samples(1, 2), ml::DatasetOptions{});
  ml::FitOptions fo;
  fo.train.max_epochs = 1;
  const ml::Model model = ml::fit_model(train, fo, structure::RdfSettings{}.to_json()).model;
  const auto settings = structure::RdfSettings{};
  std::vector<Configuration> configs;
  std::size_t atoms = 0;
  for (const auto& p : samples(1, 10)) {
    configs.push_back(io::read_structure(p));
    atoms += configs.back().size();
  }
  std::vector<std::vector<double>> features;
  for (const auto& c : configs) features.push_back(ml::configuration_features(c, "", settings, model.species));
  double checksum = 0;
  // Best CPU time (ms) of `reps` runs of work() over all structures.
  auto best_cpu = [&](int threads, auto&& work) {
    set_num_threads(threads);
    double best = 1e300, best_wall = 1e300, busiest = 1e300;
    for (int rep = 0; rep < 15; ++rep) {
      const double c0 = bench::process_cpu_ms();
      Clock wall;
      if (threads == 1) {
        for (std::size_t k = 0; k < configs.size(); ++k) work(k);
      } else {
        const auto t = bench::per_thread_cpu_ms(threads, [&] {
          for (std::size_t k = 0; k < configs.size(); ++k) work(k);
        });
        busiest = std::min(busiest, *std::max_element(t.begin(), t.end()));
      }
      best_wall = std::min(best_wall, 1e3 * wall.wall_s());
      best = std::min(best, bench::process_cpu_ms() - c0);
    }
    set_num_threads(0);
    return std::array<double, 3>{best, best_wall, busiest};
  };
  auto one_pass = [&](std::size_t k) { checksum += ml::predict_configuration(model, configs[k], "")[0]; };
  auto before = [&](std::size_t k) {
    checksum += model.predict(ml::configuration_features(configs[k], "", settings, model.species))[0];
  };
  auto feat = [&](std::size_t k) { checksum += ml::configuration_features(configs[k], "", settings, model.species)[0]; };
  auto net = [&](std::size_t k) { checksum += ml::predict_from_features(model, features[k])[0]; };
  const auto p1 = best_cpu(1, one_pass), p2 = best_cpu(2, one_pass);
  const auto b1 = best_cpu(1, before), f1 = best_cpu(1, feat), n1 = best_cpu(1, net);
  auto rate = [&](double ms) { return double(atoms) / (1e-3 * ms); };
  fmt::print("predict incl. features, {} atoms (s1-s10, 2,000 each), model {}:\n", atoms, model.net.architecture().describe());
  fmt::print("  1 thread : {:.2f} ms CPU = {:.3g} atoms/s (wall best {:.2f} ms = {:.3g} atoms/s)\n", p1[0], rate(p1[0]), p1[1],
             rate(p1[1]));
  fmt::print("  2 threads: wall best {:.2f} ms = {:.3g} atoms/s; busier thread {:.2f} ms CPU = {:.3g} atoms/s on two free "
             "cores, speedup {:.2f}x over 1 thread's CPU time\n",
             p2[1], rate(p2[1]), p2[2], rate(p2[2]), p1[0] / p2[2]);
  fmt::print("  parts (1 thread, CPU): features {:.3g} atoms/s, network incl. standardization {:.3g} atoms/s\n", rate(f1[0]),
             rate(n1[0]));
  fmt::print("  before (features, then Model::predict with its standardized copy): {:.3g} atoms/s  [checksum {:.6g}]\n",
             rate(b1[0]), checksum);
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "train" && argc >= 4) return train(argv[2], std::stoi(argv[3]), argc > 4 ? std::stoi(argv[4]) : 3);
    if (mode == "predict") return predict();
    std::fprintf(stderr, "usage: bench_mlp train OUTDIR THREADS [EPOCHS] | bench_mlp predict\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_mlp: error: %s\n", e.what());
  }
  return 1;
}
