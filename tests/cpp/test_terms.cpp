// Tests for presslens/terms.hpp. Expected values come from the formulas written in the
// header, computed by hand here, or (marked) from scikit-learn / scipy run once on the same
// input; the scikit-learn parity on real text is in tests/python/test_terms.py.
#include "presslens/terms.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/kwic.hpp"
#include "test_support.hpp"

namespace {

using presslens::Csr;
using presslens::KeynessMeasure;
using presslens::KeynessOptions;
using presslens::TermMatrix;
using presslens::TermOptions;
using presslens::TextView;
using presslens::TfidfOptions;
using presslens::TfidfScheme;
using presslens::TokenPattern;

std::vector<TextView> views(const std::vector<std::string>& texts) {
  std::vector<TextView> v;
  for (const auto& t : texts) v.push_back(TextView::utf8(t));
  return v;
}

std::vector<std::string> terms_of(const TermMatrix& tm) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tm.n_terms(); ++i) out.emplace_back(tm.term(i));
  return out;
}

/// Dense {term: count} of row r.
std::map<std::string, std::int64_t> row_of(const TermMatrix& tm, std::size_t r) {
  std::map<std::string, std::int64_t> m;
  const auto& c = tm.counts;
  for (auto k = c.indptr[r]; k < c.indptr[r + 1]; ++k) {
    m[std::string(tm.term(static_cast<std::size_t>(c.indices[static_cast<std::size_t>(k)])))] =
        c.data[static_cast<std::size_t>(k)];
  }
  return m;
}

TermOptions sklearn_options() {
  TermOptions o;
  o.pattern = TokenPattern::kSklearn;
  return o;
}

TEST(Terms, StopListIsSortedUniqueLowercase) {
  const auto words = presslens::english_stop_words();
  ASSERT_GT(words.size(), 100u);
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
  EXPECT_EQ(std::adjacent_find(words.begin(), words.end()), words.end());
  for (const auto w : words) {
    for (const char c : w) EXPECT_FALSE(c >= 'A' && c <= 'Z') << w;
  }
  // Content words a media study compares must not be on it.
  for (const char* w : {"said", "people", "new", "mr", "president"}) {
    EXPECT_FALSE(std::binary_search(words.begin(), words.end(), std::string_view(w))) << w;
  }
}

TEST(Terms, SklearnPatternAscii) {
  const std::vector<std::string> texts = {"Hello, world! A bb b_c 3x hello-world.", "x y  WORLD"};
  const TermMatrix tm = presslens::term_matrix(views(texts), sklearn_options());
  EXPECT_EQ(terms_of(tm), (std::vector<std::string>{"3x", "b_c", "bb", "hello", "world"}));
  EXPECT_EQ(row_of(tm, 0), (std::map<std::string, std::int64_t>{
                               {"3x", 1}, {"b_c", 1}, {"bb", 1}, {"hello", 2}, {"world", 2}}));
  EXPECT_EQ(row_of(tm, 1), (std::map<std::string, std::int64_t>{{"world", 1}}));
  // CSR invariants: sorted columns, int64 row pointers.
  EXPECT_EQ(tm.counts.indptr, (std::vector<std::int64_t>{0, 5, 6}));
  EXPECT_EQ(tm.counts.indices, (std::vector<std::int32_t>{0, 1, 2, 3, 4, 4}));
}

// Expected terms and counts: scikit-learn 1.9 CountVectorizer() on these two strings.
TEST(Terms, SklearnPatternUnicodeMatchesStrLower) {
  const std::vector<std::string> texts = {
      "Рябков met MÜLLER in İstanbul; ΟΔΟΣ. Σ_Σ x9 _a 😀emoji😀 naïve café",
      "Der Müller sagte: „Nein“. ΟΔΟΣΑ ΑΣ"};
  const TermMatrix tm = presslens::term_matrix(views(texts), sklearn_options());
  // İ lowers to "i" + U+0307 (not a word character): "stanbul"; Σ is final (ς) only after a
  // cased letter and not before one.
  const std::vector<std::string> want = {"_a",     "café",  "der",   "emoji", "in",      "met",
                                         "müller", "naïve", "nein",  "sagte", "stanbul", "x9",
                                         "ας",     "οδος",  "οδοσα", "σ_σ",   "рябков"};
  EXPECT_EQ(terms_of(tm), want);
  EXPECT_EQ(row_of(tm, 1),
            (std::map<std::string, std::int64_t>{
                {"der", 1}, {"müller", 1}, {"nein", 1}, {"sagte", 1}, {"ας", 1}, {"οδοσα", 1}}));
  EXPECT_EQ(row_of(tm, 0).at("οδος"), 1);
}

