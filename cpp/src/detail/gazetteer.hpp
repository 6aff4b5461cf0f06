// Private: the gazetteer's lookup tables (filled by gazetteer.cpp), read by entity detection
// and the quote stage.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detail/hash.hpp"
#include "detail/names.hpp"
#include "presslens/entities.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

namespace presslens {

namespace detail {
// Word classes of the title vocabulary (bits).
enum WordClass : std::uint8_t {
  kWordTitleHead = 1,   // Minister, Secretary, Spokesman, President ...
  kWordModifier = 2,    // Deputy, Vice, Foreign, Under ...
  kWordHonorific = 4,   // Mr., Ms., Dr. ...
  kWordRoleNoun = 8,    // diplomat, official, lawmaker ... (lower case in text)
  kWordTitlePart = 16,  // any other word inside a title phrase (State, Staff, Affairs)
};

/// Every fact the detectors need about a word, looked up once per token by the hash of its
/// lower-cased form (Gazetteer::Impl::flags). The low five bits are the WordClass.
enum WordFlag : std::uint32_t {
  kFlagClassMask = 0x1F,
  kFlagOrgHead = 1u << 5,     // ministry, committee, agency ...
  kFlagPlaceHead = 1u << 6,   // river, republic, federation ...
  kFlagStopCap = 1u << 7,     // the, in, last ... (never a name alone at a sentence start)
  kFlagCalendar = 1u << 8,    // monday, march ...
  kFlagConnector = 1u << 9,   // of, for, on, the, de, von ...
  kFlagDemonym = 1u << 10,    // russian, american ...
  kFlagGazFirst = 1u << 11,   // first word of some gazetteer form
  kFlagCue = 1u << 12,        // reporting verbs: said, told, warned ...
  kFlagObjectCue = 1u << 13,  // told, asked ... (an object before the content)
  kFlagPronoun = 1u << 14,
  kFlagDeterminer = 1u << 15,
  kFlagAux = 1u << 16,       // has, was, also, then ...
  kFlagAttitude = 1u << 17,  // show, believe, want ... (indirect quotes only)
  kFlagThing = 1u << 18,     // tweet, statement, email ... (speak in news, title no name)
  // Bits 19..23: the WordClass of the word without its final "s" ("officials": a role noun),
  // so that the quote stage reads plural role nouns from the token's one lookup.
  kFlagPluralShift = 19,
  kFlagPluralMask = 0x1Fu << 19,
  // Bits 24..28: the most words of a gazetteer form starting with this word (kFlagGazFirst).
  kFlagWordsShift = 24,
  kFlagWordsMask = 31u << 24,
};

}  // namespace detail

struct GazEntry {
  std::string canonical;
  EntityType type;
  std::string country;
  // The TSV's type or kind column ("country", "capital", "government", "media" ...); empty
  // for user entries (Gazetteer::add).
  std::string kind = {};
};

struct Gazetteer::Impl {
  std::vector<GazEntry> entries;
  detail::StringMap<std::uint32_t> by_form;               // form_key -> entry
  detail::StringMap<std::uint32_t> demonyms;              // "russian" -> country entry
  detail::StringMap<std::uint8_t> words;                  // lower word -> kWord* bits
  detail::StringMap<char> word_gender;                    // "spokeswoman" -> 'f'
  detail::StringMap<std::pair<std::string, char>> given;  // key -> (group, sex)
  std::size_t max_form_words = 1;
  std::unordered_map<std::uint64_t, std::uint32_t> flags;  // lower_hash -> WordFlag bits

  // Open-addressing copy of `flags` for the per-token lookups (built by seal()): keys and
  // bits in separate arrays, so that the probed keys stay small enough for the L1/L2 cache.
  std::vector<std::uint64_t> table_keys;
  std::vector<std::uint32_t> table_bits;
  std::uint64_t mask = 0;
  // A digest of `flags` (order-independent), set by seal(): an EntityResult records it so
  // that quotes reuse its per-token flags only when they came from the same word lists.
  std::uint64_t fingerprint = 0;
  // Open-addressing index of `by_form` (built by seal()): a lookup that misses, as most of
  // the longest-first tries of a name do, reads one slot rather than a bucket, a node and
  // its string; `key` points into by_form's node (stable until by_form changes).
  struct FormSlot {
    std::uint64_t hash = 0;
    const std::string* key = nullptr;
    std::uint32_t entry = 0;
  };
  std::vector<FormSlot> form_table;
  std::uint64_t form_mask = 0;

