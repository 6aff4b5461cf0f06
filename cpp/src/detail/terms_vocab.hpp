// detail/terms_vocab.hpp: the per-thread vocabulary of the term counter.
//
// Unigrams are interned strings (one arena, no allocation per token once a word is known);
// an n-gram is a trie node keyed by (id of its (n-1)-gram prefix, id of its last word), so
// extending a bigram to the next token costs one integer-keyed lookup and no string is
// built until the vocabularies are merged. Ids are dense, in order of first sight; a
// parent's id is always smaller than its children's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "detail/hash.hpp"

namespace presslens::detail {

/// The chunk hash (detail/hash.hpp) of the `n` bytes at `p`, which must be readable (and
/// zero) up to the next multiple of 8 past `n`: the token buffer guarantees that padding.
inline std::uint64_t hash_padded(const char* p, std::size_t n) noexcept {
  std::uint64_t h = hash_seed(n);
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = hash_step(h, w);
  }
  return hash_finish(h);
}

/// Hash of any string (copies it into a padded scratch buffer when needed).
inline std::uint64_t hash_string(std::string_view s) {
  std::string padded(s);
  padded.append(8, '\0');
  return hash_padded(padded.data(), s.size());
}

/// Copies `n` bytes of `src` and their zero padding to `dst` (both with room up to the next
/// multiple of 8) and returns hash_padded of them, in one pass.
inline std::uint64_t copy_and_hash_padded(char* dst, const char* src, std::size_t n) noexcept {
  std::uint64_t h = hash_seed(n);
  std::size_t i = 0;
  for (; i < n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, src + i, 8);
    std::memcpy(dst + i, &w, 8);
    h = hash_step(h, w);
  }
  if (i == n) std::memset(dst + i, 0, 8);  // a multiple of 8 still gets its zero word
  return hash_finish(h);
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
    if (size_ + 9 > buf_.size()) [[unlikely]]
      grow(size_ + 9);
    buf_[size_++] = c;
  }
  void append(std::string_view s) {
    reserve_more(s.size());
    std::memcpy(buf_.data() + size_, s.data(), s.size());
    size_ += s.size();
  }
  /// Room for `n` more bytes (and the padding): then write through data_end().
  void reserve_more(std::size_t n) {
    if (size_ + n + 9 > buf_.size()) [[unlikely]]
      grow(size_ + n + 9);
  }
  [[nodiscard]] char* data_end() noexcept { return buf_.data() + size_; }
  void added(std::size_t n) noexcept { size_ += n; }
  /// The content, with its zero padding written.
  [[nodiscard]] std::string_view padded_view() noexcept {
    std::memset(buf_.data() + size_, 0, 8);
    return {buf_.data(), size_};
  }

 private:
  void grow(std::size_t need) { buf_.resize(std::max(need, buf_.size() * 2)); }
  std::vector<char> buf_;
  std::size_t size_ = 0;
};

inline constexpr std::uint32_t kNoId = 0xFFFFFFFFu;

/// Equality of two strings of `n` bytes both readable and zero-padded to a multiple of 8.
inline bool equal_padded(const char* a, const char* b, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) return false;
  }
  return true;
}

class Vocab {
 public:
  Vocab() : words_(1024, WordSlot{0, 0, 0, kNoId, 0, 0}), ngrams_(1024, GramSlot{0, kNoId}) {}

  [[nodiscard]] std::size_t size() const noexcept { return parent_.size(); }
  [[nodiscard]] std::uint32_t parent(std::uint32_t id) const noexcept { return parent_[id]; }
  [[nodiscard]] bool is_stop(std::uint32_t id) const noexcept { return stop_[id] != 0; }
  /// The text of a unigram id.
  [[nodiscard]] std::string_view word_text(std::uint32_t unigram) const noexcept {
    return {arena_.data() + str_off_[unigram], str_len_[unigram]};
  }

  /// Id of the word in `padded` (a TokenBuffer view), inserting it when new.
  std::uint32_t word(std::string_view padded) {
    return word(padded.data(), padded.size(), hash_padded(padded.data(), padded.size()));
  }

  /// Brings the slot where a word of hash `h` starts its probe into the cache.
  void prefetch_word(std::uint64_t h) const noexcept {
    __builtin_prefetch(&words_[h & (words_.size() - 1)]);
  }

  /// Brings the slot where the n-gram (prefix, last) starts its probe into the cache.
  void prefetch_ngram(std::uint32_t prefix, std::uint32_t last) const noexcept {
    __builtin_prefetch(&ngrams_[hash_pair(prefix, last) & (ngrams_.size() - 1)]);
  }

