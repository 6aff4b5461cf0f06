// Private: the resampling inside bootstrap_mean_ci (stats.cpp), here so that the tests can
// check the vector path against the scalar one draw for draw.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PRESSLENS_BOOTSTRAP_AVX512 1
#include <immintrin.h>
#else
#define PRESSLENS_BOOTSTRAP_AVX512 0
#endif

namespace presslens::detail {

/// Generators per group: resample b of a group draws from its generator b mod 8.
inline constexpr std::size_t kBootstrapLanes = 8;

/// The state of a group's eight xoshiro256** generators, word w of generator l in s[w][l].
struct BootstrapLanes {
  std::array<std::array<std::uint64_t, kBootstrapLanes>, 4> s;
};

/// Generator l seeded by splitmix64 from seed * 8 + l.
void seed_bootstrap_lanes(std::uint64_t seed, BootstrapLanes& lanes) noexcept;

/// One resample of the n values at v per generator: sums[l] is the sum of n values, each
/// v[((next() >> 32) * n) >> 32] of generator l (n < 2^32), added in order.
void resample_lanes_scalar(const double* v, std::uint64_t n, BootstrapLanes& lanes,
                           double* sums) noexcept;
/// means[0, count): the means of `count` resamples, resample b from generator b mod 8 (the
/// generators advanced past them): with resample_lanes_scalar, or with AVX-512, the eight
/// generators side by side (the scalar way where the compiler has no AVX-512 target); call
/// the latter only when bootstrap_vector_available().
void resample_means_scalar(const double* v, std::uint64_t n, BootstrapLanes& lanes, double* means,
                           std::size_t count) noexcept;
void resample_means_avx512(const double* v, std::uint64_t n, BootstrapLanes& lanes, double* means,
                           std::size_t count) noexcept;
/// Whether this CPU runs resample_means_avx512 (AVX-512 F and DQ).
[[nodiscard]] bool bootstrap_vector_available() noexcept;

/// The means of means.size() resamples of the n values at v, generators seeded from `seed`:
/// resample b from generator b mod 8, the vector path when `vector`. False, with the means
/// incomplete, when `stop` (if not null) turned true (it is read between rounds of about 16
/// million draws).
bool resample_means(const double* v, std::size_t n, std::uint64_t seed, bool vector,
                    std::vector<double>& means, const std::atomic<bool>* stop = nullptr) noexcept;

/// numpy.quantile(a, p) with the linear method (a non-empty, p in [0, 1]), from the order
/// statistics it needs (a heap of the values nearer the end p is near, in `heap`).
[[nodiscard]] double quantile_linear(const std::vector<double>& a, double p,
                                     std::vector<double>& heap);

}  // namespace presslens::detail
