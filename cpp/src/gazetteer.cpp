// The gazetteer: its fixed word lists (organisation and place heads, stop capitals, days
// and months, connectors, the cue and pronoun lists of word_lists.hpp) as flags of the
// per-token lookup table, the four shipped TSV files and user entries. The tables
// themselves, and the inline lookups the detectors make per token, are in
// detail/gazetteer.hpp.
#include "detail/gazetteer.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "detail/names.hpp"
#include "detail/word_lists.hpp"
#include "presslens/entities.hpp"
#include "presslens/text.hpp"

namespace presslens {

using namespace detail;  // word classes and flags, form_key

namespace {

// Heads that make a capitalised run an organisation.
constexpr std::array<std::string_view, 48> kOrgHeads = {
    "administration", "agency",      "alliance",     "army",         "assembly",   "association",
    "authority",      "bank",        "board",        "bureau",       "cabinet",    "centre",
    "center",         "chamber",     "coalition",    "college",      "command",    "commission",
    "committee",      "company",     "congress",     "corporation",  "council",    "court",
    "department",     "duma",        "embassy",      "foundation",   "front",      "government",
    "group",          "guard",       "institute",    "league",       "ministry",   "movement",
    "navy",           "office",      "organisation", "organization", "parliament", "party",
    "police",         "secretariat", "senate",       "service",      "union",      "university"};

// Capitalised words that start sentences and are never names on their own.
constexpr std::array<std::string_view, 132> kStopCapitals = {
    "a",        "about", "after",     "again",    "all",       "also",
    "although", "an",    "and",       "another",  "any",       "april",
    "as",       "at",    "august",    "be",       "because",   "before",
    "both",     "but",   "by",        "can",      "could",     "december",
    "despite",  "did",   "do",        "does",     "during",    "each",
    "earlier",  "even",  "every",     "february", "finally",   "for",
    "friday",   "from",  "further",   "he",       "her",       "here",
    "his",      "how",   "however",   "i",        "if",        "in",
    "instead",  "is",    "it",        "its",      "january",   "july",
    "june",     "just",  "last",      "later",    "like",      "many",
    "march",    "may",   "meanwhile", "monday",   "more",      "most",
    "much",     "my",    "neither",   "never",    "new",       "next",
    "no",       "nor",   "not",       "november", "now",       "october",
    "of",       "on",    "once",      "one",      "only",      "or",
    "other",    "our",   "over",      "saturday", "september", "she",
    "since",    "so",    "some",      "still",    "such",      "sunday",
    "that",     "the",   "their",     "then",     "there",     "these",
    "they",     "this",  "those",     "though",   "thursday",  "thus",
    "to",       "today", "tuesday",   "two",      "under",     "unfortunately",
    "until",    "up",    "upon",      "we",       "wednesday", "what",
    "when",     "where", "whether",   "which",    "while",     "who",
    "why",      "with",  "within",    "without",  "yes",       "yet"};

// Days and months: dates, not entities.
constexpr std::array<std::string_view, 20> kCalendar = {
    "monday",    "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday",
    "january",   "february", "march",     "april",    "june",   "july",     "august",
    "september", "october",  "november",  "december", "sept",   "weekend"};

// Heads that make a capitalised run a place ("Irsha River", "Kestrel Federation").
constexpr std::array<std::string_view, 22> kPlaceHeads = {
    "basin",    "bay",      "canal",   "county", "desert",    "emirates", "federation", "gulf",
    "island",   "islands",  "kingdom", "lake",   "mountains", "oblast",   "ocean",      "peninsula",
    "province", "republic", "river",   "sea",    "strait",    "valley"};

// Connectors allowed inside a run after a head word.
constexpr std::array<std::string_view, 17> kConnectors = {"of",  "for", "on", "the", "and", "&",
                                                          "de",  "del", "da", "van", "von", "der",
                                                          "bin", "al",  "la", "le",  "du"};
bool is_connector(std::string_view w) {
  return std::find(kConnectors.begin(), kConnectors.end(), w) != kConnectors.end();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t p = s.find(sep, start);
    out.push_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Iterates the data lines of a TSV text: fn(line_number, columns).
template <class Fn>
void for_each_row(std::string_view text, std::string_view file, std::size_t min_cols, Fn fn) {
  std::size_t line_no = 0;
  for (std::string_view line : split(text, '\n')) {
    ++line_no;
    line = trim_view(line);
    if (line.empty() || line.front() == '#') continue;
    auto cols = split(line, '\t');
    for (auto& c : cols) c = trim_view(c);
    if (cols.size() < min_cols || cols[0].empty())
      throw std::invalid_argument(std::string(file) + " line " + std::to_string(line_no) +
                                  ": expected at least " + std::to_string(min_cols) +
                                  " tab-separated columns");
    fn(line_no, cols);
  }
}

using Columns = std::vector<std::string_view>;

// A row of places.tsv or organisations.tsv: name, kind, aliases ('|'-separated), then the
// country in column `country_col`. Returns the new entry.
std::uint32_t add_entry(Gazetteer::Impl& im, EntityType type, const Columns& cols,
                        std::size_t country_col) {
  const auto idx = static_cast<std::uint32_t>(im.entries.size());
  im.entries.push_back({std::string(cols[0]), type,
                        cols.size() > country_col ? std::string(cols[country_col]) : std::string(),
                        std::string(cols[1])});
  im.add_form(cols[0], idx);
  if (cols.size() > 2)
    for (auto a : split(cols[2], '|')) im.add_form(trim_view(a), idx);
  return idx;
}

// A row of titles.tsv: phrase, kind (honorific, title, role, modifier), sex. Its head word
// gets the kind's class, the other words kWordTitlePart (or kWordModifier).
void add_title(Gazetteer::Impl& im, std::size_t line, const Columns& cols) {
  const std::string_view kind = cols[1];
  std::uint8_t head_bit;
  if (kind == "honorific")
    head_bit = kWordHonorific;
  else if (kind == "title")
    head_bit = kWordTitleHead;
  else if (kind == "role")
    head_bit = kWordRoleNoun;
  else if (kind == "modifier")
    head_bit = kWordModifier;
  else
    throw std::invalid_argument("titles.tsv line " + std::to_string(line) + ": unknown kind '" +
                                std::string(kind) + "'");
  const char sex = cols.size() > 2 && !cols[2].empty() ? cols[2][0] : 0;
  std::string lowered;  // the views below point into it
  append_lower(lowered, cols[0]);
  auto words = split(lowered, ' ');
  // The head of "Minister of Foreign Affairs" is "minister": the word before the first
  // "of"/"for"/"to"; the words after it are parts, not heads.
  std::size_t head = words.size() - 1;
  for (std::size_t w = 1; w < words.size(); ++w)
    if (words[w] == "of" || words[w] == "for" || words[w] == "to") {
      head = w - 1;
      break;
    }
  for (std::size_t w = 0; w < words.size(); ++w) {
    std::string word(words[w]);
    if (word.empty()) continue;
    const bool last = w == head;
    std::uint8_t bit = head_bit;
    if (!last)
      bit = head_bit == kWordModifier ? std::uint8_t{kWordModifier} : std::uint8_t{kWordTitlePart};
    if (is_connector(word)) continue;
    im.words[word] |= bit;
    im.flag(word, bit);
    if (last && sex) im.word_gender.emplace(word, sex);
    if (word.back() == '.') {  // "Gen." also as "Gen" (British style)
      im.words[word.substr(0, word.size() - 1)] |= bit;
      im.flag(std::string_view(word).substr(0, word.size() - 1), bit);
    }
  }
}

// A row of given_names.tsv: name, sex, variants ('|'-separated), all in the name's group.
void add_given_name(Gazetteer::Impl& im, const Columns& cols) {
  const std::string group = transliteration_key(cols[0]);
  const char sex = cols.size() > 1 && !cols[1].empty() ? cols[1][0] : 0;
  im.given.emplace(group, std::make_pair(group, sex));
  if (cols.size() > 2)
    for (auto v : split(cols[2], '|'))
      if (!trim_view(v).empty())
        im.given.emplace(transliteration_key(trim_view(v)), std::make_pair(group, sex));
}

}  // namespace

Gazetteer::Impl::Impl() {
  for (const auto w : kOrgHeads) flag(w, kFlagOrgHead);
  for (const auto w : kPlaceHeads) flag(w, kFlagPlaceHead);
  for (const auto w : kStopCapitals) flag(w, kFlagStopCap);
  for (const auto w : kCalendar) flag(w, kFlagCalendar);
  for (const auto w : kConnectors) flag(w, kFlagConnector);
  for (const auto w : kCues) flag(w, kFlagCue);
  for (const auto w : kObjectCues) flag(w, kFlagObjectCue);
  for (const auto w : kPronouns) flag(w, kFlagPronoun);
  for (const auto w : kDeterminers) flag(w, kFlagDeterminer);
  for (const auto w : kAux) flag(w, kFlagAux);
  for (const auto w : kSourceNouns) flag(w, kWordRoleNoun);
  for (const auto w : kSourceNouns)
    if (w != "spokesperson") flag(w, kFlagThing);
  for (const auto w : kAttitudeCues) flag(w, kFlagAttitude);
}

Gazetteer::Gazetteer() : impl_(std::make_unique<Impl>()) {
  impl_->seal();
}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

Gazetteer Gazetteer::from_tsv(std::string_view places, std::string_view orgs,
                              std::string_view titles, std::string_view given_names) {
  Gazetteer g;
  Impl& im = *g.impl_;
  for_each_row(places, "places.tsv", 2, [&](std::size_t, const Columns& cols) {
    const std::uint32_t idx = add_entry(im, EntityType::kPlace, cols, 4);
    if (cols.size() > 3)
      for (auto d : split(cols[3], '|'))
        if (!trim_view(d).empty()) {
          im.demonyms.emplace(form_key(trim_view(d)), idx);
          im.flag(trim_view(d), kFlagDemonym);
        }
  });
  for_each_row(orgs, "organisations.tsv", 2, [&](std::size_t, const Columns& cols) {
    (void)add_entry(im, EntityType::kOrg, cols, 3);
  });
  for_each_row(titles, "titles.tsv", 2,
               [&](std::size_t line, const Columns& cols) { add_title(im, line, cols); });
  for_each_row(given_names, "given_names.tsv", 1,
               [&](std::size_t, const Columns& cols) { add_given_name(im, cols); });
  im.seal();
  return g;
}

void Gazetteer::add(std::string_view name, EntityType type,
                    const std::vector<std::string>& aliases) {
  if (trim_view(name).empty()) throw std::invalid_argument("a gazetteer entry needs a name");
  const auto idx = static_cast<std::uint32_t>(impl_->entries.size());
  impl_->entries.push_back({std::string(name), type, {}, {}});
  // User entries take precedence over shipped ones with the same form.
  auto register_form = [&](std::string_view form) {
    const std::string k = form_key(form);
    if (k.empty()) return;
    impl_->by_form[k] = idx;
    impl_->note_form(k);
  };
  register_form(name);
  for (const auto& a : aliases) register_form(a);
  impl_->seal();
}

}  // namespace presslens
