// Names and the keys they are compared by: the transliteration key of person names, the
// form key of gazetteer forms and surfaces, title case, capitals and initials. Pure string
// functions, no tables: the gazetteer, detection and resolution all compare through these.
#include "detail/names.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "presslens/entities.hpp"
#include "presslens/text.hpp"

namespace presslens {
namespace {

// Latin letters with diacritics -> ASCII base letter (lower case input).
char32_t strip_diacritic(char32_t c) {
  static constexpr std::array<std::pair<char32_t, char>, 56> kMap = {{
      {U'à', 'a'}, {U'á', 'a'}, {U'â', 'a'}, {U'ã', 'a'}, {U'ä', 'a'}, {U'å', 'a'}, {U'ā', 'a'},
      {U'ă', 'a'}, {U'ą', 'a'}, {U'ç', 'c'}, {U'ć', 'c'}, {U'č', 'c'}, {U'ď', 'd'}, {U'đ', 'd'},
      {U'è', 'e'}, {U'é', 'e'}, {U'ê', 'e'}, {U'ë', 'e'}, {U'ē', 'e'}, {U'ę', 'e'}, {U'ě', 'e'},
      {U'ì', 'i'}, {U'í', 'i'}, {U'î', 'i'}, {U'ï', 'i'}, {U'ı', 'i'}, {U'ł', 'l'}, {U'ñ', 'n'},
      {U'ń', 'n'}, {U'ň', 'n'}, {U'ò', 'o'}, {U'ó', 'o'}, {U'ô', 'o'}, {U'õ', 'o'}, {U'ö', 'o'},
      {U'ø', 'o'}, {U'ő', 'o'}, {U'ř', 'r'}, {U'ś', 's'}, {U'š', 's'}, {U'ş', 's'}, {U'ș', 's'},
      {U'ť', 't'}, {U'ţ', 't'}, {U'ț', 't'}, {U'ù', 'u'}, {U'ú', 'u'}, {U'û', 'u'}, {U'ü', 'u'},
      {U'ū', 'u'}, {U'ů', 'u'}, {U'ű', 'u'}, {U'ý', 'y'}, {U'ÿ', 'y'}, {U'ž', 'z'}, {U'ź', 'z'},
  }};
  for (const auto& [from, to] : kMap)
    if (from == c) return static_cast<char32_t>(to);
  if (c == U'ß') return U's';
  return c;
}

}  // namespace

namespace detail {

std::string form_key(std::string_view s) {
  std::string key, scratch;
  form_key_into(key, scratch, s);
  return key;
}

void form_key_into(std::string& out, std::string& scratch, std::string_view s) {
  scratch.clear();
  append_normalized(scratch, s);
  out.clear();
  append_lower(out, scratch);
  if (out.starts_with("the ")) out.erase(0, 4);
}

std::string title_case(std::string_view s) {
  std::string out;
  bool start = true;
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_utf8(s, i);
    if (start && is_lower(d.cp)) {
      // simple upper-casing of ASCII letters is enough for the head-word phrases
      out.push_back(d.cp < 128 ? static_cast<char>(d.cp - 32) : s[i]);
      if (d.cp >= 128) out.append(s.substr(i + 1, d.len - 1));
    } else {
      out.append(s.substr(i, d.len));
    }
    start = d.cp == U' ';
    i += d.len;
  }
  return out;
}

bool is_caps(std::string_view w) {
  bool letter = false;
  for (const char ch : w) {
    if (ch >= 'a' && ch <= 'z') return false;
    letter = letter || (ch >= 'A' && ch <= 'Z');
  }
  return letter;
}

std::string initials(std::string_view name) {
  std::string out;
  bool start = true;
  for (const char ch : name) {
    if (start && ch >= 'A' && ch <= 'Z') out.push_back(ch);
    start = ch == ' ' || ch == '-';
  }
  return out;
}

}  // namespace detail

std::string transliteration_key(std::string_view name) {
  std::string ascii;
  ascii.reserve(name.size());
  const bool plain = std::all_of(name.begin(), name.end(), [](char ch) {
    return static_cast<unsigned char>(ch) < 0x80 && ch != '\t' && ch != '\n';
  });
  if (plain) {  // the common case: lower-case ASCII directly, no intermediate strings
    for (const char ch : name) {
      if (ch == '\'' || ch == '-' || ch == '.' || ch == '`') continue;
      ascii.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch);
    }
  } else {
    std::string low;
    append_lower(low, normalize_for_match(name));
    for (std::size_t i = 0; i < low.size();) {
      const Decoded d = decode_utf8(low, i);
      i += d.len;
      const char32_t c = strip_diacritic(d.cp);
      if (c == U'\'' || c == U'-' || c == U'.' || is_mark(c)) continue;  // O'Malley = OMalley
      append_utf8(ascii, c);
    }
  }
  std::string out;
  out.reserve(ascii.size() + 4);
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    const char c = ascii[i];
    const bool word_start = i == 0 || ascii[i - 1] == ' ';
    if (c == 'x') {
      out += "ks";
    } else if (c == 'k' && i + 1 < ascii.size() && ascii[i + 1] == 'h') {
      out += 'h';
      ++i;
    } else if (word_start && c == 'y' && i + 1 < ascii.size() && ascii[i + 1] == 'e') {
      out += 'e';  // Yevgeny = Evgeny
      ++i;
    } else if (c == 'y' || c == 'j') {
      out += 'i';
    } else {
      out += c;
    }
  }
  // Collapse doubled letters (Evgenii = Evgeni, Mariya -> maria).
  std::string collapsed;
  collapsed.reserve(out.size());
  for (const char c : out)
    if (collapsed.empty() || collapsed.back() != c || c == ' ') collapsed += c;
  return collapsed;
}

}  // namespace presslens
