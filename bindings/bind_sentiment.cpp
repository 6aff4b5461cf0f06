// bindings/bind_sentiment.cpp: presslens::SentimentAnalyzer for Python. Argument
// conversion, GIL release and zero-copy columns only (the core returns code point offsets).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/corpus.hpp"
#include "presslens/sentiment.hpp"
#include "presslens/stats.hpp"
#include "presslens/text.hpp"

namespace py = pybind11;

namespace presslens_py {

namespace {

presslens::Summation summation_from(const std::string& name) {
  if (name == "sequential") return presslens::Summation::kSequential;
  if (name == "neumaier") return presslens::Summation::kNeumaier;
  throw std::invalid_argument("summation must be 'sequential' or 'neumaier', not '" + name + "'");
}

const char* summation_name(presslens::Summation s) {
  return s == presslens::Summation::kNeumaier ? "neumaier" : "sequential";
}

// The UTF-8 bytes of a str without a copy (CPython caches them in the object), or a
// surrogatepass copy when the str holds lone surrogates. Valid while `text` lives.
class Utf8 {
 public:
  explicit Utf8(const py::handle& text) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
    if (data) {
      view_ = std::string_view(data, static_cast<std::size_t>(size));
    } else {
      PyErr_Clear();
      copy_ = text_to_utf8(text);
      view_ = copy_;
    }
  }
  [[nodiscard]] std::string_view view() const noexcept { return view_; }

 private:
  std::string copy_;
  std::string_view view_;
};

// Below this size one text is scored with the GIL held: releasing and re-taking it would
// cost more than the scoring.
constexpr std::size_t kReleaseGilBytes = 16 * 1024;

py::dict scores_dict(const presslens::SentimentScores& s) {
  // Same keys, same order as vaderSentiment.
  py::dict d;
  d["neg"] = s.neg;
  d["neu"] = s.neu;
  d["pos"] = s.pos;
  d["compound"] = s.compound;
  return d;
}

// The UTF-8 bytes of many str, read while their owners are kept alive (a private list of
// references). ASCII strs are viewed in place. Other strs are transcoded from CPython's
// internal 1/2/4-byte form into one arena: PyUnicode_AsUTF8AndSize would allocate and keep
// a UTF-8 copy on every str object. Lone surrogates become 3-byte (surrogatepass) sequences,
// as text_to_utf8 makes them.
struct TextViews {
  py::list owners;
  std::string arena;
  std::vector<std::string_view> views;
};

TextViews text_views(const py::iterable& texts) {
  TextViews tv;
  tv.owners = py::reinterpret_steal<py::list>(PySequence_List(texts.ptr()));
  if (!tv.owners) throw py::error_already_set();
  const std::size_t n = tv.owners.size();
  // Arena texts are recorded as (offset, size) first: the arena may move while it grows.
  constexpr std::size_t kInArena = ~std::size_t{0};
  std::vector<std::size_t> arena_offset(n, kInArena);
  tv.views.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    PyObject* item = PyList_GET_ITEM(tv.owners.ptr(), static_cast<Py_ssize_t>(i));
    if (!PyUnicode_Check(item)) {
      throw py::type_error("texts[" + std::to_string(i) + "] is " +
                           std::string(Py_TYPE(item)->tp_name) + ", expected str");
    }
    const presslens::TextView v = text_view(item);
    if (v.width == 0) {  // ASCII: viewed in place
      tv.views[i] = std::string_view(static_cast<const char*>(v.data), v.length);
      continue;
    }
    const std::size_t start = tv.arena.size();
    append_utf8_of(tv.arena, v);
    arena_offset[i] = start;
    tv.views[i] = std::string_view(nullptr, tv.arena.size() - start);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (arena_offset[i] != kInArena) {
      tv.views[i] = std::string_view(tv.arena.data() + arena_offset[i], tv.views[i].size());
    }
  }
  return tv;
}

// A core string back to str; lone surrogates of the input (kept as surrogatepass bytes)
// come back as they went in.
py::str str_of(std::string_view utf8) {
  PyObject* s =
      PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "surrogatepass");
  if (!s) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

