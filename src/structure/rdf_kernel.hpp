#pragma once
// The innermost loop of the RDF histogram: which candidates lie within the cutoff of an atom, and
// in which bin. Single precision, 16 candidates per AVX-512 instruction, with a proof-carrying
// margin: a pair is binned in float only when its float distance is farther than the worst-case
// float error from every decision boundary (bin edges, r_min, the cutoff); the few others are
// returned as "unsure" and decided by the caller in double precision with the reference formula.
// So the counts equal those of the double computation exactly, whichever version runs.
//
// Error bound (u = 2^-24, the float unit roundoff). Coordinates are local: relative to an atom of
// the central cell, so |p| <= D, D = CellList::stencil_diameter(). Rounding p and q to float moves
// each coordinate by <= uD; the float difference adds <= u r per coordinate; the three squares,
// two sums and the square root add a relative <= 3.5u. Hence |r_float − r| <= √3 (2uD + ur) +
// 3.5u r < 4u (D + r_cut), and the kernel uses the margin δ_r = 16u (D + r_cut) (a factor 4 to
// spare). In bin units x = (r − r_min)/Δr the margin is δ_r/Δr plus the rounding of the
// subtraction and the scaling (a few u times the bin count).
#include <cstddef>
#include <cstdint>

namespace glassml::structure::detail {

struct BinKernelParams {
  float cut2_hi = 0;   ///< float r² at or above this: certainly r >= r_cut (not a candidate)
  float cut2_lo = 0;   ///< float r² at or above this: too near the cutoff, unsure
  float r_min = 0;     ///< Å
  float inv_dr = 0;    ///< 1/Å
  float eps = 0;       ///< margin in bin units
  std::int32_t num_bins = 0;
};

/// Margins for cutoff r_cut, bins of width dr from r_min, and local coordinates within `extent`
/// (Å) of the atom at the origin.
BinKernelParams make_bin_kernel_params(double r_cut, double r_min, double dr, std::size_t num_bins, double extent);

/// Scratch arrays of the kernel, each with room for (end − begin) + 16 entries.
struct BinKernelScratch {
  std::uint32_t* hit = nullptr;   ///< candidate indices of pass 1
  float* hit_r2 = nullptr;        ///< their float r²
};

/// Outputs: candidates with the bin the float computation decided (bin in [0, num_bins)), and
/// candidates to be decided in double. Candidates certainly outside [r_min, r_cut) are dropped.
struct BinKernelResult {
  std::size_t sure = 0, unsure = 0;
};

/// Candidates [begin, end) of local single-precision coordinates (x, y, z) around q:
/// sure_idx/sure_bin[0..sure) and unsure_idx[0..unsure), in candidate order. Every output array
/// needs room for (end − begin) + 16 entries (vector stores write scratch lanes past the end).
BinKernelResult bin_candidates(const float* x, const float* y, const float* z, std::size_t begin, std::size_t end, float qx,
                               float qy, float qz, const BinKernelParams& p, BinKernelScratch scratch, std::uint32_t* sure_idx,
                               std::uint32_t* sure_bin, std::uint32_t* unsure_idx);

BinKernelResult bin_candidates_portable(const float* x, const float* y, const float* z, std::size_t begin, std::size_t end,
                                        float qx, float qy, float qz, const BinKernelParams& p, BinKernelScratch scratch,
                                        std::uint32_t* sure_idx, std::uint32_t* sure_bin, std::uint32_t* unsure_idx);
/// AVX-512F version; call only when the CPU has it (bin_candidates checks).
BinKernelResult bin_candidates_avx512(const float* x, const float* y, const float* z, std::size_t begin, std::size_t end,
                                      float qx, float qy, float qz, const BinKernelParams& p, BinKernelScratch scratch,
                                      std::uint32_t* sure_idx, std::uint32_t* sure_bin, std::uint32_t* unsure_idx);

using BinKernel = BinKernelResult (*)(const float*, const float*, const float*, std::size_t, std::size_t, float, float, float,
                                      const BinKernelParams&, BinKernelScratch, std::uint32_t*, std::uint32_t*,
                                      std::uint32_t*);
/// The version bin_candidates calls on this CPU.
BinKernel bin_kernel();

}  // namespace glassml::structure::detail
