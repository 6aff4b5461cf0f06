// presslens/terms.hpp: document x term counts (sparse, CSR), tf-idf weighting, grouping,
// keyness of every group against the rest, and keyword in context.
//
//   presslens::TermOptions opt;
//   opt.pattern = presslens::TokenPattern::kSklearn;     // CountVectorizer's (?u)\b\w\w+\b
//   opt.ngram_max = 2;
//   std::vector<presslens::TextView> docs = {presslens::TextView::utf8("Hillary won Iowa."),
//                                            presslens::TextView::utf8("Trump won Ohio.")};
//   presslens::TermMatrix tm = presslens::term_matrix(docs, opt);
//   // tm.term(0) == "hillary", tm.counts.indptr / indices / data: CSR, int64 counts
//   std::vector<double> w = presslens::tfidf(tm.counts.view(), presslens::TfidfOptions{});
//   presslens::Csr<std::int64_t> g = presslens::group_rows(tm.counts.view(), {0, 1}, 2);
//   presslens::Keyness k = presslens::keyness(g.view(), presslens::KeynessOptions{});
//
// Units and conventions
// - Texts arrive as TextView: UTF-8 bytes (width 0), or arrays of code points stored in 1, 2
//   or 4 bytes each (Latin-1, UCS-2, UTF-32: Python's own string storage, read without
//   copying). Terms are always returned as UTF-8. Terms are sorted by code point (= UTF-8
//   byte order = Python's str order) unless a fixed vocabulary gives the order.
// - The CSR of counts has int64 row pointers, int32 column indices sorted within each row,
//   and int64 values, so it converts to scipy.sparse without copies.
// - Output never depends on the thread count: documents are counted in parallel with
//   per-thread vocabularies, and the merged vocabulary is ordered by the terms themselves.
//
// Tokenization (TokenPattern)
// - kSklearn: scikit-learn's default analyzer, exactly: the text is lowercased as
//   str.lower() would (when lowercase), then every maximal run of Python `\w` characters of
//   two or more code points is a token. N-grams run over the whole document (after stop
//   words are removed), joined by one space. For a Corpus only the non-boilerplate
//   paragraphs are read (as if the boilerplate lines had been deleted from the text).
// - kDefault: presslens's own tokens (tokenize.hpp) of kind kWord and kNumber ("U.S.",
//   "don't", "3.5", "Nuland" without its "'s"), each lowercased with str.lower(). N-grams
//   never cross a sentence boundary; sentences of boilerplate paragraphs are skipped. Raw
//   texts (not a Corpus) are segmented on the fly, without boilerplate detection.
//
// Errors: std::invalid_argument for bad options (message names the option), for an empty
// vocabulary ("empty vocabulary; ..." as scikit-learn), when pruning leaves no term, for a
// duplicate term in a fixed vocabulary, for CSR arrays that disagree with their shape.
// presslens::Interrupted when the Interrupt callback asks to stop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "presslens/errors.hpp"
#include "presslens/text.hpp"

