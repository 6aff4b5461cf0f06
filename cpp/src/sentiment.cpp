// sentiment.cpp: the vaderSentiment 3.3.2 port. Every rule cites the Python it mirrors;
// the order of floating-point operations is the Python order, on purpose.
#include "presslens/sentiment.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "detail/bytes.hpp"
#include "detail/sentiment_but.hpp"
#include "detail/sentiment_news.hpp"
#include "detail/sentiment_words.hpp"
#include "presslens/corpus.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"

namespace presslens {

namespace {

// vaderSentiment's constants (B_INCR, B_DECR, C_INCR, N_SCALAR).
constexpr double kBIncr = 0.293;
constexpr double kBDecr = -0.293;
constexpr double kCIncr = 0.733;
constexpr double kNScalar = -0.74;

// Words the rules compare tokens with. Each token gets one id from the same hash lookup
// that finds its lexicon entry, so the rules compare small integers, not strings.
enum Word : std::uint8_t {
  kOther = 0,
  kNo,
  kKind,
  kOf,
  kOr,
  kNor,
  kNever,
  kSo,
  kThis,
  kWithout,
  kDoubt,
  kLeast,
  kAt,
  kVery,
  kBut,
  // words of SPECIAL_CASES and of the multi-word BOOSTER_DICT keys
  kThe,
  kShit,
  kBomb,
  kBad,
  kAss,
  kBus,
  kStop,
  kYeah,
  kRight,
  kKiss,
  kDeath,
  kTo,
  kDie,
  kFor,
  kBeating,
  kHeart,
  kJust,
  kEnough,
  kSort,
  kOnly,  // news model: "not only" negates nothing
  // news model: a question word opens an embedded question, which a negation raised over
  // the verb before it does not deny ("I don't know how I got so lucky")
  kHow,
  kWhat,
  kWhy,
  kWhere,
  kWho,
  kWordCount
};

constexpr std::array<std::string_view, kWordCount> kWordText = {
    "",      "no",    "kind",   "of",    "or",   "nor",   "never", "so",   "this",  "without",
    "doubt", "least", "at",     "very",  "but",  "the",   "shit",  "bomb", "bad",   "ass",
    "bus",   "stop",  "yeah",   "right", "kiss", "death", "to",    "die",  "for",   "beating",
    "heart", "just",  "enough", "sort",  "only", "how",   "what",  "why",  "where", "who"};

// SPECIAL_CASES with two or three words ("badass" is a one-word key that the joined
// sequences can never equal: dead in 3.3.2).
struct Phrase {
  std::array<Word, 3> w;
  std::uint8_t n;
  double value;
};
constexpr std::array<Phrase, 8> kSpecialCases = {{
    {{kThe, kShit, kOther}, 2, 3.0},
    {{kThe, kBomb, kOther}, 2, 3.0},
    {{kBad, kAss, kOther}, 2, 1.5},
    {{kBus, kStop, kOther}, 2, 0.0},
    {{kYeah, kRight, kOther}, 2, -2.0},
    {{kKiss, kOf, kDeath}, 3, -1.5},
    {{kTo, kDie, kFor}, 3, 3.0},
    {{kBeating, kHeart, kOther}, 2, 3.5},
}};
// BOOSTER_DICT keys with a space; only the two-word n-grams can ever equal them.
constexpr std::array<Phrase, 3> kBoosterBigrams = {{
    {{kJust, kEnough, kOther}, 2, kBDecr},
    {{kKind, kOf, kOther}, 2, kBDecr},
    {{kSort, kOf, kOther}, 2, kBDecr},
}};

constexpr auto kNegate = std::to_array<std::string_view>(
    {"aint",   "arent",    "cannot",  "cant",     "couldnt",  "darent",   "didnt",   "doesnt",
     "ain't",  "aren't",   "can't",   "couldn't", "daren't",  "didn't",   "doesn't", "dont",
     "hadnt",  "hasnt",    "havent",  "isnt",     "mightnt",  "mustnt",   "neither", "don't",
     "hadn't", "hasn't",   "haven't", "isn't",    "mightn't", "mustn't",  "neednt",  "needn't",
     "never",  "none",     "nope",    "nor",      "not",      "nothing",  "nowhere", "oughtnt",
     "shant",  "shouldnt", "uhuh",    "wasnt",    "werent",   "oughtn't", "shan't",  "shouldn't",
     "uh-uh",  "wasn't",   "weren't", "without",  "wont",     "wouldnt",  "won't",   "wouldn't",
     "rarely", "seldom",   "despite"});

struct Booster {
  std::string_view word;
  double scalar;
};
// BOOSTER_DICT's one-word keys (a token never contains a space).
constexpr auto kBoosters = std::to_array<Booster>({
    {"absolutely", kBIncr},    {"amazingly", kBIncr},    {"awfully", kBIncr},
    {"completely", kBIncr},    {"considerable", kBIncr}, {"considerably", kBIncr},
    {"decidedly", kBIncr},     {"deeply", kBIncr},       {"effing", kBIncr},
    {"enormous", kBIncr},      {"enormously", kBIncr},   {"entirely", kBIncr},
    {"especially", kBIncr},    {"exceptional", kBIncr},  {"exceptionally", kBIncr},
    {"extreme", kBIncr},       {"extremely", kBIncr},    {"fabulously", kBIncr},
    {"flipping", kBIncr},      {"flippin", kBIncr},      {"frackin", kBIncr},
    {"fracking", kBIncr},      {"fricking", kBIncr},     {"frickin", kBIncr},
    {"frigging", kBIncr},      {"friggin", kBIncr},      {"fully", kBIncr},
    {"fuckin", kBIncr},        {"fucking", kBIncr},      {"fuggin", kBIncr},
    {"fugging", kBIncr},       {"greatly", kBIncr},      {"hella", kBIncr},
    {"highly", kBIncr},        {"hugely", kBIncr},       {"incredible", kBIncr},
    {"incredibly", kBIncr},    {"intensely", kBIncr},    {"major", kBIncr},
    {"majorly", kBIncr},       {"more", kBIncr},         {"most", kBIncr},
    {"particularly", kBIncr},  {"purely", kBIncr},       {"quite", kBIncr},
    {"really", kBIncr},        {"remarkably", kBIncr},   {"so", kBIncr},
    {"substantially", kBIncr}, {"thoroughly", kBIncr},   {"total", kBIncr},
    {"totally", kBIncr},       {"tremendous", kBIncr},   {"tremendously", kBIncr},
    {"uber", kBIncr},          {"unbelievably", kBIncr}, {"unusually", kBIncr},
    {"utter", kBIncr},         {"utterly", kBIncr},      {"very", kBIncr},
    {"almost", kBDecr},        {"barely", kBDecr},       {"hardly", kBDecr},
    {"kinda", kBDecr},         {"kindof", kBDecr},       {"kind-of", kBDecr},
    {"less", kBDecr},          {"little", kBDecr},       {"marginal", kBDecr},
    {"marginally", kBDecr},    {"occasional", kBDecr},   {"occasionally", kBDecr},
    {"partly", kBDecr},        {"scarce", kBDecr},       {"scarcely", kBDecr},
    {"slight", kBDecr},        {"slightly", kBDecr},     {"somewhat", kBDecr},
    {"sorta", kBDecr},         {"sortof", kBDecr},       {"sort-of", kBDecr},
    // The multi-word keys "just enough", "kind of", "sort of" are kBoosterBigrams.
});

enum WordFlag : std::uint8_t {
  kInLexicon = 1,
  kBooster = 2,
  kNegation = 4,
  // news model only (never set for exact VADER)
  kNewsHedge = 8,      // hedge or modal: softens the rest of its clause
  kNewsBreak = 16,     // starts a new clause: contrast, subordinating word, lone dash
  kNewsNegator = 32,   // negates the rest of its clause, beyond VADER's NEGATE list
  kNewsRuleVerb = 64,  // rule/rules/ruled/ruling ("ruled out" negates)
  kNewsOut = 128,      // "out"
};

// The news model's word classes (see detail/sentiment_news.hpp).
constexpr auto kNewsHedges = std::to_array<std::string_view>(
    {"may",       "might",      "could",     "possibly",   "perhaps",    "probably", "reportedly",
     "allegedly", "apparently", "seemingly", "presumably", "supposedly", "likely",   "seem",
     "seems",     "seemed",     "appear",    "appears",    "appeared",   "if",       "whether"});
constexpr auto kNewsBreaks = std::to_array<std::string_view>(
    {"but", "however", "although", "though", "whereas", "while", "nevertheless", "nonetheless",
     "yet", "because", "unless", "-", "--", "\xE2\x80\x93", "\xE2\x80\x94"});  // en and em dash
// Verbal negations govern their clause; "no", "without", "nothing" and the like negate a
// noun phrase, which VADER's window already covers. Any other word with "n't" counts too.
constexpr auto kNewsNegators = std::to_array<std::string_view>(
    {"not",     "never",  "cannot",  "cant",    "dont",    "doesnt",  "didnt",    "isnt",
     "arent",   "wasnt",  "werent",  "wont",    "wouldnt", "couldnt", "shouldnt", "hasnt",
     "havent",  "hadnt",  "mustnt",  "neednt",  "aint",    "fail",    "fails",    "failed",
     "failing", "unable", "refuse",  "refuses", "refused", "deny",    "denies",   "denied",
     "lack",    "lacks",  "lacking", "lacked"});
// Verbs of saying and thinking over which a negation is raised ("I cannot say that we have
// achieved great progress": the progress is denied). Not "know": it is factive ("I did not
// know they were so kind" does not deny the kindness).
constexpr auto kNewsRaisingVerbs = std::to_array<std::string_view>(
    {"say",        "said",     "says",   "think",   "thinks",   "thought", "believe",
     "believes",   "believed", "expect", "expects", "expected", "see",     "sees",
     "seen",       "saw",      "claim",  "claimed", "call",     "called",  "consider",
     "considered", "feel",     "felt",   "suppose", "allow",    "allows",  "allowed",
     "let",        "mean",     "means",  "meant",   "want",     "wants",   "wanted",
     "seem",       "seems",    "seemed", "need",    "needs",    "needed"});
constexpr auto kNewsRuleVerbs =
    std::to_array<std::string_view>({"rule", "rules", "ruled", "ruling"});

struct WordInfo {
  double valence = 0.0;
  double booster = 0.0;
  std::uint8_t flags = 0;
  Word word = kOther;
};

// Classes of ASCII bytes (bytes >= 0x80 are decoded and classified by code point).
enum ByteClass : std::uint8_t {
  kClsSpace = 1,     // str.split() white space: \t \n \v \f \r, \x1c-\x1f, ' '
  kClsPunct = 2,     // string.punctuation
  kClsUpper = 4,     // A-Z
  kClsLower = 8,     // a-z
  kClsBang = 16,     // '!'
  kClsQuestion = 32  // '?'
};
constexpr std::array<std::uint8_t, 128> make_class_table() {
  std::array<std::uint8_t, 128> t{};
  for (unsigned c = 0x09; c <= 0x0d; ++c) t[c] = kClsSpace;
  for (unsigned c = 0x1c; c <= 0x20; ++c) t[c] = kClsSpace;
  for (char c : std::string_view("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")) {
    t[static_cast<unsigned char>(c)] = kClsPunct;
  }
  for (unsigned c = 'A'; c <= 'Z'; ++c) t[c] = kClsUpper;
  for (unsigned c = 'a'; c <= 'z'; ++c) t[c] = kClsLower;
  t['!'] |= kClsBang;
  t['?'] |= kClsQuestion;
  return t;
}
constexpr std::array<std::uint8_t, 128> kClass = make_class_table();

constexpr bool is_ascii_space(unsigned char c) noexcept {
  return c < 0x80 && (kClass[c] & kClsSpace) != 0;
}
constexpr bool is_ascii_punct(unsigned char c) noexcept {
  return c < 0x80 && (kClass[c] & kClsPunct) != 0;
}

// Python's str.strip() white space over a whole line (for the lexicon files).
std::string_view py_strip(std::string_view s) {
  auto space_at = [&](std::size_t pos, std::uint32_t& len) {
    const auto c = static_cast<unsigned char>(s[pos]);
    if (c < 0x80) {
      len = 1;
      return is_ascii_space(c);
    }
    const Decoded d = decode_utf8(s, pos);
    len = d.len;
    return d.valid && is_space(d.cp);
  };
  std::size_t b = 0;
  std::uint32_t len = 0;
  while (b < s.size() && space_at(b, len)) b += len;
  std::size_t e = s.size();
  while (e > b) {
    std::size_t p = e - 1;  // back to the lead byte of the last code point
    while (p > b && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
    if (!space_at(p, len) || p + len != e) break;
    e = p;
  }
  return s.substr(b, e - b);
}

// Splits `text` as `text.rstrip('\n').split('\n')` and calls fn(line, 1-based number).
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::size_t lineno = 0;
  std::size_t pos = 0;
  while (true) {
    ++lineno;
    const std::size_t nl = text.find('\n', pos);
    const std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    fn(line, lineno);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

// The first two TAB-separated fields of a stripped line (Python's split('\t')[0:2] with the
// tuple unpacking that fails when there are fewer than two).
bool two_fields(std::string_view line, std::string_view& a, std::string_view& b) {
  const std::size_t t1 = line.find('\t');
  if (t1 == std::string_view::npos) return false;
  a = line.substr(0, t1);
  const std::size_t t2 = line.find('\t', t1 + 1);
  b = line.substr(t1 + 1, t2 == std::string_view::npos ? std::string_view::npos : t2 - t1 - 1);
  return true;
}

std::string line_error(std::string_view source, std::size_t lineno, std::string_view what) {
  std::string msg(source);
  msg += ":";
  msg += std::to_string(lineno);
  msg += ": ";
  msg += what;
  return msg;
}

// float(field) for the decimal numbers of the lexicon files (correctly rounded, like
// Python's float()); white space around the number is accepted as float() does.
bool parse_double(std::string_view field, double& out) {
  field = py_strip(field);
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  const char* end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, out);
  return ec == std::errc() && ptr == end && !field.empty();
}

std::size_t count_code_points_upto(std::string_view s, std::size_t limit) noexcept {
  std::size_t n = 0;
  for (const char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80 && ++n > limit) break;
  }
  return n;
}

// The byte range of the input character a byte of the emoji-replaced text came from.
struct Origin {
  std::size_t start;
  std::size_t end;
};

// A token as the rules see it.
struct Tok {
  std::uint32_t start;  // stripped token, byte range in the prepared text
  std::uint32_t end;
  std::uint32_t lower_start;  // its str.lower(), byte range in Buffers::lower
  std::uint32_t lower_end;
  const WordInfo* info;  // its entry (kNoInfo when it has none)
  std::uint8_t flags;    // == info->flags
  Word word;             // == info->word
  bool upper;            // str.isupper()
  bool clause_end;       // the white-space piece ends in , ; : . ! ? or ) (news model)
};

constexpr WordInfo kNoInfo{};

// The tokens' lower-case forms, back to back. Unlike std::string::resize, making room does
// not zero-fill every time: the storage only grows, and writers may store up to 8 bytes
// past what they commit.
class LowerBuffer {
 public:
  void clear() noexcept { size_ = 0; }
  void truncate(std::size_t size) noexcept { size_ = std::min(size_, size); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const char* data() const noexcept { return data_.data(); }
  /// Room for `n` more bytes (plus 8 of slack) at the end; commit them with grow().
  [[nodiscard]] char* reserve_tail(std::size_t n) {
    if (data_.size() < size_ + n + 8) data_.resize(std::max(2 * data_.size(), size_ + n + 8));
    return data_.data() + size_;
  }
  void grow(std::size_t n) noexcept { size_ += n; }

 private:
  std::vector<char> data_;
  std::size_t size_ = 0;
};

// The tokenizer reads and hashes 8-byte chunks as little-endian words (as short_string_hash
// does with memcpy); the masks below assume it.
static_assert(std::endian::native == std::endian::little, "sentiment.cpp assumes little-endian");

// SWAR over 8 bytes read as a little-endian word.
constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHigh = kOnes * 0x80;

// Number of leading bytes of `w` in 0x21..0x7F (printable ASCII and DEL: never white space,
// never part of a multi-byte character). The borrow of the "less than 0x21" test only
// flags bytes above a truly flagged one, so the lowest flag is exact.
constexpr std::size_t printable_ascii_prefix(std::uint64_t w) noexcept {
  const std::uint64_t special = (((w - kOnes * 0x21) & ~w) | w) & kHigh;
  return special == 0 ? 8 : static_cast<std::size_t>(std::countr_zero(special)) / 8;
}

// High bit of each byte of `w` (all bytes < 0x80) that lies in [lo, hi]; no carry crosses
// bytes because every sum stays below 0x100.
constexpr std::uint64_t bytes_in(std::uint64_t w, unsigned lo, unsigned hi) noexcept {
  return (w + kOnes * (0x80 - lo)) & ~(w + kOnes * (0x7f - hi)) & kHigh;
}

// kClass bits of a run of bytes in 0x21..0x7F (zero bytes ignored), counting '!' and '?'.
inline std::uint8_t swar_classes(std::uint64_t w, std::size_t& bangs,
                                 std::size_t& questions) noexcept {
  const std::uint64_t upper = bytes_in(w, 'A', 'Z');
  const std::uint64_t lower = bytes_in(w, 'a', 'z');
  const std::uint64_t punct = bytes_in(w, 0x21, 0x7e) & ~(upper | lower | bytes_in(w, '0', '9'));
  if (punct) {
    bangs += detail::count_high_bits(bytes_in(w, '!', '!'));
    questions += detail::count_high_bits(bytes_in(w, '?', '?'));
  }
  return static_cast<std::uint8_t>((upper ? kClsUpper : 0) | (lower ? kClsLower : 0) |
                                   (punct ? kClsPunct : 0));
}

using detail::ascii_lower8;

// Whether the white-space piece p[start, end) ends a clause: its last character, after
// closing quotes and brackets, is , ; : . ! or ?, or a closing bracket is among those.
inline bool ends_clause(const unsigned char* p, std::size_t start, std::size_t end) noexcept {
  std::size_t q = end;
  bool closing = false;
  while (q > start && q + 8 > end) {
    const unsigned char c = p[q - 1];
    if (c == '"' || c == '\'' || c >= 0x80) {  // quotes, curly quotes (multi-byte)
      --q;
    } else if (c == ')' || c == ']') {
      closing = true;
      --q;
    } else {
      break;
    }
  }
  if (closing) return true;
  if (q == start) return false;
  const unsigned char c = p[q - 1];
  return c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?';
}

}  // namespace

struct SentimentWorkspace::Buffers {
  std::string prepared;  // the text after emoji replacement (when it changed)
  LowerBuffer lower;     // every token's lower-case form, back to back
  std::string scratch;   // str.lower() of a non-ASCII token
  std::string carried;   // lower-case forms of the tokens carried to the next piece
  std::vector<Tok> toks;
  std::vector<double> sentiments;
  std::size_t bangs = 0;      // '!' in the text
  std::size_t questions = 0;  // '?' in the text
  std::size_t first_but = 0;  // index of the first "but" token, or npos
  std::size_t chunk_bytes = SentimentWorkspace::kDefaultChunkBytes;  // longer texts: pieces
  const std::atomic<bool>* stop = nullptr;  // checked between pieces (watch())
  void poll() const {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) throw Interrupted();
  }
};

SentimentWorkspace::SentimentWorkspace() : buffers_(std::make_unique<Buffers>()) {}
SentimentWorkspace::SentimentWorkspace(std::size_t chunk_bytes)
    : buffers_(std::make_unique<Buffers>()) {
  if (chunk_bytes == 0) throw std::invalid_argument("SentimentWorkspace: chunk_bytes must be > 0");
  buffers_->chunk_bytes = chunk_bytes;
}
SentimentWorkspace::~SentimentWorkspace() = default;
void SentimentWorkspace::watch(const std::atomic<bool>* stop) noexcept {
  buffers_->stop = stop;
}
SentimentWorkspace::SentimentWorkspace(SentimentWorkspace&&) noexcept = default;
SentimentWorkspace& SentimentWorkspace::operator=(SentimentWorkspace&&) noexcept = default;

using WordMap = std::unordered_map<std::string, WordInfo, detail::StringHash, std::equal_to<>>;

struct SentimentAnalyzer::Impl {
  detail::FrozenStringMap<WordInfo> words;  // lexicon, boosters, negations, rule words
  std::size_t lexicon_size = 0;
  std::unordered_map<char32_t, std::string> emoji;
  std::array<bool, 128> ascii_emoji{};
  std::vector<bool> bmp_emoji = std::vector<bool>(0x10000, false);
  bool astral_emoji = false;
  bool any_emoji = false;
  Summation summation = Summation::kSequential;
  std::optional<NewsModelParams> news;  // the news model's parameters; none: exact VADER

