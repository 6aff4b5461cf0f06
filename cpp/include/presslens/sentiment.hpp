// presslens/sentiment.hpp: VADER sentiment (a port of vaderSentiment 3.3.2), explained,
// batched, aggregated over sentences, with lexicon overlays; and a second model for news
// statements (SentimentModel::kNews) built on the same tokens and rules.
//
//   presslens::SentimentAnalyzer vader(lexicon_tsv, emoji_tsv);  // file contents, not paths
//   presslens::SentimentScores s = vader.polarity_scores("The talks were NOT good!!");
//   // s.neg, s.neu, s.pos (rounded to 3 decimals), s.compound (4 decimals): vaderSentiment's
//   // values, bit for bit.
//   presslens::Explanation e = vader.explain("The talks were not good");  // per-token rules
//   auto cols = vader.polarity_scores_many(texts, /*threads=*/0);          // columns of scores
//   auto docs = presslens::document_sentiment(corpus, vader);  // per sentence, per document
//
// Contract. The reference is what vaderSentiment 3.3.2's SentimentIntensityAnalyzer
// .polarity_scores() returns, including its quirks: emoji are replaced by their
// descriptions on the raw text; tokens are str.split() pieces with ASCII punctuation
// stripped unless that leaves 2 code points or fewer ("ok." stays "ok."); words are
// looked up lower-cased; a value of exactly 0 gets the ALL-CAPS emphasis subtracted; the
// "but" rule rescales the *first* sentiment equal to each value (list.index); the "least"
// and idiom rules run only where 3.3.2 runs them. Arithmetic mirrors the Python code's
// operations, in its order, in doubles, and rounding is Python's round() (half-even on the
// exact binary value). The only Python-version dependence, sum() (plain before 3.12,
// Neumaier-compensated from 3.12), is the `summation` option.
//
// The news model (constructed with NewsModelParams) keeps VADER's tokens and per-token
// rules, then (1) negates the sentiment words a negation governs beyond VADER's three-word
// window, up to the end of its clause ("I cannot say that we achieved great progress"),
// with negations cancelling in pairs ("it cannot be ruled out that ... aggravations"),
// (2) softens the words of a clause that carries a hedge or modal ("may", "reportedly"),
// (3) weighs positive and negative words by calibrated weights. The news lexicon words
// come in as an overlay. Same output ranges; explain() names the news rules too.
//
// Text is UTF-8 (Python str). Invalid bytes are kept as they are and behave as non-space,
// uncased characters. Explanation offsets are code points (see TokenExplanation).
//
// Threads: a SentimentAnalyzer is immutable after construction; every const member may be
// called from any number of threads at once. A SentimentWorkspace is per thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "presslens/errors.hpp"

