// Tokenizer, sentence splitter and paragraph segmentation. One linear pass over the bytes
// with an ASCII fast path; non-ASCII code points are classified with the Unicode tables in
// text.cpp. Decisions that need context (is this period an abbreviation? does this quote
// close the sentence?) look at most a few code points ahead, so the pass stays O(n).
#include "presslens/tokenize.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "detail/bytes.hpp"
#include "presslens/errors.hpp"
#include "presslens/text.hpp"

namespace presslens {
namespace {

// Abbreviations whose period belongs to the word. Case-sensitive. Titles among them
// (kTitleAbbrevs) never end a sentence; the others may, before a clear sentence starter.
constexpr std::array<std::string_view, 52> kAbbrevs = {
    "Adm",    "Ave",    "Brig", "Capt", "Cmdr", "Co",   "Col", "Corp", "Dec", "Dept", "Dr",
    "Feb",    "Fla",    "Fr",   "Gen",  "Gov",  "Inc",  "Jan", "Jr",   "Lt",  "Ltd",  "Maj",
    "Messrs", "Mr",     "Mrs",  "Ms",   "Mt",   "No",   "Nov", "Oct",  "Ph",  "Pres", "Prof",
    "Rep",    "Reps",   "Rev",  "Sen",  "Sens", "Sept", "Sgt", "Sr",   "St",  "Supt", "Vol",
    "al",     "approx", "cf",   "etc",  "nos",  "vol",  "vs",  "Aug"};

constexpr std::array<std::string_view, 32> kTitleAbbrevs = {
    "Adm",    "Brig", "Capt", "Cmdr", "Col", "Dr",   "Fr",   "Gen", "Gov",  "Lt",  "Maj",
    "Messrs", "Mr",   "Mrs",  "Ms",   "Mt",  "Pres", "Prof", "Rep", "Reps", "Rev", "Sen",
    "Sens",   "Sgt",  "St",   "Supt", "vs",  "cf",   "Jan",  "Feb", "Sept", "Oct"};

// Words that begin a sentence often enough that after an ambiguous abbreviation ("U.S.")
// they signal a boundary.
constexpr std::array<std::string_view, 40> kSentenceStarters = {
    "A",     "After",     "Also", "An",    "And",     "As",   "At",   "But",   "By",    "During",
    "For",   "He",        "Her",  "His",   "However", "I",    "If",   "In",    "It",    "Its",
    "Last",  "Meanwhile", "On",   "Our",   "She",     "So",   "That", "The",   "Their", "There",
    "These", "They",      "This", "Those", "We",      "What", "When", "While", "With",  "Yet"};

constexpr bool no_word_longer(const auto& list, std::size_t n) {
  return std::all_of(list.begin(), list.end(), [n](std::string_view a) { return a.size() <= n; });
}
static_assert(no_word_longer(kAbbrevs, 9) && no_word_longer(kTitleAbbrevs, 9) &&
              no_word_longer(kSentenceStarters, 9));

bool contains(std::string_view w, const auto& list) {
  // Most words are in no list and longer than any word of one: no comparison for them.
  constexpr std::size_t kLongest = 9;  // "Meanwhile"
  if (w.empty() || w.size() > kLongest) return false;
  return std::any_of(list.begin(), list.end(), [w](std::string_view a) {
    return a.size() == w.size() && a[0] == w[0] && a == w;
  });
}

// ASCII classes.
enum : std::uint8_t { kA_Other = 0, kA_Space = 1, kA_Alnum = 2, kA_Punct = 3, kA_Symbol = 4 };
constexpr std::array<std::uint8_t, 128> make_ascii_class() {
  std::array<std::uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    std::uint8_t k = kA_Other;
    if (c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31))
      k = kA_Space;
    else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      k = kA_Alnum;
    else if (c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '`' ||
             c == '|' || c == '~')
      k = kA_Symbol;
    else if (c > 32 && c < 127)
      k = kA_Punct;
    t[static_cast<std::size_t>(c)] = k;
  }
  return t;
}
constexpr auto kAsciiClass = make_ascii_class();