TEST(Terms, CodePointArraysEqualUtf8) {
  const std::string utf8 = "Grüße aus Köln, Ωmega ΣΑΣ 𝔘nicode ok";
  const std::u32string u32 = U"Grüße aus Köln, Ωmega ΣΑΣ 𝔘nicode ok";
  const std::u16string u16 = u"Grüße aus Köln, Ωmega ΣΑΣ";  // BMP only, as Python's UCS-2
  const std::string latin1 =
      "Gr\xFC\xDF"
      "e aus K\xF6ln";
  for (const bool lower : {true, false}) {
    TermOptions o = sklearn_options();
    o.lowercase = lower;
    const TermMatrix a = presslens::term_matrix(std::vector<TextView>{TextView::utf8(utf8)}, o);
    const TermMatrix b =
        presslens::term_matrix(std::vector<TextView>{TextView{u32.data(), u32.size(), 4}}, o);
    EXPECT_EQ(terms_of(a), terms_of(b));
    EXPECT_EQ(a.counts.data, b.counts.data);
    const TermMatrix c =
        presslens::term_matrix(std::vector<TextView>{TextView{u16.data(), u16.size(), 2}}, o);
    const TermMatrix c8 = presslens::term_matrix(
        std::vector<TextView>{TextView::utf8("Grüße aus Köln, Ωmega ΣΑΣ")}, o);
    EXPECT_EQ(terms_of(c), terms_of(c8));
    const TermMatrix d =
        presslens::term_matrix(std::vector<TextView>{TextView{latin1.data(), latin1.size(), 1}}, o);
    EXPECT_EQ(terms_of(d), lower ? (std::vector<std::string>{"aus", "grüße", "köln"})
                                 : (std::vector<std::string>{"Grüße", "Köln", "aus"}));
  }
  // A lone surrogate is never part of a token.
  const std::u16string lone =
      u"ab\xD800"
      u"cd";
  const TermMatrix s = presslens::term_matrix(
      std::vector<TextView>{TextView{lone.data(), lone.size(), 2}}, sklearn_options());
  EXPECT_EQ(terms_of(s), (std::vector<std::string>{"ab", "cd"}));
}

TEST(Terms, NgramsAfterStopWords) {
  TermOptions o = sklearn_options();
  o.ngram_min = 1;
  o.ngram_max = 3;
  o.stop_words = {"the", "on"};
  const TermMatrix tm = presslens::term_matrix(views({"The cat sat on the mat", "the cat"}), o);
  EXPECT_EQ(terms_of(tm),
            (std::vector<std::string>{"cat", "cat sat", "cat sat mat", "mat", "sat", "sat mat"}));
  EXPECT_EQ(row_of(tm, 1), (std::map<std::string, std::int64_t>{{"cat", 1}}));
  o.ngram_min = 2;
  o.ngram_max = 2;
  const TermMatrix bi = presslens::term_matrix(views({"The cat sat on the mat", "a b"}), o);
  EXPECT_EQ(terms_of(bi), (std::vector<std::string>{"cat sat", "sat mat"}));
  EXPECT_EQ(bi.counts.indptr, (std::vector<std::int64_t>{0, 2, 2}));
}

TEST(Terms, DefaultPatternUsesPresslensTokens) {
  TermOptions o;
  o.ngram_max = 2;
  o.stop_words = {"don't"};
  const TermMatrix tm = presslens::term_matrix(
      views({"Nuland's visit to the U.S. embassy. Don’t panic, 3.5 percent."}), o);
  const auto r = row_of(tm, 0);
  EXPECT_EQ(r.at("nuland"), 1);
  EXPECT_EQ(r.at("u.s."), 1);
  EXPECT_EQ(r.at("3.5"), 1);
  EXPECT_EQ(r.at("nuland visit"), 1);       // the clitic 's is skipped
  EXPECT_EQ(r.count("don’t"), 0u);          // typographic form of a stop word
  EXPECT_EQ(r.count("embassy panic"), 0u);  // n-grams stay inside a sentence
  EXPECT_EQ(r.count("'s"), 0u);
  EXPECT_EQ(r.count("."), 0u);
}

TEST(Terms, DocumentFrequencyLimitsAndMaxFeatures) {
  const std::vector<std::string> texts = {"aa bb cc dd", "aa bb cc", "aa bb", "aa aa aa ee"};
  TermOptions o = sklearn_options();
  o.min_df = {2, false};
  EXPECT_EQ(terms_of(presslens::term_matrix(views(texts), o)),
            (std::vector<std::string>{"aa", "bb", "cc"}));
  o.min_df = {1, false};
  o.max_df = {0.75, true};  // <= 3 documents
  EXPECT_EQ(terms_of(presslens::term_matrix(views(texts), o)),
            (std::vector<std::string>{"bb", "cc", "dd", "ee"}));
  o.max_df = {1.0, true};
  o.max_features = 2;  // totals: aa 6, bb 3, cc 2, dd 1, ee 1
  EXPECT_EQ(terms_of(presslens::term_matrix(views(texts), o)),
            (std::vector<std::string>{"aa", "bb"}));
  o.max_features = 4;  // dd and ee tie at 1: the smaller term wins
  EXPECT_EQ(terms_of(presslens::term_matrix(views(texts), o)),
            (std::vector<std::string>{"aa", "bb", "cc", "dd"}));
  o.max_features = 1;
  o.binary = true;
  const TermMatrix b = presslens::term_matrix(views(texts), o);
  EXPECT_EQ(terms_of(b), (std::vector<std::string>{"aa"}));
  EXPECT_EQ(b.counts.data, (std::vector<std::int64_t>{1, 1, 1, 1}));
  o = sklearn_options();
  o.min_df = {3, false};
  o.max_df = {2, false};
  EXPECT_THROW((void)presslens::term_matrix(views(texts), o), std::invalid_argument);
  o.min_df = {5, false};
  o.max_df = {1.0, true};
  EXPECT_THROW((void)presslens::term_matrix(views(texts), o), std::invalid_argument);
}