  /// Id of the `n` bytes at `p` (zero-padded to a multiple of 8) whose hash_padded is `h`.
  std::uint32_t word(const char* p, std::size_t n, std::uint64_t h) {
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    std::uint64_t w0 = 0, w1 = 0;
    std::memcpy(&w0, p, 8);
    if (n > 8) std::memcpy(&w1, p + 8, 8);
    std::size_t i = h & (words_.size() - 1);
    while (true) {
      const WordSlot& s = words_[i];
      if (s.id == kNoId) break;
      // Words of up to 16 bytes (nearly all) compare inside the slot: one cache line.
      if (s.tag == tag && s.len == n && s.w0 == w0 && s.w1 == w1 &&
          (n <= 16 || equal_padded(arena_.data() + str_off_[s.id] + 16, p + 16, n - 16))) {
        return s.id;
      }
      i = (i + 1) & (words_.size() - 1);
    }
    const auto id = static_cast<std::uint32_t>(parent_.size());
    const std::size_t off = arena_.size();
    // Stored zero-padded to a multiple of 8 (plus 8), so equal_padded can read whole words.
    arena_.resize(off + ((n + 8) & ~std::size_t{7}), '\0');
    std::memcpy(arena_.data() + off, p, n);
    add_node(kNoId, id, off, n);
    words_[i] = WordSlot{w0, w1, tag, id, static_cast<std::uint32_t>(n), 0};
    if (++n_words_ * 2 > words_.size()) rehash_words();
    return id;
  }

  /// Id of the n-gram `prefix` + `last` (a unigram id), inserting it when new.
  std::uint32_t extend(std::uint32_t prefix, std::uint32_t last) {
    const std::uint64_t key = static_cast<std::uint64_t>(prefix) << 32 | last;
    std::size_t i = hash_pair(prefix, last) & (ngrams_.size() - 1);
    while (true) {
      const GramSlot s = ngrams_[i];
      if (s.id == kNoId) break;
      if (s.key == key) return s.id;
      i = (i + 1) & (ngrams_.size() - 1);
    }
    const auto id = static_cast<std::uint32_t>(parent_.size());
    add_node(prefix, last, 0, 0);
    ngrams_[i] = GramSlot{key, id};
    if (++n_grams_ * 2 > ngrams_.size()) rehash_ngrams();
    return id;
  }

  void mark_stop(std::uint32_t id) noexcept { stop_[id] = 1; }

  /// Appends the full text of `id` (words joined by one space) to `out`.
  void append_text(std::uint32_t id, std::string& out) const {
    std::uint32_t chain[32];
    std::size_t n = 0;
    for (std::uint32_t cur = id; cur != kNoId && n < 32; cur = parent_[cur])
      chain[n++] = word_[cur];
    for (std::size_t k = n; k-- > 0;) {
      out.append(word_text(chain[k]));
      if (k) out.push_back(' ');
    }
  }

 private:
  struct alignas(32) WordSlot {
    std::uint64_t w0;  // the first 16 bytes of the word, zero-padded
    std::uint64_t w1;
    std::uint32_t tag;  // high half of the hash
    std::uint32_t id;
    std::uint32_t len;
    std::uint32_t spare;
  };
  struct GramSlot {
    std::uint64_t key;  // prefix << 32 | last
    std::uint32_t id;
  };

  void add_node(std::uint32_t parent, std::uint32_t word, std::size_t off, std::size_t len) {
    parent_.push_back(parent);
    word_.push_back(word);
    str_off_.push_back(off);
    str_len_.push_back(static_cast<std::uint32_t>(len));
    stop_.push_back(0);
  }

  void rehash_words() {
    std::vector<WordSlot> next(words_.size() * 2, WordSlot{0, 0, 0, kNoId, 0, 0});
    for (const WordSlot& s : words_) {
      if (s.id == kNoId) continue;
      const std::string_view w = word_text(s.id);
      std::size_t i = hash_padded(w.data(), w.size()) & (next.size() - 1);
      while (next[i].id != kNoId) i = (i + 1) & (next.size() - 1);
      next[i] = s;
    }
    words_.swap(next);
  }

  void rehash_ngrams() {
    std::vector<GramSlot> next(ngrams_.size() * 2, GramSlot{0, kNoId});
    for (const GramSlot& s : ngrams_) {
      if (s.id == kNoId) continue;
      std::size_t i =
          hash_pair(static_cast<std::uint32_t>(s.key >> 32), static_cast<std::uint32_t>(s.key)) &
          (next.size() - 1);
      while (next[i].id != kNoId) i = (i + 1) & (next.size() - 1);
      next[i] = s;
    }
    ngrams_.swap(next);
  }

  std::vector<WordSlot> words_;
  std::vector<GramSlot> ngrams_;
  std::size_t n_words_ = 0;
  std::size_t n_grams_ = 0;
  std::vector<std::uint32_t> parent_;   // kNoId for unigrams
  std::vector<std::uint32_t> word_;     // unigram: itself; n-gram: its last word's id
  std::vector<std::uint64_t> str_off_;  // unigram text in arena_ (n-grams: 0)
  std::vector<std::uint32_t> str_len_;
  std::vector<std::uint8_t> stop_;
  std::string arena_;
};

}  // namespace presslens::detail
