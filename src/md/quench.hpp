#pragma once
// Glass samples by melt-quench (SPEC §2): a chemically random bcc arrangement, heated far above
// the liquidus (pre-melt), held at the melt temperature, cooled at a constant rate under NPT
// (Nosé–Hoover thermostat + Parrinello–Rahman barostat, LAMMPS fix npt), then minimized (CG).
// The reference protocol is ../shared/data/cuzr2000-q1e13/sample.lmp.
//
// Checks, never skipped: the melt is a liquid (mean MSD over the melt stage ≥ min_melt_msd)
// and the product is amorphous (no Bragg peak: structure_factor.hpp). The run is chunked for
// progress/ETA and the table of T, P, density and energy; during the quench a restart file is
// written periodically, and a killed run resumes from it to the same final step count.
#include <cstdint>
#include <string>
#include <vector>

#include "core/configuration.hpp"
#include "md/eam_potential.hpp"
#include "md/structure_factor.hpp"

namespace glassml::md {

struct QuenchParams {
  std::string composition = "Cu50Zr50";
  std::size_t atoms = 2000;
  PotentialSettings potential;      ///< file, pair style, kernel
  std::uint32_t seed = 1;           ///< species placement and velocities
  double lattice_constant = 3.26;   ///< Å, bcc starting lattice (B2 CuZr: 3.26)
  double premelt_temperature = 3000, premelt_time = 10;  ///< K, ps (time 0: no pre-melt)
  double melt_temperature = 2000, melt_time = 10;        ///< K, ps
  double cooling_rate = 1e12;       ///< K/s
  double final_temperature = 50;    ///< K
  double pressure = 0;              ///< bar
  double timestep = 0.002;          ///< ps
  double tdamp = 0.1, pdamp = 1.0;  ///< ps, thermostat / barostat damping (reference values)
  double table_every = 2.0;         ///< ps between table rows (and progress updates)
  double restart_every = 20.0;      ///< ps between restart files during the quench (0: none)
  double min_melt_msd = 2.0;        ///< Å²: a hot crystal stays < 0.5 Å² (Lindemann), a liquid diffuses
  double ftol = 1e-6;               ///< eV/Å, minimization force tolerance
  bool fresh = false;               ///< ignore an existing restart file
};

/// One NPT stage with absolute step bounds [begin, end): T ramps t_start -> t_stop over it.
struct QuenchStage {
  std::string name;
  double t_start, t_stop;
  std::int64_t begin, end;
};

/// One row of the run's table.
struct ThermoRow {
  std::int64_t step;
  double time_ps, temperature, pressure, density, pe_per_atom, etotal_per_atom, volume;
  std::string stage;
};

struct QuenchPaths {
  std::string data, table, log, restart, checkpoint;
  /// SAMPLE.data -> SAMPLE.thermo.txt, SAMPLE.lammps.log, SAMPLE.restart, SAMPLE.restart.json.
  static QuenchPaths for_output(const std::string& data_path);
};

struct QuenchResult {
  Configuration structure;        ///< minimized (rank 0 only)
  std::vector<ThermoRow> table;
  std::int64_t md_steps = 0;      ///< MD steps at the end of the quench (before minimization)
  std::int64_t resumed_from = -1; ///< step of the restart file resumed from, -1 if none
  double melt_msd = 0;            ///< Å², mean over atoms, over the melt stage
  double density = 0;             ///< g/cm³, minimized
  double pe_per_atom = 0;         ///< eV/atom, minimized
  BraggPeak bragg;
};

/// Throws ParameterError/InputError naming the first bad parameter; reads the potential header.
void validate(const QuenchParams& p);
std::vector<QuenchStage> quench_stages(const QuenchParams& p);

/// Runs the whole protocol (collective over MPI_COMM_WORLD; MPI must be initialized). Writes
/// the data file and table atomically on rank 0, and only when both checks pass; otherwise
/// throws std::runtime_error saying which check failed. Removes the restart files on success.
QuenchResult run_quench(const QuenchParams& p, const QuenchPaths& paths);

}  // namespace glassml::md