// ASCII bytes inside a word: lower-case letter, upper-case letter, digit (0: none of them,
// and every byte >= 0x80). The same classes char_props gives ASCII (it has no marks).
enum : std::uint8_t { kW_None = 0, kW_Lower = 1, kW_Upper = 2, kW_Digit = 3 };
constexpr std::array<std::uint8_t, 256> make_ascii_word_class() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 128; ++c) {
    if (c >= 'a' && c <= 'z') t[static_cast<std::size_t>(c)] = kW_Lower;
    if (c >= 'A' && c <= 'Z') t[static_cast<std::size_t>(c)] = kW_Upper;
    if (c >= '0' && c <= '9') t[static_cast<std::size_t>(c)] = kW_Digit;
  }
  return t;
}
constexpr auto kAsciiWordClass = make_ascii_word_class();

// The same classes for 8 bytes at once: the top bit of each byte of `lower`, `upper` and
// `alnum` says whether that byte is one. Exact for every byte (bytes >= 0x80 are none).
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
struct AsciiClasses {
  std::uint64_t lower, upper, alnum;
  explicit AsciiClasses(std::uint64_t x) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    const std::uint64_t x7 = x & (kOnes * 0x7F);  // each byte + up to 0x80 stays in its byte
    const auto in = [x7](std::uint64_t lo, std::uint64_t hi) {
      return (x7 + kOnes * (0x80 - lo)) & ~(x7 + kOnes * (0x7F - hi)) & kHighBits;
    };
    lower = in('a', 'z') & ~x;
    upper = in('A', 'Z') & ~x;
    alnum = lower | upper | (in('0', '9') & ~x);
  }
};

struct Cp {
  char32_t cp;
  std::uint32_t len;
};

inline Cp cp_at(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return {b, 1};
  const Decoded d = decode_utf8(s, i);
  return {d.cp, d.len};
}

inline bool is_apostrophe(char32_t c) {
  return c == U'\'' || c == 0x2019 || c == 0x02BC || c == 0x2018;
}
inline bool is_hyphen(char32_t c) {
  return c == U'-' || c == 0x2010 || c == 0x2011;
}
inline bool is_quote_char(char32_t c) {
  switch (c) {
    case U'"':
    case U'\'':
    case U'`':
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2039:
    case 0x203A:
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
      return true;
    default:
      return false;
  }
}
// Invisible format characters and controls that are not tokens.
inline bool is_ignorable(char32_t c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD ||
         c < 0x20 || (c >= 0x7F && c < 0xA0) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F;
}
inline bool word_cp(char32_t c) {
  return is_alnum(c) || is_mark(c);
}
inline bool is_emoji_modifier(char32_t c) {
  return c == 0xFE0E || c == 0xFE0F || (c >= 0x1F3FB && c <= 0x1F3FF) || c == 0x20E3 ||
         (c >= 0xE0020 && c <= 0xE007F);
}

// Where the tokenizer puts its tokens: a std::vector<Token>, or a TokenCounter. It only
// ever reads back the last token (the clitic rule).
template <class Out>
class Tokenizer {
 public:
  Tokenizer(std::string_view s, Out& out, std::uint32_t base) : s_(s), out_(out), base_(base) {}

  void run() {
    const std::size_t n = s_.size();
    std::size_t i = 0;
    while (i < n) {
      const auto b = static_cast<unsigned char>(s_[i]);
      if (b < 0x80) {
        switch (kAsciiClass[b]) {
          case kA_Space:
          case kA_Other:
            ++i;
            continue;
          case kA_Alnum:
            i = word(i);
            continue;
          case kA_Symbol:
            if (b == '`' && i + 1 < n && s_[i + 1] == '`') {
              emit(i, i + 2, TokenKind::kPunct, kTokQuote);
              i += 2;
            } else {
              emit(i, i + 1, TokenKind::kSymbol, b == '`' ? kTokQuote : 0);
              ++i;
            }
            continue;
          default:
            i = punct(i, b, 1);
            continue;
        }
      }
      const Cp c = cp_at(s_, i);
      if (is_space(c.cp) || fold_punct(c.cp) == U' ' || is_ignorable(c.cp)) {
        i += c.len;
      } else if (is_alnum(c.cp)) {
        i = word(i);
      } else if (is_punct(c.cp)) {
        i = punct(i, c.cp, c.len);
      } else {
        i = symbol(i, c);
      }
    }
  }

 private:
  std::string_view s_;
  Out& out_;
  std::uint32_t base_;

  void emit(std::size_t a, std::size_t b, TokenKind kind, std::uint8_t flags) {
    out_.push_back(Token{base_ + static_cast<std::uint32_t>(a),
                         base_ + static_cast<std::uint32_t>(b), kind, flags});
  }

