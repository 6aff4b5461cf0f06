// tests/fuzz/fuzz_common.hpp: helpers shared by the libFuzzer targets.
//
// Every target checks invariants, not only the absence of crashes: FUZZ_CHECK prints the
// failed condition with its location and aborts, which libFuzzer reports as a crash and
// saves as a reproducer (crash-<sha1>). Saved reproducers that once failed live in
// tests/fuzz/regressions/<target>/ and are replayed by scripts/test.sh.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "presslens/entities.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace presslens_fuzz {

/// Reads a whole file; aborts when it cannot (data files are part of the build).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", p.string().c_str());
    std::abort();
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// One record per part, ids "d0", "d1"...; every `wire_every`-th from outlet "wire" (the
/// first included), the others from "paper".
inline std::vector<presslens::RawDocument> records(const std::vector<std::string>& parts,
                                                   std::size_t wire_every) {
  std::vector<presslens::RawDocument> recs;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    presslens::RawDocument r;
    r.id = "d" + std::to_string(k);
    r.bytes = parts[k];
    r.outlet = (k % wire_every == 0) ? "wire" : "paper";
    recs.push_back(std::move(r));
  }
  return recs;
}

/// The gazetteers shipped with the package (read once from the source tree; the fuzz
/// targets are built with PRESSLENS_SOURCE_DIR).
inline const presslens::Gazetteer& shipped_gazetteer() {
  static const presslens::Gazetteer g = [] {
    const std::filesystem::path d =
        std::filesystem::path(PRESSLENS_SOURCE_DIR) / "python/presslens/data/gazetteer";
    return presslens::Gazetteer::from_tsv(slurp(d / "places.tsv"), slurp(d / "organisations.tsv"),
                                          slurp(d / "titles.tsv"), slurp(d / "given_names.tsv"));
  }();
  return g;
}

/// Consumes bytes from the front of the fuzz input (FuzzedDataProvider, simplified).
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size)
      : s_(reinterpret_cast<const char*>(data), size) {}
  std::uint8_t byte() {
    if (s_.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(s_[0]);
    s_.remove_prefix(1);
    return b;
  }
  [[nodiscard]] std::string_view rest() const { return s_; }
  /// The rest split on `sep` (at most `max_parts` parts, the last one keeps the rest).
  [[nodiscard]] std::vector<std::string> split(char sep, std::size_t max_parts) const {
    std::vector<std::string> parts;
    std::string_view r = s_;
    while (parts.size() + 1 < max_parts) {
      const auto p = r.find(sep);
      if (p == std::string_view::npos) break;
      parts.emplace_back(r.substr(0, p));
      r.remove_prefix(p + 1);
    }
    parts.emplace_back(r);
    return parts;
  }

 private:
  std::string_view s_;
};

/// True when `pos` is the first byte of a code point of valid UTF-8 `s` (or its end).
inline bool on_boundary(std::string_view s, std::size_t pos) {
  return pos == s.size() || (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) != 0x80);
}

/// The invariants of one segmentation of `text` (valid UTF-8 when `valid`).
inline void check_segmentation(std::string_view text, const presslens::Segmentation& seg,
                               bool valid) {
  const auto n = text.size();
  std::size_t last_end = 0;
  for (const auto& t : seg.tokens) {
    FUZZ_CHECK(t.start < t.end);
    FUZZ_CHECK(t.end <= n);
    FUZZ_CHECK(t.start >= last_end);  // ordered, never overlapping
    FUZZ_CHECK(static_cast<std::uint8_t>(t.kind) <= 4);
    if (valid) FUZZ_CHECK(on_boundary(text, t.start) && on_boundary(text, t.end));
    last_end = t.end;
  }
  // Sentences partition the tokens, in order.
  std::uint32_t next_token = 0;
  for (std::size_t i = 0; i < seg.sentences.size(); ++i) {
    const auto& s = seg.sentences[i];
    FUZZ_CHECK(s.token_begin == next_token);
    FUZZ_CHECK(s.token_begin < s.token_end);
    FUZZ_CHECK(s.token_end <= seg.tokens.size());
    FUZZ_CHECK(s.start == seg.tokens[s.token_begin].start);
    FUZZ_CHECK(s.end == seg.tokens[s.token_end - 1].end);
    FUZZ_CHECK(s.paragraph < seg.paragraphs.size());
    const auto& p = seg.paragraphs[s.paragraph];
    FUZZ_CHECK(p.sentence_begin <= i && i < p.sentence_end);
    FUZZ_CHECK(p.start <= s.start && s.end <= p.end);
    next_token = s.token_end;
  }
  FUZZ_CHECK(next_token == seg.tokens.size());
  // Paragraphs partition the sentences, in order, and never overlap.
  std::uint32_t next_sentence = 0;
  std::size_t last_par_end = 0;
  std::uint32_t last_line = 0;
  for (std::size_t i = 0; i < seg.paragraphs.size(); ++i) {
    const auto& p = seg.paragraphs[i];
    FUZZ_CHECK(p.sentence_begin == next_sentence);
    FUZZ_CHECK(p.sentence_begin <= p.sentence_end);
    FUZZ_CHECK(p.start < p.end && p.end <= n);
    FUZZ_CHECK(i == 0 || p.start >= last_par_end);
    FUZZ_CHECK(i == 0 || p.line > last_line);
    if (valid) FUZZ_CHECK(on_boundary(text, p.start) && on_boundary(text, p.end));
    last_par_end = p.end;
    last_line = p.line;
    next_sentence = p.sentence_end;
  }
  FUZZ_CHECK(next_sentence == seg.sentences.size());
}

inline bool same_segmentation(const presslens::Segmentation& a, const presslens::Segmentation& b) {
  auto tok_eq = [](const presslens::Token& x, const presslens::Token& y) {
    return x.start == y.start && x.end == y.end && x.kind == y.kind && x.flags == y.flags;
  };
  auto sent_eq = [](const presslens::Sentence& x, const presslens::Sentence& y) {
    return x.start == y.start && x.end == y.end && x.token_begin == y.token_begin &&
           x.token_end == y.token_end && x.paragraph == y.paragraph;
  };
  auto par_eq = [](const presslens::Paragraph& x, const presslens::Paragraph& y) {
    return x.start == y.start && x.end == y.end && x.sentence_begin == y.sentence_begin &&
           x.sentence_end == y.sentence_end && x.line == y.line && x.boilerplate == y.boilerplate;
  };
  return std::equal(a.tokens.begin(), a.tokens.end(), b.tokens.begin(), b.tokens.end(), tok_eq) &&
         std::equal(a.sentences.begin(), a.sentences.end(), b.sentences.begin(), b.sentences.end(),
                    sent_eq) &&
         std::equal(a.paragraphs.begin(), a.paragraphs.end(), b.paragraphs.begin(),
                    b.paragraphs.end(), par_eq);
}

}  // namespace presslens_fuzz
