#pragma once
// Physical constants in LAMMPS "metal" units (Å, eV, ps, K, bar, g/mol). SPEC §8.
namespace glassml::constants {

inline constexpr double kBoltzmann = 8.617333262e-5;       // eV/K (CODATA 2018)
inline constexpr double kAvogadro = 6.02214076e23;         // 1/mol (exact, SI 2019)
inline constexpr double kAngstrom3ToCm3 = 1e-24;           // 1 Å^3 in cm^3
inline constexpr double kEvPerA2ToNPerM = 16.02176634;     // 1 eV/Å^2 in N/m
inline constexpr double kEta0 = 1.0e-4;                    // Pa·s, prefactor of atomic viscosity (SPEC §7)

}  // namespace glassml::constants
