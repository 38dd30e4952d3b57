// io/csv: the comma splitter and the cell parsers behind the events table of `glassml activate`
// and the cross-validation table the report reads; errors name file, line and column.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "io/csv.hpp"

using namespace glassml;

TEST(Csv, SplitsAtEveryComma) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(io::split_csv("a,b,,c"), (V{"a", "b", "", "c"}));
  EXPECT_EQ(io::split_csv(""), (V{""}));
  EXPECT_EQ(io::split_csv("a,"), (V{"a", ""}));
  EXPECT_EQ(io::split_csv("1.5"), (V{"1.5"}));
}

TEST(Csv, CellsAndNumbersWithFileLineErrors) {
  EXPECT_EQ(io::csv_cells("1,2,3", 3, "t.csv", 4).size(), 3u);
  try {
    io::csv_cells("1,2", 3, "t.csv", 4);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "t.csv:4: expected 3 columns, found 2");
  }
  EXPECT_EQ(io::csv_double("-1637.225685", "e_eV", "t.csv", 2), -1637.225685);
  EXPECT_TRUE(std::isnan(io::csv_double("nan", "e_eV", "t.csv", 2, true)));
  EXPECT_THROW(io::csv_double("nan", "e_eV", "t.csv", 2), InputError);
  try {
    io::csv_double("0.9x", "barrier_eV", "t.csv", 7);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "t.csv:7: barrier_eV: '0.9x' is not a number");
  }
  EXPECT_EQ(io::csv_int("597", "force_calls", "t.csv", 2, 0), 597);
  EXPECT_THROW(io::csv_int("-1", "force_calls", "t.csv", 2, 0), InputError);
  EXPECT_THROW(io::csv_int("1.5", "event", "t.csv", 2), InputError);
}