  [[nodiscard]] bool is_emoji(char32_t cp) const noexcept {
    if (cp < 0x80) return ascii_emoji[cp];
    if (cp < 0x10000) return bmp_emoji[cp];
    return astral_emoji && emoji.count(cp) != 0;
  }

  // Emoji -> description, exactly as polarity_scores' first loop. Returns the text to
  // tokenize: `text` itself when nothing was replaced, else `out`. When `origin` is given it
  // receives, per byte of the result, the byte range of the input character it came from.
  std::string_view replace_emoji(std::string_view text, std::string& out,
                                 std::vector<Origin>* origin) const;

  // SentiText's words_and_emoticons with everything the rules need per token, and the
  // '!'/'?' counts. With `stop_at_emoji`, returns false as soon as it meets a code point
  // that polarity_scores would replace (the caller then replaces and tokenizes again), so
  // that texts without emoji (nearly all) are read once. With `append`, the tokens are
  // added after those already in `b` (first_but, bangs and questions are this call's).
  bool tokenize(std::string_view text, SentimentWorkspace::Buffers& b, bool stop_at_emoji,
                bool append = false) const;

  // Where the piece of `text` that starts at `from` ends: the first place at or after
  // from + size where cutting changes none of VADER's tokens (see piece_end's comment).
  [[nodiscard]] std::size_t piece_end(std::string_view text, std::size_t from,
                                      std::size_t size) const;
  // Tokenizes text[from, end) as a piece of `text` (emoji replaced), appending to `b`.
  void tokenize_piece(std::string_view text, std::size_t from, std::size_t end,
                      SentimentWorkspace::Buffers& b, bool append) const;

