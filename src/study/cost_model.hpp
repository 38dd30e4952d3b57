#pragma once
// Estimated CPU seconds of each job, for the order of the queue and the ETA of the whole study.
// MD: atoms x steps at the measured throughput of Debian's LAMMPS with eam/fs (docs/BENCHMARKS.md:
// 2,000 atoms ~200 steps/s per core = 4e5 atom-steps/s). The runner rescales every estimate by
// the ratio measured/estimated of the jobs finished so far.
#include "study/study_config.hpp"

namespace glassml::study {

inline constexpr double kAtomStepsPerCpuSecond = 4.0e5;

double quench_cost_s(const StudyConfig& c, double rate);
double stiffness_cost_s(const StudyConfig& c);
double harmonic_cost_s(const StudyConfig& c);
double train_cost_s(const StudyConfig& c, long train_atoms);
double predict_cost_s(const StudyConfig& c);
double activate_cost_s(const StudyConfig& c);
double report_cost_s(const StudyConfig& c);

}  // namespace glassml::study
