// tests/cpp/test_sentiment.cpp: the VADER port against vaderSentiment 3.3.2.
//
// kCases hold vaderSentiment 3.3.2's polarity_scores (full lexicon) for each sentence. The
// sentences only use lexicon words that kMiniLexicon carries with the same valences, and
// emoji that kMiniEmoji carries with the same descriptions, so the expected values hold for
// the mini lexicons too (the generator checked this). The full-lexicon parity runs on real
// data in tests/python/test_sentiment.py.
#include <gtest/gtest.h>

#include <array>
#include <charconv>
#include <cmath>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "detail/sentiment_but.hpp"
#include "presslens/corpus.hpp"
#include "presslens/sentiment.hpp"
#include "presslens/text.hpp"

namespace {

using presslens::SentimentAnalyzer;
using presslens::SentimentScores;

constexpr std::string_view kMiniLexicon =
    "grinning\t1.5\t0.5\t[1, 2]\n"
    "sure\t1.3\t0.5\t[1, 2]\n"
    "fine\t0.8\t0.5\t[1, 2]\n"
    "good\t1.9\t0.5\t[1, 2]\n"
    "bad\t-2.5\t0.5\t[1, 2]\n"
    "great\t3.1\t0.5\t[1, 2]\n"
    "no\t-1.2\t0.5\t[1, 2]\n"
    "kind\t2.4\t0.5\t[1, 2]\n"
    "doubt\t-1.5\t0.5\t[1, 2]\n"
    "shit\t-2.6\t0.5\t[1, 2]\n"
    "bomb\t-2.2\t0.5\t[1, 2]\n"
    "ass\t-2.5\t0.5\t[1, 2]\n"
    "stop\t-1.2\t0.5\t[1, 2]\n"
    "yeah\t1.2\t0.5\t[1, 2]\n"
    "kiss\t1.8\t0.5\t[1, 2]\n"
    "death\t-2.9\t0.5\t[1, 2]\n"
    "die\t-2.9\t0.5\t[1, 2]\n"
    "heart\t3.2\t0.5\t[1, 2]\n"
    "beating\t-2.0\t0.5\t[1, 2]\n"
    "war\t-2.9\t0.5\t[1, 2]\n"
    "love\t3.2\t0.5\t[1, 2]\n"
    "ok\t1.2\t0.5\t[1, 2]\n"
    ":)\t2.0\t0.5\t[1, 2]\n"
    "horrible\t-2.5\t0.5\t[1, 2]\n"
    "funny\t1.9\t0.5\t[1, 2]\n"
    "smart\t1.7\t0.5\t[1, 2]\n"
    "handsome\t2.2\t0.5\t[1, 2]\n"
    "excellent\t2.7\t0.5\t[1, 2]\n"
    "compelling\t0.9\t0.5\t[1, 2]\n"
    "fun\t2.3\t0.5\t[1, 2]\n"
    "like\t1.5\t0.5\t[1, 2]\n"
    "hate\t-2.7\t0.5\t[1, 2]\n";

constexpr std::string_view kMiniEmoji =
    "😀\tgrinning face\n"
    "©\tcopyright\n"
    "🔛\tON! arrow\n"
    "🆙\tUP! button\n"
    "🇺🇸\tUnited States\n";

struct Case {
  std::string_view text;
  SentimentScores expected;
};

// Generated with vaderSentiment 3.3.2: {text, {neg, neu, pos, compound}}.
constexpr Case kCases[] = {
    {"", {0.0, 0.0, 0.0, 0.0}},
    {"   ", {0.0, 0.0, 0.0, 0.0}},
    {"!!!", {0.0, 1.0, 0.0, 0.0}},
    {"?", {0.0, 1.0, 0.0, 0.0}},
    {"...", {0.0, 1.0, 0.0, 0.0}},
    {"No.", {0.0, 1.0, 0.0, 0.0}},
    {"no", {1.0, 0.0, 0.0, -0.296}},
    {"Kind of.", {0.0, 0.227, 0.773, 0.5267}},
    {"ok.", {0.0, 1.0, 0.0, 0.0}},
    {"ok", {0.0, 0.0, 1.0, 0.296}},
    {"OK", {0.0, 0.0, 1.0, 0.296}},
    {"ok!", {0.0, 1.0, 0.0, 0.0}},
    {"The book was good.", {0.0, 0.508, 0.492, 0.4404}},
    {"The book was GOOD.", {0.0, 0.452, 0.548, 0.5622}},
    {"THE BOOK WAS GOOD.", {0.0, 0.508, 0.492, 0.4404}},
    {"The book was not good.", {0.376, 0.624, 0.0, -0.3412}},
    {"The book wasn't good", {0.445, 0.555, 0.0, -0.3412}},
    {"The book was never so good", {0.0, 0.53, 0.47, 0.6626}},
    {"The book was never this good!", {0.0, 0.54, 0.46, 0.6441}},
    {"Not bad at all", {0.0, 0.513, 0.487, 0.431}},
    {"not very good", {0.567, 0.433, 0.0, -0.3865}},
    {"not at all good", {0.445, 0.555, 0.0, -0.3412}},
    {"The plot was good, but the ending was bad.", {0.347, 0.511, 0.142, -0.5859}},
    {"good good but good", {0.0, 0.114, 0.886, 0.775}},
    {"good great but great good", {0.0, 0.067, 0.933, 0.9325}},
    {"bad, but good but bad", {0.545, 0.156, 0.3, -0.4854}},
    {"It is kind of good", {0.0, 0.605, 0.395, 0.3832}},
    {"It is sort of good", {0.0, 0.605, 0.395, 0.3832}},
    {"it is just enough good", {0.0, 0.605, 0.395, 0.3832}},
    {"kinda good", {0.0, 0.277, 0.723, 0.3832}},
    {"kind of bad!!", {0.671, 0.329, 0.0, -0.6229}},
    {"no good", {0.706, 0.294, 0.0, -0.3412}},
    {"no no good", {0.454, 0.189, 0.357, -0.1326}},
    {"no bad or stop", {0.0, 0.297, 0.703, 0.5773}},
    {"no love nor hate", {0.745, 0.255, 0.0, -0.7047}},
    {"He had no doubt", {0.0, 0.587, 0.413, 0.2755}},
    {"Without a doubt, an excellent idea.", {0.0, 0.408, 0.592, 0.7013}},
    {"Without doubt good", {0.0, 0.166, 0.834, 0.6136}},
    {"without any doubt excellent", {0.0, 0.256, 0.744, 0.7013}},
    {"At least it isn't a horrible book.", {0.0, 0.678, 0.322, 0.431}},
    {"least good", {0.706, 0.294, 0.0, -0.3412}},
    {"the least good", {0.546, 0.454, 0.0, -0.3412}},
    {"at least good", {0.0, 0.408, 0.592, 0.4404}},
    {"very least good", {0.0, 0.386, 0.614, 0.4902}},
    {"With VADER, sentiment analysis is the shit!", {0.0, 0.583, 0.417, 0.6476}},
    {"it was the bomb", {0.0, 0.429, 0.571, 0.6124}},
    {"you bad ass", {0.875, 0.125, 0.0, -0.7906}},
    {"yeah right he said", {0.0, 0.577, 0.423, 0.296}},
    {"a kiss of death", {0.342, 0.274, 0.384, 0.0772}},
    {"a place to die for", {0.494, 0.506, 0.0, -0.5994}},
    {"my beating heart", {0.366, 0.122, 0.512, 0.296}},
    {"at the bus stop now", {0.0, 1.0, 0.0, 0.0}},
    {"VERY good", {0.0, 0.203, 0.797, 0.6028}},
    {"very GOOD", {0.0, 0.203, 0.797, 0.6028}},
    {"VERY GOOD", {0.0, 0.238, 0.762, 0.4927}},
    {"EXTREMELY bad day", {0.694, 0.306, 0.0, -0.6732}},
    {"slightly GOOD thing", {0.0, 0.375, 0.625, 0.5171}},
    {"so so good", {0.0, 0.366, 0.634, 0.5379}},
    {"this is great", {0.0, 0.328, 0.672, 0.6249}},
    {"this is this great", {0.0, 0.381, 0.619, 0.7073}},
    {"never so great", {0.0, 0.276, 0.724, 0.7384}},
    {"that was so good", {0.0, 0.445, 0.555, 0.5777}},
    {"Make sure you :) today!", {0.0, 0.349, 0.651, 0.68}},
    {"I love it!!!!!!", {0.0, 0.271, 0.729, 0.7482}},
    {"Do you like it??", {0.0, 0.512, 0.488, 0.4329}},
    {"Do you like it????", {0.0, 0.464, 0.536, 0.5362}},
    {"Really?? good?", {0.0, 0.211, 0.789, 0.5766}},
    {"😀", {0.0, 0.286, 0.714, 0.3612}},
    {"I am 😀 today", {0.0, 0.615, 0.385, 0.3612}},
    {"I am😀today", {0.0, 0.545, 0.455, 0.3612}},
    {"😀😀 good", {0.0, 0.202, 0.798, 0.7845}},
    {"©", {0.0, 1.0, 0.0, 0.0}},
    {"turn it 🔛 now", {0.0, 1.0, 0.0, 0.0}},
    {"🆙 good", {0.0, 0.385, 0.615, 0.4926}},
    {"funny, smart, and handsome.", {0.0, 0.102, 0.898, 0.8316}},
    {"VADER is VERY SMART, handsome, and FUNNY!!!", {0.0, 0.233, 0.767, 0.9342}},
    {"I don't hate it", {0.0, 0.5, 0.5, 0.4585}},
    {"I DON'T hate it", {0.0, 0.5, 0.5, 0.4585}},
    {"Nobody can't stop", {0.0, 0.514, 0.486, 0.2235}},
    {"ain't bad", {0.0, 0.26, 0.74, 0.431}},
    {"uh-uh good", {0.706, 0.294, 0.0, -0.3412}},
    {"I'd never hate", {0.0, 0.4, 0.6, 0.4585}},
    {"İstanbul is GREAT", {0.0, 0.293, 0.707, 0.7034}},
    {"Müller war GOOD", {0.457, 0.117, 0.426, -0.0688}},
    {"ПЛОХО good", {0.0, 0.256, 0.744, 0.4404}},
    {"good\u00a0bad", {0.547, 0.0, 0.453, -0.1531}},
    {"good\u2003bad\tgreat\nok", {0.276, 0.0, 0.724, 0.6908}},
    {"'good'", {0.0, 0.0, 1.0, 0.4404}},
    {"\"bad\"", {1.0, 0.0, 0.0, -0.5423}},
    {"(great)", {0.0, 0.0, 1.0, 0.6249}},
    {"a", {0.0, 1.0, 0.0, 0.0}},
    {"I", {0.0, 1.0, 0.0, 0.0}},
    {"A good", {0.0, 0.256, 0.744, 0.4404}},
    {"ok.. fine", {0.0, 0.357, 0.643, 0.2023}},
};

const SentimentAnalyzer& mini() {
  static const SentimentAnalyzer analyzer(kMiniLexicon, kMiniEmoji);
  return analyzer;
}

void expect_scores(const SentimentScores& got, const SentimentScores& want, std::string_view text) {
  EXPECT_EQ(got.neg, want.neg) << "neg of '" << text << "'";
  EXPECT_EQ(got.neu, want.neu) << "neu of '" << text << "'";
  EXPECT_EQ(got.pos, want.pos) << "pos of '" << text << "'";
  EXPECT_EQ(got.compound, want.compound) << "compound of '" << text << "'";
}

TEST(Sentiment, MatchesVaderOnRuleCases) {
  presslens::SentimentWorkspace ws;
  for (const Case& c : kCases)
    expect_scores(mini().polarity_scores(c.text, ws), c.expected, c.text);
}

TEST(Sentiment, BatchEqualsSingleWhateverTheThreads) {
  std::vector<std::string_view> texts;
  for (int rep = 0; rep < 20; ++rep) {
    for (const Case& c : kCases) texts.push_back(c.text);
  }
  const auto one = mini().polarity_scores_many(texts, 1);
  const auto four = mini().polarity_scores_many(texts, 4);
  ASSERT_EQ(one.compound.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const SentimentScores& want = kCases[i % std::size(kCases)].expected;
    expect_scores({one.neg[i], one.neu[i], one.pos[i], one.compound[i]}, want, texts[i]);
    expect_scores({four.neg[i], four.neu[i], four.pos[i], four.compound[i]}, want, texts[i]);
  }
}

TEST(Sentiment, BatchInterruptStopsTheScan) {
  std::vector<std::string_view> texts(100000, "The book was not good!");
  EXPECT_THROW((void)mini().polarity_scores_many(texts, 2, [] { return true; }),
               presslens::Interrupted);
}

TEST(Sentiment, ExplainAgreesWithScoresAndNamesTheRules) {
  for (const Case& c : kCases) {
    const presslens::Explanation e = mini().explain(c.text);
    expect_scores(e.scores, c.expected, c.text);
    double sum = 0.0;
    for (const auto& t : e.tokens) sum += t.valence;
    EXPECT_DOUBLE_EQ(sum, e.sum) << c.text;
  }
  const std::string text = "The book was not very good, but I am 😀!";
  const presslens::Explanation e = mini().explain(text);
  ASSERT_EQ(e.tokens.size(), 11u);
  const auto& good = e.tokens[5];
  EXPECT_EQ(good.token, "good");
  // Offsets are code points (the core converts them); the text before is ASCII.
  EXPECT_EQ(text.substr(good.start, good.end - good.start), "good");
  EXPECT_EQ(good.lexicon_valence, 1.9);
  EXPECT_TRUE(good.rules & presslens::kRuleBoosted);
  EXPECT_TRUE(good.rules & presslens::kRuleNegated);
  EXPECT_TRUE(good.rules & presslens::kRuleButBefore);
  EXPECT_EQ(good.but_factor, 0.5);
  EXPECT_DOUBLE_EQ(good.valence, (1.9 + 0.293) * -0.74 * 0.5);
  EXPECT_TRUE(e.tokens[4].rules & presslens::kRuleModifier);  // "very"
  // The description of an emoji maps back to the emoji.
  const auto& grinning = e.tokens[9];
  EXPECT_EQ(grinning.token, "grinning");
  EXPECT_EQ(grinning.start, 37u);  // code points: the emoji is one
  EXPECT_EQ(grinning.end, 38u);
  EXPECT_TRUE(grinning.rules & presslens::kRuleButAfter);
  EXPECT_EQ(e.punctuation_amplifier, 0.292);
  double mass = std::fabs(e.punctuation_share);
  for (const auto& t : e.tokens) mass += std::fabs(t.share);
  EXPECT_NEAR(mass, 1.0, 1e-12);
  EXPECT_EQ(presslens::sentiment_rule_name(presslens::kRuleButAfter), "but_after");
}

TEST(Sentiment, LexiconParsingFollowsVader) {
  // CRLF line ends, white space around lines, a later duplicate wins, empty lines skipped.
  const SentimentAnalyzer a("good\t1.0\t0.1\t[]\r\n\n  nice\t2.5\n good\t1.9\t0\t[]\n", "");
  EXPECT_EQ(a.valence("good"), 1.9);
  EXPECT_EQ(a.valence("nice"), 2.5);
  EXPECT_EQ(a.lexicon_size(), 2u);
  EXPECT_FALSE(a.valence("bad").has_value());
  EXPECT_THROW(SentimentAnalyzer("good 1.9\n", ""), std::invalid_argument);
  EXPECT_THROW(SentimentAnalyzer("good\tvery\n", ""), std::invalid_argument);
  EXPECT_THROW(SentimentAnalyzer("good\t1.9\n", "x y\n"), std::invalid_argument);
  EXPECT_EQ(SentimentAnalyzer("good\t1.9\n", "").emoji_count(), 0u);
  // Only one-code-point emoji keys can ever match; the others are not kept.
  EXPECT_EQ(mini().emoji_count(), 4u);
}

TEST(Sentiment, OverlayAddsReplacesAndRemoves) {
  const auto entries = presslens::parse_overlay(
      "# comment\n\nSanctions\t-1.5\twhy\nconstructive\t1.6\n good\tnone\n", "news.tsv");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].term, "sanctions");
  EXPECT_EQ(entries[0].valence, -1.5);
  EXPECT_FALSE(entries[2].valence.has_value());
  const SentimentAnalyzer a(kMiniLexicon, kMiniEmoji, entries);
  EXPECT_EQ(a.valence("sanctions"), -1.5);
  EXPECT_FALSE(a.valence("good").has_value());
  EXPECT_EQ(a.lexicon_size(), mini().lexicon_size() + 1);
  EXPECT_LT(a.polarity_scores("New SANCTIONS were announced").compound, 0.0);
  EXPECT_EQ(a.polarity_scores("a good day").compound, 0.0);
  EXPECT_GT(a.polarity_scores("constructive talks").compound, 0.0);
}