  // sentiment_valence and its checks for the tokens [begin, end) of `w`, calling
  // sink(i, valence) for each (0 for a modifier or a word outside the lexicon). Reads up to
  // three tokens before and two after each one: `w` may be a window of a longer text when
  // it holds those (the rules ask whether a token is the last only of the last two).
  template <bool kTrace, class Sink>
  void valences(std::span<const Tok> w, std::size_t begin, std::size_t end, bool is_cap_diff,
                const LowerBuffer& lower, TokenExplanation* tx, Sink&& sink) const;

  template <bool kTrace>
  SentimentScores score(std::string_view text, SentimentWorkspace::Buffers& b,
                        Explanation* trace) const;
  // What the news model's clause scope needs of token k of `w` (lower-case forms in `lower`).
  [[nodiscard]] static detail::NewsToken news_token(std::span<const Tok> w, std::size_t k,
                                                    const LowerBuffer& lower) noexcept;

  // score<false> for a text longer than b.chunk_bytes, piece by piece in bounded memory.
  SentimentScores score_in_pieces(std::string_view text, SentimentWorkspace::Buffers& b) const;
};

std::string_view SentimentAnalyzer::Impl::replace_emoji(std::string_view text, std::string& out,
                                                        std::vector<Origin>* origin) const {
  std::size_t i = 0;
  const std::size_t n = text.size();
  // Find the first emoji; most texts have none and are returned as they are.
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (ascii_emoji[c]) break;
      ++i;
      continue;
    }
    const Decoded d = decode_utf8(text, i);
    if (d.valid && is_emoji(d.cp)) break;
    i += d.len;
  }
  if (origin) {
    origin->clear();
    for (std::size_t k = 0; k < i; ++k) origin->push_back(Origin{k, k + 1});
  }
  if (i == n) return text;
  out.assign(text.substr(0, i));
  bool prev_space = i == 0 || text[i - 1] == ' ';
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    Decoded d{c, 1, true};
    if (c >= 0x80) d = decode_utf8(text, i);
    const std::size_t before = out.size();
    if (d.valid && is_emoji(d.cp)) {
      if (!prev_space) out += ' ';
      out += emoji.find(d.cp)->second;
      prev_space = false;
    } else {
      out.append(text.substr(i, d.len));
      prev_space = d.cp == U' ';
    }
    if (origin) {
      for (std::size_t k = before; k < out.size(); ++k) origin->push_back(Origin{i, i + d.len});
    }
    i += d.len;
  }
  return out;
}

