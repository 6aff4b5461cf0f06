// cpp/src/detail/doc_quotes.hpp: what the quote files share. DocQuotes finds and attributes
// the quotes of one document; its members are defined by concern:
//   quotes.cpp             the flow: index the tokens, run the steps, resolve in order;
//                          extract_quotes over the corpus
//   quote_marks.cpp        quotation marks: classify, pair, single quotes
//   quote_speakers.cpp     speaker phrases before and after a cue, subjects, appositives
//   quote_resolution.cpp   pronouns and role nouns to entities
//   quote_attribution.cpp  the rules that attribute a direct quote (after, before, mixed)
//   quote_direct.cpp       direct quotes: attribution, split and fragment merging, floating
//   quote_indirect.cpp     indirect quotes: "X said (that) ...", "according to X, ..."
//   quote_utterances.cpp   one statement across documents (link_utterances)
// Every per-quote search is bounded or a look-up in a per-document or per-sentence table, so
// a document's quotes cost time and memory linear in its length (tests/python/
// test_complexity.py).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/gazetteer.hpp"
#include "presslens/quotes.hpp"
#include "presslens/text.hpp"

namespace presslens::detail {

inline bool in(const auto& list, std::string_view w) {
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
  bool single = false;  // in single marks (‘ ’ ' `), outside double ones
};

// Fewer content words than this in single marks: a quote only as an utterance of its own
// (DocQuotes::short_single_utterance).
constexpr std::uint32_t kMinSingleWords = 3;

constexpr std::uint32_t kNoTok = UINT32_MAX;
// A scare quote (DocQuotes::is_scare): its most words, and how far before it its verb stands.
constexpr std::uint32_t kMaxScareWords = 4;
constexpr std::uint32_t kScareReach = 6;
// How many lines after a single line break an open quote is followed over in search of its
// closing mark (a quote hard-wrapped inside its paragraph; see DocQuotes::wraps_on).
constexpr std::uint32_t kMaxWrappedLines = 8;
// How far after a mixed quote its sentence is searched for "..., said X" (tokens).
constexpr std::uint32_t kAfterWindow = 64;
// How far a cue may stand from the noun phrase that opens its sentence and be its verb.
// How far back a name may be from the ", who" that opens its relative clause.
constexpr std::uint32_t kRelativeReach = 20;
constexpr std::uint32_t kOpeningWindow = 40;
// How far after a passive cue its agent's "by" may stand (past the quote it introduces).
constexpr std::uint32_t kAgentReach = 40;
// How many tokens a parenthesis between a speaker and its verb may hold ("(R-Fla.)").
constexpr std::uint32_t kMaxParenthetical = 8;
// How far before a "that" a verb that takes an object may stand ("telling reporters during
// a visit to Scotland on Friday that ...").
constexpr std::uint32_t kObjectReach = 12;
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
            const QuoteOptions& opt, std::uint32_t doc, std::size_t m_begin, std::size_t m_end,
            const std::uint32_t* token_flags)
      : d_(corpus.at(doc)),
        text_(d_.text),
        toks_(d_.seg.tokens),
        er_(er),
        gaz_(gaz),
        opt_(opt),
        doc_(doc),
        m_begin_(m_begin),
        m_end_(m_end),
        shared_flags_(token_flags) {}

  // The document's quotes in text order, with the parts of each (empty: the one part
  // [start, end)).
  // With QuoteOptions::keep_candidates, `candidates` receives the attribution candidates.
  void run(std::vector<Quote>& out, std::vector<std::vector<QuotePart>>& parts,
           std::vector<AttributionCandidate>& candidates, std::vector<CorpusWarning>& warnings);

 private:
  const Document& d_;
  std::string_view text_;
  const std::vector<Token>& toks_;
  const EntityResult& er_;
  const Gazetteer::Impl& gaz_;
  const QuoteOptions& opt_;
  std::uint32_t doc_;
  std::size_t m_begin_, m_end_;
  const std::uint32_t* shared_flags_;  // the entities' flags of this document's tokens, or null
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
  std::vector<std::uint32_t> fl_;              // WordFlag bits per token (detail/gazetteer.hpp)
  std::vector<std::uint8_t> cls_;              // word class, with plural role nouns ("senators")
  std::vector<Speaker> spk_;                   // the speaker of each quote in `out`, for resolution
  std::vector<std::vector<QuotePart>> parts_;  // the parts of each quote in `out` (see run())
  std::vector<AttributionCandidate> cands_;    // with QuoteOptions::keep_candidates

  std::string_view tok(std::uint32_t k) const {
    return text_.substr(toks_[k].start, toks_[k].end - toks_[k].start);
  }
  const std::string& low(std::uint32_t k) {
    buf_.clear();
    append_lower(buf_, tok(k));
    return buf_;
  }
  // low(k) == w and low(k).ends_with(w) for a lower-case ASCII w, without the copy when token
  // k is ASCII (nearly always; else through low(), so the answer is the same).
  bool lower_is(std::uint32_t k, std::string_view w) {
    return ascii(tok(k)) ? word_is(k, w) : low(k) == w;
  }
  bool lower_ends_with(std::uint32_t k, std::string_view w) {
    const std::string_view t = tok(k);
    if (!ascii(t)) return low(k).ends_with(w);
    return t.size() >= w.size() && ascii_lower_equal(t.substr(t.size() - w.size()), w);
  }
  // in(list, low(k)) for a list of lower-case ASCII words, the same way.
  bool lower_in(const auto& list, std::uint32_t k) {
    const std::string_view t = tok(k);
    if (!ascii(t)) return in(list, low(k));
    for (const std::string_view w : list)
      if (t.size() == w.size() && ascii_lower_equal(t, w)) return true;
    return false;
  }
  static bool ascii(std::string_view t) {
    for (const char c : t)
      if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
  }
  static bool ascii_lower_equal(std::string_view t, std::string_view w) {
    for (std::size_t i = 0; i < t.size(); ++i) {
      const char c = t[i] >= 'A' && t[i] <= 'Z' ? static_cast<char>(t[i] + 32) : t[i];
      if (c != w[i]) return false;
    }
    return true;
  }
  bool is_word(std::uint32_t k) const { return toks_[k].kind == TokenKind::kWord; }
  // Token k is the lower-case ASCII word w, in any case; no copy (for scans over tokens).
  bool word_is(std::uint32_t k, std::string_view w) const {
    const std::string_view t = tok(k);
    return t.size() == w.size() && ascii_lower_equal(t, w);
  }
  bool is_cue(std::uint32_t k) const { return fl_[k] & detail::kFlagCue; }
  bool is_pronoun(std::uint32_t k) const { return fl_[k] & detail::kFlagPronoun; }
  bool is_determiner(std::uint32_t k) const { return fl_[k] & detail::kFlagDeterminer; }
  bool is_aux(std::uint32_t k) const { return fl_[k] & detail::kFlagAux; }
  std::uint8_t wclass(std::uint32_t k) const { return static_cast<std::uint8_t>(cls_[k]); }
  const Mention& mention(std::int32_t i) const { return er_.mentions[static_cast<std::size_t>(i)]; }

  void index_tokens();

  // "the United States’ allies": a capitalised word after another word is a name, not a
  // reporting verb, except in a headline ("Glenn Beck Says Trump Is a Threat").
  void uncap_cues(const Sentence& sent);

  // ---- marks ------------------------------------------------------------------------------
  // Inline, as it is asked of every token of a paragraph: a token that is no mark returns
  // at once; the marks go to classify_mark.
  std::pair<Mark, Family> classify(std::uint32_t k) const {
    if (!(toks_[k].flags & kTokQuote)) return {Mark::kNone, Family::kDouble};
    return classify_mark(k);
  }
  std::pair<Mark, Family> classify_mark(std::uint32_t k) const;

  // A double quotation mark; an apostrophe or a single mark is not ("Sanders’ aide said").
  bool is_dq(std::uint32_t k) const {
    if (!(toks_[k].flags & kTokQuote)) return false;
    const auto [m, f] = classify(k);
    return m != Mark::kNone && f == Family::kDouble;
  }

  std::vector<RawQuote> pair_marks(std::vector<CorpusWarning>& warnings);

  template <class CloseFn>
  void scan(std::uint32_t tb, std::uint32_t te, std::uint32_t p, bool& open, RawQuote& cur,
            std::vector<RawQuote>& out, CloseFn& close_at_next_open);

  // Single-quoted quotes outside double marks, within paragraph p (tokens [tb, te)): an
  // opening mark at a word's start pairs with the next closing one at a word's end.
  void singles(std::uint32_t tb, std::uint32_t te, std::uint32_t p, std::vector<RawQuote>& out);

  // The single mark at k is an apostrophe for left-out letters or digits at the start of the
  // word after it ('90s, 'em, 'til, 'n'), not an opening mark.
  bool elision(std::uint32_t k) const;

  // The single mark at k is the apostrophe of a plural possessive (Sanders' aide): after a
  // word in -s, before another word.
  bool possessive(std::uint32_t k) const;

  // Paragraph p starts on the line right after paragraph p - 1 ends (one line break, no
  // blank line between them).
  bool after_single_break(std::uint32_t p) const;

  // A quote open at the end of paragraph p - 1 that goes on over a single line break: each
  // break is mid-sentence (see the definition) and the first double mark of the lines that
  // follow (at most kMaxWrappedLines, each after a single break) closes a quote. (The
  // line-per-paragraph segmentation of "auto" makes each line a paragraph.) The first mark of each
  // paragraph is found once (first_dq_).
  bool wraps_on(std::uint32_t p);
  std::vector<std::uint8_t> first_dq_;  // per paragraph: a Mark, or kUnknownMark (not looked)
  static constexpr std::uint8_t kUnknownMark = 0xFF;

  // ---- speakers ---------------------------------------------------------------------------
  Speaker from_mention(std::int32_t mi);

  // Role noun phrase ending at token k ("the diplomat", "the deputy minister",
  // "a ministry spokesman", "the senators").
  bool role_np_ending(std::uint32_t k, std::uint32_t floor, Speaker& s);

  bool is_number_word(std::uint32_t k);

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
  Speaker subject_of(std::uint32_t k);

  // The sentence's first person mention or subject pronoun and its first organisation
  // mention that no preposition governs, outside quotes.
  const SentenceMemo& subjects(std::uint32_t si);

  // The last token at or before k (and at or after floor) that is not an auxiliary or an
  // adverb in -ly, over at most kMaxSkippedAdverbs of them; below floor when all are.
  std::int64_t skip_adverbs_back(std::int64_t k, std::uint32_t floor);

  // Speaker NP that ends at token k (walking back over adverbs/auxiliaries first); a place or
  // a noun governed by a preposition ("on Facebook writing") gives way to the subject.
  Speaker speaker_before(std::int64_t k, std::uint32_t floor);

  // Any plain noun phrase ending at token k, for a reporting verb whose subject is no name
  // or known role: "federal officials said", "Another person tweeted:", "GOP primary voters
  // said". It must open its clause or start with a determiner or a capital.
  Speaker np_before(std::int64_t k, std::uint32_t floor);

  // Any plain noun phrase right after a reporting verb that follows its quote, up to a comma
  // or the end of the sentence ("...,” said master of ceremonies Asab Al-Tabchi, a Syrian
  // engineer"): nothing else stands there.
  Speaker np_after(std::uint32_t k, std::uint32_t pe);

  // The kind of a plain noun phrase speaker by its head: a capitalised name, a known role
  // noun ("the senator": resolved later), or neither ("a new poll", "federal officials"):
  // a source that stands for no entity.
  SpeakerKind np_kind(std::uint32_t head) const;
  // `r`, an organisation or place mention starting at token j after a cue, becomes the
  // person whose title holds it ("US Senator Jeff Sessions"), the person a role after it
  // names ("NBC correspondent John Smith") or that role ("the White House spokesman").
  void speaker_of_organisation(Speaker& r, std::uint32_t j, std::uint32_t ceil);

  // The speaker of the reporting verb at token v: a mention, pronoun or role noun before it;
  // for a participle after a comma ("..., telling the crowd"), the subject of the sentence;
  // otherwise any plain noun phrase before it.
  Speaker cue_speaker(std::uint32_t v, std::uint32_t floor);
  // The "by" of a passive cue at v whose agent follows what the cue introduces ("was
  // called “...” by X"), within kAgentReach tokens and one clause; UINT32_MAX when none.
  [[nodiscard]] std::uint32_t passive_by(std::uint32_t v, std::uint32_t se);
  // A noun phrase starting at `first` is the object of a preposition (not a speaker).
  bool governed_np(std::uint32_t first, std::uint32_t floor);
  // The token after a short parenthesis opening at x ("Marco Rubio (R-Fla.) said"), or x.
  std::int64_t skip_parenthetical_back(std::uint32_t x, std::uint32_t floor) const;
  std::uint32_t skip_parenthetical(std::uint32_t x, std::uint32_t limit) const;
  // cue_speaker() for a direct or mixed quote: failing that, the noun phrase that opens
  // the sentence (a quote stands there, so the verb reports it).
  Speaker coordinated_subject(std::uint32_t v, std::uint32_t floor);
  Speaker quote_cue_speaker(std::uint32_t v, std::uint32_t floor);

  bool modifier_word(std::uint32_t x);
  std::uint32_t relative_clause_start(std::uint32_t x, std::uint32_t floor) const;
  Speaker speaker_before_np(std::int64_t k, std::uint32_t floor);

  // Speaker NP that starts at token k.
  Speaker speaker_after(std::uint32_t k, std::uint32_t ceil);

  // "the former Russian Ambassador to the US ..., Sergey Kislyak," : a person named after a
  // comma later in the phrase is the one the role noun stands for.
  void appositive(Speaker& s, std::uint32_t ceil);

  // Resolve pronouns and role nouns to an entity, looking back from token `at`. Each step
  // is a look-up in a table built once per document (a search back over every earlier
  // mention for each quote would be quadratic in a long document).
  void resolve(Speaker& s, std::uint32_t at, std::int32_t last_speaker);

  static bool compatible(Antecedent c, const Entity& e);

  // The nearest of the document's mentions before mention `upto` (an index into
  // er_.mentions, m_begin_ <= upto <= m_end_), outside quotes, that antecedent class c can
  // stand for; -1 when none.
  std::int32_t antecedent(Antecedent c, std::size_t upto);

  // The document's mentions (indices into er_.mentions, ascending) of people with a title
  // that contains `noun`; found once per noun and document.
  const std::vector<std::uint32_t>& role_mentions(const std::string& noun);

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
    // The content spans of the quotes merged into this one (split quotes); empty: one part.
    std::vector<QuotePart> parts;
  };

  // The speaker phrase at `from` (a mention, role or plain noun phrase up to a comma),
  // attributing `a` with `cue`, `rule` and `confidence` when there is one.
  bool speaker_follows(Attributed& a, std::uint32_t cue, std::uint32_t from, std::uint32_t pe,
                       QuoteRule rule, float confidence);
  bool attribute_after(Attributed& a);

  // Does the clause of the cue at v end there: at a stop or comma, or with an adjunct ("at a
  // rally", "on Tuesday", "as he left", "bluntly"), after the object of "told"/"asked"? A
  // complement ("that ...", "he would ...", "the talks as ...") makes it a new statement.
  bool clause_closes(std::uint32_t v, std::uint32_t pe);

  // The sentence after a quote that ends its own sentence attributes it only when it is no
  // more than the attribution: “... Ukraine.” Nuland said. / “... listening?” Trump asked
  // at a rally. / “... this.” Said Trump.
  bool bare_attribution(Attributed& a, std::uint32_t j, std::uint32_t pe);

  bool is_terminal_punct(std::uint32_t k) const {
    const std::string_view t = tok(k);
    return toks_[k].kind == TokenKind::kPunct && (t == "." || t == "!" || t == "?" || t == ";");
  }

  // The last reporting verb outside quotes before token k, or kNoTok (in_quote_ is final
  // when this is first asked).
  std::uint32_t prev_cue(std::uint32_t k);

  // The reporting verb whose clause a pronoun speaker is the subject of ("Trump said he
  // ..."), or kNoTok.
  std::uint32_t reporting_cue_of(const Speaker& s, std::uint32_t floor);
  // A lower-case word in -ly ("quickly"; not "Kelly"): an adverb to walk over.
  bool is_ly_adverb(std::uint32_t k) {
    return is_word(k) && !(toks_[k].flags & kTokCapitalized) && lower_ends_with(k, "ly");
  }
  bool past_tense(std::uint32_t x);
  bool past_verb_cue(Attributed& a, std::uint32_t floor);
  bool attribute_before(Attributed& a);

  // The sentence's first "according to", and its first reporting verb outside quotes with a
  // speaker before it: the same for every quote of the sentence, so found once.
  const SentenceMemo& mixed_cue(std::uint32_t si);

  // A quote inside a sentence with a reporting verb anywhere before it: a mixed quote.
  // Makes `a` a mixed quote of speaker `s` with `cue`, `rule` and `confidence`; true.
  static bool settle_mixed(Attributed& a, const Speaker& s, std::uint32_t cue, QuoteRule rule,
                           float confidence);
  bool attribute_mixed(Attributed& a);

  // Attributes direct quote `a`: by the first rule that fits (after, before, mixed), or with
  // ranker weights by the best-scoring candidate (quote_ranker.cpp).
  void attribute(Attributed& a);
  // The ranker's features of candidate `c` from `slot` (attribution_features() order).
  std::vector<float> candidate_features(const Attributed& c, std::size_t slot, bool first,
                                        float agreement, const Speaker& subject,
                                        float n_rules) const;

  // A phrase of fewer than kMinSingleWords words in single marks is kept only as an utterance
  // of its own: followed by its attribution ('Hello,' he said) or introduced by a reporting
  // verb and a colon or comma (He said, 'Fine.'). Otherwise it is mostly a headline's scare
  // quote ("Mayor calls plan 'reckless'") or a stray apostrophe, not a quotation.
  bool short_single_utterance(const Attributed& a) const;

  // A verb of thinking, naming or calling at k ("thinks", "dubbed", "called", "known as"; not
  // "called for", a demand).
  bool scare_verb(std::uint32_t k) const;

  // A scare quote: at most kMaxScareWords words in marks, governed by "so-called" or "known
  // as" right before them or by a scare_verb at most kScareReach tokens before them in their
  // clause, with no other reporting verb in the sentence (within kAfterWindow tokens). Then:
  // so-called and known as always; a verb of thinking when the marks follow a copula (thinks
  // that cats are “cuties”); any other verb but calling when the quote has no attribution.
  // (Someone named calling a thing so, "X called the plan “a disaster”", stays a quotation:
  // news annotation, PolNeAR's among it, counts it as one.)
  bool is_scare(const Attributed& a) const;

  // Marks around a name inside a noun phrase, not around words someone said: a show or a
  // book (on ABC's “This Week,” / his book, “Doomed to Succeed,”), a nickname (Gov. C.L.
  // “Butch” Otter), an attribute of markup (tweet-date="March 4, 2016"). Short, in title
  // case, and after a word.
  bool is_name_in_marks(const RawQuote& q);

  // A mixed quote is the whole paraphrase with its fragments: from after the reporting verb
  // (and "that") to the end of the sentence ("said the U.S. “clearly” needed more air
  // strikes"), as PolNeAR annotates it.
  void widen_mixed(Attributed& a);

  // Words among tokens [a, b), in constant time (a prefix count).
  // bar_before_[k] / bar_after_[k]: the first token at or after k that ends the paraphrase of
  // a mixed quote on its left (a double mark, a cue, a stop) or on its right (a double mark, a
  // cue, ";"); toks_.size() when none. Built once per document, on first use.
  void build_barriers();

  std::uint32_t words_in(std::uint32_t a, std::uint32_t b) const {
    return b > a ? words_before_[std::min<std::size_t>(b, toks_.size())] - words_before_[a] : 0;
  }

  void direct(std::vector<RawQuote>& raw, std::vector<Quote>& out);

  Quote make_quote(const Attributed& a) const;
  // A quote no rule attributed: the subject of the narration leading to it, the previous
  // speaker, or none; false when it is dropped (short and not a paragraph of its own).
  struct LastSpeaker {
    Speaker s;  // with its entity
    std::uint32_t paragraph = 0;
  };
  bool attribute_unattributed(Attributed& a, const LastSpeaker& last);
  // The subject of the narration leading to an unattributed quote (see quote_direct.cpp).
  Speaker narrator_subject(const Attributed& a);
  // Appends direct quote `a` to `out` with its speaker (spk_) and parts (parts_): the three
  // stay parallel; marks its cue as used.
  void emit(Attributed& a, std::vector<Quote>& out);
  // [start, end) without the white space at either end.
  QuotePart trimmed(std::uint32_t start, std::uint32_t end) const {
    while (start < end && (text_[start] == ' ' || text_[start] == '\n')) ++start;
    while (end > start && (text_[end - 1] == ' ' || text_[end - 1] == '\n')) --end;
    return {start, end};
  }

  // ---- indirect quotes --------------------------------------------------------------------
  void indirect(std::vector<Quote>& out);

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
  bool tail_report(const Sentence& sent, std::uint32_t k, std::uint32_t si, std::vector<Quote>& out,
                   std::int32_t& last_entity);
  bool according(const Sentence& sent, std::uint32_t end, std::vector<Quote>& out,
                 std::int32_t& last_entity);

  void emit_indirect(std::vector<Quote>& out, std::uint32_t c0, std::uint32_t c1, Speaker s,
                     std::uint32_t cue, std::uint32_t si, QuoteRule rule,
                     std::int32_t& last_entity);
};

// Gives the quotes of one speaker in different documents that state the same thing one
// utterance id (Quote::utterance), numbered in the order of their first quote.
// Their content is read from their parts (`parts`, QuoteResult::parts).
void link_utterances(const Corpus& corpus, const QuoteOptions& options, const Interrupt& interrupt,
                     const std::vector<QuotePart>& parts, std::vector<Quote>& quotes);

}  // namespace presslens::detail
