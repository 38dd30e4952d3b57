#include "study/cost_model.hpp"

#include <algorithm>
#include <cmath>

#include "md/quench.hpp"
#include "md/stiffness.hpp"

namespace glassml::study {
namespace {

double md_seconds(double atoms, double steps) { return atoms * steps / kAtomStepsPerCpuSecond; }

}  // namespace

double quench_cost_s(const StudyConfig& c, double rate) {
  const md::QuenchParams d;  // the command's defaults
  const auto& s = c.quench;
  const double dt = s.number("timestep", d.timestep);
  const double t_melt = s.number("melt_temperature", d.melt_temperature);
  const double t_final = s.number("final_temperature", d.final_temperature);
  // time = pre-melt + melt + (T_melt - T_final) / rate; rate in K/s -> K/ps is x 1e-12.
  const double ps = s.number("premelt_time", d.premelt_time) + s.number("melt_time", d.melt_time) +
                    (t_melt - t_final) / (rate * 1e-12);
  return md_seconds(double(c.atoms), ps / dt) + 2.0;  // + start-up, minimization, structure factor
}

double stiffness_cost_s(const StudyConfig& c) {
  const md::StiffnessParams d;
  const auto& s = c.stiffness;
  const double runs = s.number("temperatures_count", double(d.temperatures.size())) * s.number("replicas", d.replicas);
  const double ps = s.number("equilibration", d.equilibration) + s.number("settle", d.settle) + s.number("tau", d.tau);
  return runs * (md_seconds(double(c.atoms), ps / s.number("timestep", d.timestep)) + 1.0);
}

// Sparse Hessian and its selected inverse: measured ~3 s for 2,000 atoms (docs/BENCHMARKS.md),
// growing about as N^1.5.
double harmonic_cost_s(const StudyConfig& c) { return 1.0 + 3.0 * std::pow(double(c.atoms) / 2000.0, 1.5); }

// Adam on a 40-U-1 perceptron: ~6 * F * U flops per atom and epoch, at an effective ~1 GFLOP/s;
// cross-validation adds folds x grid trainings of (folds-1)/folds of the atoms.
double train_cost_s(const StudyConfig& c, long train_atoms) {
  const auto& s = c.train;
  const double features = (s.number("r_max", 10) - s.number("r_min", 2)) / s.number("dr", 0.2) *
                          (s.number("partial", 0) != 0 ? 2 : 1);
  const double units = s.number("units", 200) * s.number("layers", 1);
  const double epochs = s.number("epochs", 200);
  const double per_training = 6.0 * features * units * double(train_atoms) * epochs / 1e9;
  const double folds = s.number("cv", 0);
  const double trainings = 1.0 + (folds > 0 ? s.number("grid_size", 1) * (folds - 1) : 0.0);
  return 1.0 + per_training * trainings;
}

// Features (cell list) and one forward pass: ~1 s per 20,000 atoms.
double predict_cost_s(const StudyConfig& c) { return 1.0 + double(c.atoms) / 2e4; }

// ARTn: measured ~5 CPU-s per search on a 2,000-atom glass (glassml activate, this session):
// ~2x10^3 force calls; the cost is capped at a ~1,000-atom cluster (local search, SPEC §7).
double activate_cost_s(const StudyConfig& c) {
  const auto& s = c.activation;
  const double atoms = std::min(double(c.atoms), s.number("atoms", double(c.atoms)));
  const double events = s.number("events", 10);
  return 1.0 + atoms * events * md_seconds(std::min(double(c.atoms), 1000.0), 2000.0);
}

double report_cost_s(const StudyConfig&) { return 5.0; }

}  // namespace glassml::study