bool SentimentAnalyzer::Impl::tokenize(std::string_view text, SentimentWorkspace::Buffers& b,
                                       bool stop_at_emoji, bool append) const {
  if (!append) {
    b.toks.clear();
    b.lower.clear();
  }
  b.first_but = std::string_view::npos;
  // Counted in locals: the compiler cannot keep members of `b` in registers across the
  // byte stores below.
  std::size_t bangs = 0;
  std::size_t questions = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (true) {
    // str.split(): skip white space ...
    while (i < n) {
      if (p[i] < 0x80) {
        if (!(kClass[p[i]] & kClsSpace)) break;
        ++i;
        continue;
      }
      const Decoded d = decode_utf8(text, i);
      if (!d.valid) break;
      if (stop_at_emoji && is_emoji(d.cp)) return false;
      if (!(char_props(d.cp) & kPropSpace)) break;
      i += d.len;
    }
    if (i >= n) break;
    // ... then take everything up to the next white space, classifying as we go.
    const std::size_t start = i;
    std::uint8_t ascii_classes = 0;
    std::uint16_t props = 0;
    bool ascii = true;
    while (i < n) {
      if (i + 8 <= n) {
        // Printable ASCII 8 bytes at a time; the byte loop below takes the rest.
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        const std::size_t run = printable_ascii_prefix(w);
        if (run > 0) {
          ascii_classes |= swar_classes(run == 8 ? w : w & (~std::uint64_t{0} >> (64 - 8 * run)),
                                        bangs, questions);
          i += run;
          if (run == 8) continue;
        }
      }
      if (p[i] < 0x80) {
        const std::uint8_t k = kClass[p[i]];
        if (k & kClsSpace) break;
        ascii_classes |= k;
        bangs += (k >> 4) & 1;
        questions += (k >> 5) & 1;
        ++i;
        continue;
      }
      ascii = false;
      const Decoded d = decode_utf8(text, i);
      if (d.valid) {
        if (stop_at_emoji && is_emoji(d.cp)) return false;
        const std::uint16_t cp_props = char_props(d.cp);
        if (cp_props & kPropSpace) break;
        props |= cp_props;
      }
      i += d.len;
    }
    std::size_t ts = start;
    std::size_t te = i;
    // _strip_punc_if_word: token.strip(string.punctuation), kept only if > 2 code points.
    if (ascii_classes & kClsPunct) {
      std::size_t ls = ts;
      std::size_t le = te;
      while (ls < le && is_ascii_punct(p[ls])) ++ls;
      while (le > ls && is_ascii_punct(p[le - 1])) --le;
      if ((ls != ts || le != te) && count_code_points_upto(text.substr(ls, le - ls), 2) > 2) {
        ts = ls;
        te = le;
      }
    }
    // str.lower() into the shared buffer. str.isupper(): a cased upper-case character and no
    // lower/title-case one; the stripped punctuation is uncased, so the whole piece decides.
    const std::size_t lower_start = b.lower.size();
    const std::size_t len = te - ts;
    std::uint64_t h = 0;
    if (ascii) {
      // Eight bytes at a time, hashed as they are lower-cased (no re-read of the output).
      // The last chunk is one 8-byte store into the buffer's slack.
      char* out = b.lower.reserve_tail(len);
      h = detail::hash_seed(len);
      std::size_t k = 0;
      for (; k + 8 <= len; k += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + ts + k, 8);
        w = ascii_lower8(w);
        std::memcpy(out + k, &w, 8);
        h = detail::hash_step(h, w);
      }
      if (const std::size_t rest = len - k; rest > 0) {
        std::uint64_t w = 0;
        if (ts + k + 8 <= n) {
          std::memcpy(&w, p + ts + k, 8);  // the bytes after the token are masked off
          w &= ~std::uint64_t{0} >> (8 * (8 - rest));
        } else {
          for (std::size_t q = 0; q < rest; ++q) w |= std::uint64_t{p[ts + k + q]} << (8 * q);
        }
        w = ascii_lower8(w);
        std::memcpy(out + k, &w, 8);
        h = detail::hash_step(h, w);
      }
      b.lower.grow(len);
      h = detail::hash_finish(h);
    } else {
      b.scratch.clear();
      append_lower(b.scratch, text.substr(ts, te - ts));
      std::memcpy(b.lower.reserve_tail(b.scratch.size()), b.scratch.data(), b.scratch.size());
      b.lower.grow(b.scratch.size());
      h = detail::short_string_hash(b.scratch);
    }
    const bool has_upper = (ascii_classes & kClsUpper) || (props & kPropUpper);
    const bool has_lower = (ascii_classes & kClsLower) || (props & (kPropLower | kPropTitle));
    const std::string_view lower(b.lower.data() + lower_start, b.lower.size() - lower_start);
    const WordInfo* info = words.find(lower, h);
    if (!info) info = &kNoInfo;
    const bool clause_end =
        news && ((ascii_classes & kClsPunct) || !ascii) && ends_clause(p, start, i);
    Tok t{static_cast<std::uint32_t>(ts),
          static_cast<std::uint32_t>(te),
          static_cast<std::uint32_t>(lower_start),
          static_cast<std::uint32_t>(b.lower.size()),
          info,
          info->flags,
          info->word,
          has_upper && !has_lower,
          clause_end};
    if (t.word == kBut && b.first_but == std::string_view::npos) b.first_but = b.toks.size();
    b.toks.push_back(t);
  }
  b.bangs = bangs;
  b.questions = questions;
  return true;
}

namespace {

// score_valence's sums over the final sentiments, added one value at a time in their order
// (the sum as sum() adds; then _sift_sentiment_scores' three), so that a text read in pieces
// adds exactly what the whole list would.
class ValenceSums {
 public:
  explicit ValenceSums(Summation summation) : summation_(summation) {}

  void add(double s) noexcept {
    ++n_;
    if (summation_ == Summation::kSequential) {
      sum_ += s;
    } else {
      // CPython >= 3.12 sum(): Neumaier's compensated summation.
      const double t = sum_ + s;
      if (std::fabs(sum_) >= std::fabs(s)) {
        compensation_ += (sum_ - t) + s;
      } else {
        compensation_ += (s - t) + sum_;
      }
      sum_ = t;
    }
    if (s > 0) pos_sum_ += (s + 1);
    if (s < 0) neg_sum_ += (s - 1);
    if (s == 0) ++neu_count_;
  }

  [[nodiscard]] std::size_t count() const noexcept { return n_; }
  [[nodiscard]] double sum() const noexcept {
    if (summation_ == Summation::kNeumaier && compensation_ != 0.0 && std::isfinite(compensation_))
      return sum_ + compensation_;
    return sum_;
  }
  [[nodiscard]] double pos_sum() const noexcept { return pos_sum_; }
  [[nodiscard]] double neg_sum() const noexcept { return neg_sum_; }
  [[nodiscard]] std::size_t neu_count() const noexcept { return neu_count_; }

 private:
  Summation summation_;
  std::size_t n_ = 0;
  double sum_ = 0.0;
  double compensation_ = 0.0;
  double pos_sum_ = 0.0;
  double neg_sum_ = 0.0;
  std::size_t neu_count_ = 0;
};

struct Scored {
  SentimentScores scores;
  double raw_sum = 0.0;               // the sum before punctuation emphasis
  double punct_emph_amplifier = 0.0;  // from '!' and '?'
};

// score_valence from the sums and the '!'/'?' counts of the emoji-replaced text.
Scored finish_scores(const ValenceSums& sums, std::size_t bangs, std::size_t questions) {
  Scored r;
  if (sums.count() == 0) return r;
  double sum_s = sums.sum();
  r.raw_sum = sum_s;

  // _punctuation_emphasis on the emoji-replaced text
  std::size_t ep_count = bangs;
  const std::size_t qm_count = questions;
  if (ep_count > 4) ep_count = 4;
  const double ep_amplifier = static_cast<double>(ep_count) * 0.292;
  double qm_amplifier = 0.0;
  if (qm_count > 1) {
    qm_amplifier = qm_count <= 3 ? static_cast<double>(qm_count) * 0.18 : 0.96;
  }
  const double punct_emph_amplifier = ep_amplifier + qm_amplifier;
  r.punct_emph_amplifier = punct_emph_amplifier;
  if (sum_s > 0) {
    sum_s += punct_emph_amplifier;
  } else if (sum_s < 0) {
    sum_s -= punct_emph_amplifier;
  }

  // normalize(score, alpha=15)
  double compound = sum_s / std::sqrt((sum_s * sum_s) + 15.0);
  if (compound < -1.0) {
    compound = -1.0;
  } else if (compound > 1.0) {
    compound = 1.0;
  }

  // _sift_sentiment_scores
  double pos_sum = sums.pos_sum();
  double neg_sum = sums.neg_sum();
  const std::size_t neu_count = sums.neu_count();
  if (pos_sum > std::fabs(neg_sum)) {
    pos_sum += punct_emph_amplifier;
  } else if (pos_sum < std::fabs(neg_sum)) {
    neg_sum -= punct_emph_amplifier;
  }
  const double total = pos_sum + std::fabs(neg_sum) + static_cast<double>(neu_count);
  r.scores.pos = python_round(std::fabs(pos_sum / total), 3);
  r.scores.neg = python_round(std::fabs(neg_sum / total), 3);
  r.scores.neu = python_round(std::fabs(static_cast<double>(neu_count) / total), 3);
  r.scores.compound = python_round(compound, 4);
  return r;
}

}  // namespace

detail::NewsToken SentimentAnalyzer::Impl::news_token(std::span<const Tok> w, std::size_t k,
                                                      const LowerBuffer& lower) noexcept {
  const Tok& t = w[k];
  detail::NewsToken nt;
  const std::string_view lw(lower.data() + t.lower_start, t.lower_end - t.lower_start);
  nt.negation = (t.flags & kNewsNegator) != 0 || lw.find("n't") != lw.npos;
  nt.hedge = (t.flags & kNewsHedge) != 0;
  nt.breaks = (t.flags & kNewsBreak) != 0;
  nt.rule_verb = (t.flags & kNewsRuleVerb) != 0;
  nt.out = (t.flags & kNewsOut) != 0;
  nt.question =
      t.word == kHow || t.word == kWhat || t.word == kWhy || t.word == kWhere || t.word == kWho;
  nt.clause_end = t.clause_end;
  nt.word = std::any_of(lw.begin(), lw.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
  });
  if (nt.negation && k + 1 < w.size()) {
    const Word next = w[k + 1].word;
    nt.next_cancels = next == kOnly || next == kJust || next == kDoubt;
    // "cannot say", "did not really think": a verb of saying or thinking in the next two
    // tokens (a negation raised over it governs the clause it takes)
    for (std::size_t j = k + 1; j < std::min(w.size(), k + 3) && !nt.raises; ++j) {
      const std::string_view v(lower.data() + w[j].lower_start, w[j].lower_end - w[j].lower_start);
      nt.raises = std::find(kNewsRaisingVerbs.begin(), kNewsRaisingVerbs.end(), v) !=
                      kNewsRaisingVerbs.end() &&
                  // "I can't say enough how ...": emphasis, not a denial
                  (j + 1 >= w.size() || w[j + 1].word != kEnough);
    }
  }
  return nt;
}

