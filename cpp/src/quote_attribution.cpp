// The rules that attribute one direct quote, tried in order: after it ("...," X said),
// before it (X said: "..."), and mixed (X described the talks as "productive").
#include <algorithm>

#include "detail/doc_quotes.hpp"

namespace presslens::detail {

bool DocQuotes::speaker_follows(Attributed& a, std::uint32_t cue, std::uint32_t from,
                                std::uint32_t pe, QuoteRule rule, float confidence) {
  // "“...,” was said by Senator Jones": the agent of a passive cue speaks
  if (from + 1 < pe && word_is(from, "by")) ++from;
  Speaker s = speaker_after(from, pe);
  if (!s.found()) s = np_after(from, pe);
  if (!s.found()) return false;
  a.s = s;
  a.cue = cue;
  a.rule = rule;
  a.confidence = confidence;
  return true;
}

bool DocQuotes::attribute_after(Attributed& a) {
  if (a.q.close_tok == UINT32_MAX) return false;
  const auto [pb, pe] = paragraph_tokens(a.q.last_paragraph);
  (void)pb;
  std::uint32_t j = a.q.close_tok + 1;
  if (j < pe && is_sep(tok(j))) ++j;
  if (j >= pe) return false;
  // “... soft.” He says ...: a quote that ends its sentence is not attributed by a
  // capitalised pronoun that starts the next one, nor by anything after a sentence
  // boundary ("... Ukraine.” Nuland described ...), unless that sentence is only the
  // attribution: “... Ukraine.” Nuland said. / “... listening?” Trump asked at a rally.
  const bool ends_sentence = a.q.close_tok > 0 && is_terminal_punct(a.q.close_tok - 1);
  if (ends_sentence && ((is_pronoun(j) && (toks_[j].flags & kTokCapitalized)) ||
                        tok_sentence_[j] != tok_sentence_[a.q.close_tok]))
    return bare_attribution(a, j, pe);
  // A quote whose content ends with a comma announces its attribution: any verb in
  // the past tense may then serve as the cue (“...,” Toomey fumed).
  const bool announces = a.q.close_tok > 0 && tok(a.q.close_tok - 1) == ",";
  // "...,” according to a court document filed by the state attorney.
  if (j + 2 < pe && word_is(j, "according") && word_is(j + 1, "to") &&
      speaker_follows(a, j, j + 2, pe, QuoteRule::kAccordingTo, 0.8f))
    return true;
  // "..., said Sorokin" / "..., added the diplomat"
  // ("...,” read the email. / “...,” the editorial read.: "read" reports a text)
  auto reads = [&](std::uint32_t x) {
    return announces && (word_is(x, "read") || word_is(x, "reads"));
  };
  std::uint32_t c = j;
  if (c < pe && is_word(c) && is_aux(c)) ++c;
  if (c < pe && (is_cue(c) || reads(c)) &&
      speaker_follows(a, c, c + 1, pe, QuoteRule::kAfter, 0.9f))
    return true;
  // The cue: the first reporting verb (or, after a comma, past-tense verb) in the clause.
  std::uint32_t v = UINT32_MAX;
  for (std::uint32_t x = j; x < pe && x < j + 22; ++x) {
    x = skip_parenthetical(x, pe);  // ("Rubio (R-Fla.) said": its period ends nothing)
    if (x >= pe || is_dq(x) || is_terminal_punct(x)) break;
    if (is_cue(x) || (x > j && reads(x)) ||
        (announces && x > j && past_tense(x) && ment_first_[x] < 0)) {
      v = x;
      break;
    }
  }
  if (v == UINT32_MAX) return false;
  // "..., Ryabkov said" / "..., the Russian Foreign Ministry said in a statement" /
  // "..., the Kremlin Spokesman, Dmitry Peskov, stated"
  Speaker s = speaker_after(j, v);
  std::uint32_t after = s.found() ? skip_parenthetical(s.last_tok + 1, v) : j;
  while (after < v && is_word(after) &&
         (is_aux(after) || lower_ends_with(after, "ly") || lower_is(after, "quoted") ||
          lower_is(after, "as")))
    ++after;
  const bool real_cue = is_cue(v);
  // "...,” Howard Dean, the former governor of Vermont, proclaimed
  const bool appositive =
      s.found() && after < v && tok(after) == "," && v > after + 1 && tok(v - 1) == ",";
  if (!s.found() || (after != v && !appositive)) {
    // Only a reporting verb may reach back past other words for its subject; a mere
    // past-tense verb must follow its subject directly ("..., linking to how Cruz
    // attended" is no attribution).
    s = real_cue ? speaker_before(static_cast<std::int64_t>(v) - 1, j) : Speaker{};
  }
  const bool np_start = is_word(j) && (is_determiner(j) || (toks_[j].flags & kTokCapitalized));
  if (!s.found() && announces && np_start && v > j && v - j <= 6) {
    // "the editorial board recently wrote": whatever noun phrase stands there
    std::uint32_t last = v - 1;
    while (last > j && is_word(last) && lower_ends_with(last, "ly")) --last;
    s.first_tok = j;
    s.last_tok = last;
    s.kind = np_kind(last);
  }
  if (!s.found()) return false;
  a.s = s;
  a.cue = v;
  a.rule = QuoteRule::kAfter;
  a.confidence = is_cue(v) ? (s.kind == SpeakerKind::kPronoun ? 0.85f : 0.9f) : 0.7f;
  return true;
}

std::uint32_t DocQuotes::skip_parenthetical(std::uint32_t x, std::uint32_t limit) const {
  // "Sen. Marco Rubio (R-Fla.) said": a short parenthesis between a name and its verb
  if (x >= limit || tok(x) != "(") return x;
  for (std::uint32_t y = x + 1; y < limit && y <= x + kMaxParenthetical; ++y)
    if (tok(y) == ")") return y + 1;
  return x;
}

std::int64_t DocQuotes::skip_parenthetical_back(std::uint32_t x, std::uint32_t floor) const {
  // "Paul Ryan (R-WI) said": back over a short parenthesis ending at x, to the token before it
  if (tok(x) != ")") return x;
  for (std::uint32_t y = x; y-- > floor && y + kMaxParenthetical >= x;)
    if (tok(y) == "(") return static_cast<std::int64_t>(y) - 1;
  return x;
}

bool DocQuotes::clause_closes(std::uint32_t v, std::uint32_t pe) {
  std::uint32_t x = v + 1;
  if (x >= pe) return true;
  if ((fl_[v] & detail::kFlagObjectCue) && is_word(x) && !is_prep(x)) {  // "told reporters"
    if (ment_first_[x] >= 0) {
      x += skip_mention(x) + 1;
      // "told Britain’s ITV television": a possessive object
      if (x < pe && toks_[x].kind == TokenKind::kClitic) {
        ++x;
        for (std::uint32_t n = 0; n < 3 && x < pe && is_word(x) && !is_cue(x) && !is_prep(x); ++n)
          ++x;
      }
    } else {
      if (is_determiner(x)) ++x;
      if (x < pe && is_word(x) && !is_cue(x)) ++x;
    }
    if (x >= pe) return true;
  }
  if (toks_[x].kind == TokenKind::kPunct) return tok(x) != ":" && !is_dq(x);
  if (!is_word(x)) return false;
  const std::string& w = low(x);
  return is_preposition(w) || (fl_[x] & detail::kFlagCalendar) ||
         (w.ends_with("ly") && !(toks_[x].flags & kTokCapitalized)) || w == "as" || w == "while" ||
         w == "when" || w == "after" || w == "before" || w == "today" || w == "yesterday" ||
         w == "tonight" || w == "last" || w == "earlier" || w == "later" || w == "again" ||
         w == "then";
}

bool DocQuotes::bare_attribution(Attributed& a, std::uint32_t j, std::uint32_t pe) {
  std::uint32_t c = j;
  if (c < pe && is_word(c) && is_aux(c)) ++c;
  if (c < pe && is_cue(c)) {
    const Speaker s = speaker_after(c + 1, pe);
    if (!s.found() || !clause_closes(s.last_tok, pe)) return false;
    a.s = s;
    a.cue = c;
    a.rule = QuoteRule::kAfter;
    a.confidence = 0.8f;
    return true;
  }
  std::uint32_t v = UINT32_MAX;
  for (std::uint32_t x = j; x < pe && x < j + 22; ++x) {
    x = skip_parenthetical(x, pe);
    if (x >= pe || is_dq(x) || is_terminal_punct(x)) break;
    if (is_cue(x)) {
      v = x;
      break;
    }
  }
  if (v == UINT32_MAX || v == j) return false;
  Speaker s = speaker_after(j, v);
  if (!s.found() || s.last_tok + 1 < v) {
    // "one person tweeted." / "the 43-year-old asked": whatever short phrase stands there
    const Speaker np = np_before(static_cast<std::int64_t>(v) - 1, j);
    if (np.found() && np.first_tok == j) s = np;
  }
  if (!s.found()) return false;
  std::uint32_t after = skip_parenthetical(s.last_tok + 1, v);
  while (after < v && is_word(after) && (is_aux(after) || lower_ends_with(after, "ly"))) ++after;
  // "Murphy, the head of Right to Rise, said.": an appositive between name and verb
  const bool appositive = after < v && tok(after) == "," && tok(v - 1) == ",";
  if ((after != v && !appositive) || !clause_closes(v, pe)) return false;
  a.s = s;
  a.cue = v;
  a.rule = QuoteRule::kAfter;
  a.confidence = 0.8f;
  return true;
}

bool DocQuotes::past_tense(std::uint32_t x) {
  // a lower-case word in -ed, or one of the irregular pasts that introduce a retort
  static constexpr std::array<std::string_view, 4> kIrregular = {"shot", "hit", "spoke", "began"};
  if (!is_word(x) || (toks_[x].flags & kTokCapitalized)) return false;
  const std::string_view w = low(x);
  return w.ends_with("ed") || in(kIrregular, w);
}

bool DocQuotes::past_verb_cue(Attributed& a, std::uint32_t floor) {
  const std::uint32_t o = a.q.open_tok;
  if (o < floor + 3 || tok(o - 1) != "," || o + 1 >= toks_.size() || !is_word(o + 1) ||
      !(toks_[o + 1].flags & kTokCapitalized))
    return false;
  std::uint32_t v = o - 2;
  if (word_is(v, "back") && v > floor + 1) --v;  // "shot back", "fired back"
  if (!past_tense(v) || in_quote_[v]) return false;
  const Speaker s = cue_speaker(v, floor);
  if (!s.found() || (s.entity < 0 && s.kind != SpeakerKind::kPronoun)) return false;
  a.s = s;
  a.cue = v;
  a.rule = QuoteRule::kBefore;
  a.confidence = 0.75f;
  return true;
}

std::uint32_t DocQuotes::prev_cue(std::uint32_t k) {
  if (prev_cue_.empty()) {
    prev_cue_.assign(toks_.size() + 1, kNoTok);
    for (std::uint32_t x = 0; x < toks_.size(); ++x)
      prev_cue_[x + 1] = is_cue(x) && !in_quote_[x] ? x : prev_cue_[x];
  }
  return prev_cue_[k];
}

std::uint32_t DocQuotes::reporting_cue_of(const Speaker& s, std::uint32_t floor) {
  if (s.kind != SpeakerKind::kPronoun || s.first_tok <= floor) return kNoTok;
  // back over "that", commas and adverbs: "said he", "said that she", "said, however, that he"
  std::uint32_t p = s.first_tok - 1;
  bool that = false;
  for (std::uint32_t steps = 0; p > floor && steps < 4; ++steps, --p) {
    if (!(word_is(p, "that") || word_is(p, "however") || tok(p) == "," || is_ly_adverb(p))) break;
    that = that || word_is(p, "that");
  }
  if (is_cue(p) && !in_quote_[p]) return p;
  // "telling reporters during a visit to Scotland on Friday that he thinks ...": a verb
  // that takes an object, then adjuncts, before the "that"
  for (std::uint32_t x = p; that && x > floor && x + kObjectReach > p; --x) {
    if (is_dq(x) || is_terminal_punct(x) || in_quote_[x]) break;
    if (is_cue(x)) return (fl_[x] & detail::kFlagObjectCue) ? x : kNoTok;
  }
  return kNoTok;
}

bool DocQuotes::attribute_before(Attributed& a) {
  const std::uint32_t o = a.q.open_tok;
  const auto [sb, se] = sentence_tokens(o);
  (void)se;
  std::uint32_t floor = sb;
  // "According to X, “...”"
  {
    std::int64_t k = static_cast<std::int64_t>(o) - 1;
    if (k >= static_cast<std::int64_t>(floor) && is_sep(tok(static_cast<std::uint32_t>(k)))) --k;
    if (k >= 0) {
      Speaker s = speaker_before(k, floor);
      if (!s.found()) s = np_before(k, floor);  // "According to the newspaper, “...”"
      if (s.found() && s.first_tok >= floor + 2 && lower_is(s.first_tok - 1, "to") &&
          lower_is(s.first_tok - 2, "according")) {
        a.s = s;
        a.cue = s.first_tok - 2;
        a.rule = QuoteRule::kAccordingTo;
        a.confidence = 0.85f;
        return true;
      }
    }
  }
  // nearest cue before the quote in its sentence, at most 10 tokens away
  for (std::int64_t k = static_cast<std::int64_t>(o) - 1;
       k >= static_cast<std::int64_t>(floor) && k >= static_cast<std::int64_t>(o) - 10; --k) {
    auto u = static_cast<std::uint32_t>(k);
    if (in_quote_[u]) break;
    if (!is_cue(u)) continue;
    Speaker s = quote_cue_speaker(u, floor);
    if (!s.found()) continue;
    const std::uint32_t outer = reporting_cue_of(s, floor);
    if (outer != kNoTok) {
      // "Trump said he holds Clinton responsible ... “...”": the reporting verb's subject
      // speaks, not the subject of the clause it reports
      const Speaker t = cue_speaker(outer, floor);
      if (t.found()) {
        s = t;
        u = outer;
      }
    }
    a.s = s;
    a.cue = u;
    // a fragment inside a sentence that goes on after it is a mixed quote
    const bool fragment =
        a.q.close_tok != UINT32_MAX && a.q.close_tok + 1 < se && is_word(a.q.close_tok + 1);
    a.rule = fragment ? QuoteRule::kMixed : QuoteRule::kBefore;
    a.kind = fragment ? QuoteKind::kMixed : QuoteKind::kDirect;
    a.confidence = 0.85f;
    return true;
  }
  // "Hillary Clinton cracked, “I'm a progressive ...”" / "Hillary shot back, “...”": a verb
  // in the past before a comma and a whole utterance is its cue, when a name or a pronoun is
  // its subject
  if (past_verb_cue(a, floor)) return true;
  // "X said in an interview on Fox:" / "The Times confirmed it, reporting:" / "Stated
  // Stone:" before the quote, in its paragraph or ending the paragraph before it
  std::uint32_t colon = UINT32_MAX;
  if (o > floor && tok(o - 1) == ":") {
    colon = o - 1;
  } else if (o == paragraph_tokens(a.q.paragraph).first) {
    for (std::uint32_t p = a.q.paragraph; p-- > 0;) {
      const auto [ppb, ppe] = paragraph_tokens(p);
      if (ppe == ppb) continue;
      if (tok(ppe - 1) == ":") colon = ppe - 1;
      break;
    }
  }
  if (colon != UINT32_MAX) {
    // the last reporting verb before the colon in its sentence
    const std::uint32_t cb = sentence_tokens(colon).first;
    const std::uint32_t k = prev_cue(colon);
    if (k != kNoTok && k >= cb) {
      const Speaker s = k == cb ? speaker_after(k + 1, colon) : cue_speaker(k, cb);
      if (s.found()) {
        a.s = s;
        a.cue = k;
        a.rule = QuoteRule::kBefore;
        a.confidence = 0.8f;
        return true;
      }
    }
  }
  return false;
}

const SentenceMemo& DocQuotes::mixed_cue(std::uint32_t si) {
  SentenceMemo& f = memo_[si];
  if (f.done & kMemoMixedCue) return f;
  f.done |= kMemoMixedCue;
  const std::uint32_t sb = d_.seg.sentences[si].token_begin;
  const std::uint32_t se = d_.seg.sentences[si].token_end;
  for (std::uint32_t k = sb; k + 1 < se; ++k)
    if (word_is(k, "according") && word_is(k + 1, "to")) {
      f.according = k;
      break;
    }
  for (std::uint32_t k = sb; k < se; ++k) {
    if (!is_cue(k) || in_quote_[k]) continue;
    const Speaker s = quote_cue_speaker(k, sb);
    if (!s.found()) continue;
    f.mixed_cue = k;
    f.mixed_speaker = s;
    break;
  }
  return f;
}

bool DocQuotes::settle_mixed(Attributed& a, const Speaker& s, std::uint32_t cue, QuoteRule rule,
                             float confidence) {
  a.s = s;
  a.cue = cue;
  a.rule = rule;
  a.kind = QuoteKind::kMixed;
  a.confidence = confidence;
  return true;
}

bool DocQuotes::attribute_mixed(Attributed& a) {
  const auto [sb, se] = sentence_tokens(a.q.open_tok);
  (void)se;
  // "According to Zakharova, Victoria Nuland ... “has no authority ...”" /
  // "..., according to Ryabkov, were held “openly and quite frankly”"
  const SentenceMemo& f = mixed_cue(tok_sentence_[a.q.open_tok]);
  if (f.according != kNoTok && f.according + 2 < a.q.open_tok) {
    const Speaker s = speaker_after(f.according + 2, a.q.open_tok);
    if (s.found()) return settle_mixed(a, s, f.according, QuoteRule::kAccordingTo, 0.7f);
  }
  if (f.mixed_cue < a.q.open_tok)
    return settle_mixed(a, f.mixed_speaker, f.mixed_cue, QuoteRule::kMixed, 0.7f);
  // "... used “velvet gloves” in its dealings with Central Asia, said Nargis Kassenova"
  // (within kAfterWindow tokens: the quotes of ‘single’ marks in one sentence would
  // otherwise each scan the rest of it)
  if (a.q.close_tok != UINT32_MAX) {
    for (std::uint32_t k = a.q.close_tok + 1; k < se && k <= a.q.close_tok + kAfterWindow; ++k) {
      if (is_dq(k)) break;
      if (!is_cue(k) || tok(k - 1) != ",") {
        // "..., which was said by Senator Jones" / "as described by the ministry"
        if (is_cue(k) && k + 2 < se && word_is(k + 1, "by")) {
          const Speaker s = speaker_after(k + 2, se);
          if (s.found()) return settle_mixed(a, s, k, QuoteRule::kMixed, 0.7f);
        }
        if (is_cue(k) && k >= 2) {
          const Speaker s = cue_speaker(k, a.q.close_tok + 1);
          if (s.found() && s.first_tok > 0 && tok(s.first_tok - 1) == ",")
            return settle_mixed(a, s, k, QuoteRule::kMixed, 0.7f);
        }
        continue;
      }
      Speaker s = speaker_after(k + 1, se);
      if (!s.found()) break;
      return settle_mixed(a, s, k, QuoteRule::kMixed, 0.7f);
    }
  }
  // No reporting verb: the subject of the sentence is the likeliest source of a fragment
  // ("Jacobs credited Merkel with holding “the entire continent together”").
  std::uint32_t words = 0, capitals = 0;
  for (std::uint32_t k = a.q.open_tok + 1; k < std::min(a.q.close_tok, a.q.stop_tok) && k < se; ++k)
    if (is_word(k)) {
      ++words;
      capitals += (toks_[k].flags & kTokCapitalized) != 0;
    }
  if (a.q.open_tok > sb + 2 && words >= 2 && capitals < words) {
    const Speaker s = subject_of(a.q.open_tok);
    if (s.found()) return settle_mixed(a, s, a.cue, QuoteRule::kMixed, 0.5f);  // (no cue)
  }
  return false;
}

}  // namespace presslens::detail
