// tests/fuzz/fuzz_segment.cpp: tokenizer, sentence splitter, line and paragraph
// segmentation (tokenize.hpp).
//
// Input: one option byte (paragraph mode, boilerplate lines, repair or not), then the text.
// Invariants: tokens inside the text, non-empty, ordered, on code point boundaries of valid
// text; sentences partition the tokens and lie in their paragraph; paragraphs partition the
// sentences, in line order; lines cover the text between terminators; tokenize() of one
// paragraph equals the segmentation's tokens for it; identical output when run twice; raw
// invalid bytes never crash and keep every offset inside the text. The fast paths agree with
// segment(): segment_sentences() gives its sentences (start, end, paragraph) and
// segment_tokens() its tokens, on every input (valid UTF-8 or not, any options).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

using presslens_fuzz::check_segmentation;
using presslens_fuzz::same_segmentation;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  presslens_fuzz::Input in(data, size);
  const std::uint8_t opt = in.byte();
  const std::string_view raw = in.rest();
  const bool repair = (opt & 8) == 0;
  std::string text(raw);
  if (repair) {
    presslens::RepairStats st;
    text = presslens::repair_utf8(raw, st);
  }
  const bool valid = presslens::find_invalid_utf8(text) == std::string_view::npos;

  // Lines: ordered, terminators excluded, nothing but \r / \n between them.
  const auto lines = presslens::split_lines(text);
  FUZZ_CHECK(!lines.empty());
  std::size_t prev_end = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    FUZZ_CHECK(l.start <= l.end && l.end <= text.size());
    FUZZ_CHECK(i == 0 ? l.start == 0 : l.start > prev_end);
    for (std::size_t b = prev_end; i > 0 && b < l.start; ++b)
      FUZZ_CHECK(text[b] == '\n' || text[b] == '\r');
    for (std::size_t b = l.start; b < l.end; ++b) FUZZ_CHECK(text[b] != '\n' && text[b] != '\r');
    prev_end = l.end;
  }
  FUZZ_CHECK(lines.back().end == text.size());

  presslens::SegmentOptions o;
  o.paragraphs = static_cast<presslens::ParagraphMode>(opt % 3);
  std::vector<std::uint8_t> boiler;
  if (opt & 4)  // every third line flagged as boilerplate, with a reason from the option byte
    for (std::size_t i = 0; i < lines.size(); ++i)
      boiler.push_back(i % 3 == 1 ? static_cast<std::uint8_t>(1 + (opt >> 4) % 8) : 0);

  const presslens::Segmentation seg = presslens::segment(text, o, boiler);
  check_segmentation(text, seg, valid);
  FUZZ_CHECK(same_segmentation(seg, presslens::segment(text, o, boiler)));

  // The sentence-only scan finds exactly segment()'s sentences.
  const std::vector<presslens::SentenceSpan> fast = presslens::segment_sentences(text, o, boiler);
  FUZZ_CHECK(fast.size() == seg.sentences.size());
  for (std::size_t i = 0; i < fast.size(); ++i) {
    const presslens::Sentence& s = seg.sentences[i];
    FUZZ_CHECK(fast[i].start == s.start && fast[i].end == s.end &&
               fast[i].paragraph == s.paragraph);
  }
  // And the tokens-only pass its tokens (it knows no boilerplate lines).
  const presslens::Segmentation plain =
      boiler.empty() ? presslens::Segmentation{} : presslens::segment(text, o);
  const std::vector<presslens::Token>& all = boiler.empty() ? seg.tokens : plain.tokens;
  const std::vector<presslens::Token> toks = presslens::segment_tokens(text, o);
  FUZZ_CHECK(toks.size() == all.size());
  for (std::size_t i = 0; i < toks.size(); ++i)
    FUZZ_CHECK(toks[i].start == all[i].start && toks[i].end == all[i].end &&
               toks[i].kind == all[i].kind && toks[i].flags == all[i].flags);

  for (std::size_t p = 0; p < seg.paragraphs.size(); ++p) {
    const auto& par = seg.paragraphs[p];
    // Boilerplate paragraphs are exactly the flagged lines.
    if (par.boilerplate != 0) {
      FUZZ_CHECK(par.line < boiler.size() && boiler[par.line] == par.boilerplate);
      FUZZ_CHECK(par.start >= lines[par.line].start && par.end <= lines[par.line].end);
    }
    // Tokenizing the paragraph alone gives the same tokens.
    std::vector<presslens::Token> alone;
    presslens::tokenize(std::string_view(text).substr(par.start, par.end - par.start), alone,
                        par.start);
    std::size_t first = seg.paragraphs[p].sentence_begin < seg.sentences.size() &&
                                par.sentence_begin < par.sentence_end
                            ? seg.sentences[par.sentence_begin].token_begin
                            : 0;
    const std::size_t count = par.sentence_begin < par.sentence_end
                                  ? seg.sentences[par.sentence_end - 1].token_end -
                                        seg.sentences[par.sentence_begin].token_begin
                                  : 0;
    FUZZ_CHECK(alone.size() == count);
    for (std::size_t k = 0; k < alone.size(); ++k) {
      const auto& a = alone[k];
      const auto& b = seg.tokens[first + k];
      FUZZ_CHECK(a.start == b.start && a.end == b.end && a.kind == b.kind && a.flags == b.flags);
    }
    // A paragraph without tokens has no sentences; one with tokens has some.
    if (count == 0) FUZZ_CHECK(par.sentence_begin == par.sentence_end);
  }

  // Every whole-text tokenization keeps its invariants too (no paragraph split).
  std::vector<presslens::Token> whole;
  presslens::tokenize(text, whole);
  std::size_t last = 0;
  for (const auto& t : whole) {
    FUZZ_CHECK(t.start < t.end && t.end <= text.size() && t.start >= last);
    last = t.end;
  }
  if (!whole.empty()) {
    std::vector<presslens::Sentence> sents;
    presslens::split_sentences(text, whole, 0, static_cast<std::uint32_t>(whole.size()), 0, sents);
    std::uint32_t next = 0;
    for (const auto& s : sents) {
      FUZZ_CHECK(s.token_begin == next && s.token_begin < s.token_end);
      next = s.token_end;
    }
    FUZZ_CHECK(next == whole.size());
  }
  return 0;
}