template <bool kTrace, class Sink>
void SentimentAnalyzer::Impl::valences(std::span<const Tok> w, std::size_t begin, std::size_t end,
                                       bool is_cap_diff, const LowerBuffer& lower,
                                       TokenExplanation* tx, Sink&& sink) const {
  const std::size_t n = w.size();
  auto in_lex = [&](std::size_t k) { return (w[k].flags & kInLexicon) != 0; };
  auto word = [&](std::size_t k) { return w[k].word; };
  // negated([word]): in NEGATE, or containing "n't".
  auto negated = [&](std::size_t k) {
    if (w[k].flags & kNegation) return true;
    const std::string_view lw(lower.data() + w[k].lower_start, w[k].lower_end - w[k].lower_start);
    return lw.find("n't") != std::string_view::npos;
  };
  auto matches = [&](const Phrase& p, std::size_t first, std::size_t count) {
    if (p.n != count) return false;
    for (std::size_t q = 0; q < count; ++q) {
      if (word(first + q) != p.w[q]) return false;
    }
    return true;
  };
  auto special_case = [&](std::size_t first, std::size_t count, double& value) {
    for (const Phrase& p : kSpecialCases) {
      if (matches(p, first, count)) {
        value = p.value;
        return true;
      }
    }
    return false;
  };

  for (std::size_t i = begin; i < end; ++i) {
    // polarity_scores: booster words and the "kind" of "kind of" score 0.
    if ((w[i].flags & kBooster) || (i + 1 < n && word(i) == kKind && word(i + 1) == kOf)) {
      if constexpr (kTrace) tx[i].rules |= kRuleModifier;
      sink(i, 0.0);
      continue;
    }
    if (!in_lex(i)) {
      sink(i, 0.0);
      continue;
    }

    // sentiment_valence
    double valence = w[i].info->valence;
    if (word(i) == kNo && i != n - 1 && in_lex(i + 1)) {
      valence = 0.0;
      if constexpr (kTrace) tx[i].rules |= kRuleNoZeroed;
    }
    if ((i > 0 && word(i - 1) == kNo) || (i > 1 && word(i - 2) == kNo) ||
        (i > 2 && word(i - 3) == kNo && (word(i - 1) == kOr || word(i - 1) == kNor))) {
      valence = w[i].info->valence * kNScalar;
      if constexpr (kTrace) tx[i].rules |= kRuleNo;
    }
    if (w[i].upper && is_cap_diff) {
      if (valence > 0) {
        valence += kCIncr;
      } else {
        valence -= kCIncr;
      }
      if constexpr (kTrace) tx[i].rules |= kRuleCaps;
    }

    for (std::size_t start_i = 0; start_i < 3; ++start_i) {
      if (!(i > start_i && !in_lex(i - (start_i + 1)))) continue;
      const std::size_t p = i - (start_i + 1);
      // scalar_inc_dec
      double s = 0.0;
      if (w[p].flags & kBooster) {
        s = w[p].info->booster;
        if (valence < 0) s *= -1;
        if (w[p].upper && is_cap_diff) {
          if (valence > 0) {
            s += kCIncr;
          } else {
            s -= kCIncr;
          }
        }
      }
      if (start_i == 1 && s != 0) s = s * 0.95;
      if (start_i == 2 && s != 0) s = s * 0.9;
      valence = valence + s;
      if constexpr (kTrace) {
        if (s != 0) {
          tx[i].rules |= w[p].info->booster > 0 ? kRuleBoosted : kRuleDampened;
          tx[i].booster += s;
        }
      }

      // _negation_check
      if (start_i == 0) {
        if (negated(i - 1)) {
          valence = valence * kNScalar;
          if constexpr (kTrace) tx[i].rules |= kRuleNegated;
        }
      } else if (start_i == 1) {
        if (word(i - 2) == kNever && (word(i - 1) == kSo || word(i - 1) == kThis)) {
          valence = valence * 1.25;
          if constexpr (kTrace) tx[i].rules |= kRuleNeverSo;
        } else if (word(i - 2) == kWithout && word(i - 1) == kDoubt) {
          // "without doubt": left as it is
        } else if (negated(i - 2)) {
          valence = valence * kNScalar;
          if constexpr (kTrace) tx[i].rules |= kRuleNegated;
        }
      } else {
        // 3.3.2's precedence: (never and (so or this)) or (so or this) for the word before.
        if ((word(i - 3) == kNever && (word(i - 2) == kSo || word(i - 2) == kThis)) ||
            (word(i - 1) == kSo || word(i - 1) == kThis)) {
          valence = valence * 1.25;
          if constexpr (kTrace) tx[i].rules |= kRuleNeverSo;
        } else if (word(i - 3) == kWithout && (word(i - 2) == kDoubt || word(i - 1) == kDoubt)) {
          // left as it is
        } else if (negated(i - 3)) {
          valence = valence * kNScalar;
          if constexpr (kTrace) tx[i].rules |= kRuleNegated;
        }

        // _special_idioms_check (only reached here, so i >= 3)
        double idiom = 0.0;
        if (special_case(i - 1, 2, idiom) || special_case(i - 2, 3, idiom) ||
            special_case(i - 2, 2, idiom) || special_case(i - 3, 3, idiom) ||
            special_case(i - 3, 2, idiom)) {
          valence = idiom;
          if constexpr (kTrace) tx[i].rules |= kRuleIdiom;
        }
        if (n - 1 > i && special_case(i, 2, idiom)) {
          valence = idiom;
          if constexpr (kTrace) tx[i].rules |= kRuleIdiom;
        }
        if (n - 1 > i + 1 && special_case(i, 3, idiom)) {
          valence = idiom;
          if constexpr (kTrace) tx[i].rules |= kRuleIdiom;
        }
        // n_grams = [threetwoone, threetwo, twoone] in BOOSTER_DICT (two-word keys only)
        constexpr std::array<std::array<std::size_t, 2>, 3> kNgrams = {{{3, 3}, {3, 2}, {2, 2}}};
        for (const auto& [back, count] : kNgrams) {
          for (const Phrase& bg : kBoosterBigrams) {
            if (matches(bg, i - back, count)) {
              valence = valence + bg.value;
              if constexpr (kTrace) tx[i].rules |= kRuleKindOf;
            }
          }
        }
      }
    }

    // _least_check
    if (i > 1 && !in_lex(i - 1) && word(i - 1) == kLeast) {
      if (word(i - 2) != kAt && word(i - 2) != kVery) {
        valence = valence * kNScalar;
        if constexpr (kTrace) tx[i].rules |= kRuleLeast;
      }
    } else if (i > 0 && !in_lex(i - 1) && word(i - 1) == kLeast) {
      valence = valence * kNScalar;
      if constexpr (kTrace) tx[i].rules |= kRuleLeast;
    }
    sink(i, valence);
  }
}