TEST(Terms, SelectTermsIsTheCutOfTermMatrix) {
  // Counted without pruning, then cut by select_terms: the columns term_matrix keeps.
  const std::vector<std::string> texts = {"aa bb cc dd", "aa bb cc", "aa bb", "aa aa aa ee"};
  const TermMatrix all = presslens::term_matrix(views(texts), sklearn_options());
  std::vector<std::uint64_t> df(all.n_terms(), 0), tf(all.n_terms(), 0);
  for (std::size_t k = 0; k < all.counts.indices.size(); ++k) {
    const auto c = static_cast<std::size_t>(all.counts.indices[k]);
    df[c] += 1;
    tf[c] += static_cast<std::uint64_t>(all.counts.data[k]);
  }
  const auto kept_terms = [&](const TermOptions& o) {
    std::vector<std::string> out;
    for (const std::uint32_t k : presslens::select_terms(df, tf, texts.size(), o)) {
      out.emplace_back(all.term(k));
    }
    return out;
  };
  TermOptions o = sklearn_options();
  for (const auto& [min_df, max_df, max_features] :
       std::vector<std::tuple<double, double, std::int64_t>>{
           {2, 1.0, -1}, {1, 0.75, -1}, {1, 1.0, 2}, {1, 1.0, 4}, {2, 0.75, 1}}) {
    o.min_df = {min_df, false};
    o.max_df = {max_df, true};
    o.max_features = max_features;
    EXPECT_EQ(kept_terms(o), terms_of(presslens::term_matrix(views(texts), o)));
  }
  o.min_df = {5, false};
  o.max_df = {10, false};
  o.max_features = -1;
  EXPECT_THROW((void)kept_terms(o), std::invalid_argument);  // no term left
  tf.pop_back();
  EXPECT_THROW((void)kept_terms(sklearn_options()), std::invalid_argument);  // sizes differ
}

TEST(Terms, MaxFeaturesTakesTiesInTheOrderGiven) {
  // totals: aa 6, bb 3, cc 2, dd 1, ee 1; dd and ee tie at the cut of 4
  const std::vector<std::string> texts = {"aa bb cc dd", "aa bb cc", "aa bb", "aa aa aa ee"};
  TermOptions o = sklearn_options();
  o.max_features = 4;
  std::vector<std::int64_t> seen;
  // an argsort that takes equal totals last position first (scikit-learn's numpy order
  // differs from the stable one in the same way on some inputs)
  o.max_features_order = [&](std::span<const std::int64_t> negated) {
    seen.assign(negated.begin(), negated.end());
    std::vector<std::int64_t> order(negated.size());
    std::iota(order.begin(), order.end(), std::int64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
      const auto x = negated[static_cast<std::size_t>(a)];
      const auto y = negated[static_cast<std::size_t>(b)];
      return x != y ? x < y : a > b;
    });
    return order;
  };
  EXPECT_EQ(terms_of(presslens::term_matrix(views(texts), o)),
            (std::vector<std::string>{"aa", "bb", "cc", "ee"}));
  EXPECT_EQ(seen, (std::vector<std::int64_t>{-6, -3, -2, -1, -1}));  // in term order
  seen.clear();
  o.max_features = 5;  // nothing to cut: the order is not asked for
  EXPECT_EQ(presslens::term_matrix(views(texts), o).n_terms(), 5u);
  EXPECT_TRUE(seen.empty());
  o.max_features = 2;
  o.max_features_order = [](std::span<const std::int64_t>) {
    return std::vector<std::int64_t>{1, 1};
  };
  EXPECT_THROW((void)presslens::term_matrix(views(texts), o), std::invalid_argument);
  o.max_features_order = [](std::span<const std::int64_t>) { return std::vector<std::int64_t>{0}; };
  EXPECT_THROW((void)presslens::term_matrix(views(texts), o), std::invalid_argument);
  o.max_features_order = [](std::span<const std::int64_t>) {
    return std::vector<std::int64_t>{0, 9};
  };
  EXPECT_THROW((void)presslens::term_matrix(views(texts), o), std::invalid_argument);
}

TEST(Terms, FixedVocabulary) {
  TermOptions o = sklearn_options();
  o.vocabulary = {"zz", "bb", "aa", "never"};
  o.min_df = {3, false};  // ignored with a fixed vocabulary
  const TermMatrix tm = presslens::term_matrix(views({"aa bb zz zz", "bb other"}), o);
  EXPECT_EQ(terms_of(tm), o.vocabulary);
  EXPECT_EQ(tm.counts.indices, (std::vector<std::int32_t>{0, 1, 2, 1}));
  EXPECT_EQ(tm.counts.data, (std::vector<std::int64_t>{2, 1, 1, 1}));
  o.vocabulary = {"aa", "aa"};
  EXPECT_THROW((void)presslens::term_matrix(views({"aa"}), o), std::invalid_argument);
}

