// bindings/bind_terms.cpp: term counting, weighting, grouping, keyness and KWIC
// (presslens/terms.hpp). Argument conversion, GIL release and zero-copy arrays only.
//
// Python strings are read in place: a str is stored by CPython as an array of 1-, 2- or
// 4-byte code points (PEP 393), which the core reads as a TextView, so a list of str is
// counted without encoding or copying any text. The list is copied (references only)
// before the GIL is released so that the strings outlive the scan whatever the caller does.
#include <Python.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/corpus.hpp"
#include "presslens/kwic.hpp"
#include "presslens/terms.hpp"

namespace py = pybind11;

namespace presslens_py {
namespace {

using I64Array = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using I32Array = py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>;

presslens::TokenPattern token_pattern(const std::string& s) {
  if (s == "default") return presslens::TokenPattern::kDefault;
  if (s == "sklearn") return presslens::TokenPattern::kSklearn;
  throw std::invalid_argument("token_pattern must be \"default\" or \"sklearn\", not \"" + s +
                              "\"");
}

/// The texts to scan: a core Corpus, or an iterable of str read in place.
struct Texts {
  py::object keep;  // owns the Corpus or the list of str while the GIL is released
  const presslens::Corpus* corpus = nullptr;
  std::vector<presslens::TextView> views;
};

Texts texts_of(const py::object& obj) {
  Texts t;
  if (py::isinstance<presslens::Corpus>(obj)) {
    t.keep = obj;
    t.corpus = &obj.cast<const presslens::Corpus&>();
    return t;
  }
  if (PyUnicode_Check(obj.ptr()) || PyBytes_Check(obj.ptr())) {
    throw py::type_error("expected an iterable of str (one per document), not a single string");
  }
  PyObject* list = PySequence_List(obj.ptr());
  if (list == nullptr) throw py::error_already_set();
  t.keep = py::reinterpret_steal<py::object>(list);
  const Py_ssize_t n = PyList_GET_SIZE(list);
  t.views.reserve(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* s = PyList_GET_ITEM(list, i);
    if (!PyUnicode_Check(s)) {
      throw py::type_error("document " + std::to_string(i) + " is " +
                           std::string(Py_TYPE(s)->tp_name) + ", not str");
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(s) != 0) throw py::error_already_set();
#endif
    t.views.push_back(presslens::TextView{PyUnicode_DATA(s),
                                          static_cast<std::size_t>(PyUnicode_GET_LENGTH(s)),
                                          static_cast<std::uint8_t>(PyUnicode_KIND(s))});
  }
  return t;
}

/// Borrowed CSR view over numpy arrays (the arrays must stay alive while it is used).
presslens::CsrView<std::int64_t> csr_view(const I64Array& indptr, const I32Array& indices,
                                          const I64Array& data, std::size_t rows,
                                          std::size_t cols) {
  presslens::CsrView<std::int64_t> v;
  v.rows = rows;
  v.cols = cols;
  v.indptr = {indptr.data(), static_cast<std::size_t>(indptr.size())};
  v.indices = {indices.data(), static_cast<std::size_t>(indices.size())};
  v.data = {data.data(), static_cast<std::size_t>(data.size())};
  return v;
}

/// CSR arrays as numpy (no copy of indices or data). indptr goes out as int32 when the
/// entries fit, as scikit-learn does: scipy.sparse gives indices and indptr one dtype, so
/// an int64 indptr would make it copy the int32 indices to int64.
py::dict csr_dict(presslens::Csr<std::int64_t>&& m) {
  py::dict d;
  d["shape"] = py::make_tuple(m.rows, m.cols);
  if (m.indptr.back() <= std::numeric_limits<std::int32_t>::max()) {
    std::vector<std::int32_t> small(m.indptr.begin(), m.indptr.end());
    d["indptr"] = to_numpy(std::move(small));
  } else {
    d["indptr"] = to_numpy(std::move(m.indptr));
  }
  d["indices"] = to_numpy(std::move(m.indices));
  d["data"] = to_numpy(std::move(m.data));
  return d;
}

/// numpy's argsort of `negated` (int64, the default kind): scikit-learn's max_features cut
/// is `(-tfs).argsort()[:max_features]` over an int64 array, and numpy's default sort is
/// unstable (SIMD networks on x86, chosen by CPU), so the only exact tie order is numpy's own.
/// Called by the core without the GIL; takes it for the call.
std::vector<std::int64_t> numpy_argsort(std::span<const std::int64_t> negated) {
  py::gil_scoped_acquire gil;
  py::array_t<std::int64_t> a(static_cast<py::ssize_t>(negated.size()));
  std::copy(negated.begin(), negated.end(), a.mutable_data());
  const auto order =
      a.attr("argsort")()
          .cast<py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>>();
  return {order.data(), order.data() + order.size()};
}

py::list term_list(const presslens::TermMatrix& tm) {
  const std::size_t n = tm.n_terms();
  py::list out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view t = tm.term(i);
    PyObject* s = PyUnicode_DecodeUTF8(t.data(), static_cast<Py_ssize_t>(t.size()), "strict");
    if (s == nullptr) throw py::error_already_set();
    PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), s);  // steals the reference
  }
  return out;
}

}  // namespace