  std::size_t punct(std::size_t i, char32_t c, std::uint32_t len) {
    std::size_t j = i + len;
    const std::size_t n = s_.size();
    std::uint8_t flags = is_quote_char(c) ? kTokQuote : 0;
    if (c == U'.' || c == U'-' || c == U'!' || c == U'?') {
      while (j < n && static_cast<char32_t>(static_cast<unsigned char>(s_[j])) == c) ++j;
    } else if (c == U'\'' && j < n && s_[j] == '\'') {
      ++j;  // '' used as a double quote
    } else if (is_apostrophe(c) && i > 0 && !out_.empty() && out_.back().end == base_ + i &&
               out_.back().kind == TokenKind::kWord && j < n && (s_[j] == 's' || s_[j] == 'S') &&
               (j + 1 >= n || !word_cp(cp_at(s_, j + 1).cp))) {
      // Possessive or contraction clitic: Nuland's, Nuland’s, it's.
      emit(i, j + 1, TokenKind::kClitic, kTokApostrophe);
      return j + 1;
    }
    emit(i, j, TokenKind::kPunct, flags);
    return j;
  }

  std::size_t symbol(std::size_t i, Cp c) {
    std::size_t j = i + c.len;
    const std::size_t n = s_.size();
    if (c.cp >= 0x1F1E6 && c.cp <= 0x1F1FF && j < n) {  // regional indicator pair (a flag)
      const Cp d = cp_at(s_, j);
      if (d.cp >= 0x1F1E6 && d.cp <= 0x1F1FF) j += d.len;
    }
    while (j < n) {
      const Cp d = cp_at(s_, j);
      if (is_emoji_modifier(d.cp) || is_mark(d.cp)) {
        j += d.len;
      } else if (d.cp == 0x200D && j + d.len < n) {
        const Cp e = cp_at(s_, j + d.len);
        if (!is_symbol(e.cp)) break;
        j += d.len + e.len;
      } else {
        break;
      }
    }
    emit(i, j, TokenKind::kSymbol, 0);
    return j;
  }

  // A word or number starting at i. Joiners (apostrophe, hyphen, period, comma) stay inside
  // when the code point after them continues the word in the way described in the header.
  std::size_t word(std::size_t i) {
    const std::size_t n = s_.size();
    std::size_t j = i;
    std::uint32_t letters = 0, uppers = 0, segment_letters = 0, periods = 0;
    bool first_upper = false, all_digits = true, hyphen = false, apostrophe = false;
    bool first = true;
    while (j < n) {
      // A run of ASCII letters and digits (most of every word), 8 bytes at a time.
      if (const std::uint8_t w0 = kAsciiWordClass[static_cast<unsigned char>(s_[j])]; w0) {
        std::uint32_t lower = 0, upper = 0;
        std::size_t k = j;
        while (true) {
          const AsciiClasses m(detail::load_upto8(s_.data() + k, std::min<std::size_t>(8, n - k)));
          const std::uint64_t stop = ~m.alnum & kHighBits;  // bytes that end the run
          const std::uint64_t run = stop != 0 ? (stop & (0 - stop)) - 1 : ~std::uint64_t{0};
          lower += detail::count_high_bits(m.lower & run);
          upper += detail::count_high_bits(m.upper & run);
          if (stop != 0) {
            k += static_cast<std::size_t>(std::countr_zero(stop)) / 8;
            break;
          }
          k += 8;
          if (k >= n) break;
        }
        letters += lower + upper;
        segment_letters += lower + upper;
        uppers += upper;
        if (lower + upper > 0) all_digits = false;
        if (first && w0 == kW_Upper) first_upper = true;
        first = false;
        j = k;
        continue;
      }
      const Cp c = cp_at(s_, j);
      if (word_cp(c.cp)) {
        const auto p = char_props(c.cp);
        if (p & kPropAlpha) {
          ++letters;
          ++segment_letters;
          all_digits = false;
          if (p & (kPropUpper | kPropTitle)) {
            ++uppers;
            if (first) first_upper = true;
          }
        } else if (!(p & kPropNumeric)) {
          all_digits = false;  // a mark
        }
        first = false;
        j += c.len;
        continue;
      }
      if (j + c.len >= n) {
        // A final period still belongs to an abbreviation ("9 a.m." at the end).
        if (c.cp == U'.' && (periods > 0 || contains(s_.substr(i, j - i), kAbbrevs))) {
          ++periods;
          ++j;
        }
        break;
      }
      const Cp next = cp_at(s_, j + c.len);
      if (is_apostrophe(c.cp) && is_alpha(next.cp)) {
        // Stop before a clitic 's (split off by punct()); join inner apostrophes.
        const std::size_t after = j + c.len + next.len;
        if ((next.cp == U's' || next.cp == U'S') && (after >= n || !word_cp(cp_at(s_, after).cp)))
          break;
        apostrophe = true;
        all_digits = false;
        j += c.len;
        continue;
      }
      if (is_hyphen(c.cp) && word_cp(next.cp)) {
        hyphen = true;
        all_digits = false;
        j += c.len;
        segment_letters = 0;
        continue;
      }
      if (c.cp == U',' && all_digits && is_decimal(next.cp)) {
        j += c.len;
        continue;
      }
      if (c.cp == U'.') {
        if (all_digits && is_decimal(next.cp)) {  // decimal number
          j += 1;
          continue;
        }
        // U.S., U.N., a.m.: a one-letter segment, a letter, then another period.
        if (segment_letters == 1 && is_alpha(next.cp) && j + 1 + next.len < n &&
            s_[j + 1 + next.len] == '.') {
          ++periods;
          segment_letters = 0;
          j += 1;
          continue;
        }
        const std::string_view sofar = s_.substr(i, j - i);
        const bool single_initial = letters == 1 && uppers == 1 && sofar.size() <= 2;
        if (periods > 0 || single_initial || contains(sofar, kAbbrevs)) {
          ++periods;
          j += 1;  // the period belongs to the abbreviation
        }
        break;
      }
      break;
    }
    std::uint8_t flags = 0;
    if (first_upper) flags |= kTokCapitalized;
    if (letters >= 2 && uppers == letters) flags |= kTokAllCaps;
    if (periods > 0) flags |= kTokAbbrev;
    if (hyphen) flags |= kTokHyphen;
    if (apostrophe) flags |= kTokApostrophe;
    emit(i, j, letters > 0 ? TokenKind::kWord : TokenKind::kNumber, flags);
    return j;
  }
};

