// presslens/text.hpp: UTF-8 decoding and repair, Unicode character classes, case
// folding, typographic normalisation and byte -> code point offsets.
//
//   std::size_t bad = presslens::find_invalid_utf8(bytes);        // npos when valid
//   presslens::RepairStats st; std::string ok = presslens::repair_utf8(bytes, st);
//   presslens::CodePointIndex idx(ok);  auto cp = idx.to_code_point(byte_offset);
//   if (presslens::is_word_char(U'ж')) ...                          // Python's \w
//
// TextView: a read-only text as the terms and sentiment scans take it, UTF-8 or the code
// point array of a Python str (1, 2 or 4 bytes a code point), read in place.
//
// All offsets in the core are UTF-8 byte offsets; Python sees code points, converted with
// CodePointIndex. Character classes agree with the Python build that generated
// cpp/src/detail/unicode_tables.inc (tools/gen_unicode_tables.py), so tokenizers can match
// Python's `re` and `str.lower` exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace presslens {

/// A read-only text: UTF-8 (width 0) or an array of `length` code points of `width` bytes.
/// Width 2 and 4 arrays may hold lone surrogates (Python allows them); they are never part
/// of a token. The viewed memory must outlive every call that receives the view.
struct TextView {
  const void* data = nullptr;
  std::size_t length = 0;  // bytes for UTF-8, code points otherwise
  std::uint8_t width = 0;  // 0 = UTF-8, 1 = Latin-1, 2 = UCS-2, 4 = UTF-32

  [[nodiscard]] static TextView utf8(std::string_view s) noexcept {
    return {s.data(), s.size(), 0};
  }
};

/// Character property bits (from Python's str.isalpha, isnumeric, isdecimal, isupper,
/// islower, isspace and the general category of the code point).
enum CharProp : std::uint16_t {
  kPropAlpha = 1,
  kPropNumeric = 2,
  kPropDecimal = 4,
  kPropUpper = 8,
  kPropLower = 16,
  kPropSpace = 32,
  kPropMark = 64,     // Mn, Mc, Me
  kPropSymbol = 128,  // Sm, Sc, Sk, So
  kPropPunct = 256,   // P*
  kPropTitle = 512,   // Lt
};

namespace detail {
extern const std::uint16_t kAsciiProps[128];
[[nodiscard]] std::uint16_t char_props_table(char32_t cp) noexcept;
}  // namespace detail

/// Property bits of a code point. O(1) for ASCII, O(log ranges) otherwise.
[[nodiscard]] inline std::uint16_t char_props(char32_t cp) noexcept {
  return cp < 128 ? detail::kAsciiProps[cp] : detail::char_props_table(cp);
}

[[nodiscard]] inline bool is_alpha(char32_t c) noexcept {
  return char_props(c) & kPropAlpha;
}
[[nodiscard]] inline bool is_alnum(char32_t c) noexcept {
  return char_props(c) & (kPropAlpha | kPropNumeric);
}
/// Python's `\w` under re.UNICODE: str.isalnum() or '_'.
[[nodiscard]] inline bool is_word_char(char32_t c) noexcept {
  return c == U'_' || is_alnum(c);
}
[[nodiscard]] inline bool is_upper(char32_t c) noexcept {
  return char_props(c) & (kPropUpper | kPropTitle);
}
[[nodiscard]] inline bool is_lower(char32_t c) noexcept {
  return char_props(c) & kPropLower;
}
[[nodiscard]] inline bool is_space(char32_t c) noexcept {
  return char_props(c) & kPropSpace;
}
[[nodiscard]] inline bool is_mark(char32_t c) noexcept {
  return char_props(c) & kPropMark;
}
[[nodiscard]] inline bool is_decimal(char32_t c) noexcept {
  return char_props(c) & kPropDecimal;
}
[[nodiscard]] inline bool is_symbol(char32_t c) noexcept {
  return char_props(c) & kPropSymbol;
}
[[nodiscard]] inline bool is_punct(char32_t c) noexcept {
  return char_props(c) & kPropPunct;
}

/// Simple lowercase mapping (the one-code-point cases of str.lower()).
[[nodiscard]] char32_t to_lower(char32_t cp) noexcept;

/// Appends str.lower() of `utf8` to `out` (full mapping, including U+0130 and the final
/// sigma rule within `utf8`). Invalid bytes are copied unchanged. O(n).
void append_lower(std::string& out, std::string_view utf8);

