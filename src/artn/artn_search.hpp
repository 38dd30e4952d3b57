#pragma once
// The activation–relaxation technique nouveau (ARTn) saddle search (SPEC §7):
// Barkema & Mousseau, PRL 77, 4358 (1996) (ART); Malek & Mousseau, PRE 62, 7723 (2000) (Lanczos,
// "nouveau"); Machado-Charry, Béland, Caliste, Genovese, Deutsch, Mousseau & Pochet,
// JCP 135, 034102 (2011) (small Lanczos bases, FIRE-like perpendicular relaxation, costs).
//
//  1. from a minimum x0, a random push direction d restricted to a set of coordinates (the atom
//     and its neighbours within a radius, see local_push.hpp);
//  2. basin exit: steps along d, each followed by a short relaxation perpendicular to d, until
//     the lowest Hessian eigenvalue (Lanczos, from x − x0, every few steps, a small basis that
//     stops as soon as a Ritz value is below the threshold) falls below a negative threshold;
//  3. activation: a step uphill along the lowest eigenvector v (mixed with d for the first few),
//     then a short FIRE relaxation of the forces perpendicular to v that stops before it undoes
//     the climb (pARTn's rules), then Lanczos from the previous v; until max |F| < tolerance.
//     If λ turns positive (a convex region), back to basin pushes along x − x0, a few times;
//  4. verification: lowest eigenvalue < 0 and the second lowest (deflated Lanczos) not below a
//     small negative floor — exactly one negative eigenvalue;
//  5. push over the saddle along ±v, relax both sides (FIRE): one side must come back to x0
//     (connectivity), the other is the final minimum; the barrier E_saddle − E0 must be > 0;
//  6. a push that fails in 2–5 is replaced by a new random push from x0, a few times (kinetic
//     ART: Béland, Brommer, El-Mellouhi, Joly & Mousseau, PRE 84, 046704 (2011)).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "artn/energy_surface.hpp"
#include "artn/fire.hpp"
#include "artn/lanczos.hpp"