bool is_terminal(std::string_view t) {
  if (t.empty()) return false;
  const char c = t[0];
  if (c == '.' || c == '!' || c == '?') return true;
  return t == "\xE2\x80\xA6" || t == "\xE2\x80\xBD";  // … ‽
}
bool is_closer(std::string_view t) {
  return t == ")" || t == "]" || t == "}" || t == "\"" || t == "'" || t == "''" ||
         t == "\xE2\x80\x9D" /* ” */ || t == "\xE2\x80\x99" /* ’ */ || t == "\xC2\xBB" /* » */ ||
         t == "\xE2\x80\xBA" /* › */ || t == "\xE2\x80\x9C" /* “ closing in some styles */;
}
bool is_opener(std::string_view t) {
  return t == "(" || t == "[" || t == "\"" || t == "'" || t == "``" || t == "\xE2\x80\x9C" ||
         t == "\xE2\x80\x98" || t == "\xC2\xAB" || t == "\xE2\x80\x9E" || t == "\xE2\x80\xB9";
}

// Does the word token starting the next sentence look like a sentence start?
bool starts_sentence(std::string_view text, const Token& t) {
  if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kSymbol) return true;
  if (t.kind != TokenKind::kWord) return false;
  return (t.flags & kTokCapitalized) != 0 || !is_lower(cp_at(text, t.start).cp);
}

// Whether a sentence ends at token k, and where the next one starts.
enum class CutKind : std::uint8_t {
  kNone,          // it does not
  kParagraphEnd,  // k ends a sentence, but only terminals and closers follow it: no next one
  kBefore,        // the next sentence starts at token `next`
};
struct Cut {
  CutKind kind;
  std::uint32_t next;
};

// The tokens of one paragraph as cut_after() reads them: has(k) says whether the paragraph
// has a token k (a lazy source tokenizes up to it first), toks[k] is that token.
struct StoredTokens {
  const std::vector<Token>& tokens;
  std::uint32_t end;
  [[nodiscard]] bool has(std::uint32_t k) const { return k < end; }
  [[nodiscard]] const Token& operator[](std::uint32_t k) const { return tokens[k]; }
};

