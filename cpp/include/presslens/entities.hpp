// presslens/entities.hpp: people, organisations and places, with aliases resolved across
// the whole corpus. Rules and gazetteers, no model.
//
//   presslens::Gazetteer gaz = presslens::Gazetteer::from_tsv(places, orgs, titles, names);
//   presslens::EntityResult r = presslens::extract_entities(corpus, gaz, {});
//   for (const presslens::Mention& m : r.mentions)
//     std::cout << corpus.at(m.doc).text.substr(m.start, m.end - m.start) << " -> "
//               << r.entities[m.entity].name << "\n";   // "Ryabkov" -> "Sergei Ryabkov"
//
// Detection (per sentence, boilerplate skipped): maximal runs of capitalised words, joined
// by "of"/"for"/"on"/"the" only after an organisation or title head ("Ministry of Foreign
// Affairs", "Under Secretary of State"), cut at a possessive ("Nuland's" -> "Nuland").
// A leading title or honorific ("Deputy Foreign Minister", "the Kremlin Spokesman,") is
// stripped from a person's name and kept as a role; places, demonyms and organisations
// inside the title become mentions or attributes of their own. A run is typed by, in order:
// the gazetteers (places, organisations), organisation head words ("Ministry", "Committee"),
// acronyms, a known given name or a title (PERSON); a single capitalised word that starts a
// sentence and is seen lower case elsewhere in the corpus is not a name.
//
// Resolution (whole corpus, deterministic): gazetteer aliases ("U.S." = "United States");
// person names compared by a transliteration key (Sergei/Sergey, Dmitry/Dmitri,
// Alexei/Aleksei, Zakharova/Zaharova, Yevgeny/Evgeny/Evgenii) and given-name variants
// from the gazetteer; a surname alone joins a full name only when exactly one person in
// the corpus (or, failing that, in its document) has that surname; a given name alone
// only within its document. A wrong merge is worse than a split: every merge is logged
// with its reason, and `never_merge` forbids it. `aliases` forces one.
//
// Offsets are UTF-8 bytes into Document::text. Complexity: O(tokens) per document plus
// O(mentions log mentions) for resolution. Throws std::invalid_argument for malformed
// gazetteer lines (naming file and line) and for conflicting options.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/errors.hpp"

namespace presslens {

enum class EntityType : std::uint8_t { kPerson = 0, kOrg = 1, kPlace = 2, kOther = 3 };

/// "PERSON", "ORG", "PLACE", "OTHER".
[[nodiscard]] std::string_view entity_type_name(EntityType t) noexcept;

/// Gazetteers: places, organisations, titles/roles and given names (TSV text, formats in
/// python/presslens/data/gazetteer/*.tsv). Immutable once built; safe to share across
/// threads.
class Gazetteer {
 public:
  Gazetteer();
  ~Gazetteer();
  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  /// Parses the four TSV files (comment lines start with '#'). Throws std::invalid_argument
  /// naming the file and line of a malformed entry.
  [[nodiscard]] static Gazetteer from_tsv(std::string_view places, std::string_view orgs,
                                          std::string_view titles, std::string_view given_names);

  /// Adds a user entry: `name` with its aliases as one entity of type `type`.
  void add(std::string_view name, EntityType type, const std::vector<std::string>& aliases);

