// detail/sentiment_news.hpp: the news model's clause scope, token by token.
//
// The news model scores VADER's tokens with VADER's per-token rules first; NewsScope then
// walks the tokens in order and changes each value with what VADER cannot see:
//
//   - a verbal negation governs the rest of its clause: a sentiment word four to sixteen
//     tokens after it (VADER's window ends at three) is multiplied by `scope_negation`
//     ("I cannot say that we have achieved great progress"); two negations in one clause
//     cancel ("it cannot be ruled out that ... further aggravations" stays negative);
//   - a hedge or modal ("may", "could", "reportedly") softens the rest of its clause by
//     `hedge`;
//   - every positive value is multiplied by `positive_weight`, every negative one by
//     `negative_weight` (the calibrated linear weights).
//
// A clause ends at , ; : . ! ? ) after a token, at a dash standing alone, and before a
// contrast or subordinating word (but, however, although, while, because, ...). "not only",
// "not just" and "no doubt" negate nothing. The state is a few scalars: a text scored in
// pieces carries it from piece to piece.
#pragma once

#include <cstdint>

#include "presslens/sentiment.hpp"

namespace presslens::detail {

// What NewsScope needs to know of one token.
struct NewsToken {
  bool negation = false;      // a negation word (VADER's NEGATE, "n't", or a news negator)
  bool hedge = false;         // a hedge or modal
  bool breaks = false;        // starts a new clause (contrast or subordinating word, dash)
  bool rule_verb = false;     // rule / rules / ruled / ruling
  bool out = false;           // "out" (after a rule verb: "ruled out" negates)
  bool clause_end = false;    // clause punctuation right after it
  bool next_cancels = false;  // the next token is "only", "just" or "doubt"
  bool raises = false;        // a negation followed by a verb of saying or thinking
                              // ("cannot say", "don't think"): it governs the clause
  bool question = false;      // how, what, why, where, who: opens an embedded question
  bool word = true;           // holds a letter (an emoticon is never negated by scope)
};

// VADER's negation window: a negation 1 to 3 tokens before a word is VADER's business.
inline constexpr std::uint32_t kVaderNegationWindow = 3;
// A negation's scope ends with its clause, and at the latest this many tokens after it
// (text without punctuation, as in social media, has no clause ends to stop it).
inline constexpr std::uint32_t kNewsScopeWindow = 16;

class NewsScope {
 public:
  explicit NewsScope(const NewsModelParams& p) noexcept : p_(p) {}

  /// The news value of a token whose VADER value is `v`; `rules` receives the news rule
  /// bits applied. Call once per token, in text order.
  [[nodiscard]] double step(const NewsToken& t, double v, std::uint32_t& rules) noexcept {
    rules = 0;
    if (t.breaks) reset();
    const bool negates = (t.negation && !t.next_cancels) || (t.out && after_rule_verb_);
    if (negates) {
      negated_ = !negated_;
      raised_ = t.raises;
      distance_ = 0;
    } else if (distance_ < 255) {
      ++distance_;
    }
    if (t.hedge) hedged_ = true;
    if (t.question && raised_) {
      // "I don't know how I got so lucky", "can't say how pleased I am": the negation of
      // the verb does not deny the embedded question
      negated_ = false;
      raised_ = false;
    }
    double out = v;
    if (out != 0.0) {
      if (negated_ && raised_ && !negates && t.word && distance_ > kVaderNegationWindow &&
          distance_ <= kNewsScopeWindow) {
        out *= p_.scope_negation;
        rules |= kRuleScopeNegated;
      }
      if (hedged_ && !t.hedge) {
        out *= p_.hedge;
        rules |= kRuleHedged;
      }
      const double w = out > 0 ? p_.positive_weight : p_.negative_weight;
      if (w != 1.0) {
        out *= w;
        rules |= kRuleWeighted;
      }
    }
    after_rule_verb_ = t.rule_verb;
    if (t.clause_end) reset();
    return out;
  }

 private:
  void reset() noexcept {
    negated_ = false;
    raised_ = false;
    hedged_ = false;
    distance_ = 255;
  }

  NewsModelParams p_;
  std::uint32_t distance_ = 255;  // tokens since the last negation of the clause
  bool negated_ = false;          // an odd number of negations so far in the clause
  bool raised_ = false;           // the last negation governs a verb of saying or thinking
  bool hedged_ = false;
  bool after_rule_verb_ = false;
};

}  // namespace presslens::detail
