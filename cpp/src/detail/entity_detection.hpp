// Private: what entity detection (entity_detection.cpp) hands to resolution
// (entity_resolution.cpp) and to the result (entities.cpp): candidates, plain data whose
// strings are ids into one table of interned strings.
//
//   detail::Detection d = detail::detect_candidates(corpus, gazetteer.impl(), threads, {});
//   for (const detail::Candidate& c : d.cands) std::cout << d.strings.str(c.sid) << "\n";
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

#include "detail/gazetteer.hpp"
#include "detail/hash.hpp"
#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"

namespace presslens::detail {

// What a candidate's span looks like, before resolution: the evidence it was found by.
enum class Kind : std::uint8_t {
  kGazetteer,   // matched a gazetteer form: entry known
  kPersonFull,  // >= 2 name tokens, person evidence (title, given name)
  kPersonOne,   // one name token after a title/honorific ("President Biden")
  kSingle,      // one capitalised token, no evidence: surname, given name or unknown
  kOrgRule,     // organisation by head word or acronym
  kPlaceRule,   // place by head word (River, Republic, Federation)
  kOtherMulti,  // several capitalised tokens, no evidence
};

// Every distinct surface form, key and name once: detection stores ids (per chunk of
// documents), resolution compares ids (corpus-wide), and neither builds a string per mention.
class Strings {
 public:
  Strings() { (void)intern(""); }  // id 0: the empty string
  std::uint32_t intern(std::string_view s) { return intern(s, detail::bytes_hash(s)); }
  /// `h` must be detail::bytes_hash(s) (another table's hash_of() of the same string).
  std::uint32_t intern(std::string_view s, std::uint64_t h) {
    if (ids_.size() * 2 <= (hashes_.size() + 1) * 3) grow();
    std::size_t i = static_cast<std::size_t>(h ^ (h >> 29)) & mask_;
    for (; ids_[i] != 0; i = (i + 1) & mask_) {
      const std::uint32_t id = ids_[i] - 1;
      if (hashes_[id] == h && str(id) == s) return id;
    }
    const auto id = static_cast<std::uint32_t>(hashes_.size());
    ids_[i] = id + 1;
    hashes_.push_back(h);
    views_.push_back(store(s));
    return id;
  }
  [[nodiscard]] std::string_view str(std::uint32_t id) const { return views_[id]; }
  [[nodiscard]] std::uint64_t hash_of(std::uint32_t id) const { return hashes_[id]; }
  [[nodiscard]] std::size_t size() const { return views_.size(); }

 private:
  static constexpr std::size_t kBlock = 1 << 16;
  // Copies s into the current block (a new one when full): the bytes never move, so the
  // views stay valid for the life of the table.
  std::string_view store(std::string_view s) {
    if (s.empty()) return {};
    if (blocks_.empty() || used_ + s.size() > block_size_) {
      block_size_ = std::max(kBlock, s.size());
      blocks_.push_back(std::make_unique<char[]>(block_size_));
      used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::copy(s.begin(), s.end(), at);
    used_ += s.size();
    return {at, s.size()};
  }
  void grow() {
    std::vector<std::uint32_t> old(std::max<std::size_t>(64, ids_.size() * 2), 0);
    old.swap(ids_);
    mask_ = ids_.size() - 1;
    for (const std::uint32_t slot : old) {
      if (slot == 0) continue;
      const std::uint64_t h = hashes_[slot - 1];
      std::size_t i = static_cast<std::size_t>(h ^ (h >> 29)) & mask_;
      while (ids_[i] != 0) i = (i + 1) & mask_;
      ids_[i] = slot;
    }
  }
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_size_ = 0, used_ = 0;
  std::vector<std::string_view> views_;  // per id
  std::vector<std::uint64_t> hashes_;    // per id
  std::vector<std::uint32_t> ids_;       // open addressing: id + 1, 0 = empty
  std::size_t mask_ = 0;
};

// Plain data: its strings are ids in the Strings of its chunk of documents (detection), then
// in the corpus-wide Strings (resolution).
struct Candidate {
  std::uint32_t doc;
  std::uint32_t start, end;  // bytes of the name
  std::uint32_t role_start, role_end;
  std::uint32_t sentence, paragraph, token;
  std::int32_t gaz;           // gazetteer entry, -1 for none
  std::uint32_t sid;          // the normalised surface form
  std::uint32_t fid;          // its form_key
  std::uint32_t first, last;  // person keys: transliteration, given-name group (0: none)
  std::uint32_t role;         // the normalised role, when role_end > role_start
  float confidence;
  Kind kind;  // the one-byte fields last: 64 bytes in all
  char sex;
  bool sentence_initial;
};
// Trivial, so that the corpus-wide array is written once, in parallel, without zeroing.
static_assert(sizeof(Candidate) <= 64 && std::is_trivially_default_constructible_v<Candidate>);

// The candidates of the whole corpus in one block (left uninitialised: each slot is written
// once by the thread that copies its chunk), and how many are in use.
class CandidateArray {
 public:
  CandidateArray() = default;
  explicit CandidateArray(std::size_t n)
      : data_(std::make_unique_for_overwrite<Candidate[]>(n)), size_(n) {}
  [[nodiscard]] Candidate& operator[](std::size_t i) { return data_[i]; }
  [[nodiscard]] const Candidate& operator[](std::size_t i) const { return data_[i]; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] const Candidate* begin() const { return data_.get(); }
  [[nodiscard]] const Candidate* end() const { return data_.get() + size_; }
  void shrink(std::size_t n) { size_ = std::min(n, size_); }

 private:
  std::unique_ptr<Candidate[]> data_;
  std::size_t size_ = 0;
};

/// Every candidate of a corpus, detected in parallel (by chunks of consecutive documents fixed
/// by the corpus size, not the thread count), with the strings they refer to.
struct Detection {
  Strings strings;       // corpus-wide ids, in document order of first sight
  CandidateArray cands;  // by document; within one, in text order but for split runs
  // lower_hash of the capitalised single words and acronyms found that the corpus also
  // writes in lower case ("Last" is a word, "Lavrov" a name).
  FlatSet lower_vocab;
  // The gazetteer's WordFlag bits of every token of the corpus, in document order.
  std::vector<std::uint32_t> token_flags;
};

/// Detects the candidates of every document of `corpus` (boilerplate sentences skipped) and
/// drops the sentence-initial single words the corpus also writes in lower case. The result
/// does not depend on `threads`. O(tokens) time and memory; throws what `interrupt` throws.
/// With `lower_words` (a part of a corpus, see EntityPartial): nothing is dropped, and
/// `lower_words` receives the lower_hash of every lower-case word the part writes, sorted and
/// distinct, for the drop to run once the parts are merged.
[[nodiscard]] Detection detect_candidates(const Corpus& corpus, const Gazetteer::Impl& gaz,
                                          int threads, const Interrupt& interrupt,
                                          std::vector<std::uint64_t>* lower_words = nullptr);

/// Whether detection drops candidate `x` (a sentence-initial single word the corpus also
/// writes in lower case); `surface_lower_hash`: lower_hash of its surface.
[[nodiscard]] bool dropped_as_lower_case(const Candidate& x, std::uint64_t surface_lower_hash,
                                         const FlatSet& lower_vocab);

}  // namespace presslens::detail
