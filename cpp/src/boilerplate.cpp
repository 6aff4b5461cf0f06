// Boilerplate rules: per line (classify_line), per document (repeated lines) and per outlet
// (lines in half of its documents). Each rule is deliberately narrow: a false flag removes real
// content from every analysis, so a rule fires only on a line that is short and has the shape of
// its kind (section names without function words, a credit with ©, a cross-link prefix).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "detail/boilerplate.hpp"
#include "detail/bytes.hpp"
#include "detail/hash.hpp"
#include "detail/normalize.hpp"
#include "presslens/boilerplate.hpp"
#include "presslens/corpus.hpp"
#include "presslens/parallel.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

namespace presslens {

std::string_view boilerplate_name(std::uint8_t reason) noexcept {
  switch (static_cast<Boilerplate>(reason)) {
    case Boilerplate::kNone:
      return "";
    case Boilerplate::kNavigation:
      return "navigation";
    case Boilerplate::kRepeatedLine:
      return "repeated_line";
    case Boilerplate::kPhotoCredit:
      return "photo_credit";
    case Boilerplate::kCrossLink:
      return "cross_link";
    case Boilerplate::kSharePrompt:
      return "share_prompt";
    case Boilerplate::kTagLine:
      return "tag_line";
    case Boilerplate::kComments:
      return "comments";
    case Boilerplate::kOutletRepeated:
      return "outlet_repeated";
  }
  return "unknown";
}

namespace detail {
namespace {

constexpr std::array<std::string_view, 40> kFunctionWords = {
    "a",    "an",    "and",  "are", "as",   "at",   "be",  "between", "but",  "by",
    "can",  "could", "did",  "do",  "for",  "from", "had", "has",     "have", "he",
    "her",  "his",   "in",   "is",  "it",   "may",  "not", "of",      "on",   "or",
    "says", "she",   "that", "the", "they", "to",   "was", "will",    "with", "would"};

constexpr std::array<std::string_view, 12> kCrossLinkPrefixes = {
    "also on ", "also read",    "read more", "read also", "related:",     "related articles",
    "see also", "more on this", "watch:",    "more:",     "recommended:", "trending:"};

constexpr std::array<std::string_view, 12> kSharePhrases = {
    "share this",       "think your friends", "follow us on",        "subscribe to our",
    "sign up for our",  "click here",         "like us on facebook", "share on facebook",
    "share on twitter", "tweet this",         "email this",          "print this"};

constexpr std::array<std::string_view, 8> kCommentLines = {
    "comments",      "show comments",  "add comment", "leave a comment",
    "view comments", "post a comment", "comment",     "join the discussion"};

constexpr std::array<std::string_view, 9> kCreditPrefixes = {
    "photo:",  "photo by",     "photograph:", "image:",    "picture:",
    "credit:", "photo credit", "(ap photo",   "file photo"};

// str.lower() of normalize_for_match(s) into `out`. A line that is ASCII once typographic
// punctuation is folded (nearly every line: curly quotes, dashes) is done in one pass; one
// with another non-ASCII character takes the general path (its lower case may depend on
// context).
void lower_folded(std::string_view s, std::string& out) {
  struct Lower {
    std::string& out;
    void run(const char* p, std::size_t n, std::size_t) {
      const std::size_t at = out.size();
      out.resize(at + n);
      std::size_t k = 0;
      for (; k + 8 <= n; k += 8) {  // 'A'..'Z' -> 'a'..'z' a word at a time
        std::uint64_t x;
        std::memcpy(&x, p + k, 8);
        x = ascii_lower8(x);
        std::memcpy(out.data() + at + k, &x, 8);
      }
      for (; k < n; ++k) out[at + k] = ascii_lower(p[k]);
    }
    void space() { out.push_back(' '); }
    bool cp(char32_t c) {
      if (c >= 0x80) return false;  // its lower case may depend on context
      out.push_back(ascii_lower(static_cast<char>(c)));
      return true;
    }
    static char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
  } sink{out};
  out.clear();
  if (!walk_normalized(s, sink)) {
    out.clear();
    append_lower(out, normalize_for_match(s));
  }
}

bool starts_with_any(std::string_view s, const auto& list) {
  return std::any_of(list.begin(), list.end(),
                     [&](std::string_view p) { return s.starts_with(p); });
}

bool ends_with_sentence_punct(std::string_view s) {
  if (s.empty()) return false;
  const char c = s.back();
  return c == '.' || c == '"' || c == '?' || c == ')' || s.ends_with("\xE2\x80\x9D");
}

}  // namespace

std::uint8_t classify_line(std::string_view line, const LineContext& ctx) {
  std::string scratch;
  return classify_line(line, ctx, scratch);
}

std::uint8_t classify_line(std::string_view line, const LineContext& ctx, std::string& scratch) {
  // Long lines are prose. The rules that look at phrases run on the lower-cased line; only
  // lines that do not end like a sentence (navigation bars, tag lists) are tokenized.
  if (line.size() > 600) return 0;
  lower_folded(line.size() <= 250 ? line : line.substr(0, 60), scratch);
  const std::string_view low = scratch;
  const std::size_t approx_words =
      low.empty() ? 0 : static_cast<std::size_t>(std::count(low.begin(), low.end(), ' ')) + 1;
  const bool short_line = line.size() <= 250;

  if (std::find(kCommentLines.begin(), kCommentLines.end(), low) != kCommentLines.end() ||
      (short_line && low.ends_with(" comments") && approx_words <= 3))
    return static_cast<std::uint8_t>(Boilerplate::kComments);
  if (short_line && approx_words <= 15 &&
      (line.find("\xC2\xA9") != std::string_view::npos ||
       low.find("getty images") != std::string::npos || starts_with_any(low, kCreditPrefixes)))
    return static_cast<std::uint8_t>(Boilerplate::kPhotoCredit);
  if ((!short_line || approx_words <= 40) && starts_with_any(low, kCrossLinkPrefixes))
    return static_cast<std::uint8_t>(Boilerplate::kCrossLink);
  if (short_line && approx_words <= 25 &&
      std::any_of(kSharePhrases.begin(), kSharePhrases.end(),
                  [&](auto p) { return low.find(p) != std::string::npos; }))
    return static_cast<std::uint8_t>(Boilerplate::kSharePrompt);
  if (low.starts_with("tags:") || low.starts_with("topics:"))
    return static_cast<std::uint8_t>(Boilerplate::kTagLine);
  if (!short_line || ends_with_sentence_punct(line)) return 0;

  std::vector<Token> toks;
  toks.reserve(64);
  tokenize(line, toks);
  std::string lw;
  std::size_t words = 0, capitalized = 0, function_words = 0, commas = 0, sentence_punct = 0,
              separators = 0;
  for (const Token& t : toks) {
    const std::string_view w = line.substr(t.start, t.end - t.start);
    if (t.kind == TokenKind::kWord) {
      ++words;
      if (t.flags & kTokCapitalized) ++capitalized;
      lw.clear();
      append_lower(lw, w);
      if (std::find(kFunctionWords.begin(), kFunctionWords.end(), lw) != kFunctionWords.end())
        ++function_words;
    } else if (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) {
      if (w == ",")
        ++commas;
      else if (w == "|" || w == "\xE2\x80\xA2" || w == "\xC2\xB7" || w == "/" || w == ">" ||
               w == "\xC3\x97" || w == "\xC2\xBB")
        ++separators;
      else if (w == "." || w == "!" || w == "?" || w == ";" || w == ":" || w == "\"" ||
               (t.flags & kTokQuote))
        ++sentence_punct;
    }
  }

  // Navigation: many capitalised section names, no function words, no sentence punctuation.
  // A first line is usually the headline: only a long run of names counts there.
  if (!ctx.is_first_content_line || separators > 0 || words >= 8) {
    if (words >= 6 && function_words == 0 && sentence_punct == 0 && commas == 0 &&
        capitalized * 10 >= words * 9)
      return static_cast<std::uint8_t>(Boilerplate::kNavigation);
    if (separators >= 3 && words <= 3 * (separators + 1) && sentence_punct == 0)
      return static_cast<std::uint8_t>(Boilerplate::kNavigation);
  }
  // Tags: near the end, a short comma list of names or topics.
  // Three or more short items may be lower case ("water, diplomacy"); two must be names.
  if (ctx.near_end && commas >= 1 && words <= 3 * (commas + 1) && words >= 2 &&
      sentence_punct == 0 && function_words == 0 && (commas >= 2 || capitalized == words))
    return static_cast<std::uint8_t>(Boilerplate::kTagLine);
  return 0;
}

void flag_document_lines(std::string_view text, std::span<const LineSpan> lines,
                         std::span<const std::uint64_t> hashes, std::span<const std::size_t> words,
                         std::span<std::uint8_t> reasons) {
  std::vector<std::size_t> nonblank;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (hashes[i] != 0) nonblank.push_back(i);
  const std::size_t last_three_from = nonblank.size() > 3 ? nonblank.size() - 3 : 0;
  std::unordered_set<std::uint64_t> seen;
  std::string scratch;  // classify_line's working space, kept across the lines
  for (std::size_t k = 0; k < nonblank.size(); ++k) {
    const std::size_t i = nonblank[k];
    const auto& l = lines[i];
    std::string_view line = text.substr(l.start, l.end - l.start);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    std::uint8_t reason = classify_line(line, LineContext{k == 0, k >= last_three_from}, scratch);
    // A line seen before in the document (a repeated headline or credit). Very short lines
    // ("Moscow.") may legitimately repeat, so only lines of 4+ words count.
    if (!seen.insert(hashes[i]).second && reason == 0 && words[i] >= 4)
      reason = static_cast<std::uint8_t>(Boilerplate::kRepeatedLine);
    reasons[i] = reason;
  }
}

std::vector<std::pair<std::uint64_t, std::size_t>> line_document_counts(
    std::span<const std::span<const std::uint64_t>> hashes, const Interrupt& interrupt) {
  std::vector<std::uint64_t> all, hs;
  for (std::size_t d = 0; d < hashes.size(); ++d) {
    if ((d + 1) % 1024 == 0 && interrupt && interrupt()) throw Interrupted();
    hs.assign(hashes[d].begin(), hashes[d].end());
    std::sort(hs.begin(), hs.end());
    hs.erase(std::unique(hs.begin(), hs.end()), hs.end());
    for (const std::uint64_t h : hs)
      if (h != 0) all.push_back(h);
  }
  std::sort(all.begin(), all.end());  // a run of one hash: the documents that hold it
  std::vector<std::pair<std::uint64_t, std::size_t>> out;
  for (std::size_t a = 0; a < all.size();) {
    std::size_t b = a;
    while (b < all.size() && all[b] == all[a]) ++b;
    out.emplace_back(all[a], b - a);
    a = b;
  }
  return out;
}

void flag_outlet_repeated(std::span<const std::span<const std::uint64_t>> hashes,
                          std::span<const std::span<std::uint8_t>> reasons,
                          const Interrupt& interrupt) {
  if (hashes.size() < 4) return;
  std::vector<std::uint64_t> repeated;  // sorted, as line_document_counts gives them
  for (const auto& [h, df] : line_document_counts(hashes, interrupt))
    if (outlet_repeated(df, hashes.size())) repeated.push_back(h);
  for (std::size_t d = 0; d < hashes.size(); ++d)
    flag_known_repeated(hashes[d], repeated, reasons[d]);
}

std::uint64_t normalized_hash(std::string_view s, std::size_t& words) {
  struct Hash {
    detail::StreamHash h;
    std::size_t separators = 0;
    bool any = false;
    void run(const char* p, std::size_t n, std::size_t spaces) {
      h.push_bytes(p, n);
      separators += spaces;
      any = true;
    }
    void space() {
      h.push(' ');
      ++separators;
    }
    bool cp(char32_t c) {
      any = true;
      if (c < 0x80) {
        h.push(static_cast<unsigned char>(c));
      } else {  // rare: non-ASCII after folding; a marker byte no ASCII one equals, then 3
        h.push(0xFF);
        h.push(static_cast<unsigned char>(c >> 16));
        h.push(static_cast<unsigned char>(c >> 8));
        h.push(static_cast<unsigned char>(c));
      }
      return true;
    }
  } sink;
  (void)detail::walk_normalized(s, sink);
  words = sink.any ? sink.separators + 1 : 0;
  return sink.any ? sink.h.finish() : 0;
}

void flag_known_repeated(std::span<const std::uint64_t> hashes,
                         std::span<const std::uint64_t> repeated, std::span<std::uint8_t> reasons) {
  if (repeated.empty()) return;
  for (std::size_t l = 0; l < hashes.size(); ++l)
    if (hashes[l] != 0 && reasons[l] == 0 &&
        std::binary_search(repeated.begin(), repeated.end(), hashes[l]))
      reasons[l] = static_cast<std::uint8_t>(Boilerplate::kOutletRepeated);
}

}  // namespace detail

// ---- the outlet rule over a whole collection (presslens/boilerplate.hpp) ---------------

OutletLineCounts outlet_line_counts(const Corpus& corpus, int threads, const Interrupt& interrupt) {
  const std::span<const Document> docs = corpus.documents();
  // The line hashes of each document (0 for a blank line).
  std::vector<std::vector<std::uint64_t>> lines(docs.size());
  parallel_for(
      docs.size(), threads,
      [&](std::size_t i) {
        const std::string_view text = docs[i].text;
        std::size_t words = 0;
        for (const LineSpan& l : split_lines(text))
          lines[i].push_back(detail::normalized_hash(text.substr(l.start, l.end - l.start), words));
      },
      interrupt);

  OutletLineCounts out;
  for (const Document& d : docs) out.outlets.push_back(d.outlet);
  std::sort(out.outlets.begin(), out.outlets.end());
  out.outlets.erase(std::unique(out.outlets.begin(), out.outlets.end()), out.outlets.end());
  std::vector<std::vector<std::span<const std::uint64_t>>> members(out.outlets.size());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto it = std::lower_bound(out.outlets.begin(), out.outlets.end(), docs[i].outlet);
    members[static_cast<std::size_t>(it - out.outlets.begin())].emplace_back(lines[i]);
  }
  // Per outlet, the documents holding each line: the counts flag_outlet_repeated decides on
  // (the workers never call `interrupt`: the loop polls it).
  std::vector<std::vector<std::pair<std::uint64_t, std::size_t>>> rows(out.outlets.size());
  parallel_for(
      out.outlets.size(), threads,
      [&](std::size_t o) { rows[o] = detail::line_document_counts(members[o], {}); }, interrupt);
  for (std::size_t o = 0; o < out.outlets.size(); ++o) {
    out.n_docs.push_back(static_cast<std::int64_t>(members[o].size()));
    for (const auto& [h, df] : rows[o]) {
      out.outlet.push_back(static_cast<std::int64_t>(o));
      out.hash.push_back(h);
      out.df.push_back(static_cast<std::int64_t>(df));
    }
  }
  return out;
}

