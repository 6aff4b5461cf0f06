// tests/fuzz/fuzz_terms.cpp: term counting (terms.hpp) over UTF-8 and over Python's own
// string storage (Latin-1, UCS-2 with lone surrogates, UTF-32), tf-idf and keyness.
//
// Input: one option byte, then texts separated by 0xFF bytes.
// Invariants: a well-formed CSR (rows = texts, sorted column indices, positive counts);
// terms unique, sorted, valid UTF-8, with ngram_min..ngram_max words; the same matrix for
// the same text stored as UTF-8, UTF-32, UCS-2 or Latin-1, and with 1 or 2 threads; raw
// UCS-2 with surrogates never crashes; tf-idf weights finite (rows of unit L2 norm); keyness
// scores finite or documented infinities, p-values in [0, 1].
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "presslens/terms.hpp"
#include "presslens/text.hpp"

namespace {

bool same(const presslens::TermMatrix& a, const presslens::TermMatrix& b) {
  return a.counts.rows == b.counts.rows && a.counts.cols == b.counts.cols &&
         a.counts.indptr == b.counts.indptr && a.counts.indices == b.counts.indices &&
         a.counts.data == b.counts.data && a.term_data == b.term_data &&
         a.term_offsets == b.term_offsets;
}

// term_matrix, or nullopt-like empty result when it throws the documented
// "empty vocabulary" std::invalid_argument.
bool count(std::span<const presslens::TextView> texts, const presslens::TermOptions& o,
           presslens::TermMatrix& out) {
  try {
    out = presslens::term_matrix(texts, o);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  presslens_fuzz::Input in(data, size);
  const std::uint8_t opt = in.byte();
  const auto parts = in.split('\xFF', 16);

  presslens::TermOptions o;
  o.pattern = (opt & 1) ? presslens::TokenPattern::kSklearn : presslens::TokenPattern::kDefault;
  o.ngram_min = 1 + ((opt >> 1) & 1);
  o.ngram_max = o.ngram_min + ((opt >> 2) & 1);
  o.lowercase = (opt & 8) == 0;
  o.binary = (opt & 16) != 0;
  if (opt & 32) o.stop_words.assign({"the", "don't", "a"});
  o.threads = 1;

  // The same texts in every storage Python may hand over.
  std::vector<std::string> utf8;
  std::vector<std::vector<char32_t>> ucs4;
  std::vector<std::vector<std::uint16_t>> ucs2;
  std::vector<std::vector<std::uint8_t>> latin1;
  bool bmp = true, narrow = true;
  for (const auto& p : parts) {
    presslens::RepairStats st;
    utf8.push_back(presslens::repair_utf8(p, st));
    auto& cps = ucs4.emplace_back();
    for (std::size_t i = 0; i < utf8.back().size();) {
      const auto d = presslens::decode_utf8(utf8.back(), i);
      cps.push_back(d.cp);
      i += d.len;
      bmp &= d.cp <= 0xFFFF;
      narrow &= d.cp <= 0xFF;
    }
    ucs2.emplace_back(cps.begin(), cps.end());
    latin1.emplace_back(cps.begin(), cps.end());
  }
  std::vector<presslens::TextView> v8, v32, v16, v1;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    v8.push_back(presslens::TextView::utf8(utf8[k]));
    v32.push_back({ucs4[k].data(), ucs4[k].size(), 4});
    v16.push_back({ucs2[k].data(), ucs2[k].size(), 2});
    v1.push_back({latin1[k].data(), latin1[k].size(), 1});
  }

  presslens::TermMatrix tm;
  const bool ok = count(v8, o, tm);
  {
    presslens::TermMatrix other;
    FUZZ_CHECK(count(v32, o, other) == ok && (!ok || same(tm, other)));
    if (bmp) FUZZ_CHECK(count(v16, o, other) == ok && (!ok || same(tm, other)));
    if (narrow) FUZZ_CHECK(count(v1, o, other) == ok && (!ok || same(tm, other)));
    o.threads = 2;
    FUZZ_CHECK(count(v8, o, other) == ok && (!ok || same(tm, other)));
    o.threads = 1;
  }
  // Raw UCS-2 code units from the input bytes: lone surrogates included.
  {
    const std::string_view raw = in.rest();
    std::vector<std::uint16_t> units(raw.size() / 2);
    if (!units.empty()) std::memcpy(units.data(), raw.data(), units.size() * 2);
    const presslens::TextView tv{units.data(), units.size(), 2};
    presslens::TermMatrix raw_tm;
    if (count(std::span<const presslens::TextView>(&tv, 1), o, raw_tm))
      FUZZ_CHECK(presslens::find_invalid_utf8(raw_tm.term_data) == std::string_view::npos);
  }
  if (!ok) return 0;

  const auto& c = tm.counts;
  FUZZ_CHECK(c.rows == parts.size());
  FUZZ_CHECK(c.cols == tm.n_terms() && c.cols > 0);
  presslens::validate_csr(c.view());
  for (std::size_t r = 0; r < c.rows; ++r)
    for (auto k = c.indptr[r]; k < c.indptr[r + 1]; ++k) {
      FUZZ_CHECK(c.data[k] > 0 && (!o.binary || c.data[k] == 1));
      FUZZ_CHECK(k == c.indptr[r] || c.indices[k - 1] < c.indices[k]);
    }
  FUZZ_CHECK(presslens::find_invalid_utf8(tm.term_data) == std::string_view::npos);
  for (std::size_t t = 0; t < tm.n_terms(); ++t) {
    const auto term = tm.term(t);
    FUZZ_CHECK(!term.empty());
    FUZZ_CHECK(t == 0 || tm.term(t - 1) < term);
    const auto words = static_cast<int>(std::count(term.begin(), term.end(), ' ')) + 1;
    FUZZ_CHECK(o.ngram_min <= words && words <= o.ngram_max);
  }

  const auto w = presslens::tfidf(c.view(), presslens::TfidfOptions{});
  FUZZ_CHECK(w.size() == c.data.size());
  for (std::size_t r = 0; r < c.rows; ++r) {
    double norm = 0;
    for (auto k = c.indptr[r]; k < c.indptr[r + 1]; ++k) {
      FUZZ_CHECK(std::isfinite(w[k]) && w[k] > 0);
      norm += w[k] * w[k];
    }
    FUZZ_CHECK(c.indptr[r] == c.indptr[r + 1] || std::fabs(norm - 1.0) < 1e-9);
  }
  for (const auto scheme : {presslens::TfidfScheme::kQuanteda, presslens::TfidfScheme::kBm25}) {
    presslens::TfidfOptions to;
    to.scheme = scheme;
    for (const double x : presslens::tfidf(c.view(), to)) FUZZ_CHECK(std::isfinite(x) && x >= 0);
  }

  // Keyness of even rows against odd rows.
  std::vector<std::int32_t> groups(c.rows);
  for (std::size_t r = 0; r < c.rows; ++r) groups[r] = static_cast<std::int32_t>(r % 2);
  const auto g = presslens::group_rows(c.view(), groups, 2);
  for (const auto m : {presslens::KeynessMeasure::kG2, presslens::KeynessMeasure::kChi2,
                       presslens::KeynessMeasure::kPmi, presslens::KeynessMeasure::kLogRatio,
                       presslens::KeynessMeasure::kPctDiff}) {
    presslens::KeynessOptions ko;
    ko.measure = m;
    ko.min_count = 1;
    try {
      const auto k = presslens::keyness(g.view(), ko);
      for (std::size_t i = 0; i < k.score.size(); ++i) {
        FUZZ_CHECK(!std::isnan(k.score[i]));
        FUZZ_CHECK(std::isfinite(k.score[i]) || m == presslens::KeynessMeasure::kPmi);
        FUZZ_CHECK(0.0 <= k.p[i] && k.p[i] <= 1.0 && 0.0 <= k.p_adj[i] && k.p_adj[i] <= 1.0);
        FUZZ_CHECK(std::isfinite(k.log_ratio[i]));
      }
    } catch (const std::invalid_argument&) {
      // fewer than two groups with tokens: documented
    }
  }
  return 0;
}