namespace presslens {

class Corpus;  // presslens/corpus.hpp

/// vaderSentiment's four numbers: neg/neu/pos rounded to 3 decimals, compound to 4.
struct SentimentScores {
  double neg = 0.0;
  double neu = 0.0;
  double pos = 0.0;
  double compound = 0.0;
};

/// How sum() adds the token valences: CPython < 3.12 adds left to right; CPython >= 3.12
/// uses Neumaier's compensated summation for floats. Pick the interpreter's to match
/// vaderSentiment running on it.
enum class Summation : std::uint8_t { kSequential = 0, kNeumaier = 1 };

/// One lexicon overlay entry: `term` (matched against the lower-cased token) gets
/// `valence` (VADER's -4..+4 scale); std::nullopt removes the term from the lexicon.
struct OverlayEntry {
  std::string term;
  std::optional<double> valence;
};

/// Parses an overlay file: one `term TAB valence [TAB rationale]` per line; blank lines
/// and lines starting with '#' are skipped; a valence of "none" removes the term. Terms
/// are lower-cased. Throws std::invalid_argument naming `source` and the 1-based line for a
/// malformed line, a valence outside [-4, 4], a term containing white space, or a term
/// VADER's tokenizer would change (e.g. "u.s." is seen as "u.s"). O(size).
[[nodiscard]] std::vector<OverlayEntry> parse_overlay(std::string_view tsv,
                                                      std::string_view source = "overlay");

/// The news model's calibrated parameters (tools/train_news_model.py fits them on rated
/// sentences; python/presslens/data/news_model.tsv ships them).
struct NewsModelParams {
  double scope_negation = -0.5;  // factor of a sentiment word negated beyond VADER's window
  double hedge = 0.8;            // factor of a sentiment word in a hedged clause
  double positive_weight = 1.0;  // factor of every positive value
  double negative_weight = 1.0;  // factor of every negative value
};

/// Parses `key<TAB>value` lines (keys: the NewsModelParams fields; '#' comments and blank
/// lines skipped; a key left out keeps its default). Throws std::invalid_argument naming
/// `source` and the 1-based line for an unknown key, a malformed line or a value that is not
/// a finite number in [-4, 4]. O(size).
[[nodiscard]] NewsModelParams parse_news_model(std::string_view tsv,
                                               std::string_view source = "news model");

/// Rules that changed a token's valence (bits of TokenExplanation::rules).
enum SentimentRule : std::uint32_t {
  kRuleModifier = 1u << 0,    // a booster/dampener word or the "kind" of "kind of": valence 0
  kRuleNoZeroed = 1u << 1,    // "no" followed by a lexicon word: its own valence set to 0
  kRuleNo = 1u << 2,          // "no" 1-2 words before (or "no X or/nor"): valence * -0.74
  kRuleCaps = 1u << 3,        // ALL CAPS word among mixed-case words: +-0.733
  kRuleBoosted = 1u << 4,     // a booster before it (very, extremely, ...) added intensity
  kRuleDampened = 1u << 5,    // a dampener before it (slightly, kinda, ...) took some away
  kRuleNegated = 1u << 6,     // a negation (not, n't, never, without, ...) before it: * -0.74
  kRuleNeverSo = 1u << 7,     // "never so/this" (and the 3.3.2 "so/this" quirk): * 1.25
  kRuleIdiom = 1u << 8,       // a special-case idiom ("the bomb", "kiss of death") set it
  kRuleKindOf = 1u << 9,      // "kind of"/"sort of"/"just enough" before it: -0.293
  kRuleLeast = 1u << 10,      // "least" before it (not "at/very least"): * -0.74
  kRuleButBefore = 1u << 11,  // before the first "but": * 0.5
  kRuleButAfter = 1u << 12,   // after the first "but": * 1.5
  // news model only
  kRuleScopeNegated = 1u << 13,  // a negation earlier in its clause, beyond VADER's window
  kRuleHedged = 1u << 14,        // a hedge or modal earlier in its clause ("may", "reportedly")
  kRuleWeighted = 1u << 15,      // scaled by the calibrated positive/negative weight
};

/// Stable lower-case name of one rule bit ("negated", "but_after", ...); "" for others.
[[nodiscard]] std::string_view sentiment_rule_name(std::uint32_t rule) noexcept;

/// One token of VADER's tokenization, with what happened to it.
struct TokenExplanation {
  std::size_t start = 0;  // code point range in the input text; the words of an emoji's
  std::size_t end = 0;    // description map to the emoji itself
  std::string token;      // the token VADER looked up (stripped, not lower-cased)
  bool in_lexicon = false;
  double lexicon_valence = 0.0;  // its lexicon entry (0 when not in the lexicon)
  double valence = 0.0;          // its final contribution to the sum
  double booster = 0.0;          // total booster/dampener scalar added
  double but_factor = 1.0;       // product of the "but" factors applied to it
  std::uint32_t rules = 0;       // SentimentRule bits
  double share = 0.0;            // valence / (sum of |valence| + |punctuation|)
};

struct Explanation {
  std::vector<TokenExplanation> tokens;
  double sum = 0.0;                    // sum of valences, before punctuation
  double punctuation_amplifier = 0.0;  // from ! and ? (0 when the sum is 0)
  double punctuation_share = 0.0;      // signed, same denominator as TokenExplanation::share
  SentimentScores scores;              // == polarity_scores(text)
};

/// Struct-of-arrays batch result (one entry per input text), ready for zero-copy numpy.
struct SentimentColumns {
  std::vector<double> neg;
  std::vector<double> neu;
  std::vector<double> pos;
  std::vector<double> compound;
};

/// Sentiment of a corpus, sentence by sentence, aggregated per document (vaderSentiment
/// #151: one compound over a whole article saturates towards +-1 as the text grows, so the
/// per-document figures are means and shares over its sentences). A sentence is positive
/// when its compound >= kPositiveThreshold, negative when <= kNegativeThreshold (VADER's
/// documented thresholds), neutral otherwise.
struct CorpusSentiment {
  /// One row per sentence of every document, in document then sentence order (the rows of
  /// the corpus' sentence table), boilerplate sentences included.
  SentimentColumns sentences;
  /// One entry per document. Boilerplate sentences are left out of these unless asked.
  std::vector<std::int64_t> n_sentences;  // sentences aggregated
  std::vector<double> compound_mean;      // mean sentence compound; 0 without sentences
  std::vector<double> positive_share;     // share of positive sentences; 0 without sentences
  std::vector<double> negative_share;
  std::vector<double> neutral_share;
  std::vector<double> compound_whole;  // polarity_scores(whole text).compound, for contrast
};

inline constexpr double kPositiveThreshold = 0.05;
inline constexpr double kNegativeThreshold = -0.05;

/// Reusable scratch buffers (so scoring allocates nothing once warmed up). One per thread.
///
/// A text longer than `chunk_bytes` is scored piece by piece: pieces of about that size, cut
/// where VADER's tokens cannot straddle them (after white space, before an emoji), read
/// twice (first for what the rules must know of the whole text: whether some but not all
/// words are in capitals, where the first "but" is; that pass stops once both are known).
/// The scores are the same. The workspace then holds the tokens of one piece (32 bytes
/// each) instead of the whole text's, plus 8 bytes per token when the text has a "but"
/// (vaderSentiment's "but" rule needs every value); a single token longer than a piece is
/// one piece. Throws std::invalid_argument when `chunk_bytes` is 0.
class SentimentWorkspace {
 public:
  static constexpr std::size_t kDefaultChunkBytes = std::size_t{1} << 20;

