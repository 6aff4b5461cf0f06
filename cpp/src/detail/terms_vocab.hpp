// detail/terms_vocab.hpp: the per-thread vocabulary of the term counter.
//
// Unigrams are interned strings (one arena, no allocation per token once a word is known);
// an n-gram is a trie node keyed by (id of its (n-1)-gram prefix, id of its last word), so
// extending a bigram to the next token costs one integer-keyed lookup and no string is
// built until the vocabularies are merged. Ids are dense, in order of first sight; a
// parent's id is always smaller than its children's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace presslens::detail {

/// Multiply-xorshift hash over 8-byte words. `p` must be readable (and zero) up to the
/// next multiple of 8 past `n`: the token buffer guarantees that padding.
inline std::uint64_t hash_padded(const char* p, std::size_t n) noexcept {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  h ^= h >> 29;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 32;
  return h;
}

/// Hash of any string (copies it into a padded scratch buffer when needed).
inline std::uint64_t hash_string(std::string_view s) {
  std::string padded(s);
  padded.append(8, '\0');
  return hash_padded(padded.data(), s.size());
}

inline std::uint64_t hash_pair(std::uint32_t a, std::uint32_t b) noexcept {
  std::uint64_t h = (static_cast<std::uint64_t>(a) << 32 | b) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

/// A growable byte buffer that keeps 8 zero bytes after its content, for hash_padded.
class TokenBuffer {
 public:
  TokenBuffer() : buf_(64, '\0') {}
  void clear() noexcept { size_ = 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  void push(char c) {
    if (size_ + 9 > buf_.size()) buf_.resize(buf_.size() * 2);
    buf_[size_++] = c;
  }
  void append(std::string_view s) {
    while (size_ + s.size() + 9 > buf_.size()) buf_.resize(buf_.size() * 2);
    std::memcpy(buf_.data() + size_, s.data(), s.size());
    size_ += s.size();
  }
  /// The content, with its zero padding written.
  [[nodiscard]] std::string_view padded_view() noexcept {
    std::memset(buf_.data() + size_, 0, 8);
    return {buf_.data(), size_};
  }

 private:
  std::vector<char> buf_;
  std::size_t size_ = 0;
};

inline constexpr std::uint32_t kNoId = 0xFFFFFFFFu;

class Vocab {
 public:
  Vocab() { rehash(1024); }

  [[nodiscard]] std::size_t size() const noexcept { return parent_.size(); }
  [[nodiscard]] std::uint32_t parent(std::uint32_t id) const noexcept { return parent_[id]; }
  [[nodiscard]] std::uint32_t length(std::uint32_t id) const noexcept { return len_[id]; }
  [[nodiscard]] bool is_stop(std::uint32_t id) const noexcept { return stop_[id] != 0; }
  /// The word of a unigram id, or the last word (a unigram id) of an n-gram id.
  [[nodiscard]] std::uint32_t last_word(std::uint32_t id) const noexcept { return word_[id]; }
  [[nodiscard]] std::string_view word_text(std::uint32_t unigram) const noexcept {
    const std::uint64_t b = str_off_[word_[unigram]];
    return {arena_.data() + b, static_cast<std::size_t>(str_off_[word_[unigram] + 1] - b)};
  }

  /// Id of the word in `padded` (a TokenBuffer view), inserting it when new.
  std::uint32_t word(std::string_view padded) {
    const std::uint64_t h = hash_padded(padded.data(), padded.size());
    std::size_t i = h & mask_;
    while (true) {
      Slot& s = slots_[i];
      if (s.id == kNoId) break;
      if (s.key == h && parent_[s.id] == kNoId && word_text(s.id) == padded) return s.id;
      i = (i + 1) & mask_;
    }
    const auto id = static_cast<std::uint32_t>(parent_.size());
    const auto str = static_cast<std::uint32_t>(str_off_.size() - 1);
    arena_.insert(arena_.end(), padded.begin(), padded.end());
    str_off_.push_back(arena_.size());
    add_node(kNoId, str, 1);
    slots_[i] = Slot{h, id};
    if (++used_ * 2 > slots_.size()) rehash(slots_.size() * 2);
    return id;
  }

  /// Id of the n-gram `prefix` + `last` (a unigram id), inserting it when new.
  std::uint32_t extend(std::uint32_t prefix, std::uint32_t last) {
    const std::uint64_t key = static_cast<std::uint64_t>(prefix) << 32 | last;
    const std::uint64_t h = hash_pair(prefix, last);
    std::size_t i = h & mask_;
    while (true) {
      Slot& s = slots_[i];
      if (s.id == kNoId) break;
      // Unigram slots hold a hash, n-gram slots the exact key: the parent check keeps a
      // unigram whose hash happens to equal the key from matching.
      if (s.key == key && parent_[s.id] == prefix && word_[s.id] == last) return s.id;
      i = (i + 1) & mask_;
    }
    const auto id = static_cast<std::uint32_t>(parent_.size());
    add_node(prefix, last, len_[prefix] + 1);
    slots_[i] = Slot{key, id};
    if (++used_ * 2 > slots_.size()) rehash(slots_.size() * 2);
    return id;
  }

  void mark_stop(std::uint32_t id) noexcept { stop_[id] = 1; }

  /// Appends the full text of `id` (words joined by one space) to `out`.
  void append_text(std::uint32_t id, std::string& out) const {
    std::uint32_t chain[16];
    std::size_t n = 0;
    for (std::uint32_t cur = id; cur != kNoId && n < 16; cur = parent_[cur]) {
      chain[n++] = parent_[cur] == kNoId ? cur : word_[cur];
    }
    for (std::size_t k = n; k-- > 0;) {
      out.append(word_text(chain[k]));
      if (k) out.push_back(' ');
    }
  }

 private:
  struct Slot {
    std::uint64_t key;  // hash of a unigram, or (prefix << 32 | last) of an n-gram
    std::uint32_t id;
  };

  void add_node(std::uint32_t parent, std::uint32_t word, std::uint32_t len) {
    parent_.push_back(parent);
    word_.push_back(word);
    len_.push_back(static_cast<std::uint8_t>(len));
    stop_.push_back(0);
  }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old(capacity, Slot{0, kNoId});
    old.swap(slots_);
    mask_ = capacity - 1;
    for (const Slot& s : old) {
      if (s.id == kNoId) continue;
      const std::uint64_t h =
          parent_[s.id] == kNoId ? s.key : hash_pair(parent_[s.id], word_[s.id]);
      std::size_t i = h & mask_;
      while (slots_[i].id != kNoId) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t used_ = 0;
  std::vector<std::uint32_t> parent_;  // kNoId for unigrams
  std::vector<std::uint32_t> word_;    // unigram: string index; n-gram: last word's id
  std::vector<std::uint8_t> len_;
  std::vector<std::uint8_t> stop_;
  std::string arena_;
  std::vector<std::uint64_t> str_off_{0};
};

}  // namespace presslens::detail