/// One decoded code point: `cp` is U+FFFD and `valid` false for an ill-formed sequence,
/// whose `len` is then the length of its maximal subpart (Unicode's recommended practice,
/// what Python's errors="replace" does).
struct Decoded {
  char32_t cp;
  std::uint32_t len;
  bool valid;
};

namespace detail {
[[nodiscard]] Decoded decode_utf8_multibyte(std::string_view s, std::size_t pos) noexcept;
}  // namespace detail

/// Decodes the code point starting at byte `pos` of `s` (pos < s.size()). Rejects overlong
/// forms, surrogates and values above U+10FFFF. Inline for ASCII.
[[nodiscard]] inline Decoded decode_utf8(std::string_view s, std::size_t pos) noexcept {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) return {b, 1, true};
  return detail::decode_utf8_multibyte(s, pos);
}

/// Appends the UTF-8 encoding of `cp` (which must be a scalar value) to `out`.
void append_utf8(std::string& out, char32_t cp);

/// What append_utf8 writes for a lone surrogate (U+D800..U+DFFF) of a code point array.
enum class Surrogates : std::uint8_t {
  kReplace,  // U+FFFD: one code point stays one, the offsets of a Python str hold
  kPass,     // its 3-byte form, as Python's "surrogatepass" writes it (ill-formed UTF-8, which
             // the corpus decoder then repairs and reports like any invalid byte)
};

/// Appends the text of `v` to `out` as UTF-8: copied when it is UTF-8 already, encoded from
/// its code points otherwise (code points above U+10FFFF as U+FFFD). O(length).
void append_utf8(std::string& out, const TextView& v, Surrogates surrogates);

/// Byte offset of the first ill-formed sequence, or std::string_view::npos. O(n), with an
/// ASCII fast path.
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view s) noexcept;

struct RepairStats {
  std::size_t replaced = 0;                           // number of U+FFFD inserted
  std::size_t first_offset = std::string_view::npos;  // byte offset (input) of the first one
};

/// Returns `s` with every ill-formed sequence replaced by U+FFFD (one per maximal
/// subpart, as Python's bytes.decode("utf-8", "replace")). O(n).
[[nodiscard]] std::string repair_utf8(std::string_view s, RepairStats& stats);

/// Number of code points in valid UTF-8 `s`.
[[nodiscard]] std::size_t count_code_points(std::string_view s) noexcept;

/// Maps byte offsets of one valid UTF-8 text to code point offsets in O(1) amortised
/// (a checkpoint every 64 bytes, then a short scan). Memory: n/16 bytes.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text);
  /// Code point offset of byte offset `byte` (0 <= byte <= size; a byte inside a
  /// sequence maps to the code point that contains it).
  [[nodiscard]] std::size_t to_code_point(std::size_t byte) const noexcept;
  /// Byte offset of code point offset `cp` (the inverse of to_code_point on code point
  /// boundaries); past the end, offsets keep their distance. O(log(n/64) + 64).
  [[nodiscard]] std::size_t to_byte(std::size_t cp) const noexcept;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> block_;  // code points before each 64-byte block
};

/// Converts byte offsets into `text` (valid UTF-8) to code point offsets, in place, in any
/// order. O(n/64 + k) with a CodePointIndex; offsets past the end keep their distance.
void bytes_to_code_points(std::string_view text, std::int64_t* offsets, std::size_t count);

/// The same for offsets in non-decreasing order (the starts and ends of sentences or tokens,
/// interleaved): one sweep, no index. O(bytes up to the last offset + count).
void monotone_bytes_to_code_points(std::string_view text, std::int64_t* offsets, std::size_t count);

/// Typographic normalisation used for matching: curly and prime apostrophes -> ',
/// curly/low/guillemet double quotes -> ", every dash and minus -> -, every space -> ' '.
/// Other code points are returned unchanged.
[[nodiscard]] char32_t fold_punct(char32_t cp) noexcept;

/// `s` with fold_punct applied to each code point and runs of white space collapsed to one
/// space, trimmed. For comparing lines and names; offsets do not survive it. O(n).
[[nodiscard]] std::string normalize_for_match(std::string_view s);
/// normalize_for_match(s) appended to `out` (a buffer kept across calls allocates nothing).
void append_normalized(std::string& out, std::string_view s);

}  // namespace presslens