TEST(Sentiment, OverlayErrorsNameTheLine) {
  auto message = [](std::string_view tsv) {
    try {
      (void)presslens::parse_overlay(tsv, "mine.tsv");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message("ok\t1\nbad line\n").find("mine.tsv:2"), std::string::npos);
  EXPECT_NE(message("x y\t1\n").find("white space"), std::string::npos);
  EXPECT_NE(message("u.s.\t1\n").find("'u.s'"), std::string::npos);
  EXPECT_NE(message("war\t-5\n").find("[-4, 4]"), std::string::npos);
  EXPECT_NE(message("war\tbad\n").find("not a number"), std::string::npos);
  EXPECT_NE(message("war\tnan\n").find("not a number"), std::string::npos);
  EXPECT_EQ(message(":(\t-2\n"), "");  // two code points: never stripped, so it can match
}

presslens::Corpus corpus_of(std::vector<std::string> texts) {
  std::vector<presslens::RawDocument> raw;
  for (std::size_t k = 0; k < texts.size(); ++k) {
    presslens::RawDocument r;
    r.id = "doc" + std::to_string(k);
    r.bytes = std::move(texts[k]);
    raw.push_back(std::move(r));
  }
  return presslens::Corpus::from_records(std::move(raw), {});
}

TEST(Sentiment, DocumentSentimentAggregatesSentences) {
  const presslens::Corpus corpus = corpus_of({"The book was good. The end was bad! It is a book.",
                                              "", "Great, great, great. Good. Love it."});
  const auto one = presslens::document_sentiment(corpus, mini(), false, 1);
  const auto two = presslens::document_sentiment(corpus, mini(), false, 2);
  EXPECT_EQ(one.sentences.compound, two.sentences.compound);
  EXPECT_EQ(one.compound_mean, two.compound_mean);
  ASSERT_EQ(one.n_sentences.size(), corpus.size());
  std::size_t row = 0;
  for (std::size_t d = 0; d < corpus.size(); ++d) {
    const presslens::Document& doc = corpus.at(d);
    ASSERT_EQ(one.n_sentences[d], static_cast<std::int64_t>(doc.seg.sentences.size()));
    double total = 0.0;
    std::size_t positive = 0;
    std::size_t negative = 0;
    for (const presslens::Sentence& s : doc.seg.sentences) {
      const std::string_view text = std::string_view(doc.text).substr(s.start, s.end - s.start);
      const SentimentScores want = mini().polarity_scores(text);
      expect_scores({one.sentences.neg[row], one.sentences.neu[row], one.sentences.pos[row],
                     one.sentences.compound[row]},
                    want, text);
      total += want.compound;
      positive += want.compound >= 0.05 ? 1 : 0;
      negative += want.compound <= -0.05 ? 1 : 0;
      ++row;
    }
    const auto n = static_cast<double>(doc.seg.sentences.size());
    EXPECT_EQ(one.compound_mean[d], n > 0 ? total / n : 0.0);
    EXPECT_EQ(one.positive_share[d], n > 0 ? static_cast<double>(positive) / n : 0.0);
    EXPECT_EQ(one.negative_share[d], n > 0 ? static_cast<double>(negative) / n : 0.0);
    EXPECT_EQ(one.compound_whole[d], mini().polarity_scores(doc.text).compound);
  }
  EXPECT_EQ(row, one.sentences.compound.size());
  // The first document: one positive, one negative, one neutral sentence.
  EXPECT_DOUBLE_EQ(one.positive_share[0], 1.0 / 3);
  EXPECT_DOUBLE_EQ(one.negative_share[0], 1.0 / 3);
  EXPECT_DOUBLE_EQ(one.neutral_share[0], 1.0 / 3);
  // Sentence means do not saturate the way one compound over the whole text does.
  EXPECT_LT(one.compound_mean[2], one.compound_whole[2]);
}

TEST(Sentiment, SummationModes) {
  // 1.9 ten times: left-to-right addition drifts, Neumaier's does not (CPython 3.12 sum()).
  std::string text;
  for (int k = 0; k < 10; ++k) text += "good ok ";
  const SentimentAnalyzer seq(kMiniLexicon, kMiniEmoji, {}, presslens::Summation::kSequential);
  const SentimentAnalyzer neu(kMiniLexicon, kMiniEmoji, {}, presslens::Summation::kNeumaier);
  double plain = 0.0;
  for (int k = 0; k < 10; ++k) {
    plain += 1.9;
    plain += 1.2;
  }
  EXPECT_EQ(seq.explain(text).sum, plain);
  EXPECT_EQ(neu.explain(text).sum, 31.0);
  EXPECT_NE(plain, 31.0);
}

// ---- long texts, scored in pieces ----------------------------------------------------

// A workspace of tiny pieces cuts every case at each place it can; the scores must be
// vaderSentiment's all the same.
TEST(Sentiment, PiecesGiveVadersScores) {
  for (const std::size_t size : {1, 2, 3, 5, 8, 13}) {
    presslens::SentimentWorkspace ws(size);
    for (const Case& c : kCases)
      expect_scores(mini().polarity_scores(c.text, ws), c.expected, c.text);
  }
  EXPECT_THROW(presslens::SentimentWorkspace(0), std::invalid_argument);
}

// Random texts made of the rule cases (negations, "but", ALL CAPS, idioms, emoji, '!' and
// '?') joined by every kind of separator, some of them not white space: scored whole and in
// pieces of many sizes, with both summations, the scores are the same.
TEST(Sentiment, PiecesAgreeWithTheWholeText) {
  const SentimentAnalyzer neumaier(kMiniLexicon, kMiniEmoji, {}, presslens::Summation::kNeumaier);
  const std::array<std::string_view, 10> seps = {" ", "\n", "\t ", "\u00a0", "\u2003",
                                                 "",  "😀",  " 😀 ", "\xff",   "-"};
  std::mt19937_64 rng(5);
  presslens::SentimentWorkspace whole(std::size_t{1} << 40);
  for (int trial = 0; trial < 400; ++trial) {
    std::string text;
    const std::size_t parts = 1 + rng() % 40;
    for (std::size_t k = 0; k < parts; ++k) {
      std::string_view piece = kCases[rng() % std::size(kCases)].text;
      // Some texts without "but" or without capitals, so that both passes run to the end.
      if (trial % 3 == 0 && piece.find("but") != std::string_view::npos) piece = "not good";
      if (trial % 5 == 0 &&
          piece.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos)
        piece = "so good";
      text += piece;
      text += seps[rng() % seps.size()];
    }
    for (const SentimentAnalyzer* a : {&mini(), &neumaier}) {
      const SentimentScores want = a->polarity_scores(text, whole);
      for (const std::size_t size : {1, 2, 7, 16, 61, 200}) {
        presslens::SentimentWorkspace ws(size);
        const SentimentScores got = a->polarity_scores(text, ws);
        ASSERT_EQ(got.neg, want.neg) << size << ": " << text;
        ASSERT_EQ(got.neu, want.neu) << size << ": " << text;
        ASSERT_EQ(got.pos, want.pos) << size << ": " << text;
        ASSERT_EQ(got.compound, want.compound) << size << ": " << text;
        // A warm workspace gives the same again.
        ASSERT_EQ(a->polarity_scores(text, ws).compound, want.compound);
      }
    }
  }
}

// The default workspace scores a text of several pieces (over a megabyte) as the whole.
TEST(Sentiment, LongTextScoredInPiecesByDefault) {
  std::string text;
  std::mt19937_64 rng(3);
  while (text.size() < 3 * presslens::SentimentWorkspace::kDefaultChunkBytes) {
    text += kCases[rng() % std::size(kCases)].text;
    text += rng() % 4 == 0 ? "\n" : " ";
  }
  for (const std::string_view tail : {"", " but bad!", " GOOD"}) {
    const std::string t = text + std::string(tail);
    presslens::SentimentWorkspace whole(std::size_t{1} << 40);
    presslens::SentimentWorkspace pieces;
    const SentimentScores want = mini().polarity_scores(t, whole);
    expect_scores(mini().polarity_scores(t, pieces), want, tail);
    expect_scores(mini().polarity_scores(t), want, tail);
  }
  // One token longer than a piece: it cannot be cut, the piece runs on.
  const std::string word(2 * presslens::SentimentWorkspace::kDefaultChunkBytes + 3, 'g');
  expect_scores(mini().polarity_scores("good " + word + " bad"),
                mini().polarity_scores("good gg bad"), "one long token");
}

// ---- Python's round() -----------------------------------------------------------------

double round_via_decimal(double x, int nd) {
  std::array<char, 400> buf{};
  const auto r =
      std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::fixed, nd);
  double out = 0.0;
  std::from_chars(buf.data(), r.ptr, out);
  return out;
}

