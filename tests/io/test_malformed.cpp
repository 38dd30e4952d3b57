// Bad input: hundreds of malformed files derived from valid ones. Each either reads or fails with
// an InputError whose message starts "FILE:LINE: " -- never another exception, crash or hang.
// A few hand-written cases also check what the message says.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/lammps_dump.hpp"
#include "io/structure_file.hpp"
#include "io_test_util.hpp"

using namespace glassml;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Mutations of a valid text: truncations, deleted/duplicated lines, bad tokens, garbage.
std::vector<std::string> mutants(const std::string& text) {
  std::vector<std::string> out;
  auto lines = lines_of(text);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    out.push_back(join({lines.begin(), lines.begin() + k}));         // truncated before line k
    out.push_back(text.substr(0, text.find(lines[k]) + lines[k].size() / 2));  // cut mid-line
    auto del = lines;
    del.erase(del.begin() + k);
    out.push_back(join(del));
    auto dup = lines;
    dup.insert(dup.begin() + k, lines[k]);
    out.push_back(join(dup));
    for (const char* bad : {"nan", "inf", "-inf", "abc", "1e999", "-7", "0x1p3", ""}) {
      auto tok = lines;
      auto pos = tok[k].find_last_of(' ');
      tok[k] = (pos == std::string::npos ? std::string() : tok[k].substr(0, pos + 1)) + bad;
      out.push_back(join(tok));
    }
    auto garbage = lines;
    garbage[k] += std::string("\x01\x02\xff\x00 zz", 7);
    out.push_back(join(garbage));
  }
  out.push_back("");
  out.push_back(std::string(5000, '\0'));
  return out;
}

void check_reads_or_fails_cleanly(const std::string& path, std::size_t& failures) {
  try {
    io::read_frames(path);
  } catch (const InputError& e) {
    ++failures;
    std::string what = e.what();
    ASSERT_EQ(what.rfind(path, 0), 0u) << what;
    // "PATH:LINE: what", LINE a positive number.
    std::size_t colon = what.find(": ", path.size() + 1);
    ASSERT_EQ(what[path.size()], ':') << what;
    ASSERT_NE(colon, std::string::npos) << what;
    std::string line = what.substr(path.size() + 1, colon - path.size() - 1);
    ASSERT_FALSE(line.empty()) << "no line number in: " << what;
    ASSERT_EQ(line.find_first_not_of("0123456789"), std::string::npos) << "no line number in: " << what;
    ASSERT_NE(line, "0") << what;
    ASSERT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

}  // namespace

TEST(Malformed, HundredsOfMutantsFailCleanly) {
  test::ScratchDir dir("malformed");
  std::mt19937 rng(4);
  auto c = test::random_configuration(rng, 4, true);
  c.set_column("vx", {1, 2, 3, 4});
  c.set_column("vy", {1, 2, 3, 4});
  c.set_column("vz", {1, 2, 3, 4});
  std::size_t files = 0, failures = 0;
  for (const std::string ext : {".data", ".dump", ".xyz"}) {
    io::write_structure(dir.file("seed" + ext), c);
    auto all = mutants(slurp(dir.file("seed" + ext)));
    for (std::size_t m = 0; m < all.size(); ++m) {
      std::string name = "m";
      name += std::to_string(m);
      name += ext;  // (built by appending: GCC 12 warns falsely on "m" + std::string)
      const std::string path = dir.file(name);
      std::ofstream(path, std::ios::binary) << all[m];
      check_reads_or_fails_cleanly(path, failures);
      ++files;
    }
  }
  EXPECT_GT(files, 300u);
  EXPECT_GT(failures, files / 2);  // most mutants are invalid; all of those failed cleanly
}

struct Case {
  const char* name;
  const char* text;
  const char* message;  // a substring the error must contain
};

class MalformedCase : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedCase, SaysWhatAndWhere) {
  const Case& k = GetParam();
  test::ScratchDir dir("case");
  const std::string path = dir.file(k.name);
  std::ofstream(path, std::ios::binary) << k.text;
  try {
    io::read_frames(path);
    FAIL() << "no error for " << k.name;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(k.message), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind(path + ":", 0), 0u) << e.what();
  }
}


