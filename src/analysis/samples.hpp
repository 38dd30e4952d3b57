#pragma once
// The inputs of a report: samples with per-atom predictions (frames of `glassml predict` dumps:
// id type element x y z K K_pre) and, joined by atom id, the results of `glassml activate`
// (dQ_mean_eV dQ_std_eV n_events eta_Pa_s). See docs of `glassml report` in README.md.
#include <string>
#include <vector>

#include "core/configuration.hpp"

namespace glassml::analysis {

/// One sample (one dump frame) with its label K_real and prediction K_pre, in atom-id order.
struct PredictedSample {
  std::string name;  ///< file name, plus "#frame" when the file holds several frames
  Configuration config;
  std::vector<double> k_real, k_pre;  ///< eV/Å²
  std::vector<std::string> species;   ///< element of each atom ("type<t>" when unnamed)
};

/// Every frame of a prediction dump. `label` names the truth column ("K"), its prediction is
/// label + "_pre". A missing column or non-finite value -> InputError naming the file; without
/// `require_label` a missing truth column gives k_real = nan instead.
std::vector<PredictedSample> load_predictions(const std::string& path, const std::string& label = "K", bool require_label = true);

/// Activation results of one sample joined with its predictions (SPEC §7).
struct ActivatedSample {
  PredictedSample prediction;
  std::vector<double> dq_mean_ev, dq_std_ev, eta_pa_s;  ///< nan where the atom was not searched
  std::vector<int> n_events;
};

/// Reads PRED (first frame; the truth column may be absent) and ACT (the activate dump) and joins
/// them by atom id: both must hold the same ids, else ParameterError "--activation: ...". `spec`
/// is "PRED=ACT".
ActivatedSample load_activation(const std::string& spec, const std::string& label = "K");

/// Pools the atoms of several samples: species and values concatenated in sample order.
struct Pool {
  std::vector<double> k_real, k_pre;
  std::vector<std::string> species, sample;
  std::vector<long long> id;
};
Pool pool(const std::vector<PredictedSample>& samples);

/// Species of a pool in a stable order: the order of first appearance.
std::vector<std::string> species_order(const std::vector<std::string>& species);
/// Index of each atom's species in `names`.
std::vector<int> species_index(const std::vector<std::string>& species, const std::vector<std::string>& names);

}  // namespace glassml::analysis
