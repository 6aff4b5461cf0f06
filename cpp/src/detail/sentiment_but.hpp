// detail/sentiment_but.hpp: vaderSentiment 3.3.2's "but" rule, quirk for quirk.
//
// The Python code is
//   for sentiment in sentiments:
//       si = sentiments.index(sentiment)
//       if si < bi: sentiments[si] = sentiment * 0.5      (pop + insert)
//       elif si > bi: sentiments[si] = sentiment * 1.5
// so each value rescales the *first* entry equal to it, which is not always itself: with
// duplicates, an early entry can be rescaled twice and a later one not at all. Zeros never
// change (0 * f == 0), so they are skipped. Two implementations with the same result: a
// linear scan (short texts) and a per-value min-heap of positions (long texts, where the
// scan would be quadratic). `on_apply(j, factor)` observes each rescaling (for explain).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <span>
#include <unordered_map>
#include <vector>

namespace presslens::detail {

inline constexpr double kButBefore = 0.5;
inline constexpr double kButAfter = 1.5;
inline constexpr std::size_t kButLinearMax = 64;

template <class OnApply>
void but_shift_linear(std::span<double> s, std::size_t bi, OnApply&& on_apply) {
  for (std::size_t k = 0; k < s.size(); ++k) {
    const double v = s[k];
    if (v == 0.0) continue;
    std::size_t j = 0;
    while (s[j] != v) ++j;  // terminates at k at the latest
    if (j < bi) {
      s[j] = v * kButBefore;
      on_apply(j, kButBefore);
    } else if (j > bi) {
      s[j] = v * kButAfter;
      on_apply(j, kButAfter);
    }
  }
}

template <class OnApply>
void but_shift_indexed(std::span<double> s, std::size_t bi, OnApply&& on_apply) {
  using MinHeap =
      std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<std::size_t>>;
  // Keyed by bit pattern: the values are non-zero and finite, so equal values have equal bits.
  std::unordered_map<std::uint64_t, MinHeap> where;
  for (std::size_t j = 0; j < s.size(); ++j) {
    if (s[j] != 0.0) where[std::bit_cast<std::uint64_t>(s[j])].push(j);
  }
  for (std::size_t k = 0; k < s.size(); ++k) {
    const double v = s[k];
    if (v == 0.0) continue;
    MinHeap& heap = where[std::bit_cast<std::uint64_t>(v)];
    const std::size_t j = heap.top();
    if (j == bi) continue;
    const double factor = j < bi ? kButBefore : kButAfter;
    const double nv = v * factor;
    heap.pop();
    s[j] = nv;
    if (nv != 0.0) where[std::bit_cast<std::uint64_t>(nv)].push(j);
    on_apply(j, factor);
  }
}

template <class OnApply>
void but_shift(std::span<double> s, std::size_t bi, OnApply&& on_apply) {
  if (s.size() <= kButLinearMax) {
    but_shift_linear(s, bi, on_apply);
  } else {
    but_shift_indexed(s, bi, on_apply);
  }
}

}  // namespace presslens::detail