// The sentence rule, one token at a time: a terminal (. ! ? … ‽, or an abbreviation that may
// end a sentence) with the terminals and closers glued to it, then white space, then past
// opening quotes and brackets a token that starts a sentence. It reads tokens k, k + 1, ...
// as far as the first one after the openers, and nothing before k. `Toks` may grow while it
// runs (a lazy source), so it holds indices, never references.
template <class Toks>
Cut cut_after(std::string_view text, Toks& toks, std::uint32_t k) {
  auto tok = [&](std::uint32_t i) {
    const Token& t = toks[i];
    return text.substr(t.start, t.end - t.start);
  };
  const Token t = toks[k];
  const std::string_view w = tok(k);
  bool ambiguous = false;
  if (t.kind == TokenKind::kPunct && is_terminal(w)) {
    // a terminal
  } else if (t.kind == TokenKind::kWord && (t.flags & kTokAbbrev) && w.back() == '.') {
    const std::string_view stem = w.substr(0, w.size() - 1);
    const bool initial = stem.size() == 1;
    if (contains(stem, kTitleAbbrevs) || initial) return {CutKind::kNone, 0};  // never ends one
    ambiguous = true;  // "U.S." or "etc." may end a sentence or not
  } else {
    return {CutKind::kNone, 0};
  }
  // Absorb further terminals and closing quotes/brackets glued to the terminal.
  std::uint32_t j = k + 1;
  while (toks.has(j) && toks[j].start == toks[j - 1].end &&
         (is_terminal(tok(j)) || is_closer(tok(j))))
    ++j;
  if (!toks.has(j)) return {CutKind::kParagraphEnd, 0};
  if (toks[j].start == toks[j - 1].end) return {CutKind::kNone, 0};  // "rt.com", "3.5"
  // Look past opening quotes/brackets to the first word of the next sentence.
  std::uint32_t m = j;
  while (toks.has(m) && is_opener(tok(m))) ++m;
  if (!toks.has(m)) return {CutKind::kNone, 0};
  const Token first = toks[m];
  if (!starts_sentence(text, first)) return {CutKind::kNone, 0};
  if (ambiguous && !(first.kind == TokenKind::kWord && contains(tok(m), kSentenceStarters)))
    return {CutKind::kNone, 0};
  return {CutKind::kBefore, j};
}

// Documents of this many bytes or more have their tokens counted before they are stored.
constexpr std::size_t kCountTokensFrom = std::size_t{1} << 20;

// Tokenizes text[begin, end) into `out`, in pieces of about 1 MiB cut just after an ASCII
// space (no rule of the tokenizer looks across one), and checks `cancel` between them.
template <class Out>
void tokenize_pieces(std::string_view text, std::size_t begin, std::size_t end, Out& out,
                     const std::atomic<bool>* cancel) {
  constexpr std::size_t kPiece = std::size_t{1} << 20;
  while (begin < end) {
    std::size_t cut = end;
    if (end - begin > 2 * kPiece) {
      const std::size_t space = text.find(' ', begin + kPiece);
      if (space < end) cut = space + 1;
    }
    Tokenizer<Out>(text.substr(begin, cut - begin), out, static_cast<std::uint32_t>(begin)).run();
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) throw Interrupted();
    begin = cut;
  }
}

// Counts the tokens instead of storing them, keeping the last one for the clitic rule.
class TokenCounter {
 public:
  void push_back(const Token& t) noexcept {
    ++n_;
    last_ = t;
  }
  [[nodiscard]] bool empty() const noexcept { return n_ == 0; }
  [[nodiscard]] const Token& back() const noexcept { return last_; }
  [[nodiscard]] std::size_t size() const noexcept { return n_; }

 private:
  std::size_t n_ = 0;
  Token last_{};
};

}  // namespace

void tokenize(std::string_view text, std::vector<Token>& out, std::uint32_t base) {
  Tokenizer<std::vector<Token>>(text, out, base).run();
}

void split_sentences(std::string_view text, const std::vector<Token>& tokens,
                     std::uint32_t token_begin, std::uint32_t token_end, std::uint32_t paragraph,
                     std::vector<Sentence>& out) {
  const StoredTokens toks{tokens, token_end};
  std::uint32_t begin = token_begin;
  auto close = [&](std::uint32_t end) {
    out.push_back(Sentence{tokens[begin].start, tokens[end - 1].end, begin, end, paragraph});
    begin = end;
  };
  for (std::uint32_t k = token_begin; k < token_end; ++k) {
    const Cut cut = cut_after(text, toks, k);
    if (cut.kind == CutKind::kParagraphEnd) break;  // the paragraph end closes it
    if (cut.kind == CutKind::kBefore) {
      close(cut.next);
      k = cut.next - 1;
    }
  }
  if (begin < token_end) close(token_end);
}