TEST(Sentiment, PythonRoundIsHalfEvenOnTheBinaryValue) {
  using presslens::python_round;
  EXPECT_EQ(python_round(0.125, 2), 0.12);  // exact tie: to even
  EXPECT_EQ(python_round(0.375, 2), 0.38);
  EXPECT_EQ(python_round(2.675, 2), 2.67);  // 2.67499999... in binary
  EXPECT_EQ(python_round(0.5, 0), 0.0);
  EXPECT_EQ(python_round(1.5, 0), 2.0);
  EXPECT_EQ(python_round(0.00015, 4), 0.0001);  // 0.000149999... in binary
  EXPECT_EQ(python_round(-0.5423499999, 4), -0.5423);
  const double neg_zero = python_round(-0.00004, 4);
  EXPECT_EQ(neg_zero, 0.0);
  EXPECT_TRUE(std::signbit(neg_zero));  // round(-0.00004, 4) == -0.0 in Python
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  for (int k = 0; k < 200000; ++k) {
    double x = unit(rng);
    if (k % 4 == 0) x = std::round(x * 20000.0) / 20000.0;  // near-ties at 4 decimals
    if (k % 4 == 1) x = std::round(x * 2000.0) / 2000.0;    // near-ties at 3 decimals
    for (const int nd : {3, 4}) {
      ASSERT_EQ(python_round(x, nd), round_via_decimal(x, nd)) << x << " at " << nd;
    }
  }
}