  struct Impl;
  [[nodiscard]] const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

struct EntityOptions {
  /// alias -> canonical name: every mention written `alias` belongs to the entity named
  /// `canonical` (created if needed).
  std::vector<std::pair<std::string, std::string>> aliases;
  /// Pairs of names that must never end up in one entity.
  std::vector<std::pair<std::string, std::string>> never_merge;
  int threads = 0;
};

struct Mention {
  std::uint32_t doc;
  std::uint32_t start;  // bytes, the name as written (title and possessive excluded)
  std::uint32_t end;
  std::uint32_t sentence;    // index into the document's sentences
  std::uint32_t paragraph;   // index into the document's paragraphs
  std::uint32_t token;       // index of the first token of the name
  std::uint32_t entity;      // index into EntityResult::entities
  std::uint32_t role_start;  // bytes of the title/role before the name ("Deputy Foreign
  std::uint32_t role_end;    // Minister"); role_start == role_end when there is none
  EntityType type;
  float confidence;  // 0..1: how sure the rules are of the span and the type
};

struct Entity {
  std::string name;  // canonical: the most frequent full form
  EntityType type;
  std::vector<std::string> aliases;  // every distinct surface form, sorted
  std::vector<std::string> roles;    // titles seen before the name, sorted, distinct
  std::uint32_t n_mentions = 0;
  std::uint32_t n_docs = 0;
  std::vector<std::string> outlets;  // sorted, distinct
  char gender = 0;                   // 'm', 'f' or 0 (from titles and given names)
  float confidence = 0;              // mean of its mentions'
  // The country or organisation its roles name ("Russian Deputy Foreign Minister" ->
  // "Russia", "U.S. Department of State spokesman" -> "United States", "NATO Secretary
  // General" -> "NATO"), or for an organisation or place its own gazetteer entry's ("the
  // Kremlin" -> "Russia"): the most frequent over its mentions, ties to the first in string
  // order; empty when none names one. Rules in entities.cpp (entry_affiliation).
  std::string affiliation;
};

struct MergeRecord {
  std::uint32_t entity;  // the entity the form joined; UINT32_MAX for a refused or
                         // ambiguous join (None in Python)
  std::string form;      // the surface form (or name) that joined it
  std::string reason;    // "gazetteer alias", "transliteration of ...", "surname of ...",
                         // "user alias", "refused: never_merge ..." ...
};

// A field added to Mention, Entity, MergeRecord or EntityResult must be written by
// serialize.cpp too (pickling; tests/python/test_pickle.py compares every column).
struct EntityResult {
  std::vector<Mention> mentions;  // ordered by document, then start
  std::vector<Entity> entities;   // ordered by type, then mentions (descending), then name
  std::vector<MergeRecord> merges;
  // The gazetteer's word-class bits of every token, in corpus order (document d's tokens at
  // [token_begin[d], token_begin[d + 1])), and a digest of the word lists they came from:
  // extract_quotes reuses them instead of hashing every token again. Internal; may be empty.
  std::vector<std::uint32_t> token_flags;
  std::vector<std::size_t> token_begin;
  std::uint64_t gazetteer_fingerprint = 0;
};

/// Detects and resolves the entities of a corpus.
[[nodiscard]] EntityResult extract_entities(const Corpus& corpus, const Gazetteer& gazetteer,
                                            const EntityOptions& options,
                                            const Interrupt& interrupt = {});

/// Entity candidates of one part of a corpus (a stream batch, a Dask partition) with what
/// corpus-wide resolution needs: the parts of a corpus are detected one by one, merged, and
/// resolved once into the entities of the whole corpus (ids, names, aliases, mentions,
/// outlets, roles, affiliations and the merge log all equal extract_entities'), in any merge
/// order. A part carries its candidates (before the corpus-wide drop of sentence-initial
/// words the corpus writes in lower case), the hashes of every lower-case word it writes,
/// each document's id and outlet, and per candidate its affiliation evidence and code-point
/// offsets, so that resolution needs no text. Boilerplate is flagged per part.
///
///   EntityPartial a = detect_entity_partial(part_a, gaz, 0), b = ...;
///   EntityPartial m = merge_entity_partials({&a, &b}, {{0, 0}, {1, 0}, {0, 1}});
///   ResolvedEntities r = resolve_entity_partial(m, gaz, {});
class EntityPartial {
 public:
  EntityPartial();
  ~EntityPartial();
  EntityPartial(EntityPartial&&) noexcept;
  EntityPartial& operator=(EntityPartial&&) noexcept;
  EntityPartial(const EntityPartial&) = delete;
  EntityPartial& operator=(const EntityPartial&) = delete;

  /// The documents' ids, in the part's order.
  [[nodiscard]] const std::vector<std::string>& doc_ids() const noexcept;
  [[nodiscard]] std::size_t n_candidates() const noexcept;

  struct Impl;
  [[nodiscard]] const Impl& impl() const noexcept { return *impl_; }
  [[nodiscard]] Impl& impl() noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

/// Detects the candidates of `corpus` as one part of a larger one. O(tokens).
[[nodiscard]] EntityPartial detect_entity_partial(const Corpus& corpus, const Gazetteer& gazetteer,
                                                  int threads, const Interrupt& interrupt = {});

/// The parts as one, their documents in `order`: (part index, document index in that part)
/// of every document of every part, each once. Throws std::invalid_argument when `order` is
/// not such a permutation, or the parts were detected with different gazetteers.
[[nodiscard]] EntityPartial merge_entity_partials(
    const std::vector<const EntityPartial*>& parts,
    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& order);

/// Mentions as columns for Python; offsets in code points when `code_points`.
struct MentionTable;

/// The entities of the documents of `partial` as extract_entities finds them in the corpus
/// of those documents in the partial's order; the mention table in code points (resolution
/// has no corpus to convert offsets with) and each mention's text and role as written.
struct ResolvedEntities;
[[nodiscard]] ResolvedEntities resolve_entity_partial(const EntityPartial& partial,
                                                      const Gazetteer& gazetteer,
                                                      const EntityOptions& options,
                                                      const Interrupt& interrupt = {});

/// Serialized partial (pickling); deserialize throws std::invalid_argument on bad bytes.
[[nodiscard]] std::string serialize(const EntityPartial& partial);
[[nodiscard]] EntityPartial deserialize_entity_partial(std::string_view bytes);

/// Mentions as columns for Python; offsets in code points when `code_points`.
struct MentionTable {
  std::vector<std::int64_t> doc, start, end, sentence, paragraph, token, entity, role_start,
      role_end;
  std::vector<std::uint8_t> type;
  std::vector<float> confidence;
};
[[nodiscard]] MentionTable mention_table(const Corpus& corpus, const EntityResult& result,
                                         bool code_points);

struct ResolvedEntities {
  EntityResult result;
  MentionTable mentions;  // code points; doc indexes into doc_ids
  std::vector<std::string> doc_ids;
  std::vector<std::string> text, role;  // per mention, as written ("" for no role)
};

/// The transliteration key used to compare names: lower case, Latin diacritics removed,
/// x -> ks, kh -> h, initial ye -> e, y/j -> i, doubled letters collapsed.
/// transliteration_key("Sergey") == transliteration_key("Sergei").
[[nodiscard]] std::string transliteration_key(std::string_view name);

}  // namespace presslens
