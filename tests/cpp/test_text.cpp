#include "presslens/text.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "detail/bytes.hpp"

using namespace presslens;

TEST(Text, DecodesValidSequences) {
  const std::string s = "a\xC3\xBC\xE2\x80\x9C\xF0\x9F\x99\x82";  // a ü “ 🙂
  EXPECT_EQ(decode_utf8(s, 0).cp, U'a');
  EXPECT_EQ(decode_utf8(s, 1).cp, U'\u00FC');
  EXPECT_EQ(decode_utf8(s, 1).len, 2u);
  EXPECT_EQ(decode_utf8(s, 3).cp, U'\u201C');
  EXPECT_EQ(decode_utf8(s, 6).cp, U'\U0001F642');
  EXPECT_EQ(decode_utf8(s, 6).len, 4u);
  EXPECT_EQ(find_invalid_utf8(s), std::string::npos);
}

TEST(Text, RejectsOverlongSurrogatesAndOutOfRange) {
  EXPECT_EQ(find_invalid_utf8("ok\xC0\xAF"), 2u);        // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xE0\x80\xAF"), 0u);      // overlong 3-byte
  EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\x80"), 2u);    // surrogate U+D800
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // > U+10FFFF
  EXPECT_EQ(find_invalid_utf8("abcdefghij\xFF"), 10u);   // past the ASCII fast path
  EXPECT_EQ(find_invalid_utf8("\xE2\x80"), 0u);          // truncated at the end
}

