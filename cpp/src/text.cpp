// UTF-8 and Unicode classes. The tables come from Python's unicodedata (see
// tools/gen_unicode_tables.py) so that tokenizers built on them agree with `re` and
// `str.lower` exactly; ASCII is answered from a small constexpr table first because it is
// the overwhelming majority of news text.
#include "presslens/text.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/bytes.hpp"
#include "detail/normalize.hpp"

namespace presslens {
namespace {

struct PropRange {
  std::uint32_t start;
  std::uint16_t props;
};
struct LowerPair {
  std::uint32_t from;
  std::uint32_t to;
};
struct LowerMulti {
  std::uint32_t from;
  const char* utf8;
};

#include "detail/unicode_tables.inc"

constexpr std::array<std::uint16_t, 128> make_ascii_props() {
  std::array<std::uint16_t, 128> t{};
  for (std::uint32_t c = 0; c < 128; ++c) {
    std::uint16_t p = 0;
    // Binary search is not constexpr-friendly over the table here; ASCII is small enough
    // to scan linearly at compile time.
    for (std::uint32_t i = 0; i < kPropRangeCount; ++i) {
      if (kPropRanges[i].start > c) break;
      p = kPropRanges[i].props;
    }
    t[c] = p;
  }
  return t;
}
constexpr auto kAsciiPropsTable = make_ascii_props();

}  // namespace

namespace detail {

// Copied once from the constexpr table so the header can index it inline.
const std::uint16_t kAsciiProps[128] = {
#define PRESSLENS_ROW(i)                                                                          \
  kAsciiPropsTable[i], kAsciiPropsTable[i + 1], kAsciiPropsTable[i + 2], kAsciiPropsTable[i + 3], \
      kAsciiPropsTable[i + 4], kAsciiPropsTable[i + 5], kAsciiPropsTable[i + 6],                  \
      kAsciiPropsTable[i + 7]
    PRESSLENS_ROW(0),  PRESSLENS_ROW(8),   PRESSLENS_ROW(16),  PRESSLENS_ROW(24),
    PRESSLENS_ROW(32), PRESSLENS_ROW(40),  PRESSLENS_ROW(48),  PRESSLENS_ROW(56),
    PRESSLENS_ROW(64), PRESSLENS_ROW(72),  PRESSLENS_ROW(80),  PRESSLENS_ROW(88),
    PRESSLENS_ROW(96), PRESSLENS_ROW(104), PRESSLENS_ROW(112), PRESSLENS_ROW(120),
#undef PRESSLENS_ROW
};

std::uint16_t char_props_table(char32_t cp) noexcept {
  if (cp < 128) return kAsciiPropsTable[cp];
  if (cp > 0x10FFFF) return 0;
  // Last range whose start <= cp.
  const auto* end = kPropRanges + kPropRangeCount;
  const auto* it =
      std::upper_bound(kPropRanges, end, static_cast<std::uint32_t>(cp),
                       [](std::uint32_t v, const PropRange& r) { return v < r.start; });
  return (it - 1)->props;
}

}  // namespace detail

char32_t to_lower(char32_t cp) noexcept {
  if (cp < 128) return (cp >= U'A' && cp <= U'Z') ? cp + 32 : cp;
  const auto* end = kLowerPairs + kLowerCount;
  const auto* it = std::lower_bound(kLowerPairs, end, static_cast<std::uint32_t>(cp),
                                    [](const LowerPair& p, std::uint32_t v) { return p.from < v; });
  if (it != end && it->from == cp) return it->to;
  return cp;
}

void append_lower(std::string& out, std::string_view s) {
  const std::size_t n = s.size();
  // The ASCII bytes before the first other one (every byte of most words) in one resize,
  // rather than a push_back each.
  std::size_t i = 0;
  while (i < n && static_cast<unsigned char>(s[i]) < 128) ++i;
  if (i > 0) {
    const std::size_t at = out.size();
    out.resize(at + i);
    for (std::size_t k = 0; k < i; ++k) {
      const char c = s[k];
      out[at + k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    }
  }
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 128) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++i;
      continue;
    }
    const Decoded d = decode_utf8(s, i);
    if (!d.valid) {
      out.append(s.substr(i, d.len));
      i += d.len;
      continue;
    }
    if (d.cp == 0x3A3) {
      // Final sigma (Python's str.lower): preceded by a cased letter and not followed by one.
      bool before = false, after = false;
      if (i > 0) {
        std::size_t j = i - 1;
        while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
        const Decoded p = decode_utf8(s, j);
        before = p.valid && (char_props(p.cp) & (kPropUpper | kPropLower | kPropTitle));
      }
      if (i + d.len < n) {
        const Decoded q = decode_utf8(s, i + d.len);
        after = q.valid && (char_props(q.cp) & (kPropUpper | kPropLower | kPropTitle));
      }
      append_utf8(out, before && !after ? char32_t{0x3C2} : char32_t{0x3C3});
    } else {
      bool multi = false;
      for (const auto& m : kLowerMulti) {
        if (m.from == d.cp) {
          out.append(m.utf8);
          multi = true;
          break;
        }
      }
      if (!multi) append_utf8(out, to_lower(d.cp));
    }
    i += d.len;
  }
}