std::vector<LineSpan> split_lines(std::string_view text) {
  std::vector<LineSpan> lines;
  std::uint32_t start = 0;
  const auto n = static_cast<std::uint32_t>(text.size());
  const bool has_cr = text.find('\r') != std::string_view::npos;
  std::uint32_t i = 0;
  while (i < n) {
    if (!has_cr) {  // memchr-speed scan for the common case
      const void* p = std::memchr(text.data() + i, '\n', n - i);
      if (p == nullptr) break;
      i = static_cast<std::uint32_t>(static_cast<const char*>(p) - text.data());
    }
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      lines.push_back({start, i});
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
    ++i;
  }
  if (start < n || n == 0 || text.back() == '\n' || text.back() == '\r')
    lines.push_back({start, n});
  return lines;
}

namespace {

// Trim white space (Unicode) from both ends of [a, b).
// (An ASCII byte is white space here exactly when the tokenizer skips it: kA_Space or
// kA_Other, checked by a test; such bytes are most of what is trimmed.)
LineSpan trim(std::string_view text, std::uint32_t a, std::uint32_t b) {
  const auto ascii_space = [](unsigned char c) {
    return kAsciiClass[c] == kA_Space || kAsciiClass[c] == kA_Other;
  };
  while (a < b) {
    if (const auto u = static_cast<unsigned char>(text[a]); u < 0x80) {
      if (!ascii_space(u)) break;
      ++a;
      continue;
    }
    const Cp c = cp_at(text, a);
    if (!(is_space(c.cp) || fold_punct(c.cp) == U' ' || is_ignorable(c.cp))) break;
    a += c.len;
  }
  while (b > a) {
    std::uint32_t p = b - 1;
    if (const auto u = static_cast<unsigned char>(text[p]); u < 0x80) {
      if (!ascii_space(u)) break;
      b = p;
      continue;
    }
    while (p > a && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
    const Cp c = cp_at(text, p);
    if (!(is_space(c.cp) || fold_punct(c.cp) == U' ' || is_ignorable(c.cp))) break;
    b = p;
  }
  return {a, b};
}

bool ends_like_sentence(std::string_view line) {
  if (line.empty()) return true;
  const char last = line.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == '"' || last == '\'')
    return true;
  // ” ’ … » (UTF-8 tails)
  return line.ends_with("\xE2\x80\x9D") || line.ends_with("\xE2\x80\x99") ||
         line.ends_with("\xE2\x80\xA6") || line.ends_with("\xC2\xBB");
}

ParagraphMode choose_mode(std::string_view text, const std::vector<LineSpan>& lines) {
  // Hard-wrapped text: inside blocks, lines stop mid-sentence and the next line goes on in
  // lower case. Headlines, navigation bars and credits stop without punctuation too, but
  // the line after them starts with a capital, so they do not count as wrapping.
  std::size_t inner = 0, wrapped = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const LineSpan a = trim(text, lines[i].start, lines[i].end);
    const LineSpan b = trim(text, lines[i + 1].start, lines[i + 1].end);
    if (a.start == a.end || b.start == b.end) continue;
    ++inner;
    if (!ends_like_sentence(text.substr(a.start, a.end - a.start)) &&
        is_lower(cp_at(text, b.start).cp))
      ++wrapped;
  }
  return (inner >= 3 && wrapped * 10 >= inner * 4) ? ParagraphMode::kBlank : ParagraphMode::kLine;
}

// The paragraphs of segment(), their sentence ranges left empty. Throws std::invalid_argument
// when text exceeds 4 GiB.
std::vector<Paragraph> paragraphs_of(std::string_view text, const SegmentOptions& options,
                                     const std::vector<std::uint8_t>& boilerplate_lines) {
  if (text.size() >= 0xFFFFFFFFull)
    throw std::invalid_argument("document of " + std::to_string(text.size()) +
                                " bytes exceeds the 4 GiB limit of one document");
  std::vector<Paragraph> paragraphs;
  const std::vector<LineSpan> lines = split_lines(text);
  ParagraphMode mode = options.paragraphs;
  if (mode == ParagraphMode::kAuto) mode = choose_mode(text, lines);

  std::uint32_t block_start = 0, block_end = 0, block_line = 0;
  bool open = false;
  auto add_paragraph = [&](std::uint32_t a, std::uint32_t b, std::uint32_t line,
                           std::uint8_t reason) {
    paragraphs.push_back(Paragraph{a, b, 0, 0, line, reason});
  };
  auto flush = [&]() {
    if (open) add_paragraph(block_start, block_end, block_line, 0);
    open = false;
  };
  for (std::uint32_t li = 0; li < lines.size(); ++li) {
    const LineSpan t = trim(text, lines[li].start, lines[li].end);
    const std::uint8_t reason = li < boilerplate_lines.size() ? boilerplate_lines[li] : 0;
    if (t.start == t.end) {
      flush();
      continue;
    }
    if (reason != 0 || mode == ParagraphMode::kLine) {
      flush();
      add_paragraph(t.start, t.end, li, reason);
      continue;
    }
    if (!open) {
      open = true;
      block_start = t.start;
      block_line = li;
    }
    block_end = t.end;
  }
  flush();
  return paragraphs;
}