TEST(Text, RepairMatchesPythonReplace) {
  // Python: b"a\xe2\x80" "b\xff" "c\xf0\x9f\x99".decode("utf-8", "replace") ==
  // "a\ufffdb\ufffdc\ufffd"
  RepairStats st;
  const std::string out = repair_utf8(
      "a\xE2\x80"
      "b\xFF"
      "c\xF0\x9F\x99",
      st);
  EXPECT_EQ(out,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD");
  EXPECT_EQ(st.replaced, 3u);
  EXPECT_EQ(st.first_offset, 1u);
  // Each byte of an overlong/surrogate sequence that cannot start a valid prefix is replaced
  // on its own: b"\xed\xa0\x80".decode("utf-8","replace") has three U+FFFD.
  RepairStats st2;
  EXPECT_EQ(repair_utf8("\xED\xA0\x80", st2), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Text, CharacterClassesFollowPython) {
  EXPECT_TRUE(is_word_char(U'_'));
  EXPECT_TRUE(is_word_char(U'\u0416'));   // Ж
  EXPECT_TRUE(is_word_char(U'\u00B2'));   // ² is numeric in Python
  EXPECT_FALSE(is_word_char(U'\u0303'));  // combining tilde: not \w
  EXPECT_TRUE(is_mark(U'\u0303'));
  EXPECT_TRUE(is_upper(U'\u0420'));  // Р
  EXPECT_TRUE(is_space(U'\u00A0'));
  EXPECT_FALSE(is_alpha(U'\u2019'));
  EXPECT_TRUE(is_punct(U'\u2019'));
  EXPECT_TRUE(is_symbol(U'\U0001F642'));
}

TEST(Text, LowerMatchesPythonStrLower) {
  auto lower = [](std::string_view s) {
    std::string out;
    append_lower(out, s);
    return out;
  };
  EXPECT_EQ(lower("Рябков MÜLLER"), "рябков müller");
  EXPECT_EQ(lower("\xC4\xB0"), "i\xCC\x87");  // İ -> i + combining dot (two code points)
  EXPECT_EQ(lower("\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3"),
            "\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82");  // ΟΔΟΣ -> οδος
  EXPECT_EQ(lower("\xCE\xA3"), "\xCF\x83");       // lone Σ -> σ
  EXPECT_EQ(to_lower(U'A'), U'a');
  EXPECT_EQ(to_lower(U'\u0416'), U'\u0436');
}

TEST(Text, CodePointIndexMapsEveryByte) {
  std::string s;
  for (int i = 0; i < 50; ++i) s += "a\xC3\xBC\xF0\x9F\x99\x82Р";  // 1+2+4+2 bytes, 4 cps
  const CodePointIndex idx(s);
  std::size_t cp = 0;
  for (std::size_t b = 0; b < s.size(); ++b) {
    const bool lead = (static_cast<unsigned char>(s[b]) & 0xC0) != 0x80;
    if (lead && b > 0) ++cp;
    EXPECT_EQ(idx.to_code_point(b), lead ? cp : cp) << b;
  }
  EXPECT_EQ(idx.to_code_point(s.size()), count_code_points(s));
  std::int64_t offs[] = {0, 1, 3, static_cast<std::int64_t>(s.size())};
  bytes_to_code_points(s, offs, 4);
  EXPECT_EQ(offs[1], 1);
  EXPECT_EQ(offs[2], 2);
  EXPECT_EQ(offs[3], 200);
}

TEST(Text, MonotoneBytesToCodePointsAsTheIndex) {
  std::string s;
  for (int i = 0; i < 40; ++i) s += "ab \xC3\xBC\xF0\x9F\x99\x82\xE2\x80\x9Cx";
  std::vector<std::int64_t> offs;
  for (std::size_t b = 0; b <= s.size(); b += 3)
    if (b == s.size() || (static_cast<unsigned char>(s[b]) & 0xC0) != 0x80)
      offs.push_back(static_cast<std::int64_t>(b));
  std::vector<std::int64_t> expect = offs;
  bytes_to_code_points(s, expect.data(), expect.size());
  monotone_bytes_to_code_points(s, offs.data(), offs.size());
  EXPECT_EQ(offs, expect);
}

TEST(Text, AppendUtf8OfCodeUnitsAtEveryAlignment) {
  // ASCII runs (copied 8 units at a time) around non-ASCII units at every position, for
  // each width: the bytes are those of one code point at a time.
  const std::vector<char32_t> others = {0xE9, 0x2019, 0x1F642, 0xD800};
  for (const char32_t other : others) {
    for (std::size_t len = 0; len < 24; ++len) {
      for (std::size_t at = 0; at <= len; ++at) {
        std::vector<char32_t> cps(len, U'a');
        if (at < len) cps[at] = other;
        std::string expect;
        for (const char32_t c : cps)
          append_utf8(expect, c >= 0xD800 && c <= 0xDFFF ? U'\uFFFD' : c);
        std::vector<std::uint8_t> u8(cps.begin(), cps.end());
        std::vector<std::uint16_t> u16(cps.begin(), cps.end());
        std::vector<std::uint32_t> u32(cps.begin(), cps.end());
        std::string got32 = "x";
        append_utf8(got32, TextView{u32.data(), len, 4}, Surrogates::kReplace);
        EXPECT_EQ(got32, "x" + expect);
        if (other < 0x10000) {
          std::string got16;
          append_utf8(got16, TextView{u16.data(), len, 2}, Surrogates::kReplace);
          EXPECT_EQ(got16, expect);
        }
        if (other < 0x100) {
          std::string got8;
          append_utf8(got8, TextView{u8.data(), len, 1}, Surrogates::kReplace);
          EXPECT_EQ(got8, expect);
        }
      }
    }
  }
}

TEST(Text, NormalizeForMatchFoldsTypography) {
  EXPECT_EQ(normalize_for_match("  Nuland\xE2\x80\x99s  \xE2\x80\x9C"
                                "deal\xE2\x80\x9D \xE2\x80\x94 ok\xC2\xA0 "),
            "Nuland's \"deal\" - ok");
  EXPECT_EQ(fold_punct(U'\u00AB'), U'"');
  EXPECT_EQ(fold_punct(U'\u2013'), U'-');
  EXPECT_EQ(fold_punct(U'x'), U'x');
}

// The word hashes read a word's last bytes with overlapping loads: they must equal a
// byte-wise copy into a zeroed word, for every length and every byte value.
TEST(LoadBytes, EqualsZeroPaddedCopy) {
  std::mt19937_64 rng(7);
  char buf[16];
  for (int trial = 0; trial < 2000; ++trial) {
    for (char& c : buf) c = static_cast<char>(rng());
    for (std::size_t n = 1; n <= 8; ++n) {
      std::uint64_t want = 0;
      std::memcpy(&want, buf + 3, n);
      ASSERT_EQ(detail::load_upto8(buf + 3, n), want) << "n=" << n;
    }
  }
}

// verbatim_prefix: whole 8-byte words of printable ASCII but the backtick, no two spaces in a
// row; checked byte by byte against random strings that mix such bytes with the others.
TEST(Bytes, VerbatimPrefixMatchesByteRule) {
  std::mt19937_64 rng(11);
  const std::string alphabet = std::string("aZ09 .`\x7f\x1f\t\n\x80\xe2\xc3!~ ") + '\0';
  for (int trial = 0; trial < 20000; ++trial) {
    std::string s;
    const std::size_t len = rng() % 40;
    const bool mostly_plain = trial % 2 == 0;
    for (std::size_t k = 0; k < len; ++k)
      s.push_back(mostly_plain && rng() % 8 != 0 ? "abc D"[rng() % 5]
                                                 : alphabet[rng() % alphabet.size()]);
    std::size_t want = 0, want_spaces = 0, spaces = 0;
    for (std::size_t k = 0; k < s.size(); ++k) {
      const auto b = static_cast<unsigned char>(s[k]);
      const bool ok =
          (b >= 0x20 && b < 0x80 && b != 0x60) && !(b == ' ' && k > 0 && s[k - 1] == ' ');
      if (!ok) break;
      spaces += b == ' ';
      if ((k + 1) % 8 == 0) {
        want = k + 1;
        want_spaces = spaces;
      }
    }
    std::size_t got_spaces = 0;
    ASSERT_EQ(detail::verbatim_prefix(s, got_spaces), want) << s;
    EXPECT_EQ(got_spaces, want_spaces) << s;
  }
}

TEST(Bytes, AsciiLower8) {
  std::uint64_t x;
  std::memcpy(&x, "AZaz@[`{", 8);
  const std::uint64_t y = detail::ascii_lower8(x);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(&y), 8), "azaz@[`{");
}