  Impl();                      // registers the fixed word lists (gazetteer.cpp)
  Impl(const Impl&) = delete;  // form_table points into by_form
  Impl& operator=(const Impl&) = delete;
  /// Rebuilds the lookup table from `flags`; called after every change.
  void seal() {
    // At most 1/8 full: most words are in no list, and a lookup that misses should stop at
    // the first slot (each further probe is a mispredicted branch). Measured: 1/2 full ->
    // 1/8 full took extract_entities from 1.33 to 1.25 s (100 MB, 1 thread); 1/16 lost
    // more to cache misses than it saved.
    std::size_t cap = 16;
    while (cap < flags.size() * 8) cap <<= 1;
    table_keys.assign(cap, 0);
    table_bits.assign(cap, 0);
    mask = cap - 1;
    fingerprint = flags.size();
    for (const auto& [h, bits] : flags) {
      fingerprint += detail::mix64(h + detail::mix64(bits));
      std::uint64_t i = (h ^ (h >> 29)) & mask;
      while (table_keys[i] != 0) i = (i + 1) & mask;
      table_keys[i] = h == 0 ? 1 : h;
      table_bits[i] = bits;
    }
    std::size_t form_cap = 16;
    while (form_cap < by_form.size() * 4) form_cap <<= 1;
    form_table.assign(form_cap, FormSlot{});
    form_mask = form_cap - 1;
    for (const auto& [key, entry] : by_form) {
      const std::uint64_t h = detail::bytes_hash(key);
      std::uint64_t i = (h ^ (h >> 29)) & form_mask;
      while (form_table[i].key != nullptr) i = (i + 1) & form_mask;
      form_table[i] = FormSlot{h, &key, entry};
    }
  }
  [[nodiscard]] std::uint32_t flags_of(std::uint64_t h) const {
    if (table_keys.empty()) return 0;
    if (h == 0) h = 1;
    // The first slot decides nearly every lookup, hit or miss: without a branch on which
    // (it was mispredicted for every word in a list). Probe on only when taken by another.
    std::uint64_t i = (h ^ (h >> 29)) & mask;
    std::uint64_t k = table_keys[i];
    const std::uint32_t first = table_bits[i] & (0u - static_cast<std::uint32_t>(k == h));
    if (k == h || k == 0) return first;
    for (i = (i + 1) & mask;; i = (i + 1) & mask) {
      k = table_keys[i];
      if (k == h) return table_bits[i];
      if (k == 0) return 0;
    }
  }
  /// flags_of for every word token of `text` (0 for the others), and with `hashes` their
  /// lower_hash: the one lookup per token the detectors start from. `buf`: scratch space.
  void word_flags(std::string_view text, const std::vector<Token>& toks,
                  std::vector<std::uint64_t>* hashes, std::vector<std::uint32_t>& word_bits,
                  std::string& buf) const {
    word_bits.assign(toks.size(), 0);
    if (hashes) hashes->assign(toks.size(), 0);
    for (std::size_t k = 0; k < toks.size(); ++k) {
      if (toks[k].kind != TokenKind::kWord) continue;
      const std::uint64_t h =
          detail::lower_hash(text.substr(toks[k].start, toks[k].end - toks[k].start), buf);
      word_bits[k] = flags_of(h);
      if (hashes) (*hashes)[k] = h;
    }
  }
  void flag(std::string_view word, std::uint32_t bits) {
    std::string buf;
    const std::uint64_t h = detail::lower_hash(word, buf);
    flags[h == 0 ? 1 : h] |= bits;
    if (const std::uint32_t cls = bits & detail::kFlagClassMask; cls != 0) {
      std::string plural(word);
      plural.push_back('s');
      flags[detail::lower_hash(plural, buf)] |= cls << detail::kFlagPluralShift;
    }
  }

  void add_form(std::string_view form, std::uint32_t entry) {
    const std::string k = detail::form_key(form);
    if (k.empty()) return;
    by_form.emplace(k, entry);  // the first entry keeps an ambiguous form (Georgia)
    note_form(k);
  }
  /// Flags the first word of form key `k` and keeps the most words of its forms.
  void note_form(std::string_view k) {
    const auto n_words = static_cast<std::uint32_t>(std::count(k.begin(), k.end(), ' ')) + 1;
    max_form_words = std::max<std::size_t>(max_form_words, n_words);
    std::string buf;
    const std::uint64_t h = detail::lower_hash(k.substr(0, k.find(' ')), buf);
    std::uint32_t& f = flags[h == 0 ? 1 : h];
    f |= detail::kFlagGazFirst;
    const std::uint32_t w = std::min<std::uint32_t>(n_words, 31);
    if (((f & detail::kFlagWordsMask) >> detail::kFlagWordsShift) < w)
      f = (f & ~std::uint32_t{detail::kFlagWordsMask}) | (w << detail::kFlagWordsShift);
  }
  [[nodiscard]] const GazEntry* find(std::string_view key) const {
    const std::int64_t i = find_index(key);
    return i < 0 ? nullptr : &entries[static_cast<std::size_t>(i)];
  }
  /// The entry of form key `key` (by_form's), -1 for none.
  [[nodiscard]] std::int64_t find_index(std::string_view key) const {
    if (form_table.empty()) return -1;
    const std::uint64_t h = detail::bytes_hash(key);
    for (std::uint64_t i = (h ^ (h >> 29)) & form_mask;; i = (i + 1) & form_mask) {
      const FormSlot& slot = form_table[i];
      if (slot.key == nullptr) return -1;
      if (slot.hash == h && *slot.key == key) return slot.entry;
    }
  }
  [[nodiscard]] std::uint8_t word_class(std::string_view lw) const {
    const auto it = words.find(lw);
    return it == words.end() ? 0 : it->second;
  }
};

}  // namespace presslens
