#include "core/parallel.hpp"

#include <omp.h>

namespace glassml {
namespace {
int default_threads() {
  static const int n = omp_get_max_threads();
  return n;
}
}  // namespace

int num_threads() { return omp_get_max_threads(); }

void set_num_threads(int n) { omp_set_num_threads(n > 0 ? n : default_threads()); }

}  // namespace glassml