TEST(Terms, ErrorsNameTheProblem) {
  TermOptions o = sklearn_options();
  o.stop_words = {"aa"};
  try {
    (void)presslens::term_matrix(views({"aa a", ""}), o);
    FAIL() << "expected an empty vocabulary error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("empty vocabulary"), std::string::npos);
  }
  o = sklearn_options();
  o.ngram_min = 2;
  o.ngram_max = 1;
  EXPECT_THROW((void)presslens::term_matrix(views({"aa"}), o), std::invalid_argument);
  o = sklearn_options();
  o.min_df = {1.5, true};
  EXPECT_THROW((void)presslens::term_matrix(views({"aa"}), o), std::invalid_argument);
  std::vector<TextView> bad = {TextView{"aa", 2, 3}};
  EXPECT_THROW((void)presslens::term_matrix(bad, sklearn_options()), std::invalid_argument);
}

/// Deterministic pseudo-random texts over a small Zipf-like vocabulary.
std::vector<std::string> synthetic_texts(std::size_t n) {
  std::vector<std::string> texts;
  std::uint64_t state = 42;
  auto next = [&]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  const std::vector<std::string> words = {"Trump",  "Clinton", "said",   "the", "campaign", "über",
                                          "Müller", "poll",    "voters", "ΣΑΣ", "debate",   "Iowa"};
  for (std::size_t i = 0; i < n; ++i) {
    std::string t;
    const std::size_t len = 1 + next() % 60;
    for (std::size_t k = 0; k < len; ++k) {
      const std::size_t w = std::min(next() % words.size(), next() % words.size());
      t += words[w];
      t += (next() % 7 == 0) ? ". " : " ";
    }
    texts.push_back(t);
  }
  return texts;
}

TEST(Terms, SameOutputWhateverTheThreadCount) {
  const auto texts = synthetic_texts(500);
  for (const TokenPattern pat : {TokenPattern::kSklearn, TokenPattern::kDefault}) {
    TermOptions o;
    o.pattern = pat;
    o.ngram_max = 3;
    o.threads = 1;
    const TermMatrix one = presslens::term_matrix(views(texts), o);
    for (const int th : {2, 3, 8}) {
      o.threads = th;
      const TermMatrix many = presslens::term_matrix(views(texts), o);
      EXPECT_EQ(many.term_data, one.term_data);
      EXPECT_EQ(many.term_offsets, one.term_offsets);
      EXPECT_EQ(many.counts.indptr, one.counts.indptr);
      EXPECT_EQ(many.counts.indices, one.counts.indices);
      EXPECT_EQ(many.counts.data, one.counts.data);
    }
  }
}

TEST(Terms, InterruptStopsTheScan) {
  const auto texts = synthetic_texts(2000);
  TermOptions o = sklearn_options();
  o.threads = 2;
  EXPECT_THROW((void)presslens::term_matrix(views(texts), o, [] { return true; }),
               presslens::Interrupted);
}

// ---- weighting -------------------------------------------------------------------------

Csr<std::int64_t> small_counts() {
  // rows: d0 = {t0: 3, t1: 1}, d1 = {t1: 2}, d2 = {t0: 1, t2: 4}
  Csr<std::int64_t> m;
  m.rows = 3;
  m.cols = 3;
  m.indptr = {0, 2, 3, 5};
  m.indices = {0, 1, 1, 0, 2};
  m.data = {3, 1, 2, 1, 4};
  return m;
}

TEST(Terms, TfidfSklearnByHand) {
  const auto m = small_counts();
  const std::vector<double> w = presslens::tfidf(m.view(), TfidfOptions{});
  // idf = ln((1+3)/(1+df)) + 1; df = {2, 2, 1}
  const double i0 = std::log(4.0 / 3.0) + 1;
  const double i2 = std::log(4.0 / 2.0) + 1;
  const double n0 = std::sqrt(9 * i0 * i0 + i0 * i0);
  EXPECT_NEAR(w[0], 3 * i0 / n0, 1e-12);
  EXPECT_NEAR(w[1], i0 / n0, 1e-12);
  EXPECT_NEAR(w[2], 1.0, 1e-12);
  const double n2 = std::sqrt(i0 * i0 + 16 * i2 * i2);
  EXPECT_NEAR(w[4], 4 * i2 / n2, 1e-12);

  TfidfOptions o;
  o.sublinear_tf = true;
  o.smooth_idf = false;
  o.norm = presslens::Norm::kNone;
  const std::vector<double> s = presslens::tfidf(m.view(), o);
  EXPECT_NEAR(s[0], (std::log(3.0) + 1) * (std::log(3.0 / 2.0) + 1), 1e-12);
  EXPECT_NEAR(s[4], (std::log(4.0) + 1) * (std::log(3.0) + 1), 1e-12);
  o.norm = presslens::Norm::kL1;
  o.sublinear_tf = false;
  const std::vector<double> l1 = presslens::tfidf(m.view(), o);
  EXPECT_NEAR(l1[0] + l1[1], 1.0, 1e-12);
  EXPECT_NEAR(l1[0] / l1[1], 3.0, 1e-12);
}

