// Private: the one string hash of the entity stages (and of the gazetteer lookups the quote
// stage shares), and one flat set and one flat counter of 64-bit keys, used by entity
// detection and resolution and by co-mention counting.
//
//   std::string buf;
//   const std::uint64_t h = detail::lower_hash("Lavrov", buf);  // == bytes_hash("lavrov")
//   detail::FlatSet seen;
//   if (seen.insert(h)) { /* first time */ }
//   detail::FlatCounter counts;
//   counts.add(((std::uint64_t{entity} << 32) | form) + 1);
//   counts.for_each([](std::uint64_t key, std::uint64_t n) { /* slot order */ });
//
// Set and counter: keys are any 64-bit value but 0 (the empty slot; pass key + 1 when 0 can
// occur), and need not be hashes: the slot comes from the top bits of key * 2^64/phi
// (Fibonacci hashing), which spreads packed pairs (a << 32 | b) as well as hashes. Open
// addressing with linear probing, at most half full: memory grows with the distinct keys,
// not with the keys added. Nothing is allocated until the first insert. Iteration is in
// slot order: callers that need an order sort. Not thread-safe; one per thread.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "detail/bytes.hpp"
#include "presslens/text.hpp"

namespace presslens::detail {

constexpr std::uint64_t kHashSeed = 0x9E3779B97F4A7C15ull;

/// One step of the string hashes of this file: a word of up to 8 bytes mixed into `h`.
[[nodiscard]] constexpr std::uint64_t mix_word(std::uint64_t h, std::uint64_t w) {
  h ^= w;
  h *= 0xFF51AFD7ED558CCDull;
  return h ^ (h >> 32);
}

/// The hash lower_hash gives a word that is already lower case: its bytes, 8 at a time.
/// Never 0.
[[nodiscard]] inline std::uint64_t bytes_hash(std::string_view s) {
  std::uint64_t h = kHashSeed ^ (s.size() * 0xC2B2AE3D27D4EB4Full);
  for (std::size_t i = 0; i < s.size(); i += 8)
    h = mix_word(h, load_upto8(s.data() + i, std::min<std::size_t>(8, s.size() - i)));
  return h == 0 ? 1 : h;
}

/// bytes_hash's mixing over a stream of bytes pushed one or many at a time (for text that is
/// hashed as it is read or normalised, without a copy). The length is mixed in last, so "a"
/// and "a\0" differ. Never 0.
class StreamHash {
 public:
  void push(unsigned char c) noexcept {
    word_ |= std::uint64_t{c} << (8 * fill_);
    if (++fill_ == 8) mix();
    ++length_;
  }
  /// push() for each of the n bytes at p, whole words at a time where it can.
  void push_bytes(const char* p, std::size_t n) noexcept {
    for (; n != 0 && fill_ != 0; --n) push(static_cast<unsigned char>(*p++));
    for (; n >= 8; n -= 8, p += 8) {
      std::memcpy(&word_, p, 8);
      mix();
      length_ += 8;
    }
    for (; n != 0; --n) push(static_cast<unsigned char>(*p++));
  }
  [[nodiscard]] std::uint64_t finish() noexcept {
    if (fill_ != 0) mix();
    word_ = length_;
    mix();
    return h_ == 0 ? 1 : h_;
  }

 private:
  void mix() noexcept {
    h_ = mix_word(h_, word_);
    word_ = 0;
    fill_ = 0;
  }
  std::uint64_t h_ = kHashSeed;
  std::uint64_t word_ = 0;
  std::uint64_t length_ = 0;
  unsigned fill_ = 0;
};

// The chunk hash, for text hashed 8 bytes at a time as it is tokenized or copied (the
// term counter and the sentiment scorer). The hash of a string of length n is
// hash_finish(hash_step(...hash_step(hash_seed(n), w0)...)) over its 8-byte little-endian chunks
// w0, w1, ..., the last one zero-padded: callers that produce the bytes 8 at a time (the tokenizer
// lower-cases that way) hash as they go.
[[nodiscard]] inline std::uint64_t hash_seed(std::size_t n) noexcept {
  return kHashSeed ^ (n * 0xff51afd7ed558ccdull);
}
[[nodiscard]] inline std::uint64_t hash_step(std::uint64_t h, std::uint64_t chunk) noexcept {
  h = (h ^ chunk) * 0xbf58476d1ce4e5b9ull;
  return h ^ (h >> 31);
}
[[nodiscard]] inline std::uint64_t hash_finish(std::uint64_t h) noexcept {
  return hash_step(h, h >> 29);
}

[[nodiscard]] inline std::uint64_t short_string_hash(std::string_view s) noexcept {
  std::uint64_t h = hash_seed(s.size());
  std::size_t k = 0;
  for (; k + 8 <= s.size(); k += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + k, 8);
    h = hash_step(h, w);
  }
  if (k < s.size()) {
    h = hash_step(h, load_upto8(s.data() + k, s.size() - k));
  }
  return hash_finish(h);
}

