// presslens/stats.hpp: the statistics of a 2x2 contingency table, shared by keyness
// (terms.hpp: a term in one group against the rest) and co-mention associations
// (comention.hpp: two entities in the units of text), and the adjustment of many p-values.
//
//   const presslens::Table2x2 t = presslens::Table2x2::of(a, b, c, d);
//   double g2 = presslens::g2_statistic(t);           // log-likelihood ratio
//   double x2 = presslens::yates_chi2(t);             // Pearson's chi2, Yates-corrected
//   double p = presslens::chi2_sf_1df(g2);            // its p-value, 1 degree of freedom
//
// The formulas, with the conventions of scipy and quanteda, are written out in
// docs/terms.md (keyness) and docs/entities.md (associations).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "presslens/errors.hpp"

namespace presslens {

/// A 2x2 table: observed counts o = {a, b, c, d} (row-major: a b / c d) and the counts
/// expected under independence from its margins, e = {(a+b)(a+c)/n, (a+b)(b+d)/n,
/// (c+d)(a+c)/n, (c+d)(b+d)/n}, n = a+b+c+d.
struct Table2x2 {
  double o[4];
  double e[4];

  [[nodiscard]] static Table2x2 of(double a, double b, double c, double d) noexcept;
};

/// G2 = 2 sum O ln(O/E) over the cells with O > 0 (0 ln 0 = 0); never negative (rounding).
[[nodiscard]] double g2_statistic(const Table2x2& t) noexcept;

/// Pearson's chi2 with Yates' continuity correction as scipy.stats.chi2_contingency applies
/// it: each |O - E| reduced by min(0.5, |O - E|); cells with E = 0 contribute nothing. For a
/// 2x2 table this equals n (|ad - bc| - n/2)^2 / ((a+b)(c+d)(a+c)(b+d)), 0 when
/// |ad - bc| < n/2.
[[nodiscard]] double yates_chi2(const Table2x2& t) noexcept;

/// Pearson's chi2 of a 2x2 table with `delta` taken off |ad - bc| per unit of n:
/// n (|ad - bc| - n delta)^2 / ((a+b)(c+d)(a+c)(b+d)). delta = 0: no correction; 0.5:
/// Yates' (applied whatever |ad - bc|, unlike yates_chi2, so callers pass 0.5 only when
/// |ad - bc| >= n/2). Unsigned. NaN when a margin is 0.
[[nodiscard]] double chi2_statistic(const Table2x2& t, double delta) noexcept;

/// The rule by which quanteda.textstats (textstat_keyness, correction "default" or "yates")
/// corrects a 2x2 table: 0.5 when |ad - bc| >= n/2 and an expected count is below 5, else 0.
/// (scipy's chi2_contingency corrects every 2x2 table.)
[[nodiscard]] double quanteda_yates_delta(const Table2x2& t) noexcept;

/// Williams' correction factor q of a 2x2 table as quanteda.textstats computes it:
/// 1 + (n/(a+b) + n/(c+d) - 1)(n/(a+c) + n/(b+d) - 1) / (6n), and 1 when a cell is 0.
[[nodiscard]] double williams_q(const Table2x2& t) noexcept;

/// G2 as quanteda.textstats' textstat_keyness computes it: every cell moved by `delta`
/// towards independence (a and d down, b and c up when ad > bc; the other way otherwise;
/// the margins and so the expected counts do not change), then 2 sum O ln(O/E + 1e-9)
/// (quanteda's epsilon; 0 for an empty cell). Unsigned; not clamped at 0.
[[nodiscard]] double g2_quanteda(const Table2x2& t, double delta) noexcept;

/// Survival function of the chi2 distribution with one degree of freedom: erfc(sqrt(x/2));
/// 1 for x <= 0 or NaN.
[[nodiscard]] double chi2_sf_1df(double x) noexcept;

/// Benjamini-Hochberg adjusted p-values of `p`, in the same order. O(m log m).
[[nodiscard]] std::vector<double> bh_adjust(std::span<const double> p);

/// Percentile-bootstrap intervals of the mean of each group of `values` (sorted by group;
/// `sizes[g]` values in group g): `n_boot` resamples per group, each the mean of sizes[g]
/// values drawn with replacement, and the (1 - ci)/2 and (1 + ci)/2 quantiles of those
/// means with linear interpolation (numpy's default). Group g draws from its own eight
/// generators, xoshiro256** seeded by splitmix64 from (seed + g) * 8 + l for l = 0..7;
/// resample b takes its draws from generator b mod 8 (a draw below n: the high 32 bits of
/// the next output times n, the top 32 bits of that product), so the result does not depend
/// on `threads` nor on the CPU (eight generators side by side in AVX-512 where it has it,
/// one after the other where not). A group of fewer than two values gets NaN. Throws
/// std::invalid_argument when the sizes do not add up to the values, a group has 2^32
/// values or more, ci is outside (0, 1) or n_boot is 0.
/// O(sum(sizes) * n_boot) time (the quantiles by selection, not sorting), O(n_boot) memory
/// per thread.
struct BootstrapIntervals {
  std::vector<double> low, high;
};
[[nodiscard]] BootstrapIntervals bootstrap_mean_ci(std::span<const double> values,
                                                   std::span<const std::int64_t> sizes, double ci,
                                                   std::size_t n_boot, std::uint64_t seed,
                                                   int threads = 0,
                                                   const Interrupt& interrupt = {});

}  // namespace presslens