namespace glassml::artn {

/// One point of a search's trajectory, for diagnostics (ArtnParameters::trace).
struct TracePoint {
  const char* phase = "";        ///< "basin" or "activation"
  int iteration = 0;
  double eigenvalue = 0.0;       ///< eV/Å², lowest (Lanczos) at this point
  double force_parallel = 0.0;   ///< eV/Å, F·v along the current direction
  double force_perpendicular = 0.0;  ///< eV/Å, max atomic |F⊥|
  double max_force = 0.0;        ///< eV/Å, max atomic |F|
  double displacement = 0.0;     ///< Å, largest atomic distance from the initial minimum
  double energy = 0.0;           ///< eV, relative to the initial minimum
  double step = 0.0;             ///< Å, step along the eigenvector (activation)
  double overlap = 0.0;          ///< |v·v_previous|
  std::size_t force_calls = 0;
};

/// All settings of one search. Lengths in Å, energies in eV, curvatures in eV/Å² (for model
/// surfaces: their own units). Defaults: SPEC §7 and the references above; those marked pARTn
/// follow the plugin's defaults (Poberznik, Gunde, Salles, Jay, Hémeryck, Richard, Mousseau,
/// Marinica & Cancès, Comput. Phys. Commun. 295, 108961 (2024); Ry/bohr units converted:
/// 0.01 Ry/bohr ≈ 0.26 eV/Å, 0.01 Ry/bohr² ≈ 0.49 eV/Å²), measured on the glass in
/// docs/BENCHMARKS.md "### Success on the glass".
struct ArtnParameters {
  int components = 3;                ///< coordinates per atom (3; 2 for a 2-D model surface)
  // --- initial push and basin exit
  double push_radius = 3.5;          ///< Å, atoms pushed: the centre and neighbours within (SPEC: 3–4 Å). 2.8 Å halved the median
                                     ///< calls on the survey's masked sample but lost searches through `glassml activate`'s
                                     ///< clusters (s1: 22 / 32 against 25 / 32; docs/BENCHMARKS.md "Session 6"): not adopted
  double basin_step = 0.1;           ///< Å, norm of each step along the push (SPEC: pushes 0.1–0.2 Å)
  int basin_max_steps = 40;          ///< steps out of the basin before giving up
  int basin_steps_without_lanczos = 8;  ///< first steps of a push without the (costly) Lanczos (pARTn ninit = 2). 8: the checks at
                                     ///< steps 2 and 5 (λ_min +0.4…+1.0) never ended a walk on the glass's held-out set (exits at
                                     ///< steps 11–26 in 59 of 59 pushes), and the later checks stay on the same steps (8, 11, 14, …
                                     ///< with basin_lanczos_every = 3): the same walk, 2 Lanczos (16 calls) fewer (docs/BENCHMARKS.md "Session 6")
  int basin_lanczos_every = 3;       ///< after those, Lanczos at every k-th basin step only: its ~20 force calls were ~90 % of a
                                     ///< basin step's cost (s1: median calls to the saddle 1,116 -> 655 at k = 3, same success; docs/BENCHMARKS.md)
  int basin_lanczos_basis = 8;       ///< Lanczos vectors at most in the basin, where only "λ_min < eigenvalue_threshold?" matters;
                                     ///< each basin Lanczos also stops once a Ritz value is below the threshold (an upper bound of
                                     ///< λ_min: the exit is certain). A late answer costs at most basin_lanczos_every steps.
                                     ///< s1 tuning set: median calls to the saddle 655 -> 440 with the next (docs/BENCHMARKS.md)
  int basin_relax_steps = 3;         ///< perpendicular FIRE evaluations after each basin step at most (pARTn nperp)
  double basin_perp_force = 0.25;    ///< eV/Å, that relaxation stops once max |F⊥| is below (pARTn init_forc_thr)
  double eigenvalue_threshold = -0.5;  ///< eV/Å², basin left when λ_min below (SPEC: about −0.5)
  // --- activation: steps along the lowest eigenvector v, each followed by a perpendicular relaxation
  int smoothing_steps = 3;           ///< first steps along a mix of the push and v, (1 − w) p + w v, w = k/(n+1) (pARTn nsmooth)
  double eigen_step_max = 0.1;       ///< Å, largest step along v (pARTn eigen_step_size 0.2 bohr; Machado-Charry: ~0.1)
  double step_curvature_floor = 0.5; ///< eV/Å², step = min(eigen_step_max, |F·v| / max(|λ|, floor)) (pARTn; Cancès et al., JCP 130, 114711 (2009))
  std::vector<int> perp_relax_limits = {4, 8, 12, 16, 24};  ///< FIRE evaluations of the k-th perpendicular relaxation at most (last repeats; pARTn nperp_limitation)
  double perp_force_far = 0.25;      ///< eV/Å, perpendicular relaxation stops once max |F⊥| below, while far from the saddle (pARTn init_forc_thr)
  double parallel_force_near = 0.13; ///< eV/Å, "near the saddle" once max |F∥| below: the perpendicular relaxation then goes to the saddle tolerance (pARTn fpara_thr)
  bool perp_stop_below_parallel = true;  ///< perpendicular relaxation also stops once max |F⊥| < max |F∥| (pARTn): it must not drain the climb
  double perp_max_travel = 0.25;     ///< Å, an activation's perpendicular relaxation also stops once an atom is this far from where
                                     ///< it began (0: no limit). Without it 5 % of those relaxations slid 0.3–1.5 Å back towards the
                                     ///< start in one iteration (E 3.2 -> 0.3 eV) and the climb turned convex. s1 with the 14 Å sphere,
                                     ///< 120 searches: 99 saddles instead of 95 (a small gain; docs/BENCHMARKS.md "Session 7")
  double perp_max_step = 0.1;        ///< Å, largest atomic move of one perpendicular FIRE step
  double perp_dt_start = 0.3;        ///< first FIRE time step of each perpendicular relaxation, from rest (unit masses, Å·(amu/eV)^½; a few steps must remove stiff |F⊥| ~ 1–2 eV/Å: 0.1 left it, 0.3 < 2/√λ_max is still stable)
  int return_steps_without_lanczos = 3;  ///< steps of a convex return along x − x0 before its first Lanczos: λ_min ≥ 0 was just
                                     ///< measured where it starts (0 = Lanczos at its first step). 3 keeps the checks on the same steps
                                     ///< (3, 6, …); no return left at step 0 in 99 returns on the held-out set (docs/BENCHMARKS.md "Session 6")
  int convex_returns = 3;            ///< λ_min ≥ 0 during activation: back to basin pushes along x − x0 this many times, then fail (pARTn nnewchance)
  double activation_lanczos_tolerance = 1e-2;  ///< relative tolerance of each activation Lanczos (warm, from the previous v, which the next
                                     ///< iteration refines again); the verification at the saddle keeps lanczos.relative_tolerance
  int activation_max_iterations = 200;  ///< steps along v (each with its relaxation and Lanczos) at most
  // --- saddle, verification, both sides
  double saddle_force_tolerance = 0.01;  ///< eV/Å, saddle when max atomic |F| < this (SPEC: 0.01)
  double second_eigenvalue_floor = -0.05;  ///< eV/Å², second eigenvalue must be above (noise of FD)
  double push_over = 0.15;           ///< Å, displacement along ±v off the saddle before relaxing
  double connect_tolerance = 0.1;    ///< Å, largest atomic distance for "the same minimum"
  bool ignore_translation = true;    ///< compare minima after removing the mean displacement
                                     ///< (periodic atoms drift as a whole; false for model surfaces)
  int pushes = 5;                    ///< random pushes per search at most: after a failed push (no saddle, not first
                                     ///< order, not connected) the search starts again from the minimum with a new push
                                     ///< (kinetic ART's retries); force calls count over all pushes. 5, not 3: through
                                     ///< `glassml activate` on s1 (seeds 11–14, 64 searches) 54 found a saddle instead of 48
                                     ///< (84 % against 75 %), at a higher median cost per search (docs/BENCHMARKS.md "Session 7")
  std::size_t max_force_calls = 5000;   ///< whole search, before giving up
  std::uint64_t seed = 1;            ///< random push direction
  LanczosParameters lanczos;         ///< basis 20, step 0.01 Å (SPEC §7)
  FireParameters fire;               ///< minimizations (tolerance = saddle_force_tolerance by default)
  std::function<void(const TracePoint&)> trace;  ///< called once per basin step / activation iteration (may be empty)
};

enum class Status {
  Success,
  InitialNotMinimum,      ///< the start did not relax to a minimum within the FIRE step limit
  BasinExitFailed,        ///< no eigenvalue below the threshold within basin_max_steps
  LostNegativeCurvature,  ///< λ_min ≥ 0 during activation more than convex_returns times
  ActivationNotConverged, ///< max |F| not below the tolerance within activation_max_iterations
  TooManyForceCalls,      ///< max_force_calls reached
  NotFirstOrderSaddle,    ///< a second negative eigenvalue (or none) at the converged point
  FinalNotMinimum,        ///< a side of the saddle did not relax within the FIRE step limit
  NotConnected,           ///< neither side of the saddle relaxes back to the initial minimum
  SameMinimum,            ///< both sides relax back to the initial minimum
  NonPositiveBarrier,     ///< E_saddle − E0 ≤ 0
};

/// One line saying what the status means.
std::string describe(Status status);

struct ForceCallCounts {
  std::size_t minimization = 0;  ///< initial and final FIRE relaxations
  std::size_t basin = 0;         ///< basin exit (steps, perpendicular relaxation, Lanczos)
  std::size_t activation = 0;    ///< convergence onto the saddle
  std::size_t verification = 0;  ///< Lanczos at the saddle (both eigenvalues)
  std::size_t total() const { return minimization + basin + activation + verification; }
  ForceCallCounts& operator+=(const ForceCallCounts& o) {
    minimization += o.minimization, basin += o.basin, activation += o.activation, verification += o.verification;
    return *this;
  }
};

/// One random push of a search (artn_search): how it ended and what it cost.
struct PushRecord {
  Status status = Status::Success;
  ForceCallCounts force_calls;  ///< of this push alone
  double barrier = 0.0;         ///< eV, E_saddle − E0 if it converged onto a saddle, else 0
  int activation_iterations = 0;
  double return_distance = 0.0; ///< Å, of the side of its saddle closer to the start (0 without a saddle)
};

struct SaddleSearchResult {
  Status status = Status::Success;
  double initial_energy = 0.0;      ///< eV, E0 at the relaxed start
  double saddle_energy = 0.0;       ///< eV
  double final_energy = 0.0;        ///< eV
  double barrier = 0.0;             ///< eV, ΔQ = E_saddle − E0
  double lowest_eigenvalue = 0.0;   ///< eV/Å² at the saddle
  double second_eigenvalue = 0.0;   ///< eV/Å² at the saddle (deflated Lanczos)
  double saddle_max_force = 0.0;    ///< eV/Å, max atomic |F| at the saddle
  double largest_displacement = 0.0;  ///< Å, largest atomic move initial → final minimum (net translation removed if ignore_translation)
  double return_distance = 0.0;     ///< Å, largest atomic distance of the side closer to the start from it (connectivity)
  std::vector<double> initial, saddle, final_minimum, eigenvector;
  int activation_iterations = 0;
  int pushes = 1;                   ///< random pushes this search used (ArtnParameters::pushes)
  ForceCallCounts force_calls;      ///< over all pushes
  std::vector<PushRecord> push_records;  ///< one per push, in order (the last is this result's own)
  bool success() const { return status == Status::Success; }
};

/// Runs one search from `x0` (relaxed first). `push_mask` has one weight per coordinate (0 =
/// not pushed; e.g. local_push_mask); the push is a Gaussian random vector times the mask,
/// normalized, from `p.seed`; up to `p.pushes` of them, until one gives a connected saddle
/// (push k from push_seed(p.seed, k)). `mobile` (empty = all mobile) is 1 for coordinates that
/// may move and 0 for frozen ones (the buffer of a cluster cut around the event): their forces are
/// zeroed, so every step, Lanczos vector and relaxation stays in the mobile subspace.
SaddleSearchResult artn_search(const EnergySurface& surface, std::vector<double> x0,
                               const std::vector<double>& push_mask, const ArtnParameters& p,
                               const std::vector<double>& mobile = {});

/// Seed of the random push of attempt `attempt` (0, 1, …) of a search seeded `seed`: the seed
/// itself for the first, a splitmix64 of both after; attempt k of a search is the one-push search
/// (pushes = 1) with this seed.
std::uint64_t push_seed(std::uint64_t seed, int attempt);

/// Same, with an explicit push direction (any norm; for tests and restarts).
SaddleSearchResult artn_search_along(const EnergySurface& surface, std::vector<double> x0,
                                     std::vector<double> push_direction, const ArtnParameters& p,
                                     const std::vector<double>& mobile = {});

}  // namespace glassml::artn