// ---- the "but" rule ------------------------------------------------------------------

TEST(Sentiment, ButRuleRescalesTheFirstEqualValue) {
  // list.index quirk: the second 0.95 finds the first entry (already 0.95) and halves it;
  // after "but", 2.0 becomes 3.0 and the original 3.0 then finds it first.
  std::vector<double> s = {1.9, 0.95, 0.0, 0.0, 2.0, 3.0};
  presslens::detail::but_shift_linear(std::span<double>(s), 3, [](std::size_t, double) {});
  EXPECT_EQ(s, (std::vector<double>{0.475, 0.95, 0.0, 0.0, 4.5, 3.0}));
  // The same after "but" alone.
  std::vector<double> t = {0.0, 2.0, 3.0};
  presslens::detail::but_shift_linear(std::span<double>(t), 0, [](std::size_t, double) {});
  EXPECT_EQ(t, (std::vector<double>{0.0, 4.5, 3.0}));
}

TEST(Sentiment, ButRuleImplementationsAgree) {
  std::mt19937_64 rng(11);
  const std::array<double, 6> values = {0.0, 1.9, -2.5, 0.95, -1.25, 2.85};
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = 1 + rng() % 200;
    std::vector<double> a(n);
    for (double& v : a) v = values[rng() % values.size()];
    std::vector<double> b = a;
    const std::size_t bi = rng() % n;
    std::vector<std::size_t> ja, jb;
    presslens::detail::but_shift_linear(std::span<double>(a), bi,
                                        [&](std::size_t j, double) { ja.push_back(j); });
    presslens::detail::but_shift_indexed(std::span<double>(b), bi,
                                         [&](std::size_t j, double) { jb.push_back(j); });
    ASSERT_EQ(a, b);
    ASSERT_EQ(ja, jb);
  }
}

}  // namespace

