// 2x2 contingency statistics, p-value adjustment and the bootstrap of group means
// (presslens/stats.hpp). One definition of
// each, so that keyness and co-mention associations cannot drift apart.
#include "presslens/stats.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "presslens/parallel.hpp"

namespace presslens {

Table2x2 Table2x2::of(double a, double b, double c, double d) noexcept {
  const double n = a + b + c + d;
  return Table2x2{
      {a, b, c, d},
      {(a + b) * (a + c) / n, (a + b) * (b + d) / n, (c + d) * (a + c) / n, (c + d) * (b + d) / n}};
}

double g2_statistic(const Table2x2& t) noexcept {
  double s = 0;
  for (int i = 0; i < 4; ++i) {
    if (t.o[i] > 0 && t.e[i] > 0) s += t.o[i] * std::log(t.o[i] / t.e[i]);
  }
  return std::max(0.0, 2.0 * s);
}

double yates_chi2(const Table2x2& t) noexcept {
  double s = 0;
  for (int i = 0; i < 4; ++i) {
    if (!(t.e[i] > 0)) continue;
    const double diff = t.e[i] - t.o[i];
    // (scipy's order of operations, so that the values are scipy's to the last bit)
    const double corrected = t.o[i] + std::min(0.5, std::abs(diff)) * (diff > 0   ? 1
                                                                       : diff < 0 ? -1
                                                                                  : 0);
    const double dd = corrected - t.e[i];
    s += dd * dd / t.e[i];
  }
  return s;
}

double chi2_statistic(const Table2x2& t, double delta) noexcept {
  const double a = t.o[0], b = t.o[1], c = t.o[2], d = t.o[3];
  const double n = a + b + c + d;
  const double dev = std::abs(a * d - b * c) - n * delta;
  return n * (dev * dev) / ((a + b) * (c + d) * (a + c) * (b + d));
}

double quanteda_yates_delta(const Table2x2& t) noexcept {
  const double a = t.o[0], b = t.o[1], c = t.o[2], d = t.o[3];
  const double n = a + b + c + d;
  const bool small = t.e[0] < 5 || t.e[1] < 5 || t.e[2] < 5 || t.e[3] < 5;
  return std::abs(a * d - b * c) >= n / 2 && small ? 0.5 : 0.0;
}

double williams_q(const Table2x2& t) noexcept {
  const double a = t.o[0], b = t.o[1], c = t.o[2], d = t.o[3];
  if (a == 0 || b == 0 || c == 0 || d == 0) return 1.0;
  const double n = a + b + c + d;
  return 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n);
}

double g2_quanteda(const Table2x2& t, double delta) noexcept {
  constexpr double kEpsilon = 1e-9;  // quanteda's, inside the logarithm
  const double a = t.o[0], b = t.o[1], c = t.o[2], d = t.o[3];
  const double shift = a * d - b * c > 0 ? -delta : delta;
  const double adjusted[4] = {a + shift, b - shift, c - shift, d + shift};
  double s = 0;
  for (int i = 0; i < 4; ++i) {
    if (adjusted[i] != 0) s += adjusted[i] * std::log(adjusted[i] / t.e[i] + kEpsilon);
  }
  return 2.0 * s;
}

double chi2_sf_1df(double x) noexcept {
  if (!(x > 0)) return 1.0;
  return std::erfc(std::sqrt(x / 2.0));
}

std::vector<double> bh_adjust(std::span<const double> p) {
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> adj(m);
  double running = 1.0;
  for (std::size_t r = m; r-- > 0;) {
    const double v = p[order[r]] * static_cast<double>(m) / static_cast<double>(r + 1);
    running = std::min(running, v);
    adj[order[r]] = running;
  }
  return adj;
}

namespace {

__extension__ using Uint128 = unsigned __int128;  // GCC and Clang; for the draws below

constexpr std::uint64_t splitmix64(std::uint64_t& x) noexcept {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), seeded by four outputs of splitmix64.
class Xoshiro256 {
 public:
  explicit Xoshiro256(std::uint64_t seed) noexcept {
    for (std::uint64_t& w : s_) w = splitmix64(seed);
  }
  std::uint64_t next() noexcept {
    const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = std::rotl(s_[3], 45);
    return result;
  }
  // A draw in [0, n): the high half of next() * n.
  std::size_t below(std::uint64_t n) noexcept {
    return static_cast<std::size_t>((static_cast<Uint128>(next()) * n) >> 64);
  }

 private:
  std::uint64_t s_[4];
};

// numpy.quantile(a, p) with the linear method, of a non-empty range, by partial selection
// rather than a sort: the order statistic lo by nth_element (which reorders `a`), lo + 1 as
// the least of what follows it.
double quantile_select(std::vector<double>& a, double p) noexcept {
  const double h = static_cast<double>(a.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto at = a.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(a.begin(), at, a.end());
  if (lo + 1 >= a.size()) return *at;
  return *at + (h - static_cast<double>(lo)) * (*std::min_element(at + 1, a.end()) - *at);
}

// The means of the resamples of the n values v, means.size() of them, in the generator's
// order: resample b is draws b*n .. b*n + n - 1, added in that order. (Summing four
// resamples side by side from a buffer of draws was measured 10% slower: the generator, not
// the additions, sets the pace.)
void resample_means(const double* v, std::size_t n, Xoshiro256& rng, std::vector<double>& means) {
  const double dn = static_cast<double>(n);
  for (double& m : means) {
    double sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) sum += v[rng.below(n)];
    m = sum / dn;
  }
}

}  // namespace

BootstrapIntervals bootstrap_mean_ci(std::span<const double> values,
                                     std::span<const std::int64_t> sizes, double ci,
                                     std::size_t n_boot, std::uint64_t seed, int threads,
                                     const Interrupt& interrupt) {
  if (!(ci > 0 && ci < 1)) throw std::invalid_argument("ci must be in (0, 1)");
  if (n_boot == 0) throw std::invalid_argument("n_boot must be at least 1");
  std::vector<std::size_t> start(sizes.size() + 1, 0);
  for (std::size_t g = 0; g < sizes.size(); ++g) {
    if (sizes[g] < 0) throw std::invalid_argument("bootstrap: a negative group size");
    start[g + 1] = start[g] + static_cast<std::size_t>(sizes[g]);
  }
  if (start.back() != values.size())
    throw std::invalid_argument("bootstrap: the group sizes do not add up to the values");
  BootstrapIntervals out;
  out.low.assign(sizes.size(), std::numeric_limits<double>::quiet_NaN());
  out.high.assign(sizes.size(), std::numeric_limits<double>::quiet_NaN());
  const double alpha = (1.0 - ci) / 2.0;
  constexpr std::size_t kGroupsPerTask = 16;
  parallel_for((sizes.size() + kGroupsPerTask - 1) / kGroupsPerTask, threads,
               [&](std::size_t task) {
                 std::vector<double> means(n_boot);
                 for (std::size_t g = task * kGroupsPerTask;
                      g < std::min(sizes.size(), (task + 1) * kGroupsPerTask); ++g) {
                   const std::size_t n = start[g + 1] - start[g];
                   if (n < 2) continue;
                   Xoshiro256 rng(seed + g);
                   resample_means(values.data() + start[g], n, rng, means);
                   out.low[g] = quantile_select(means, alpha);
                   out.high[g] = quantile_select(means, 1.0 - alpha);
                 }
               },
               interrupt);
  return out;
}

}  // namespace presslens
