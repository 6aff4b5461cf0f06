// The attribution ranker: every rule that finds a speaker for a direct quote (after, before,
// mixed) proposes it, and so does the subject of the quote's sentence; a linear model over
// features the rules already compute scores each candidate and the highest wins. Without
// weights the first rule in the fixed order wins (the rules alone). The weights are learned
// by tools/train_attribution.py (leave-one-publisher-out on PolNeAR's training split) and
// shipped in python/presslens/data/attribution_model.tsv.
#include <algorithm>
#include <array>
#include <cmath>

#include "detail/doc_quotes.hpp"

namespace presslens {

const std::vector<std::string>& attribution_features() {
  static const std::vector<std::string> names = {
      "bias",
      "slot_after",
      "slot_before",
      "slot_mixed",
      "slot_subject",
      "rule_after",
      "rule_before",
      "rule_mixed",
      "rule_according_to",
      "kind_mixed",
      "speaker_named",
      "speaker_titled",
      "speaker_pronoun",
      "speaker_role",
      "speaker_organisation",
      "speaker_unknown",
      "rule_confidence",
      "log_distance",
      "speaker_before",
      "same_sentence",
      "same_paragraph",
      "has_cue",
      "quote_ends_sentence",
      "quote_ends_comma",
      "quote_opens_paragraph",
      "log_words",
      "first_rule",
      "agreement",
      "after_preposition",
      "speaker_has_entity",
      "is_subject",
      "n_rules",
      "preposition_near",
      "appositive",
      "subject_is_person",
  };
  return names;
}

namespace detail {

namespace {
constexpr std::size_t kSlots = 4;
}  // namespace

std::vector<float> DocQuotes::candidate_features(const Attributed& c, std::size_t slot, bool first,
                                                 float agreement, const Speaker& subject,
                                                 float n_rules) const {
  std::vector<float> f(attribution_features().size(), 0.0f);
  const RawQuote& q = c.q;
  const Speaker& s = c.s;
  const std::uint32_t close = q.close_tok == UINT32_MAX ? q.open_tok : q.close_tok;
  const bool before = s.last_tok < q.open_tok;
  const std::uint32_t gap =
      before ? q.open_tok - s.last_tok : (s.first_tok > close ? s.first_tok - close : 0);
  const std::uint32_t anchor = before ? q.open_tok : close;
  std::size_t i = 0;
  f[i++] = 1.0f;
  for (std::size_t k = 0; k < kSlots; ++k) f[i++] = slot == k;
  f[i++] = c.rule == QuoteRule::kAfter;
  f[i++] = c.rule == QuoteRule::kBefore;
  f[i++] = c.rule == QuoteRule::kMixed;
  f[i++] = c.rule == QuoteRule::kAccordingTo;
  f[i++] = c.kind == QuoteKind::kMixed;
  for (int k = 0; k <= 5; ++k) f[i++] = static_cast<int>(s.kind) == k;
  f[i++] = c.confidence;
  f[i++] = static_cast<float>(std::log1p(gap));
  f[i++] = before;
  f[i++] = tok_sentence_[s.first_tok] == tok_sentence_[anchor];
  f[i++] = tok_paragraph_[s.first_tok] == tok_paragraph_[anchor];
  f[i++] = c.cue != UINT32_MAX;
  f[i++] = q.close_tok != UINT32_MAX && q.close_tok > 0 && is_terminal_punct(q.close_tok - 1);
  f[i++] = q.close_tok != UINT32_MAX && q.close_tok > 0 && tok(q.close_tok - 1) == ",";
  f[i++] = q.open_tok == paragraph_tokens(q.paragraph).first;
  f[i++] = static_cast<float>(std::log1p(words_in(q.open_tok, std::min(close, q.stop_tok))));
  f[i++] = first;
  f[i++] = agreement;
  f[i++] = s.first_tok > 0 && is_prep(s.first_tok - 1);
  f[i++] = ment_first_[s.first_tok] >= 0 || s.entity >= 0;
  f[i++] = subject.found() && subject.first_tok == s.first_tok;
  f[i++] = n_rules;
  // "based on accounts from law enforcement officials": a preposition shortly before it
  bool prep = false;
  for (std::uint32_t k = s.first_tok; k-- > 0 && k + 3 >= s.first_tok;) prep = prep || is_prep(k);
  f[i++] = prep;
  // ", the Vatican's newspaper, L'Osservatore Romano," : inside an appositive
  f[i++] = s.first_tok > 0 && tok(s.first_tok - 1) == "," && s.last_tok + 1 < toks_.size() &&
           tok(s.last_tok + 1) == ",";
  f[i++] = subject.found() &&
           (subject.kind == SpeakerKind::kNamed || subject.kind == SpeakerKind::kTitled ||
            subject.kind == SpeakerKind::kPronoun);
  return f;
}

void DocQuotes::attribute(Attributed& a) {
  const std::vector<double>& w = opt_.attribution_weights;
  if (w.empty() && !opt_.keep_candidates) {
    Attributed after = a;
    if (attribute_after(after)) {
      // "Wilcox said he was “a big advocate” of the principle, which he argued ...": a
      // fragment inside a reported clause belongs to the clause's speaker, not to a cue
      // further on in the sentence
      // (unless the quote is followed by its own attribution closing the sentence:
      // "Nothing the president said “will assuage people's fears,” the Florida senator said.")
      const auto [sb, se] = sentence_tokens(a.q.open_tok);
      const bool own = a.q.close_tok > 0 && tok(a.q.close_tok - 1) == "," &&
                       after.s.first_tok == a.q.close_tok + 1 &&
                       after.cue == after.s.last_tok + 1 && clause_closes(after.cue, se);
      const bool inside = a.q.open_tok > sb + 1 && after.cue > a.q.close_tok + 3;
      // "..., saying, “We never said ...,” but he denied": a cue right before the quote
      // introduces it; the clause after it is another
      const std::uint32_t o = a.q.open_tok;
      const bool introduced = o > sb + 2 && (tok(o - 1) == "," || tok(o - 1) == ":") &&
                              is_cue(o - 2) && !in_quote_[o - 2] && after.cue > a.q.close_tok + 1;
      if (!own && (inside || introduced) && attribute_before(a)) return;
      a = after;
      return;
    }
    if (!attribute_before(a)) attribute_mixed(a);
    return;
  }
  std::array<Attributed, kSlots> c;
  std::array<bool, kSlots> fired{};
  c.fill(a);
  fired[0] = attribute_after(c[0]);
  fired[1] = attribute_before(c[1]);
  fired[2] = attribute_mixed(c[2]);
  const Speaker subject = subject_of(a.q.open_tok);
  if (const Speaker& s = subject; s.found()) {
    const auto [sb, se] = sentence_tokens(a.q.open_tok);
    const bool fragment =
        a.q.open_tok > sb + 1 ||
        (a.q.close_tok != UINT32_MAX && a.q.close_tok + 1 < se && is_word(a.q.close_tok + 1));
    c[3].s = s;
    c[3].rule = fragment ? QuoteRule::kMixed : QuoteRule::kBefore;
    c[3].kind = fragment ? QuoteKind::kMixed : QuoteKind::kDirect;
    c[3].confidence = 0.5f;
    fired[3] = true;
  }
  std::size_t first = kSlots;
  for (std::size_t k = 0; k < 3 && first == kSlots; ++k)
    if (fired[k]) first = k;
  const auto n_fired = static_cast<float>(std::count(fired.begin(), fired.end(), true));
  const auto n_rules = static_cast<float>(std::count(fired.begin(), fired.begin() + 3, true));
  std::array<std::vector<float>, kSlots> feats;
  std::size_t best = first;
  double best_score = -1e300;
  for (std::size_t k = 0; k < kSlots; ++k) {
    if (!fired[k]) continue;
    float same = 0;
    for (std::size_t j = 0; j < kSlots; ++j)
      same += j != k && fired[j] && c[j].s.first_tok == c[k].s.first_tok;
    feats[k] = candidate_features(c[k], k, k == first, n_fired > 1 ? same / (n_fired - 1) : 0.0f,
                                  subject, n_rules);
    if (w.empty()) continue;
    double score = 0;
    for (std::size_t i = 0; i < w.size(); ++i) score += w[i] * feats[k][i];
    if (score > best_score) {
      best_score = score;
      best = k;
    }
  }
  // The sentence subject alone, with no rule behind it, must score for itself (P > 0.5).
  if (best == 3 && first == kSlots && best_score <= 0) best = kSlots;
  if (opt_.keep_candidates)
    for (std::size_t k = 0; k < kSlots; ++k)
      if (fired[k])
        cands_.push_back({doc_, a.q.start, a.q.end, toks_[c[k].s.first_tok].start,
                          toks_[c[k].s.last_tok].end, static_cast<std::uint8_t>(k), k == best,
                          std::move(feats[k])});
  if (best < kSlots) a = c[best];
}

}  // namespace detail
}  // namespace presslens
