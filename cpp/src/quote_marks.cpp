// Quotation marks: which token opens or closes a quote of which family, the pairing of
// double marks across a paragraph (and into the next for a multi-paragraph quote), and
// single-quoted quotes outside double marks.
#include <algorithm>
#include <array>
#include <string>

#include "detail/doc_quotes.hpp"

namespace presslens::detail {

std::pair<Mark, Family> DocQuotes::classify_mark(std::uint32_t k) const {
  const std::string_view t = tok(k);
  const bool gap_before = k == 0 || toks_[k].start != toks_[k - 1].end;
  const bool gap_after = k + 1 >= toks_.size() || toks_[k + 1].start != toks_[k].end;
  const bool prev_open = k > 0 && !gap_before &&
                         (tok(k - 1) == "(" || tok(k - 1) == "[" || tok(k - 1) == "\xE2\x80\x94");
  if (t == "\xE2\x80\x9C" || t == "\xE2\x80\x9E" || t == "\xC2\xAB" || t == "``")
    return {Mark::kOpen, Family::kDouble};  // “ „ « ``
  if (t == "\xE2\x80\x9D" || t == "\xC2\xBB") return {Mark::kClose, Family::kDouble};  // ” »
  if (t == "\"" || t == "''") {  // straight marks: open or close by the spaces around them
    if ((gap_before || prev_open) && !gap_after) return {Mark::kOpen, Family::kDouble};
    if (!gap_before && gap_after) return {Mark::kClose, Family::kDouble};
    return {Mark::kAmbiguous, Family::kDouble};
  }
  if (t == "\xE2\x80\x98" || t == "\xE2\x80\x9A" || t == "\xE2\x80\xB9")
    return {elision(k) ? Mark::kNone : Mark::kOpen, Family::kSingle};
  if (t == "\xE2\x80\x99" || t == "\xE2\x80\xBA") return {Mark::kClose, Family::kSingle};
  if (t == "'" || t == "`") {
    // an apostrophe: '90s, 'em, and both of rock 'n' roll
    if (elision(k) || (!gap_before && k >= 2 && word_is(k - 1, "n") &&
                       toks_[k - 1].start == toks_[k - 2].end && elision(k - 2)))
      return {Mark::kNone, Family::kSingle};
    if ((gap_before || prev_open) && !gap_after) return {Mark::kOpen, Family::kSingle};
    if (!gap_before && gap_after) return {Mark::kClose, Family::kSingle};
    return {Mark::kAmbiguous, Family::kSingle};
  }
  return {Mark::kNone, Family::kDouble};
}

std::vector<RawQuote> DocQuotes::pair_marks(std::vector<CorpusWarning>& warnings) {
  std::vector<RawQuote> out;
  const auto& paras = d_.seg.paragraphs;
  bool open = false;
  RawQuote cur{};
  std::uint32_t unbalanced = 0, first_bad = 0;
  auto close_unbalanced = [&](std::uint32_t p, std::uint32_t end, std::uint32_t stop_tok) {
    cur.end = end;
    cur.close_tok = UINT32_MAX;
    cur.stop_tok = stop_tok;
    cur.unbalanced = true;
    cur.last_paragraph = p;
    if (unbalanced++ == 0) first_bad = toks_[cur.open_tok].start;
    if (cur.end > cur.start) out.push_back(cur);
    open = false;
  };
  // (trailing white space is trimmed: a paragraph's end is)
  auto close_at_paragraph_end = [&](std::uint32_t p) {
    close_unbalanced(p, paras[p].end, UINT32_MAX);
  };
  auto close_at_next_open = [&](std::uint32_t k, std::uint32_t p) {
    close_unbalanced(p, toks_[k].start, k);
  };
  for (std::uint32_t p = 0; p < paras.size(); ++p) {
    const Paragraph& para = paras[p];
    if (para.sentence_begin == para.sentence_end) continue;
    const std::uint32_t tb = d_.seg.sentences[para.sentence_begin].token_begin;
    const std::uint32_t te = d_.seg.sentences[para.sentence_end - 1].token_end;
    if (para.boilerplate) {
      if (open) close_at_paragraph_end(cur.last_paragraph);
      continue;
    }
    if (open) {
      // Multi-paragraph quote: the next paragraph reopens with a mark of the same family.
      const auto [m, f] = classify(tb);
      if ((m == Mark::kOpen || m == Mark::kAmbiguous) && f == Family::kDouble) {
        cur.last_paragraph = p;
        // continue scanning after the reopening mark
        scan(tb + 1, te, p, open, cur, out, close_at_next_open);
        if (open) cur.last_paragraph = p;
        continue;
      }
      // A quote hard-wrapped inside its paragraph: the line goes on after a single break
      // and its first double mark closes. (The quote stage joins the lines; segmentation
      // keeps them apart for the other analyses.)
      if (cur.last_paragraph + 1 == p && wraps_on(p)) {
        scan(tb, te, p, open, cur, out, close_at_next_open);
        if (open) cur.last_paragraph = p;
        continue;
      }
      close_at_paragraph_end(cur.last_paragraph);
    }
    scan(tb, te, p, open, cur, out, close_at_next_open);
    if (open) cur.last_paragraph = p;
    // single quotes, British style, outside double quotes: within the paragraph only
    singles(tb, te, p, out);
  }
  if (open) close_at_paragraph_end(cur.last_paragraph);
  if (unbalanced > 0)
    warnings.push_back({d_.id, d_.source, -1, static_cast<std::int64_t>(first_bad),
                        "unbalanced_quote",
                        "document '" + d_.id + "': " + std::to_string(unbalanced) +
                            " quotation mark(s) never closed, the first at byte offset " +
                            std::to_string(first_bad) +
                            "; each such quote was closed at the next opening mark or the end "
                            "of its paragraph"});
  std::sort(out.begin(), out.end(),
            [](const RawQuote& a, const RawQuote& b) { return a.start < b.start; });
  return out;
}

template <class CloseFn>
void DocQuotes::scan(std::uint32_t tb, std::uint32_t te, std::uint32_t p, bool& open, RawQuote& cur,
                     std::vector<RawQuote>& out, CloseFn& close_at_next_open) {
  for (std::uint32_t k = tb; k < te; ++k) {
    const auto [m, f] = classify(k);
    if (m == Mark::kNone || f != Family::kDouble) continue;
    if (!open) {
      if (m == Mark::kOpen || m == Mark::kAmbiguous) {
        open = true;
        cur = RawQuote{k, UINT32_MAX, toks_[k].end, 0, p, p, false};
      }
      continue;
    }
    // „ closes with “ in the German style.
    const bool low_open = tok(cur.open_tok) == "\xE2\x80\x9E";
    if (m == Mark::kClose || m == Mark::kAmbiguous || (low_open && tok(k) == "\xE2\x80\x9C")) {
      cur.close_tok = k;
      cur.end = toks_[k].start;
      cur.last_paragraph = p;
      if (cur.end > cur.start) out.push_back(cur);
      open = false;
    } else {
      // A new opening mark while one is open: the first was never closed. It ends where
      // the new one opens (not at the end of the paragraph, which would make every quote
      // of a run of unclosed marks span the rest of it: quadratic in the output).
      close_at_next_open(k, p);
      open = true;
      cur = RawQuote{k, UINT32_MAX, toks_[k].end, 0, p, p, false};
    }
  }
}

bool DocQuotes::after_single_break(std::uint32_t p) const {
  const auto& paras = d_.seg.paragraphs;
  if (p == 0 || p >= paras.size() || paras[p].boilerplate) return false;
  const std::string_view gap = text_.substr(paras[p - 1].end, paras[p].start - paras[p - 1].end);
  return std::count(gap.begin(), gap.end(), '\n') == 1;
}

bool DocQuotes::wraps_on(std::uint32_t p) {
  const auto& paras = d_.seg.paragraphs;
  if (first_dq_.empty()) first_dq_.assign(paras.size(), kUnknownMark);
  for (std::uint32_t q = p; q < paras.size() && q < p + kMaxWrappedLines; ++q) {
    if (!after_single_break(q)) return false;
    // mid-sentence: the line before does not end a sentence, or this one goes on in lower
    // case (a pull quote's "...here.\nS.C. Rep. Jim Smith.\"" is a quote and its credit)
    const auto [pb, pe] = paragraph_tokens(q - 1);
    const auto [tb, te] = paragraph_tokens(q);
    if (pe == pb || te == tb) return false;
    const bool lower_next = is_word(tb) && !(toks_[tb].flags & kTokCapitalized);
    if (is_terminal_punct(pe - 1) && !lower_next) return false;
    if (first_dq_[q] == kUnknownMark) {
      first_dq_[q] = static_cast<std::uint8_t>(Mark::kNone);
      for (std::uint32_t k = tb; k < te; ++k) {
        const auto [m, f] = classify(k);
        if (m == Mark::kNone || f != Family::kDouble) continue;
        first_dq_[q] = static_cast<std::uint8_t>(m);
        break;
      }
    }
    if (first_dq_[q] != static_cast<std::uint8_t>(Mark::kNone))
      return first_dq_[q] == static_cast<std::uint8_t>(Mark::kClose);
  }
  return false;
}

bool DocQuotes::elision(std::uint32_t k) const {
  static constexpr std::array<std::string_view, 9> kElided = {"n",     "em",   "til", "tis", "twas",
                                                              "cause", "bout", "cos", "nuff"};
  const std::uint32_t w = k + 1;
  if (w >= toks_.size() || toks_[w].start != toks_[k].end) return false;
  const std::string_view t = tok(w);
  if (toks_[w].kind == TokenKind::kNumber || (!t.empty() && t[0] >= '0' && t[0] <= '9'))
    return true;
  return is_word(w) && t.size() <= 5 &&
         std::any_of(kElided.begin(), kElided.end(),
                     [&](std::string_view e) { return word_is(w, e); });
}

bool DocQuotes::possessive(std::uint32_t k) const {
  if (k == 0 || k + 1 >= toks_.size() || toks_[k - 1].end != toks_[k].start) return false;
  const std::string_view before = tok(k - 1);
  return is_word(k - 1) && (before.back() == 's' || before.back() == 'S') &&
         toks_[k + 1].start != toks_[k].end && is_word(k + 1);
}

void DocQuotes::singles(std::uint32_t tb, std::uint32_t te, std::uint32_t p,
                        std::vector<RawQuote>& out) {
  std::uint32_t depth_double = 0;
  std::int64_t open_at = -1;
  for (std::uint32_t k = tb; k < te; ++k) {
    const auto [m, f] = classify(k);
    if (m == Mark::kNone) continue;
    if (f == Family::kDouble) {
      depth_double ^= 1u;
      continue;
    }
    if (depth_double) continue;
    if (open_at < 0 && m == Mark::kOpen) {
      open_at = k;
    } else if (open_at >= 0 && (m == Mark::kClose || m == Mark::kAmbiguous) && !possessive(k)) {
      // any length: 'Hello,' he said, 'how are you?' (short ones are kept as utterances
      // only, see short_single_utterance)
      const auto o = static_cast<std::uint32_t>(open_at);
      if (words_in(o + 1, k) > 0) {
        out.push_back(RawQuote{o, k, toks_[o].end, toks_[k].start, p, p, false});
        out.back().single = true;
      }
      open_at = -1;
    }
  }
}

}  // namespace presslens::detail