namespace detail {

Decoded decode_utf8_multibyte(std::string_view s, std::size_t pos) noexcept {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) return {b0, 1, true};
  const std::size_t avail = s.size() - pos;
  auto cont = [&](std::size_t k) { return static_cast<unsigned char>(s[pos + k]); };
  std::uint32_t need;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // > U+10FFFF
  } else {
    return {0xFFFD, 1, false};
  }
  for (std::uint32_t k = 1; k <= need; ++k) {
    if (k >= avail) return {0xFFFD, k, false};  // truncated at the end
    const unsigned char b = cont(k);
    const unsigned char l = (k == 1) ? lo : 0x80;
    const unsigned char h = (k == 1) ? hi : 0xBF;
    if (b < l || b > h) return {0xFFFD, k, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, need + 1, true};
}

}  // namespace detail

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

// The 8 units at p when all are ASCII: true, and their bytes written to `o` unless null. Most
// text is ASCII between its few quotes and dashes, so this is most of append_units().
inline bool ascii8(const std::uint8_t* p, unsigned char* o) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  if ((x & 0x8080808080808080ull) != 0) return false;
  if (o != nullptr) std::memcpy(o, &x, 8);
  return true;
}
inline bool ascii8(const std::uint16_t* p, unsigned char* o) {
#if defined(__SSE2__)
  __m128i v;
  std::memcpy(&v, p, 16);
  const __m128i high = _mm_and_si128(v, _mm_set1_epi16(static_cast<short>(0xFF80)));
  if (_mm_movemask_epi8(_mm_cmpeq_epi16(high, _mm_setzero_si128())) != 0xFFFF) return false;
  if (o != nullptr) {
    const auto bytes = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_packus_epi16(v, v)));
    std::memcpy(o, &bytes, 8);
  }
  return true;
#else
  std::uint16_t any = 0;
  for (int t = 0; t < 8; ++t) any = static_cast<std::uint16_t>(any | p[t]);
  if (any >= 0x80) return false;
  if (o != nullptr)
    for (int t = 0; t < 8; ++t) o[t] = static_cast<unsigned char>(p[t]);
  return true;
#endif
}
inline bool ascii8(const std::uint32_t* p, unsigned char* o) {
  std::uint32_t any = 0;
  for (int t = 0; t < 8; ++t) any |= p[t];
  if (any >= 0x80) return false;
  if (o != nullptr)
    for (int t = 0; t < 8; ++t) o[t] = static_cast<unsigned char>(p[t]);
  return true;
}

