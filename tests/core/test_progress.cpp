// Progress lines: durations, ETA, and exactly one final line.
#include <gtest/gtest.h>

#include "core/progress.hpp"

using glassml::Progress;

TEST(Progress, FormatsDurations) {
  EXPECT_EQ(Progress::format_duration(5), "5s");
  EXPECT_EQ(Progress::format_duration(63), "1m03s");
  EXPECT_EQ(Progress::format_duration(3723), "1h02m03s");
  EXPECT_EQ(Progress::format_duration(-1), "?");
}

TEST(Progress, PrintsTheFinalLineOnce) {
  testing::internal::CaptureStderr();
  {
    Progress p("job", 10, 0.0);  // interval 0: every update prints
    p.update(5);
    p.update(10);
    p.finish();
  }
  std::string err = testing::internal::GetCapturedStderr();
  std::size_t finals = 0;
  for (std::size_t pos = 0; (pos = err.find("100% (10/10)", pos)) != std::string::npos; ++pos) ++finals;
  EXPECT_EQ(finals, 1u) << err;
  EXPECT_NE(err.find("job:  50% (5/10)"), std::string::npos) << err;
  EXPECT_NE(err.find("ETA"), std::string::npos) << err;
}
