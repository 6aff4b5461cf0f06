// detail/terms_scan.hpp: the two token patterns of terms.hpp, feeding a sink.
//
// A sink has
//   void token(std::string_view padded_text, std::size_t start, std::size_t end);
//   void boundary();   // n-grams must not cross this point
// where padded_text is the (lowercased) token in a TokenBuffer and start / end are offsets
// in units of the scanned text (bytes for UTF-8, code points otherwise).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "detail/terms_vocab.hpp"
#include "presslens/corpus.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

namespace presslens::detail {

// For each ASCII byte: the character itself (word table) or its str.lower() (lower table)
// when it matches Python's \w ([A-Za-z0-9_]), 0 otherwise. One lookup gives both the class
// and the output byte.
struct AsciiTables {
  std::array<char, 128> word{};
  std::array<char, 128> lower{};
};
inline constexpr AsciiTables kAscii = [] {
  AsciiTables t;
  for (int c = 0; c < 128; ++c) {
    const bool w =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    t.word[c] = w ? static_cast<char>(c) : '\0';
    t.lower[c] = w ? static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c) : '\0';
  }
  return t;
}();

inline constexpr char32_t kCapitalSigma = 0x3A3;
inline constexpr char32_t kSmallSigma = 0x3C3;
inline constexpr char32_t kCapitalIDot = 0x130;  // str.lower() gives "i\u0307"
inline constexpr char32_t kCombiningDot = 0x307;