OutletRepeatedLines OutletRepeatedLines::decide(const OutletLineCounts& counts) {
  const std::size_t n_outlets = counts.outlets.size();
  const std::size_t n = counts.hash.size();
  if (counts.n_docs.size() != n_outlets)
    throw std::invalid_argument("outlet line counts: " + std::to_string(n_outlets) +
                                " outlets but " + std::to_string(counts.n_docs.size()) +
                                " document counts");
  if (counts.outlet.size() != n || counts.df.size() != n)
    throw std::invalid_argument(
        "outlet line counts: the outlet, hash and df columns differ in length");
  for (const std::int64_t k : counts.n_docs)
    if (k < 0) throw std::invalid_argument("outlet line counts: a negative document count");
  std::vector<std::size_t> order(n);
  for (std::size_t r = 0; r < n; ++r) {
    if (counts.outlet[r] < 0 || static_cast<std::uint64_t>(counts.outlet[r]) >= n_outlets)
      throw std::invalid_argument("outlet line counts: row " + std::to_string(r) +
                                  " names outlet " + std::to_string(counts.outlet[r]) + " of " +
                                  std::to_string(n_outlets));
    if (counts.hash[r] == 0 || counts.df[r] < 0)
      throw std::invalid_argument("outlet line counts: row " + std::to_string(r) +
                                  " has a hash of 0 or a negative count");
    order[r] = r;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::pair(counts.outlet[a], counts.hash[a]) <
           std::pair(counts.outlet[b], counts.hash[b]);
  });
  // Outlets sorted, their rows carried along.
  std::vector<std::size_t> by_name(n_outlets);
  for (std::size_t o = 0; o < n_outlets; ++o) by_name[o] = o;
  std::sort(by_name.begin(), by_name.end(),
            [&](std::size_t a, std::size_t b) { return counts.outlets[a] < counts.outlets[b]; });
  std::vector<std::size_t> rank(n_outlets);
  for (std::size_t k = 0; k < n_outlets; ++k) rank[by_name[k]] = k;
  std::vector<std::vector<std::uint64_t>> repeated(n_outlets);
  for (std::size_t a = 0; a < n;) {
    const std::size_t o = static_cast<std::size_t>(counts.outlet[order[a]]);
    const std::uint64_t h = counts.hash[order[a]];
    std::uint64_t df = 0;
    for (; a < n && static_cast<std::size_t>(counts.outlet[order[a]]) == o &&
           counts.hash[order[a]] == h;
         ++a)
      df += static_cast<std::uint64_t>(counts.df[order[a]]);
    const auto n_docs = static_cast<std::uint64_t>(counts.n_docs[o]);
    if (df > n_docs)
      throw std::invalid_argument("outlet line counts: a line of outlet '" + counts.outlets[o] +
                                  "' is counted in " + std::to_string(df) + " documents of " +
                                  std::to_string(n_docs) +
                                  " (counts of the same documents merged twice?)");
    if (detail::outlet_repeated(df, n_docs)) repeated[rank[o]].push_back(h);
  }
  std::vector<std::string> outlets(n_outlets);
  for (std::size_t k = 0; k < n_outlets; ++k) outlets[k] = counts.outlets[by_name[k]];
  return OutletRepeatedLines(std::move(outlets), std::move(repeated));
}