TEST(Terms, TfidfQuantedaAndBm25ByHand) {
  const auto m = small_counts();
  TfidfOptions q;
  q.scheme = TfidfScheme::kQuanteda;
  const std::vector<double> w = presslens::tfidf(m.view(), q);
  EXPECT_NEAR(w[0], 3 * std::log10(3.0 / 2.0), 1e-12);
  EXPECT_NEAR(w[4], 4 * std::log10(3.0), 1e-12);

  TfidfOptions b;
  b.scheme = TfidfScheme::kBm25;
  b.k1 = 1.5;
  b.b = 0.5;
  const std::vector<double> r = presslens::tfidf(m.view(), b);
  const double avgdl = (4.0 + 2.0 + 5.0) / 3.0;
  const double idf2 = std::log(1 + (3 - 1 + 0.5) / (1 + 0.5));
  const double norm2 = 1 - 0.5 + 0.5 * 5.0 / avgdl;
  EXPECT_NEAR(r[4], idf2 * 4 * 2.5 / (4 + 1.5 * norm2), 1e-12);
  b.b = 2;
  EXPECT_THROW((void)presslens::tfidf(m.view(), b), std::invalid_argument);
  auto broken = small_counts();
  broken.indices[0] = 7;
  EXPECT_THROW((void)presslens::tfidf(broken.view(), TfidfOptions{}), std::invalid_argument);
}

TEST(Terms, GroupTopAndColumnSums) {
  const auto m = small_counts();
  const std::vector<std::int32_t> group_of = {1, 0, 1};
  const auto g = presslens::group_rows(m.view(), group_of, 2);
  EXPECT_EQ(g.indptr, (std::vector<std::int64_t>{0, 1, 4}));
  EXPECT_EQ(g.indices, (std::vector<std::int32_t>{1, 0, 1, 2}));
  EXPECT_EQ(g.data, (std::vector<std::int64_t>{2, 4, 1, 4}));
  EXPECT_EQ(presslens::column_sums(m.view()), (std::vector<std::int64_t>{4, 3, 4}));
  const auto top = presslens::top_per_row(g.view(), 2);
  EXPECT_EQ(top.indptr, (std::vector<std::int64_t>{0, 1, 3}));
  EXPECT_EQ(top.indices, (std::vector<std::int32_t>{1, 0, 2}));  // tie 4/4: column 0 first
  const std::vector<std::int32_t> bad = {0, 2, 0};
  EXPECT_THROW((void)presslens::group_rows(m.view(), bad, 2), std::invalid_argument);
}

// ---- keyness -----------------------------------------------------------------------------

// Group 0 has 1000 tokens with 10 of term 0, group 1 has 3000 tokens with 20 of term 0.
Csr<std::int64_t> two_groups() {
  Csr<std::int64_t> g;
  g.rows = 2;
  g.cols = 2;
  g.indptr = {0, 2, 4};
  g.indices = {0, 1, 0, 1};
  g.data = {10, 990, 20, 2980};
  return g;
}

TEST(Terms, KeynessG2AndChi2ByHand) {
  const auto g = two_groups();
  KeynessOptions o;
  o.min_count = 1;
  const auto k = presslens::keyness(g.view(), o);
  ASSERT_EQ(k.group.size(), 4u);
  // Group 0, term 0: O = {10, 20, 990, 2980}; E = {7.5, 22.5, 992.5, 2977.5}.
  std::size_t row = 0;
  while (!(k.group[row] == 0 && k.term[row] == 0)) ++row;
  const double e[4] = {30.0 * 1000 / 4000, 30.0 * 3000 / 4000, 3970.0 * 1000 / 4000,
                       3970.0 * 3000 / 4000};
  const double o4[4] = {10, 20, 990, 2980};
  double g2 = 0;
  for (int i = 0; i < 4; ++i) g2 += 2 * o4[i] * std::log(o4[i] / e[i]);
  EXPECT_NEAR(k.score[row], g2, 1e-10);
  EXPECT_NEAR(k.score[row], 1.0507210351845089, 1e-10);  // scipy chi2_contingency, G-test
  EXPECT_NEAR(k.p[row], 0.3053410844279847, 1e-12);      // scipy
  EXPECT_EQ(k.count_target[row], 10);
  EXPECT_EQ(k.count_reference[row], 20);
  EXPECT_NEAR(k.log_ratio[row], std::log2((10.0 / 1000) / (20.0 / 3000)), 1e-12);
  // Group 1 under-uses term 0: the same G2 with a negative sign.
  std::size_t row1 = 0;
  while (!(k.group[row1] == 1 && k.term[row1] == 0)) ++row1;
  EXPECT_NEAR(k.score[row1], -g2, 1e-10);

  o.measure = KeynessMeasure::kChi2;
  const auto c = presslens::keyness(g.view(), o);
  row = 0;
  while (!(c.group[row] == 0 && c.term[row] == 0)) ++row;
  double x = 0;
  for (int i = 0; i < 4; ++i) {
    const double d = std::abs(o4[i] - e[i]) - 0.5;
    x += d * d / e[i];
  }
  EXPECT_NEAR(c.score[row], x, 1e-10);
  EXPECT_NEAR(c.score[row], 0.716484746711447, 1e-10);  // scipy, correction=True
  EXPECT_NEAR(c.p[row], 0.39729940227323846, 1e-12);
}

