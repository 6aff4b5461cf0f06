// Private: the gazetteer's lookup tables, shared by entities.cpp and quotes.cpp.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "presslens/entities.hpp"

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

/// Lower-cased, typographically folded, without a leading "the ": the key of gazetteer forms.
[[nodiscard]] std::string form_key(std::string_view s);
}  // namespace detail

struct GazEntry {
  std::string canonical;
  EntityType type;
  std::string country;
};

struct Gazetteer::Impl {
  std::vector<GazEntry> entries;
  std::unordered_map<std::string, std::uint32_t> by_form;   // form_key -> entry
  std::unordered_map<std::string, std::uint32_t> demonyms;  // "russian" -> country entry
  std::unordered_map<std::string, std::uint8_t> words;      // lower word -> detail::kWord* bits
  std::unordered_map<std::string, char> word_gender;        // "spokeswoman" -> 'f'
  std::unordered_map<std::string, std::pair<std::string, char>> given;  // key -> (group, sex)
  std::size_t max_form_words = 1;

  void add_form(std::string_view form, std::uint32_t entry) {
    const std::string k = detail::form_key(form);
    if (k.empty()) return;
    by_form.emplace(k, entry);  // the first entry keeps an ambiguous form (Georgia)
    max_form_words = std::max<std::size_t>(
        max_form_words, static_cast<std::size_t>(std::count(k.begin(), k.end(), ' ')) + 1);
  }
  [[nodiscard]] const GazEntry* find(std::string_view key) const {
    const auto it = by_form.find(std::string(key));
    return it == by_form.end() ? nullptr : &entries[it->second];
  }
  [[nodiscard]] std::int64_t find_index(const std::string& key) const {
    const auto it = by_form.find(key);
    return it == by_form.end() ? -1 : static_cast<std::int64_t>(it->second);
  }
  [[nodiscard]] std::uint8_t word_class(const std::string& lw) const {
    const auto it = words.find(lw);
    return it == words.end() ? 0 : it->second;
  }
};

}  // namespace presslens
