#include "md/stiffness_labels.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/constants.hpp"
#include "io/number_format.hpp"

namespace glassml::md {
namespace {

/// K_i over temperatures from the replica range [r0, r1).
std::vector<double> k_from_replicas(const std::vector<double>& temperatures, int replicas,
                                    const std::vector<std::vector<double>>& msd_by_task, int r0, int r1,
                                    std::vector<std::vector<double>>* msd_out) {
  const std::size_t n = msd_by_task.front().size();
  std::vector<double> k(n, 0.0);
  for (std::size_t t = 0; t < temperatures.size(); ++t) {
    std::vector<double> mean(n, 0.0);
    for (int r = r0; r < r1; ++r)
      for (std::size_t i = 0; i < n; ++i) mean[i] += msd_by_task[t * replicas + r][i] / (r1 - r0);
    for (std::size_t i = 0; i < n; ++i)
      k[i] += constants::kBoltzmann * temperatures[t] / mean[i] / static_cast<double>(temperatures.size());
    if (msd_out) msd_out->push_back(std::move(mean));
  }
  return k;
}

}  // namespace

std::optional<double> pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size();
  if (n < 2 || b.size() != n) return std::nullopt;
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < n; ++i) ma += a[i], mb += b[i];
  ma /= n, mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  if (saa <= 0 || sbb <= 0) return std::nullopt;
  return sab / std::sqrt(saa * sbb);
}

StiffnessLabels stiffness_labels(const std::vector<double>& temperatures, int replicas,
                                 const std::vector<std::vector<double>>& msd_by_task, const std::vector<int>& types) {
  if (temperatures.empty() || replicas < 1 || msd_by_task.size() != temperatures.size() * replicas)
    throw std::invalid_argument("stiffness_labels: need one MSD vector per temperature and replica");
  for (const auto& m : msd_by_task)
    if (m.size() != types.size()) throw std::invalid_argument("stiffness_labels: MSD vectors differ in length");
  StiffnessLabels out;
  out.temperatures = temperatures;
  out.k = k_from_replicas(temperatures, replicas, msd_by_task, 0, replicas, &out.msd);
  if (replicas >= 2) {
    auto ka = k_from_replicas(temperatures, replicas, msd_by_task, 0, replicas / 2, nullptr);
    auto kb = k_from_replicas(temperatures, replicas, msd_by_task, replicas / 2, replicas, nullptr);
    out.split_half_r = pearson(ka, kb);
    if (out.split_half_r) out.spearman_brown = 2 * *out.split_half_r / (1 + *out.split_half_r);
    int ntypes = 0;
    for (int t : types) ntypes = std::max(ntypes, t);
    for (int t = 1; t <= ntypes; ++t) {
      std::vector<double> a, b;
      for (std::size_t i = 0; i < types.size(); ++i)
        if (types[i] == t) a.push_back(ka[i]), b.push_back(kb[i]);
      out.split_half_r_by_type.push_back(pearson(a, b));
    }
  }
  return out;
}

std::string msd_column_name(double temperature) { return "msd_" + io::format_double(temperature); }

}  // namespace glassml::md
