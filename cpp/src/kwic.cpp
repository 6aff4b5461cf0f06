// Keyword in context (presslens/kwic.hpp): every occurrence of a term with the tokens around
// it, tokenized with the patterns of the term counter (detail/terms_scan.hpp).
#include "presslens/kwic.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/terms_scan.hpp"
#include "presslens/corpus.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

namespace presslens {

namespace {

using detail::feed_document_sklearn;
using detail::Scratch;
using detail::validate_view;

/// Collects the tokens of one document (lowercased text, offsets, n-gram segment).
class TokenList {
 public:
  struct Tok {
    std::size_t start;
    std::size_t end;
    std::size_t text_begin;
    std::size_t text_end;
    std::size_t segment;
  };
  void token(std::string_view padded, std::size_t start, std::size_t end) {
    const std::size_t b = text_.size();
    text_.append(padded);
    toks_.push_back(Tok{start, end, b, text_.size(), segment_});
  }
  void boundary() noexcept { ++segment_; }
  void restart() {
    toks_.clear();
    text_.clear();
  }
  [[nodiscard]] const std::vector<Tok>& tokens() const noexcept { return toks_; }
  [[nodiscard]] std::string_view text(std::size_t i) const noexcept {
    return std::string_view(text_).substr(toks_[i].text_begin,
                                          toks_[i].text_end - toks_[i].text_begin);
  }

 private:
  std::vector<Tok> toks_;
  std::string text_;
  std::size_t segment_ = 0;
};

void tokens_of_text(std::string_view utf8, const KwicOptions& o, Scratch& s, TokenList& out) {
  if (o.pattern == TokenPattern::kSklearn) {
    detail::scan_sklearn(utf8.data(), utf8.size(), 0, o.lowercase, false, s.tok, out);
  } else {
    const Segmentation seg = segment(utf8, SegmentOptions{});
    detail::scan_segmentation(utf8, seg, false, o.lowercase, s.token_lower, s.tok, out);
  }
}

// `s` with each run of white space made one space and the ends trimmed, appended to `out`
// (empty): what Python's " ".join(s.split()) gives. Done here so that Python does not hold
// a second copy of every context while it rewrites them.
void append_collapsed(std::string& out, std::string_view s) {
  bool pending = false;
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_utf8(s, i);
    if (d.valid && is_space(d.cp)) {
      pending = !out.empty();
    } else {
      if (pending) out.push_back(' ');
      pending = false;
      out.append(s.substr(i, d.len));
    }
    i += d.len;
  }
}

void kwic_hits(std::string_view text, const TokenList& tl, const std::vector<std::string>& want,
               std::size_t window, std::size_t doc, std::vector<KwicHit>& out) {
  const auto& tk = tl.tokens();
  const std::size_t m = want.size();
  if (tk.size() < m) return;
  std::unique_ptr<CodePointIndex> cpi;
  for (std::size_t i = 0; i + m <= tk.size(); ++i) {
    bool ok = true;
    for (std::size_t j = 0; j < m && ok; ++j) {
      ok = tk[i + j].segment == tk[i].segment && tl.text(i + j) == want[j];
    }
    if (!ok) continue;
    if (!cpi) cpi = std::make_unique<CodePointIndex>(text);
    const std::size_t last = i + m - 1;
    const std::size_t lo = i >= window ? i - window : 0;
    const std::size_t hi = std::min(tk.size() - 1, last + window);
    KwicHit h;
    h.doc = doc;
    h.start = cpi->to_code_point(tk[i].start);
    h.end = cpi->to_code_point(tk[last].end);
    append_collapsed(h.left, text.substr(tk[lo].start, tk[i].start - tk[lo].start));
    h.match = std::string(text.substr(tk[i].start, tk[last].end - tk[i].start));
    append_collapsed(h.right, text.substr(tk[last].end, tk[hi].end - tk[last].end));
    out.push_back(std::move(h));
  }
}

std::vector<std::string> term_tokens(std::string_view term, const KwicOptions& o) {
  Scratch s;
  TokenList tl;
  tokens_of_text(term, o, s, tl);
  std::vector<std::string> want;
  for (std::size_t i = 0; i < tl.tokens().size(); ++i) want.emplace_back(tl.text(i));
  if (want.empty()) {
    throw std::invalid_argument("kwic term '" + std::string(term) +
                                "' has no token under this token pattern");
  }
  return want;
}

std::vector<KwicHit> concat(std::vector<std::vector<KwicHit>>& per_doc) {
  std::size_t n = 0;
  for (const auto& v : per_doc) n += v.size();
  std::vector<KwicHit> out;
  out.reserve(n);
  for (auto& v : per_doc) {
    for (auto& h : v) out.push_back(std::move(h));
  }
  return out;
}

}  // namespace

std::vector<KwicHit> kwic(std::span<const TextView> texts, std::string_view term,
                          const KwicOptions& options, const Interrupt& interrupt) {
  for (std::size_t i = 0; i < texts.size(); ++i) validate_view(texts[i], i);
  const std::vector<std::string> want = term_tokens(term, options);
  std::vector<std::vector<KwicHit>> per_doc(texts.size());
  parallel_for(
      texts.size(), options.threads,
      [&](std::size_t i) {
        Scratch s;
        TokenList tl;
        const std::string_view utf8 = detail::as_utf8(texts[i], s.utf8);
        tokens_of_text(utf8, options, s, tl);
        kwic_hits(utf8, tl, want, options.window, i, per_doc[i]);
      },
      interrupt, 16);
  return concat(per_doc);
}

std::vector<KwicHit> kwic(const Corpus& corpus, std::string_view term, const KwicOptions& options,
                          const Interrupt& interrupt) {
  const std::vector<std::string> want = term_tokens(term, options);
  const auto docs = corpus.documents();
  std::vector<std::vector<KwicHit>> per_doc(docs.size());
  parallel_for(
      docs.size(), options.threads,
      [&](std::size_t i) {
        Scratch s;
        TokenList tl;
        const Document& d = docs[i];
        if (options.pattern == TokenPattern::kSklearn) {
          feed_document_sklearn(d, options.lowercase, false, s, tl);
        } else {
          detail::scan_segmentation(d.text, d.seg, true, options.lowercase, s.token_lower, s.tok,
                                    tl);
        }
        kwic_hits(d.text, tl, want, options.window, i, per_doc[i]);
      },
      interrupt, 16);
  return concat(per_doc);
}

}  // namespace presslens
