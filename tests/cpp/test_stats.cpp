#include "presslens/stats.hpp"

#include "detail/bootstrap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

using namespace presslens;

// Expected values from scipy 1.x: stats.chi2_contingency(t, correction=True) and
// stats.chi2_contingency(t, correction=False, lambda_="log-likelihood"), and
// stats.false_discovery_control.

TEST(Stats, ChiSquareSurvival) {
  EXPECT_NEAR(chi2_sf_1df(3.841458820694124), 0.05, 1e-9);
  EXPECT_NEAR(chi2_sf_1df(6.6348966010212145), 0.01, 1e-9);
  EXPECT_EQ(chi2_sf_1df(0), 1.0);
  EXPECT_EQ(chi2_sf_1df(-1), 1.0);
  EXPECT_EQ(chi2_sf_1df(std::nan("")), 1.0);
}

TEST(Stats, GTwoAndYatesAsScipy) {
  struct Case {
    double a, b, c, d, yates, g2;
  };
  for (const Case& k :
       {Case{10, 20, 30, 40, 0.4464285714285714, 0.8043486460964835},
        Case{3, 1, 1, 3, 0.5, 2.0929925750581915},
        Case{12, 0, 1, 9, 14.743447293447293, 23.26548279388503}, Case{5, 5, 5, 5, 0.0, 0.0}}) {
    const Table2x2 t = Table2x2::of(k.a, k.b, k.c, k.d);
    EXPECT_NEAR(yates_chi2(t), k.yates, 1e-12 * (1 + k.yates)) << k.a;
    EXPECT_NEAR(g2_statistic(t), k.g2, 1e-12 * (1 + k.g2)) << k.a;
    // the closed form of the 2x2 Yates statistic agrees
    const double n = k.a + k.b + k.c + k.d;
    const double x = std::max(0.0, std::fabs(k.a * k.d - k.b * k.c) - n / 2);
    const double closed = n * x * x / ((k.a + k.b) * (k.c + k.d) * (k.a + k.c) * (k.b + k.d));
    EXPECT_NEAR(yates_chi2(t), closed, 1e-12 * (1 + closed)) << k.a;
  }
  // expected counts from the margins
  const Table2x2 t = Table2x2::of(10, 20, 30, 40);
  EXPECT_DOUBLE_EQ(t.e[0], 30.0 * 40 / 100);
  EXPECT_DOUBLE_EQ(t.e[3], 70.0 * 60 / 100);
}

TEST(Stats, QuantedaCorrections) {
  // Yates only when |ad - bc| >= n/2 and an expected count is below 5
  EXPECT_EQ(quanteda_yates_delta(Table2x2::of(7, 2, 3, 7)), 0.5);      // E11 = 4.7
  EXPECT_EQ(quanteda_yates_delta(Table2x2::of(10, 20, 30, 40)), 0.0);  // every E >= 5
  EXPECT_EQ(quanteda_yates_delta(Table2x2::of(3, 14, 2, 10)), 0.0);    // |ad - bc| = 2 < 14.5
  // with it, the closed form equals scipy's always-corrected statistic
  const Table2x2 t = Table2x2::of(7, 2, 3, 7);
  EXPECT_NEAR(chi2_statistic(t, 0.5), yates_chi2(t), 1e-12);
  EXPECT_NEAR(chi2_statistic(t, 0.0), 4.337160493827161, 1e-12);  // scipy, correction=False
  // Williams' q (R's Deducer likelihood.test, conservative = TRUE, gives G2 / q)
  EXPECT_NEAR(williams_q(t), 1.0795332466969894, 1e-14);
  EXPECT_EQ(williams_q(Table2x2::of(12, 0, 1, 9)), 1.0);
  // G2 with quanteda's epsilon is the G-test to about 1e-8; moved cells lower it
  EXPECT_NEAR(g2_quanteda(t, 0.0), g2_statistic(t), 1e-6);
  EXPECT_NEAR(g2_quanteda(t, 0.5), g2_statistic(Table2x2::of(6.5, 2.5, 3.5, 6.5)),
              1e-6);  // ad > bc: a, d down
  EXPECT_NEAR(g2_quanteda(Table2x2::of(2, 7, 7, 3), 0.5),
              g2_statistic(Table2x2::of(2.5, 6.5, 6.5, 3.5)), 1e-6);  // ad < bc: a, d up
}

TEST(Stats, BenjaminiHochbergAsScipy) {
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.2};
  const std::vector<double> adj = bh_adjust(p);
  ASSERT_EQ(adj.size(), 4u);
  EXPECT_DOUBLE_EQ(adj[0], 0.04);
  EXPECT_DOUBLE_EQ(adj[1], 0.05333333333333333);
  EXPECT_DOUBLE_EQ(adj[2], 0.05333333333333333);
  EXPECT_DOUBLE_EQ(adj[3], 0.2);
  EXPECT_TRUE(bh_adjust(std::vector<double>{}).empty());
}