OutletRepeatedLines::OutletRepeatedLines(std::vector<std::string> outlets,
                                         std::vector<std::vector<std::uint64_t>> repeated)
    : outlets_(std::move(outlets)), repeated_(std::move(repeated)) {
  if (outlets_.size() != repeated_.size())
    throw std::invalid_argument("outlet repeated lines: one set of lines per outlet expected");
  for (std::size_t k = 1; k < outlets_.size(); ++k)
    if (!(outlets_[k - 1] < outlets_[k]))
      throw std::invalid_argument("outlet repeated lines: outlet '" + outlets_[k] +
                                  "' is named twice or out of order");
  for (const auto& hs : repeated_)
    for (std::size_t k = 0; k < hs.size(); ++k)
      if (hs[k] == 0 || (k > 0 && hs[k - 1] >= hs[k]))
        throw std::invalid_argument(
            "outlet repeated lines: line hashes must be non-zero, distinct and sorted");
}

const std::vector<std::uint64_t>* OutletRepeatedLines::find(std::string_view outlet) const {
  const auto it = std::lower_bound(outlets_.begin(), outlets_.end(), outlet,
                                   [](const std::string& a, std::string_view b) { return a < b; });
  if (it == outlets_.end() || *it != outlet) return nullptr;
  return &repeated_[static_cast<std::size_t>(it - outlets_.begin())];
}

}  // namespace presslens
