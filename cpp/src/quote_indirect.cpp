// Indirect quotes, in the sentences no direct quote covers: "X said (that) CONTENT",
// "CONTENT, X said", "according to X, CONTENT".
#include <algorithm>

#include "detail/doc_quotes.hpp"

namespace presslens::detail {

void DocQuotes::indirect(std::vector<Quote>& out) {
  std::int32_t last_entity = -1;
  for (const Quote& q : out)
    if (q.speaker_entity >= 0) last_entity = q.speaker_entity;
  for (std::uint32_t si = 0; si < d_.seg.sentences.size(); ++si) {
    const Sentence& sent = d_.seg.sentences[si];
    if (d_.is_boilerplate(sent)) continue;
    // a sentence with quote marks: only "X said CONTENT" outside them, CONTENT ending at the
    // next mark
    bool quoted = false;
    for (std::uint32_t k = sent.token_begin; k < sent.token_end && !quoted; ++k)
      quoted = in_quote_[k] || is_dq(k);
    std::uint32_t end = sent.token_end;
    while (end > sent.token_begin && toks_[end - 1].kind == TokenKind::kPunct) --end;
    if (end <= sent.token_begin) continue;
    const std::size_t before = out.size();
    // after "X said CONTENT", a cue inside CONTENT reports its own ("Trump said he believes
    // the plan will fail"): the scan goes on from CONTENT, which is its floor
    std::uint32_t floor = sent.token_begin;
    for (std::uint32_t k = sent.token_begin; k < end; ++k) {
      if (!(is_cue(k) || (fl_[k] & detail::kFlagAttitude)) || cue_used_[k]) continue;
      if (quoted && (in_quote_[k] || is_dq(k))) continue;
      // "in several states", "the states that ...": the noun, unless a name precedes it
      if (word_is(k, "states") && (k == sent.token_begin || ment_last_[k - 1] < 0)) continue;
      // ("a party favorite backed by ...": a passive participle reports nothing)
      if (!is_cue(k) && k + 1 < end && word_is(k + 1, "by")) continue;
      // "CONTENT, X said." : the cue closes the sentence
      // (or "..., the airline said Thursday." / "..., she said in an interview." / "...,
      // Sanders said, a policy that ...")
      bool tail_adjunct = clause_closes(k, end) && words_in(k + 1, end) <= 6;
      for (std::uint32_t x = k + 1; x < end && tail_adjunct; ++x)
        tail_adjunct = !is_cue(x) && !word_is(x, "that");
      tail_adjunct = tail_adjunct || (k + 1 < end && tok(k + 1) == ",");
      // a verb of attitude reports what follows it ("polls show Clinton ahead") or, closing
      // the sentence, what precedes it ("..., records show.")
      if (!is_cue(k) && words_in(k + 1, end) < 3 && !(tail_adjunct && k + 1 >= end)) continue;
      if (tail_adjunct && !quoted && floor == sent.token_begin) {
        if (tail_report(sent, k, si, out, last_entity)) break;
        if (k + 1 >= end) continue;
      }
      // "..., said X."
      if (k > sent.token_begin && !quoted && floor == sent.token_begin && tok(k - 1) == ",") {
        Speaker s = speaker_after(k + 1, end);
        // (or "..., said Wilcox, an Orlando Republican who ...": an appositive after the name;
        // ", say some Democrats, who cringe ...": a relative clause after the noun)
        const bool closes =
            s.found() &&
            (s.last_tok + 1 >= end ||
             (tok(s.last_tok + 1) == "," &&
              (s.entity >= 0 || (s.last_tok + 2 < end && (word_is(s.last_tok + 2, "who") ||
                                                          word_is(s.last_tok + 2, "which"))))));
        if (closes && k - 1 > sent.token_begin + 3) {
          emit_indirect(out, sent.token_begin, k - 1, s, k, si, QuoteRule::kIndirect, last_entity);
          break;
        }
      }
      // "X said (that) CONTENT"
      Speaker s = cue_speaker(k, floor);
      if (!s.found()) s = coordinated_subject(k, floor);
      if (!s.found()) continue;
      // (inside another's content, only a reporting verb whose subject is a name or a pronoun:
      // "she believes", not "polls show" or "the council fears")
      if (floor != sent.token_begin &&
          ((s.entity < 0 && s.kind != SpeakerKind::kPronoun) || !is_cue(k)))
        continue;
      std::uint32_t c = k + 1;
      if (fl_[k] & detail::kFlagObjectCue) {
        // skip the object: "told Interfax", "told reporters on Tuesday"
        std::uint32_t limit = std::min(end, c + 6);
        std::uint32_t x = c;
        while (x < limit && !(is_word(x) && lower_is(x, "that"))) ++x;
        if (x < limit)
          c = x;
        else if (c < end &&
                 (ment_first_[c] >= 0 || (is_word(c) && !(toks_[c].flags & kTokCapitalized))))
          c = c + 1 + (ment_first_[c] >= 0 ? skip_mention(c) : 0);
      }
      // "announced on Tuesday that ...": a "that" within five words opens the content
      for (std::uint32_t x = c; x < end && x < c + 5; ++x) {
        // a subject or a question word first: "said she considered how that would ..."
        if (tok(x) == "," || is_cue(x) || (is_word(x) && is_pronoun(x))) break;
        if (is_word(x) && (lower_is(x, "how") || lower_is(x, "what") || lower_is(x, "why") ||
                           lower_is(x, "whether") || lower_is(x, "if")))
          break;
        if (is_word(x) && lower_is(x, "that")) {
          c = x;
          break;
        }
      }
      if (c < end && is_word(c) && lower_is(c, "that")) ++c;
      if (c < end && (tok(c) == "," || tok(c) == ":")) ++c;
      std::uint32_t stop = end;
      for (std::uint32_t x = c; quoted && x < stop; ++x)
        if (in_quote_[x] || is_dq(x)) stop = x;
      if (words_in(c, stop) < 3) continue;
      emit_indirect(out, c, stop, s, k, si, QuoteRule::kIndirect, last_entity);
      // (one level: each quote runs to the sentence's end, so a chain of reports in one long
      // sentence would hold its words once per level)
      if (floor != sent.token_begin) break;
      floor = c;
      k = c - 1;
    }
    // "According to X, CONTENT." / "CONTENT, according to X." when no verb attributes it
    if (out.size() == before && !quoted) according(sent, end, out, last_entity);
  }
}

bool DocQuotes::tail_report(const Sentence& sent, std::uint32_t k, std::uint32_t si,
                            std::vector<Quote>& out, std::int32_t& last_entity) {
  // "CONTENT, X said ..." / "CONTENT, as X noted ...": the content is the words before the
  // speaker's comma
  Speaker s = cue_speaker(k, sent.token_begin);
  if (!s.found()) return false;
  // (", political experts said.": lower-case modifiers before the role noun)
  const std::uint32_t head = s.first_tok;
  while (s.kind == SpeakerKind::kRole && s.entity < 0 && s.first_tok + 3 > head &&
         s.first_tok > sent.token_begin + 4 && modifier_word(s.first_tok - 1))
    --s.first_tok;
  if (s.first_tok <= sent.token_begin + 3) return false;
  std::uint32_t comma = s.first_tok - 1;
  if (is_word(comma) && is_determiner(comma) && comma > sent.token_begin) --comma;
  if (word_is(comma, "as") && comma > sent.token_begin) --comma;  // ", as David Dayen noted"
  if (comma <= sent.token_begin + 2 || tok(comma) != ",") return false;
  emit_indirect(out, sent.token_begin, comma, s, k, si, QuoteRule::kIndirect, last_entity);
  return true;
}

bool DocQuotes::according(const Sentence& sent, std::uint32_t end, std::vector<Quote>& out,
                          std::int32_t& last_entity) {
  const std::uint32_t b = sent.token_begin;
  const std::uint32_t si = tok_sentence_[b];
  for (std::uint32_t k = b; k + 2 < end; ++k) {
    if (!(word_is(k, "according") && word_is(k + 1, "to"))) continue;
    Speaker s = speaker_after(k + 2, end);  // with an appositive name ("..., Sergey Kislyak,")
    std::uint32_t stop = s.found() ? s.last_tok + 1 : k + 2;
    const std::uint32_t limit = stop + (s.found() ? 8 : 15);
    while (stop < end && stop < limit && tok(stop) != "," && !is_cue(stop)) ++stop;
    if (stop == k + 2 || (stop < end && tok(stop) != ",")) return false;
    if (!s.found()) {
      s.first_tok = k + 2;
      s.last_tok = stop - 1;
      s.kind = np_kind(k + 2);
    }
    const bool starts =
        k == b || (k == b + 1 && is_word(b) &&
                   (lower_is(b, "but") || lower_is(b, "and") || lower_is(b, "yet")));
    std::uint32_t c0 = b, c1 = end;
    if (starts) {
      c0 = stop + 1;
    } else if (tok(k - 1) == ",") {
      if (stop >= end)
        c1 = k - 1;
      else if (words_in(b, k) < 8)
        c0 = stop + 1;
    } else if (stop >= end) {
      c1 = k;
    } else {
      return false;
    }
    if (c0 >= c1 || words_in(c0, c1) < 3) return false;
    emit_indirect(out, c0, c1, s, k, si, QuoteRule::kAccordingTo, last_entity);
    return true;
  }
  return false;
}

void DocQuotes::emit_indirect(std::vector<Quote>& out, std::uint32_t c0, std::uint32_t c1,
                              Speaker s, std::uint32_t cue, std::uint32_t si, QuoteRule rule,
                              std::int32_t& last_entity) {
  if (c1 <= c0) return;
  Quote q{};
  q.doc = doc_;
  q.start = toks_[c0].start;
  q.end = toks_[c1 - 1].end;
  q.kind = QuoteKind::kIndirect;
  q.rule = rule;
  q.speaker_kind = s.kind;
  q.cue_start = toks_[cue].start;
  q.cue_end = toks_[cue].end;
  q.speaker_start = toks_[s.first_tok].start;
  q.speaker_end = toks_[s.last_tok].end;
  q.speaker_entity = s.entity;
  q.paragraph = d_.seg.sentences[si].paragraph;
  q.confidence = rule == QuoteRule::kAccordingTo ? 0.7f : 0.6f;
  if (s.entity >= 0) last_entity = s.entity;
  out.push_back(q);
  spk_.push_back(s);
  parts_.emplace_back();
}

}  // namespace presslens::detail
