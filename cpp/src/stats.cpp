// 2x2 contingency statistics and p-value adjustment (presslens/stats.hpp). One definition of
// each, so that keyness and co-mention associations cannot drift apart.
#include "presslens/stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

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

}  // namespace presslens
