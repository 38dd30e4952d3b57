// glassml harmonic SAMPLE -o OUT.dump: harmonic stiffness K_h,i = 1 / Tr[H⁺]_ii of every atom of
// a minimized structure (SPEC §9), with the eigenvalues of its own Hessian block (local
// curvature). Hessian by central finite differences (step 1e-3 Å) of LAMMPS's forces, evaluated
// with the same interpolated EAM tables locally (md/eam_hessian.hpp), or through LAMMPS itself,
// or analytically; pseudo-inverse blocks dense or sparse (md/harmonic_stiffness.hpp). No MD, no
// thermal noise.
#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cli/commands.hpp"
#include "cli/potential_options.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/atomic_file.hpp"
#include "io/csv.hpp"
#include "io/structure_file.hpp"
#include "md/eam_hessian.hpp"
#include "md/eam_potential.hpp"
#include "md/eam_site_properties.hpp"
#include "md/eam_tables.hpp"
#include "md/harmonic_anharmonic.hpp"
#include "md/harmonic_blas.hpp"
#include "md/harmonic_modes.hpp"
#include "md/harmonic_stiffness.hpp"
#include "md/hessian.hpp"
#include "md/inherent_structures.hpp"
#include "md/lammps_potential.hpp"
#include "md/mpi_environment.hpp"
#include "md/strained_minimum.hpp"

