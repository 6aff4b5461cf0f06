// Quote extraction and attribution. Per document (in parallel): pair the quote marks,
// attribute each quote by the first rule that fits (after, before, mixed), merge split
// quotes, give floating quotes the previous speaker, then find indirect quotes in the
// sentences no direct quote covers. Across documents (sequential, deterministic): the
// utterance ids.
#include "presslens/quotes.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "detail/gazetteer.hpp"
#include "detail/word_lists.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"

namespace presslens {
using detail::kAux;
using detail::kCues;
using detail::kDeterminers;
using detail::kObjectCues;
using detail::kPronouns;

const char* quote_kind_name(QuoteKind k) noexcept {
  switch (k) {
    case QuoteKind::kDirect:
      return "direct";
    case QuoteKind::kIndirect:
      return "indirect";
    case QuoteKind::kMixed:
      return "mixed";
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
  }
  return "none";
}

namespace {

bool in(const auto& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

enum class Mark : std::uint8_t { kNone, kOpen, kClose, kAmbiguous };
enum class Family : std::uint8_t { kDouble, kSingle };

struct RawQuote {
  std::uint32_t open_tok, close_tok;  // close_tok == UINT32_MAX: closed at paragraph end
  std::uint32_t start, end;           // content bytes
  std::uint32_t paragraph, last_paragraph;
  bool unbalanced = false;
  // An unclosed quote cut short by the next opening mark (that mark's token); UINT32_MAX
  // otherwise. Quotes never overlap, so their total length stays within the text's.
  std::uint32_t stop_tok = UINT32_MAX;
};

constexpr std::uint32_t kNoTok = UINT32_MAX;
// How far after a mixed quote its sentence is searched for "..., said X" (tokens).
constexpr std::uint32_t kAfterWindow = 64;
// How many auxiliaries and adverbs a search for a verb's subject walks back over
// ("has also repeatedly said").
constexpr std::uint32_t kMaxSkippedAdverbs = 8;

// What DocQuotes finds once per sentence and reuses for every quote in it (see subjects(),
// mixed_cue()); `done` says which parts are filled.
constexpr std::uint8_t kMemoSubjects = 1, kMemoMixedCue = 2;

struct Speaker {
  std::uint32_t first_tok = UINT32_MAX, last_tok = 0;  // tokens of the speaker mention
  SpeakerKind kind = SpeakerKind::kUnknown;
  std::int32_t entity = -1;
  [[nodiscard]] bool found() const { return first_tok != UINT32_MAX; }
};

// What a pronoun can stand for, and the nearest mention of each kind (DocQuotes::antecedent).
enum Antecedent : std::uint8_t { kAnyPerson, kHe, kShe, kOrganisation };

struct SentenceMemo {
  std::uint32_t person = kNoTok, org = kNoTok;  // subject_of()'s candidates
  std::uint32_t according = kNoTok;             // the first "according to"
  std::uint32_t mixed_cue = kNoTok;             // the first cue with a speaker before it
  Speaker mixed_speaker;
  std::uint8_t done = 0;
};

class DocQuotes {
 public:
  DocQuotes(const Corpus& corpus, const EntityResult& er, const Gazetteer::Impl& gaz,
            const QuoteOptions& opt, std::uint32_t doc, std::size_t m_begin, std::size_t m_end)
      : d_(corpus.at(doc)),
        text_(d_.text),
        toks_(d_.seg.tokens),
        er_(er),
        gaz_(gaz),
        opt_(opt),
        doc_(doc),
        m_begin_(m_begin),
        m_end_(m_end) {}

  void run(std::vector<Quote>& out, std::vector<CorpusWarning>& warnings) {
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
    for (const std::size_t i : order) {
      sorted.push_back(out[i]);
      speakers.push_back(spk_[i]);
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
  }

 private:
  const Document& d_;
  std::string_view text_;
  const std::vector<Token>& toks_;
  const EntityResult& er_;
  const Gazetteer::Impl& gaz_;
  const QuoteOptions& opt_;
  std::uint32_t doc_;
  std::size_t m_begin_, m_end_;
  std::vector<std::int32_t> ment_first_, ment_last_;  // token -> mention index or -1
  std::vector<std::uint32_t> tok_sentence_, tok_paragraph_;
  std::vector<std::uint32_t> words_before_;            // words among tokens [0, k), for words_in()
  std::vector<SentenceMemo> memo_;                     // per sentence
  std::vector<std::uint32_t> bar_before_, bar_after_;  // see build_barriers()
  std::vector<std::uint32_t> prev_cue_;                // the last cue outside quotes before token k
  // Per mention of the document (from m_begin_): the nearest mention at or before it, outside
  // quotes, that a pronoun can stand for (see kAnyPerson...), as an index into
  // er_.mentions or -1. Built on first use.
  std::array<std::vector<std::int32_t>, 4> antecedent_;
  // Per role noun: the document's mentions of people whose titles contain it, in order.
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> role_mentions_;
  std::vector<std::uint8_t> in_quote_;  // token inside direct quote content
  std::vector<std::uint8_t> cue_used_;  // the reporting verb of a direct quote
  std::string buf_;
  std::vector<std::uint32_t> fl_;  // WordFlag bits per token (detail/gazetteer.hpp)
  std::vector<std::uint8_t> cls_;  // word class, with plural role nouns ("senators")
  std::vector<Speaker> spk_;       // the speaker of each quote in `out`, for resolution

  std::string_view tok(std::uint32_t k) const {
    return text_.substr(toks_[k].start, toks_[k].end - toks_[k].start);
  }
  const std::string& low(std::uint32_t k) {
    buf_.clear();
    append_lower(buf_, tok(k));
    return buf_;
  }
  bool is_word(std::uint32_t k) const { return toks_[k].kind == TokenKind::kWord; }
  // Token k is the lower-case ASCII word w, in any case; no copy (for scans over tokens).
  bool word_is(std::uint32_t k, std::string_view w) const {
    const std::string_view t = tok(k);
    if (t.size() != w.size()) return false;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (static_cast<char>(t[i] | 0x20) != w[i]) return false;
    return true;
  }
  bool is_cue(std::uint32_t k) const { return fl_[k] & detail::kFlagCue; }
  bool is_pronoun(std::uint32_t k) const { return fl_[k] & detail::kFlagPronoun; }
  bool is_determiner(std::uint32_t k) const { return fl_[k] & detail::kFlagDeterminer; }
  bool is_aux(std::uint32_t k) const { return fl_[k] & detail::kFlagAux; }
  std::uint8_t wclass(std::uint32_t k) const { return static_cast<std::uint8_t>(cls_[k]); }
  const Mention& mention(std::int32_t i) const { return er_.mentions[static_cast<std::size_t>(i)]; }

  void index_tokens() {
    const std::size_t n = toks_.size();
    gaz_.word_flags(text_, toks_, nullptr, fl_, buf_);
    cls_.assign(n, 0);
    for (std::size_t k = 0; k < n; ++k) {
      if (toks_[k].kind != TokenKind::kWord) continue;
      const std::string_view w = tok(static_cast<std::uint32_t>(k));
      // A verb of attitude only when it is nothing else, lower case, 3 to 10 bytes.
      if ((fl_[k] & detail::kFlagAttitude) &&
          ((fl_[k] & ~std::uint32_t{detail::kFlagAttitude}) != 0 || w.size() < 3 || w.size() > 10 ||
           (toks_[k].flags & kTokCapitalized)))
        fl_[k] &= ~std::uint32_t{detail::kFlagAttitude};
      std::uint32_t c = fl_[k] & detail::kFlagClassMask;
      if (c == 0 && w.size() > 3 && (w.back() == 's' || w.back() == 'S'))  // plural role nouns
        c = gaz_.flags_of(detail::lower_hash(w.substr(0, w.size() - 1), buf_)) &
            detail::kFlagClassMask;
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

  // "the United States’ allies": a capitalised word after another word is a name, not a
  // reporting verb, except in a headline ("Glenn Beck Says Trump Is a Threat").
  void uncap_cues(const Sentence& sent) {
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

  // ---- marks ------------------------------------------------------------------------------
  std::pair<Mark, Family> classify(std::uint32_t k) const {
    if (!(toks_[k].flags & kTokQuote)) return {Mark::kNone, Family::kDouble};
    const std::string_view t = tok(k);
    const bool gap_before = k == 0 || toks_[k].start != toks_[k - 1].end;
    const bool gap_after = k + 1 >= toks_.size() || toks_[k + 1].start != toks_[k].end;
    const bool prev_open = k > 0 && !gap_before &&
                           (tok(k - 1) == "(" || tok(k - 1) == "[" || tok(k - 1) == "\xE2\x80\x94");
    if (t == "\xE2\x80\x9C" || t == "\xE2\x80\x9E" || t == "\xC2\xAB" || t == "``")
      return {Mark::kOpen, Family::kDouble};  // “ „ « ``
    if (t == "\xE2\x80\x9D" || t == "\xC2\xBB") return {Mark::kClose, Family::kDouble};  // ” »
    if (t == "\"" || t == "''") {  // straight marks: open or close by the spaces around them
      if ((gap_before || prev_open) && !gap_after) return {Mark::kOpen, Family::kDouble};
      if (!gap_before && gap_after) return {Mark::kClose, Family::kDouble};
      return {Mark::kAmbiguous, Family::kDouble};
    }
    if (t == "\xE2\x80\x98" || t == "\xE2\x80\x9A" || t == "\xE2\x80\xB9")
      return {Mark::kOpen, Family::kSingle};
    if (t == "\xE2\x80\x99" || t == "\xE2\x80\xBA") return {Mark::kClose, Family::kSingle};
    if (t == "'" || t == "`") {
      if (gap_before && !gap_after) return {Mark::kOpen, Family::kSingle};
      if (!gap_before && gap_after) return {Mark::kClose, Family::kSingle};
      return {Mark::kAmbiguous, Family::kSingle};
    }
    return {Mark::kNone, Family::kDouble};
  }

  // A double quotation mark; an apostrophe or a single mark is not ("Sanders’ aide said").
  bool is_dq(std::uint32_t k) const {
    if (!(toks_[k].flags & kTokQuote)) return false;
    const auto [m, f] = classify(k);
    return m != Mark::kNone && f == Family::kDouble;
  }

  std::vector<RawQuote> pair_marks(std::vector<CorpusWarning>& warnings) {
    std::vector<RawQuote> out;
    const auto& paras = d_.seg.paragraphs;
    bool open = false;
    RawQuote cur{};
    std::uint32_t unbalanced = 0, first_bad = 0;
    auto close_unbalanced = [&](std::uint32_t p, std::uint32_t end, std::uint32_t stop_tok) {
      cur.end = end;
      cur.close_tok = UINT32_MAX;
      cur.stop_tok = stop_tok;
      cur.unbalanced = true;
      cur.last_paragraph = p;
      if (unbalanced++ == 0) first_bad = toks_[cur.open_tok].start;
      if (cur.end > cur.start) out.push_back(cur);
      open = false;
    };
    // (trailing white space is trimmed: a paragraph's end is)
    auto close_at_paragraph_end = [&](std::uint32_t p) {
      close_unbalanced(p, paras[p].end, UINT32_MAX);
    };
    auto close_at_next_open = [&](std::uint32_t k, std::uint32_t p) {
      close_unbalanced(p, toks_[k].start, k);
    };
    for (std::uint32_t p = 0; p < paras.size(); ++p) {
      const Paragraph& para = paras[p];
      if (para.sentence_begin == para.sentence_end) continue;
      const std::uint32_t tb = d_.seg.sentences[para.sentence_begin].token_begin;
      const std::uint32_t te = d_.seg.sentences[para.sentence_end - 1].token_end;
      if (para.boilerplate) {
        if (open) close_at_paragraph_end(cur.last_paragraph);
        continue;
      }
      if (open) {
        // Multi-paragraph quote: the next paragraph reopens with a mark of the same family.
        const auto [m, f] = classify(tb);
        if ((m == Mark::kOpen || m == Mark::kAmbiguous) && f == Family::kDouble) {
          cur.last_paragraph = p;
          // continue scanning after the reopening mark
          scan(tb + 1, te, p, open, cur, out, close_at_next_open);
          if (open) cur.last_paragraph = p;
          continue;
        }
        close_at_paragraph_end(cur.last_paragraph);
      }
      scan(tb, te, p, open, cur, out, close_at_next_open);
      if (open) cur.last_paragraph = p;
      // single quotes, British style, outside double quotes: within the paragraph only
      singles(tb, te, p, out);
    }
    if (open) close_at_paragraph_end(cur.last_paragraph);
    if (unbalanced > 0)
      warnings.push_back({d_.id, d_.source, -1, static_cast<std::int64_t>(first_bad),
                          "unbalanced_quote",
                          "document '" + d_.id + "': " + std::to_string(unbalanced) +
                              " quotation mark(s) never closed, the first at byte offset " +
                              std::to_string(first_bad) +
                              "; each such quote was closed at the next opening mark or the end "
                              "of its paragraph"});
    std::sort(out.begin(), out.end(),
              [](const RawQuote& a, const RawQuote& b) { return a.start < b.start; });
    return out;
  }

  template <class CloseFn>
  void scan(std::uint32_t tb, std::uint32_t te, std::uint32_t p, bool& open, RawQuote& cur,
            std::vector<RawQuote>& out, CloseFn& close_at_next_open) {
    for (std::uint32_t k = tb; k < te; ++k) {
      const auto [m, f] = classify(k);
      if (m == Mark::kNone || f != Family::kDouble) continue;
      if (!open) {
        if (m == Mark::kOpen || m == Mark::kAmbiguous) {
          open = true;
          cur = RawQuote{k, UINT32_MAX, toks_[k].end, 0, p, p, false};
        }
        continue;
      }
      // „ closes with “ in the German style.
      const bool low_open = tok(cur.open_tok) == "\xE2\x80\x9E";
      if (m == Mark::kClose || m == Mark::kAmbiguous || (low_open && tok(k) == "\xE2\x80\x9C")) {
        cur.close_tok = k;
        cur.end = toks_[k].start;
        cur.last_paragraph = p;
        if (cur.end > cur.start) out.push_back(cur);
        open = false;
      } else {
        // A new opening mark while one is open: the first was never closed. It ends where
        // the new one opens (not at the end of the paragraph, which would make every quote
        // of a run of unclosed marks span the rest of it: quadratic in the output).
        close_at_next_open(k, p);
        open = true;
        cur = RawQuote{k, UINT32_MAX, toks_[k].end, 0, p, p, false};
      }
    }
  }

  void singles(std::uint32_t tb, std::uint32_t te, std::uint32_t p, std::vector<RawQuote>& out) {
    std::uint32_t depth_double = 0;
    std::int64_t open_at = -1;
    for (std::uint32_t k = tb; k < te; ++k) {
      const auto [m, f] = classify(k);
      if (m == Mark::kNone) continue;
      if (f == Family::kDouble) {
        depth_double ^= 1u;
        continue;
      }
      if (depth_double) continue;
      if (open_at < 0 && m == Mark::kOpen) {
        open_at = k;
      } else if (open_at >= 0 && (m == Mark::kClose || m == Mark::kAmbiguous)) {
        const auto o = static_cast<std::uint32_t>(open_at);
        std::uint32_t words = 0;
        for (std::uint32_t j = o + 1; j < k; ++j) words += is_word(j);
        if (words >= 3) out.push_back(RawQuote{o, k, toks_[o].end, toks_[k].start, p, p, false});
        open_at = -1;
      }
    }
  }

  // ---- speakers ---------------------------------------------------------------------------
  Speaker from_mention(std::int32_t mi) {
    const Mention& m = mention(mi);
    Speaker s;
    s.first_tok = m.token;
    std::uint32_t k = m.token;
    while (k + 1 < toks_.size() && toks_[k].end < m.end) ++k;
    s.last_tok = k;
    s.entity = static_cast<std::int32_t>(m.entity);
    if (m.type == EntityType::kOrg || m.type == EntityType::kPlace) {
      s.kind = SpeakerKind::kOrganisation;
    } else {
      s.kind = m.role_end > m.role_start ? SpeakerKind::kTitled : SpeakerKind::kNamed;
      if (m.role_end > m.role_start) {
        // include the title in the speaker span
        std::uint32_t r = s.first_tok;
        while (r > 0 && toks_[r - 1].start >= m.role_start) --r;
        s.first_tok = r;
      }
    }
    return s;
  }

  // Role noun phrase ending at token k ("the diplomat", "the deputy minister",
  // "a ministry spokesman", "the senators").
  bool role_np_ending(std::uint32_t k, std::uint32_t floor, Speaker& s) {
    if (!is_word(k) || (toks_[k].flags & kTokCapitalized &&
                        !(wclass(k) & (detail::kWordTitleHead | detail::kWordRoleNoun))))
      return false;
    if (!(wclass(k) & (detail::kWordRoleNoun | detail::kWordTitleHead))) return false;
    std::uint32_t j = k;
    std::uint32_t steps = 0;
    while (j > floor && steps < 4) {
      const std::uint32_t p = j - 1;
      if (!is_word(p)) break;
      if (is_determiner(p)) {
        j = p;
        break;
      }
      // modifiers of the role noun: "four US senators", "the deputy foreign minister",
      // "a Kremlin spokesman"; a preposition or a verb ends the phrase
      if (ment_last_[p] >= 0 || (toks_[p].flags & kTokCapitalized) ||
          (wclass(p) & (detail::kWordModifier | detail::kWordTitlePart | detail::kWordTitleHead |
                        detail::kWordRoleNoun)) ||
          is_number_word(p)) {
        j = p;
        ++steps;
        continue;
      }
      break;
    }
    s.first_tok = j;
    s.last_tok = k;
    s.kind = SpeakerKind::kRole;
    return true;
  }

  bool is_number_word(std::uint32_t k) {
    if (toks_[k].kind == TokenKind::kNumber) return true;
    static constexpr std::array<std::string_view, 12> kNumbers = {
        "two",   "three", "four", "five",    "six",  "seven",
        "eight", "nine",  "ten",  "several", "some", "many"};
    return in(kNumbers, low(k));
  }

  static constexpr std::array<std::string_view, 12> kPrepositions = {
      "on", "in", "at", "to", "from", "with", "by", "for", "of", "about", "during", "into"};

  // is_preposition on token k without a lower-cased copy
  bool is_prep(std::uint32_t k) const {
    if (!is_word(k) || toks_[k].end - toks_[k].start > 6) return false;
    return std::any_of(kPrepositions.begin(), kPrepositions.end(),
                       [&](std::string_view w) { return word_is(k, w); });
  }

  // ASCII case-insensitive search of the lower-case `needle` in `hay`, without a copy.
  static bool contains_lower(std::string_view hay, std::string_view needle) {
    if (needle.empty() || needle.size() > hay.size()) return needle.empty();
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
      std::size_t j = 0;
      while (j < needle.size() && static_cast<char>(hay[i + j] | 0x20) == needle[j]) ++j;
      if (j == needle.size()) return true;
    }
    return false;
  }

  static bool is_preposition(std::string_view w) { return in(kPrepositions, w); }

  // The subject of the clause that contains token k: the first person/organisation mention
  // or pronoun of the sentence that no preposition governs (for "Clinton, during a town hall
  // meeting in Columbus, Ohio, said ...").
  // (The first candidates of each sentence are found once: subject_of is asked for every
  // quote and cue of a sentence, which may be a whole page long.)
  Speaker subject_of(std::uint32_t k) {
    const SentenceMemo& f = subjects(tok_sentence_[k]);
    if (f.person < k) {
      if (ment_first_[f.person] >= 0) return from_mention(ment_first_[f.person]);
      Speaker s;
      s.first_tok = s.last_tok = f.person;
      s.kind = SpeakerKind::kPronoun;
      return s;
    }
    if (f.org < k) return from_mention(ment_first_[f.org]);
    return {};
  }

  // The sentence's first person mention or subject pronoun and its first organisation
  // mention that no preposition governs, outside quotes.
  const SentenceMemo& subjects(std::uint32_t si) {
    SentenceMemo& f = memo_[si];
    if (f.done & kMemoSubjects) return f;
    f.done |= kMemoSubjects;
    const std::uint32_t sb = d_.seg.sentences[si].token_begin;
    const std::uint32_t se = d_.seg.sentences[si].token_end;
    for (std::uint32_t x = sb; x < se && f.person == kNoTok; ++x) {
      if (in_quote_[x]) continue;
      if (x > sb && is_prep(x - 1)) continue;
      if (x > sb && tok(x - 1) == "(") continue;  // "Washington (AFP) -"
      if (ment_first_[x] >= 0) {
        const Mention& m = mention(ment_first_[x]);
        if (m.type == EntityType::kPerson) f.person = x;
        if (m.type == EntityType::kOrg && f.org == kNoTok) f.org = x;
        continue;
      }
      if (is_word(x) && is_pronoun(x) && (low(x) == "he" || low(x) == "she" || low(x) == "they"))
        f.person = x;
    }
    return f;
  }

  // The last token at or before k (and at or after floor) that is not an auxiliary or an
  // adverb in -ly, over at most kMaxSkippedAdverbs of them; below floor when all are.
  std::int64_t skip_adverbs_back(std::int64_t k, std::uint32_t floor) {
    for (std::uint32_t skipped = 0;
         skipped < kMaxSkippedAdverbs && k >= static_cast<std::int64_t>(floor); ++skipped) {
      const auto u = static_cast<std::uint32_t>(k);
      if (!is_word(u) ||
          !(is_aux(u) || (low(u).ends_with("ly") && !(toks_[u].flags & kTokCapitalized))))
        break;
      --k;
    }
    return k;
  }

  // Speaker NP that ends at token k (walking back over adverbs/auxiliaries first); a place or
  // a noun governed by a preposition ("on Facebook writing") gives way to the subject.
  Speaker speaker_before(std::int64_t k, std::uint32_t floor) {
    Speaker s = speaker_before_np(k, floor);
    if (!s.found()) return s;
    const bool place = s.entity >= 0 &&
                       er_.entities[static_cast<std::size_t>(s.entity)].type == EntityType::kPlace;
    // ("with Dmitry Kozak ... saying" is an absolute construction: Kozak speaks)
    const bool governed = s.first_tok > floor && is_word(s.first_tok - 1) &&
                          is_prep(s.first_tok - 1) && !word_is(s.first_tok - 1, "with");
    if (place || governed) {
      Speaker subj = subject_of(s.first_tok);
      return subj.found() ? subj : Speaker{};
    }
    return s;
  }

  // Any plain noun phrase ending at token k, for a reporting verb whose subject is no name
  // or known role: "federal officials said", "Another person tweeted:", "GOP primary voters
  // said". It must open its clause or start with a determiner or a capital.
  Speaker np_before(std::int64_t k, std::uint32_t floor) {
    static constexpr std::array<std::string_view, 30> kStops = {
        "and",   "or",    "but", "that", "which",   "who",  "whom", "whose", "what", "when",
        "where", "while", "as",  "if",   "because", "than", "so",   "not",   "to",   "be",
        "been",  "being", "it",  "this", "there",   "here", "just", "even",  "only", "all"};
    auto np_word = [&](std::uint32_t x) {
      return is_word(x) && !is_pronoun(x) && !is_aux(x) && !is_cue(x) && !is_determiner(x) &&
             !is_prep(x) && !in(kStops, low(x));
    };
    k = skip_adverbs_back(k, floor);
    if (k < static_cast<std::int64_t>(floor)) return {};
    const auto head = static_cast<std::uint32_t>(k);
    if (!np_word(head)) return {};
    std::uint32_t j = head;
    bool det = false;
    for (std::uint32_t steps = 0; j > floor && steps < 5; ++steps) {
      if (is_word(j - 1) && is_determiner(j - 1)) {
        --j;
        det = true;
        break;
      }
      if (!np_word(j - 1)) break;
      --j;
    }
    const bool opens = j == floor || tok(j - 1) == "," || tok(j - 1) == "(" ||
                       is_terminal_punct(j - 1) || tok(j - 1) == ":";
    if (!det && !opens && !(toks_[j].flags & kTokCapitalized)) return {};
    Speaker s;
    s.first_tok = j;
    s.last_tok = head;
    s.kind = np_kind(head);
    return s;
  }

  // Any plain noun phrase right after a reporting verb that follows its quote, up to a comma
  // or the end of the sentence ("...,” said master of ceremonies Asab Al-Tabchi, a Syrian
  // engineer"): nothing else stands there.
  Speaker np_after(std::uint32_t k, std::uint32_t pe) {
    std::uint32_t e = k;
    // (words, and the marks inside a name: "Al-Tabchi", "O’Neill", "Gov.")
    auto inner = [&](std::uint32_t x) {
      return x > k && toks_[x].start == toks_[x - 1].end &&
             (tok(x) == "-" || tok(x) == "\xE2\x80\x99" || tok(x) == "'" || tok(x) == ".") &&
             x + 1 < pe && is_word(x + 1);
    };
    while (e < pe && e < k + 10 &&
           ((is_word(e) && !is_cue(e) && !(is_pronoun(e) && e > k)) || inner(e)))
      ++e;
    if (e == k || (e < pe && tok(e) != "," && !is_terminal_punct(e))) return {};
    if (is_pronoun(k) && e > k + 1) return {};
    Speaker s;
    s.first_tok = k;
    s.last_tok = e - 1;
    s.kind = np_kind(e - 1);
    return s;
  }

  // The kind of a plain noun phrase speaker by its head: a capitalised name, a known role
  // noun ("the senator": resolved later), or neither ("a new poll", "federal officials"):
  // a source that stands for no entity.
  SpeakerKind np_kind(std::uint32_t head) const {
    if (toks_[head].flags & kTokCapitalized) return SpeakerKind::kNamed;
    return (wclass(head) & (detail::kWordRoleNoun | detail::kWordTitleHead))
               ? SpeakerKind::kRole
               : SpeakerKind::kUnknown;
  }

  // The speaker of the reporting verb at token v: a mention, pronoun or role noun before it;
  // for a participle after a comma ("..., telling the crowd"), the subject of the sentence;
  // otherwise any plain noun phrase before it.
  Speaker cue_speaker(std::uint32_t v, std::uint32_t floor) {
    // "Warren endorsed Clinton, saying" / "she released a statement saying": the subject
    // of the sentence speaks, not the object before the participle
    // (but "with Dmitry Kozak, the deputy chief of staff, saying": the absolute clause's own)
    Speaker s = speaker_before(static_cast<std::int64_t>(v) - 1, floor);
    const bool absolute = s.found() && s.first_tok > floor && low(s.first_tok - 1) == "with";
    if (!absolute && v > floor && tok(v - 1) == "," && low(v).ends_with("ing")) {
      const Speaker subj = subject_of(v);
      if (subj.found()) return subj;
    }
    if (s.found()) return s;
    return np_before(static_cast<std::int64_t>(v) - 1, floor);
  }

  Speaker speaker_before_np(std::int64_t k, std::uint32_t floor) {
    Speaker s;
    const bool had_comma =
        k >= static_cast<std::int64_t>(floor) && tok(static_cast<std::uint32_t>(k)) == ",";
    if (had_comma) --k;
    k = skip_adverbs_back(k, floor);
    if (k < static_cast<std::int64_t>(floor)) return s;
    const auto u = static_cast<std::uint32_t>(k);
    if (ment_last_[u] >= 0) {
      s = from_mention(ment_last_[u]);
      // "a spokesman for Tomas Arlen": the spokesman speaks.
      if (s.first_tok >= floor + 2) {
        const std::uint32_t p = s.first_tok - 1;
        Speaker r;
        if ((low(p) == "for" || low(p) == "of") && role_np_ending(p - 1, floor, r)) {
          r.last_tok = s.last_tok;
          r.entity = -1;
          return r;
        }
      }
      return s;
    }
    if (is_word(u) && is_pronoun(u)) {
      s.first_tok = s.last_tok = u;
      s.kind = SpeakerKind::kPronoun;
      return s;
    }
    Speaker r;
    if (role_np_ending(u, floor, r)) return r;
    // "Dmitry Kozak, the Kremlin's deputy chief of staff, saying": the name before an
    // appositive that ends just before the verb.
    if (had_comma) {
      // (over the commas inside it: "Anne Richards, assistant secretary for population,
      // refugees, and migration, said")
      for (std::uint32_t x = u; x > floor && x + 24 > u; --x) {
        if (tok(x) != ",") continue;
        if (x > 0 && ment_last_[x - 1] >= 0 &&
            mention(ment_last_[x - 1]).type == EntityType::kPerson)
          return from_mention(ment_last_[x - 1]);
      }
    }
    return s;
  }

  // Speaker NP that starts at token k.
  Speaker speaker_after(std::uint32_t k, std::uint32_t ceil) {
    Speaker s;
    if (k >= ceil) return s;
    // the mention may begin after "the" ("the Russian Foreign Ministry"), after a
    // determiner and adjectives ("an angry Hollande") or with its title
    for (std::uint32_t j = k; j < std::min(ceil, k + 6); ++j) {
      if (ment_first_[j] >= 0) {
        const Mention& m = mention(ment_first_[j]);
        const bool title_from_k = m.role_end > m.role_start && m.role_start <= toks_[k].start;
        // "election lawyer Joe Birkenstock", "Republican strategist Ann Lee": a role noun
        // right before the name
        const bool role_before =
            j > k && (wclass(j - 1) & (detail::kWordRoleNoun | detail::kWordTitleHead));
        bool only_dets = true;
        for (std::uint32_t x = k; x < j; ++x)
          only_dets =
              only_dets && is_word(x) &&
              (is_determiner(x) || title_from_k ||
               (x > k && is_determiner(k) && !is_cue(x) && !(toks_[x].flags & kTokCapitalized)) ||
               (role_before && !is_cue(x) && !is_pronoun(x) && !is_prep(x)));
        if (only_dets) {
          Speaker r = from_mention(ment_first_[j]);
          // "US Senator Jeff Sessions": a place or organisation inside a person's title
          if (m.type != EntityType::kPerson) {
            for (std::uint32_t x = r.last_tok + 1; x < std::min(ceil, r.last_tok + 5); ++x) {
              if (ment_first_[x] < 0) continue;
              const Mention& p = mention(ment_first_[x]);
              if (p.type == EntityType::kPerson && p.role_end > p.role_start &&
                  p.role_start <= toks_[j].start)
                r = from_mention(ment_first_[x]);
              break;
            }
          }
          r.first_tok = std::min(r.first_tok, k);
          return r;
        }
        break;
      }
    }
    if (is_word(k) && is_pronoun(k)) {
      s.first_tok = s.last_tok = k;
      s.kind = SpeakerKind::kPronoun;
      return s;
    }
    // determiner + modifiers + role noun
    std::uint32_t j = k;
    if (is_word(j) && is_determiner(j)) ++j;
    std::uint32_t last_role = UINT32_MAX;
    for (std::uint32_t x = j; x < std::min(ceil, j + 4); ++x) {
      if (!is_word(x)) break;
      const std::uint8_t c = wclass(x);
      if (c & (detail::kWordRoleNoun | detail::kWordTitleHead))
        last_role = x;
      else if (!(c & (detail::kWordModifier | detail::kWordTitlePart)) && ment_first_[x] < 0 &&
               (toks_[x].flags & kTokCapitalized) == 0)
        break;
    }
    if (last_role != UINT32_MAX && j > k) {
      s.first_tok = k;
      s.last_tok = last_role;
      s.kind = SpeakerKind::kRole;
      appositive(s, ceil);
    }
    return s;
  }

  // "the former Russian Ambassador to the US ..., Sergey Kislyak," : a person named after a
  // comma later in the phrase is the one the role noun stands for.
  void appositive(Speaker& s, std::uint32_t ceil) {
    for (std::uint32_t x = s.last_tok + 1; x < ceil && x < s.last_tok + 30; ++x) {
      if (is_terminal_punct(x) || is_cue(x) || is_dq(x)) return;
      if (ment_first_[x] < 0 || tok(x - 1) != ",") continue;
      const Mention& m = mention(ment_first_[x]);
      if (m.type != EntityType::kPerson) continue;
      Speaker r = from_mention(ment_first_[x]);
      s.entity = r.entity;
      s.last_tok = r.last_tok;
      s.kind = SpeakerKind::kTitled;
      return;
    }
  }

  // Resolve pronouns and role nouns to an entity, looking back from token `at`. Each step
  // is a look-up in a table built once per document (a search back over every earlier
  // mention for each quote would be quadratic in a long document).
  void resolve(Speaker& s, std::uint32_t at, std::int32_t last_speaker) {
    if (s.entity >= 0 || !s.found()) return;
    // mentions before `at` (a document's mentions are in text order)
    const auto first_after =
        std::partition_point(er_.mentions.begin() + static_cast<std::ptrdiff_t>(m_begin_),
                             er_.mentions.begin() + static_cast<std::ptrdiff_t>(m_end_),
                             [&](const Mention& m) { return m.token < at; });
    const auto upto = static_cast<std::size_t>(first_after - er_.mentions.begin());
    if (s.kind == SpeakerKind::kPronoun) {
      const std::string p = low(s.first_tok);
      const Antecedent c =
          p == "they" || p == "them" || p == "we"
              ? kOrganisation
              : (p == "he" || p == "him" ? kHe : (p == "she" || p == "her" ? kShe : kAnyPerson));
      // A compatible person earlier in the same sentence ("Even though Ryabkov did not rule
      // it out, he stressed ..."), then the previous speaker, then the nearest mention.
      const std::int32_t near = antecedent(c, upto);
      const std::uint32_t sentence_start = d_.seg.sentences[tok_sentence_[at]].token_begin;
      if (near >= 0 && mention(near).token >= sentence_start) {
        s.entity = static_cast<std::int32_t>(mention(near).entity);
        return;
      }
      if (last_speaker >= 0) {
        const Entity& e = er_.entities[static_cast<std::size_t>(last_speaker)];
        const bool ok = c == kOrganisation ? e.type != EntityType::kPerson : compatible(c, e);
        if (ok) {
          s.entity = last_speaker;
          return;
        }
      }
      if (near >= 0) s.entity = static_cast<std::int32_t>(mention(near).entity);
      return;
    }
    if (s.kind == SpeakerKind::kRole) {
      const std::string noun = low(s.last_tok);
      if (noun.size() > 3 && noun.back() == 's') return;  // plural: a group, no one person
      // the nearest person whose titles contain the noun, then the previous speaker, then the
      // nearest person mentioned before, outside quotes
      const std::vector<std::uint32_t>& titled = role_mentions(noun);
      const auto it = std::lower_bound(titled.begin(), titled.end(), upto);
      if (it != titled.begin()) {
        s.entity = static_cast<std::int32_t>(er_.mentions[*std::prev(it)].entity);
        return;
      }
      if (last_speaker >= 0 &&
          er_.entities[static_cast<std::size_t>(last_speaker)].type == EntityType::kPerson) {
        s.entity = last_speaker;
        return;
      }
      const std::int32_t near = antecedent(kAnyPerson, upto);
      if (near >= 0) s.entity = static_cast<std::int32_t>(mention(near).entity);
    }
  }

  static bool compatible(Antecedent c, const Entity& e) {
    switch (c) {
      case kOrganisation:
        return e.type == EntityType::kOrg;
      case kHe:
        return e.type == EntityType::kPerson && (!e.gender || e.gender == 'm');
      case kShe:
        return e.type == EntityType::kPerson && (!e.gender || e.gender == 'f');
      case kAnyPerson:
        return e.type == EntityType::kPerson;
    }
    return false;
  }

  // The nearest of the document's mentions before mention `upto` (an index into
  // er_.mentions, m_begin_ <= upto <= m_end_), outside quotes, that antecedent class c can
  // stand for; -1 when none.
  std::int32_t antecedent(Antecedent c, std::size_t upto) {
    std::vector<std::int32_t>& near = antecedent_[c];
    if (near.empty()) {
      near.assign(m_end_ - m_begin_ + 1, -1);
      for (std::size_t j = m_begin_; j < m_end_; ++j) {
        const Mention& m = er_.mentions[j];
        const bool fits = !in_quote_[m.token] && compatible(c, er_.entities[m.entity]);
        near[j - m_begin_ + 1] = fits ? static_cast<std::int32_t>(j) : near[j - m_begin_];
      }
    }
    return near[upto - m_begin_];
  }

  // The document's mentions (indices into er_.mentions, ascending) of people with a title
  // that contains `noun`; found once per noun and document.
  const std::vector<std::uint32_t>& role_mentions(const std::string& noun) {
    for (const auto& [w, list] : role_mentions_)
      if (w == noun) return list;
    std::vector<std::uint32_t> list;
    std::unordered_map<std::uint32_t, bool> titled;  // entity -> has such a title
    for (std::size_t j = m_begin_; j < m_end_; ++j) {
      const std::uint32_t e = er_.mentions[j].entity;
      const auto [it, fresh] = titled.try_emplace(e, false);
      if (fresh) {
        const Entity& ent = er_.entities[e];
        it->second = ent.type == EntityType::kPerson &&
                     std::any_of(ent.roles.begin(), ent.roles.end(),
                                 [&](const std::string& r) { return contains_lower(r, noun); });
      }
      if (it->second) list.push_back(static_cast<std::uint32_t>(j));
    }
    role_mentions_.emplace_back(noun, std::move(list));
    return role_mentions_.back().second;
  }

  std::pair<std::uint32_t, std::uint32_t> sentence_tokens(std::uint32_t k) const {
    const Sentence& s = d_.seg.sentences[tok_sentence_[k]];
    return {s.token_begin, s.token_end};
  }
  std::pair<std::uint32_t, std::uint32_t> paragraph_tokens(std::uint32_t p) const {
    const Paragraph& para = d_.seg.paragraphs[p];
    if (para.sentence_begin == para.sentence_end) return {0, 0};
    return {d_.seg.sentences[para.sentence_begin].token_begin,
            d_.seg.sentences[para.sentence_end - 1].token_end};
  }

  static bool is_sep(std::string_view t) {
    return t == "," || t == "\xE2\x80\x94" || t == "-" || t == "\xE2\x80\x93" || t == "--";
  }

  // ---- direct quotes ----------------------------------------------------------------------
  struct Attributed {
    RawQuote q;
    Speaker s;
    std::uint32_t cue = UINT32_MAX;
    QuoteRule rule = QuoteRule::kNone;
    QuoteKind kind = QuoteKind::kDirect;
    float confidence = 0;
  };

  bool attribute_after(Attributed& a) {
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
    if (j + 2 < pe && word_is(j, "according") && word_is(j + 1, "to")) {
      Speaker s = speaker_after(j + 2, pe);
      if (!s.found()) s = np_after(j + 2, pe);
      if (s.found()) {
        a.s = s;
        a.cue = j;
        a.rule = QuoteRule::kAccordingTo;
        a.confidence = 0.8f;
        return true;
      }
    }
    // "..., said Sorokin" / "..., added the diplomat"
    std::uint32_t c = j;
    if (c < pe && is_word(c) && is_aux(c)) ++c;
    if (c < pe && is_cue(c)) {
      Speaker s = speaker_after(c + 1, pe);
      if (!s.found()) s = np_after(c + 1, pe);
      if (s.found()) {
        a.s = s;
        a.cue = c;
        a.rule = QuoteRule::kAfter;
        a.confidence = 0.9f;
        return true;
      }
    }
    // The cue: the first reporting verb (or, after a comma, past-tense verb) in the clause.
    std::uint32_t v = UINT32_MAX;
    for (std::uint32_t x = j; x < pe && x < j + 22; ++x) {
      if (is_dq(x) || is_terminal_punct(x)) break;
      if (is_cue(x) || (announces && x > j && is_word(x) && !(toks_[x].flags & kTokCapitalized) &&
                        low(x).ends_with("ed") && ment_first_[x] < 0)) {
        v = x;
        break;
      }
    }
    if (v == UINT32_MAX) return false;
    // "..., Ryabkov said" / "..., the Russian Foreign Ministry said in a statement" /
    // "..., the Kremlin Spokesman, Dmitry Peskov, stated"
    Speaker s = speaker_after(j, v);
    std::uint32_t after = s.found() ? s.last_tok + 1 : j;
    while (after < v && is_word(after) &&
           (is_aux(after) || low(after).ends_with("ly") || low(after) == "quoted" ||
            low(after) == "as"))
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
      while (last > j && is_word(last) && low(last).ends_with("ly")) --last;
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

  // Does the clause of the cue at v end there: at a stop or comma, or with an adjunct ("at a
  // rally", "on Tuesday", "as he left", "bluntly"), after the object of "told"/"asked"? A
  // complement ("that ...", "he would ...", "the talks as ...") makes it a new statement.
  bool clause_closes(std::uint32_t v, std::uint32_t pe) {
    std::uint32_t x = v + 1;
    if (x >= pe) return true;
    if ((fl_[v] & detail::kFlagObjectCue) && is_word(x) && !is_prep(x)) {  // "told reporters"
      if (ment_first_[x] >= 0) {
        x += skip_mention(x) + 1;
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
           (w.ends_with("ly") && !(toks_[x].flags & kTokCapitalized)) || w == "as" ||
           w == "while" || w == "when" || w == "after" || w == "before" || w == "today" ||
           w == "yesterday" || w == "tonight" || w == "last" || w == "earlier" || w == "later" ||
           w == "again" || w == "then";
  }

  // The sentence after a quote that ends its own sentence attributes it only when it is no
  // more than the attribution: “... Ukraine.” Nuland said. / “... listening?” Trump asked
  // at a rally. / “... this.” Said Trump.
  bool bare_attribution(Attributed& a, std::uint32_t j, std::uint32_t pe) {
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
      if (is_dq(x) || is_terminal_punct(x)) break;
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
    std::uint32_t after = s.last_tok + 1;
    while (after < v && is_word(after) && (is_aux(after) || low(after).ends_with("ly"))) ++after;
    // "Murphy, the head of Right to Rise, said.": an appositive between name and verb
    const bool appositive = after < v && tok(after) == "," && tok(v - 1) == ",";
    if ((after != v && !appositive) || !clause_closes(v, pe)) return false;
    a.s = s;
    a.cue = v;
    a.rule = QuoteRule::kAfter;
    a.confidence = 0.8f;
    return true;
  }

  bool is_terminal_punct(std::uint32_t k) const {
    const std::string_view t = tok(k);
    return toks_[k].kind == TokenKind::kPunct && (t == "." || t == "!" || t == "?" || t == ";");
  }

  // The last reporting verb outside quotes before token k, or kNoTok (in_quote_ is final
  // when this is first asked).
  std::uint32_t prev_cue(std::uint32_t k) {
    if (prev_cue_.empty()) {
      prev_cue_.assign(toks_.size() + 1, kNoTok);
      for (std::uint32_t x = 0; x < toks_.size(); ++x)
        prev_cue_[x + 1] = is_cue(x) && !in_quote_[x] ? x : prev_cue_[x];
    }
    return prev_cue_[k];
  }

  bool attribute_before(Attributed& a) {
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
        if (s.found() && s.first_tok >= floor + 2 && low(s.first_tok - 1) == "to" &&
            low(s.first_tok - 2) == "according") {
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
      const auto u = static_cast<std::uint32_t>(k);
      if (in_quote_[u]) break;
      if (!is_cue(u)) continue;
      Speaker s = cue_speaker(u, floor);
      if (!s.found()) continue;
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

  // The sentence's first "according to", and its first reporting verb outside quotes with a
  // speaker before it: the same for every quote of the sentence, so found once.
  const SentenceMemo& mixed_cue(std::uint32_t si) {
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
      const Speaker s = speaker_before(static_cast<std::int64_t>(k) - 1, sb);
      if (!s.found()) continue;
      f.mixed_cue = k;
      f.mixed_speaker = s;
      break;
    }
    return f;
  }

  // A quote inside a sentence with a reporting verb anywhere before it: a mixed quote.
  bool attribute_mixed(Attributed& a) {
    const auto [sb, se] = sentence_tokens(a.q.open_tok);
    (void)se;
    // "According to Zakharova, Victoria Nuland ... “has no authority ...”" /
    // "..., according to Ryabkov, were held “openly and quite frankly”"
    const SentenceMemo& f = mixed_cue(tok_sentence_[a.q.open_tok]);
    if (f.according != kNoTok && f.according + 2 < a.q.open_tok) {
      const Speaker s = speaker_after(f.according + 2, a.q.open_tok);
      if (s.found()) {
        a.s = s;
        a.cue = f.according;
        a.rule = QuoteRule::kAccordingTo;
        a.kind = QuoteKind::kMixed;
        a.confidence = 0.7f;
        return true;
      }
    }
    if (f.mixed_cue < a.q.open_tok) {
      a.s = f.mixed_speaker;
      a.cue = f.mixed_cue;
      a.rule = QuoteRule::kMixed;
      a.kind = QuoteKind::kMixed;
      a.confidence = 0.7f;
      return true;
    }
    // "... used “velvet gloves” in its dealings with Central Asia, said Nargis Kassenova"
    // (within kAfterWindow tokens: the quotes of ‘single’ marks in one sentence would
    // otherwise each scan the rest of it)
    if (a.q.close_tok != UINT32_MAX) {
      for (std::uint32_t k = a.q.close_tok + 1; k < se && k <= a.q.close_tok + kAfterWindow; ++k) {
        if (is_dq(k)) break;
        if (!is_cue(k) || tok(k - 1) != ",") {
          if (is_cue(k) && k >= 2) {
            Speaker s = speaker_before(static_cast<std::int64_t>(k) - 1, a.q.close_tok + 1);
            if (s.found() && s.first_tok > 0 && tok(s.first_tok - 1) == ",") {
              a.s = s;
              a.cue = k;
              a.rule = QuoteRule::kMixed;
              a.kind = QuoteKind::kMixed;
              a.confidence = 0.7f;
              return true;
            }
          }
          continue;
        }
        Speaker s = speaker_after(k + 1, se);
        if (!s.found()) break;
        a.s = s;
        a.cue = k;
        a.rule = QuoteRule::kMixed;
        a.kind = QuoteKind::kMixed;
        a.confidence = 0.7f;
        return true;
      }
    }
    // No reporting verb: the subject of the sentence is the likeliest source of a fragment
    // ("Jacobs credited Merkel with holding “the entire continent together”").
    std::uint32_t words = 0, capitals = 0;
    for (std::uint32_t k = a.q.open_tok + 1; k < std::min(a.q.close_tok, a.q.stop_tok) && k < se;
         ++k)
      if (is_word(k)) {
        ++words;
        capitals += (toks_[k].flags & kTokCapitalized) != 0;
      }
    if (a.q.open_tok > sb + 2 && words >= 2 && capitals < words) {
      Speaker s = subject_of(a.q.open_tok);
      if (s.found()) {
        a.s = s;
        a.rule = QuoteRule::kMixed;
        a.kind = QuoteKind::kMixed;
        a.confidence = 0.5f;
        return true;
      }
    }
    return false;
  }

  // Marks around a name inside a noun phrase, not around words someone said: a show or a
  // book (on ABC's “This Week,” / his book, “Doomed to Succeed,”), a nickname (Gov. C.L.
  // “Butch” Otter), an attribute of markup (tweet-date="March 4, 2016"). Short, in title
  // case, and after a word.
  bool is_name_in_marks(const RawQuote& q) {
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

  // A mixed quote is the whole paraphrase with its fragments: from after the reporting verb
  // (and "that") to the end of the sentence ("said the U.S. “clearly” needed more air
  // strikes"), as PolNeAR annotates it.
  void widen_mixed(Attributed& a) {
    if (a.cue == UINT32_MAX || a.cue >= a.q.open_tok || a.q.close_tok == UINT32_MAX) return;
    const auto [sb, se] = sentence_tokens(a.q.open_tok);
    if (a.cue < sb || tok_sentence_[a.q.close_tok] != tok_sentence_[a.q.open_tok]) return;
    std::uint32_t c = a.cue + 1;
    if (c < a.q.open_tok && is_word(c) && low(c) == "that") ++c;
    build_barriers();
    // no mark, cue or stop between the cue and the quote; no mark, cue or ";" after it
    if (c < a.q.open_tok && bar_before_[c] < a.q.open_tok) return;
    std::uint32_t e = se;
    while (e > a.q.close_tok + 1 && toks_[e - 1].kind == TokenKind::kPunct) --e;
    if (a.q.close_tok + 1 < e && bar_after_[a.q.close_tok + 1] < e) return;
    if (c < a.q.open_tok) a.q.start = toks_[c].start;
    if (e > a.q.close_tok + 1) a.q.end = toks_[e - 1].end;
  }

  // Words among tokens [a, b), in constant time (a prefix count).
  // bar_before_[k] / bar_after_[k]: the first token at or after k that ends the paraphrase of
  // a mixed quote on its left (a double mark, a cue, a stop) or on its right (a double mark, a
  // cue, ";"); toks_.size() when none. Built once per document, on first use.
  void build_barriers() {
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

  std::uint32_t words_in(std::uint32_t a, std::uint32_t b) const {
    return b > a ? words_before_[std::min<std::size_t>(b, toks_.size())] - words_before_[a] : 0;
  }

  void direct(std::vector<RawQuote>& raw, std::vector<Quote>& out) {
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
      if (!attribute_after(a) && !attribute_before(a)) attribute_mixed(a);
      att.push_back(a);
    }
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
    std::int32_t last_entity = -1;
    Speaker last_speaker;
    std::uint32_t last_speaker_para = 0;
    for (std::size_t i = 0; i < att.size(); ++i) {
      if (absorbed[i]) continue;
      Attributed& a = att[i];
      if (is_name_in_marks(a.q)) continue;
      if (a.kind == QuoteKind::kMixed) widen_mixed(a);
      if (a.rule != QuoteRule::kNone) {
        // pronouns and role nouns are resolved in run(), in document order
      } else {
        const auto [pb, pe] = paragraph_tokens(a.q.paragraph);
        const std::uint32_t content = words_in(
            a.q.open_tok, a.q.close_tok != UINT32_MAX ? a.q.close_tok : std::min(pe, a.q.stop_tok));
        const std::uint32_t para_words = words_in(pb, pe);
        const bool floating = a.q.open_tok == pb && content * 10 >= para_words * 8;
        if (last_speaker.found() && a.q.paragraph <= last_speaker_para + 2 &&
            (floating || content >= opt_.min_unattributed_words)) {
          a.s = Speaker{};
          a.s.kind = last_speaker.kind;
          a.s.entity = last_entity;
          a.rule = floating ? QuoteRule::kFloating : QuoteRule::kPrevious;
          a.confidence = floating ? 0.6f : 0.35f;
          // the speaker span is the previous mention (PolNeAR-style: the mention it hangs on)
          a.s.first_tok = last_speaker.first_tok;
          a.s.last_tok = last_speaker.last_tok;
        } else if (content < opt_.min_unattributed_words) {
          continue;  // a scare quote or a title: “unfriendly countries”
        } else {
          a.confidence = 0.2f;
        }
      }
      if (a.s.found() && a.rule != QuoteRule::kFloating && a.rule != QuoteRule::kPrevious) {
        last_speaker = a.s;
        last_entity = a.s.entity;
        last_speaker_para = a.q.last_paragraph;
      }
      if (a.cue != UINT32_MAX) cue_used_[a.cue] = 1;
      out.push_back(make_quote(a));
      spk_.push_back(a.s);
    }
  }

  Quote make_quote(const Attributed& a) const {
    Quote q{};
    q.doc = doc_;
    q.start = a.q.start;
    q.end = a.q.end;
    // trim white space inside the marks
    while (q.start < q.end && (text_[q.start] == ' ' || text_[q.start] == '\n')) ++q.start;
    while (q.end > q.start && (text_[q.end - 1] == ' ' || text_[q.end - 1] == '\n')) --q.end;
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

  // ---- indirect quotes --------------------------------------------------------------------
  void indirect(std::vector<Quote>& out) {
    std::int32_t last_entity = -1;
    for (const Quote& q : out)
      if (q.speaker_entity >= 0) last_entity = q.speaker_entity;
    for (std::uint32_t si = 0; si < d_.seg.sentences.size(); ++si) {
      const Sentence& sent = d_.seg.sentences[si];
      if (d_.is_boilerplate(sent)) continue;
      bool has_direct = false;
      for (std::uint32_t k = sent.token_begin; k < sent.token_end && !has_direct; ++k)
        has_direct = in_quote_[k] || is_dq(k);
      if (has_direct) continue;
      std::uint32_t end = sent.token_end;
      while (end > sent.token_begin && toks_[end - 1].kind == TokenKind::kPunct) --end;
      if (end <= sent.token_begin) continue;
      const std::size_t before = out.size();
      for (std::uint32_t k = sent.token_begin; k < end; ++k) {
        if (!(is_cue(k) || (fl_[k] & detail::kFlagAttitude)) || cue_used_[k]) continue;
        // "in several states", "the states that ...": the noun, unless a name precedes it
        if (word_is(k, "states") && (k == sent.token_begin || ment_last_[k - 1] < 0)) continue;
        // a verb of attitude reports what follows it ("polls show Clinton ahead"), if anything
        if (!is_cue(k) && words_in(k + 1, end) < 3) continue;
        // "CONTENT, X said." : the cue closes the sentence
        // (or "..., the airline said Thursday." / "..., she said in an interview.")
        bool tail_adjunct = clause_closes(k, end) && words_in(k + 1, end) <= 6;
        for (std::uint32_t x = k + 1; x < end && tail_adjunct; ++x)
          tail_adjunct = !is_cue(x) && !word_is(x, "that");
        if (tail_adjunct) {
          Speaker s = cue_speaker(k, sent.token_begin);
          if (s.found() && s.first_tok > sent.token_begin + 3 && tok(s.first_tok - 1) == ",") {
            emit_indirect(out, sent.token_begin, s.first_tok - 1, s, k, si, QuoteRule::kIndirect,
                          last_entity);
            break;
          }
          if (k + 1 >= end) continue;
        }
        // "..., said X."
        if (k > sent.token_begin && tok(k - 1) == ",") {
          Speaker s = speaker_after(k + 1, end);
          if (s.found() && s.last_tok + 1 >= end && k - 1 > sent.token_begin + 3) {
            emit_indirect(out, sent.token_begin, k - 1, s, k, si, QuoteRule::kIndirect,
                          last_entity);
            break;
          }
        }
        // "X said (that) CONTENT"
        Speaker s = cue_speaker(k, sent.token_begin);
        if (!s.found()) continue;
        std::uint32_t c = k + 1;
        if (fl_[k] & detail::kFlagObjectCue) {
          // skip the object: "told Interfax", "told reporters on Tuesday"
          std::uint32_t limit = std::min(end, c + 6);
          std::uint32_t x = c;
          while (x < limit && !(is_word(x) && low(x) == "that")) ++x;
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
          if (is_word(x) && (low(x) == "how" || low(x) == "what" || low(x) == "why" ||
                             low(x) == "whether" || low(x) == "if"))
            break;
          if (is_word(x) && low(x) == "that") {
            c = x;
            break;
          }
        }
        if (c < end && is_word(c) && low(c) == "that") ++c;
        if (c < end && (tok(c) == "," || tok(c) == ":")) ++c;
        if (words_in(c, end) < 3) continue;
        emit_indirect(out, c, end, s, k, si, QuoteRule::kIndirect, last_entity);
        break;
      }
      // "According to X, CONTENT." / "CONTENT, according to X." when no verb attributes it
      if (out.size() == before) according(sent, end, out, last_entity);
    }
  }

  std::uint32_t skip_mention(std::uint32_t k) const {
    const Mention& m = er_.mentions[static_cast<std::size_t>(ment_first_[k])];
    std::uint32_t n = 0;
    while (k + n + 1 < toks_.size() && toks_[k + n].end < m.end) ++n;
    return n;
  }

  // "According to X, CONTENT." / "But according to X, CONTENT." / "CONTENT, according to
  // X." / "As for the talks, according to X, CONTENT" / "G4S receives, according to one
  // report, $234 million ..." (the content around the source). The source is the mention
  // after "to" or else the whole phrase up to the next comma ("a new poll", "officials
  // familiar with the system").
  bool according(const Sentence& sent, std::uint32_t end, std::vector<Quote>& out,
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
      const bool starts = k == b || (k == b + 1 && is_word(b) &&
                                     (low(b) == "but" || low(b) == "and" || low(b) == "yet"));
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

  void emit_indirect(std::vector<Quote>& out, std::uint32_t c0, std::uint32_t c1, Speaker s,
                     std::uint32_t cue, std::uint32_t si, QuoteRule rule,
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
  }
};

// Content stems (lower case, first five letters of words of 3+ letters) for matching
// translations of one statement: `out` receives their ids in `dict`, sorted and distinct.
void stem_ids(std::string_view text, std::unordered_map<std::string, std::uint32_t>& dict,
              std::vector<Token>& toks, std::string& w, std::vector<std::uint32_t>& out) {
  static constexpr std::array<std::string_view, 24> kStop = {
      "the",   "and",   "that",  "this", "with",  "for",  "are",   "was",
      "were",  "have",  "has",   "not",  "but",   "our",  "their", "they",
      "there", "these", "those", "from", "which", "will", "would", "can"};
  toks.clear();
  tokenize(text, toks);
  out.clear();
  for (const Token& t : toks) {
    if (t.kind != TokenKind::kWord) continue;
    w.clear();
    append_lower(w, text.substr(t.start, t.end - t.start));
    if (w.size() < 3 || in(kStop, w)) continue;
    // first five code points
    std::size_t cut = 0, cps = 0;
    while (cut < w.size() && cps < 5) {
      cut += decode_utf8(w, cut).len;
      ++cps;
    }
    w.resize(cut);
    const auto [it, fresh] = dict.try_emplace(w, static_cast<std::uint32_t>(dict.size()));
    out.push_back(it->second);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// Utterances: quotes of one speaker in different documents are one utterance when at least
// `utterance_overlap` of the content stems of the shorter are in the other (both with 3 stems
// or more), and, through such pairs, transitively (union-find).
//
// Linear in practice on any input: quotes with the same stems (one statement syndicated to
// many outlets) are compared once, as one version; candidate pairs are found through the
// stems they share (an inverted index), each stem's list read over its last
// kUtteranceWindow versions only, so a very common stem of a prolific speaker costs a
// bounded amount per quote.
constexpr std::size_t kUtteranceWindow = 256;

class UtteranceLinker {
 public:
  explicit UtteranceLinker(std::vector<Quote>& quotes) : quotes_(quotes), parent_(quotes.size()) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }

  // Links the quotes `idx` (one speaker's, in order) whose stems are `stems`.
  void link_speaker(const std::vector<std::uint32_t>& idx,
                    const std::vector<std::vector<std::uint32_t>>& stems, double overlap) {
    versions_.clear();
    version_of_.assign(idx.size(), 0);
    std::map<std::vector<std::uint32_t>, std::uint32_t> seen;  // stems -> version
    for (std::size_t k = 0; k < idx.size(); ++k) {
      const std::uint32_t doc = quotes_[idx[k]].doc;
      const auto [it, fresh] =
          seen.try_emplace(stems[k], static_cast<std::uint32_t>(versions_.size()));
      if (fresh) versions_.push_back({static_cast<std::uint32_t>(k), doc, false, false});
      Version& v = versions_[it->second];
      v.many_docs = v.many_docs || v.doc != doc;
      version_of_[k] = it->second;
    }
    auto big = [&](std::uint32_t v) { return stems[versions_[v].first].size() >= 3; };
    // an edge joins two versions when some pair of their quotes is in different documents
    auto link = [&](std::uint32_t a, std::uint32_t b) {
      Version &x = versions_[a], &y = versions_[b];
      if (!x.many_docs && !y.many_docs && x.doc == y.doc) return;
      join(idx[x.first], idx[y.first]);
      x.linked = y.linked = true;
    };
    if (overlap <= 0) {  // every pair of big versions
      std::uint32_t first = UINT32_MAX;
      for (std::uint32_t v = 0; v < versions_.size(); ++v) {
        if (!big(v)) continue;
        if (first != UINT32_MAX) link(first, v);
        first = first == UINT32_MAX ? v : first;
      }
    } else {
      compare_versions(stems, overlap, big, link);
    }
    // a version in several documents, or linked to another, is one utterance with it
    for (std::size_t k = 0; k < idx.size(); ++k) {
      const Version& v = versions_[version_of_[k]];
      if (big(version_of_[k]) && (v.many_docs || v.linked)) join(idx[k], idx[v.first]);
    }
  }

  // Numbers the utterances in the order of their first quote.
  void assign_ids() {
    std::map<std::uint32_t, std::uint32_t> ids;
    for (std::uint32_t i = 0; i < quotes_.size(); ++i) {
      const std::uint32_t root = find(i);
      auto [it, fresh] = ids.emplace(root, static_cast<std::uint32_t>(ids.size()));
      quotes_[i].utterance = it->second;
    }
  }

 private:
  struct Version {
    std::uint32_t first;  // index (into the speaker's quotes) of its first quote
    std::uint32_t doc;    // that quote's document
    bool many_docs;       // quoted in more than one document
    bool linked;          // joined with another version
  };

  template <class Big, class Link>
  void compare_versions(const std::vector<std::vector<std::uint32_t>>& stems, double overlap,
                        Big& big, Link& link) {
    postings_.clear();
    common_.assign(versions_.size(), 0);
    for (std::uint32_t x = 0; x < versions_.size(); ++x) {
      const std::vector<std::uint32_t>& sx = stems[versions_[x].first];
      touched_.clear();
      for (const std::uint32_t s : sx) {
        const auto it = postings_.find(s);
        if (it == postings_.end()) continue;
        const std::vector<std::uint32_t>& list = it->second;
        const std::size_t from =
            list.size() > kUtteranceWindow ? list.size() - kUtteranceWindow : 0;
        for (std::size_t i = from; i < list.size(); ++i)
          if (common_[list[i]]++ == 0) touched_.push_back(list[i]);
      }
      for (const std::uint32_t y : touched_) {
        const std::size_t sy = stems[versions_[y].first].size();
        const double shorter = static_cast<double>(std::min(sx.size(), sy));
        if (big(x) && big(y) && common_[y] / shorter >= overlap) link(x, y);
        common_[y] = 0;
      }
      for (const std::uint32_t s : sx) postings_[s].push_back(x);
    }
  }

  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

  std::vector<Quote>& quotes_;
  std::vector<std::uint32_t> parent_;
  std::vector<Version> versions_;
  std::vector<std::uint32_t> version_of_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> postings_;  // stem -> versions
  std::vector<std::uint32_t> common_, touched_;
};

void link_utterances(const Corpus& corpus, const QuoteOptions& options, const Interrupt& interrupt,
                     std::vector<Quote>& quotes) {
  std::map<std::int32_t, std::vector<std::uint32_t>> by_speaker;
  for (std::uint32_t i = 0; i < quotes.size(); ++i)
    if (quotes[i].speaker_entity >= 0 && quotes[i].kind != QuoteKind::kIndirect)
      by_speaker[quotes[i].speaker_entity].push_back(i);
  UtteranceLinker linker(quotes);
  std::unordered_map<std::string, std::uint32_t> dict;
  std::vector<Token> toks;
  std::string word;
  std::vector<std::vector<std::uint32_t>> stems;
  for (const auto& group : by_speaker) {
    const std::vector<std::uint32_t>& idx = group.second;  // (clang 14: no captured bindings)
    if (idx.size() < 2) continue;
    if (interrupt && interrupt()) throw Interrupted();
    stems.resize(idx.size());
    for (std::size_t k = 0; k < idx.size(); ++k) {
      const Quote& q = quotes[idx[k]];
      stem_ids(std::string_view(corpus.at(q.doc).text).substr(q.start, q.end - q.start), dict, toks,
               word, stems[k]);
    }
    linker.link_speaker(idx, stems, options.utterance_overlap);
  }
  linker.assign_ids();
}
}  // namespace

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
  std::vector<std::vector<Quote>> per_doc(n);
  std::vector<std::vector<CorpusWarning>> warn(n);
  parallel_for(
      n, options.threads,
      [&](std::size_t d) {
        DocQuotes(corpus, er, gazetteer.impl(), options, static_cast<std::uint32_t>(d), first[d],
                  first[d + 1])
            .run(per_doc[d], warn[d]);
      },
      interrupt);
  QuoteResult r;
  for (std::size_t d = 0; d < n; ++d) {
    for (auto& q : per_doc[d]) r.quotes.push_back(q);
    for (auto& w : warn[d]) r.warnings.push_back(std::move(w));
  }
  link_utterances(corpus, options, interrupt, r.quotes);
  return r;
}
}  // namespace presslens
