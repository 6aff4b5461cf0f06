// presslens/tokenize.hpp: the one segmentation pass every analysis reads: tokens,
// sentences and paragraphs, all as UTF-8 byte offsets into the document text.
//
//   presslens::Segmentation seg = presslens::segment("Mr. Ryabkov said: \"No.\" He left.", {});
//   for (const auto& s : seg.sentences)            // 2 sentences
//     for (auto t = s.token_begin; t < s.token_end; ++t)
//       std::string_view word = seg.token_text(text, t);
//
// Tokens: words (letters of any script, digits, marks; apostrophes and hyphens inside a word
// and the periods of abbreviations such as "U.S." stay in it), numbers ("3.5", "1,000",
// "10%" gives "10" and "%"), possessive/contraction clitics split off as their own token
// ("Nuland's" -> "Nuland" "'s"; "don't" stays whole), punctuation and symbols one code
// point each (a run of "." or "-" is one token). Typographic apostrophes and quotes are
// recognised as such (fold_punct in text.hpp); the text itself is never modified.
//
// Sentences end at . ! ? … (and runs of them), optionally followed by closing quotes or
// brackets, when the next token starts a new sentence; not after abbreviations and titles
// ("Mr.", "Gen.", "U.S." before a lower-case or title word), initials ("J. R. R."), decimals
// or inside numbers. A paragraph break always ends a sentence.
//
// Paragraphs: kLine (every non-empty line is a paragraph; scraped news), kBlank (blocks
// separated by blank lines; hard-wrapped text), kAuto chooses per document (kBlank when
// the text has blank lines and most lines inside blocks are wrapped mid-sentence).
//
// Complexity: O(n) in the text length, no allocation per token beyond the output vectors.
// Offsets are uint32: a single document is limited to 4 GiB (checked by the corpus).
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>
#include <vector>

namespace presslens {

enum class TokenKind : std::uint8_t {
  kWord = 0,    // letters/digits with inner ' - . (abbreviations); a word with a letter
  kNumber = 1,  // digits with inner . , (decimals, thousands)
  kPunct = 2,   // punctuation (one code point, or a run of the same . or -)
  kSymbol = 3,  // symbols and emoji (one code point, with its modifiers/joiners)
  kClitic = 4,  // 's ’s ' after a word (possessive / contraction)
};

enum TokenFlag : std::uint8_t {
  kTokCapitalized = 1,  // first code point is upper/title case
  kTokAllCaps = 2,      // at least two letters, all upper case
  kTokAbbrev = 4,       // word containing or ending with '.', e.g. "U.S.", "Mr."
  kTokHyphen = 8,       // contains an inner hyphen
  kTokApostrophe = 16,  // contains an inner apostrophe (any of ' ’ ‘ ʼ)
  kTokQuote = 32,       // punct token that is a quotation mark (any style)
};

struct Token {
  std::uint32_t start;  // byte offset, inclusive
  std::uint32_t end;    // byte offset, exclusive
  TokenKind kind;
  std::uint8_t flags;  // TokenFlag bits
};

struct Sentence {
  std::uint32_t start;        // byte offset of the first token
  std::uint32_t end;          // byte offset after the last token
  std::uint32_t token_begin;  // index into Segmentation::tokens
  std::uint32_t token_end;
  std::uint32_t paragraph;  // index into Segmentation::paragraphs
};

struct Paragraph {
  std::uint32_t start;           // byte offset of the first non-space character
  std::uint32_t end;             // byte offset after the last non-space character
  std::uint32_t sentence_begin;  // index into Segmentation::sentences
  std::uint32_t sentence_end;
  std::uint32_t line;        // 0-based line number of the first line
  std::uint8_t boilerplate;  // 0 = content; otherwise a presslens::Boilerplate (corpus.hpp)
};

enum class ParagraphMode : std::uint8_t { kAuto = 0, kLine = 1, kBlank = 2 };

struct SegmentOptions {
  ParagraphMode paragraphs = ParagraphMode::kAuto;
  /// When set, segment() throws Interrupted once *cancel is true, checked between pieces
  /// of about 1 MiB of text (a huge one-line document stays interruptible).
  const std::atomic<bool>* cancel = nullptr;
};

struct Segmentation {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<Paragraph> paragraphs;

  [[nodiscard]] std::string_view token_text(std::string_view text, std::size_t i) const {
    return text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
  }
};

/// Appends the tokens of `text` to `out`, offsets shifted by `base`. O(n).
void tokenize(std::string_view text, std::vector<Token>& out, std::uint32_t base = 0);

/// Splits the tokens [token_begin, token_end) of `text` into sentences appended to `out`
/// (every token belongs to exactly one sentence), tagging them with `paragraph`.
void split_sentences(std::string_view text, const std::vector<Token>& tokens,
                     std::uint32_t token_begin, std::uint32_t token_end, std::uint32_t paragraph,
                     std::vector<Sentence>& out);

/// Line spans of `text` (a line ends at \n, \r\n or \r; the terminator is excluded).
struct LineSpan {
  std::uint32_t start;
  std::uint32_t end;
};
[[nodiscard]] std::vector<LineSpan> split_lines(std::string_view text);

/// Full segmentation of one document. `boilerplate_lines`, when not empty, holds one entry
/// per line of split_lines(text): a non-zero reason makes that line a paragraph of its own
/// with that `boilerplate` value. Throws std::invalid_argument when text exceeds 4 GiB.
[[nodiscard]] Segmentation segment(std::string_view text, const SegmentOptions& options,
                                   const std::vector<std::uint8_t>& boilerplate_lines = {});

/// The tokens of segment(text, options): the same vector, without the sentences and their
/// checks. O(n).
[[nodiscard]] std::vector<Token> segment_tokens(std::string_view text,
                                                const SegmentOptions& options);

/// One sentence of segment() without its tokens.
struct SentenceSpan {
  std::uint32_t start;      // byte offset of the first token
  std::uint32_t end;        // byte offset after the last token
  std::uint32_t paragraph;  // index into Segmentation::paragraphs
};

/// The sentences of segment(text, options, boilerplate_lines): start, end and paragraph of
/// each, equal for every input (valid UTF-8 or not), found without tokenizing most of the
/// text. The sentence rule only reads a terminal (. ! ? … ‽, or an abbreviation's period) and
/// the tokens after it, and the tokenizer never looks across an ASCII space or control, so
/// only the words around those bytes are tokenized and the rest is scanned 8 bytes at a
/// time. For callers that need the sentences alone (several times faster on prose).
/// O(n) on any input (a stretch is tokenized at most once); throws as segment() does.
[[nodiscard]] std::vector<SentenceSpan> segment_sentences(
    std::string_view text, const SegmentOptions& options,
    const std::vector<std::uint8_t>& boilerplate_lines = {});

}  // namespace presslens
