// tests/fuzz/fuzz_utf8.cpp: UTF-8 decoding and repair (text.hpp) against an independent
// reference decoder written from the Unicode standard's Table 3-7 (well-formed byte
// sequences) and its "maximal subpart" replacement practice (what Python's
// bytes.decode("utf-8", "replace") does).
//
// Invariants: find_invalid_utf8 is the offset of the reference's first error; repair_utf8
// yields valid UTF-8 equal to the reference repair, with the same count and first offset;
// valid input is returned unchanged; decode_utf8 walks valid text in whole code points;
// CodePointIndex agrees with a plain count at every byte; normalize_for_match and
// append_lower keep valid text valid, normalize_for_match is idempotent; everything is the
// same when run twice.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "presslens/text.hpp"

namespace {

// Length of the well-formed sequence at s[i], or 0 with `bad_len` set to the maximal
// subpart (>= 1) when it is ill-formed; `cp` receives the scalar value.
std::size_t ref_decode(std::string_view s, std::size_t i, std::size_t& bad_len, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  bad_len = 1;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 == 0xE0) {
    need = 3, lo = 0xA0;
  } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
    need = 3;
  } else if (b0 == 0xED) {
    need = 3, hi = 0x9F;
  } else if (b0 == 0xF0) {
    need = 4, lo = 0x90;
  } else if (b0 >= 0xF1 && b0 <= 0xF3) {
    need = 4;
  } else if (b0 == 0xF4) {
    need = 4, hi = 0x8F;
  } else {
    return 0;  // C0, C1, F5..FF, or a stray continuation byte
  }
  char32_t v = b0 & (need == 2 ? 0x1F : need == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < need; ++k) {
    if (i + k >= s.size()) return 0;
    const auto b = static_cast<unsigned char>(s[i + k]);
    const unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (b < l || b > h) return 0;
    v = (v << 6) | (b & 0x3F);
    bad_len = k + 1;  // the maximal subpart grows with every valid continuation
  }
  cp = v;
  return need;
}

struct RefRepair {
  std::string text;
  std::size_t replaced = 0;
  std::size_t first = std::string_view::npos;
  std::size_t code_points = 0;
};

RefRepair ref_repair(std::string_view s) {
  RefRepair r;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t bad = 0;
    char32_t cp = 0;
    const std::size_t len = ref_decode(s, i, bad, cp);
    if (len != 0) {
      r.text.append(s.substr(i, len));
      i += len;
    } else {
      if (r.first == std::string_view::npos) r.first = i;
      ++r.replaced;
      r.text.append("\xEF\xBF\xBD");
      i += bad;
    }
    ++r.code_points;
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const RefRepair ref = ref_repair(in);

  // Validation and repair agree with the reference, and are deterministic.
  const std::size_t bad = presslens::find_invalid_utf8(in);
  FUZZ_CHECK(bad == ref.first);
  presslens::RepairStats st;
  const std::string fixed = presslens::repair_utf8(in, st);
  FUZZ_CHECK(fixed == ref.text);
  FUZZ_CHECK(st.replaced == ref.replaced);
  FUZZ_CHECK(st.first_offset == ref.first);
  FUZZ_CHECK(presslens::find_invalid_utf8(fixed) == std::string_view::npos);
  if (bad == std::string_view::npos) FUZZ_CHECK(fixed == in);
  presslens::RepairStats st2;
  FUZZ_CHECK(presslens::repair_utf8(in, st2) == fixed && st2.replaced == st.replaced);
  presslens::RepairStats st3;
  FUZZ_CHECK(presslens::repair_utf8(fixed, st3) == fixed && st3.replaced == 0);

  // decode_utf8 on raw bytes: always advances, invalid exactly where the reference says.
  for (std::size_t i = 0; i < in.size();) {
    const presslens::Decoded d = presslens::decode_utf8(in, i);
    std::size_t ref_bad = 0;
    char32_t ref_cp = 0;
    const std::size_t ref_len = ref_decode(in, i, ref_bad, ref_cp);
    FUZZ_CHECK(d.len >= 1 && i + d.len <= in.size());
    FUZZ_CHECK(d.valid == (ref_len != 0));
    FUZZ_CHECK(d.len == (ref_len != 0 ? ref_len : ref_bad));
    FUZZ_CHECK(d.cp == (d.valid ? ref_cp : U'\uFFFD'));
    i += d.len;
  }

  // Code point offsets over the repaired text.
  FUZZ_CHECK(presslens::count_code_points(fixed) == ref.code_points);
  const presslens::CodePointIndex idx(fixed);
  std::size_t cps = 0;
  std::vector<std::int64_t> offsets;
  for (std::size_t b = 0; b <= fixed.size(); ++b) {
    if (b < fixed.size() && (static_cast<unsigned char>(fixed[b]) & 0xC0) != 0x80) {
      FUZZ_CHECK(idx.to_code_point(b) == cps);
      offsets.push_back(static_cast<std::int64_t>(b));
      ++cps;
    }
  }
  FUZZ_CHECK(idx.to_code_point(fixed.size()) == cps);
  // bytes_to_code_points in reverse order gives the same as the index.
  std::vector<std::int64_t> rev(offsets.rbegin(), offsets.rend());
  presslens::bytes_to_code_points(fixed, rev.data(), rev.size());
  for (std::size_t k = 0; k < rev.size(); ++k)
    FUZZ_CHECK(rev[k] == static_cast<std::int64_t>(rev.size() - 1 - k));

  // Case folding and match normalisation keep valid text valid; normalisation is idempotent.
  std::string lower;
  presslens::append_lower(lower, fixed);
  FUZZ_CHECK(presslens::find_invalid_utf8(lower) == std::string_view::npos);
  std::string lower2;
  presslens::append_lower(lower2, fixed);
  FUZZ_CHECK(lower == lower2);
  const std::string norm = presslens::normalize_for_match(fixed);
  FUZZ_CHECK(presslens::find_invalid_utf8(norm) == std::string_view::npos);
  FUZZ_CHECK(presslens::normalize_for_match(norm) == norm);
  FUZZ_CHECK(norm.empty() || (norm.front() != ' ' && norm.back() != ' '));
  FUZZ_CHECK(norm.find("  ") == std::string::npos);
  // Raw (invalid) input must not crash either.
  (void)presslens::normalize_for_match(in);
  std::string raw_lower;
  presslens::append_lower(raw_lower, in);
  return 0;
}
