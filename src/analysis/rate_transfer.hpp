#pragma once
// A model trained at one cooling rate applied to samples made at others (SPEC §6, the paper's
// Fig. 4d): per rate, K_pre against K_real with Pearson and Spearman (does the ranking survive?)
// and the mean bias <K_pre - K_real> (does the magnitude shift?), overall and per species.
#include <string>
#include <vector>

#include "analysis/parity.hpp"
#include "analysis/samples.hpp"

namespace glassml::analysis {

struct RateSet {
  std::string label;  ///< cooling rate as given, K/s ("1e12"), or a name for the training rate
  double rate = 0;    ///< parsed label, K/s; nan when the label is not a number
  ParityData parity;
  Pool atoms;  ///< the atoms behind `parity` (sample, id, species, values)
};

/// One RateSet per label (samples of equal labels pooled), sorted by rate, fastest first
/// (labels that are not numbers last, in the order given).
std::vector<RateSet> rate_transfer(const std::vector<std::pair<std::string, std::vector<PredictedSample>>>& by_label,
                                   std::size_t group_size = 100);

}  // namespace glassml::analysis
