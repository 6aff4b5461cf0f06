// Direct quotes: attribute each, merge split quotes and the fragments of one paraphrase,
// give floating and unattributed quotes the previous speaker, and emit them.
#include <algorithm>
#include <array>
#include <string_view>

#include "detail/doc_quotes.hpp"

namespace presslens::detail {

bool DocQuotes::is_name_in_marks(const RawQuote& q) {
  if (q.close_tok == UINT32_MAX || q.open_tok == 0) return false;
  if (tok(q.open_tok - 1) == "=") return true;
  if (!is_word(q.open_tok - 1) || q.close_tok - q.open_tok > 10) return false;
  std::uint32_t words = 0;
  for (std::uint32_t k = q.open_tok + 1; k < q.close_tok; ++k) {
    if (!is_word(k)) continue;
    ++words;
    if (toks_[k].flags & kTokCapitalized) continue;
    const std::string& w = low(k);
    if (!(is_preposition(w) || w == "the" || w == "a" || w == "an" || w == "and")) return false;
  }
  return words > 0;
}

void DocQuotes::widen_mixed(Attributed& a) {
  if (a.cue == UINT32_MAX || a.cue >= a.q.open_tok || a.q.close_tok == UINT32_MAX) return;
  // "was called “a betrayal” by Governor Hart": the agent's clause after the quote is the
  // attribution, not words of the speaker's; the quote stays as marked
  if (a.s.found() && a.s.first_tok > a.q.close_tok) return;
  const auto [sb, se] = sentence_tokens(a.q.open_tok);
  if (a.cue < sb || tok_sentence_[a.q.close_tok] != tok_sentence_[a.q.open_tok]) return;
  std::uint32_t c = a.cue + 1;
  if (c < a.q.open_tok && is_word(c) && lower_is(c, "that")) ++c;
  build_barriers();
  // no mark, cue or stop between the cue and the quote; no mark, cue or ";" after it
  if (c < a.q.open_tok && bar_before_[c] < a.q.open_tok) return;
  std::uint32_t e = se;
  while (e > a.q.close_tok + 1 && toks_[e - 1].kind == TokenKind::kPunct) --e;
  if (a.q.close_tok + 1 < e && bar_after_[a.q.close_tok + 1] < e) return;
  if (c < a.q.open_tok) a.q.start = toks_[c].start;
  if (e > a.q.close_tok + 1) a.q.end = toks_[e - 1].end;
}

void DocQuotes::build_barriers() {
  if (!bar_before_.empty() || toks_.empty()) return;
  const auto n = static_cast<std::uint32_t>(toks_.size());
  bar_before_.assign(n + 1, n);
  bar_after_.assign(n + 1, n);
  for (std::uint32_t k = n; k-- > 0;) {
    const bool common = is_dq(k) || is_cue(k);
    bar_before_[k] = common || is_terminal_punct(k) ? k : bar_before_[k + 1];
    bar_after_[k] = common || tok(k) == ";" ? k : bar_after_[k + 1];
  }
}

void DocQuotes::direct(std::vector<RawQuote>& raw, std::vector<Quote>& out) {
  for (const RawQuote& q : raw) {
    const std::uint32_t last = q.close_tok == UINT32_MAX ? UINT32_MAX : q.close_tok;
    for (std::uint32_t k = q.open_tok + 1; k < toks_.size() && k < last && toks_[k].start < q.end;
         ++k)
      in_quote_[k] = 1;
  }
  std::vector<Attributed> att;
  att.reserve(raw.size());
  for (const RawQuote& q : raw) {
    Attributed a;
    a.q = q;
    attribute(a);
    att.push_back(a);
  }
  // short phrases in single marks that are no utterance: not quotes (their sentence stays
  // open to the indirect rules)
  std::erase_if(att, [&](const Attributed& a) {
    if (!a.q.single || short_single_utterance(a)) return false;
    for (std::uint32_t k = a.q.open_tok + 1; k < a.q.close_tok; ++k) in_quote_[k] = 0;
    return true;
  });
  // Split quotes: “A,” he said. “B.” -> one quote.
  std::vector<bool> absorbed(att.size(), false);
  for (std::size_t i = 0; i + 1 < att.size(); ++i) {
    Attributed& a = att[i];
    if (absorbed[i] || a.rule != QuoteRule::kAfter) continue;
    std::size_t j = i + 1;
    while (j < att.size() && absorbed[j]) ++j;
    if (j >= att.size()) break;
    Attributed& b = att[j];
    if (b.q.paragraph != a.q.last_paragraph || a.q.close_tok == UINT32_MAX) continue;
    // The second part keeps its own attribution when it has one of its own: a cue after
    // it naming someone else, or a cue before it outside the first part's attribution.
    if (b.rule != QuoteRule::kNone) {
      const bool same = (b.s.entity >= 0 && b.s.entity == a.s.entity) ||
                        (b.rule == QuoteRule::kAfter && b.s.kind == SpeakerKind::kPronoun) ||
                        b.cue == a.cue;
      if (!same) continue;
    }
    // between the two parts: only the attribution, with its appositive (ending in . or ,)
    if (b.q.open_tok <= a.s.last_tok || b.q.open_tok - a.q.close_tok > 30) continue;
    bool other_quote = false;
    for (std::uint32_t x = a.q.close_tok + 1; x < b.q.open_tok; ++x)
      other_quote = other_quote || is_dq(x);
    if (other_quote) continue;
    const std::string_view before_b = tok(b.q.open_tok - 1);
    if (before_b != "." && before_b != "," && before_b != ";" && before_b != ":") continue;
    if (a.parts.empty()) a.parts.push_back(trimmed(a.q.start, a.q.end));
    a.parts.push_back(trimmed(b.q.start, b.q.end));
    a.q.end = b.q.end;
    a.q.close_tok = b.q.close_tok;
    a.q.last_paragraph = b.q.last_paragraph;
    a.q.unbalanced = a.q.unbalanced || b.q.unbalanced;
    a.rule = QuoteRule::kSplit;
    absorbed[j] = true;
  }
  // Fragments of one paraphrase: Corker said they were “meticulous” about keeping “out of
  // the deal” -> one mixed quote over both fragments (the annotation's single content).
  for (std::size_t i = 0; i + 1 < att.size(); ++i) {
    Attributed& a = att[i];
    if (absorbed[i] || a.kind != QuoteKind::kMixed || !a.s.found()) continue;
    for (std::size_t j = i + 1; j < att.size(); ++j) {
      if (absorbed[j]) continue;
      Attributed& b = att[j];
      if (a.q.close_tok == UINT32_MAX || b.q.paragraph != a.q.last_paragraph ||
          tok_sentence_[b.q.open_tok] != tok_sentence_[a.q.close_tok])
        break;
      bool same = b.rule == QuoteRule::kNone ||
                  (b.kind == QuoteKind::kMixed && b.s.first_tok == a.s.first_tok);
      // "... “no more nonsense” and tells the crowd he was the “first one”": a second
      // reporting verb starts a second attribution
      for (std::uint32_t x = a.q.close_tok + 1; x < b.q.open_tok && same; ++x) same = !is_cue(x);
      if (!same) break;
      a.q.end = b.q.end;
      a.q.close_tok = b.q.close_tok;
      a.q.unbalanced = a.q.unbalanced || b.q.unbalanced;
      absorbed[j] = true;
    }
  }
  // Floating and remaining quotes take the previous speaker.
  LastSpeaker last;
  for (std::size_t i = 0; i < att.size(); ++i) {
    if (absorbed[i]) continue;
    Attributed& a = att[i];
    if (is_name_in_marks(a.q)) continue;
    if (is_scare(a)) {
      // kept as what it is, with whoever thinks or calls it so; never a previous speaker
      a.kind = QuoteKind::kScare;
      emit(a, out);
      continue;
    }
    if (a.kind == QuoteKind::kMixed) widen_mixed(a);
    // (pronouns and role nouns are resolved in run(), in document order)
    if (a.rule == QuoteRule::kNone && !attribute_unattributed(a, last)) continue;
    if (a.s.found() && a.rule != QuoteRule::kFloating && a.rule != QuoteRule::kPrevious) {
      last.s = a.s;
      last.paragraph = a.q.last_paragraph;
    }
    emit(a, out);
  }
}

bool DocQuotes::attribute_unattributed(Attributed& a, const LastSpeaker& last) {
  const auto [pb, pe] = paragraph_tokens(a.q.paragraph);
  const std::uint32_t content = words_in(
      a.q.open_tok, a.q.close_tok != UINT32_MAX ? a.q.close_tok : std::min(pe, a.q.stop_tok));
  const std::uint32_t para_words = words_in(pb, pe);
  const bool floating = a.q.open_tok == pb && content * 10 >= para_words * 8;
  // (shorter quotes are mostly scare quotes and titles: “unfriendly countries”)
  if (!floating && content < opt_.min_unattributed_words) return false;
  const Speaker narrator = narrator_subject(a);
  auto narration = [&] {
    a.s = narrator;
    a.rule = QuoteRule::kNarration;
    a.confidence = 0.3f;
    return true;
  };
  // a quote that starts its sentence right after a narrated sentence that names no quote's
  // speaker ("... said Megan Greene. “...” Greene added that the Fed ... “...”"): that
  // sentence's subject, before the previous speaker
  const std::uint32_t si = tok_sentence_[a.q.open_tok];
  if (narrator.found() && si > 0 && a.q.open_tok == d_.seg.sentences[si].token_begin &&
      !(last.s.found() && last.s.last_tok >= d_.seg.sentences[si - 1].token_begin))
    return narration();
  if (last.s.found() && a.q.paragraph <= last.paragraph + 2) {
    // the speaker span is the previous mention (PolNeAR-style: the mention it hangs on)
    a.s = last.s;
    a.rule = floating ? QuoteRule::kFloating : QuoteRule::kPrevious;
    a.confidence = floating ? 0.6f : 0.35f;
    return true;
  }
  if (narrator.found()) return narration();
  if (content < opt_.min_unattributed_words) return false;
  a.confidence = 0.2f;
  return true;
}

Speaker DocQuotes::narrator_subject(const Attributed& a) {
  // "Valastro praised Christie's leadership ... ¶ “We need someone ...”" / "Trump issued
  // the following statement: ¶ “...”" / "Trump issued a statement, “Last night ...”": with
  // no speaker before it, a quote belongs to the subject of the narration leading to it:
  // its own sentence's, else the sentence just before it (in its paragraph or ending the
  // one before).
  const std::uint32_t si = tok_sentence_[a.q.open_tok];
  const std::uint32_t sb = d_.seg.sentences[si].token_begin;
  if (a.q.open_tok > sb + 2) return subject_of(a.q.open_tok);
  if (si == 0) return {};
  const std::uint32_t pe = d_.seg.sentences[si - 1].token_end;
  if (pe == 0 || in_quote_[pe - 1] || tok_paragraph_[pe - 1] + 1 < a.q.paragraph) return {};
  // "Or maybe Jeb Bush, digital consultant Phil Musser says. “...”": a sentence that ends
  // with its own attribution hands the quote to that speaker
  const std::uint32_t pb = d_.seg.sentences[si - 1].token_begin;
  const std::uint32_t v = is_terminal_punct(pe - 1) ? pe - 2 : pe - 1;
  if (v > pb + 2 && v < pe && is_cue(v) && !in_quote_[v]) {
    const Speaker t = cue_speaker(v, pb);
    // (set off by a comma, perhaps before a role: ", digital consultant Phil Musser says")
    bool tail = false;
    for (std::uint32_t x = t.first_tok; t.found() && x > pb && x + 4 > t.first_tok && !tail; --x)
      tail = tok(x - 1) == ",";
    if (tail) return t;
  }
  return subject_of(pe - 1);
}

void DocQuotes::emit(Attributed& a, std::vector<Quote>& out) {
  if (a.cue != UINT32_MAX) cue_used_[a.cue] = 1;
  out.push_back(make_quote(a));
  spk_.push_back(a.s);
  parts_.push_back(std::move(a.parts));
}

namespace {

// Verbs of thinking, naming and calling (see DocQuotes::scare_verb).
constexpr std::array<std::string_view, 15> kThinking = {
    "think",      "thinks", "thought", "believe", "believes", "believed", "consider", "considers",
    "considered", "deem",   "deems",   "deemed",  "regard",   "regards",  "regarded"};
constexpr std::array<std::string_view, 15> kNaming = {
    "dub",     "dubs",     "dubbed", "nickname", "nicknames", "nicknamed", "label",     "labels",
    "labeled", "labelled", "termed", "brand",    "brands",    "branded",   "christened"};
constexpr std::array<std::string_view, 4> kCalling = {"call", "calls", "called", "calling"};
constexpr std::array<std::string_view, 8> kCopulas = {"is", "are",  "was",  "were",
                                                      "be", "been", "seem", "seems"};

bool any_of_words(const auto& list, auto&& is) {
  return std::any_of(list.begin(), list.end(), is);
}

}  // namespace

bool DocQuotes::scare_verb(std::uint32_t k) const {
  if (!is_word(k) || toks_[k].end - toks_[k].start > 10) return false;
  const auto is = [&](std::string_view w) { return word_is(k, w); };
  if (any_of_words(kCalling, is))
    return !(k + 1 < toks_.size() &&
             (word_is(k + 1, "for") || word_is(k + 1, "on") || word_is(k + 1, "upon")));
  return any_of_words(kThinking, is) || any_of_words(kNaming, is);
}

bool DocQuotes::is_scare(const Attributed& a) const {
  if (a.q.close_tok == UINT32_MAX || a.q.open_tok == 0) return false;
  const std::uint32_t words = words_in(a.q.open_tok + 1, a.q.close_tok);
  if (words == 0 || words > kMaxScareWords) return false;
  const std::uint32_t o = a.q.open_tok;
  const auto [sb, se] = sentence_tokens(o);
  // The word that governs the marks: "so-called" or "known as" right before them, or a verb
  // of thinking, naming or calling a few words before them in their clause.
  std::uint32_t verb = kNoTok;
  bool distancing = false;  // so-called, known as
  if (o >= sb + 1 && (word_is(o - 1, "so-called") ||
                      (o >= sb + 2 && word_is(o - 1, "called") && word_is(o - 2, "so")))) {
    verb = o - 1;
    distancing = true;
  } else if (o >= sb + 2 && word_is(o - 1, "as") && word_is(o - 2, "known")) {
    verb = o - 2;
    distancing = true;
  }
  for (std::uint32_t k = o; verb == kNoTok && k-- > sb && k + kScareReach >= o;) {
    if (in_quote_[k] || toks_[k].kind == TokenKind::kPunct) return false;
    if (scare_verb(k))
      verb = k;
    else if (is_cue(k))
      return false;  // a reporting verb governs it: "said he was “fine”"
  }
  if (verb == kNoTok) return false;
  // no reporting verb in the sentence (within kAfterWindow tokens): "X said he thinks ..."
  const std::uint32_t from = verb > sb + kAfterWindow ? verb - kAfterWindow : sb;
  const std::uint32_t to = std::min<std::uint32_t>(se, a.q.close_tok + kAfterWindow);
  for (std::uint32_t k = from; k < to; ++k)
    if (k != verb && is_cue(k) && !in_quote_[k] && !scare_verb(k)) return false;
  if (distancing) return true;
  const bool thinking =
      any_of_words(kThinking, [&](std::string_view w) { return word_is(verb, w); });
  // a belief's predicate: "thinks (that) cats are “cuties”", "believed it was a “hoax”"
  std::uint32_t before = o - 1;
  if (before > verb + 1 && is_determiner(before)) --before;
  if (thinking && any_of_words(kCopulas, [&](std::string_view w) { return word_is(before, w); }))
    return true;
  // thought or named so by nobody the text names ("jobs that are considered “core”")
  return a.rule == QuoteRule::kNone &&
         !any_of_words(kCalling, [&](std::string_view w) { return word_is(verb, w); });
}

bool DocQuotes::short_single_utterance(const Attributed& a) const {
  if (words_in(a.q.open_tok + 1, a.q.close_tok) >= kMinSingleWords) return true;
  if (a.rule == QuoteRule::kAfter) return true;
  if (a.rule != QuoteRule::kBefore || a.q.open_tok == 0) return false;
  const std::string_view before = tok(a.q.open_tok - 1);
  return before == ":" || before == ",";
}

Quote DocQuotes::make_quote(const Attributed& a) const {
  Quote q{};
  q.doc = doc_;
  const QuotePart span = trimmed(a.q.start, a.q.end);  // white space inside the marks
  q.start = span.start;
  q.end = span.end;
  q.kind = a.kind;
  q.rule = a.rule;
  q.unbalanced = a.q.unbalanced;
  q.speaker_kind = a.s.found() ? a.s.kind : SpeakerKind::kUnknown;
  if (a.cue != UINT32_MAX) {
    q.cue_start = toks_[a.cue].start;
    q.cue_end = toks_[a.cue].end;
  }
  if (a.s.found()) {
    q.speaker_start = toks_[a.s.first_tok].start;
    q.speaker_end = toks_[a.s.last_tok].end;
  }
  q.speaker_entity = a.s.entity;
  q.paragraph = a.q.paragraph;
  q.confidence = a.confidence;
  return q;
}

}  // namespace presslens::detail
