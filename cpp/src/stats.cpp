// 2x2 contingency statistics, p-value adjustment and the bootstrap of group means
// (presslens/stats.hpp). One definition of
// each, so that keyness and co-mention associations cannot drift apart.
#include "presslens/stats.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "detail/bootstrap.hpp"
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

constexpr std::uint64_t splitmix64(std::uint64_t& x) noexcept {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

namespace detail {

// The order statistics lo and lo + 1 (lo + 1 clamped to the last) of the non-empty `a`,
// from a heap of the lo + 2 smallest values or of the size - lo largest, whichever is
// fewer: a bootstrap quantile near either end needs only a few dozen of the 2,000 means,
// and after the first few the heap's top turns almost every value away with one comparison
// (nth_element twice was a third of the bootstrap). `heap`: scratch space.
static std::pair<double, double> order_pair(const std::vector<double>& a, std::size_t lo,
                                            std::vector<double>& heap) {
  const std::size_t n = a.size();
  const std::size_t hi = std::min(lo + 1, n - 1);
  const auto keep = [&](std::size_t k, auto before) {  // the k values first in `before` order
    heap.assign(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(k));
    std::make_heap(heap.begin(), heap.end(), before);
    for (std::size_t i = k; i < n; ++i)
      if (before(a[i], heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), before);
        heap.back() = a[i];
        std::push_heap(heap.begin(), heap.end(), before);
      }
    const double last = heap.front();  // the last of the k kept
    if (k == 1) return std::pair{last, last};
    std::pop_heap(heap.begin(), heap.end(), before);
    return std::pair{last, heap.front()};  // and the one before it
  };
  if (hi + 1 <= n - lo) {  // the hi + 1 smallest: the last is hi, the one before it lo
    const auto [last, before] = keep(hi + 1, std::less<double>());
    return hi == lo ? std::pair{last, last} : std::pair{before, last};
  }
  const auto [last, before] = keep(n - lo, std::greater<double>());  // the n - lo largest
  return hi == lo ? std::pair{last, last} : std::pair{last, before};
}

double quantile_linear(const std::vector<double>& a, double p, std::vector<double>& heap) {
  const double h = static_cast<double>(a.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto [x, y] = order_pair(a, lo, heap);
  return x + (h - static_cast<double>(lo)) * (y - x);
}

void seed_bootstrap_lanes(std::uint64_t seed, BootstrapLanes& lanes) noexcept {
  for (std::size_t l = 0; l < kBootstrapLanes; ++l) {
    std::uint64_t x = seed * kBootstrapLanes + l;
    for (auto& word : lanes.s) word[l] = splitmix64(x);
  }
}

// One resample per lane, the scalar way; the same draws and additions as the vector one.
void resample_lanes_scalar(const double* v, std::uint64_t n, BootstrapLanes& lanes,
                           double* sums) noexcept {
  for (std::size_t l = 0; l < kBootstrapLanes; ++l) {
    std::uint64_t s0 = lanes.s[0][l], s1 = lanes.s[1][l], s2 = lanes.s[2][l], s3 = lanes.s[3][l];
    double sum = 0.0;
    for (std::uint64_t k = 0; k < n; ++k) {
      const std::uint64_t out = std::rotl(s1 * 5, 7) * 9;  // xoshiro256**
      const std::uint64_t t = s1 << 17;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = std::rotl(s3, 45);
      sum += v[((out >> 32) * n) >> 32];
    }
    lanes.s[0][l] = s0;
    lanes.s[1][l] = s1;
    lanes.s[2][l] = s2;
    lanes.s[3][l] = s3;
    sums[l] = sum;
  }
}

#if PRESSLENS_BOOTSTRAP_AVX512
// The eight lanes in one AVX-512 register each: xoshiro256** step by step as in the scalar
// loop (x * 5 and x * 9 as shifts and adds, exact in 64 bits), the draw from the high 32
// bits of the output times n (vpmuludq), and each lane's sum in the same order.
// (GCC 12's AVX-512 headers start their results from a self-initialised "undefined" vector,
// which -Wmaybe-uninitialized reports wherever they are inlined)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
__attribute__((target("avx512f,avx512dq"))) void resample_means_avx512(const double* v,
                                                                       std::uint64_t n,
                                                                       BootstrapLanes& lanes,
                                                                       double* means,
                                                                       std::size_t count) noexcept {
  __m512i s0 = _mm512_loadu_si512(lanes.s[0].data());
  __m512i s1 = _mm512_loadu_si512(lanes.s[1].data());
  __m512i s2 = _mm512_loadu_si512(lanes.s[2].data());
  __m512i s3 = _mm512_loadu_si512(lanes.s[3].data());
  const __m512i nn = _mm512_set1_epi64(static_cast<long long>(n));
  const __m512d dn = _mm512_set1_pd(static_cast<double>(n));
  for (std::size_t b = 0; b < count; b += kBootstrapLanes) {
    __m512d sum = _mm512_setzero_pd();
    for (std::uint64_t k = 0; k < n; ++k) {
      const __m512i x5 = _mm512_add_epi64(_mm512_slli_epi64(s1, 2), s1);
      const __m512i r = _mm512_rol_epi64(x5, 7);
      const __m512i out = _mm512_add_epi64(_mm512_slli_epi64(r, 3), r);
      const __m512i t = _mm512_slli_epi64(s1, 17);
      s2 = _mm512_xor_si512(s2, s0);
      s3 = _mm512_xor_si512(s3, s1);
      s1 = _mm512_xor_si512(s1, s2);
      s0 = _mm512_xor_si512(s0, s3);
      s2 = _mm512_xor_si512(s2, t);
      s3 = _mm512_rol_epi64(s3, 45);
      const __m512i at = _mm512_srli_epi64(_mm512_mul_epu32(_mm512_srli_epi64(out, 32), nn), 32);
      sum = _mm512_add_pd(sum, _mm512_i64gather_pd(at, v, 8));
    }
    const __m512d mean = _mm512_div_pd(sum, dn);
    if (b + kBootstrapLanes <= count)
      _mm512_storeu_pd(means + b, mean);
    else
      _mm512_mask_storeu_pd(means + b, static_cast<__mmask8>((1u << (count - b)) - 1), mean);
  }
  _mm512_storeu_si512(lanes.s[0].data(), s0);
  _mm512_storeu_si512(lanes.s[1].data(), s1);
  _mm512_storeu_si512(lanes.s[2].data(), s2);
  _mm512_storeu_si512(lanes.s[3].data(), s3);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

bool bootstrap_vector_available() noexcept {
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return yes;
}
#else
void resample_means_avx512(const double* v, std::uint64_t n, BootstrapLanes& lanes, double* means,
                           std::size_t count) noexcept {
  resample_means_scalar(v, n, lanes, means, count);
}

bool bootstrap_vector_available() noexcept {
  return false;
}
#endif

void resample_means_scalar(const double* v, std::uint64_t n, BootstrapLanes& lanes, double* means,
                           std::size_t count) noexcept {
  const double dn = static_cast<double>(n);
  std::array<double, kBootstrapLanes> sums{};
  for (std::size_t b = 0; b < count; b += kBootstrapLanes) {
    resample_lanes_scalar(v, n, lanes, sums.data());
    for (std::size_t l = 0; l < kBootstrapLanes && b + l < count; ++l) means[b + l] = sums[l] / dn;
  }
}

bool resample_means(const double* v, std::size_t n, std::uint64_t seed, bool vector,
                    std::vector<double>& means, const std::atomic<bool>* stop) noexcept {
  BootstrapLanes lanes;
  seed_bootstrap_lanes(seed, lanes);
  // In rounds of about 2^24 draws, with a look at `stop` between them (a group of 100,000
  // values and 2,000 resamples is 200 million draws).
  const std::size_t per_round =
      std::max<std::size_t>(1, (std::size_t{1} << 24) / std::max<std::size_t>(n, 1)) *
      kBootstrapLanes;
  for (std::size_t b = 0; b < means.size(); b += per_round) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) return false;
    const std::size_t count = std::min(per_round, means.size() - b);
    if (vector)
      resample_means_avx512(v, n, lanes, means.data() + b, count);
    else
      resample_means_scalar(v, n, lanes, means.data() + b, count);
  }
  return true;
}

}  // namespace detail