namespace presslens {

class Corpus;

enum class TokenPattern : std::uint8_t { kDefault = 0, kSklearn = 1 };

/// A document-frequency bound: a number of documents, or a proportion of them in [0, 1]
/// (scikit-learn's int vs float min_df / max_df).
struct DocFreq {
  double value = 1.0;
  bool proportion = false;
};

struct TermOptions {
  int ngram_min = 1;  // 1 <= ngram_min <= ngram_max <= 16
  int ngram_max = 1;
  bool lowercase = true;
  TokenPattern pattern = TokenPattern::kDefault;
  /// Tokens removed before n-grams are formed, compared with the token after lowercasing.
  /// english_stop_words() is the built-in list. For kDefault, a listed word with an ASCII
  /// apostrophe also removes its typographic form ("don't" also removes "don’t").
  std::vector<std::string> stop_words;
  DocFreq min_df{1.0, false};  // keep terms found in >= min_df documents
  DocFreq max_df{1.0, true};   // keep terms found in <= max_df documents
  /// Keep only the max_features terms of highest total count (document frequency when
  /// binary); < 0 keeps all. Applied after min_df / max_df. Ties at the cut: see
  /// max_features_order.
  std::int64_t max_features = -1;
  /// The order in which the max_features cut takes the candidate terms. Called once, only
  /// when more than max_features terms are left, with the negated totals of the candidates
  /// in term order (code point order); returns their positions in the order they are taken
  /// (an argsort: at least max_features distinct positions; std::invalid_argument
  /// otherwise). Empty: highest total first, ties to the smaller term (a stable argsort).
  /// The Python binding sets it to numpy's argsort for TokenPattern::kSklearn: scikit-
  /// learn's CountVectorizer cuts with `(-tfs).argsort()[:max_features]`, whose tie order is
  /// numpy's unstable sort (SIMD on x86, so it depends on the CPU), not a rule of its own.
  std::function<std::vector<std::int64_t>(std::span<const std::int64_t> negated_totals)>
      max_features_order;
  /// Fixed vocabulary: columns in this order; min_df, max_df and max_features are then
  /// ignored (as in scikit-learn). Empty = learn the vocabulary from the texts.
  std::vector<std::string> vocabulary;
  bool binary = false;  // every non-zero count becomes 1
  int threads = 0;      // 0 = all cores
};

/// The built-in English stop list (239 closed-class words: articles, pronouns,
/// auxiliaries, prepositions, conjunctions, determiners, negations and their
/// contractions), written for presslens; see cpp/src/detail/stopwords_en.hpp.
[[nodiscard]] std::span<const std::string_view> english_stop_words() noexcept;

/// A read-only CSR matrix over caller-owned arrays.
template <class T>
struct CsrView {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::span<const std::int64_t> indptr;   // rows + 1 entries, non-decreasing, indptr[0] = 0
  std::span<const std::int32_t> indices;  // column of each entry, in [0, cols)
  std::span<const T> data;                // value of each entry
};

/// A CSR matrix that owns its arrays (moved out to numpy by the bindings).
template <class T>
struct Csr {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<std::int64_t> indptr;
  std::vector<std::int32_t> indices;
  std::vector<T> data;

  [[nodiscard]] CsrView<T> view() const noexcept { return {rows, cols, indptr, indices, data}; }
};

/// Checks that `m` is a well-formed CSR (sizes, monotone indptr, indices in range). Sorted
/// indices are not required. O(nnz). Throws std::invalid_argument naming the problem.
template <class T>
void validate_csr(const CsrView<T>& m);

struct TermMatrix {
  Csr<std::int64_t> counts;                 // documents x terms
  std::string term_data;                    // the terms, concatenated UTF-8
  std::vector<std::uint64_t> term_offsets;  // n_terms + 1 offsets into term_data

