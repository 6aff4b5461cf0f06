#include "presslens/tokenize.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "detail/bytes.hpp"
#include "presslens/errors.hpp"
#include "presslens/text.hpp"
#include "test_support.hpp"

using namespace presslens;

namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<Token> toks;
  tokenize(text, toks);
  std::vector<std::string> out;
  for (const auto& t : toks) out.emplace_back(text.substr(t.start, t.end - t.start));
  return out;
}

std::vector<std::string> sents(std::string_view text) {
  const Segmentation seg = segment(text, {});
  std::vector<std::string> out;
  for (const auto& s : seg.sentences) out.emplace_back(text.substr(s.start, s.end - s.start));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST(Tokenize, WordsKeepInnerApostrophesHyphensAndAbbreviations) {
  EXPECT_EQ(words("O\xE2\x80\x99Malley's anti-Russian don't U.S. Mr. Smith"),
            (V{"O\xE2\x80\x99Malley", "'s", "anti-Russian", "don't", "U.S.", "Mr.", "Smith"}));
  EXPECT_EQ(words("Nuland\xE2\x80\x99s visit"), (V{"Nuland", "\xE2\x80\x99s", "visit"}));
  EXPECT_EQ(words("the U.N. mission, 9 a.m."), (V{"the", "U.N.", "mission", ",", "9", "a.m."}));
}

TEST(Tokenize, NumbersAndSymbols) {
  EXPECT_EQ(words("$3.2 million, 800,000 and 10%"),
            (V{"$", "3.2", "million", ",", "800,000", "and", "10", "%"}));
  EXPECT_EQ(words("1990s COVID-19"), (V{"1990s", "COVID-19"}));
  std::vector<Token> toks;
  tokenize("3.5 abc", toks);
  EXPECT_EQ(toks[0].kind, TokenKind::kNumber);
  EXPECT_EQ(toks[1].kind, TokenKind::kWord);
}

TEST(Tokenize, UnicodeScriptsDiacriticsAndEmoji) {
  EXPECT_EQ(words("\xD0\xA0\xD1\x8F\xD0\xB1\xD0\xBA\xD0\xBE\xD0\xB2 M\xC3\xBCller"),
            (V{"\xD0\xA0\xD1\x8F\xD0\xB1\xD0\xBA\xD0\xBE\xD0\xB2", "M\xC3\xBCller"}));
  // thumbs up + skin tone is one token; a flag (two regional indicators) is one token
  EXPECT_EQ(words("ok \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD \xF0\x9F\x87\xBA\xF0\x9F\x87\xB8!"),
            (V{"ok", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8", "!"}));
  // a combining accent stays in its word
  EXPECT_EQ(words("Jose\xCC\x81 said"), (V{"Jose\xCC\x81", "said"}));
}

TEST(Tokenize, QuotesArePunctuationWithTheQuoteFlag) {
  std::vector<Token> toks;
  const std::string text =
      "\xE2\x80\x9CNo,\xE2\x80\x9D he said. ''Yes'' \xC2\xAB"
      "da\xC2\xBB";
  tokenize(text, toks);
  std::vector<std::string> quoted;
  for (const auto& t : toks)
    if (t.flags & kTokQuote) quoted.emplace_back(text.substr(t.start, t.end - t.start));
  EXPECT_EQ(quoted, (V{"\xE2\x80\x9C", "\xE2\x80\x9D", "''", "''", "\xC2\xAB", "\xC2\xBB"}));
}

TEST(Tokenize, FlagsCapitalsAndAllCaps) {
  std::vector<Token> toks;
  tokenize("NATO Peskov said", toks);
  EXPECT_TRUE(toks[0].flags & kTokAllCaps);
  EXPECT_TRUE(toks[1].flags & kTokCapitalized);
  EXPECT_FALSE(toks[1].flags & kTokAllCaps);
  EXPECT_FALSE(toks[2].flags & kTokCapitalized);
}

TEST(Tokenize, OffsetsCoverTheTextInOrder) {
  const std::string text = "  A \xE2\x80\x94 b\xE2\x80\xA6 \xE2\x80\x8B c.\r\n";
  std::vector<Token> toks;
  tokenize(text, toks, 100);
  std::uint32_t last = 100;
  for (const auto& t : toks) {
    EXPECT_GE(t.start, last);
    EXPECT_LT(t.start, t.end);
    EXPECT_LE(t.end, 100 + text.size());
    last = t.end;
  }
  EXPECT_EQ(words(text), (V{"A", "\xE2\x80\x94", "b", "\xE2\x80\xA6", "c", "."}));
}

TEST(Sentences, SurviveAbbreviationsTitlesInitialsAndDecimals) {
  EXPECT_EQ(sents("Mr. Ryabkov met Gen. Smith in the U.S. embassy. Growth was 3.5 percent. "
                  "George W. Bush agreed."),
            (V{"Mr. Ryabkov met Gen. Smith in the U.S. embassy.", "Growth was 3.5 percent.",
               "George W. Bush agreed."}));
  EXPECT_EQ(sents("They met in the U.S. The talks failed."),
            (V{"They met in the U.S.", "The talks failed."}));
}

TEST(Sentences, QuotesThatEndASentence) {
  EXPECT_EQ(
      sents("\"I cannot say that,\" Ryabkov said. \"There is a risk.\" There was no comment."),
      (V{"\"I cannot say that,\" Ryabkov said.", "\"There is a risk.\"", "There was no comment."}));
  EXPECT_EQ(sents("\xE2\x80\x9CNo!\xE2\x80\x9D he said. \xE2\x80\x9CWhy?\xE2\x80\x9D she asked."),
            (V{"\xE2\x80\x9CNo!\xE2\x80\x9D he said.", "\xE2\x80\x9CWhy?\xE2\x80\x9D she asked."}));
  // an ellipsis in brackets inside a quote does not end it
  EXPECT_EQ(
      sents("cooperation [\xE2\x80\xA6] which is useful. These areas [\xE2\x80\xA6]. The end."),
      (V{"cooperation [\xE2\x80\xA6] which is useful.", "These areas [\xE2\x80\xA6].",
         "The end."}));
}

TEST(Paragraphs, LineModeBlankModeAndAuto) {
  const std::string lines = "First paragraph.\nSecond one.\n\nThird.";
  const Segmentation a = segment(lines, {});
  ASSERT_EQ(a.paragraphs.size(), 3u);
  EXPECT_EQ(a.paragraphs[2].line, 3u);
  // Hard-wrapped text: lines stop mid-sentence, blank lines separate paragraphs.
  const std::string wrapped =
      "The talks in Moscow lasted\nmore than an hour and the two\nsides agreed to meet "
      "again\nnext month.\n\nA second paragraph that\nis also wrapped by the\neditor.";
  const Segmentation b = segment(wrapped, {});
  ASSERT_EQ(b.paragraphs.size(), 2u);
  EXPECT_EQ(b.sentences.size(), 2u);
  SegmentOptions line_mode;
  line_mode.paragraphs = ParagraphMode::kLine;
  EXPECT_EQ(segment(wrapped, line_mode).paragraphs.size(), 7u);
}

TEST(Paragraphs, BoilerplateLinesBecomeTheirOwnParagraph) {
  const std::string text = "Body line one\n\xC2\xA9 Getty Images\nbody line two";
  SegmentOptions blank;
  blank.paragraphs = ParagraphMode::kBlank;
  const Segmentation seg = segment(text, blank, {0, 3, 0});
  ASSERT_EQ(seg.paragraphs.size(), 3u);
  EXPECT_EQ(seg.paragraphs[1].boilerplate, 3);
  EXPECT_EQ(seg.paragraphs[0].boilerplate, 0);
}

TEST(Paragraphs, CrlfAndCrLineEnds) {
  const auto lines = split_lines("a\r\nb\rc\n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1].start, 3u);
  EXPECT_EQ(lines[2].start, 5u);
  EXPECT_EQ(segment("One.\r\nTwo.\rThree.", {}).paragraphs.size(), 3u);
}

TEST(Segment, EveryTokenInExactlyOneSentence) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Dr. X said \"yes.\" U.S. officials (e.g. Gen. Y) left... ";
  const Segmentation seg = segment(text, {});
  std::uint32_t next = 0;
  for (const auto& s : seg.sentences) {
    EXPECT_EQ(s.token_begin, next);
    EXPECT_LT(s.token_begin, s.token_end);
    next = s.token_end;
  }
  EXPECT_EQ(next, seg.tokens.size());
}

TEST(Segment, LinearOnAHugeSingleLine) {
  std::string text(20'000'000, 'a');
  for (std::size_t i = 7; i < text.size(); i += 8) text[i] = ' ';
  const Segmentation seg = segment(text, {});
  EXPECT_EQ(seg.tokens.size(), 2'500'000u);
  EXPECT_EQ(seg.sentences.size(), 1u);
}

// A document of a megabyte or more has its tokens counted before they are stored, so the
// vector holds exactly them (growing it would briefly hold its old and new storage: twice
// the memory for a 200 MB line); the tokens are those of the usual path, paragraph by
// paragraph, clitics at the start of a line included.
TEST(Segment, LargeDocumentTokensAreCountedFirst) {
  const std::string para = std::string("’s Nuland's “talks” in Müller’s office, ") +
                           "3.5% up: don't!! 🙂👍🏽 Gen. Y. left... U.S. officials said";
  const Segmentation one = segment(para, {});
  std::string text;
  while (text.size() < (std::size_t{1} << 20)) text += para + "\n";
  const Segmentation seg = segment(text, {});
  EXPECT_EQ(seg.tokens.capacity(), seg.tokens.size());
  ASSERT_EQ(seg.tokens.size(), seg.paragraphs.size() * one.tokens.size());
  for (std::size_t p = 0; p < seg.paragraphs.size(); ++p) {
    const std::uint32_t base = seg.paragraphs[p].start;
    ASSERT_EQ(base, p * (para.size() + 1));
    for (std::size_t k = 0; k < one.tokens.size(); ++k) {
      const Token& a = seg.tokens[p * one.tokens.size() + k];
      const Token& b = one.tokens[k];
      ASSERT_EQ(a.start, b.start + base);
      ASSERT_EQ(a.end, b.end + base);
      ASSERT_EQ(a.kind, b.kind);
      ASSERT_EQ(a.flags, b.flags);
    }
    EXPECT_EQ(seg.paragraphs[p].sentence_end - seg.paragraphs[p].sentence_begin,
              one.sentences.size());
  }
}

// A paragraph of more than 2 MiB is tokenized in pieces of about 1 MiB cut after a space, so
// that Ctrl-C is seen within it: its tokens are those of one pass over the whole line, with
// pieces ending on initials, abbreviations, clitics and numbers (the sentences too).
TEST(Segment, HugeLineInPiecesEqualsOnePass) {
  const std::string unit =
      "Gen. J. Smith's “talks” at 3.5% in U.S. e.g. Müller’s office 🙂 ";
  std::string line;
  for (std::size_t k = 0; line.size() < 3 * (std::size_t{1} << 20); ++k)
    line += unit.substr(0, unit.size() - k % 7) + (k % 5 == 0 ? "  " : " ");
  const Segmentation seg = segment(line, {});
  std::vector<Token> whole;
  tokenize(line, whole);
  ASSERT_EQ(seg.paragraphs.size(), 1u);
  ASSERT_EQ(seg.tokens.size(), whole.size());
  for (std::size_t k = 0; k < whole.size(); ++k) {
    ASSERT_EQ(seg.tokens[k].start, whole[k].start) << k;
    ASSERT_EQ(seg.tokens[k].end, whole[k].end) << k;
    ASSERT_EQ(seg.tokens[k].kind, whole[k].kind) << k;
    ASSERT_EQ(seg.tokens[k].flags, whole[k].flags) << k;
  }
  std::vector<Sentence> sentences;
  split_sentences(line, whole, 0, static_cast<std::uint32_t>(whole.size()), 0, sentences);
  EXPECT_EQ(seg.sentences.size(), sentences.size());
}

TEST(Segment, CancelStopsAHugeLine) {
  std::string text;
  while (text.size() < 3 * (std::size_t{1} << 20)) text += "abc def ";
  std::atomic<bool> cancel{true};
  SegmentOptions o;
  o.cancel = &cancel;
  EXPECT_THROW((void)segment(text, o), Interrupted);
  cancel = false;
  EXPECT_FALSE(segment(text, o).tokens.empty());
}

// ---- segment_sentences / segment_tokens: the same result as segment(), by construction ----

namespace {

// Every difference between segment_sentences() and segment()'s sentences, as text.
std::string sentence_diff(std::string_view text, const SegmentOptions& o,
                          const std::vector<std::uint8_t>& boiler = {}) {
  const Segmentation seg = segment(text, o, boiler);
  const std::vector<SentenceSpan> fast = segment_sentences(text, o, boiler);
  std::string out;
  if (fast.size() != seg.sentences.size())
    out += "count " + std::to_string(fast.size()) + " vs " + std::to_string(seg.sentences.size()) +
           "; ";
  for (std::size_t i = 0; i < std::min(fast.size(), seg.sentences.size()); ++i) {
    const Sentence& s = seg.sentences[i];
    if (fast[i].start != s.start || fast[i].end != s.end || fast[i].paragraph != s.paragraph)
      out += "#" + std::to_string(i) + " [" + std::to_string(fast[i].start) + "," +
             std::to_string(fast[i].end) + ") vs [" + std::to_string(s.start) + "," +
             std::to_string(s.end) + "); ";
  }
  return out;
}

bool same_tokens(std::string_view text, const SegmentOptions& o) {
  const std::vector<Token> a = segment_tokens(text, o);
  const std::vector<Token> b = segment(text, o).tokens;
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].kind != b[i].kind ||
        a[i].flags != b[i].flags)
      return false;
  return true;
}

// Texts where the sentence rule looks far (openers across spaces), or where tokens touch the
// edges of the windows the fast path tokenizes.
const std::vector<std::string>& hostile_texts() {
  static const std::vector<std::string> texts = {
      "",
      " ",
      ".",
      "...",
      "A.",
      "He left. A. Smith stayed.",
      "Talks failed. \"( [ ' \xE2\x80\x9C Both sides left.",
      "Talks failed. ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( (",
      "It fell. ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( the end. ( ( ( ( ( ( ( ( ( ( ( ( ( ( It "
      "did.",
      "Mr. Smith met Gen. Jones in the U.S. The talks ended. U.S. officials said so etc. But no.",
      "rt.com reported 3.5% growth. Really?! \"Yes.\" (He said.) [Maybe.] Then\xE2\x80\xA6 "
      "Oh\xE2\x80\xBD No.",
      "Nuland's visit. 's The end.' Next one.'' And then.\" ''Quote.'' ``Again.''",
      "Wait\xE2\x80\xA6\xE2\x80\x9D She left.\xE2\x80\x99 He \xE2\x80\x9Cstayed.\xE2\x80\x9D",
      "Ends with an initial A.\nNext line. B.\r\nThird\rline.",
      "Para one goes on and\nwraps here. And it\ncontinues there.\n\nPara two is here and\nis "
      "wrapped too. So\nit is.",
      "Line ends with NBSP A.\xC2\xA0\nMore text. X.\xE2\x80\x8B\nEnd.",
      "Tabs\tand.\tcontrols.\x01Next.\x7F"
      "After.\x1F"
      "Before. \x0B"
      "Done.",
      "Emoji \xF0\x9F\x99\x82. Flags \xF0\x9F\x87\xBA\xF0\x9F\x87\xB8. Joined "
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9. Next.",
      "\xD0\xA0\xD1\x8F\xD0\xB1\xD0\xBA\xD0\xBE\xD0\xB2 "
      "\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0"
      "\xBB. \xD0\x9E\xD0\xBD \xD1\x83\xD1\x88\xD1\x91\xD0\xBB. M\xC3\xBCller ging. Er kam.",
      "Invalid \xE2\x80. bytes\xFF. here \xE2. And\xF0\x9F. More \x80\x80. Text \xE2\x80\xA6",
      "\xE2\x80\xA6\xE2\x80\xA6 \xE2\x80\xBD\xE2\x80\xBD. \xE2 \x80\xA6. \xE2\x80 \xA6 Then.",
      "a.b.c. d. E. F.G. H. i.e. The end. 9 a.m. Then 10 p.m. So.",
      "No terminal here at all, only words and commas, and more words",
      "Trailing space.   ",
      "!!! ??? !?! ... ---. Word. .Word. ..Word. ",
  };
  return texts;
}

}  // namespace

TEST(SegmentSentences, SameAsSegmentOnHostileTexts) {
  for (const std::string& t : hostile_texts()) {
    for (const ParagraphMode mode :
         {ParagraphMode::kAuto, ParagraphMode::kLine, ParagraphMode::kBlank}) {
      SegmentOptions o;
      o.paragraphs = mode;
      EXPECT_EQ(sentence_diff(t, o), "") << t;
      EXPECT_TRUE(same_tokens(t, o)) << t;
      // Every other line flagged as boilerplate.
      std::vector<std::uint8_t> boiler(split_lines(t).size());
      for (std::size_t i = 1; i < boiler.size(); i += 2) boiler[i] = 2;
      EXPECT_EQ(sentence_diff(t, o, boiler), "") << t;
    }
  }
}

TEST(SegmentSentences, SameAsSegmentOnRandomPieces) {
  // Texts glued from pieces that meet the rule's edge cases, in every order (seeded).
  const std::vector<std::string_view> pieces = {"The",
                                                "talks",
                                                "Mr.",
                                                "U.S.",
                                                "etc.",
                                                "A.",
                                                ".",
                                                "...",
                                                "!",
                                                "?",
                                                "\"",
                                                "'",
                                                "''",
                                                "(",
                                                ")",
                                                "[",
                                                " ",
                                                " ",
                                                "  ",
                                                "\n",
                                                "\n\n",
                                                "\r\n",
                                                "\t",
                                                "3.5",
                                                "rt.com",
                                                "Nuland's",
                                                "\xE2\x80\x9C",
                                                "\xE2\x80\x9D",
                                                "\xE2\x80\x99",
                                                "\xE2\x80\xA6",
                                                "\xE2\x80\xBD",
                                                "\xC2\xA0",
                                                "\xE2\x80\x8B",
                                                "\x01",
                                                "\xF0\x9F\x99\x82",
                                                "\xE2",
                                                "\x80",
                                                "\xFF",
                                                "But",
                                                "she",
                                                "Gen.",
                                                "i.e.",
                                                "-",
                                                "``"};
  std::mt19937 rng(20);
  for (int n = 0; n < 3000; ++n) {
    std::string t;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) t += pieces[rng() % pieces.size()];
    SegmentOptions o;
    o.paragraphs = static_cast<ParagraphMode>(rng() % 3);
    ASSERT_EQ(sentence_diff(t, o), "") << t;
    ASSERT_TRUE(same_tokens(t, o)) << t;
  }
}

TEST(SegmentSentences, SameAsSegmentOnPolnear) {
  const auto shared = presslens_test::shared_dir();
  const auto folder = shared / "corpus" / "polnear-train" / "text";
  if (shared.empty() || !std::filesystem::is_directory(folder)) GTEST_SKIP() << "no " << folder;
  std::size_t docs = 0;
  for (const auto& e : std::filesystem::directory_iterator(folder)) {
    std::ifstream f(e.path(), std::ios::binary);
    std::ostringstream buffer;
    buffer << f.rdbuf();
    const std::string text = buffer.str();
    EXPECT_EQ(sentence_diff(text, {}), "") << e.path();
    EXPECT_TRUE(same_tokens(text, {})) << e.path();
    ++docs;
  }
  EXPECT_GT(docs, 0u);
}

TEST(SegmentSentences, CancelAndSizeLimitAsSegment) {
  std::string big;
  while (big.size() < (std::size_t{3} << 20)) big += "One sentence here. ( ( ( ";
  std::atomic<bool> stop{true};
  SegmentOptions o;
  o.cancel = &stop;
  EXPECT_THROW((void)segment_sentences(big, o), Interrupted);
  EXPECT_THROW((void)segment_tokens(big, o), Interrupted);
  stop = false;
  EXPECT_EQ(sentence_diff(big, o), "");
}

TEST(SegmentSentences, FindTerminalMatchesAByteLoop) {
  std::mt19937 rng(7);
  const std::string_view alphabet("ab .!?\xE2\x80\xA6\xBD\x9C", 11);
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    const std::size_t len = rng() % 70;
    for (std::size_t k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
    const std::size_t from = len == 0 ? 0 : rng() % (len + 1);
    const std::size_t end = from + (len == from ? 0 : rng() % (len - from + 1));
    std::size_t expect = from;
    while (expect < end && !detail::terminal_at(s, expect, end)) ++expect;
    ASSERT_EQ(detail::find_terminal(s, from, end), expect) << s;
    ASSERT_EQ(detail::find_terminal_swar(s, from, end), expect) << s;
  }
}

TEST(SegmentSentences, AsciiWhiteSpaceIsWhatTheTokenizerSkips) {
  // trim() and the windows of segment_sentences() take an ASCII byte for white space exactly
  // when it is a control or a space: the Unicode rule of trim() agrees for every ASCII byte,
  // and the tokenizer makes a token of every other one.
  for (char32_t c = 0; c < 0x80; ++c) {
    const bool unicode_rule = is_space(c) || fold_punct(c) == U' ' || c < 0x20 || c == 0x7F;
    EXPECT_EQ(unicode_rule, c <= 0x20 || c == 0x7F) << static_cast<int>(c);
    const std::string one(1, static_cast<char>(c));
    EXPECT_EQ(words(one).empty(), c <= 0x20 || c == 0x7F) << static_cast<int>(c);
  }
}