// Two passes: the size first, then the bytes, written without a bounds check each. Runs of
// ASCII go 8 units at a time.
template <class Unit>
void append_units(std::string& out, const Unit* data, std::size_t n, Surrogates surrogates) {
  auto scalar = [&](std::uint32_t cp) -> std::uint32_t {
    if (cp > 0x10FFFF) return 0xFFFD;
    if (cp >= 0xD800 && cp <= 0xDFFF && surrogates == Surrogates::kReplace) return 0xFFFD;
    return cp;
  };
  auto width = [](std::uint32_t cp) -> std::size_t {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  };
  std::size_t bytes = 0;
  std::size_t k = 0;
  while (k < n) {
    if (k + 8 <= n && ascii8(data + k, nullptr)) {
      bytes += 8;
      k += 8;
      continue;
    }
    const std::size_t stop = std::min(n, k + 8);
    for (; k < stop; ++k) bytes += width(scalar(static_cast<std::uint32_t>(data[k])));
  }
  const std::size_t start = out.size();
  out.resize(start + bytes);
  auto* o = reinterpret_cast<unsigned char*>(out.data() + start);
  k = 0;
  while (k < n) {
    if (k + 8 <= n && ascii8(data + k, o)) {
      o += 8;
      k += 8;
      continue;
    }
    const std::size_t stop = std::min(n, k + 8);
    for (; k < stop; ++k) {
      const std::uint32_t cp = scalar(static_cast<std::uint32_t>(data[k]));
      if (cp < 0x80) {
        *o++ = static_cast<unsigned char>(cp);
      } else if (cp < 0x800) {
        *o++ = static_cast<unsigned char>(0xC0 | (cp >> 6));
        *o++ = static_cast<unsigned char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        *o++ = static_cast<unsigned char>(0xE0 | (cp >> 12));
        *o++ = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
        *o++ = static_cast<unsigned char>(0x80 | (cp & 0x3F));
      } else {
        *o++ = static_cast<unsigned char>(0xF0 | (cp >> 18));
        *o++ = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
        *o++ = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
        *o++ = static_cast<unsigned char>(0x80 | (cp & 0x3F));
      }
    }
  }
}

}  // namespace

void append_utf8(std::string& out, const TextView& v, Surrogates surrogates) {
  switch (v.width) {
    case 0:
      out.append(static_cast<const char*>(v.data), v.length);
      break;
    case 1:
      append_units(out, static_cast<const std::uint8_t*>(v.data), v.length, surrogates);
      break;
    case 2:
      append_units(out, static_cast<const std::uint16_t*>(v.data), v.length, surrogates);
      break;
    default:
      append_units(out, static_cast<const std::uint32_t*>(v.data), v.length, surrogates);
      break;
  }
}

namespace {
// Index of the first byte >= 0x80 in s[i..), 8 bytes at a time.
std::size_t skip_ascii(std::string_view s, std::size_t i) noexcept {
  const std::size_t n = s.size();
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ULL) break;
    i += 8;
  }
  while (i < n && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  return i;
}
}  // namespace

std::size_t find_invalid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (true) {
    i = skip_ascii(s, i);
    if (i >= n) return std::string_view::npos;
    const Decoded d = decode_utf8(s, i);
    if (!d.valid) return i;
    i += d.len;
  }
}

std::string repair_utf8(std::string_view s, RepairStats& stats) {
  std::string out;
  out.reserve(s.size() + 16);
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const std::size_t j = skip_ascii(s, i);
    out.append(s.substr(i, j - i));
    i = j;
    if (i >= n) break;
    const Decoded d = decode_utf8(s, i);
    if (d.valid) {
      out.append(s.substr(i, d.len));
    } else {
      if (stats.replaced == 0) stats.first_offset = i;
      ++stats.replaced;
      out.append("\xEF\xBF\xBD");
    }
    i += d.len;
  }
  return out;
}

std::size_t count_code_points(std::string_view s) noexcept {
  // The bytes less the continuation bytes, 8 at a time. Most calls are on 64 bytes or fewer
  // (CodePointIndex), where a byte loop, vectorised or not, cost 5% of quotes().
  const std::size_t n = s.size();
  std::size_t continuation = 0;
  for (std::size_t i = 0; i < n; i += 8)
    continuation += detail::count_high_bits(detail::continuation_bytes(
        detail::load_upto8(s.data() + i, std::min<std::size_t>(8, n - i))));
  return n - continuation;
}