py::dict explanation_dict(const presslens::Explanation& e) {
  const std::size_t n = e.tokens.size();
  std::vector<std::int64_t> start(n), end(n);
  std::vector<double> lexicon_valence(n), valence(n), booster(n), but_factor(n), share(n);
  std::vector<bool> in_lexicon(n);
  py::list token(n), rules(n);
  for (std::size_t k = 0; k < n; ++k) {
    const presslens::TokenExplanation& t = e.tokens[k];
    start[k] = static_cast<std::int64_t>(t.start);
    end[k] = static_cast<std::int64_t>(t.end);
    token[k] = str_of(t.token);
    in_lexicon[k] = t.in_lexicon;
    lexicon_valence[k] = t.lexicon_valence;
    valence[k] = t.valence;
    booster[k] = t.booster;
    but_factor[k] = t.but_factor;
    share[k] = t.share;
    py::list names;
    for (std::uint32_t bit = 1; bit != 0 && bit <= t.rules; bit <<= 1) {
      if (t.rules & bit) names.append(py::str(std::string(presslens::sentiment_rule_name(bit))));
    }
    rules[k] = std::move(names);
  }
  py::dict tokens;
  tokens["token"] = std::move(token);
  tokens["start"] = to_numpy(std::move(start));
  tokens["end"] = to_numpy(std::move(end));
  tokens["in_lexicon"] = py::cast(in_lexicon);
  tokens["lexicon_valence"] = to_numpy(std::move(lexicon_valence));
  tokens["valence"] = to_numpy(std::move(valence));
  tokens["booster"] = to_numpy(std::move(booster));
  tokens["but_factor"] = to_numpy(std::move(but_factor));
  tokens["rules"] = std::move(rules);
  tokens["share"] = to_numpy(std::move(share));
  py::dict d;
  d["tokens"] = std::move(tokens);
  d["sum"] = e.sum;
  d["punctuation_amplifier"] = e.punctuation_amplifier;
  d["punctuation_share"] = e.punctuation_share;
  d["scores"] = scores_dict(e.scores);
  return d;
}

py::dict columns_dict(presslens::SentimentColumns&& cols) {
  py::dict d;
  d["neg"] = to_numpy(std::move(cols.neg));
  d["neu"] = to_numpy(std::move(cols.neu));
  d["pos"] = to_numpy(std::move(cols.pos));
  d["compound"] = to_numpy(std::move(cols.compound));
  return d;
}

}  // namespace