  SentimentWorkspace();
  explicit SentimentWorkspace(std::size_t chunk_bytes);
  ~SentimentWorkspace();
  SentimentWorkspace(SentimentWorkspace&&) noexcept;
  SentimentWorkspace& operator=(SentimentWorkspace&&) noexcept;
  SentimentWorkspace(const SentimentWorkspace&) = delete;
  SentimentWorkspace& operator=(const SentimentWorkspace&) = delete;

  /// A text scored in pieces (longer than chunk_bytes) checks `*stop` between pieces and
  /// throws Interrupted once it is true (parallel_for's stop flag); nullptr: never.
  void watch(const std::atomic<bool>* stop) noexcept;

 private:
  friend class SentimentAnalyzer;
  struct Buffers;
  std::unique_ptr<Buffers> buffers_;
};

class SentimentAnalyzer {
 public:
  /// Builds the analyzer from the *contents* of vaderSentiment's vader_lexicon.txt and
  /// emoji_utf8_lexicon.txt (parsed as 3.3.2 does: each line stripped, split on TAB, the
  /// first two fields kept, a later duplicate wins; empty lines are skipped in both files),
  /// then applies `overlay` in order.
  /// Throws std::invalid_argument naming the file and 1-based line for a line with fewer
  /// than two fields or a valence that is not a finite number. O(lexicon size).
  ///
  /// With `news`, the analyzer scores with the news model and these parameters (pass the
  /// news lexicon in `overlay`); without, it is exact VADER.
  SentimentAnalyzer(std::string_view lexicon_tsv, std::string_view emoji_tsv,
                    std::span<const OverlayEntry> overlay = {},
                    Summation summation = Summation::kSequential,
                    std::optional<NewsModelParams> news = std::nullopt);
  ~SentimentAnalyzer();
  SentimentAnalyzer(SentimentAnalyzer&&) noexcept;
  SentimentAnalyzer& operator=(SentimentAnalyzer&&) noexcept;
  SentimentAnalyzer(const SentimentAnalyzer&) = delete;
  SentimentAnalyzer& operator=(const SentimentAnalyzer&) = delete;

