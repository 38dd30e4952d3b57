// Neural-network benchmark (issue 5), run by bench/mlp/run.sh:
//   bench_mlp train OUTDIR THREADS EPOCHS  one training epoch of 40-200-1 ReLU (Adam, batch 256) on
//                                         180,000 atoms: the RDF features of the reference samples
//                                         s1-s9 replicated 10 times (the paper's training-set size);
//                                         writes the standardized data as OUTDIR/X.npy, Y.npy for the
//                                         PyTorch peer, and the best epoch time to OUTDIR/glassml_T.txt
//   bench_mlp predict                     prediction including feature computation, one thread, on
//                                         s1-s10 (20,000 atoms), best of 5: atoms per second
#include <algorithm>
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
  double best = 1e300, best_cpu = 1e300;
  for (int e = 0; e <= epochs; ++e) {  // epoch 0 warms up
    o.seed = static_cast<std::uint64_t>(e + 1);
    Clock c;
    const auto h = ml::train_mlp(net, m, {}, o);
    const double w = c.wall_s(), cpu = c.cpu_s();
    fmt::print("glassml threads {} epoch {} wall {:.4f} s cpu {:.4f} s loss {:.6f}{}\n", threads, e, w, cpu,
               h.train_loss.back(), e == 0 ? " (warm-up)" : "");
    if (e > 0) {
      best = std::min(best, w);
      best_cpu = std::min(best_cpu, cpu);
    }
  }
  io::write_file_atomic(outdir + "/glassml_" + std::to_string(threads) + ".txt", fmt::format("{} {}\n", best, best_cpu));
  return 0;
}

int predict() {
  set_num_threads(1);
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
  double best_all = 1e300, best_cpu = 1e300, best_feat = 1e300, best_net = 1e300;
  double checksum = 0;
  for (int rep = 0; rep < 5; ++rep) {
    double feat = 0, net = 0;
    Clock all;
    for (const auto& c : configs) {
      Clock f;
      const auto x = ml::configuration_features(c, "", settings, model.species);
      feat += f.wall_s();
      Clock n;
      const auto y = model.predict(x);
      net += n.wall_s();
      checksum += y[0];
    }
    best_all = std::min(best_all, all.wall_s());
    best_cpu = std::min(best_cpu, all.cpu_s());
    best_feat = std::min(best_feat, feat);
    best_net = std::min(best_net, net);
  }
  fmt::print("glassml predict, 1 thread, {} atoms (s1-s10): features + network {:.4f} s wall = {:.3g} atoms/s "
             "({:.3g} atoms/s by CPU time; wall: features {:.3g} atoms/s, network incl. scaling {:.3g} atoms/s) "
             "[checksum {:.6g}]\n",
             atoms, best_all, atoms / best_all, atoms / best_cpu, atoms / best_feat, atoms / best_net, checksum);
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
