// Private: word-at-a-time (SWAR) helpers for the byte loops of the hot paths. Each works on
// 8 bytes held in a std::uint64_t, little-endian as x86-64 and AArch64 load them.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace presslens::detail {

/// The n bytes at p (1 <= n <= 8) as the low bytes of an integer, the rest zero: what
/// `std::memcpy(&x, p, n)` into a zeroed x gives on a little-endian machine, without its
/// byte-wise stores and the stall of reading them back as one word (loads that overlap
/// instead).
[[nodiscard]] inline std::uint64_t load_upto8(const char* p, std::size_t n) noexcept {
  if (n >= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    return x;
  }
  if (n >= 4) {
    std::uint32_t lo;
    std::uint32_t hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return std::uint64_t{lo} | (std::uint64_t{hi} << ((n - 4) * 8));
  }
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return std::uint64_t{u[0]} | (std::uint64_t{u[n / 2]} << (n / 2 * 8)) |
         (std::uint64_t{u[n - 1]} << ((n - 1) * 8));
}

/// How many bytes of a mask that has at most the top bit of each byte set are flagged.
/// A multiply, not std::popcount: without -mpopcnt (a portable x86-64 build) that is a
/// library call.
[[nodiscard]] constexpr unsigned count_high_bits(std::uint64_t mask) noexcept {
  return static_cast<unsigned>(((mask >> 7) * 0x0101010101010101ull) >> 56);
}

/// The UTF-8 continuation bytes (10xxxxxx) of the 8 bytes in x, as the top bit of each:
/// bit 7 set and bit 6 (moved up to bit 7 by the shift) clear. count_high_bits counts them.
[[nodiscard]] constexpr std::uint64_t continuation_bytes(std::uint64_t x) noexcept {
  return x & ~(x << 1) & 0x8080808080808080ull;
}

/// 'A'..'Z' to 'a'..'z' in the 8 bytes of an ASCII word (bytes >= 0x80 are not handled).
[[nodiscard]] constexpr std::uint64_t ascii_lower8(std::uint64_t x) noexcept {
  const std::uint64_t ge_a = x + 0x3F3F3F3F3F3F3F3Full;  // byte >= 'A' sets bit 7
  const std::uint64_t gt_z = x + 0x2525252525252525ull;  // byte > 'Z' sets bit 7
  return x | (((ge_a & ~gt_z) & 0x8080808080808080ull) >> 2);
}

/// How many bytes at the start of s normalize_for_match() copies as they are, counted in
/// whole 8-byte words: printable ASCII but the backtick (and DEL), with single spaces.
/// `spaces` receives how many spaces they hold. The caller skips leading spaces first; a
/// prefix may end with a space, which the caller leaves pending (white space may follow).
/// Each test below is exact for every byte (no carry crosses a byte).
[[nodiscard]] inline std::size_t verbatim_prefix(std::string_view s, std::size_t& spaces) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = kOnes * 0x80;
  constexpr std::uint64_t kLow7 = kOnes * 0x7F;
  const auto zero_bytes = [](std::uint64_t x) { return ~(((x & kLow7) + kLow7) | x | kLow7); };
  spaces = 0;
  std::uint64_t space_before = 0;  // the last byte of the previous word was a space
  std::size_t k = 0;
  for (; k + 8 <= s.size(); k += 8) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + k, 8);
    const std::uint64_t below_space = ~((x & kLow7) + kOnes * 0x60) & ~x & kHigh;
    const std::uint64_t space = zero_bytes(x ^ (kOnes * 0x20));
    const std::uint64_t doubled = space & ((space << 8) | space_before);
    if (((x & kHigh) | below_space | zero_bytes(x ^ (kOnes * 0x60)) | doubled) != 0) break;
    spaces += count_high_bits(space);
    space_before = space >> 56;
  }
  return k;
}

/// The top bit of each byte of x that equals c. Exact for every byte (no carry crosses one).
[[nodiscard]] constexpr std::uint64_t bytes_equal(std::uint64_t x, unsigned char c) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kLow7 = kOnes * 0x7F;
  const std::uint64_t y = x ^ (kOnes * c);
  return ~(((y & kLow7) + kLow7) | y | kLow7);
}

/// Does a sentence terminal of the tokenizer begin at s[i] (i < end)? '.', '!', '?', or the
/// UTF-8 of U+2026 (…) or U+203D (‽) complete before `end`.
[[nodiscard]] inline bool terminal_at(std::string_view s, std::size_t i, std::size_t end) noexcept {
  const char c = s[i];
  if (c == '.' || c == '!' || c == '?') return true;
  return c == '\xE2' && i + 2 < end && s[i + 1] == '\x80' &&
         (s[i + 2] == '\xA6' || s[i + 2] == '\xBD');
}

/// The first i in [from, end) with terminal_at(s, i, end), or `end`; 8 bytes at a time (the
/// portable path of find_terminal(), kept callable so that tests cover it on every machine).
[[nodiscard]] inline std::size_t find_terminal_swar(std::string_view s, std::size_t from,
                                                    std::size_t end) noexcept {
  std::size_t i = from;
  for (; i + 8 <= end; i += 8) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    std::uint64_t m =
        bytes_equal(x, '.') | bytes_equal(x, '!') | bytes_equal(x, '?') | bytes_equal(x, 0xE2);
    for (; m != 0; m &= m - 1) {
      const std::size_t p = i + static_cast<std::size_t>(std::countr_zero(m)) / 8;
      if (terminal_at(s, p, end)) return p;
    }
  }
  for (; i < end; ++i)
    if (terminal_at(s, i, end)) return i;
  return end;
}

/// The first i in [from, end) with terminal_at(s, i, end), or `end`. 16 bytes at a time with
/// SSE2 (every x86-64), else find_terminal_swar(): most bytes of prose are only looked at here.
[[nodiscard]] inline std::size_t find_terminal(std::string_view s, std::size_t from,
                                               std::size_t end) noexcept {
#if defined(__SSE2__)
  const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), ask = _mm_set1_epi8('?');
  const __m128i e2 = _mm_set1_epi8(static_cast<char>(0xE2));
  for (; from + 16 <= end; from += 16) {
    __m128i v;
    std::memcpy(&v, s.data() + from, 16);  // an unaligned load
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, ask), _mm_cmpeq_epi8(v, e2)));
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(hit)); m != 0; m &= m - 1) {
      const std::size_t p = from + static_cast<std::size_t>(std::countr_zero(m));
      if (terminal_at(s, p, end)) return p;
    }
  }
#endif
  return find_terminal_swar(s, from, end);
}

}  // namespace presslens::detail