TEST(Sentiment, SpanCompoundAveragesTheSentencePiecesOfEachGroup) {
  // Group 0: one span over two sentences (each scored on its own) and a second span; group 1:
  // a span inside one sentence; group 2: no span (NaN). Code points and bytes agree.
  const std::string text = "Ärger: the book was good. The end was bad! Love it.";
  const presslens::Corpus corpus = corpus_of({text});
  const presslens::SentimentAnalyzer& a = mini();
  const std::string_view t = corpus.at(0).text;
  const auto byte_of = [&](std::string_view s) { return static_cast<std::int64_t>(t.find(s)); };
  const std::int64_t good = byte_of("the book"), bad_end = byte_of("Love") - 1,
                     love = byte_of("Love"), end = static_cast<std::int64_t>(t.size());
  const std::vector<std::int64_t> doc = {0, 0, 0}, start = {good, love, love},
                                  stop = {bad_end, end, end}, group = {0, 0, 1};
  const presslens::SpanColumns bytes{doc, start, stop, group};
  const auto by_bytes = presslens::span_compound(corpus, a, bytes, 3, false, 1);
  const double g = a.polarity_scores("the book was good.").compound,
               b = a.polarity_scores("The end was bad!").compound,
               l = a.polarity_scores("Love it.").compound;
  ASSERT_EQ(by_bytes.size(), 3u);
  EXPECT_DOUBLE_EQ(by_bytes[0], (g + b + l) / 3);
  EXPECT_DOUBLE_EQ(by_bytes[1], l);
  EXPECT_TRUE(std::isnan(by_bytes[2]));
  const presslens::CodePointIndex idx(t);
  std::vector<std::int64_t> cs, ce;
  for (std::size_t i = 0; i < start.size(); ++i) {
    cs.push_back(static_cast<std::int64_t>(idx.to_code_point(static_cast<std::size_t>(start[i]))));
    ce.push_back(static_cast<std::int64_t>(idx.to_code_point(static_cast<std::size_t>(stop[i]))));
  }
  const presslens::SpanColumns cps{doc, cs, ce, group};
  const auto by_cps = presslens::span_compound(corpus, a, cps, 3, true, 2);
  EXPECT_EQ(by_cps[0], by_bytes[0]);
  EXPECT_EQ(by_cps[1], by_bytes[1]);
  EXPECT_TRUE(std::isnan(by_cps[2]));
  const std::vector<std::int64_t> past = {end + 5};
  const std::vector<std::int64_t> one = {0};
  EXPECT_THROW((void)presslens::span_compound(corpus, a, {one, one, past, one}, 1, false),
               std::out_of_range);
  EXPECT_THROW((void)presslens::span_compound(corpus, a, {one, one, one, one}, 0, false),
               std::out_of_range);
}

TEST(Sentiment, CodePointIndexMapsBothWays) {
  const std::string text =
      "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z" + std::string(200, 'x') + "\xC3\xA9!";
  const presslens::CodePointIndex idx(text);
  for (std::size_t b = 0; b <= text.size(); ++b) {
    if (b < text.size() && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) continue;
    EXPECT_EQ(idx.to_byte(idx.to_code_point(b)), b) << b;
  }
  EXPECT_EQ(idx.to_byte(idx.to_code_point(text.size()) + 3), text.size() + 3);
}
