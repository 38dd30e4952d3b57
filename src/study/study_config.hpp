#pragma once
// The study file (TOML): which samples to make, how to label, describe, learn, activate and
// report them. Every key maps onto an option of a glassml command; the parser checks types,
// ranges and unknown keys and reports "FILE:LINE: what" (InputError). Example: examples/quick.toml.
#include <map>
#include <string>
#include <vector>

namespace glassml::study {

/// The settings of one stage, already in command-line form.
struct StageSettings {
  bool present = false;                  ///< the table appears in the file
  std::vector<std::string> args;         ///< options that decide the product (hashed)
  std::vector<std::string> exec_args;    ///< options that only decide how it runs (--jobs: not hashed)
  std::map<std::string, double> numbers; ///< numeric values by key (cost model)
  int cpus = 1;                          ///< processes or threads the stage's job uses
  double number(const std::string& key, double fallback) const;
};

struct StudyConfig {
  std::string path;                 ///< the TOML file
  std::string name, title;          ///< [study]
  // [samples]: `count` samples at `rate`; the last `split.test` of them are held out.
  long atoms = 0, count = 0, seed = 1, test = 1, test_rate_count = 1;
  double rate = 0;
  std::vector<double> test_rates;   ///< other cooling rates: test_rate_count samples each
  StageSettings quench, stiffness, harmonic, train, activation, report;
  std::vector<std::string> potential_args;  ///< --potential/--pair-style/--opt for every MD stage
  std::string potential_file;       ///< its contents are part of the hash ("" = command default)
  bool harmonic_on = false, activation_on = false, report_on = true;
  long activation_samples = 1;      ///< held-out samples (else training samples) to activate
};

/// Parses and checks a study file; throws InputError ("FILE:LINE: what").
StudyConfig parse_study(const std::string& path);
/// The same from text (`path` names it in messages).
StudyConfig parse_study_text(const std::string& text, const std::string& path);

/// Cooling-rate label as the report wants it: 1e13, 2.5e12.
std::string rate_label(double rate);

}  // namespace glassml::study