TEST(Bytes, CountHighBits) {
  for (unsigned m = 0; m < 256; ++m) {
    std::uint64_t mask = 0;
    unsigned want = 0;
    for (unsigned b = 0; b < 8; ++b)
      if (m >> b & 1u) {
        mask |= std::uint64_t{0x80} << (8 * b);
        ++want;
      }
    ASSERT_EQ(detail::count_high_bits(mask), want) << m;
  }
}

TEST(Text, CountCodePointsAsAByteLoop) {
  // Every length from 0 to 40 at every offset of a buffer of ASCII, two-, three- and
  // four-byte sequences and stray bytes, against counting the bytes that are not 10xxxxxx.
  const std::string buf = std::string("a\xC3\xA9z\xE2\x80\x9C\xF0\x9F\x98\x80") + "\x80\xBF\xC0q" +
                          "\xE2\x80\x94 plain ascii text \xD0\x96\xD0\xB8\xFF\xFE" + "end";
  for (std::size_t from = 0; from < buf.size(); ++from)
    for (std::size_t len = 0; from + len <= buf.size() && len <= 40; ++len) {
      const std::string_view s = std::string_view(buf).substr(from, len);
      std::size_t expected = 0;
      for (const char c : s) expected += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      ASSERT_EQ(count_code_points(s), expected) << "from " << from << " len " << len;
    }
}