template <bool kTrace>
SentimentScores SentimentAnalyzer::Impl::score(std::string_view input,
                                               SentimentWorkspace::Buffers& b,
                                               Explanation* trace) const {
  if constexpr (!kTrace) {
    if (input.size() > b.chunk_bytes) return score_in_pieces(input, b);
  }
  std::vector<Origin> origin;
  std::string_view text = input;
  if (kTrace || !tokenize(text, b, any_emoji)) {
    text = replace_emoji(input, b.prepared, kTrace ? &origin : nullptr);
    tokenize(text, b, false);
  }
  const std::vector<Tok>& w = b.toks;
  const std::size_t n = w.size();
  std::vector<double>& sentiments = b.sentiments;
  sentiments.assign(n, 0.0);

  TokenExplanation* tx = nullptr;
  if constexpr (kTrace) {
    trace->tokens.assign(n, TokenExplanation{});
    tx = trace->tokens.data();
    for (std::size_t k = 0; k < n; ++k) {
      TokenExplanation& e = tx[k];
      e.start = origin[w[k].start].start;
      e.end = origin[w[k].end - 1].end;
      e.token = std::string(text.substr(w[k].start, w[k].end - w[k].start));
      e.in_lexicon = (w[k].flags & kInLexicon) != 0;
      e.lexicon_valence = e.in_lexicon ? w[k].info->valence : 0.0;
    }
  }

  // allcap_differential: some, but not all, tokens are ALL CAPS.
  std::size_t allcap = 0;
  for (const Tok& t : w) allcap += t.upper ? 1 : 0;
  const bool is_cap_diff = n - allcap > 0 && n - allcap < n;

  valences<kTrace>(w, 0, n, is_cap_diff, b.lower, tx,
                   [&](std::size_t i, double v) { sentiments[i] = v; });
  if (news) {
    detail::NewsScope scope(*news);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t rules = 0;
      sentiments[i] = scope.step(news_token(w, i, b.lower), sentiments[i], rules);
      if constexpr (kTrace) tx[i].rules |= rules;
    }
  }

  // _but_check
  if (b.first_but != std::string_view::npos) {
    detail::but_shift(std::span<double>(sentiments), b.first_but,
                      [&](std::size_t j, double factor) {
                        if constexpr (kTrace) {
                          tx[j].but_factor *= factor;
                          tx[j].rules |= factor < 1 ? kRuleButBefore : kRuleButAfter;
                        } else {
                          (void)j;
                          (void)factor;
                        }
                      });
  }

  // score_valence
  ValenceSums sums(summation);
  for (const double s : sentiments) sums.add(s);
  const Scored scored = finish_scores(sums, b.bangs, b.questions);

  if constexpr (kTrace) {
    if (n > 0) {
      const double raw_sum = scored.raw_sum;
      const double applied = raw_sum > 0   ? scored.punct_emph_amplifier
                             : raw_sum < 0 ? -scored.punct_emph_amplifier
                                           : 0.0;
      double mass = std::fabs(applied);
      for (std::size_t k = 0; k < n; ++k) {
        tx[k].valence = sentiments[k];
        mass += std::fabs(sentiments[k]);
      }
      trace->sum = raw_sum;
      trace->punctuation_amplifier = applied;
      if (mass > 0) {
        for (std::size_t k = 0; k < n; ++k) tx[k].share = sentiments[k] / mass;
        trace->punctuation_share = applied / mass;
      }
    }
  }
  return scored.scores;
}

// A text is cut into pieces only where the cut changes none of the tokens polarity_scores
// sees: after a white-space character that is not an emoji (str.split() separates there),
// or before an emoji (its description starts after the space before it, or after the one
// the replacement inserts). Bytes >= 0x80 that are not continuation bytes start a code point
// wherever the scan starts, as they do for the decoder reading from the start. Without such
// a place the piece runs on (one long token is one piece).
std::size_t SentimentAnalyzer::Impl::piece_end(std::string_view text, std::size_t from,
                                               std::size_t size) const {
  const std::size_t n = text.size();
  if (size >= n - from) return n;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = from + size;
  while (i < n) {
    if (p[i] < 0x80) {
      if ((kClass[p[i]] & kClsSpace) && !ascii_emoji[p[i]]) return i + 1;
      ++i;
    } else if ((p[i] & 0xC0) == 0x80) {
      ++i;
    } else {
      const Decoded d = decode_utf8(text, i);
      if (d.valid && any_emoji && is_emoji(d.cp)) return i;
      if (d.valid && (char_props(d.cp) & kPropSpace)) return i + d.len;
      i += d.len;
    }
  }
  return n;
}

void SentimentAnalyzer::Impl::tokenize_piece(std::string_view text, std::size_t from,
                                             std::size_t end, SentimentWorkspace::Buffers& b,
                                             bool append) const {
  const std::string_view piece = text.substr(from, end - from);
  const std::size_t keep_toks = append ? b.toks.size() : 0;
  const std::size_t keep_lower = append ? b.lower.size() : 0;
  if (tokenize(piece, b, any_emoji, append)) return;
  b.toks.resize(keep_toks);
  b.lower.truncate(keep_lower);
  // A piece that starts with an emoji may lack the space the whole text's replacement puts
  // before its description: the cut separates the tokens all the same.
  tokenize(replace_emoji(piece, b.prepared, nullptr), b, false, append);
}

SentimentScores SentimentAnalyzer::Impl::score_in_pieces(std::string_view text,
                                                         SentimentWorkspace::Buffers& b) const {
  const std::size_t size = b.chunk_bytes;
  // Pass 1: what the rules need to know about the whole text before any valence:
  // allcap_differential (some, but not all, tokens ALL CAPS) and the first "but". It stops
  // as soon as both are settled (news text soon has a capitalised acronym and a "but").
  std::size_t n = 0;
  std::size_t allcap = 0;
  std::size_t first_but = std::string_view::npos;
  for (std::size_t from = 0, end = 0; from < text.size(); from = end) {
    b.poll();
    end = piece_end(text, from, size);
    tokenize_piece(text, from, end, b, false);
    if (first_but == std::string_view::npos && b.first_but != std::string_view::npos)
      first_but = n + b.first_but;
    for (const Tok& t : b.toks) allcap += t.upper ? 1 : 0;
    n += b.toks.size();
    if (first_but != std::string_view::npos && allcap > 0 && allcap < n) break;
  }
  const bool is_cap_diff = n - allcap > 0 && n - allcap < n;
  const bool has_but = first_but != std::string_view::npos;

  // Pass 2: the valences, piece by piece. b.toks holds up to three tokens of the previous
  // piece already scored (the rules look three back), the (up to two) tokens it could not
  // score yet (the rules look two ahead), then this piece's tokens. Without a "but" each
  // value goes straight into the sums; with one, the "but" rule needs them all first.
  ValenceSums sums(summation);
  std::vector<double>& all = b.sentiments;
  all.clear();
  b.toks.clear();
  b.lower.clear();
  std::size_t scored = 0;                  // tokens of b.toks already scored
  std::optional<detail::NewsScope> scope;  // the news model's state, carried across pieces
  if (news) scope.emplace(*news);
  std::size_t bangs = 0;
  std::size_t questions = 0;
  for (std::size_t from = 0, end = 0; from < text.size(); from = end) {
    b.poll();
    end = piece_end(text, from, size);
    tokenize_piece(text, from, end, b, true);
    bangs += b.bangs;
    questions += b.questions;
    const std::size_t m = b.toks.size();
    const std::size_t stop = end == text.size() ? m : (m > 2 ? m - 2 : 0);
    if (stop > scored) {
      valences<false>(b.toks, scored, stop, is_cap_diff, b.lower, nullptr,
                      [&](std::size_t i, double v) {
                        if (scope) {
                          std::uint32_t rules = 0;
                          v = scope->step(news_token(b.toks, i, b.lower), v, rules);
                        }
                        if (has_but) {
                          all.push_back(v);
                        } else {
                          sums.add(v);
                        }
                      });
      scored = stop;
    }
    // Carry the last three scored tokens and the unscored ones, lower-case forms included.
    const std::size_t keep_from = scored > 3 ? scored - 3 : 0;
    if (keep_from > 0) {
      b.carried.clear();
      for (std::size_t k = keep_from; k < m; ++k) {
        Tok& t = b.toks[k];
        const std::size_t start = b.carried.size();
        b.carried.append(b.lower.data() + t.lower_start, t.lower_end - t.lower_start);
        t.lower_start = static_cast<std::uint32_t>(start);
        t.lower_end = static_cast<std::uint32_t>(b.carried.size());
      }
      b.lower.clear();
      std::memcpy(b.lower.reserve_tail(b.carried.size()), b.carried.data(), b.carried.size());
      b.lower.grow(b.carried.size());
      b.toks.erase(b.toks.begin(), b.toks.begin() + static_cast<std::ptrdiff_t>(keep_from));
      scored -= keep_from;
    }
  }
  if (has_but) {
    detail::but_shift(std::span<double>(all), first_but, [](std::size_t, double) {});
    for (const double v : all) sums.add(v);
  }
  return finish_scores(sums, bangs, questions).scores;
}

// ---- public ------------------------------------------------------------------------

std::string_view sentiment_rule_name(std::uint32_t rule) noexcept {
  switch (rule) {
    case kRuleModifier:
      return "modifier";
    case kRuleNoZeroed:
      return "no_zeroed";
    case kRuleNo:
      return "no";
    case kRuleCaps:
      return "caps";
    case kRuleBoosted:
      return "boosted";
    case kRuleDampened:
      return "dampened";
    case kRuleNegated:
      return "negated";
    case kRuleNeverSo:
      return "never_so";
    case kRuleIdiom:
      return "idiom";
    case kRuleKindOf:
      return "kind_of";
    case kRuleLeast:
      return "least";
    case kRuleButBefore:
      return "but_before";
    case kRuleButAfter:
      return "but_after";
    case kRuleScopeNegated:
      return "scope_negated";
    case kRuleHedged:
      return "hedged";
    case kRuleWeighted:
      return "weighted";
    default:
      return "";
  }
}

