// Private: reading the last 1-8 bytes of a word as one little-endian integer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

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

}  // namespace presslens::detail
