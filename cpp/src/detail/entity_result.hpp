// Private: the last step of entity extraction (entities.cpp), shared by extract_entities and
// by the resolution of merged partial results (entity_partial.cpp): from resolved candidates
// to the EntityResult, with the affiliation lookups both need.
//
//   detail::Affiliations aff(gaz.impl(), d.strings);
//   std::uint32_t id = aff.of_span(corpus.at(0), 0, 9);  // "Russian Deputy ..." -> "Russia"
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detail/entity_detection.hpp"
#include "detail/entity_resolution.hpp"
#include "detail/gazetteer.hpp"
#include "detail/hash.hpp"
#include "presslens/entities.hpp"

namespace presslens::detail {

/// Affiliations of role spans and gazetteer entries as string ids of `strings` (0: none);
/// each distinct span text and entry is looked up once.
class Affiliations {
 public:
  Affiliations(const Gazetteer::Impl& gaz, Strings& strings)
      : gaz_(gaz), strings_(strings), by_entry_(gaz.entries.size(), UINT32_MAX) {}
  /// The affiliation gazetteer entry `entry` stands for (0 for entry < 0).
  std::uint32_t of_entry(std::int64_t entry);
  /// The affiliation named in bytes [a, b) of `doc`.
  std::uint32_t of_span(const Document& doc, std::uint32_t a, std::uint32_t b);
  /// The gazetteer entry whose affiliation bytes [a, b) of `doc` name, as of_span finds it,
  /// or -1: reads only `gaz` and `doc`, so that threads can look spans up side by side
  /// (each with its own `key` and `scratch`), of_entry making the entry's string later.
  [[nodiscard]] static std::int64_t entry_of_span(const Gazetteer::Impl& gaz, const Document& doc,
                                                  std::uint32_t a, std::uint32_t b,
                                                  std::string& key, std::string& scratch);

 private:
  const Gazetteer::Impl& gaz_;
  Strings& strings_;
  std::vector<std::uint32_t> by_entry_;  // UINT32_MAX: not looked up yet
  StringMap<std::uint32_t> by_span_;     // looked up by string_view: no string per lookup
  std::string key_, scratch_;
};

/// Whether the bytes of `text` between a candidate's end and a role's start are only spaces
/// and a possessive ("Russia's Deputy Foreign Minister"): the role then starts at the
/// candidate.
[[nodiscard]] bool role_continues(std::string_view text, std::uint32_t cand_end,
                                  std::uint32_t role_start);

/// Candidate i's affiliation from its role or from its own name (string ids of d.strings).
using AffiliationFn = std::function<std::uint32_t(std::size_t, Affiliations&)>;

/// Each entity's attributes, canonical name and affiliation, the entities in their order,
/// one mention per candidate left in `d` and the merge log. `doc_outlets`: the outlet of
/// each document `d` refers to. `mention_cands` (when not null) receives, per mention, the
/// index of its candidate in `d.cands`. token_flags are left empty.
[[nodiscard]] EntityResult build_entity_result(Detection& d, Resolution& r,
                                               const Gazetteer::Impl& gaz,
                                               const std::vector<std::string_view>& doc_outlets,
                                               const AffiliationFn& role_aff,
                                               const AffiliationFn& name_aff, int threads,
                                               const Interrupt& interrupt,
                                               std::vector<std::uint32_t>* mention_cands);

}  // namespace presslens::detail