// Room for the tokens of `paragraphs`. A guess of one per 5 bytes is close for prose, and a
// vector that outgrows it briefly holds its old and its new storage: for a large document (a
// single 200 MB line) that doubled the memory of segmentation, so large ones are counted first.
void reserve_tokens(std::string_view text, const std::vector<Paragraph>& paragraphs,
                    const SegmentOptions& options, std::vector<Token>& tokens) {
  if (text.size() >= kCountTokensFrom) {
    TokenCounter count;
    for (const Paragraph& p : paragraphs)
      tokenize_pieces(text, p.start, p.end, count, options.cancel);
    tokens.reserve(count.size());
  } else {
    tokens.reserve(text.size() / 5 + 4);
  }
}

// ASCII bytes the tokenizer skips (white space and controls): no token holds one, and no rule
// of the tokenizer reads past one (a rule that looks ahead stops at the first byte that is not
// part of a word, number, run of punctuation or emoji sequence). So the tokens of a window of
// a paragraph that starts at the paragraph start or just after such a byte, and ends at the
// paragraph end or just after such a byte, are exactly the paragraph's tokens inside it.
inline bool is_gap_byte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x80 && (kAsciiClass[b] == kA_Space || kAsciiClass[b] == kA_Other);
}

// The tokens of one paragraph text[begin, end), tokenized on demand in windows that start and
// end at gap bytes (is_gap_byte), so that each is exact. The buffer holds the tokens of one
// contiguous stretch of the paragraph, from the last jump() to pos_: has() extends it (the
// look-ahead of the sentence rule), jump() drops it and starts a new stretch at the next
// window that may hold a terminal, skipping the text between, which cannot end a sentence.
class LazyTokens {
 public:
  LazyTokens(std::string_view text, std::uint32_t begin, std::uint32_t end,
             std::vector<Token>& buffer, const std::atomic<bool>* cancel)
      : text_(text), end_(end), pos_(begin), checked_(begin), buf_(buffer), cancel_(cancel) {
    buf_.clear();
  }

  [[nodiscard]] bool has(std::uint32_t k) {
    while (k >= buf_.size() && pos_ < end_) {
      // A word at a time: the look-ahead rarely needs more than the next one.
      const std::uint32_t stop = window_end(pos_);
      tokenize_window(pos_, stop);
      pos_ = stop;
    }
    return k < buf_.size();
  }
  [[nodiscard]] const Token& operator[](std::uint32_t k) const { return buf_[k]; }
  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(buf_.size()); }

  // Drops the buffer and tokenizes the window holding the next byte after pos_ that may begin
  // a terminal. False (the buffer kept) when no such byte is left.
  bool jump() {
    while (pos_ < end_) {
      const auto x = static_cast<std::uint32_t>(detail::find_terminal(text_, pos_, end_));
      if (x >= end_) return false;
      const std::uint32_t a = window_start(x + 1), b = window_end(x);
      buf_.clear();
      tokenize_window(a, b);
      pos_ = b;
      if (!buf_.empty()) return true;
    }
    return false;
  }

  // End of the paragraph's last token (the buffer holds at least one token): the last one of
  // the buffer when it reaches the end, else of the last window before the end that has one.
  std::uint32_t last_end() {
    std::uint32_t b = end_;
    while (b > pos_) {
      const std::uint32_t a = window_start(b);
      const std::size_t before = buf_.size();
      tokenize_window(a, b);
      if (buf_.size() > before) return buf_.back().end;
      b = a;
    }
    return buf_.back().end;
  }

 private:
  std::string_view text_;
  std::uint32_t end_;
  std::uint32_t pos_;      // the text before it is tokenized or skipped
  std::uint32_t checked_;  // where the cancel flag was last read
  std::vector<Token>& buf_;
  const std::atomic<bool>* cancel_;

  // Just after the first gap byte at or after `from` (< end_), or the paragraph end.
  [[nodiscard]] std::uint32_t window_end(std::uint32_t from) const {
    std::uint32_t i = from;
    while (i < end_ && !is_gap_byte(text_[i])) ++i;
    return i < end_ ? i + 1 : end_;
  }
  // The start of the window that ends at b (> pos_): just after the last gap byte before
  // b - 1, or pos_.
  [[nodiscard]] std::uint32_t window_start(std::uint32_t b) const {
    std::uint32_t a = b - 1;
    while (a > pos_ && !is_gap_byte(text_[a - 1])) --a;
    return a;
  }
  void tokenize_window(std::uint32_t a, std::uint32_t b) {
    Tokenizer<std::vector<Token>>(text_.substr(a, b - a), buf_, a).run();
    if (cancel_ != nullptr && b - checked_ >= (std::uint32_t{1} << 20)) {
      checked_ = b;
      if (cancel_->load(std::memory_order_relaxed)) throw Interrupted();
    }
  }
};

