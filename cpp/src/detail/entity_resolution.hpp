// Private: the resolution of detected candidates into entities (entity_resolution.cpp), and
// the reasons of its merges, which entities.cpp writes into the merge log.
//
//   detail::Detection d = detail::detect_candidates(corpus, gaz, threads, {});
//   detail::Resolution r = detail::resolve_entities(d, gaz, options, {});
//   // d.cands[i] belongs to r.entities[r.assign[i]], because of r.reason[i]
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detail/entity_detection.hpp"
#include "detail/gazetteer.hpp"
#include "presslens/entities.hpp"

namespace presslens::detail {

// Why a mention joined its entity; the text is written once per entity and form at the end.
enum class Why : std::uint8_t {
  kNone,
  kUser,           // a: canonical name (string id)
  kGazAlias,       // a: gazetteer entry
  kTranslit,       // a, b: given-name and surname keys (string ids)
  kGivenInDoc,     // a: entity
  kSurnameCorpus,  // a: entity
  kSurnameDoc,     // a: entity
  kCapitals,       // a: entity
  kAbbreviation,   // a: entity
  kShortForm,      // a: entity
};
struct Reason {
  Why why = Why::kNone;
  std::uint32_t a = 0, b = 0;
};

/// The merge log's text for `r` (empty for Why::kNone). `name`: the name entity `r.a` had
/// when the reason was given, for the reasons that name an entity (kGivenInDoc and after).
[[nodiscard]] std::string describe(const Reason& r, std::string_view name, const Strings& strings,
                                   const Gazetteer::Impl& gaz);

struct Resolution {
  /// In order of first use; each named by the surface (or canonical name) that made it,
  /// with its type. The other fields are left for the result to fill.
  std::vector<Entity> entities;
  std::vector<std::uint32_t> assign;  // per candidate left in the Detection: its entity
  std::vector<Reason> reason;         // per candidate: why it joined (kNone: nothing to log)
  /// Refused and ambiguous joins and never_merge splits, in the order they were decided.
  std::vector<MergeRecord> merges;
  /// The index each candidate left in the Detection had before resolution removed some.
  std::vector<std::uint32_t> kept;
};

/// Resolves the candidates of `d` into entities, as one pass in document order would: user
/// aliases, gazetteer entries, organisations and places by rule and full person names; runs
/// without evidence; single names, per document; never_merge; organisation short forms and
/// acronyms. Removes from `d.cands` the candidates no entity takes (acronyms that are words),
/// lowers the confidence of the candidates that joined by a weaker rule, and interns more
/// strings in `d.strings`. Ids and merges do not depend on options.threads. O(candidates log
/// candidates). Throws std::invalid_argument for an empty alias or a never_merge pair that
/// names one name twice.
[[nodiscard]] Resolution resolve_entities(Detection& d, const Gazetteer::Impl& gaz,
                                          const EntityOptions& options, const Interrupt& interrupt);

}  // namespace presslens::detail
