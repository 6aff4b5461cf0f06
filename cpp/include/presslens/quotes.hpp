// presslens/quotes.hpp: direct, indirect and mixed quotes, attributed to their speakers.
//
//   presslens::EntityResult ents = presslens::extract_entities(corpus, gazetteer, {});
//   presslens::QuoteResult q = presslens::extract_quotes(corpus, ents, gazetteer, {});
//   for (const presslens::Quote& x : q.quotes)
//     if (x.speaker_entity >= 0) who_said(ents.entities[x.speaker_entity].name, x);
//
// Direct quotes: every mark style (“ ” " " « » „ “ ‘ ’ and the doubled '' ``), nested
// single quotes kept inside their double quote, a quote that runs over several paragraphs
// (the convention: no closing mark at the end of a paragraph, an opening mark at the next),
// "[…]" cuts inside. An opening mark never closed is closed at the end of its paragraph
// with a per-document warning ("unbalanced_quote"); the rest of the document is unaffected.
//
// Attribution, by rule, in this order (the rule that decided is kept on the quote):
//   after      “...,” Ryabkov said / “...,” said Sorokin / “...,” the diplomat added
//   before     Marsh told reporters: “...” / Price said that “...” / According to X, “...”
//   split      “A,” he said. “B.”  -> one quote spanning both parts, with the parts A and B
//              (the speaker's words without the attribution: Quote::part_begin)
//   mixed      X described the talks as “useful but difficult” (a fragment inside a
//              paraphrase with a reporting verb)
//   floating   a paragraph that is only a quote, after a paragraph with a known speaker
//   previous   otherwise the nearest speaker of the two paragraphs before (low confidence)
// Indirect quotes: "X said (that) ...", "X told Interfax ...", "according to X, ...",
// "..., X said." with a reporting-verb lexicon (cue).
// Speakers: named (a PERSON mention), titled (a PERSON mention with a role), pronoun
// (he/she/they resolved to the nearest compatible entity before it), role noun ("the
// diplomat", resolved to a person with that role or the last speaker), organisation.
//
// Cross-outlet deduplication: quotes of one speaker in different documents whose content
// words overlap (stems; containment >= 0.4 of the shorter) share an utterance id.
//
// Offsets are UTF-8 bytes into Document::text; content offsets exclude the quote marks.
// Complexity: O(tokens + quotes * window) per document; deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"
#include "presslens/errors.hpp"