double python_round(double x, int ndigits) noexcept {
  static constexpr std::array<double, 16> kPow10 = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  if (!std::isfinite(x) || ndigits < 0 || ndigits > 15) return x;
  const double scale = kPow10[static_cast<std::size_t>(ndigits)];
  const double y = x * scale;
  // Fast path: when x * 10^n is clearly away from a half-way point, the rounding direction
  // of the exact product is that of the computed one (its error is below |y| * 2^-53), and
  // r / 10^n is the double nearest to the decimal r * 10^-n (one correctly rounded
  // division of exact values), which is what round() returns.
  if (std::fabs(y) < 1e15) {
    const double fl = std::floor(y);
    const double frac = y - fl;
    if (std::fabs(frac - 0.5) > (std::fabs(y) + 1.0) * 1e-12) {
      const double r = frac < 0.5 ? fl : fl + 1.0;
      if (r == 0.0) return std::copysign(0.0, x);
      return r / scale;
    }
  }
  // Near a tie: round the exact binary value to a decimal string (to_chars is exact and
  // breaks exact ties to even, as Python's dtoa), then read it back (correctly rounded).
  std::array<char, 400> buf{};
  const auto res =
      std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::fixed, ndigits);
  double out = x;
  std::from_chars(buf.data(), res.ptr, out);
  return out;
}