// quanteda.textstats' own expectations (tests/testthat/test-textstat_keyness.R), on the
// same documents: the features of each document counted, document 1 the target.
TEST(Terms, KeynessQuantedaConventionRanksAsQuanteda) {
  TermOptions to;  // default tokens keep the one-letter words
  const TermMatrix tm = presslens::term_matrix(
      views({"a a a b b c c c c c c d e f g h h", "a a b c c d d d d e f h"}), to);
  ASSERT_EQ(terms_of(tm), (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h"}));
  auto ranking = [&](KeynessOptions o, std::int32_t group) {
    o.min_count = 1;
    o.convention = presslens::KeynessConvention::kQuanteda;
    const auto k = presslens::keyness(tm.counts.view(), o);
    std::string r;
    for (std::size_t i = 0; i < k.term.size(); ++i) {
      if (k.group[i] == group) r += std::string(tm.term(static_cast<std::size_t>(k.term[i])));
    }
    return r;
  };
  KeynessOptions o;
  o.measure = KeynessMeasure::kChi2;
  EXPECT_EQ(ranking(o, 0), "gcbhaefd");
  EXPECT_EQ(ranking(o, 1), "defabhcg");
  o.measure = KeynessMeasure::kG2;
  o.correction = presslens::KeynessCorrection::kNone;
  EXPECT_EQ(ranking(o, 0), "cgbhaefd");
  EXPECT_EQ(ranking(o, 1), "defabhgc");
  // The scipy convention ranks the same counts otherwise (Yates on every table).
  KeynessOptions s;
  s.measure = KeynessMeasure::kChi2;
  s.min_count = 1;
  const auto k = presslens::keyness(tm.counts.view(), s);
  std::string r;
  for (std::size_t i = 0; i < k.term.size(); ++i) {
    if (k.group[i] == 0) r += std::string(tm.term(static_cast<std::size_t>(k.term[i])));
  }
  EXPECT_EQ(r, "cabefghd");
}

TEST(Terms, KeynessQuantedaValuesAndOptions) {
  // d1 = "b b b b b b b a a a", d2 = "a a a a a a a b b": for "b", a = 7, b = 2, c = 3, d = 7.
  Csr<std::int64_t> m;
  m.rows = 2;
  m.cols = 2;
  m.indptr = {0, 2, 4};
  m.indices = {0, 1, 0, 1};
  m.data = {3, 7, 7, 2};  // columns a, b
  KeynessOptions o;
  o.min_count = 1;
  o.convention = presslens::KeynessConvention::kQuanteda;
  auto value = [&](const KeynessOptions& opt) {
    const auto k = presslens::keyness(m.view(), opt);
    for (std::size_t i = 0; i < k.term.size(); ++i) {
      if (k.group[i] == 0 && k.term[i] == 1) return std::pair{k.score[i], k.p[i]};
    }
    return std::pair{std::nan(""), std::nan("")};
  };
  o.measure = KeynessMeasure::kChi2;  // an expected count is 4.7 < 5: Yates applies
  EXPECT_NEAR(value(o).first, 2.632438271604939, 1e-12);  // R chisq.test(correct = TRUE)
  o.correction = presslens::KeynessCorrection::kNone;
  EXPECT_NEAR(value(o).first, 4.337160493827161, 1e-12);  // R chisq.test(correct = FALSE)
  o.measure = KeynessMeasure::kG2;
  EXPECT_NEAR(value(o).first, 4.534939332256226, 1e-6);  // the G-test (quanteda's epsilon)
  EXPECT_NEAR(value(o).second, 0.033209633968387844, 1e-7);
  o.correction = presslens::KeynessCorrection::kWilliams;
  EXPECT_NEAR(value(o).first, 4.534939332256226 / 1.0795332466969894, 1e-6);
  o.measure = KeynessMeasure::kPmi;
  o.correction = presslens::KeynessCorrection::kDefault;
  EXPECT_NEAR(value(o).first, std::log(7.0 * 19 / (9.0 * 10)), 1e-8);  // natural log
  // measures and corrections the convention does not have
  o.correction = presslens::KeynessCorrection::kYates;
  EXPECT_THROW((void)presslens::keyness(m.view(), o), std::invalid_argument);
  o.correction = presslens::KeynessCorrection::kDefault;
  o.measure = KeynessMeasure::kLogRatio;
  EXPECT_THROW((void)presslens::keyness(m.view(), o), std::invalid_argument);
  o.convention = presslens::KeynessConvention::kScipy;
  o.correction = presslens::KeynessCorrection::kNone;
  EXPECT_THROW((void)presslens::keyness(m.view(), o), std::invalid_argument);
}

TEST(Terms, KeynessEffectSizesOrderAndGuard) {
  const auto g = two_groups();
  KeynessOptions o;
  o.min_count = 1;
  o.measure = KeynessMeasure::kPmi;
  auto k = presslens::keyness(g.view(), o);
  EXPECT_EQ(k.group[0], 0);
  EXPECT_EQ(k.term[0], 0);  // over-used term first
  EXPECT_NEAR(k.score[0], std::log2(10.0 * 4000 / (30.0 * 1000)), 1e-12);
  o.measure = KeynessMeasure::kPctDiff;
  k = presslens::keyness(g.view(), o);
  EXPECT_NEAR(k.score[0], 100 * (10.0 / 1000 - 20.0 / 3000) / (20.0 / 3000), 1e-9);
  o.measure = KeynessMeasure::kLogRatio;
  k = presslens::keyness(g.view(), o);
  EXPECT_NEAR(k.score[0], k.log_ratio[0], 0);
  // Scores are sorted within each group.
  for (std::size_t i = 1; i < k.group.size(); ++i) {
    if (k.group[i] == k.group[i - 1]) {
      EXPECT_GE(k.score[i - 1], k.score[i]);
    }
  }
  // The guard: term 0 (30 in all) is not tested with min_count = 31.
  o.min_count = 31;
  k = presslens::keyness(g.view(), o);
  EXPECT_EQ(k.term, (std::vector<std::int32_t>{1, 1}));
  // A zero reference count is replaced by 0.5.
  Csr<std::int64_t> z;
  z.rows = 2;
  z.cols = 2;
  z.indptr = {0, 2, 3};
  z.indices = {0, 1, 1};
  z.data = {4, 6, 10};
  o.min_count = 1;
  o.measure = KeynessMeasure::kLogRatio;
  k = presslens::keyness(z.view(), o);
  EXPECT_EQ(k.term[0], 0);
  EXPECT_NEAR(k.score[0], std::log2((4.0 / 10) / (0.5 / 10)), 1e-12);
}

TEST(Terms, BenjaminiHochberg) {
  // Four terms with distinct p-values in group 0; p_adj = min_{j >= i} p_(j) m / j.
  Csr<std::int64_t> g;
  g.rows = 2;
  g.cols = 4;
  g.indptr = {0, 4, 8};
  g.indices = {0, 1, 2, 3, 0, 1, 2, 3};
  g.data = {50, 30, 20, 100, 10, 25, 22, 110};
  KeynessOptions o;
  o.min_count = 1;
  const auto k = presslens::keyness(g.view(), o);
  std::vector<std::pair<double, double>> pp;
  for (std::size_t i = 0; i < k.group.size(); ++i) {
    if (k.group[i] == 0) pp.emplace_back(k.p[i], k.p_adj[i]);
  }
  ASSERT_EQ(pp.size(), 4u);
  std::sort(pp.begin(), pp.end());
  double running = 1;
  for (std::size_t r = 4; r-- > 0;) {
    running = std::min(running, pp[r].first * 4 / static_cast<double>(r + 1));
    EXPECT_NEAR(pp[r].second, running, 1e-15);
  }
  Csr<std::int64_t> one;
  one.rows = 1;
  one.cols = 1;
  one.indptr = {0, 1};
  one.indices = {0};
  one.data = {5};
  EXPECT_THROW((void)presslens::keyness(one.view(), o), std::invalid_argument);
}

// ---- keyword in context ------------------------------------------------------------------

TEST(Terms, KwicCodePointOffsets) {
  const std::vector<std::string> texts = {"😀 Сергей Рябков told Müller: Рябков again.",
                                          "nothing here", "РЯБКОВ said"};
  presslens::KwicOptions o;
  o.window = 1;
  const auto hits = presslens::kwic(views(texts), "рябков", o);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].doc, 0u);
  EXPECT_EQ(hits[0].start, 9u);  // 😀 is one code point
  EXPECT_EQ(hits[0].end, 15u);
  EXPECT_EQ(hits[0].match, "Рябков");
  EXPECT_EQ(hits[0].left, "Сергей");  // white space collapsed and trimmed
  EXPECT_EQ(hits[0].right, "told");
  EXPECT_EQ(hits[1].start, 29u);
  EXPECT_EQ(hits[2].doc, 2u);
  EXPECT_EQ(hits[2].left, "");
  // Context white space as Python's " ".join(s.split()): runs of any kind, NBSP too.
  o.window = 3;
  const auto spaced = presslens::kwic(
      views({"one \n\t two\xC2\xA0\xC2\xA0three Рябков four  \u2003five"}), "рябков", o);
  ASSERT_EQ(spaced.size(), 1u);
  EXPECT_EQ(spaced[0].left, "one two three");
  EXPECT_EQ(spaced[0].right, "four five");
  o.window = 1;
  // Phrases match consecutive tokens.
  const auto phrase = presslens::kwic(views(texts), "Сергей Рябков", o);
  ASSERT_EQ(phrase.size(), 1u);
  EXPECT_EQ(phrase[0].match, "Сергей Рябков");
  o.lowercase = false;
  EXPECT_EQ(presslens::kwic(views(texts), "рябков", o).size(), 0u);
  EXPECT_THROW((void)presslens::kwic(views(texts), " ,. ", o), std::invalid_argument);
  // Same offsets from a UTF-32 view.
  const std::u32string u = U"😀 Сергей Рябков told";
  o.lowercase = true;
  o.pattern = TokenPattern::kSklearn;
  const auto h32 =
      presslens::kwic(std::vector<TextView>{TextView{u.data(), u.size(), 4}}, "Рябков", o);
  ASSERT_EQ(h32.size(), 1u);
  EXPECT_EQ(h32[0].start, 9u);
  EXPECT_EQ(h32[0].match, "Рябков");
}