namespace presslens {

// kScare: a short phrase in marks after a verb of thinking, naming or calling with no speech
// verb ("X thinks cats are “cuties”", "what he called “fake news”", the so-called “experts”):
// the writer's distance, not a quotation; kept with whoever thinks or calls it so, if anyone.
enum class QuoteKind : std::uint8_t { kDirect = 0, kIndirect = 1, kMixed = 2, kScare = 3 };
enum class SpeakerKind : std::uint8_t {
  kNamed = 0,
  kTitled = 1,
  kPronoun = 2,
  kRole = 3,
  kOrganisation = 4,
  kUnknown = 5,
};
enum class QuoteRule : std::uint8_t {
  kAfter = 0,
  kBefore = 1,
  kSplit = 2,
  kMixed = 3,
  kFloating = 4,
  kPrevious = 5,
  kIndirect = 6,
  kAccordingTo = 7,
  kNone = 8,
  kNarration = 9,  // no speaker of its own: the subject of the narration leading to it
};

[[nodiscard]] const char* quote_kind_name(QuoteKind k) noexcept;      // "direct" ...
[[nodiscard]] const char* speaker_kind_name(SpeakerKind k) noexcept;  // "named" ...
[[nodiscard]] const char* quote_rule_name(QuoteRule r) noexcept;      // "after" ...

/// A stretch of a quote that is the speaker's own words (bytes into Document::text).
struct QuotePart {
  std::uint32_t start, end;
};

struct Quote {
  std::uint32_t doc;
  std::uint32_t start, end;  // content (marks excluded); a split quote spans both parts
  QuoteKind kind;
  QuoteRule rule;
  SpeakerKind speaker_kind;
  bool unbalanced;                           // closed at a paragraph end for want of a closing mark
  std::uint32_t cue_start, cue_end;          // the reporting verb (0, 0 when none)
  std::uint32_t speaker_start, speaker_end;  // the speaker mention (0, 0 when unknown)
  std::int32_t speaker_entity;               // index into EntityResult::entities, or -1
  std::uint32_t paragraph;                   // paragraph of the first part
  std::uint32_t utterance;                   // same id: same statement across documents
  float confidence;
  // The speaker's words: QuoteResult::parts[part_begin, part_end). One part [start, end)
  // but for a split quote, whose parts leave out the attribution between them (“A,” he
  // said. “B.” -> A and B).
  std::uint32_t part_begin, part_end;
};

struct QuoteOptions {
  int threads = 0;
  /// Minimum content words of a direct quote without an attribution of its own, below
  /// which it is dropped rather than given the previous speaker or none. Shorter ones are
  /// mostly scare quotes, titles, slogans and chants ("unfriendly countries"); on PolNeAR
  /// the unattributed quotes under ten words are more often not annotated quotes than
  /// quotes, and their guessed speaker is rarely right. A floating quote (a paragraph that
  /// is only a quote, after one with a speaker) is kept whatever its length.
  std::uint32_t min_unattributed_words = 10;
  /// Containment of content stems for two quotes of one speaker to be one utterance.
  double utterance_overlap = 0.4;
  /// The attribution ranker's weights, one per name of attribution_features() (empty: the
  /// rules decide in their fixed order: after, before, mixed). With weights, every rule
  /// that finds a speaker for a direct quote proposes it, as does the subject of the
  /// quote's sentence, and the candidate of highest score wins (docs/quotes.md).
  std::vector<double> attribution_weights;
  /// Keep every candidate with its features in QuoteResult::candidates (for training).
  bool keep_candidates = false;
};

/// One speaker proposed for a direct quote (before split quotes are merged).
struct AttributionCandidate {
  std::uint32_t doc;
  std::uint32_t quote_start, quote_end;      // the quote's content, bytes
  std::uint32_t speaker_start, speaker_end;  // bytes
  std::uint8_t slot;                         // 0 after, 1 before, 2 mixed, 3 sentence subject
  bool chosen;                               // the candidate the quote kept
  std::vector<float> features;               // in the order of attribution_features()
};

/// The names of the ranker's features, in order.
[[nodiscard]] const std::vector<std::string>& attribution_features();

struct QuoteResult {
  std::vector<Quote> quotes;                     // by document, then start
  std::vector<QuotePart> parts;                  // of every quote, in quote order
  std::vector<AttributionCandidate> candidates;  // with QuoteOptions::keep_candidates
  std::vector<CorpusWarning> warnings;           // "unbalanced_quote" per document
};

[[nodiscard]] QuoteResult extract_quotes(const Corpus& corpus, const EntityResult& entities,
                                         const Gazetteer& gazetteer, const QuoteOptions& options,
                                         const Interrupt& interrupt = {});

/// The content stems utterance ids are built from, in text order (repeats kept): lower case,
/// the first five code points of each word of three letters or more, 24 function words
/// ("the", "and", "that", ...) left out. "Negotiations ended" -> {"negot", "ended"}.
[[nodiscard]] std::vector<std::string> content_stems(std::string_view text);

/// Quotes as columns for Python: offsets in code points when `code_points`, -1 for a quote
/// with no cue or no speaker; kind, rule and speaker_kind as their enum values.
struct QuoteTable {
  std::vector<std::int64_t> doc, start, end, cue_start, cue_end, speaker_start, speaker_end,
      speaker_entity, paragraph, utterance;
  std::vector<std::uint8_t> kind, rule, speaker_kind, unbalanced;
  std::vector<float> confidence;
  // One row per part: the row of its quote in the columns above, and its span.
  std::vector<std::int64_t> part_quote, part_start, part_end;
  // One row per attribution candidate (QuoteOptions::keep_candidates); features row-major,
  // attribution_features().size() per row.
  std::vector<std::int64_t> cand_doc, cand_quote_start, cand_quote_end, cand_speaker_start,
      cand_speaker_end;
  std::vector<std::uint8_t> cand_slot, cand_chosen;
  std::vector<float> cand_features;
};
/// The rows are filled on `threads` threads (0 = all cores), by runs of quotes; the same
/// table whatever the count.
[[nodiscard]] QuoteTable quote_table(const Corpus& corpus, const QuoteResult& result,
                                     bool code_points, int threads = 1);

}  // namespace presslens