  [[nodiscard]] std::size_t n_terms() const noexcept {
    return term_offsets.empty() ? 0 : term_offsets.size() - 1;
  }
  [[nodiscard]] std::string_view term(std::size_t i) const {
    return std::string_view(term_data).substr(term_offsets.at(i),
                                              term_offsets.at(i + 1) - term_offsets[i]);
  }
};

/// Counts the terms of `texts` (one row per text, in order). Complexity: O(total text +
/// tokens x ngram_max) hashing, plus O(V log V) to sort a vocabulary of V terms and
/// O(nnz log row) to sort rows. Memory: the CSR plus one vocabulary per thread.
[[nodiscard]] TermMatrix term_matrix(std::span<const TextView> texts, const TermOptions& options,
                                     const Interrupt& interrupt = {});

/// Counts the terms of every document of `corpus` (rows in corpus order), reading the
/// corpus's segmentation for kDefault and skipping boilerplate paragraphs for both patterns.
[[nodiscard]] TermMatrix term_matrix(const Corpus& corpus, const TermOptions& options,
                                     const Interrupt& interrupt = {});

/// The terms the pruning options of `options` keep (min_df, max_df, then max_features with
/// its tie order; the other options are ignored), given each term's document frequency `df`
/// and total count `tf` over `n_docs` documents, terms in code point order. The same cut
/// term_matrix makes, so that matrices counted without pruning on parts of a corpus and
/// merged (columns aligned, rows stacked) are pruned once, exactly as the whole corpus is.
/// Returns the kept term positions, ascending. O(terms + kept log kept). Throws
/// std::invalid_argument for bad bounds, df and tf of different sizes, or no term left.
[[nodiscard]] std::vector<std::uint32_t> select_terms(std::span<const std::uint64_t> df,
                                                      std::span<const std::uint64_t> tf,
                                                      std::size_t n_docs,
                                                      const TermOptions& options);

enum class TfidfScheme : std::uint8_t { kSklearn = 0, kQuanteda = 1, kBm25 = 2 };
enum class Norm : std::uint8_t { kNone = 0, kL1 = 1, kL2 = 2 };

/// Weighting of a documents x terms count matrix; n = rows, df(t) = rows where t occurs.
/// - kSklearn: tf = count (1 + ln(count) when sublinear_tf); idf = ln((1 + n)/(1 + df)) + 1
///   with smooth_idf, ln(n/df) + 1 without; w = tf x idf, then each row scaled to unit L2
///   (or L1) norm. Equals scikit-learn's TfidfTransformer / TfidfVectorizer.
/// - kQuanteda: w = count x log10(n/df) (quanteda's dfm_tfidf defaults: scheme_tf "count",
///   scheme_df "inverse", base 10). A term found in every document weighs 0.
/// - kBm25: w = idf x count (k1 + 1) / (count + k1 (1 - b + b dl/avgdl)), with
///   idf = ln(1 + (n - df + 0.5)/(df + 0.5)) (Lucene's non-negative idf), dl = the row's
///   total count, avgdl = the mean of dl over rows.
struct TfidfOptions {
  TfidfScheme scheme = TfidfScheme::kSklearn;
  Norm norm = Norm::kL2;  // kSklearn only; the other schemes are never normalised
  bool smooth_idf = true;
  bool sublinear_tf = false;
  double k1 = 1.2;  // kBm25, >= 0
  double b = 0.75;  // kBm25, in [0, 1]
};

/// Weights for every stored entry of `counts`, in the same order (the result shares the
/// indptr / indices of the input). O(nnz). Throws std::invalid_argument for a malformed
/// CSR, negative counts or out-of-range k1 / b.
[[nodiscard]] std::vector<double> tfidf(const CsrView<std::int64_t>& counts,
                                        const TfidfOptions& options);

/// Sums the rows of `m` by group: row r goes to group group_of[r] in [0, n_groups), or is
/// dropped when group_of[r] < 0. Result: n_groups x m.cols, sorted indices, no zeros.
/// O(nnz + n_groups x cols) time, O(cols) extra memory. Throws std::invalid_argument when
/// group_of has the wrong size or a group is out of range.
[[nodiscard]] Csr<std::int64_t> group_rows(const CsrView<std::int64_t>& m,
                                           std::span<const std::int32_t> group_of,
                                           std::size_t n_groups);

/// Column sums of `m` (cols entries). O(nnz).
[[nodiscard]] std::vector<std::int64_t> column_sums(const CsrView<std::int64_t>& m);

/// The `n` largest entries of each row: per row, at most n (column, value) pairs ordered by
/// value descending, then column ascending. Result rows = m.rows. O(nnz log n).
[[nodiscard]] Csr<std::int64_t> top_per_row(const CsrView<std::int64_t>& m, std::size_t n);

enum class KeynessMeasure : std::uint8_t {
  kG2 = 0,
  kChi2 = 1,
  kPmi = 2,
  kLogRatio = 3,
  kPctDiff = 4
};

/// Whose formulas the scores follow (docs/terms.md has both side by side).
/// - kScipy (the default): G2 uncorrected (scipy's chi2_contingency with
///   lambda_="log-likelihood", correction=False); chi2 always Yates-corrected (scipy's
///   chi2_contingency); PMI in bits (log2); every measure.
/// - kQuanteda: quanteda.textstats' textstat_keyness: kChi2 its "chi2", kG2 its "lr", kPmi
///   its "pmi", with its `correction` (KeynessCorrection). kLogRatio and kPctDiff are not
///   quanteda measures: std::invalid_argument.
enum class KeynessConvention : std::uint8_t { kScipy = 0, kQuanteda = 1 };

/// quanteda's `correction` argument (kQuanteda only; kScipy takes kDefault alone):
/// - kDefault / kYates: Yates' correction by quanteda's rule (quanteda_yates_delta in
///   stats.hpp: only when |ad - bc| >= N/2 and an expected count is below 5), for chi2 and
///   for G2 (whose cells it moves by 0.5 towards independence).
/// - kWilliams: G2 divided by Williams' q; chi2 multiplied by q, as quanteda computes it.
/// - kNone: no correction.
/// PMI is never corrected: kYates or kWilliams with kPmi is std::invalid_argument.
enum class KeynessCorrection : std::uint8_t { kDefault = 0, kYates = 1, kWilliams = 2, kNone = 3 };

struct KeynessOptions {
  KeynessMeasure measure = KeynessMeasure::kG2;
  /// Terms whose total count over all groups is below min_count are not tested.
  std::int64_t min_count = 5;
  KeynessConvention convention = KeynessConvention::kScipy;
  KeynessCorrection correction = KeynessCorrection::kDefault;
};

/// Keyness of every group (row of `groups`, a groups x terms count matrix) against all the
/// other groups together. For group g and term t:
///   a = count of t in g, b = count of t in the other groups,
///   c = tokens of g - a, d = tokens of the others - b, N = a + b + c + d,
///   E11 = (a+b)(a+c)/N, E12 = (a+b)(b+d)/N, E21 = (c+d)(a+c)/N, E22 = (c+d)(b+d)/N,
/// where "tokens" counts every term of the matrix (also those below min_count).
/// With KeynessConvention::kScipy:
/// - kG2: G2 = 2 sum O ln(O/E) (0 ln 0 = 0), signed: negative when a/(a+c) < b/(b+d).
/// - kChi2: Pearson's chi2 with Yates' correction as scipy.stats.chi2_contingency
///   (each |O - E| reduced by min(0.5, |O - E|)), signed like G2.
/// - kPmi: log2(a N / ((a+b)(a+c))), -inf when a = 0.
/// - kLogRatio (Hardie 2014): log2((a/(a+c)) / (b/(b+d))), a zero count replaced by 0.5.
/// - kPctDiff (Gabrielatos & Marchi 2012): 100 (a/(a+c) - b/(b+d)) / (b/(b+d)), a zero
///   reference count replaced by 0.5.
/// p: chi2 distribution with 1 degree of freedom of the Yates chi2 for kChi2, of G2 for
/// every other measure.
/// With KeynessConvention::kQuanteda (quanteda.textstats' textstat_keyness):
/// - kChi2: chi2_statistic(t, delta) (stats.hpp), delta by the correction's rule, times q
///   with kWilliams; kG2: g2_quanteda(t, delta), divided by q with kWilliams; both signed
///   by quanteda's test a > E11 (so a term with a = E11 is negative).
/// - kPmi: ln(a / E11 + 1e-9) (natural logarithm; about -20.7 when a = 0).
/// - p: chi2 distribution with 1 degree of freedom of |score|, for every measure.
/// Both: p_adj is Benjamini-Hochberg within each group (over the terms tested for it);
/// log_ratio is always filled. Rows are ordered by group, then score descending, then term
/// index (quanteda orders by score, then feature name: the same for sorted terms).
/// O(groups x terms log terms). Throws std::invalid_argument for fewer than two groups, a
/// group or the rest with no tokens, negative counts, a measure or correction the
/// convention does not have.
struct Keyness {
  std::vector<std::int32_t> group;
  std::vector<std::int32_t> term;
  std::vector<double> score;
  std::vector<double> p;
  std::vector<double> p_adj;
  std::vector<std::int64_t> count_target;
  std::vector<std::int64_t> count_reference;
  std::vector<double> log_ratio;
};

[[nodiscard]] Keyness keyness(const CsrView<std::int64_t>& groups, const KeynessOptions& options);

}  // namespace presslens