void bind_sentiment(py::module_& m) {
  m.def(
      "parse_overlay",
      [](std::string_view tsv, std::string_view source) {
        std::vector<std::pair<std::string, std::optional<double>>> out;
        for (auto& e : presslens::parse_overlay(tsv, source)) {
          out.emplace_back(std::move(e.term), e.valence);
        }
        return out;
      },
      py::arg("tsv"), py::arg("source") = "overlay",
      R"pbdoc(
Parse a lexicon overlay: one ``term<TAB>valence[<TAB>rationale]`` per line, ``#`` comments
and blank lines skipped, ``none`` as valence removes the term. Terms are lower-cased.

Returns a list of ``(term, valence or None)``. Raises ValueError naming ``source`` and the
line for a malformed line, a valence outside [-4, 4], or a term VADER could never match.
)pbdoc");

  py::class_<presslens::SentimentAnalyzer>(m, "SentimentAnalyzer", R"pbdoc(
vaderSentiment 3.3.2's SentimentIntensityAnalyzer in C++ (same scores, bit for bit).

Built from the *contents* of vaderSentiment's ``vader_lexicon.txt`` and
``emoji_utf8_lexicon.txt``; ``presslens.SentimentAnalyzer`` finds those files for you.
Immutable and safe to share between threads.
)pbdoc")
      .def(py::init([](std::string_view lexicon_tsv, std::string_view emoji_tsv,
                       const std::vector<std::pair<std::string, std::optional<double>>>& overlay,
                       const std::string& summation, const std::optional<std::string>& news_model) {
             std::vector<presslens::OverlayEntry> entries;
             entries.reserve(overlay.size());
             for (const auto& [term, value] : overlay) entries.push_back({term, value});
             std::optional<presslens::NewsModelParams> news;
             if (news_model) news = presslens::parse_news_model(*news_model, "news model");
             return presslens::SentimentAnalyzer(lexicon_tsv, emoji_tsv, entries,
                                                 summation_from(summation), news);
           }),
           py::arg("lexicon_tsv"), py::arg("emoji_tsv"),
           py::arg("overlay") = std::vector<std::pair<std::string, std::optional<double>>>{},
           py::arg("summation") = "sequential", py::arg("news_model") = py::none(),
           R"pbdoc(
lexicon_tsv, emoji_tsv: the text of the two vaderSentiment lexicon files.
overlay: ``(term, valence or None)`` pairs applied in order (None removes the term).
summation: "sequential" (sum() of CPython < 3.12) or "neumaier" (CPython >= 3.12).
news_model: None for exact VADER, or the text of a news model parameter file
(``key<TAB>value`` lines: scope_negation, hedge, positive_weight, negative_weight) to score
with the news model.
Raises ValueError for a malformed lexicon line or parameter file.
)pbdoc")
      .def(
          "polarity_scores",
          [](const presslens::SentimentAnalyzer& self, const py::str& text) {
            const Utf8 utf8(text);
            if (utf8.view().size() < kReleaseGilBytes) {
              return scores_dict(self.polarity_scores(utf8.view()));
            }
            presslens::SentimentScores s;
            {
              py::gil_scoped_release release;
              s = self.polarity_scores(utf8.view());
            }
            return scores_dict(s);
          },
          py::arg("text"),
          R"pbdoc(
vaderSentiment's ``polarity_scores(text)``: ``{"neg", "neu", "pos", "compound"}``, the
first three rounded to 3 decimals and compound to 4, exactly as vaderSentiment 3.3.2.
)pbdoc")
      .def(
          "polarity_scores_many",
          [](const presslens::SentimentAnalyzer& self, const py::iterable& texts, int threads) {
            const TextViews tv = text_views(texts);
            presslens::SentimentColumns cols = without_gil([&](const presslens::Interrupt& stop) {
              return self.polarity_scores_many(tv.views, threads, stop);
            });
            return columns_dict(std::move(cols));
          },
          py::arg("texts"), py::arg("threads") = 0,
          R"pbdoc(
``polarity_scores`` of every str in ``texts``, with the GIL released, on ``threads`` threads
(0 = all cores; the result does not depend on it). Returns a dict of four float64 numpy
arrays ``neg``, ``neu``, ``pos``, ``compound``. Raises TypeError for an item that is not a
str; Ctrl-C raises KeyboardInterrupt.
)pbdoc")
      .def(
          "explain",
          [](const presslens::SentimentAnalyzer& self, const py::str& text) {
            const std::string utf8 = text_to_utf8(text);
            presslens::Explanation e;
            {
              py::gil_scoped_release release;
              e = self.explain(utf8);
            }
            return explanation_dict(e);
          },
          py::arg("text"),
          R"pbdoc(
The polarity_scores computation with a record per token: a dict with ``tokens`` (columns
token, start, end (code points into ``text``; an emoji's description maps to the emoji),
in_lexicon, lexicon_valence, valence, booster, but_factor, rules (list of rule names),
share), ``sum``, ``punctuation_amplifier``, ``punctuation_share`` and ``scores``.
)pbdoc")
      .def(
          "valence", &presslens::SentimentAnalyzer::valence, py::arg("word"),
          R"pbdoc(Lexicon valence of ``word`` (as given, lower-case it first) after overlays, or None.)pbdoc")
      .def_property_readonly("lexicon_size", &presslens::SentimentAnalyzer::lexicon_size,
                             R"pbdoc(Number of words in the lexicon, after overlays.)pbdoc")
      .def_property_readonly("emoji_count", &presslens::SentimentAnalyzer::emoji_count,
                             R"pbdoc(Number of emoji replaced by their description.)pbdoc")
      .def_property_readonly(
          "model",
          [](const presslens::SentimentAnalyzer& self) { return self.news() ? "news" : "vader"; },
          R"pbdoc("vader" (exact vaderSentiment) or "news" (the news model).)pbdoc")
      .def_property_readonly(
          "news_params",
          [](const presslens::SentimentAnalyzer& self) -> std::
                                                           optional<py::dict> {
                                                             if (!self.news()) return std::nullopt;
                                                             const presslens::NewsModelParams& p =
                                                                 *self.news();
                                                             py::dict d;
                                                             d["scope_negation"] = p.scope_negation;
                                                             d["hedge"] = p.hedge;
                                                             d["positive_weight"] =
                                                                 p.positive_weight;
                                                             d["negative_weight"] =
                                                                 p.negative_weight;
                                                             return d;
                                                           },
          R"pbdoc(The news model's parameters as a dict, or None for exact VADER.)pbdoc")
      .def_property_readonly(
          "summation",
          [](const presslens::SentimentAnalyzer& self) { return summation_name(self.summation()); },
          R"pbdoc("sequential" or "neumaier": how valences are summed (see __init__).)pbdoc");

  m.def(
      "span_compound",
      [](const presslens::Corpus& corpus, const presslens::SentimentAnalyzer& analyzer,
         const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& doc,
         const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& start,
         const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& end,
         const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& group,
         std::size_t n_groups, int threads) {
        auto view = [](const py::array_t<std::int64_t, py::array::c_style>& a) {
          if (a.ndim() != 1) throw py::value_error("span_compound: 1-d arrays expected");
          return std::span<const std::int64_t>(a.data(), static_cast<std::size_t>(a.size()));
        };
        const presslens::SpanColumns spans{view(doc), view(start), view(end), view(group)};
        return to_numpy(without_gil([&](const presslens::Interrupt& stop) {
          return presslens::span_compound(corpus, analyzer, spans, n_groups,
                                          /*code_points=*/true, threads, stop);
        }));
      },
      py::arg("corpus"), py::arg("analyzer"), py::arg("doc"), py::arg("start"), py::arg("end"),
      py::arg("group"), py::arg("n_groups"), py::arg("threads") = 0,
      R"pbdoc(The mean compound of each group's pieces (spans in code points, cut at their
document's sentence boundaries, each scored on its own); NaN for a group without spans.
Use ``presslens.speaker_sentiment``.)pbdoc");

  m.def(
      "bootstrap_mean_ci",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast>& values,
         const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& sizes,
         double ci, std::size_t n_boot, std::uint64_t seed, int threads) {
        if (values.ndim() != 1 || sizes.ndim() != 1)
          throw py::value_error("bootstrap_mean_ci: 1-d arrays expected");
        const std::span<const double> v(values.data(), static_cast<std::size_t>(values.size()));
        const std::span<const std::int64_t> s(sizes.data(), static_cast<std::size_t>(sizes.size()));
        auto r = without_gil([&](const presslens::Interrupt& stop) {
          return presslens::bootstrap_mean_ci(v, s, ci, n_boot, seed, threads, stop);
        });
        return py::make_tuple(to_numpy(std::move(r.low)), to_numpy(std::move(r.high)));
      },
      py::arg("values"), py::arg("sizes"), py::arg("ci"), py::arg("n_boot"), py::arg("seed"),
      py::arg("threads") = 0,
      R"pbdoc(Percentile-bootstrap intervals (low, high) of each group's mean: values sorted by
group, sizes per group; NaN for a group of one value. Use ``presslens.speaker_sentiment``.)pbdoc");

  m.def(
      "document_sentiment",
      [](const presslens::Corpus& corpus, const presslens::SentimentAnalyzer& analyzer,
         bool include_boilerplate, int threads) {
        presslens::CorpusSentiment r = without_gil([&](const presslens::Interrupt& stop) {
          return presslens::document_sentiment(corpus, analyzer, include_boilerplate, threads,
                                               stop);
        });
        py::dict documents;
        documents["n_sentences"] = to_numpy(std::move(r.n_sentences));
        documents["compound_mean"] = to_numpy(std::move(r.compound_mean));
        documents["positive_share"] = to_numpy(std::move(r.positive_share));
        documents["negative_share"] = to_numpy(std::move(r.negative_share));
        documents["neutral_share"] = to_numpy(std::move(r.neutral_share));
        documents["compound_whole"] = to_numpy(std::move(r.compound_whole));
        py::dict d;
        d["sentences"] = columns_dict(std::move(r.sentences));
        d["documents"] = std::move(documents);
        return d;
      },
      py::arg("corpus"), py::arg("analyzer"), py::arg("include_boilerplate") = false,
      py::arg("threads") = 0,
      R"pbdoc(
Scores every sentence of every document and aggregates per document, with the GIL released.

Returns ``{"sentences": {neg, neu, pos, compound}, "documents": {n_sentences,
compound_mean, positive_share, negative_share, neutral_share, compound_whole}}`` of numpy
arrays: sentence rows follow ``Corpus.sentence_table`` (boilerplate included), document
rows follow the corpus. A sentence is positive when its compound >= 0.05, negative when
<= -0.05. ``include_boilerplate`` also aggregates sentences of boilerplate lines.
)pbdoc");
}

}  // namespace presslens_py