// ---- corpus input ---------------------------------------------------------------------------

presslens::Corpus corpus_of(const std::vector<std::string>& texts) {
  std::vector<presslens::RawDocument> raw;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    presslens::RawDocument r;
    std::ostringstream id;  // (not "d" + to_string: a GCC 12 -Wrestrict false positive)
    id << 'd' << i;
    r.id = id.str();
    r.bytes = texts[i];
    r.outlet = i % 2 ? "odd" : "even";
    raw.push_back(std::move(r));
  }
  return presslens::Corpus::from_records(std::move(raw), presslens::LoadOptions{});
}

/// The document text with its boilerplate paragraphs deleted.
std::string without_boilerplate(const presslens::Document& d) {
  std::string out;
  std::size_t pos = 0;
  for (const auto& p : d.seg.paragraphs) {
    if (p.boilerplate == 0) continue;
    out.append(d.text, pos, p.start - pos);
    pos = p.end;
  }
  out.append(d.text, pos, std::string::npos);
  return out;
}

TEST(Terms, CorpusSkipsBoilerplate) {
  const std::string body =
      "Moscow talks end without a deal\n"
      "Share this story!\n"
      "Victoria Nuland met Sergei Ryabkov in Moscow on Tuesday.\n"
      "Photo: Reuters\n"
      "The talks on diplomatic missions will continue, Ryabkov said.\n";
  const presslens::Corpus c = corpus_of({body, "Ryabkov said the talks were useful.\n"});
  const presslens::Document& d = c.at(0);
  std::size_t flagged = 0;
  for (const auto& p : d.seg.paragraphs) flagged += p.boilerplate != 0;
  ASSERT_GT(flagged, 0u) << "the corpus flagged no boilerplate line in the test text";

  TermOptions o = sklearn_options();
  o.ngram_max = 2;
  const TermMatrix from_corpus = presslens::term_matrix(c, o);
  const std::vector<std::string> cleaned = {without_boilerplate(c.at(0)), c.at(1).text};
  const TermMatrix from_text = presslens::term_matrix(views(cleaned), o);
  EXPECT_EQ(terms_of(from_corpus), terms_of(from_text));
  EXPECT_EQ(from_corpus.counts.data, from_text.counts.data);
  EXPECT_EQ(from_corpus.counts.indices, from_text.counts.indices);

  // The default pattern skips the same paragraphs.
  TermOptions def;
  const TermMatrix dm = presslens::term_matrix(c, def);
  const auto r = row_of(dm, 0);
  TermOptions one;
  const auto content = row_of(
      presslens::term_matrix(std::vector<TextView>{TextView::utf8(without_boilerplate(d))}, one),
      0);
  for (const auto& p : d.seg.paragraphs) {
    if (p.boilerplate == 0) continue;
    const TermMatrix bp = presslens::term_matrix(
        std::vector<TextView>{
            TextView::utf8(std::string_view(d.text).substr(p.start, p.end - p.start))},
        one);
    for (std::size_t t = 0; t < bp.n_terms(); ++t) {
      const std::string term(bp.term(t));
      // A word of a boilerplate line may occur in the content too; it must be counted
      // exactly as often as the content has it.
      EXPECT_EQ(r.count(term) ? r.at(term) : 0, content.count(term) ? content.at(term) : 0) << term;
    }
  }
  const auto k = presslens::kwic(c, "Ryabkov", presslens::KwicOptions{});
  EXPECT_EQ(k.size(), 3u);
}

