// tests/fuzz/fuzz_sentiment.cpp: VADER scoring, explain(), batches and overlay parsing
// (sentiment.hpp), with vaderSentiment's own lexicons (PRESSLENS_VADER_DIR, or the
// environment variable of that name).
//
// Input: one option byte, then a text (raw bytes: invalid UTF-8 included, as the header
// allows) or an overlay file (option bit 0). Bit 1 picks the summation, bits 2-5 the piece
// size (1 to 16 bytes) of a workspace that scores the text in pieces.
// Invariants: scores finite, neg/neu/pos in [0, 1] summing to 1 (within rounding) or all 0,
// compound in [-1, 1], rounded as documented; explain() gives the same scores, token
// ranges inside the text and ordered; a reused workspace, a fresh one, one that scores the
// text in pieces and a 1- or 2-thread batch agree; an overlay parses or throws
// std::invalid_argument, and parsed entries are lower-case terms without white space with valences
// in [-4, 4].
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"
#include "presslens/sentiment.hpp"
#include "presslens/text.hpp"

namespace {

const presslens::SentimentAnalyzer& analyzer(bool neumaier) {
  static const auto make = [](presslens::Summation s) {
    const char* env = std::getenv("PRESSLENS_VADER_DIR");
    const std::filesystem::path dir = env != nullptr ? env : PRESSLENS_VADER_DIR;
    return std::make_unique<presslens::SentimentAnalyzer>(
        presslens_fuzz::slurp(dir / "vader_lexicon.txt"),
        presslens_fuzz::slurp(dir / "emoji_utf8_lexicon.txt"),
        std::span<const presslens::OverlayEntry>{}, s);
  };
  static const auto seq = make(presslens::Summation::kSequential);
  static const auto neu = make(presslens::Summation::kNeumaier);
  return neumaier ? *neu : *seq;
}

bool same(const presslens::SentimentScores& a, const presslens::SentimentScores& b) {
  return a.neg == b.neg && a.neu == b.neu && a.pos == b.pos && a.compound == b.compound;
}

bool rounded(double x, int digits) {
  return presslens::python_round(x, digits) == x;
}

void check_scores(const presslens::SentimentScores& s) {
  for (const double v : {s.neg, s.neu, s.pos, s.compound}) FUZZ_CHECK(std::isfinite(v));
  for (const double v : {s.neg, s.neu, s.pos}) FUZZ_CHECK(0.0 <= v && v <= 1.0 && rounded(v, 3));
  FUZZ_CHECK(-1.0 <= s.compound && s.compound <= 1.0 && rounded(s.compound, 4));
  const double total = s.neg + s.neu + s.pos;
  FUZZ_CHECK(total == 0.0 || std::fabs(total - 1.0) <= 0.0025);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  presslens_fuzz::Input in(data, size);
  const std::uint8_t opt = in.byte();
  const std::string_view text = in.rest();

  if (opt & 1) {
    try {
      const auto entries = presslens::parse_overlay(text, "fuzz.tsv");
      for (const auto& e : entries) {
        FUZZ_CHECK(!e.term.empty());
        for (const char c : e.term) FUZZ_CHECK(c != ' ' && c != '\t' && c != '\n' && c != '\r');
        std::string lower;
        presslens::append_lower(lower, e.term);
        FUZZ_CHECK(lower == e.term);
        if (e.valence) FUZZ_CHECK(std::isfinite(*e.valence) && std::fabs(*e.valence) <= 4.0);
      }
      // A parsed overlay builds an analyzer that scores like any other.
      const char* env = std::getenv("PRESSLENS_VADER_DIR");
      const std::filesystem::path dir = env != nullptr ? env : PRESSLENS_VADER_DIR;
      static const std::string lex = presslens_fuzz::slurp(dir / "vader_lexicon.txt");
      static const std::string emo = presslens_fuzz::slurp(dir / "emoji_utf8_lexicon.txt");
      const presslens::SentimentAnalyzer a(lex, emo, entries);
      for (const auto& e : entries) {
        const auto v = a.valence(e.term);
        // The last entry for a term wins.
        const presslens::OverlayEntry* last = nullptr;
        for (const auto& f : entries)
          if (f.term == e.term) last = &f;
        if (last->valence)
          FUZZ_CHECK(v && *v == *last->valence);
        else
          FUZZ_CHECK(!v);
      }
      check_scores(a.polarity_scores(text));
    } catch (const std::invalid_argument&) {
    }
    return 0;
  }

  const auto& a = analyzer((opt & 2) != 0);
  presslens::SentimentWorkspace ws;
  const presslens::SentimentScores s = a.polarity_scores(text, ws);
  check_scores(s);
  FUZZ_CHECK(same(s, a.polarity_scores(text, ws)));  // warm workspace
  FUZZ_CHECK(same(s, a.polarity_scores(text)));      // fresh one
  // Cut wherever a cut is allowed, every few bytes: the scores of the whole text.
  presslens::SentimentWorkspace pieces(1 + ((opt >> 2) & 15));
  FUZZ_CHECK(same(s, a.polarity_scores(text, pieces)));

  const presslens::Explanation e = a.explain(text);
  FUZZ_CHECK(same(s, e.scores));
  FUZZ_CHECK(std::isfinite(e.sum) && std::isfinite(e.punctuation_amplifier));
  std::size_t last = 0;
  double share = std::fabs(e.punctuation_share);
  // Offsets are code points. A token of stray continuation bytes only (invalid UTF-8, which
  // Python never passes) belongs to the code point before it and may come out empty.
  const bool valid = presslens::find_invalid_utf8(text) == std::string_view::npos;
  const std::size_t code_points = presslens::count_code_points(text);
  for (const auto& t : e.tokens) {
    FUZZ_CHECK(t.start <= t.end && t.end <= code_points);
    FUZZ_CHECK(!valid || t.start < t.end);
    FUZZ_CHECK(t.start >= last);  // ordered (the words of one emoji share its range)
    last = t.start;
    FUZZ_CHECK(std::isfinite(t.valence) && std::isfinite(t.share) && std::isfinite(t.booster));
    share += std::fabs(t.share);
  }
  FUZZ_CHECK(share <= 1.0 + 1e-9);

  // Batches: the same scores whatever the thread count; sentences of the text as items.
  std::vector<std::string_view> items;
  for (std::size_t p = 0; p <= text.size();) {
    const auto q = std::min(text.find('.', p), text.size());
    items.push_back(text.substr(p, q - p));
    p = q + 1;
  }
  items.push_back(text);
  const auto one = a.polarity_scores_many(items, 1);
  const auto two = a.polarity_scores_many(items, 2);
  FUZZ_CHECK(one.compound.size() == items.size());
  for (std::size_t k = 0; k < items.size(); ++k) {
    const presslens::SentimentScores x{one.neg[k], one.neu[k], one.pos[k], one.compound[k]};
    const presslens::SentimentScores y{two.neg[k], two.neu[k], two.pos[k], two.compound[k]};
    FUZZ_CHECK(same(x, y));
    FUZZ_CHECK(same(x, a.polarity_scores(items[k], ws)));
  }
  return 0;
}
