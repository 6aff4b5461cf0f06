// sentiment_news.cpp: the news model's parameter file (NewsModelParams).
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <system_error>

#include "presslens/sentiment.hpp"

namespace presslens {

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string error_at(std::string_view source, std::size_t lineno, const std::string& what) {
  return std::string(source) + ":" + std::to_string(lineno) + ": " + what;
}

}  // namespace

NewsModelParams parse_news_model(std::string_view tsv, std::string_view source) {
  NewsModelParams p;
  std::size_t lineno = 0;
  while (!tsv.empty()) {
    ++lineno;
    const std::size_t nl = tsv.find('\n');
    const std::string_view line = trim(tsv.substr(0, nl));
    tsv.remove_prefix(nl == std::string_view::npos ? tsv.size() : nl + 1);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      throw std::invalid_argument(error_at(source, lineno, "expected 'key<TAB>value'"));
    }
    const std::string_view key = trim(line.substr(0, tab));
    std::string_view value = trim(line.substr(tab + 1));
    value = value.substr(0, value.find('\t'));  // a comment may follow in a third field
    double v = 0.0;
    const char* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, v);
    if (value.empty() || ec != std::errc() || ptr != end || !std::isfinite(v) || v < -4.0 ||
        v > 4.0) {
      throw std::invalid_argument(error_at(
          source, lineno, "value '" + std::string(value) + "' is not a number in [-4, 4]"));
    }
    if (key == "scope_negation") {
      p.scope_negation = v;
    } else if (key == "hedge") {
      p.hedge = v;
    } else if (key == "positive_weight") {
      p.positive_weight = v;
    } else if (key == "negative_weight") {
      p.negative_weight = v;
    } else {
      throw std::invalid_argument(
          error_at(source, lineno,
                   "unknown key '" + std::string(key) +
                       "' (expected scope_negation, hedge, positive_weight or negative_weight)"));
    }
  }
  return p;
}

}  // namespace presslens