  /// vaderSentiment's polarity_scores(text). O(n) in the text length (O(n log n) for the
  /// "but" rule on texts of more than 64 tokens). No allocation once `ws` is warm (the emoji
  /// and "but" rules of long texts aside); memory bounded as SentimentWorkspace says. The
  /// overload without `ws` makes one per call.
  [[nodiscard]] SentimentScores polarity_scores(std::string_view text,
                                                SentimentWorkspace& ws) const;
  [[nodiscard]] SentimentScores polarity_scores(std::string_view text) const;

  /// polarity_scores of every text, on `threads` threads (0 = all cores); the result does
  /// not depend on the thread count. `interrupt` is polled by the calling thread.
  [[nodiscard]] SentimentColumns polarity_scores_many(std::span<const std::string_view> texts,
                                                      int threads = 0,
                                                      const Interrupt& interrupt = {}) const;

  /// The same computation as polarity_scores, recording per token what each rule did.
  /// Token offsets are code points. O(n); allocates the result.
  [[nodiscard]] Explanation explain(std::string_view text) const;

  /// The lexicon valence of `word` (looked up as given: pass it lower-cased) after
  /// overlays, or std::nullopt when it is not in the lexicon. O(|word|).
  [[nodiscard]] std::optional<double> valence(std::string_view word) const;
  /// Number of words in the lexicon, after overlays.
  [[nodiscard]] std::size_t lexicon_size() const noexcept;
  /// Number of single code points replaced by a description (multi-code-point entries of
  /// the emoji file can never match, as in vaderSentiment, and are not kept).
  [[nodiscard]] std::size_t emoji_count() const noexcept;
  [[nodiscard]] Summation summation() const noexcept;
  /// The news model's parameters, or std::nullopt for exact VADER.
  [[nodiscard]] const std::optional<NewsModelParams>& news() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

/// Scores every sentence of every document of `corpus` (a VADER input each) and
/// aggregates per document; `include_boilerplate` also counts sentences in boilerplate
/// lines. Runs on `threads` threads (0 = all cores); the result does not depend on it.
/// O(total text size).
[[nodiscard]] CorpusSentiment document_sentiment(const Corpus& corpus,
                                                 const SentimentAnalyzer& analyzer,
                                                 bool include_boilerplate = false, int threads = 0,
                                                 const Interrupt& interrupt = {});

/// Stretches of a corpus's documents to score, as columns (doc, start, end; offsets in code
/// points when `code_points`, else bytes), each belonging to a unit `group` in
/// [0, n_groups): the parts of one quote, say.
struct SpanColumns {
  std::span<const std::int64_t> doc, start, end, group;
};

/// The mean compound of each group's pieces: every span is cut at its document's sentence
/// boundaries (a span between sentences is one piece) and each piece is scored on its own,
/// so that a long quote does not saturate; NaN for a group without spans. Runs on `threads`
/// threads; the result does not depend on it. Throws std::out_of_range for a span outside
/// its document or a group outside [0, n_groups). O(total span length + spans log sentences).
[[nodiscard]] std::vector<double> span_compound(const Corpus& corpus,
                                                const SentimentAnalyzer& analyzer,
                                                const SpanColumns& spans, std::size_t n_groups,
                                                bool code_points, int threads = 0,
                                                const Interrupt& interrupt = {});

/// Python's round(x, ndigits) for doubles: the double nearest to the decimal obtained by
/// rounding the exact binary value of x half-to-even. ndigits in [0, 15].
[[nodiscard]] double python_round(double x, int ndigits) noexcept;

}  // namespace presslens
