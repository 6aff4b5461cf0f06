// detail/sentiment_words.hpp: an immutable string -> value table for the per-token lookup
// of the sentiment scorer (one lookup per token, the hottest operation of scoring).
//
//   detail::FrozenStringMap<int> m(entries);   // vector<pair<string, int>>, keys unique
//   if (const int* v = m.find("word")) ...
//
// Open addressing with linear probing over a power-of-two array of (32-bit tag, index)
// pairs at most half full; keys live back to back in one string. The hash reads 8 bytes at a
// time (words are short). Built once, then read-only: safe to share between threads.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/bytes.hpp"
#include "detail/hash.hpp"

namespace presslens::detail {

template <class V>
class FrozenStringMap {
 public:
  FrozenStringMap() = default;

  /// `entries` must have unique keys.
  explicit FrozenStringMap(std::vector<std::pair<std::string, V>> entries) {
    const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, entries.size() * 2));
    mask_ = capacity - 1;
    slots_.assign(capacity, Slot{0, 0});
    values_.reserve(entries.size());
    for (auto& [key, value] : entries) {
      const std::uint64_t h = short_string_hash(key);
      std::size_t i = h & mask_;
      while (slots_[i].tag != 0) i = (i + 1) & mask_;
      slots_[i] = Slot{tag_of(h), static_cast<std::uint32_t>(values_.size())};
      values_.push_back(Entry{static_cast<std::uint32_t>(keys_.size()),
                              static_cast<std::uint32_t>(key.size()), std::move(value)});
      keys_ += key;
    }
  }

  /// The value of `key`, or nullptr. O(|key|) expected.
  [[nodiscard]] const V* find(std::string_view key) const noexcept {
    return find(key, short_string_hash(key));
  }

  /// The same, with `h` == short_string_hash(key) computed by the caller.
  [[nodiscard]] const V* find(std::string_view key, std::uint64_t h) const noexcept {
    if (slots_.empty()) return nullptr;
    const std::uint32_t tag = tag_of(h);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.tag == 0) return nullptr;
      if (s.tag == tag) {
        const Entry& e = values_[s.index];
        if (e.len == key.size() && std::memcmp(keys_.data() + e.off, key.data(), key.size()) == 0) {
          return &e.value;
        }
      }
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }

  /// Calls fn(key, value) for every entry.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const Entry& e : values_) fn(std::string_view(keys_).substr(e.off, e.len), e.value);
  }

 private:
  struct Slot {
    std::uint32_t tag;  // 0 = empty
    std::uint32_t index;
  };
  struct Entry {
    std::uint32_t off;
    std::uint32_t len;
    V value;
  };
  static std::uint32_t tag_of(std::uint64_t h) noexcept {
    const auto t = static_cast<std::uint32_t>(h >> 32);
    return t == 0 ? 1u : t;
  }

  std::vector<Slot> slots_;
  std::vector<Entry> values_;
  std::string keys_;
  std::size_t mask_ = 0;
};

}  // namespace presslens::detail