namespace glassml::cli {
namespace {

struct HarmonicOptions {
  std::string input, output, log;
  PotentialOptions potential;
  std::string method = "auto", label = "K", hessian = "fd";
  double step = 1e-3;
  double max_force = 1e-3;
  bool mode_bins = false;
  bool anharmonic = false;
  md::AnharmonicOptions anh;
  std::string box_strain;  ///< --box-strain: comma-separated linear strains (K_qh); empty: none
  md::InherentStructureOptions is;  ///< --inherent-structures (K_IS); is.count = 0: none
  HarmonicOptions() { is.count = 0; }
};

std::string stem_of(const std::string& path) {
  return strip_suffix(path, {".dump.gz", ".dump", ".lammpstrj", ".data", ".xyz", ".extxyz"});
}

/// Pearson correlation of x and y over the atoms where `keep` holds (nullopt if undefined).
std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y, const std::vector<int>& type,
                              int only_type) {
  double n = 0, sx = 0, sy = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (only_type == 0 || type[i] == only_type) n += 1, sx += x[i], sy += y[i];
  if (n < 3) return std::nullopt;
  const double mx = sx / n, my = sy / n;
  double cxy = 0, cxx = 0, cyy = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (only_type == 0 || type[i] == only_type)
      cxy += (x[i] - mx) * (y[i] - my), cxx += (x[i] - mx) * (x[i] - mx), cyy += (y[i] - my) * (y[i] - my);
  if (cxx <= 0 || cyy <= 0) return std::nullopt;
  return cxy / std::sqrt(cxx * cyy);
}

double mean_of(const std::vector<double>& v, const std::vector<int>& type, int only_type) {
  double s = 0, n = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (only_type == 0 || type[i] == only_type) s += v[i], n += 1;
  return n > 0 ? s / n : NAN;
}

/// Summary on stdout and in OUT.json: mean K_h overall and per species; if the input carries
/// the MD label (--label column), Pearson of K_h and of the local curvature against it.
void write_summary(const HarmonicOptions& o, const Configuration& out, const nlohmann::json& run) {
  nlohmann::json j = run;
  const auto& kh = out.find_column("K_h")->values;
  const Column* label = out.find_column(o.label);
  std::vector<double> curvature(out.size());
  for (std::size_t i = 0; i < out.size(); ++i)
    curvature[i] = out.find_column("lambda1")->values[i] + out.find_column("lambda2")->values[i] +
                   out.find_column("lambda3")->values[i];
  fmt::print("mean K_h = {:.4f} eV/A^2 over {} atoms", mean_of(kh, out.type, 0), out.size());
  j["mean_K_h_eV_per_A2"] = mean_of(kh, out.type, 0);
  for (int t = 1; t <= out.num_types(); ++t) {
    j["mean_K_h_eV_per_A2_by_species"][out.species_of_type[t - 1]] = mean_of(kh, out.type, t);
    fmt::print("; {} {:.4f}", out.species_of_type[t - 1], mean_of(kh, out.type, t));
  }
  fmt::print("\n");
  if (label && label->name != "K_h") {
    j["label"] = o.label;
    j["mean_label"] = mean_of(label->values, out.type, 0);
    for (int t = 0; t <= out.num_types(); ++t) {
      const std::string key = t == 0 ? "all" : out.species_of_type[t - 1];
      auto r = pearson(kh, label->values, out.type, t);
      auto rc = pearson(curvature, label->values, out.type, t);
      j["pearson_K_h_vs_label"][key] = r ? nlohmann::json(*r) : nlohmann::json(nullptr);
      j["pearson_local_curvature_vs_label"][key] = rc ? nlohmann::json(*rc) : nlohmann::json(nullptr);
      if (r) fmt::print("{}Pearson(K_h, {}) {} {:.4f}", t == 0 ? "" : "; ", o.label, key, *r);
    }
    fmt::print(" (mean {} {:.4f} eV/A^2)\n", o.label, mean_of(label->values, out.type, 0));
    for (const char* name : {"K_anh", "K_anh_pt", "K_anh_hot", "K_th", "K_qh", "K_IS"}) {
      const Column* c = out.find_column(name);
      if (!c) continue;
      for (int t = 0; t <= out.num_types(); ++t) {
        auto r = pearson(c->values, label->values, out.type, t);
        j[fmt::format("pearson_{}_vs_label", name)][t == 0 ? "all" : out.species_of_type[t - 1]] =
            r ? nlohmann::json(*r) : nlohmann::json(nullptr);
        if (r) fmt::print("{}Pearson({}, {}) {} {:.4f}", t == 0 ? "" : "; ", name, o.label, t == 0 ? "all" : out.species_of_type[t - 1], *r);
      }
      fmt::print("\n");
    }
  }
  const std::string summary = stem_of(o.output) + ".json";
  io::write_file_atomic(summary, j.dump(1) + "\n");
  fmt::print("wrote {} and {}\n", o.output, summary);
}

/// Inputs for learning the anharmonic part (md/eam_site_properties.hpp): per-atom energy, atomic
/// pressure and shear (times volume), all in eV.
void add_site_columns(Configuration& out, const md::EamPotential& potential) {
  const md::EamSiteProperties site = md::eam_site_properties(md::read_eam_tables(potential.path, potential.style), out);
  out.set_column("e_atom", site.energy);
  out.set_column("pV", site.pressure_volume);
  out.set_column("tauV", site.shear_volume);
}

/// K_anh, K_anh_pt, K_anh_hot (eV/A^2) and du2_anh (A^2/eV) from the soft modes
/// (md/harmonic_anharmonic.hpp); returns what the modes did, for OUT.json.
nlohmann::json add_anharmonic_columns(Configuration& out, const md::EamPotential& potential, const md::HessianModes& modes,
                                      const md::AnharmonicOptions& ao) {
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t soft = 0;
  for (Eigen::Index k = 3; k < modes.eigenvalues.size() && modes.eigenvalues(k) < ao.cutoff; ++k) ++soft;
  Progress progress(fmt::format("anharmonic modes (lambda < {:g} eV/A^2, {} energies each)", ao.cutoff, 2 * ao.half_points), soft);
  const md::AnharmonicStiffness a =
      md::anharmonic_stiffness(md::read_eam_tables(potential.path, potential.style), out, modes, ao, &progress);
  progress.finish();
  out.set_column("K_anh", a.stiffness);
  out.set_column("K_anh_pt", a.stiffness_perturbative);
  out.set_column("K_anh_hot", a.stiffness_hot);
  out.set_column("du2_anh", a.excess);
  if (!a.stiffness_relaxed.empty()) out.set_column("K_th", a.stiffness_relaxed), out.set_column("dx_th", a.relaxation);
  std::size_t barriers = 0, cut = 0;
  double ratio = 0, ratio_pt = 0, ratio_th = 0, shift = 0, shift1 = 0;
  for (const auto& m : a.modes)
    barriers += m.barrier, cut += m.cut, ratio += m.ratio_hot, ratio_pt += m.ratio_hot_perturbative,
        ratio_th += m.ratio_hot_relaxed, shift += m.shift_hot / m.lambda, shift1 += m.shift_first_order / m.lambda;
  const double followed = std::max<double>(1, static_cast<double>(a.modes.size()));
  return {{"cutoff_eV_per_A2", ao.cutoff}, {"temperatures_K", ao.temperatures}, {"modes_followed", a.modes.size()},
          {"energies_per_mode", 2 * ao.half_points}, {"span_sigma", ao.span}, {"max_displacement_A", ao.max_displacement},
          {"modes_with_barrier", barriers}, {"modes_amplitude_cut", cut},
          {"mean_variance_ratio_at_T_max", ratio / followed}, {"mean_variance_ratio_at_T_max_perturbative", ratio_pt / followed},
          {"thermal_snapshot_pairs", ao.thermal_pairs}, {"mean_variance_ratio_at_T_max_relaxed", ratio_th / followed},
          {"mean_relative_eigenvalue_shift_at_T_max", shift / followed},
          {"mean_relative_eigenvalue_shift_first_order_at_T_max", shift1 / followed},
          {"seconds_lines", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
}

/// The Hessian of a structure by the command's route; the string names it in the progress line.
using HessianOf = std::function<md::BlockSparseMatrix(const Configuration&, const std::string&)>;

/// K_h of re-minimized structures by the same Hessian route and inverse as the sample's.
struct ReferenceStiffness {
  const Configuration& sample;
  const HessianOf& hessian_of;
  md::InverseMethod method;
  double range;      ///< Å, interaction range of the Hessian (sparse inverse)
  double max_force;  ///< eV/Å, warn above (--max-force)

  /// The mean over `structures` of their K_h, per atom of the sample (matched by id); `what(k)`
  /// names structure k in warnings and progress lines, `mean_k_h` gets each structure's mean K_h.
  template <class Minimum>
  std::vector<double> mean(const std::vector<Minimum>& structures, const std::function<std::string(std::size_t)>& what,
                           std::vector<double>& mean_k_h) const {
    std::unordered_map<std::int64_t, std::size_t> index_of;
    for (std::size_t i = 0; i < sample.size(); ++i) index_of[sample.id[i]] = i;
    std::vector<double> out(sample.size(), 0.0);
    for (std::size_t s = 0; s < structures.size(); ++s) {
      const md::LammpsMinimum& m = structures[s];
      if (m.max_force > max_force)
        fmt::print(stderr, "glassml harmonic: warning: {}: largest force {:.3g} eV/A after minimization\n", what(s), m.max_force);
      const md::BlockSparseMatrix h = hessian_of(m.structure, " of " + what(s));
      const auto k = md::harmonic_stiffness(md::pseudo_inverse_blocks(h, method, m.structure.position, m.structure.box, range));
      double total = 0;
      for (std::size_t j = 0; j < k.size(); ++j) {
        out[index_of.at(m.structure.id[j])] += k[j] / static_cast<double>(structures.size());
        total += k[j];
      }
      mean_k_h.push_back(total / static_cast<double>(k.size()));
    }
    return out;
  }
};

/// K_qh,i = mean over the strains of K_h,i at the re-minimized expanded structures; returns OUT.json's "box_strain".
nlohmann::json add_strained_column(Configuration& out, const ReferenceStiffness& ref,
                                   const std::vector<md::StrainedMinimum>& strained, double seconds_minimizations) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<double> means;
  out.set_column("K_qh", ref.mean(strained, [&](std::size_t k) { return fmt::format("box strain {:g}", strained[k].strain); }, means));
  nlohmann::json summary = nlohmann::json::array();
  for (std::size_t k = 0; k < strained.size(); ++k) {
    const md::StrainedMinimum& m = strained[k];
    summary.push_back({{"strain", m.strain}, {"volume_A3", m.structure.box.volume()}, {"energy_eV", m.energy},
                       {"pressure_bar", m.pressure}, {"max_force_eV_per_A", m.max_force},
                       {"cg_iterations", m.iterations}, {"mean_K_h_eV_per_A2", means[k]}});
  }
  summary.push_back({{"seconds_minimizations", seconds_minimizations},
                     {"seconds_hessians_and_inverses", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}});
  return summary;
}

/// K_IS,i = mean over the inherent structures of K_h,i there; returns OUT.json's "inherent_structures".
nlohmann::json add_inherent_column(Configuration& out, const ReferenceStiffness& ref, const md::InherentStructureOptions& o,
                                   const std::vector<md::InherentStructure>& inherent, double sample_energy,
                                   double seconds_md) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<double> means;
  out.set_column("K_IS", ref.mean(inherent, [&](std::size_t k) {
    return fmt::format("inherent structure {}/{} (seed {})", k + 1, inherent.size(), inherent[k].lammps_seed);
  }, means));
  nlohmann::json each = nlohmann::json::array();
  for (std::size_t k = 0; k < inherent.size(); ++k) {
    const md::InherentStructure& m = inherent[k];
    each.push_back({{"lammps_seed", m.lammps_seed}, {"temperature_at_end_K", m.final_temperature},
                    {"energy_eV", m.energy}, {"energy_above_sample_eV", m.energy - sample_energy},
                    {"max_force_eV_per_A", m.max_force}, {"cg_iterations", m.iterations},
                    {"largest_displacement_A", m.largest_displacement},
                    {fmt::format("atoms_moved_over_{:g}_A", o.moved_distance), m.atoms_moved},
                    {"mean_K_h_eV_per_A2", means[k]}});
  }
  return {{"count", o.count}, {"temperature_K", o.temperature}, {"duration_ps", o.duration},
          {"timestep_ps", o.timestep}, {"thermostat_damping_ps", o.damping}, {"seed", o.seed},
          {"structures", each}, {"seconds_md_and_minimizations", seconds_md},
          {"seconds_hessians_and_inverses", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
}

/// "e1,e2,..." -> the strains; "" -> none. Throws ParameterError on anything but numbers.
std::vector<double> parse_box_strains(const std::string& list) {
  std::vector<double> out;
  if (list.empty()) return out;
  for (const std::string_view cell : io::split_csv(list)) {
    const std::string item(cell);
    std::size_t used = 0;
    double v = NAN;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (item.empty() || used != item.size())
      throw ParameterError(fmt::format("--box-strain '{}': '{}' is not a number (expected e1,e2,...)", list, item));
    out.push_back(v);
  }
  return out;
}

void run_harmonic(HarmonicOptions o) {
  if (o.output.empty()) o.output = stem_of(o.input) + ".harmonic.dump";
  if (o.log.empty()) o.log = stem_of(o.output) + ".lammps.log";
  const md::InverseMethod method = md::parse_inverse_method(o.method);
  if (!(o.step > 0 && o.step < 0.1)) throw ParameterError(fmt::format("--step {} A: must be in (0, 0.1)", o.step));
  if (o.hessian != "fd" && o.hessian != "analytic" && o.hessian != "fd-lammps")
    throw ParameterError(fmt::format("--hessian '{}': expected fd, analytic or fd-lammps", o.hessian));
  const md::PotentialSettings settings = resolve_potential_options(o.potential);
  auto [sample, potential] = read_sample_for_potential(o.input, o.potential, settings);
  // Dense: 8 (3N)² bytes plus a quarter for the blocked inverse; refuse what would not fit.
  const double dense_bytes = 1.25 * 72.0 * static_cast<double>(sample.size()) * static_cast<double>(sample.size());
  const double memory = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (method == md::InverseMethod::Dense && dense_bytes > 0.8 * memory)
    throw ParameterError(fmt::format("--method dense: {} atoms need {:.1f} GB of the {:.1f} GB of memory; use --method sparse",
                                     sample.size(), dense_bytes / 1e9, memory / 1e9));

  if ((o.mode_bins || o.anharmonic) && sample.size() > md::kDenseMaxAtoms)
    throw ParameterError(fmt::format("{}: {} atoms; the dense eigendecomposition is for at most {} atoms",
                                     o.mode_bins ? "--mode-bins" : "--anharmonic", sample.size(), md::kDenseMaxAtoms));
  const std::vector<double> box_strains = parse_box_strains(o.box_strain);
  for (double e : box_strains)
    if (!(std::abs(e) < 0.05))
      throw ParameterError(fmt::format("--box-strain {}: a linear strain in (-0.05, 0.05) expected (thermal: ~1e-3)", e));
  if (!box_strains.empty() && o.hessian == "fd-lammps")
    throw ParameterError("--box-strain takes the Hessians from the EAM tables: use --hessian fd or analytic");
  if (o.is.count != 0) {
    try {
      o.is.validate();
    } catch (const ParameterError& e) {
      throw ParameterError(fmt::format("--inherent-structures {} (--is-temperature, --is-time): {}", o.is.count, e.what()));
    }
    if (o.hessian == "fd-lammps")
      throw ParameterError("--inherent-structures takes the Hessians from the EAM tables: use --hessian fd or analytic");
  }
  if (o.anharmonic && o.hessian == "fd-lammps")
    throw ParameterError("--anharmonic follows the modes with the EAM tables: use --hessian fd or analytic");
  md::MpiEnvironment mpi;
  if (!mpi.root()) Progress::set_enabled(false);
  const auto t0 = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  md::LammpsPotentialOptions po;
  po.log_path = o.log;
  po.optimized_pair = settings.optimized;
  md::LammpsPotential lammps(sample, potential, po);  // validates the box against the cutoff
  std::vector<Vec3> forces;
  const double energy = lammps.energy_forces(sample.position, forces);
  double fmax = 0;
  for (const auto& f : forces) fmax = std::max(fmax, norm(f));
  if (mpi.root() && fmax > o.max_force)
    fmt::print(stderr, "glassml harmonic: warning: {}: largest force {:.3g} eV/A > {:.3g}: not a minimized structure; "
                       "K_h assumes an energy minimum\n", o.input, fmax, o.max_force);

  md::HessianOptions ho;
  ho.step = o.step;
  const double range = 2 * potential.cutoff + ho.margin;
  // The tables must be LAMMPS's: same energy and forces.
  std::optional<md::EamTables> tables;
  if (o.hessian != "fd-lammps") {
    tables = md::read_eam_tables(potential.path, potential.style);
    const md::EamEvaluation mine = md::eam_energy_forces(*tables, sample);
    double worst = 0;
    for (std::size_t i = 0; i < forces.size(); ++i) worst = std::max(worst, norm(mine.forces[i] - forces[i]));
    if (worst > 1e-6 || std::abs(mine.energy - energy) > 1e-9 * std::abs(energy))
      throw std::runtime_error(fmt::format("{}: the EAM tables give forces {:.3g} eV/A from LAMMPS's; use --hessian fd-lammps",
                                           potential.path, worst));
  }
  // The Hessian of `structure` by the chosen route from the tables (fd, analytic).
  auto table_hessian = [&](const Configuration& structure, const std::string& what) {
    if (o.hessian == "analytic") return md::eam_hessian(*tables, structure, ho.margin);
    Progress progress(fmt::format("Hessian{} ({} atoms, central differences h = {:g} A)", what, structure.size(), o.step),
                      structure.size());
    md::BlockSparseMatrix m = md::eam_fd_hessian(*tables, structure, o.step, ho.margin, &progress);
    progress.finish();
    return m;
  };
  md::BlockSparseMatrix h;
  if (o.hessian != "fd-lammps") {
    h = table_hessian(sample, "");
  } else {
    const auto groups = md::separated_groups(sample.position, sample.box, 2 * range).size();
    Progress progress(fmt::format("Hessian ({} atoms, {} force calls)", sample.size(), 6 * groups), 6 * groups);
    h = md::finite_difference_hessian(lammps, sample.position, sample.box, ho, &progress);
    progress.finish();
  }
  const double t_hessian = seconds();
  // --box-strain: the structure expanded affinely to each box and minimized there again
  // (md/strained_minimum.hpp; collective over the MPI ranks, structures gathered on rank 0).
  std::vector<md::StrainedMinimum> strained;
  const double t_minimize = seconds();
  for (double e : box_strains) {
    md::MinimizationOptions so;
    so.optimized_pair = settings.optimized;
    so.log_path = stem_of(o.output) + ".box_strain.lammps.log";
    so.append_log = !strained.empty();
    strained.push_back(md::minimize_at_strained_box(sample, potential, e, so));
  }
  const double t_minimizations = seconds() - t_minimize;
  // --inherent-structures: minima after short NVT runs (md/inherent_structures.hpp; collective).
  std::vector<md::InherentStructure> inherent;
  const double t_is = seconds();
  if (o.is.count > 0) {
    md::InherentStructureOptions iso = o.is;
    iso.minimization.optimized_pair = settings.optimized;
    iso.minimization.log_path = stem_of(o.output) + ".inherent.lammps.log";
    Progress progress(fmt::format("inherent structures ({} runs of {:g} ps at {:g} K, then CG)", iso.count, iso.duration,
                                  iso.temperature),
                      static_cast<std::uint64_t>(iso.count));
    inherent = md::inherent_structures(sample, potential, iso, [&](int k) { progress.update(static_cast<std::uint64_t>(k + 1)); });
    progress.finish();
  }
  const double t_inherent_md = seconds() - t_is;
  if (!mpi.root()) return;
  std::vector<md::Block3> blocks;
  {
    // The sparse method reports tile columns: factorization, then selected inversion.
    const bool sparse = method == md::InverseMethod::Sparse ||
                        (method == md::InverseMethod::Auto && sample.size() > md::kDenseMaxAtoms);
    const std::uint64_t steps = sparse ? 2 * ((3 * (sample.size() - 1) + 191) / 192) : 1;
    Progress progress(fmt::format("pseudo-inverse ({})", sparse ? "sparse" : "dense"), steps);
    blocks = md::pseudo_inverse_blocks(h, method, sample.position, sample.box, range, sparse ? &progress : nullptr);
    progress.finish();
  }
  const double t_total = seconds();

  Configuration out = sample;
  std::vector<Column> input_columns = std::move(out.columns);
  out.columns.clear();
  out.set_column("K_h", md::harmonic_stiffness(blocks));
  const auto lam = md::local_curvatures(h);
  for (int a = 0; a < 3; ++a) {
    std::vector<double> v(lam.size());
    for (std::size_t i = 0; i < lam.size(); ++i) v[i] = lam[i][a];
    out.set_column(fmt::format("lambda{}", a + 1), std::move(v));
  }
  add_site_columns(out, potential);
  nlohmann::json anharmonic_summary;
  if (o.mode_bins || o.anharmonic) {
    const auto t_modes = seconds();
    const md::HessianModes modes = md::hessian_modes(h);
    if (o.mode_bins) {
      auto g = md::mode_resolved_fluctuation(modes, md::default_mode_bin_edges());
      for (std::size_t b = 0; b < g.size(); ++b) out.set_column(fmt::format("g{}", b), std::move(g[b]));
    }
    if (o.anharmonic) anharmonic_summary = add_anharmonic_columns(out, potential, modes, o.anh);
    anharmonic_summary["seconds_eigendecomposition_and_modes"] = seconds() - t_modes;
  }
  const HessianOf hessian_of = table_hessian;
  const ReferenceStiffness reference{sample, hessian_of, method, range, o.max_force};
  nlohmann::json strain_summary, inherent_summary;
  if (!strained.empty()) strain_summary = add_strained_column(out, reference, strained, t_minimizations);
  if (!inherent.empty()) inherent_summary = add_inherent_column(out, reference, o.is, inherent, energy, t_inherent_md);
  for (auto& c : input_columns)
    if (!out.find_column(c.name)) out.columns.push_back(std::move(c));
  io::write_structure(o.output, out);

  const md::InverseMethod used =
      method == md::InverseMethod::Auto
          ? (sample.size() <= md::kDenseMaxAtoms ? md::InverseMethod::Dense : md::InverseMethod::Sparse)
          : method;
  nlohmann::json run{{"sample", o.input}, {"output", o.output}, {"potential", settings.path},
                     {"atoms", sample.size()}, {"energy_eV", energy}, {"max_force_eV_per_A", fmax},
                     {"hessian", o.hessian}, {"finite_difference_step_A", o.hessian != "analytic" ? nlohmann::json(o.step) : nlohmann::json(nullptr)},
                     {"force_calls", lammps.force_calls()},
                     {"hessian_nonzero_blocks", h.nonzero_blocks()},
                     {"max_translation_residual_eV_per_A2", md::max_translation_residual(h)},
                     {"method", md::inverse_method_name(used)}, {"blas_kernels", md::blas::kernel_name()}, {"seconds_hessian", t_hessian},
                     {"seconds_total", t_total}, {"mpi_ranks", mpi.size()},
                     {"units", {{"K_h", "eV/A^2"}, {"lambda", "eV/A^2"}, {"e_atom", "eV"}, {"pV", "eV"}, {"tauV", "eV"},
                                {"g", "A^2/eV"}, {"K_anh", "eV/A^2"}, {"du2_anh", "A^2/eV"}, {"K_th", "eV/A^2"}, {"dx_th", "A"}}}};
  if (o.anharmonic || o.mode_bins) run["modes"] = anharmonic_summary;
  if (!strained.empty()) run["box_strain"] = strain_summary, run["units"]["K_qh"] = "eV/A^2";
  if (!inherent.empty()) run["inherent_structures"] = inherent_summary, run["units"]["K_IS"] = "eV/A^2";
  write_summary(o, out, run);
}

}  // namespace

void add_harmonic_command(CLI::App& app) {
  auto o = std::make_shared<HarmonicOptions>();
  auto* cmd = app.add_subcommand(
      "harmonic",
      "Harmonic stiffness of every atom of a minimized structure (SPEC 9), no MD: K_h = 1 / Tr[H+]_ii in eV/A^2, "
      "H the Hessian (central differences of LAMMPS's forces, step 1e-3 A; see --hessian), H+ its pseudo-inverse without the three "
      "translations, [.]_ii atom i's 3x3 block; k_B T / <u_i^2> of a harmonic solid, comparable to the MD label K. "
      "Writes a dump with columns id type element x y z K_h lambda1 lambda2 lambda3 (lambda = eigenvalues of the "
      "atom's own Hessian block H_ii, ascending, eV/A^2: the local curvature), e_atom pV tauV (the atom's EAM energy, "
      "atomic pressure x volume and von Mises shear x volume, eV: inputs for learning the anharmonic part), followed by the input's own columns, "
      "and OUT.json (means, and Pearson against the input's K column if it has one). LAMMPS log in OUT.lammps.log.");
  cmd->add_option("sample", o->input, "Minimized structure (LAMMPS data file, dump or extended XYZ)")->required();
  cmd->add_option("-o,--output", o->output, "Output dump (default: SAMPLE.harmonic.dump)");
  add_potential_options(*cmd, o->potential);
  cmd->add_option("--method", o->method,
                  "Pseudo-inverse blocks, both exact: dense (Cholesky of H + cP, 72 N^2 bytes), sparse (tiled "
                  "Cholesky in nested-dissection order + selected inversion, at most the lower triangle, 36 N^2 "
                  "bytes: for samples too large for dense), auto (dense up to 5,000 atoms)")
      ->capture_default_str();
  cmd->add_option("--hessian", o->hessian,
                  "Hessian: fd (central differences of LAMMPS's forces with --step, evaluated with LAMMPS's interpolated "
                  "EAM tables, checked against LAMMPS's forces, only where a displacement changes them: seconds), "
                  "fd-lammps (the same differences through LAMMPS force calls, 6 per atom: minutes), "
                  "or analytic (exact second derivatives of the interpolated tables, the step -> 0 limit; "
                  "their second derivatives jump at every table knot, so K_h differs from fd by up to ~1 %)")
      ->capture_default_str();
  cmd->add_option("--step", o->step, "Finite-difference displacement for --hessian fd and fd-lammps (A)")->capture_default_str();
  cmd->add_option("--max-force", o->max_force, "Warn if a force at the input exceeds this (eV/A): not a minimum")
      ->capture_default_str();
  cmd->add_flag("--mode-bins", o->mode_bins,
               "Also write g0..g6 (A^2/eV): atom i's share of Tr[H+]_ii from the modes with eigenvalue in [0, 0.1), "
               "[0.1, 0.2), [0.2, 0.5), [0.5, 1), [1, 2), [2, 5), [5, inf) eV/A^2 (sum = 1/K_h); dense eigendecomposition, "
               "~30 s CPU per 2,000 atoms");
  cmd->add_flag("--anharmonic", o->anharmonic,
               "Also write K_anh, K_anh_pt, K_anh_hot (eV/A^2) and du2_anh (A^2/eV): each soft mode (eigenvalue below "
               "--anharmonic-cutoff) is followed with the EAM energy at 16 amplitudes up to 4 thermal widths at the highest "
               "temperature (no atom moved by more than 0.4 A), its classical variance <dq^2>_T taken by Boltzmann quadrature "
               "(K_anh, K_anh_hot) or to first order in T from its cubic and quartic coefficients (K_anh_pt); "
               "u_i^2(T)/kT = Tr[H+]_ii + sum_soft |v_k,i|^2 (<dq^2>_T/kT - 1/lambda_k), K_anh = mean_T kT/u_i^2(T), "
               "K_anh_hot the same at the highest temperature, du2_anh = u_i^2/kT - Tr[H+]_ii there; K_th (eV/A^2) the same as "
               "K_anh with each soft mode's stiffness shifted by the thermal relaxation of the structure, x0 + dx(T), "
               "dx = H+ <F(x0 + u)>_u over harmonic thermal snapshots u (see --anharmonic-snapshots), and dx_th = |dx_i| "
               "at the highest temperature (A). Dense eigendecomposition as --mode-bins (at most 5,000 atoms); ~40 s CPU per 2,000 "
               "atoms beyond --mode-bins");
  cmd->add_option("--anharmonic-snapshots", o->anh.thermal_pairs,
                  "--anharmonic: antithetic pairs of thermal snapshots for the relaxation dx (2 force calls each; 0: no K_th)")
      ->capture_default_str();
  cmd->add_option("--anharmonic-cutoff", o->anh.cutoff, "--anharmonic: follow the modes with eigenvalue below this (eV/A^2)")
      ->capture_default_str();
  cmd->add_option("--anharmonic-temperatures", o->anh.temperatures, "--anharmonic: temperatures of the mean (K), ascending")
      ->delimiter(',')
      ->capture_default_str();
  // A string, parsed here: as a list option CLI11 would take a leading negative strain for an option.
  cmd->add_option("--box-strain", o->box_strain,
                  "Also write K_qh (eV/A^2), the quasi-harmonic stiffness of a thermally expanded box: for each linear strain "
                  "e in this comma-separated list (dimensionless, e = (V(T)/V0)^(1/3) - 1 for the volume V(T) at temperature T), "
                  "the box and positions scaled by 1 + e, minimized again at that fixed box (LAMMPS CG, ftol 1e-6 eV/A), and K_h "
                  "taken there by the same Hessian and inverse; K_qh = mean of those K_h (the MD label K is the mean over T of "
                  "k_B T / msd_T, each at V(T)). bench/harmonic_ml/thermal_volume.sh measures V(T) as the label's NPT runs do. "
                  "LAMMPS log in OUT.box_strain.lammps.log; ~7 s CPU per strain per 2,000 atoms (minimization 1-2 s, Hessian and inverse ~5 s)")
      ->allow_extra_args(false);
  cmd->add_option("--inherent-structures", o->is.count,
                  "Also write K_IS (eV/A^2), the harmonic stiffness averaged over N inherent structures: each the minimum "
                  "that LAMMPS CG (ftol 1e-6 eV/A, fixed box) reaches after an NVT run from the sample (velocities at 2T, "
                  "Nose-Hoover at T, --is-time long), K_h taken there by the same Hessian and inverse; K_IS = mean of those "
                  "K_h (the MD label vibrates across the nearby minima that such runs visit). 0: none. "
                  "On the ten reference samples N = 6 at 300 K for 2 ps gives pooled Pearson 0.891 against the label vs 0.855 for K_h, "
                  "and a network with K_h and K_IS 0.905 leaving one sample out "
                  "(docs/BENCHMARKS.md); ~13 s CPU per structure per 2,000 atoms (MD and CG ~8 s, Hessian and inverse ~5 s). "
                  "LAMMPS log in OUT.inherent.lammps.log")
      ->capture_default_str();
  cmd->add_option("--is-temperature", o->is.temperature, "--inherent-structures: NVT temperature (K)")->capture_default_str();
  cmd->add_option("--is-time", o->is.duration, "--inherent-structures: length of each NVT run (ps; time step 2 fs)")
      ->capture_default_str();
  cmd->add_option("--is-seed", o->is.seed, "--inherent-structures: seed of the velocities (structure k: LAMMPS seed from seed and k)")
      ->capture_default_str();
  cmd->add_option("--label", o->label, "Input column to correlate K_h with in the summary")->capture_default_str();
  cmd->add_option("--log", o->log, "LAMMPS log (default: OUT.lammps.log)");
  cmd->callback([o] { run_harmonic(*o); });
}

static Registrar reg{"harmonic", 35, add_harmonic_command};

}  // namespace glassml::cli