TEST(Terms, PolnearAllTextsAllThreadCounts) {
  const auto shared = presslens_test::shared_dir();
  if (shared.empty()) GTEST_SKIP() << "../shared not found";
  const auto dir = shared / "corpus" / "polnear-train" / "text";
  std::vector<std::string> texts;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
  }
  ASSERT_EQ(texts.size(), 840u);
  TermOptions o = sklearn_options();
  o.ngram_max = 2;
  o.threads = 1;
  const TermMatrix a = presslens::term_matrix(views(texts), o);
  o.threads = 4;
  const TermMatrix b = presslens::term_matrix(views(texts), o);
  EXPECT_EQ(a.term_data, b.term_data);
  EXPECT_EQ(a.counts.indices, b.counts.indices);
  EXPECT_EQ(a.counts.data, b.counts.data);
  // On the texts that are pure ASCII, the unigram total equals a plain count of the runs
  // of [A-Za-z0-9_] of length >= 2 (lowercasing changes no boundary in ASCII).
  std::vector<std::string> ascii;
  for (const auto& t : texts) {
    if (std::all_of(t.begin(), t.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
      ascii.push_back(t);
    }
  }
  ASSERT_GT(ascii.size(), 10u);
  std::int64_t tokens = 0;
  for (const auto& t : ascii) {
    std::size_t run = 0;
    for (std::size_t i = 0; i <= t.size(); ++i) {
      const unsigned char c = i < t.size() ? static_cast<unsigned char>(t[i]) : ' ';
      if (std::isalnum(c) || c == '_') {
        ++run;
      } else {
        tokens += run >= 2;
        run = 0;
      }
    }
  }
  o.ngram_max = 1;
  const TermMatrix u = presslens::term_matrix(views(ascii), o);
  std::int64_t uni = 0;
  for (const std::int64_t v : u.counts.data) uni += v;
  EXPECT_EQ(uni, tokens);
}

}  // namespace