void bind_terms(py::module_& m) {
  m.def(
      "term_matrix",
      [](const py::object& texts, int ngram_min, int ngram_max, bool lowercase,
         const std::string& token_pattern_name, std::vector<std::string> stop_words, double min_df,
         bool min_df_proportion, double max_df, bool max_df_proportion, std::int64_t max_features,
         std::vector<std::string> vocabulary, bool binary, int threads) {
        if (threads < 0) throw std::invalid_argument("threads must be >= 0 (0 = all cores)");
        presslens::TermOptions o;
        o.ngram_min = ngram_min;
        o.ngram_max = ngram_max;
        o.lowercase = lowercase;
        o.pattern = token_pattern(token_pattern_name);
        o.stop_words = std::move(stop_words);
        o.min_df = {min_df, min_df_proportion};
        o.max_df = {max_df, max_df_proportion};
        o.max_features = max_features;
        if (o.pattern == presslens::TokenPattern::kSklearn) o.max_features_order = numpy_argsort;
        o.vocabulary = std::move(vocabulary);
        o.binary = binary;
        o.threads = threads;
        const Texts t = texts_of(texts);
        presslens::TermMatrix tm = without_gil([&](const presslens::Interrupt& stop) {
          return t.corpus ? presslens::term_matrix(*t.corpus, o, stop)
                          : presslens::term_matrix(t.views, o, stop);
        });
        py::dict d = csr_dict(std::move(tm.counts));
        d["terms"] = term_list(tm);
        return d;
      },
      py::arg("texts"), py::kw_only(), py::arg("ngram_min") = 1, py::arg("ngram_max") = 1,
      py::arg("lowercase") = true, py::arg("token_pattern") = "default",
      py::arg("stop_words") = std::vector<std::string>{}, py::arg("min_df") = 1.0,
      py::arg("min_df_proportion") = false, py::arg("max_df") = 1.0,
      py::arg("max_df_proportion") = true, py::arg("max_features") = -1,
      py::arg("vocabulary") = std::vector<std::string>{}, py::arg("binary") = false,
      py::arg("threads") = 0,
      R"pbdoc(Document x term counts of a core Corpus or an iterable of str.

Returns a dict with "indptr" (int64), "indices" (int32), "data" (int64), "shape" and "terms"
(list of str, sorted by code point, or the order of `vocabulary`). Runs without the GIL on
`threads` threads (0 = all cores); the result does not depend on the thread count.
token_pattern "sklearn" equals scikit-learn's CountVectorizer; "default" uses presslens's
tokens. min_df / max_df are document counts, or proportions when *_proportion is true.
max_features < 0 keeps every term. Raises ValueError for bad options, an empty vocabulary
or when pruning leaves no term; TypeError when an item is not a str.)pbdoc");

  m.def(
      "select_terms",
      [](const I64Array& df, const I64Array& tf, std::size_t n_docs, double min_df,
         bool min_df_proportion, double max_df, bool max_df_proportion, std::int64_t max_features,
         bool binary, const std::string& token_pattern_name) {
        presslens::TermOptions o;
        o.pattern = token_pattern(token_pattern_name);
        o.min_df = {min_df, min_df_proportion};
        o.max_df = {max_df, max_df_proportion};
        o.max_features = max_features;
        if (o.pattern == presslens::TokenPattern::kSklearn) o.max_features_order = numpy_argsort;
        o.binary = binary;
        const auto as_counts = [](const I64Array& a, const char* name) {
          std::vector<std::uint64_t> out(static_cast<std::size_t>(a.size()));
          for (std::size_t i = 0; i < out.size(); ++i) {
            const std::int64_t v = a.data()[i];
            if (v < 0) {
              throw std::invalid_argument(std::string(name) + " must be >= 0, got " +
                                          std::to_string(v) + " at term " + std::to_string(i));
            }
            out[i] = static_cast<std::uint64_t>(v);
          }
          return out;
        };
        const std::vector<std::uint64_t> d = as_counts(df, "df");
        const std::vector<std::uint64_t> t = as_counts(tf, "tf");
        // O(terms): the GIL stays held (a sklearn tie order calls numpy's argsort anyway).
        const std::vector<std::uint32_t> kept = presslens::select_terms(d, t, n_docs, o);
        return to_numpy(std::vector<std::int64_t>(kept.begin(), kept.end()));
      },
      py::arg("df"), py::arg("tf"), py::arg("n_docs"), py::kw_only(), py::arg("min_df") = 1.0,
      py::arg("min_df_proportion") = false, py::arg("max_df") = 1.0,
      py::arg("max_df_proportion") = true, py::arg("max_features") = -1, py::arg("binary") = false,
      py::arg("token_pattern") = "default",
      R"pbdoc(The term positions (int64, ascending) that term_matrix's pruning keeps, given each
term's document frequency `df` and total count `tf` over `n_docs` documents (terms in code
point order): min_df / max_df (counts, or proportions when *_proportion is true), then
max_features (< 0 keeps all) ranked by tf (by df when `binary`), ties as term_matrix breaks
them for `token_pattern`. Raises ValueError for bad bounds, negative counts, df and tf of
different lengths, or when no term is left.)pbdoc");

  m.def(
      "tfidf",
      [](const I64Array& indptr, const I32Array& indices, const I64Array& data, std::size_t rows,
         std::size_t cols, const std::string& scheme, const std::string& norm, bool smooth_idf,
         bool sublinear_tf, double k1, double b) {
        presslens::TfidfOptions o;
        if (scheme == "sklearn") {
          o.scheme = presslens::TfidfScheme::kSklearn;
        } else if (scheme == "quanteda") {
          o.scheme = presslens::TfidfScheme::kQuanteda;
        } else if (scheme == "bm25") {
          o.scheme = presslens::TfidfScheme::kBm25;
        } else {
          throw std::invalid_argument(
              "scheme must be \"sklearn\", \"quanteda\" or \"bm25\", not \"" + scheme + "\"");
        }
        if (norm == "l2") {
          o.norm = presslens::Norm::kL2;
        } else if (norm == "l1") {
          o.norm = presslens::Norm::kL1;
        } else if (norm == "none") {
          o.norm = presslens::Norm::kNone;
        } else {
          throw std::invalid_argument("norm must be \"l2\", \"l1\" or \"none\", not \"" + norm +
                                      "\"");
        }
        o.smooth_idf = smooth_idf;
        o.sublinear_tf = sublinear_tf;
        o.k1 = k1;
        o.b = b;
        const auto v = csr_view(indptr, indices, data, rows, cols);
        std::vector<double> w =
            without_gil([&](const presslens::Interrupt&) { return presslens::tfidf(v, o); });
        return to_numpy(std::move(w));
      },
      py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("rows"), py::arg("cols"),
      py::kw_only(), py::arg("scheme") = "sklearn", py::arg("norm") = "l2",
      py::arg("smooth_idf") = true, py::arg("sublinear_tf") = false, py::arg("k1") = 1.2,
      py::arg("b") = 0.75,
      R"pbdoc(Weights (float64) for every stored entry of a CSR count matrix, in its order.

scheme "sklearn": tf x (ln((1+n)/(1+df)) + 1) (ln(n/df) + 1 without smooth_idf; tf =
1 + ln(count) with sublinear_tf), rows scaled to unit `norm` ("l2", "l1" or "none").
"quanteda": count x log10(n/df). "bm25": idf x count (k1+1) / (count + k1 (1 - b + b
dl/avgdl)), idf = ln(1 + (n - df + 0.5)/(df + 0.5)). norm applies to "sklearn" only.)pbdoc");

  m.def(
      "group_rows",
      [](const I64Array& indptr, const I32Array& indices, const I64Array& data, std::size_t rows,
         std::size_t cols, const I32Array& group_of, std::size_t n_groups) {
        const auto v = csr_view(indptr, indices, data, rows, cols);
        const std::span<const std::int32_t> g{group_of.data(),
                                              static_cast<std::size_t>(group_of.size())};
        return csr_dict(without_gil(
            [&](const presslens::Interrupt&) { return presslens::group_rows(v, g, n_groups); }));
      },
      py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("rows"), py::arg("cols"),
      py::arg("group_of"), py::arg("n_groups"),
      R"pbdoc(Sums the rows of a CSR count matrix by group (group_of[r] in [0, n_groups), or
< 0 to drop row r). Returns a CSR dict (n_groups x cols, sorted indices, no zeros).)pbdoc");

  m.def(
      "column_sums",
      [](const I64Array& indptr, const I32Array& indices, const I64Array& data, std::size_t rows,
         std::size_t cols) {
        return to_numpy(presslens::column_sums(csr_view(indptr, indices, data, rows, cols)));
      },
      py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("rows"), py::arg("cols"),
      R"pbdoc(Column sums (int64) of a CSR count matrix.)pbdoc");

  m.def(
      "top_per_row",
      [](const I64Array& indptr, const I32Array& indices, const I64Array& data, std::size_t rows,
         std::size_t cols, std::size_t n) {
        return csr_dict(presslens::top_per_row(csr_view(indptr, indices, data, rows, cols), n));
      },
      py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("rows"), py::arg("cols"),
      py::arg("n"),
      R"pbdoc(The n largest entries of each row (value descending, then column ascending), as a
CSR dict whose rows keep that order.)pbdoc");

  m.def(
      "keyness",
      [](const I64Array& indptr, const I32Array& indices, const I64Array& data, std::size_t rows,
         std::size_t cols, const std::string& measure, std::int64_t min_count,
         const std::string& convention, const std::string& correction) {
        presslens::KeynessOptions o;
        if (convention == "scipy") {
          o.convention = presslens::KeynessConvention::kScipy;
        } else if (convention == "quanteda") {
          o.convention = presslens::KeynessConvention::kQuanteda;
        } else {
          throw std::invalid_argument("convention must be \"scipy\" or \"quanteda\", not \"" +
                                      convention + "\"");
        }
        if (correction == "default") {
          o.correction = presslens::KeynessCorrection::kDefault;
        } else if (correction == "yates") {
          o.correction = presslens::KeynessCorrection::kYates;
        } else if (correction == "williams") {
          o.correction = presslens::KeynessCorrection::kWilliams;
        } else if (correction == "none") {
          o.correction = presslens::KeynessCorrection::kNone;
        } else {
          throw std::invalid_argument(
              "correction must be \"default\", \"yates\", \"williams\" or \"none\", not \"" +
              correction + "\"");
        }
        if (measure == "g2") {
          o.measure = presslens::KeynessMeasure::kG2;
        } else if (measure == "chi2") {
          o.measure = presslens::KeynessMeasure::kChi2;
        } else if (measure == "pmi") {
          o.measure = presslens::KeynessMeasure::kPmi;
        } else if (measure == "log_ratio") {
          o.measure = presslens::KeynessMeasure::kLogRatio;
        } else if (measure == "pct_diff") {
          o.measure = presslens::KeynessMeasure::kPctDiff;
        } else {
          throw std::invalid_argument(
              "measure must be one of \"g2\", \"chi2\", \"pmi\", \"log_ratio\", \"pct_diff\", "
              "not \"" +
              measure + "\"");
        }
        o.min_count = min_count;
        const auto v = csr_view(indptr, indices, data, rows, cols);
        presslens::Keyness k =
            without_gil([&](const presslens::Interrupt&) { return presslens::keyness(v, o); });
        py::dict d;
        d["group"] = to_numpy(std::move(k.group));
        d["term"] = to_numpy(std::move(k.term));
        d["score"] = to_numpy(std::move(k.score));
        d["p"] = to_numpy(std::move(k.p));
        d["p_adj"] = to_numpy(std::move(k.p_adj));
        d["count_target"] = to_numpy(std::move(k.count_target));
        d["count_reference"] = to_numpy(std::move(k.count_reference));
        d["log_ratio"] = to_numpy(std::move(k.log_ratio));
        return d;
      },
      py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("rows"), py::arg("cols"),
      py::kw_only(), py::arg("measure") = "g2", py::arg("min_count") = 5,
      py::arg("convention") = "scipy", py::arg("correction") = "default",
      R"pbdoc(Keyness of every row (group) of a groups x terms count matrix against the other
rows together: a dict of equal-length arrays group, term, score, p, p_adj (Benjamini-
Hochberg within a group), count_target, count_reference, log_ratio, ordered by group then
score descending. measure: "g2" (signed log-likelihood), "chi2" (signed), "pmi",
"log_ratio", "pct_diff". Terms with a total count below min_count are not tested.
convention "scipy" (chi2 always Yates-corrected, G2 uncorrected, PMI in bits) or "quanteda"
(textstat_keyness: g2, chi2 and pmi with its `correction`, "default", "yates", "williams"
or "none"; correction is for "quanteda" only).)pbdoc");

  m.def(
      "kwic",
      [](const py::object& texts, const std::string& term, const std::string& token_pattern_name,
         bool lowercase, std::size_t window, int threads) {
        if (threads < 0) throw std::invalid_argument("threads must be >= 0 (0 = all cores)");
        presslens::KwicOptions o;
        o.pattern = token_pattern(token_pattern_name);
        o.lowercase = lowercase;
        o.window = window;
        o.threads = threads;
        const Texts t = texts_of(texts);
        std::vector<presslens::KwicHit> hits = without_gil([&](const presslens::Interrupt& stop) {
          return t.corpus ? presslens::kwic(*t.corpus, term, o, stop)
                          : presslens::kwic(t.views, term, o, stop);
        });
        std::vector<std::int64_t> doc, start, end;
        py::list left(hits.size()), match(hits.size()), right(hits.size());
        for (std::size_t i = 0; i < hits.size(); ++i) {
          doc.push_back(static_cast<std::int64_t>(hits[i].doc));
          start.push_back(static_cast<std::int64_t>(hits[i].start));
          end.push_back(static_cast<std::int64_t>(hits[i].end));
          left[i] = py::str(hits[i].left);
          match[i] = py::str(hits[i].match);
          right[i] = py::str(hits[i].right);
          presslens::KwicHit().left.swap(hits[i].left);  // (the C++ copy goes as Python's comes)
          presslens::KwicHit().match.swap(hits[i].match);
          presslens::KwicHit().right.swap(hits[i].right);
        }
        py::dict d;
        d["doc"] = to_numpy(std::move(doc));
        d["start"] = to_numpy(std::move(start));
        d["end"] = to_numpy(std::move(end));
        d["left"] = left;
        d["match"] = match;
        d["right"] = right;
        return d;
      },
      py::arg("texts"), py::arg("term"), py::kw_only(), py::arg("token_pattern") = "default",
      py::arg("lowercase") = true, py::arg("window") = 5, py::arg("threads") = 0,
      R"pbdoc(Every occurrence of `term` (one or more space-separated tokens, matched as
consecutive tokens) in a core Corpus or an iterable of str: a dict of doc (index), start,
end (code points: text[start:end] is the match), left, match and right (the text of up to
`window` tokens on each side, white space collapsed as " ".join(s.split()) does).)pbdoc");

  m.def(
      "english_stop_words",
      []() {
        std::vector<std::string> out;
        for (const auto w : presslens::english_stop_words()) out.emplace_back(w);
        return out;
      },
      R"pbdoc(The built-in English stop list (sorted): closed-class words written for
presslens (see cpp/src/detail/stopwords_en.hpp).)pbdoc");
}

}  // namespace presslens_py
