// tests/cpp/test_sentiment_news.cpp: the news model (NewsModelParams) on a mini lexicon.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "detail/sentiment_news.hpp"
#include "presslens/sentiment.hpp"

namespace {

constexpr std::string_view kLexicon =
    "great\t3.1\n"
    "progress\t1.8\n"
    "good\t1.9\n"
    "bad\t-2.5\n"
    ":)\t2.0\n";

presslens::SentimentAnalyzer news_analyzer() {
  const std::vector<presslens::OverlayEntry> overlay = {{"aggravations", -2.1}};
  return presslens::SentimentAnalyzer(kLexicon, "", overlay, presslens::Summation::kSequential,
                                      presslens::NewsModelParams{-0.5, 0.6, 1.0, 1.0});
}

TEST(SentimentNews, NegationReachesTheEndOfItsClause) {
  const auto news = news_analyzer();
  const presslens::SentimentAnalyzer vader(kLexicon, "");
  const std::string_view text = "I cannot say that we have achieved great progress.";
  EXPECT_GT(vader.polarity_scores(text).compound, 0.05);
  EXPECT_LT(news.polarity_scores(text).compound, -0.05);
  const auto e = news.explain(text);
  for (const auto& t : e.tokens) {
    if (t.token == "great") {
      EXPECT_TRUE(t.rules & presslens::kRuleScopeNegated);
      EXPECT_DOUBLE_EQ(t.valence, 3.1 * -0.5);
    }
  }
  // A comma ends the clause: "good" keeps its sign.
  EXPECT_GT(news.polarity_scores("We cannot say that it happened, the news is good").compound,
            0.05);
}

TEST(SentimentNews, TwoNegationsCancelAndEmoticonsAreNotNegated) {
  const auto news = news_analyzer();
  EXPECT_LT(
      news.polarity_scores("It cannot be ruled out that there will be some aggravations").compound,
      -0.05);
  EXPECT_GT(news.polarity_scores("I do not know why they said all that to me :)").compound, 0.05);
}

TEST(SentimentNews, HedgesSoftenAndScoresStayInRange) {
  const auto news = news_analyzer();
  const double plain = news.polarity_scores("The result is great").compound;
  const double hedged = news.polarity_scores("The result may be great").compound;
  EXPECT_GT(hedged, 0.0);
  EXPECT_LT(hedged, plain);
  for (std::string_view t : {"", "great great great great great!!!!", "bad bad bad bad bad"}) {
    const auto s = news.polarity_scores(t);
    EXPECT_GE(s.compound, -1.0);
    EXPECT_LE(s.compound, 1.0);
    EXPECT_EQ(news.explain(t).scores.compound, s.compound);
  }
}

TEST(SentimentNews, LongTextsScoredInPiecesAgree) {
  const auto news = news_analyzer();
  std::string text;
  for (int i = 0; i < 200; ++i) text += "We cannot say that the talks made great progress, fine. ";
  presslens::SentimentWorkspace whole;
  presslens::SentimentWorkspace pieces(64);
  const auto a = news.polarity_scores(text, whole);
  const auto b = news.polarity_scores(text, pieces);
  EXPECT_EQ(a.compound, b.compound);
  EXPECT_EQ(a.neg, b.neg);
}

TEST(SentimentNews, ParameterFile) {
  const auto p = presslens::parse_news_model("# c\nhedge\t0.5\nnegative_weight\t1.25\n");
  EXPECT_EQ(p.hedge, 0.5);
  EXPECT_EQ(p.negative_weight, 1.25);
  EXPECT_EQ(p.scope_negation, presslens::NewsModelParams{}.scope_negation);
  EXPECT_THROW((void)presslens::parse_news_model("hedges\t1\n"), std::invalid_argument);
  EXPECT_THROW((void)presslens::parse_news_model("hedge\t9\n"), std::invalid_argument);
  EXPECT_THROW((void)presslens::parse_news_model("hedge 1\n"), std::invalid_argument);
  EXPECT_FALSE(presslens::SentimentAnalyzer(kLexicon, "").news().has_value());
  EXPECT_TRUE(news_analyzer().news().has_value());
}

}  // namespace