// The sentences of one paragraph, as split_sentences() finds them on all its tokens, appended
// to `out`. cut_after() reads a terminal and the tokens after it, never those before, and
// every terminal begins with a byte detail::find_terminal() finds, so only the windows around those
// bytes (and the first and last token) are tokenized.
void paragraph_sentences(std::string_view text, const Paragraph& para, std::uint32_t p,
                         const std::atomic<bool>* cancel, std::vector<Token>& buffer,
                         std::vector<SentenceSpan>& out) {
  LazyTokens toks(text, para.start, para.end, buffer, cancel);
  if (!toks.has(0)) return;
  std::uint32_t start = toks[0].start;
  std::uint32_t k = 0;
  while (true) {
    if (k >= toks.size()) {
      if (!toks.jump()) break;
      k = 0;
    }
    const Cut cut = cut_after(text, toks, k);
    if (cut.kind == CutKind::kParagraphEnd) break;
    if (cut.kind == CutKind::kBefore) {
      out.push_back(SentenceSpan{start, toks[cut.next - 1].end, p});
      start = toks[cut.next].start;
      k = cut.next;
    } else {
      ++k;
    }
  }
  out.push_back(SentenceSpan{start, toks.last_end(), p});
}

}  // namespace

Segmentation segment(std::string_view text, const SegmentOptions& options,
                     const std::vector<std::uint8_t>& boilerplate_lines) {
  Segmentation seg;
  seg.paragraphs = paragraphs_of(text, options, boilerplate_lines);
  reserve_tokens(text, seg.paragraphs, options, seg.tokens);
  for (std::uint32_t p = 0; p < seg.paragraphs.size(); ++p) {
    Paragraph& para = seg.paragraphs[p];
    const auto tb = static_cast<std::uint32_t>(seg.tokens.size());
    tokenize_pieces(text, para.start, para.end, seg.tokens, options.cancel);
    const auto te = static_cast<std::uint32_t>(seg.tokens.size());
    para.sentence_begin = static_cast<std::uint32_t>(seg.sentences.size());
    if (te > tb) split_sentences(text, seg.tokens, tb, te, p, seg.sentences);
    para.sentence_end = static_cast<std::uint32_t>(seg.sentences.size());
  }
  return seg;
}

std::vector<Token> segment_tokens(std::string_view text, const SegmentOptions& options) {
  const std::vector<Paragraph> paragraphs = paragraphs_of(text, options, {});
  std::vector<Token> tokens;
  reserve_tokens(text, paragraphs, options, tokens);
  for (const Paragraph& para : paragraphs)
    tokenize_pieces(text, para.start, para.end, tokens, options.cancel);
  return tokens;
}

std::vector<SentenceSpan> segment_sentences(std::string_view text, const SegmentOptions& options,
                                            const std::vector<std::uint8_t>& boilerplate_lines) {
  const std::vector<Paragraph> paragraphs = paragraphs_of(text, options, boilerplate_lines);
  std::vector<SentenceSpan> out;
  out.reserve(text.size() / 128 + 4);
  std::vector<Token> buffer;
  buffer.reserve(64);
  for (std::uint32_t p = 0; p < paragraphs.size(); ++p)
    paragraph_sentences(text, paragraphs[p], p, options.cancel, buffer, out);
  return out;
}

}  // namespace presslens