std::vector<OverlayEntry> parse_overlay(std::string_view tsv, std::string_view source) {
  std::vector<OverlayEntry> out;
  std::string scratch;
  for_each_line(tsv, [&](std::string_view raw, std::size_t lineno) {
    const std::string_view line = py_strip(raw);
    if (line.empty() || line.front() == '#') return;
    std::string_view term_field;
    std::string_view value_field;
    if (!two_fields(line, term_field, value_field)) {
      throw std::invalid_argument(
          line_error(source, lineno, "expected 'term<TAB>valence[<TAB>rationale]'"));
    }
    const std::string_view term_raw = py_strip(term_field);
    OverlayEntry e;
    append_lower(e.term, term_raw);
    if (e.term.empty()) throw std::invalid_argument(line_error(source, lineno, "empty term"));
    for (std::size_t k = 0; k < e.term.size();) {
      const Decoded d = decode_utf8(e.term, k);
      if (d.valid && is_space(d.cp)) {
        throw std::invalid_argument(line_error(
            source, lineno,
            "term '" + e.term + "' contains white space; VADER only matches single tokens"));
      }
      k += d.len;
    }
    // The tokenizer strips ASCII punctuation around tokens longer than two code points: a
    // term it would change can never match.
    std::size_t ls = 0;
    std::size_t le = e.term.size();
    auto punct = [&](std::size_t k) {
      return is_ascii_punct(static_cast<unsigned char>(e.term[k]));
    };
    while (ls < le && punct(ls)) ++ls;
    while (le > ls && punct(le - 1)) --le;
    if ((ls != 0 || le != e.term.size()) &&
        count_code_points_upto(std::string_view(e.term).substr(ls, le - ls), 2) > 2) {
      throw std::invalid_argument(
          line_error(source, lineno,
                     "term '" + e.term + "' can never match: VADER's tokenizer turns it into '" +
                         e.term.substr(ls, le - ls) + "'"));
    }
    scratch.assign(py_strip(value_field));
    std::transform(scratch.begin(), scratch.end(), scratch.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    if (scratch != "none") {
      double v = 0.0;
      if (!parse_double(scratch, v) || !std::isfinite(v)) {
        throw std::invalid_argument(line_error(
            source, lineno, "valence '" + std::string(value_field) + "' is not a number"));
      }
      if (v < -4.0 || v > 4.0) {
        throw std::invalid_argument(
            line_error(source, lineno, "valence " + scratch + " is outside VADER's scale [-4, 4]"));
      }
      e.valence = v;
    }
    out.push_back(std::move(e));
  });
  return out;
}

SentimentAnalyzer::SentimentAnalyzer(std::string_view lexicon_tsv, std::string_view emoji_tsv,
                                     std::span<const OverlayEntry> overlay, Summation summation,
                                     std::optional<NewsModelParams> news) {
  auto impl = std::make_unique<Impl>();
  impl->summation = summation;
  impl->news = news;
  WordMap words;
  words.reserve(8192);
  // Sets or removes the lexicon valence of a word, keeping its other roles.
  auto set_valence = [&](std::string_view term, std::optional<double> v) {
    auto it = words.find(term);
    if (!v) {
      if (it != words.end()) {
        it->second.flags &= static_cast<std::uint8_t>(~kInLexicon);
        it->second.valence = 0.0;
      }
      return;
    }
    if (it == words.end()) it = words.emplace(std::string(term), WordInfo{}).first;
    it->second.flags |= kInLexicon;
    it->second.valence = *v;
  };
  // make_lex_dict: skip empty lines, strip, split on TAB, float() the second field.
  for_each_line(lexicon_tsv, [&](std::string_view line, std::size_t lineno) {
    if (line.empty()) return;
    std::string_view word;
    std::string_view measure;
    if (!two_fields(py_strip(line), word, measure)) {
      throw std::invalid_argument(
          line_error("vader_lexicon.txt", lineno, "expected 'word<TAB>valence...'"));
    }
    double v = 0.0;
    if (!parse_double(measure, v) || !std::isfinite(v)) {
      throw std::invalid_argument(line_error(
          "vader_lexicon.txt", lineno, "valence '" + std::string(measure) + "' is not a number"));
    }
    set_valence(word, v);
  });
  // make_emoji_dict (which, unlike make_lex_dict, fails on an empty line; we skip them, so
  // that an empty file means "no emoji").
  for_each_line(emoji_tsv, [&](std::string_view line, std::size_t lineno) {
    if (line.empty()) return;
    std::string_view key;
    std::string_view description;
    if (!two_fields(py_strip(line), key, description)) {
      throw std::invalid_argument(
          line_error("emoji_utf8_lexicon.txt", lineno, "expected 'emoji<TAB>description'"));
    }
    // polarity_scores compares single code points with the keys: only one-code-point keys
    // can ever match.
    if (key.empty()) return;
    const Decoded d = decode_utf8(key, 0);
    if (!d.valid || d.len != key.size()) return;
    impl->emoji.insert_or_assign(d.cp, std::string(description));
    impl->any_emoji = true;
    if (d.cp < 0x80) {
      impl->ascii_emoji[d.cp] = true;
    } else if (d.cp < 0x10000) {
      impl->bmp_emoji[d.cp] = true;
    } else {
      impl->astral_emoji = true;
    }
  });
  for (const std::string_view neg : kNegate) {
    words[std::string(neg)].flags |= kNegation;
  }
  for (const Booster& bo : kBoosters) {
    WordInfo& info = words[std::string(bo.word)];
    info.flags |= kBooster;
    info.booster = bo.scalar;
  }
  for (std::size_t id = 1; id < kWordCount; ++id) {
    words[std::string(kWordText[id])].word = static_cast<Word>(id);
  }
  if (news) {
    auto flag = [&](const auto& list, WordFlag f) {
      for (const std::string_view w : list) words[std::string(w)].flags |= f;
    };
    flag(kNewsHedges, kNewsHedge);
    flag(kNewsBreaks, kNewsBreak);
    flag(kNewsNegators, kNewsNegator);
    flag(kNewsRuleVerbs, kNewsRuleVerb);
    words["out"].flags |= kNewsOut;
  }
  for (const OverlayEntry& e : overlay) set_valence(e.term, e.valence);
  std::vector<std::pair<std::string, WordInfo>> entries(std::make_move_iterator(words.begin()),
                                                        std::make_move_iterator(words.end()));
  for (const auto& [word, info] : entries) impl->lexicon_size += (info.flags & kInLexicon) ? 1 : 0;
  impl->words = detail::FrozenStringMap<WordInfo>(std::move(entries));
  impl_ = std::move(impl);
}

SentimentAnalyzer::~SentimentAnalyzer() = default;
SentimentAnalyzer::SentimentAnalyzer(SentimentAnalyzer&&) noexcept = default;
SentimentAnalyzer& SentimentAnalyzer::operator=(SentimentAnalyzer&&) noexcept = default;

SentimentScores SentimentAnalyzer::polarity_scores(std::string_view text,
                                                   SentimentWorkspace& ws) const {
  return impl_->score<false>(text, *ws.buffers_, nullptr);
}

SentimentScores SentimentAnalyzer::polarity_scores(std::string_view text) const {
  SentimentWorkspace ws;
  return polarity_scores(text, ws);
}

SentimentColumns SentimentAnalyzer::polarity_scores_many(std::span<const std::string_view> texts,
                                                         int threads,
                                                         const Interrupt& interrupt) const {
  SentimentColumns out;
  const std::size_t n = texts.size();
  out.neg.resize(n);
  out.neu.resize(n);
  out.pos.resize(n);
  out.compound.resize(n);
  // Chunks, so that each worker warms one workspace and reuses it for many texts.
  constexpr std::size_t kChunk = 256;
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  parallel_for(
      chunks, threads,
      [&](std::size_t c) {
        SentimentWorkspace ws;
        const std::size_t end = std::min(n, (c + 1) * kChunk);
        for (std::size_t i = c * kChunk; i < end; ++i) {
          const SentimentScores s = polarity_scores(texts[i], ws);
          out.neg[i] = s.neg;
          out.neu[i] = s.neu;
          out.pos[i] = s.pos;
          out.compound[i] = s.compound;
        }
      },
      interrupt);
  return out;
}

Explanation SentimentAnalyzer::explain(std::string_view text) const {
  Explanation e;
  SentimentWorkspace ws;
  e.scores = impl_->score<true>(text, *ws.buffers_, &e);
  const CodePointIndex index(text);
  for (TokenExplanation& t : e.tokens) {
    t.start = index.to_code_point(t.start);
    t.end = index.to_code_point(t.end);
  }
  return e;
}

std::optional<double> SentimentAnalyzer::valence(std::string_view word) const {
  const WordInfo* info = impl_->words.find(word);
  if (!info || !(info->flags & kInLexicon)) return std::nullopt;
  return info->valence;
}

std::size_t SentimentAnalyzer::lexicon_size() const noexcept {
  return impl_->lexicon_size;
}
std::size_t SentimentAnalyzer::emoji_count() const noexcept {
  return impl_->emoji.size();
}
Summation SentimentAnalyzer::summation() const noexcept {
  return impl_->summation;
}
const std::optional<NewsModelParams>& SentimentAnalyzer::news() const noexcept {
  return impl_->news;
}

CorpusSentiment document_sentiment(const Corpus& corpus, const SentimentAnalyzer& analyzer,
                                   bool include_boilerplate, int threads,
                                   const Interrupt& interrupt) {
  const std::span<const Document> docs = corpus.documents();
  // Sentence rows of document d start at first[d].
  std::vector<std::size_t> first(docs.size() + 1, 0);
  for (std::size_t d = 0; d < docs.size(); ++d) {
    first[d + 1] = first[d] + docs[d].seg.sentences.size();
  }
  CorpusSentiment out;
  const std::size_t rows = first.back();
  // Sized in steps with Ctrl-C polled in between: zero-filling hundreds of MB at once
  // stalled for over a second when the kernel had to reclaim page cache for it.
  constexpr std::size_t kStep = std::size_t{1} << 21;
  for (auto* col :
       {&out.sentences.neg, &out.sentences.neu, &out.sentences.pos, &out.sentences.compound}) {
    col->reserve(rows);
    for (std::size_t done = 0; done < rows;) {
      done = std::min(rows, done + kStep);
      col->resize(done);
      if (interrupt && interrupt()) throw Interrupted();
    }
  }
  out.n_sentences.resize(docs.size());
  for (auto* col : {&out.compound_mean, &out.positive_share, &out.negative_share,
                    &out.neutral_share, &out.compound_whole}) {
    col->resize(docs.size());
  }
  // A few documents per task, so that each task warms one workspace.
  constexpr std::size_t kDocsPerTask = 4;
  // A document of millions of sentences (or one scored in pieces) is one long task: it
  // watches the loop's stop flag, so that Ctrl-C still ends the call within a second.
  parallel_for((docs.size() + kDocsPerTask - 1) / kDocsPerTask, threads,
               [&](std::size_t task, const std::atomic<bool>& stop) {
                 SentimentWorkspace ws;
                 ws.watch(&stop);
                 const std::size_t end = std::min(docs.size(), (task + 1) * kDocsPerTask);
                 for (std::size_t d = task * kDocsPerTask; d < end; ++d) {
                   const Document& doc = docs[d];
                   const std::string_view text = doc.text;
                   double total = 0.0;
                   std::size_t n = 0;
                   std::size_t positive = 0;
                   std::size_t negative = 0;
                   for (std::size_t k = 0; k < doc.seg.sentences.size(); ++k) {
                     if (k % 4096 == 4095 && stop.load(std::memory_order_relaxed))
                       throw Interrupted();
                     const Sentence& s = doc.seg.sentences[k];
                     const SentimentScores sc =
                         analyzer.polarity_scores(text.substr(s.start, s.end - s.start), ws);
                     const std::size_t row = first[d] + k;
                     out.sentences.neg[row] = sc.neg;
                     out.sentences.neu[row] = sc.neu;
                     out.sentences.pos[row] = sc.pos;
                     out.sentences.compound[row] = sc.compound;
                     if (!include_boilerplate && doc.is_boilerplate(s)) continue;
                     ++n;
                     total += sc.compound;
                     positive += sc.compound >= kPositiveThreshold ? 1 : 0;
                     negative += sc.compound <= kNegativeThreshold ? 1 : 0;
                   }
                   out.n_sentences[d] = static_cast<std::int64_t>(n);
                   if (n > 0) {
                     const auto dn = static_cast<double>(n);
                     out.compound_mean[d] = total / dn;
                     out.positive_share[d] = static_cast<double>(positive) / dn;
                     out.negative_share[d] = static_cast<double>(negative) / dn;
                     out.neutral_share[d] = static_cast<double>(n - positive - negative) / dn;
                   }
                   out.compound_whole[d] = analyzer.polarity_scores(text, ws).compound;
                 }
               },
               interrupt);
  return out;
}

namespace {

// Span i of `spans` in bytes of its document (checked), with one code-point index per
// document, rebuilt when the document changes (spans come mostly in document order).
class SpanBytes {
 public:
  SpanBytes(const Corpus& corpus, bool code_points) : corpus_(corpus), code_points_(code_points) {}
  std::pair<std::size_t, std::size_t> operator()(const SpanColumns& spans, std::size_t i) {
    const std::int64_t d = spans.doc[i], a = spans.start[i], b = spans.end[i];
    if (d < 0 || static_cast<std::size_t>(d) >= corpus_.size() || a < 0 || b < a)
      throw std::out_of_range("span " + std::to_string(i) + ": no such document or offsets");
    const std::string_view text = corpus_.at(static_cast<std::size_t>(d)).text;
    std::size_t ba = static_cast<std::size_t>(a), bb = static_cast<std::size_t>(b);
    if (code_points_) {
      if (d != doc_ || !index_) {
        index_.emplace(text);
        doc_ = d;
      }
      ba = index_->to_byte(ba);
      bb = index_->to_byte(bb);
    }
    if (bb > text.size())
      throw std::out_of_range("span " + std::to_string(i) + " ends past its document");
    return {ba, bb};
  }

 private:
  const Corpus& corpus_;
  bool code_points_;
  std::int64_t doc_ = -1;
  std::optional<CodePointIndex> index_;
};

}  // namespace

std::vector<double> span_compound(const Corpus& corpus, const SentimentAnalyzer& analyzer,
                                  const SpanColumns& spans, std::size_t n_groups, bool code_points,
                                  int threads, const Interrupt& interrupt) {
  const std::size_t n = spans.doc.size();
  if (spans.start.size() != n || spans.end.size() != n || spans.group.size() != n)
    throw std::invalid_argument("span_compound: doc, start, end and group differ in length");
  for (const std::int64_t g : spans.group)
    if (g < 0 || static_cast<std::size_t>(g) >= n_groups)
      throw std::out_of_range("span_compound: a group outside [0, n_groups)");
  std::vector<double> sum(n, 0.0), count(n, 0.0);  // per span
  constexpr std::size_t kSpansPerTask = 256;
  parallel_for((n + kSpansPerTask - 1) / kSpansPerTask, threads,
               [&](std::size_t task, const std::atomic<bool>& stop) {
                 SentimentWorkspace ws;
                 ws.watch(&stop);
                 SpanBytes to_bytes(corpus, code_points);
                 for (std::size_t i = task * kSpansPerTask;
                      i < std::min(n, (task + 1) * kSpansPerTask); ++i) {
                   const auto [a, b] = to_bytes(spans, i);
                   const Document& doc = corpus.at(static_cast<std::size_t>(spans.doc[i]));
                   const std::string_view text = doc.text;
                   const std::vector<Sentence>& ss = doc.seg.sentences;
                   // the sentences that overlap [a, b): from the first that ends after a to the
                   // first that starts at or after b
                   const auto first =
                       std::upper_bound(ss.begin(), ss.end(), a,
                                        [](std::size_t x, const Sentence& s) { return x < s.end; });
                   const auto last = std::lower_bound(
                       ss.begin(), ss.end(), b,
                       [](const Sentence& s, std::size_t x) { return s.start < x; });
                   auto piece = [&](std::size_t from, std::size_t to) {
                     sum[i] += analyzer.polarity_scores(text.substr(from, to - from), ws).compound;
                     count[i] += 1;
                   };
                   if (first >= last)
                     piece(a, b);
                   else
                     for (auto s = first; s != last; ++s)
                       piece(std::max<std::size_t>(a, s->start), std::min<std::size_t>(b, s->end));
                 }
               },
               interrupt);
  std::vector<double> total(n_groups, 0.0), pieces(n_groups, 0.0), out(n_groups);
  for (std::size_t i = 0; i < n; ++i) {  // in span order: the same whatever the threads
    total[static_cast<std::size_t>(spans.group[i])] += sum[i];
    pieces[static_cast<std::size_t>(spans.group[i])] += count[i];
  }
  for (std::size_t g = 0; g < n_groups; ++g)
    out[g] = pieces[g] > 0 ? total[g] / pieces[g] : std::numeric_limits<double>::quiet_NaN();
  return out;
}

}  // namespace presslens