INSTANTIATE_TEST_SUITE_P(
    Data, MalformedCase,
    ::testing::Values(
        Case{"empty.data", "", "empty file"},
        Case{"fewrows.data", "title\n\n3 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms # atomic\n\n1 1 0 0 0\n2 1 1 1 1\n",
             ":13: unexpected end of file"},
        Case{"unknown.data", "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nBonds\n\n", "unknown or unsupported section 'Bonds'"},
        Case{"nan.data", "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms\n\n1 1 nan 0 0\n", ":11: x 'nan' is not finite"},
        Case{"text.data", "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms\n\n1 1 0 zero 0\n", "y 'zero' is not a number"},
        Case{"dup.data", "title\n\n2 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms\n\n1 1 0 0 0\n1 1 1 1 1\n", ":12: duplicate atom id 1"},
        Case{"badtype.data", "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms\n\n1 2 0 0 0\n", "atom type 2 is out of range"},
        Case{"style.data", "title\n\n1 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms # full\n\n1 1 1 0 0 0 0\n", "only atom_style atomic"},
        Case{"nobox.data", "title\n\n1 atoms\n1 atom types\n\nAtoms\n\n1 1 0 0 0\n", "lacks box bounds"},
        Case{"inverted.data", "title\n\n1 atoms\n1 atom types\n10 0 xlo xhi\n", ":5: box upper bound"},
        Case{"huge.data", "title\n\n999999999999 atoms\n1 atom types\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\nAtoms\n\n1 1 0 0 0\n", "unexpected end of file"},
        Case{"binary.data", "title\n\n\x7f" "ELF\x02\x01\x01\n", "binary data"},
        Case{"dump_count.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y z\n1 1 0 0 0\n2 1 0.5 0.5 0.5\n", ":12: unexpected end of file"},
        Case{"dump_cols.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y z\n1 1 0 0\n", ":10: atom line has 4 values for 5 columns"},
        Case{"dump_nopos.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y q\n1 1 0 0 0\n", "no complete set of position columns"},
        Case{"dump_inf.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y z c_k\n1 1 0 0 0 inf\n", "c_k 'inf' is not finite"},
        Case{"dump_item.dump", "ITEM: TIMESTEP\n0\nITEM: WHATEVER\n", ":3: unknown item"},
        Case{"dump_dup.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp pp\n0 1\n0 1\n0 1\nITEM: ATOMS id type x y z\n7 1 0 0 0\n7 1 0 0 0\n", ":11: duplicate atom id 7"},
        Case{"dump_trunc.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\n", "truncated"},
        Case{"xyz_count.xyz", "3\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3\nCu 0 0 0\n", ":4: unexpected end of file"},
        Case{"xyz_props.xyz", "1\nProperties=species:S:1:pos:Q:3\nCu 0 0 0\n", "has type 'Q'"},
        Case{"xyz_lattice.xyz", "1\nLattice=\"10 0 0 0 10 0\" Properties=species:S:1:pos:R:3\nCu 0 0 0\n", "Lattice needs 9 numbers"},
        Case{"xyz_quote.xyz", "1\nLattice=\"10 0 0 0 10 0 0 0 10 Properties=species:S:1:pos:R:3\nCu 0 0 0\n", "unterminated quoted value"},
        Case{"xyz_left.xyz", "1\nLattice=\"10 0 0 0 10 0 0 0 -10\" Properties=species:S:1:pos:R:3\nCu 0 0 0\n", "left-handed"}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string n = info.param.name;
      for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(Malformed, GzipTruncatedIsAnError) {
  test::ScratchDir dir("gz");
  std::mt19937 rng(1);
  io::write_structure(dir.file("a.dump.gz"), test::random_configuration(rng, 2000, false));
  std::string bytes = slurp(dir.file("a.dump.gz"));
  std::ofstream(dir.file("cut.dump.gz"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_THROW(io::read_frames(dir.file("cut.dump.gz")), InputError);
}