TEST(Stats, BootstrapIntervalsOfGroupMeans) {
  // Three groups: one value (no interval), a constant group (a point), a spread group (an
  // interval around its mean, inside the values' range); the same whatever the threads.
  const std::vector<double> values = {0.4, 0.2, 0.2, 0.2, -1.0, -0.5, 0.0, 0.5, 1.0};
  const std::vector<std::int64_t> sizes = {1, 3, 5};
  const auto one = presslens::bootstrap_mean_ci(values, sizes, 0.9, 500, 42, 1);
  const auto three = presslens::bootstrap_mean_ci(values, sizes, 0.9, 500, 42, 3);
  ASSERT_EQ(one.low.size(), 3u);
  EXPECT_TRUE(std::isnan(one.low[0]) && std::isnan(one.high[0]));
  EXPECT_DOUBLE_EQ(one.low[1], 0.2);
  EXPECT_DOUBLE_EQ(one.high[1], 0.2);
  EXPECT_LT(one.low[2], 0.0);
  EXPECT_GT(one.high[2], 0.0);
  EXPECT_GE(one.low[2], -1.0);
  EXPECT_LE(one.high[2], 1.0);
  EXPECT_EQ(one.low[2], three.low[2]);
  EXPECT_EQ(one.high[2], three.high[2]);
  // another seed, other draws (not always other bounds: the means of five values are on a
  // grid of 0.1)
  std::vector<double> a(500), b(500);
  detail::resample_means(values.data() + 4, 5, 42 + 2, false, a);
  detail::resample_means(values.data() + 4, 5, 43 + 2, false, b);
  EXPECT_NE(a, b);
  EXPECT_THROW((void)presslens::bootstrap_mean_ci(values, {{1, 3}}, 0.9, 10, 0),
               std::invalid_argument);
  EXPECT_THROW((void)presslens::bootstrap_mean_ci(values, sizes, 1.0, 10, 0),
               std::invalid_argument);
  EXPECT_THROW((void)presslens::bootstrap_mean_ci(values, sizes, 0.9, 0, 0), std::invalid_argument);
}

// The resampling written out from its definition: generator l of a group is xoshiro256**
// seeded by splitmix64 from seed * 8 + l, a draw below n is ((next >> 32) * n) >> 32, and
// resample b adds its n draws of generator b mod 8 in order.
TEST(Stats, BootstrapResamplesAsDefined) {
  std::vector<double> v(37);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::sin(static_cast<double>(i) * 1.7);
  const std::uint64_t seed = 12345;
  std::vector<double> expected(21);  // not a multiple of 8: the last round is partial
  for (std::size_t l = 0; l < 8; ++l) {
    std::uint64_t x = seed * 8 + l, s[4];
    for (auto& w : s) {
      std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      w = z ^ (z >> 31);
    }
    for (std::size_t b = l; b < expected.size(); b += 8) {
      double sum = 0;
      for (std::size_t k = 0; k < v.size(); ++k) {
        const std::uint64_t out = std::rotl(s[1] * 5, 7) * 9;
        const std::uint64_t t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = std::rotl(s[3], 45);
        sum += v[((out >> 32) * v.size()) >> 32];
      }
      expected[b] = sum / static_cast<double>(v.size());
    }
  }
  std::vector<double> scalar(expected.size()), vector(expected.size());
  detail::resample_means(v.data(), v.size(), seed, false, scalar);
  EXPECT_EQ(scalar, expected);
  if (!detail::bootstrap_vector_available()) GTEST_SKIP() << "no AVX-512 on this CPU";
  detail::resample_means(v.data(), v.size(), seed, true, vector);
  EXPECT_EQ(vector, expected);
}

// numpy.quantile's linear method from a sorted copy, against the heap selection, for sizes
// from 1 to 60 with ties, at the ends and in the middle.
TEST(Stats, QuantileAsFromASortedCopy) {
  std::vector<double> heap;
  for (std::size_t n = 1; n <= 60; ++n) {
    std::vector<double> a(n);
    for (std::size_t i = 0; i < n; ++i)
      a[i] = std::round(std::sin(static_cast<double>(i * 7 + n)) * 5.0) / 4.0;  // ties
    std::vector<double> sorted = a;
    std::sort(sorted.begin(), sorted.end());
    for (const double p : {0.0, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 1.0}) {
      const double h = static_cast<double>(n - 1) * p;
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const double next = sorted[std::min(lo + 1, n - 1)];
      const double expected = sorted[lo] + (h - static_cast<double>(lo)) * (next - sorted[lo]);
      EXPECT_EQ(detail::quantile_linear(a, p, heap), expected) << "n " << n << " p " << p;
    }
  }
}
