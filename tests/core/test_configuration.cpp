// Configuration bookkeeping and species assignment.
#include <gtest/gtest.h>

#include "core/configuration.hpp"
#include "core/elements.hpp"
#include "core/error.hpp"

using namespace glassml;

namespace {
Configuration three_atoms() {
  Configuration c;
  c.box = Box::orthogonal({0, 0, 0}, {10, 10, 10});
  c.id = {3, 1, 2};
  c.type = {2, 1, 1};
  c.position = {{3, 3, 3}, {1, 1, 1}, {2, 2, 2}};
  c.species_of_type = {"", ""};
  c.mass_of_type = {63.546, 91.224};
  c.set_column("K", {0.3, 0.1, 0.2});
  return c;
}
}  // namespace

TEST(Configuration, SortByIdPermutesEverything) {
  auto c = three_atoms();
  c.sort_by_id();
  EXPECT_EQ(c.id, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(c.type, (std::vector<int>{1, 1, 2}));
  EXPECT_EQ(c.position[2], (Vec3{3, 3, 3}));
  EXPECT_EQ(c.find_column("K")->values, (std::vector<double>{0.1, 0.2, 0.3}));
}

TEST(Configuration, ValidateFindsDuplicatesAndBadTypes) {
  auto c = three_atoms();
  EXPECT_NO_THROW(c.validate());
  c.id[0] = 1;
  EXPECT_THROW(c.validate(), ParameterError);
  c = three_atoms();
  c.type[0] = 3;
  EXPECT_THROW(c.validate(), ParameterError);
  EXPECT_THROW(c.set_column("x", {1.0}), std::invalid_argument);
}

TEST(Configuration, SpeciesFromMassesAndExplicitList) {
  auto c = three_atoms();
  assign_species(c, {});
  EXPECT_EQ(c.species_of_type, (std::vector<std::string>{"Cu", "Zr"}));
  // Mass of 2 Cu (63.546) + 1 Zr (91.224), standard atomic weights.
  EXPECT_NEAR(*c.total_mass(), 2 * 63.546 + 91.224, 1e-12);
  auto d = three_atoms();
  d.mass_of_type = {0.0, 0.0};
  assign_species(d, {"Ni", "Nb"});
  EXPECT_DOUBLE_EQ(d.mass_of_type[0], 58.693);
  EXPECT_THROW(assign_species(d, {"Cu"}), ParameterError);
  EXPECT_THROW(assign_species(d, {"Cu", "Xx"}), ParameterError);
}

TEST(Elements, MassLookupBothWays) {
  EXPECT_EQ(element_from_mass(63.546).value(), "Cu");
  EXPECT_EQ(element_from_mass(91.224).value(), "Zr");
  EXPECT_EQ(element_from_mass(26.98).value(), "Al");
  EXPECT_FALSE(element_from_mass(58.8).has_value());   // between Ni and Co: ambiguous
  EXPECT_FALSE(element_from_mass(1000.0).has_value());
  EXPECT_DOUBLE_EQ(element_mass("Zr").value(), 91.224);
  EXPECT_FALSE(element_mass("CU").has_value());
}