/// A 64-bit value scrambled (splitmix64's finaliser): for digests that sum per-item hashes.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// Hash of str.lower(w). ASCII words (nearly all) are read once, 8 bytes at a time; `buf` is
/// scratch space for the others. Never 0.
[[nodiscard]] inline std::uint64_t lower_hash(std::string_view w, std::string& buf) {
  std::uint64_t h = kHashSeed ^ (w.size() * 0xC2B2AE3D27D4EB4Full);
  for (std::size_t i = 0; i < w.size(); i += 8) {
    const std::uint64_t x = load_upto8(w.data() + i, std::min<std::size_t>(8, w.size() - i));
    if (x & 0x8080808080808080ull) {  // not ASCII: lower-case it properly, then hash
      buf.clear();
      append_lower(buf, w);
      return bytes_hash(buf);
    }
    h = mix_word(h, ascii_lower8(x));
  }
  return h == 0 ? 1 : h;
}

/// Hash for string-keyed maps that are searched with a string_view (no temporary string).
struct StringHash {
  using is_transparent = void;
  [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept {
    return static_cast<std::size_t>(bytes_hash(s));
  }
};
template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

/// Open addressing over slots with a `key` member (0: empty), for FlatSet and FlatCounter.
template <class Slot>
class FlatTable {
 public:
  /// Distinct keys.
  [[nodiscard]] std::size_t size() const { return size_; }

 protected:
  /// Room for one more key (call before find() when about to add one).
  void reserve_one() {
    if (2 * (size_ + 1) > slots_.size()) grow();
  }
  /// The slot holding `key`, or the empty one where it goes. The table must not be empty.
  [[nodiscard]] std::size_t find(std::uint64_t key) const {
    // Fibonacci hashing: the product's top bits, so that keys need not be hashes already.
    std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
    while (slots_[i].key != key && slots_[i].key != 0) i = (i + 1) & mask_;
    return i;
  }
  std::vector<Slot> slots_;
  std::size_t size_ = 0;

 private:
  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(64, 2 * slots_.size()));
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    shift_ = 64 - std::countr_zero(slots_.size());
    for (const Slot& s : old)
      if (s.key != 0) slots_[find(s.key)] = s;
  }
  std::size_t mask_ = 0;
  int shift_ = 63;
};

struct SetSlot {
  std::uint64_t key = 0;
};
struct CountSlot {
  std::uint64_t key = 0, n = 0;
};
template <class V>
struct MapSlot {
  std::uint64_t key = 0;
  V value{};
};

/// A set of 64-bit keys (never 0).
class FlatSet : public FlatTable<SetSlot> {
 public:
  FlatSet() = default;
  explicit FlatSet(const std::vector<std::uint64_t>& keys) {
    for (const std::uint64_t key : keys) (void)insert(key);
  }
  /// Adds `key`; false when it was there already.
  bool insert(std::uint64_t key) {
    reserve_one();
    SetSlot& s = slots_[find(key)];
    if (s.key == key) return false;
    s.key = key;
    ++size_;
    return true;
  }
  [[nodiscard]] bool contains(std::uint64_t key) const {
    return size_ != 0 && slots_[find(key)].key == key;
  }
  /// fn(key) for each key, in slot order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const SetSlot& s : slots_)
      if (s.key != 0) fn(s.key);
  }
};

/// Counts per 64-bit key (never 0).
class FlatCounter : public FlatTable<CountSlot> {
 public:
  void add(std::uint64_t key) {
    reserve_one();
    CountSlot& s = slots_[find(key)];
    if (s.key == 0) {
      s.key = key;
      ++size_;
    }
    ++s.n;
  }
  /// fn(key, count) for each key, in slot order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const CountSlot& s : slots_)
      if (s.key != 0) fn(s.key, s.n);
  }
};

/// A map from 64-bit keys (never 0) to values of V (default-constructed when added). A
/// reference into it lasts until the next insertion (the table may grow).
template <class V>
class FlatMap : public FlatTable<MapSlot<V>> {
 public:
  /// The value of `key` and whether it was added now (then V{}).
  std::pair<V&, bool> try_emplace(std::uint64_t key) {
    this->reserve_one();
    MapSlot<V>& s = this->slots_[this->find(key)];
    if (s.key == key) return {s.value, false};
    s.key = key;
    ++this->size_;
    return {s.value, true};
  }
};

}  // namespace presslens::detail
