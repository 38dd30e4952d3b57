#pragma once
// The core data model: one atomic configuration in a periodic box.
//
// Atoms carry an id (LAMMPS atom-ID), a type (1..ntypes), a position in Å and any number of
// named per-atom columns (velocities, msd_50, K, features, ...). Species names and masses live
// per type, as in LAMMPS: species_of_type[t-1] is the element of type t.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/box.hpp"
#include "core/vec3.hpp"

namespace glassml {

/// A named per-atom column of doubles (one value per atom, in the atom order).
struct Column {
  std::string name;
  std::vector<double> values;
};

struct Configuration {
  Box box;
  std::int64_t timestep = 0;
  std::vector<std::int64_t> id;
  std::vector<int> type;                     ///< 1-based, as in LAMMPS
  std::vector<Vec3> position;                ///< Å
  std::vector<std::array<int, 3>> image;     ///< image flags; empty when the source had none
  std::vector<std::string> species_of_type;  ///< element per type (index type-1); may be empty strings
  std::vector<double> mass_of_type;          ///< g/mol per type; 0 where unknown
  std::vector<Column> columns;

  std::size_t size() const { return id.size(); }
  int num_types() const { return static_cast<int>(species_of_type.size()); }
  /// Species name of atom i ("" if the type has no name).
  const std::string& species(std::size_t i) const { return species_of_type.at(type[i] - 1); }

  /// Column by name, or nullptr.
  const Column* find_column(const std::string& name) const;
  Column* find_column(const std::string& name);
  /// Adds (or replaces) a column; throws std::invalid_argument if the size does not match.
  Column& set_column(const std::string& name, std::vector<double> values);

  /// Reorders all per-atom data so that ids increase.
  void sort_by_id();
  /// Checks internal consistency: sizes, types within 1..ntypes, unique positive ids, finite
  /// positions. Throws ParameterError naming the first problem.
  void validate() const;

  /// Number of atoms of each type (index type-1).
  std::vector<std::size_t> count_by_type() const;
  /// Total mass in g/mol; nullopt when a type with atoms has no mass.
  std::optional<double> total_mass() const;
};

/// Assigns species names to types: from `species` if given (one name per type, in type order),
/// else keeps names already present, else infers them from masses. Fills in masses from names
/// where missing. Throws ParameterError if the list length does not match the number of types or
/// a name is not an element.
void assign_species(Configuration& config, const std::vector<std::string>& species);

}  // namespace glassml
