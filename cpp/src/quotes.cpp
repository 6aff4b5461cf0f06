// Quote extraction and attribution: the flow. Per document (in parallel): index the tokens,
// pair the quote marks (quote_marks.cpp), attribute each direct quote by the first rule that
// fits (quote_attribution.cpp), merge split quotes and give floating quotes the previous
// speaker (quote_direct.cpp), find indirect quotes in the sentences no direct quote covers
// (quote_indirect.cpp), then resolve pronouns and role nouns in document order
// (quote_resolution.cpp). Across documents (sequential, deterministic): the utterance ids
// (quote_utterances.cpp). detail/doc_quotes.hpp maps the rest.
#include "presslens/quotes.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "detail/doc_quotes.hpp"
#include "presslens/parallel.hpp"

namespace presslens {

const char* quote_kind_name(QuoteKind k) noexcept {
  switch (k) {
    case QuoteKind::kDirect:
      return "direct";
    case QuoteKind::kIndirect:
      return "indirect";
    case QuoteKind::kMixed:
      return "mixed";
    case QuoteKind::kScare:
      return "scare";
  }
  return "direct";
}

const char* speaker_kind_name(SpeakerKind k) noexcept {
  switch (k) {
    case SpeakerKind::kNamed:
      return "named";
    case SpeakerKind::kTitled:
      return "titled";
    case SpeakerKind::kPronoun:
      return "pronoun";
    case SpeakerKind::kRole:
      return "role";
    case SpeakerKind::kOrganisation:
      return "organisation";
    case SpeakerKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const char* quote_rule_name(QuoteRule r) noexcept {
  switch (r) {
    case QuoteRule::kAfter:
      return "after";
    case QuoteRule::kBefore:
      return "before";
    case QuoteRule::kSplit:
      return "split";
    case QuoteRule::kMixed:
      return "mixed";
    case QuoteRule::kFloating:
      return "floating";
    case QuoteRule::kPrevious:
      return "previous";
    case QuoteRule::kIndirect:
      return "indirect";
    case QuoteRule::kAccordingTo:
      return "according_to";
    case QuoteRule::kNone:
      return "none";
    case QuoteRule::kNarration:
      return "narration";
  }
  return "none";
}

namespace detail {

void DocQuotes::run(std::vector<Quote>& out, std::vector<std::vector<QuotePart>>& parts,
                    std::vector<AttributionCandidate>& candidates,
                    std::vector<CorpusWarning>& warnings) {
  index_tokens();
  std::vector<RawQuote> raw = pair_marks(warnings);
  direct(raw, out);
  indirect(out);
  // Pronouns and role nouns are resolved last, in document order, so that "the diplomat
  // said" can take the speaker of the quote before it, direct or indirect.
  std::vector<std::size_t> order(out.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return out[a].start < out[b].start; });
  std::vector<Quote> sorted;
  std::vector<Speaker> speakers;
  sorted.reserve(out.size());
  parts.clear();
  for (const std::size_t i : order) {
    sorted.push_back(out[i]);
    speakers.push_back(spk_[i]);
    parts.push_back(std::move(parts_[i]));
  }
  std::int32_t last = -1;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    Quote& q = sorted[i];
    if (q.rule == QuoteRule::kFloating || q.rule == QuoteRule::kPrevious) {
      if (last >= 0) q.speaker_entity = last;
    } else if (q.speaker_kind == SpeakerKind::kPronoun || q.speaker_kind == SpeakerKind::kRole) {
      Speaker sp = speakers[i];
      if (sp.found()) {
        const std::int32_t fixed = sp.entity;  // an appositive name
        sp.entity = -1;
        if (fixed >= 0)
          sp.entity = fixed;
        else
          resolve(sp, sp.first_tok, last);
        q.speaker_entity = sp.entity;
      }
    }
    if (q.speaker_entity >= 0) last = q.speaker_entity;
  }
  out.swap(sorted);
  candidates = std::move(cands_);
}

void DocQuotes::index_tokens() {
  const std::size_t n = toks_.size();
  if (shared_flags_)
    fl_.assign(shared_flags_, shared_flags_ + n);
  else
    gaz_.word_flags(text_, toks_, nullptr, fl_, buf_);
  cls_.assign(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    if (toks_[k].kind != TokenKind::kWord) continue;
    const std::string_view w = tok(static_cast<std::uint32_t>(k));
    // A verb of attitude only when it is nothing else, lower case, 3 to 10 bytes.
    constexpr std::uint32_t kOther =
        ~std::uint32_t{detail::kFlagAttitude | detail::kFlagPluralMask};
    if ((fl_[k] & detail::kFlagAttitude) && ((fl_[k] & kOther) != 0 || w.size() < 3 ||
                                             w.size() > 10 || (toks_[k].flags & kTokCapitalized)))
      fl_[k] &= ~std::uint32_t{detail::kFlagAttitude};
    std::uint32_t c = fl_[k] & detail::kFlagClassMask;
    if (c == 0 && w.size() > 3 && (w.back() == 's' || w.back() == 'S'))  // plural role nouns
      c = (fl_[k] & detail::kFlagPluralMask) >> detail::kFlagPluralShift;
    cls_[k] = static_cast<std::uint8_t>(c);
  }
  memo_.assign(d_.seg.sentences.size(), SentenceMemo{});
  words_before_.assign(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k)
    words_before_[k + 1] = words_before_[k] + (toks_[k].kind == TokenKind::kWord);
  ment_first_.assign(n, -1);
  ment_last_.assign(n, -1);
  tok_sentence_.assign(n, 0);
  tok_paragraph_.assign(n, 0);
  in_quote_.assign(n, 0);
  cue_used_.assign(n, 0);
  for (std::uint32_t s = 0; s < d_.seg.sentences.size(); ++s) {
    const Sentence& sent = d_.seg.sentences[s];
    bool cap_cue = false;
    for (std::uint32_t k = sent.token_begin; k < sent.token_end; ++k) {
      tok_sentence_[k] = s;
      tok_paragraph_[k] = sent.paragraph;
      cap_cue = cap_cue || ((fl_[k] & detail::kFlagCue) && (toks_[k].flags & kTokCapitalized));
    }
    if (cap_cue) uncap_cues(sent);
  }
  for (std::size_t i = m_begin_; i < m_end_; ++i) {
    const Mention& m = er_.mentions[i];
    std::uint32_t k = m.token;
    while (k + 1 < n && toks_[k].end < m.end) ++k;
    ment_first_[m.token] = static_cast<std::int32_t>(i);
    ment_last_[k] = static_cast<std::int32_t>(i);
  }
}

void DocQuotes::uncap_cues(const Sentence& sent) {
  std::uint32_t words = 0, caps = 0;
  for (std::uint32_t k = sent.token_begin; k < sent.token_end; ++k)
    if (is_word(k)) {
      ++words;
      caps += (toks_[k].flags & kTokCapitalized) != 0;
    }
  if (caps * 10 >= words * 7) return;
  for (std::uint32_t k = sent.token_begin + 1; k < sent.token_end; ++k)
    if ((toks_[k].flags & kTokCapitalized) && is_word(k - 1))
      fl_[k] &= ~static_cast<std::uint32_t>(detail::kFlagCue | detail::kFlagObjectCue);
}

}  // namespace detail

QuoteResult extract_quotes(const Corpus& corpus, const EntityResult& er, const Gazetteer& gazetteer,
                           const QuoteOptions& options, const Interrupt& interrupt) {
  const std::size_t n = corpus.size();
  std::vector<std::size_t> first(n + 1, er.mentions.size());
  {
    std::size_t i = 0;
    for (std::uint32_t d = 0; d <= n; ++d) {
      while (i < er.mentions.size() && er.mentions[i].doc < d) ++i;
      first[d] = i;
    }
  }
  // The entities' per-token flags, when they came from this corpus and these word lists.
  bool reuse = er.gazetteer_fingerprint == gazetteer.impl().fingerprint &&
               er.token_begin.size() == n + 1 && er.token_begin.back() == er.token_flags.size();
  for (std::size_t d = 0; reuse && d < n; ++d)
    reuse = er.token_begin[d + 1] - er.token_begin[d] == corpus.at(d).seg.tokens.size();
  std::vector<std::vector<Quote>> per_doc(n);
  std::vector<std::vector<std::vector<QuotePart>>> per_doc_parts(n);
  std::vector<std::vector<AttributionCandidate>> per_doc_cands(n);
  if (!options.attribution_weights.empty() &&
      options.attribution_weights.size() != attribution_features().size())
    throw std::invalid_argument("attribution_weights: expected " +
                                std::to_string(attribution_features().size()) +
                                " weights (one per attribution feature), got " +
                                std::to_string(options.attribution_weights.size()));
  std::vector<std::vector<CorpusWarning>> warn(n);
  parallel_for(
      n, options.threads,
      [&](std::size_t d) {
        detail::DocQuotes(corpus, er, gazetteer.impl(), options, static_cast<std::uint32_t>(d),
                          first[d], first[d + 1],
                          reuse ? er.token_flags.data() + er.token_begin[d] : nullptr)
            .run(per_doc[d], per_doc_parts[d], per_doc_cands[d], warn[d]);
      },
      interrupt);
  QuoteResult r;
  for (std::size_t d = 0; d < n; ++d) {
    for (std::size_t i = 0; i < per_doc[d].size(); ++i) {
      Quote q = per_doc[d][i];
      q.part_begin = static_cast<std::uint32_t>(r.parts.size());
      if (per_doc_parts[d][i].empty())
        r.parts.push_back({q.start, q.end});
      else
        r.parts.insert(r.parts.end(), per_doc_parts[d][i].begin(), per_doc_parts[d][i].end());
      q.part_end = static_cast<std::uint32_t>(r.parts.size());
      r.quotes.push_back(q);
    }
    for (auto& w : warn[d]) r.warnings.push_back(std::move(w));
    for (auto& c : per_doc_cands[d]) r.candidates.push_back(std::move(c));
  }
  detail::link_utterances(corpus, options, interrupt, r.parts, r.quotes);
  return r;
}

QuoteTable quote_table(const Corpus& corpus, const QuoteResult& result, bool code_points,
                       int threads) {
  const std::size_t n = result.quotes.size();
  QuoteTable t;
  for (auto* v : {&t.doc, &t.start, &t.end, &t.cue_start, &t.cue_end, &t.speaker_start,
                  &t.speaker_end, &t.speaker_entity, &t.paragraph, &t.utterance})
    v->resize(n);
  for (auto* v : {&t.kind, &t.rule, &t.speaker_kind, &t.unbalanced}) v->resize(n);
  t.confidence.resize(n);
  // Each quote's first part row, so that runs of quotes fill their rows independently.
  std::vector<std::size_t> part_row(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const Quote& q = result.quotes[i];
    part_row[i + 1] = part_row[i] + (q.part_end > q.part_begin ? q.part_end - q.part_begin : 0);
  }
  for (auto* v : {&t.part_quote, &t.part_start, &t.part_end}) v->resize(part_row[n]);
  // A code-point index per document and run (rebuilt where a run starts inside a document).
  constexpr std::size_t kQuotesPerTask = 512;
  parallel_for((n + kQuotesPerTask - 1) / kQuotesPerTask, threads, [&](std::size_t task) {
    DocCodePoints cp(corpus, code_points);
    for (std::size_t i = task * kQuotesPerTask; i < std::min(n, (task + 1) * kQuotesPerTask); ++i) {
      const Quote& q = result.quotes[i];
      const bool has_cue = q.cue_end > q.cue_start;
      const bool has_speaker = q.speaker_end > q.speaker_start;
      t.doc[i] = q.doc;
      t.start[i] = cp(q.doc, q.start);
      t.end[i] = cp(q.doc, q.end);
      t.cue_start[i] = has_cue ? cp(q.doc, q.cue_start) : -1;
      t.cue_end[i] = has_cue ? cp(q.doc, q.cue_end) : -1;
      t.speaker_start[i] = has_speaker ? cp(q.doc, q.speaker_start) : -1;
      t.speaker_end[i] = has_speaker ? cp(q.doc, q.speaker_end) : -1;
      t.speaker_entity[i] = q.speaker_entity;
      t.paragraph[i] = q.paragraph;
      t.utterance[i] = q.utterance;
      t.kind[i] = static_cast<std::uint8_t>(q.kind);
      t.rule[i] = static_cast<std::uint8_t>(q.rule);
      t.speaker_kind[i] = static_cast<std::uint8_t>(q.speaker_kind);
      t.unbalanced[i] = q.unbalanced;
      t.confidence[i] = q.confidence;
      std::size_t row = part_row[i];
      for (std::uint32_t p = q.part_begin; p < q.part_end; ++p, ++row) {
        t.part_quote[row] = static_cast<std::int64_t>(i);
        t.part_start[row] = cp(q.doc, result.parts[p].start);
        t.part_end[row] = cp(q.doc, result.parts[p].end);
      }
    }
  });
  DocCodePoints ccp(corpus, code_points);
  for (const AttributionCandidate& c : result.candidates) {
    t.cand_doc.push_back(c.doc);
    t.cand_quote_start.push_back(ccp(c.doc, c.quote_start));
    t.cand_quote_end.push_back(ccp(c.doc, c.quote_end));
    t.cand_speaker_start.push_back(ccp(c.doc, c.speaker_start));
    t.cand_speaker_end.push_back(ccp(c.doc, c.speaker_end));
    t.cand_slot.push_back(c.slot);
    t.cand_chosen.push_back(c.chosen);
    t.cand_features.insert(t.cand_features.end(), c.features.begin(), c.features.end());
  }
  return t;
}

}  // namespace presslens
