// presslens/kwic.hpp: keyword in context, every occurrence of a word or phrase in a corpus
// or in raw texts, with the tokens around it and code-point offsets.
//
//   presslens::KwicOptions o;  o.window = 5;
//   for (const presslens::KwicHit& h : presslens::kwic(corpus, "ryabkov", o))
//     std::cout << h.left << " [" << h.match << "] " << h.right << "\n";
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "presslens/errors.hpp"
#include "presslens/terms.hpp"  // TokenPattern
#include "presslens/text.hpp"

namespace presslens {

class Corpus;

struct KwicOptions {
  TokenPattern pattern = TokenPattern::kDefault;
  bool lowercase = true;   // match case-insensitively (both sides lowercased)
  std::size_t window = 5;  // tokens of context on each side
  int threads = 0;
};

/// One occurrence of the searched term. Offsets are code points into the document text
/// (Python's text[start:end] is the match); left / right are the texts of up to `window`
/// tokens before / after it, from the first context token to the match (and from the
/// match to the last context token), within the same document, with each run of white
/// space (str.isspace) made one space and the ends trimmed (Python's " ".join(s.split())).
struct KwicHit {
  std::size_t doc;
  std::size_t start;
  std::size_t end;
  std::string left;
  std::string match;
  std::string right;
};

/// Every occurrence of `term` (one token, or several separated by spaces matched as
/// consecutive tokens: within a sentence for kDefault, never inside boilerplate for a
/// Corpus), in document order then position. `term` is tokenized with the same pattern.
/// O(text). Throws std::invalid_argument when `term` has no token.
[[nodiscard]] std::vector<KwicHit> kwic(std::span<const TextView> texts, std::string_view term,
                                        const KwicOptions& options,
                                        const Interrupt& interrupt = {});
[[nodiscard]] std::vector<KwicHit> kwic(const Corpus& corpus, std::string_view term,
                                        const KwicOptions& options,
                                        const Interrupt& interrupt = {});

}  // namespace presslens