inline void push_utf8(TokenBuffer& out, char32_t cp) {
  if (cp < 0x80) {
    out.push(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push(static_cast<char>(0xC0 | (cp >> 6)));
    out.push(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push(static_cast<char>(0xE0 | (cp >> 12)));
    out.push(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push(static_cast<char>(0xF0 | (cp >> 18)));
    out.push(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

inline bool is_surrogate(char32_t cp) noexcept {
  return cp >= 0xD800 && cp <= 0xDFFF;
}

/// scikit-learn's (?u)\b\w\w+\b over `p[0, n)` (Unit = char for UTF-8, else code points of
/// that width), on the lowercased text when `lowercase`. str.lower() is applied per code
/// point, which is exact except for the final-sigma rule of U+03A3: when `exact_sigma`,
/// meeting U+03A3 returns false at once (the caller then lowercases the whole text with
/// append_lower and scans it with lowercase = false); otherwise U+03A3 becomes U+03C3.
/// Offsets passed to the sink are base + unit offsets of the original text.
template <class Unit, class Sink>
bool scan_sklearn(const Unit* p, std::size_t n, std::size_t base, bool lowercase, bool exact_sigma,
                  TokenBuffer& tok, Sink& sink) {
  constexpr bool kUtf8 = std::is_same_v<Unit, char>;
  using U = std::make_unsigned_t<Unit>;
  std::size_t cps = 0;  // code points in the current run
  std::size_t start = 0;
  std::size_t last_end = 0;
  tok.clear();
  auto flush = [&]() {
    if (cps >= 2) sink.token(tok.padded_view(), base + start, base + last_end);
    tok.clear();
    cps = 0;
  };
  auto feed = [&](char32_t c, std::size_t from, std::size_t to) {
    if (!is_surrogate(c) && is_word_char(c)) {
      if (cps == 0) start = from;
      push_utf8(tok, c);
      ++cps;
      last_end = to;
    } else if (cps != 0) {
      flush();
    }
  };
  const char* ascii = lowercase ? kAscii.lower.data() : kAscii.word.data();
  std::size_t i = 0;
  while (i < n) {
    const auto u = static_cast<std::uint32_t>(static_cast<U>(p[i]));
    if (u < 0x80) {
      if (ascii[u] == 0) {
        if (cps != 0) flush();
        ++i;
        continue;
      }
      // A run of ASCII word characters, copied (lowercased) 64 bytes of room at a time.
      if (cps == 0) start = i;
      std::size_t j = i;
      while (true) {
        tok.reserve_more(64);
        char* w = tok.data_end();
        std::size_t k = 0;
        while (k < 64 && j < n) {
          const auto v = static_cast<std::uint32_t>(static_cast<U>(p[j]));
          if (v >= 0x80) break;
          const char c = ascii[v];
          if (c == 0) break;
          w[k++] = c;
          ++j;
        }
        tok.added(k);
        if (k < 64) break;
      }
      cps += j - i;
      last_end = j;
      i = j;
      continue;
    }
    char32_t cp = u;
    std::size_t len = 1;
    if constexpr (kUtf8) {
      const Decoded d = decode_utf8(std::string_view(p, n), i);
      cp = d.valid ? d.cp : char32_t{0xFFFD};
      len = d.len;
    }
    const std::size_t to = i + len;
    if (!lowercase) {
      feed(cp, i, to);
    } else if (cp == kCapitalSigma) {
      if (exact_sigma) return false;
      feed(kSmallSigma, i, to);
    } else if (cp == kCapitalIDot) {
      feed(U'i', i, to);
      feed(kCombiningDot, i, to);
    } else {
      feed(to_lower(cp), i, to);
    }
    i = to;
  }
  if (cps != 0) flush();
  return true;
}

/// The text of `v` as UTF-8: a view of it when it is UTF-8 already, else transcoded into
/// `scratch` (a lone surrogate as U+FFFD, so every code point stays one code point).
inline std::string_view as_utf8(const TextView& v, std::string& scratch) {
  if (v.width == 0) return {static_cast<const char*>(v.data), v.length};
  scratch.clear();
  append_utf8(scratch, v, Surrogates::kReplace);
  return scratch;
}

/// Writes str.lower() of one token (UTF-8) into `tok` (or the token itself).
inline void load_token(std::string_view text, bool lowercase, std::string& scratch,
                       TokenBuffer& tok) {
  tok.clear();
  if (!lowercase) {
    tok.append(text);
    return;
  }
  bool ascii = true;
  for (const char c : text) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    for (const char c : text) {
      const auto b = static_cast<unsigned char>(c);
      tok.push(b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : c);
    }
    return;
  }
  scratch.clear();
  append_lower(scratch, text);
  tok.append(scratch);
}

/// presslens's word and number tokens of the sentences of `seg` (skipping the sentences of
/// boilerplate paragraphs when `skip_boilerplate`), one n-gram segment per sentence.
template <class Sink>
void scan_segmentation(std::string_view text, const Segmentation& seg, bool skip_boilerplate,
                       bool lowercase, std::string& scratch, TokenBuffer& tok, Sink& sink) {
  for (const Sentence& s : seg.sentences) {
    if (skip_boilerplate && seg.paragraphs[s.paragraph].boilerplate != 0) continue;
    for (std::uint32_t t = s.token_begin; t < s.token_end; ++t) {
      const Token& k = seg.tokens[t];
      if (k.kind != TokenKind::kWord && k.kind != TokenKind::kNumber) continue;
      load_token(text.substr(k.start, k.end - k.start), lowercase, scratch, tok);
      sink.token(tok.padded_view(), k.start, k.end);
    }
    sink.boundary();
  }
}

// ---- what the term counter and kwic share --------------------------------------------

/// Throws std::invalid_argument naming text `i` when `v` is not a valid view.
inline void validate_view(const TextView& v, std::size_t i) {
  if (v.width != 0 && v.width != 1 && v.width != 2 && v.width != 4) {
    throw std::invalid_argument("text " + std::to_string(i) + ": width must be 0, 1, 2 or 4");
  }
  if (v.data == nullptr && v.length != 0) {
    throw std::invalid_argument("text " + std::to_string(i) + ": null data");
  }
}

/// Per-worker scratch space, reused across documents (no allocation per token).
struct Scratch {
  TokenBuffer tok;
  std::string utf8;
  std::string lowered;
  std::string token_lower;
};

/// Feeds one raw text to `sink` with the sklearn pattern. Returns after a complete scan;
/// handles the final-sigma fallback (exact str.lower()) when `exact_sigma`.
template <class Sink>
void feed_sklearn(const TextView& v, bool lowercase, bool exact_sigma, Scratch& s, Sink& sink) {
  bool done = false;
  switch (v.width) {
    case 0:
      done = detail::scan_sklearn(static_cast<const char*>(v.data), v.length, 0, lowercase,
                                  exact_sigma, s.tok, sink);
      break;
    case 1:
      done = detail::scan_sklearn(static_cast<const std::uint8_t*>(v.data), v.length, 0, lowercase,
                                  exact_sigma, s.tok, sink);
      break;
    case 2:
      done = detail::scan_sklearn(static_cast<const std::uint16_t*>(v.data), v.length, 0, lowercase,
                                  exact_sigma, s.tok, sink);
      break;
    default:
      done = detail::scan_sklearn(static_cast<const std::uint32_t*>(v.data), v.length, 0, lowercase,
                                  exact_sigma, s.tok, sink);
      break;
  }
  if (done) return;
  // A capital sigma: lowercase the whole text as str.lower() does, then scan it as is.
  sink.restart();
  const std::string_view utf8 = detail::as_utf8(v, s.utf8);
  s.lowered.clear();
  append_lower(s.lowered, utf8);
  detail::scan_sklearn(s.lowered.data(), s.lowered.size(), 0, false, false, s.tok, sink);
}

/// The non-boilerplate paragraphs of a corpus document, as byte ranges; one range covering
/// the whole text when nothing is boilerplate.
inline std::vector<std::pair<std::size_t, std::size_t>> content_ranges(const Document& d) {
  std::vector<std::pair<std::size_t, std::size_t>> r;
  bool any = false;
  for (const Paragraph& p : d.seg.paragraphs) any |= p.boilerplate != 0;
  if (!any) {
    r.emplace_back(0, d.text.size());
    return r;
  }
  for (const Paragraph& p : d.seg.paragraphs) {
    if (p.boilerplate == 0) r.emplace_back(p.start, p.end);
  }
  return r;
}

template <class Sink>
void feed_document_sklearn(const Document& d, bool lowercase, bool exact_sigma, Scratch& s,
                           Sink& sink) {
  const auto ranges = content_ranges(d);
  for (const auto& [b, e] : ranges) {
    if (!detail::scan_sklearn(d.text.data() + b, e - b, b, lowercase, exact_sigma, s.tok, sink)) {
      // Paragraphs are separated by line breaks, which stop the final-sigma context, so
      // lowering each paragraph alone is exactly str.lower() of the whole text.
      sink.restart();
      for (const auto& [b2, e2] : ranges) {
        s.lowered.clear();
        append_lower(s.lowered, std::string_view(d.text).substr(b2, e2 - b2));
        detail::scan_sklearn(s.lowered.data(), s.lowered.size(), b2, false, false, s.tok, sink);
      }
      return;
    }
  }
}

}  // namespace presslens::detail