void monotone_bytes_to_code_points(std::string_view text, std::int64_t* offsets,
                                   std::size_t count) {
  // A code point offset is the byte offset less the continuation bytes before it. They are
  // counted a word of 8 bytes at a time, the sweep never going back: an offset inside a word
  // adds those of the word below it (none in an ASCII word, most of them).
  const std::size_t n = text.size();
  const auto continuation = [&](std::size_t w) -> std::uint64_t {
    if (w >= n) return 0;
    return detail::continuation_bytes(
        detail::load_upto8(text.data() + w, std::min<std::size_t>(8, n - w)));
  };
  std::size_t w = 0;
  std::int64_t before = 0;  // continuation bytes in text[0, w)
  std::uint64_t mask = continuation(0);
  for (std::size_t i = 0; i < count; ++i) {
    const auto target = static_cast<std::size_t>(offsets[i]);
    while (w + 8 <= target) {
      before += detail::count_high_bits(mask);
      w += 8;
      mask = continuation(w);
    }
    const std::size_t r = target - w;  // 0..7 bytes of the word below the offset
    const std::uint64_t below = r == 0 ? 0 : mask & (~std::uint64_t{0} >> (64 - 8 * r));
    offsets[i] = static_cast<std::int64_t>(target) - before -
                 static_cast<std::int64_t>(detail::count_high_bits(below));
  }
}

CodePointIndex::CodePointIndex(std::string_view text) : text_(text) {
  block_.reserve(text.size() / 64 + 1);
  std::uint32_t count = 0;
  for (std::size_t b = 0; b < text.size(); b += 64) {
    block_.push_back(count);
    count += static_cast<std::uint32_t>(count_code_points(text.substr(b, 64)));
  }
  block_.push_back(count);
}

std::size_t CodePointIndex::to_code_point(std::size_t byte) const noexcept {
  if (byte >= text_.size()) return block_.back() + (byte - text_.size());
  const std::size_t b = byte / 64;
  std::size_t cp = block_[b];
  const std::size_t from = b * 64;
  cp += count_code_points(text_.substr(from, byte - from));
  // A byte inside a multi-byte sequence belongs to the code point that began before it.
  if ((static_cast<unsigned char>(text_[byte]) & 0xC0) == 0x80 && cp > 0) --cp;
  return cp;
}

std::size_t CodePointIndex::to_byte(std::size_t cp) const noexcept {
  if (cp >= block_.back()) return text_.size() + (cp - block_.back());
  // the last block that starts with at most cp code points before it
  const auto it = std::upper_bound(block_.begin(), block_.end(), static_cast<std::uint32_t>(cp));
  const auto b = static_cast<std::size_t>(it - block_.begin()) - 1;
  std::size_t need = cp - block_[b];
  for (std::size_t i = b * 64; i < text_.size(); ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) continue;  // not a lead byte
    if (need == 0) return i;
    --need;
  }
  return text_.size();
}

void bytes_to_code_points(std::string_view text, std::int64_t* offsets, std::size_t count) {
  if (count == 0) return;
  const CodePointIndex index(text);
  for (std::size_t i = 0; i < count; ++i)
    offsets[i] =
        static_cast<std::int64_t>(index.to_code_point(static_cast<std::size_t>(offsets[i])));
}

char32_t fold_punct(char32_t cp) noexcept {
  switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x0060:
    case 0x00B4:
      return U'\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
      return U'"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
      return U'-';
    default:
      break;
  }
  if (cp == U'\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
      cp == 0x3000)
    return U' ';
  return cp;
}

std::string normalize_for_match(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  append_normalized(out, s);
  return out;
}

void append_normalized(std::string& out, std::string_view s) {
  struct Append {
    std::string& out;
    void run(const char* p, std::size_t n, std::size_t) { out.append(p, n); }
    void space() { out.push_back(' '); }
    bool cp(char32_t c) {
      append_utf8(out, c);
      return true;
    }
  } sink{out};
  (void)detail::walk_normalized(s, sink);
}

}  // namespace presslens