BootstrapIntervals bootstrap_mean_ci(std::span<const double> values,
                                     std::span<const std::int64_t> sizes, double ci,
                                     std::size_t n_boot, std::uint64_t seed, int threads,
                                     const Interrupt& interrupt) {
  if (!(ci > 0 && ci < 1)) throw std::invalid_argument("ci must be in (0, 1)");
  if (n_boot == 0) throw std::invalid_argument("n_boot must be at least 1");
  std::vector<std::size_t> start(sizes.size() + 1, 0);
  for (std::size_t g = 0; g < sizes.size(); ++g) {
    if (sizes[g] < 0) throw std::invalid_argument("bootstrap: a negative group size");
    if (sizes[g] > std::int64_t{UINT32_MAX})
      throw std::invalid_argument("bootstrap: a group of 2^32 values or more");
    start[g + 1] = start[g] + static_cast<std::size_t>(sizes[g]);
  }
  if (start.back() != values.size())
    throw std::invalid_argument("bootstrap: the group sizes do not add up to the values");
  BootstrapIntervals out;
  out.low.assign(sizes.size(), std::numeric_limits<double>::quiet_NaN());
  out.high.assign(sizes.size(), std::numeric_limits<double>::quiet_NaN());
  const double alpha = (1.0 - ci) / 2.0;
  const bool vector = detail::bootstrap_vector_available();
  constexpr std::size_t kGroupsPerTask = 16;
  parallel_for(
      (sizes.size() + kGroupsPerTask - 1) / kGroupsPerTask, threads,
      [&](std::size_t task, const std::atomic<bool>& stop) {
        std::vector<double> means(n_boot), heap;
        for (std::size_t g = task * kGroupsPerTask;
             g < std::min(sizes.size(), (task + 1) * kGroupsPerTask); ++g) {
          const std::size_t n = start[g + 1] - start[g];
          if (n < 2) continue;
          if (!detail::resample_means(values.data() + start[g], n, seed + g, vector, means, &stop))
            throw Interrupted();
          out.low[g] = detail::quantile_linear(means, alpha, heap);
          out.high[g] = detail::quantile_linear(means, 1.0 - alpha, heap);
        }
      },
      interrupt);
  return out;
}

}  // namespace presslens
