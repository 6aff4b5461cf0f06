// tests/fuzz/fuzz_quotes.cpp: quote detection and attribution (quotes.hpp) on top of entity
// detection, with the shipped gazetteers (PRESSLENS_SOURCE_DIR).
//
// Input: one option byte, then documents separated by 0xFF bytes.
// Invariants: quotes ordered by document then start, content inside the document and on
// code point boundaries, inside the span of paragraphs from its own; cue and speaker
// ranges inside the text; a speaker entity is a valid index and comes with a speaker span;
// confidences in [0, 1]; warnings name a document of the corpus; the same result with 1
// and 2 threads and when run twice.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "presslens/corpus.hpp"
#include "presslens/entities.hpp"
#include "presslens/quotes.hpp"

namespace {

bool same(const presslens::QuoteResult& a, const presslens::QuoteResult& b) {
  if (a.quotes.size() != b.quotes.size() || a.warnings.size() != b.warnings.size()) return false;
  for (std::size_t i = 0; i < a.quotes.size(); ++i) {
    const auto &x = a.quotes[i], &y = b.quotes[i];
    if (x.doc != y.doc || x.start != y.start || x.end != y.end || x.kind != y.kind ||
        x.rule != y.rule || x.speaker_kind != y.speaker_kind || x.unbalanced != y.unbalanced ||
        x.cue_start != y.cue_start || x.cue_end != y.cue_end ||
        x.speaker_start != y.speaker_start || x.speaker_end != y.speaker_end ||
        x.speaker_entity != y.speaker_entity || x.paragraph != y.paragraph ||
        x.utterance != y.utterance || x.confidence != y.confidence)
      return false;
  }
  for (std::size_t i = 0; i < a.warnings.size(); ++i)
    if (a.warnings[i].doc_id != b.warnings[i].doc_id || a.warnings[i].code != b.warnings[i].code ||
        a.warnings[i].offset != b.warnings[i].offset)
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  presslens_fuzz::Input in(data, size);
  const std::uint8_t opt = in.byte();
  const auto parts = in.split('\xFF', 8);
  std::vector<presslens::RawDocument> recs = presslens_fuzz::records(parts, 2);
  presslens::LoadOptions lo;
  lo.threads = 1;
  lo.detect_boilerplate = (opt & 1) == 0;
  lo.segment.paragraphs = static_cast<presslens::ParagraphMode>((opt >> 1) % 3);
  const presslens::Corpus corpus = presslens::Corpus::from_records(std::move(recs), lo);
  presslens::EntityOptions eo;
  eo.threads = 1;
  const auto ents = presslens::extract_entities(corpus, presslens_fuzz::shipped_gazetteer(), eo);

  presslens::QuoteOptions qo;
  qo.threads = 1;
  qo.min_unattributed_words = 1 + (opt >> 3) % 6;
  const auto q = presslens::extract_quotes(corpus, ents, presslens_fuzz::shipped_gazetteer(), qo);
  FUZZ_CHECK(
      same(q, presslens::extract_quotes(corpus, ents, presslens_fuzz::shipped_gazetteer(), qo)));
  qo.threads = 2;
  FUZZ_CHECK(
      same(q, presslens::extract_quotes(corpus, ents, presslens_fuzz::shipped_gazetteer(), qo)));

  std::set<std::string> ids;
  for (const auto& d : corpus.documents()) ids.insert(d.id);
  for (const auto& w : q.warnings) FUZZ_CHECK(ids.contains(w.doc_id) && !w.message.empty());

  for (std::size_t i = 0; i < q.quotes.size(); ++i) {
    const auto& x = q.quotes[i];
    FUZZ_CHECK(x.doc < corpus.size());
    const auto& d = corpus.at(x.doc);
    const std::string_view text = d.text;
    FUZZ_CHECK(x.start <= x.end && x.end <= text.size());
    FUZZ_CHECK(presslens_fuzz::on_boundary(text, x.start) &&
               presslens_fuzz::on_boundary(text, x.end));
    if (i > 0) {
      const auto& p = q.quotes[i - 1];
      FUZZ_CHECK(p.doc < x.doc || (p.doc == x.doc && p.start <= x.start));
    }
    FUZZ_CHECK(x.paragraph < d.seg.paragraphs.size());
    FUZZ_CHECK(d.seg.paragraphs[x.paragraph].start <= x.start);
    FUZZ_CHECK(x.cue_start <= x.cue_end && x.cue_end <= text.size());
    FUZZ_CHECK(x.speaker_start <= x.speaker_end && x.speaker_end <= text.size());
    FUZZ_CHECK(presslens_fuzz::on_boundary(text, x.cue_start) &&
               presslens_fuzz::on_boundary(text, x.cue_end) &&
               presslens_fuzz::on_boundary(text, x.speaker_start) &&
               presslens_fuzz::on_boundary(text, x.speaker_end));
    FUZZ_CHECK(x.speaker_entity >= -1 &&
               x.speaker_entity < static_cast<std::int64_t>(ents.entities.size()));
    if (x.speaker_entity >= 0) FUZZ_CHECK(x.speaker_kind != presslens::SpeakerKind::kUnknown);
    // (the last value of each enum: a new one moves these bounds)
    FUZZ_CHECK(x.kind <= presslens::QuoteKind::kScare &&
               x.rule <= presslens::QuoteRule::kNarration &&
               x.speaker_kind <= presslens::SpeakerKind::kUnknown);
    FUZZ_CHECK(x.confidence >= 0.0f && x.confidence <= 1.0f);
    FUZZ_CHECK(presslens::quote_kind_name(x.kind) != nullptr &&
               presslens::quote_rule_name(x.rule) != nullptr &&
               presslens::speaker_kind_name(x.speaker_kind) != nullptr);
  }
  return 0;
}
