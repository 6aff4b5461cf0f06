// bindings/bind_quotes.cpp: quote extraction and attribution (rules in cpp/src/quotes.cpp);
// the core's quote table moved into numpy arrays, its text columns built as UTF-8 buffers.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/parallel.hpp"
#include "presslens/parts.hpp"
#include "presslens/quotes.hpp"

namespace py = pybind11;

namespace presslens_py {

namespace {

/// The text columns of the quote frame (presslens.quotes), one string per quote.
struct QuoteStrings {
  StringColumn doc_id, outlet, text, kind, cue, speaker_mention, speaker_kind, rule;
};
constexpr std::array<StringColumn QuoteStrings::*, 8> kQuoteStringColumns = {
    &QuoteStrings::doc_id,       &QuoteStrings::outlet, &QuoteStrings::text,
    &QuoteStrings::kind,         &QuoteStrings::cue,    &QuoteStrings::speaker_mention,
    &QuoteStrings::speaker_kind, &QuoteStrings::rule};

/// The text columns of the quotes [begin, end) of `r` added to `s`, from the documents'
/// UTF-8: the ids and outlets of the documents, the parts of each quote joined by a space,
/// the cue and the speaker mention (empty when none) and the names of the enums.
void add_quote_strings(const presslens::Corpus& corpus, const presslens::QuoteResult& r,
                       std::size_t begin, std::size_t end, QuoteStrings& s) {
  for (StringColumn QuoteStrings::*c : kQuoteStringColumns) (s.*c).reserve(end - begin);
  // The text column is most of the bytes: room for all of it first (a part's bytes, the
  // joining space and the up to 3 bytes code_point_slice may reach back), so that it is
  // written once rather than copied as it doubles.
  std::size_t text_bytes = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const presslens::Quote& q = r.quotes[i];
    for (std::uint32_t p = q.part_begin; p < q.part_end; ++p)
      text_bytes += 4 + r.parts[p].end - std::min(r.parts[p].end, r.parts[p].start);
  }
  s.text.reserve_bytes(text_bytes);
  for (std::size_t i = begin; i < end; ++i) {
    const presslens::Quote& q = r.quotes[i];
    const presslens::Document& d = corpus.at(q.doc);
    const std::string_view text = d.text;
    s.doc_id.add(d.id);
    s.outlet.add(d.outlet);
    for (std::uint32_t p = q.part_begin; p < q.part_end; ++p) {
      if (p > q.part_begin) s.text.append(" ");
      s.text.append(code_point_slice(text, r.parts.at(p).start, r.parts.at(p).end));
    }
    s.text.finish();
    s.kind.add(presslens::quote_kind_name(q.kind));
    s.cue.add(q.cue_end > q.cue_start ? code_point_slice(text, q.cue_start, q.cue_end) : "");
    s.speaker_mention.add(q.speaker_end > q.speaker_start
                              ? code_point_slice(text, q.speaker_start, q.speaker_end)
                              : "");
    s.speaker_kind.add(presslens::speaker_kind_name(q.speaker_kind));
    s.rule.add(presslens::quote_rule_name(q.rule));
  }
}

/// Every text column of `r` (add_quote_strings), made in runs of quotes on `threads` threads
/// and joined in order. (The speaker's name is the caller's: presslens.dask attributes with
/// a part's entities and names them from the whole corpus's.)
QuoteStrings quote_strings(const presslens::Corpus& corpus, const presslens::QuoteResult& r,
                           int threads, const presslens::Interrupt& interrupt) {
  constexpr std::size_t kQuotesPerRun = 2048;
  const std::size_t n = r.quotes.size();
  std::vector<QuoteStrings> runs((n + kQuotesPerRun - 1) / kQuotesPerRun);
  presslens::parallel_for(
      runs.size(), threads,
      [&](std::size_t k) {
        add_quote_strings(corpus, r, k * kQuotesPerRun, std::min(n, (k + 1) * kQuotesPerRun),
                          runs[k]);
      },
      interrupt);
  if (runs.size() == 1) return std::move(runs.front());
  QuoteStrings s;
  for (StringColumn QuoteStrings::*c : kQuoteStringColumns) {
    std::size_t bytes = 0;
    for (const QuoteStrings& run : runs) bytes += (run.*c).bytes();
    (s.*c).reserve(n);
    (s.*c).reserve_bytes(bytes);
    for (const QuoteStrings& run : runs) (s.*c).extend(run.*c);
  }
  return s;
}

py::dict to_python(QuoteStrings&& s) {
  py::dict out;
  out["doc_id"] = std::move(s.doc_id).to_numpy();
  out["outlet"] = std::move(s.outlet).to_numpy();
  out["text"] = std::move(s.text).to_numpy();
  out["kind"] = std::move(s.kind).to_numpy();
  out["cue"] = std::move(s.cue).to_numpy();
  out["speaker_mention"] = std::move(s.speaker_mention).to_numpy();
  out["speaker_kind"] = std::move(s.speaker_kind).to_numpy();
  out["rule"] = std::move(s.rule).to_numpy();
  return out;
}

/// The parts of each of the `n` quotes as a list of (start, end) tuples, from the part rows
/// of the table (sorted by quote). With the C API: a quarter of a million objects, and
/// pybind11's accessors and casts cost more than the objects themselves.
py::list parts_lists(const presslens::QuoteTable& t, std::size_t n) {
  std::vector<std::size_t> count(n, 0), first(n + 1, 0);
  for (const auto q : t.part_quote) ++count[static_cast<std::size_t>(q)];
  for (std::size_t i = 0; i < n; ++i) first[i + 1] = first[i] + count[i];
  return new_lists(
      n, [&](std::size_t i) { return count[i]; },
      [&](std::size_t i, std::size_t k) {
        return int_pair(t.part_start[first[i] + k], t.part_end[first[i] + k]);
      });
}

/// The items of `parts`: a list, or a 1-d numpy array of objects (the frame's column as
/// Series.to_numpy() gives it, without the copy to a list); TypeError for anything else.
class ObjectItems {
 public:
  explicit ObjectItems(const py::object& parts) {
    if (PyList_Check(parts.ptr())) {
      list_ = parts.ptr();
      size_ = static_cast<std::size_t>(PyList_GET_SIZE(list_));
      return;
    }
    if (!py::isinstance<py::array>(parts)) throw py::type_error("parts: a list expected");
    array_ = py::reinterpret_borrow<py::array>(parts);
    if (array_.ndim() != 1 || array_.dtype().kind() != 'O')
      throw py::type_error("parts: a 1-d array of objects expected");
    size_ = static_cast<std::size_t>(array_.shape(0));
    stride_ = array_.strides(0);
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] PyObject* operator[](std::size_t i) const {
    if (list_ != nullptr) return PyList_GET_ITEM(list_, static_cast<Py_ssize_t>(i));
    const auto* at =
        static_cast<const char*>(array_.data()) + static_cast<py::ssize_t>(i) * stride_;
    PyObject* item = nullptr;
    std::memcpy(&item, at, sizeof item);
    return item;
  }

 private:
  PyObject* list_ = nullptr;
  py::array array_;
  std::size_t size_ = 0;
  py::ssize_t stride_ = 0;
};

/// The (start, end) pairs of each quote's parts (the frame's "parts" column: a list or an
/// object array of lists of pairs), flat: each quote's number of parts and the pairs' ints
/// back to back. With the C API, as parts_lists makes them: a Python loop over 60k lists was
/// 10 ms that no thread shares. TypeError for anything else than lists or tuples of
/// (start, end) tuples of ints (the caller then reads it in Python).
py::tuple flat_parts(const py::object& column) {
  const ObjectItems parts(column);
  const std::size_t n = parts.size();
  std::vector<std::int64_t> lens(n), ab;
  ab.reserve(2 * n + n / 4);
  const auto as_int = [](PyObject* o) {
    if (!PyLong_Check(o)) throw py::type_error("parts: ints expected");
    const long long v = PyLong_AsLongLong(o);
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    return static_cast<std::int64_t>(v);
  };
  for (std::size_t i = 0; i < n; ++i) {
    PyObject* one = parts[i];
    if (one == nullptr || (!PyList_Check(one) && !PyTuple_Check(one)))
      throw py::type_error("parts: lists expected");
    const Py_ssize_t k = PySequence_Fast_GET_SIZE(one);
    lens[i] = k;
    for (Py_ssize_t j = 0; j < k; ++j) {
      PyObject* span = PySequence_Fast_GET_ITEM(one, j);
      if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != 2)
        throw py::type_error("parts: (start, end) tuples expected");
      ab.push_back(as_int(PyTuple_GET_ITEM(span, 0)));
      ab.push_back(as_int(PyTuple_GET_ITEM(span, 1)));
    }
  }
  return py::make_tuple(to_numpy(std::move(lens)), to_numpy(std::move(ab)));
}

/// Each quote's utterance stems flat, as link_utterance_stems reads them and
/// presslens.QuotePartials holds them: the number of stems of each quote, the stems' UTF-8
/// back to back and each stem's byte length (no Python str per stem: a quarter of a million
/// of them on 20 MB of news).
struct FlatStems {
  std::vector<std::int64_t> counts;
  std::string bytes;
  std::vector<std::uint64_t> lengths;
};

FlatStems flat_stems(const std::vector<std::vector<std::string>>& stems) {
  FlatStems out;
  out.counts.reserve(stems.size());
  for (const auto& quote : stems) {
    out.counts.push_back(static_cast<std::int64_t>(quote.size()));
    for (const std::string& stem : quote) {
      out.lengths.push_back(stem.size());
      out.bytes += stem;
    }
  }
  return out;
}

}  // namespace

void bind_quotes(py::module_& m) {
  m.def(
      "extract_quotes",
      [](const presslens::Corpus& corpus, const presslens::EntityResult& entities,
         const presslens::Gazetteer& gazetteer, std::uint32_t min_unattributed_words,
         double utterance_overlap, std::vector<double> attribution_weights, bool keep_candidates,
         int threads, bool stems) {
        if (utterance_overlap <= 0 || utterance_overlap > 1)
          throw std::invalid_argument("utterance_overlap must be in (0, 1]");
        presslens::QuoteOptions o;
        o.threads = threads;
        o.min_unattributed_words = min_unattributed_words;
        o.utterance_overlap = utterance_overlap;
        o.attribution_weights = std::move(attribution_weights);
        o.keep_candidates = keep_candidates;
        FlatStems quote_stems;
        auto [r, t, strings] = without_gil([&](const presslens::Interrupt& stop) {
          auto res = presslens::extract_quotes(corpus, entities, gazetteer, o, stop);
          auto table = presslens::quote_table(corpus, res, /*code_points=*/true, threads);
          auto str = quote_strings(corpus, res, threads, stop);
          if (stems) quote_stems = flat_stems(presslens::utterance_stems(corpus, res));
          return std::make_tuple(std::move(res), std::move(table), std::move(str));
        });
        py::dict out;
        out["strings"] = to_python(std::move(strings));
        out["parts"] = parts_lists(t, r.quotes.size());
        out["doc"] = to_numpy(std::move(t.doc));
        out["start"] = to_numpy(std::move(t.start));
        out["end"] = to_numpy(std::move(t.end));
        out["cue_start"] = to_numpy(std::move(t.cue_start));
        out["cue_end"] = to_numpy(std::move(t.cue_end));
        out["speaker_start"] = to_numpy(std::move(t.speaker_start));
        out["speaker_end"] = to_numpy(std::move(t.speaker_end));
        out["speaker_entity"] = to_numpy(std::move(t.speaker_entity));
        out["paragraph"] = to_numpy(std::move(t.paragraph));
        out["utterance"] = to_numpy(std::move(t.utterance));
        out["kind"] = to_numpy(std::move(t.kind));
        out["rule"] = to_numpy(std::move(t.rule));
        out["speaker_kind"] = to_numpy(std::move(t.speaker_kind));
        out["unbalanced"] = to_numpy(std::move(t.unbalanced));
        out["confidence"] = to_numpy(std::move(t.confidence));
        out["part_quote"] = to_numpy(std::move(t.part_quote));
        out["part_start"] = to_numpy(std::move(t.part_start));
        out["part_end"] = to_numpy(std::move(t.part_end));
        if (keep_candidates) {
          py::dict c;
          const auto n_features =
              static_cast<py::ssize_t>(presslens::attribution_features().size());
          const auto n_cands = static_cast<py::ssize_t>(t.cand_slot.size());
          c["doc"] = to_numpy(std::move(t.cand_doc));
          c["quote_start"] = to_numpy(std::move(t.cand_quote_start));
          c["quote_end"] = to_numpy(std::move(t.cand_quote_end));
          c["speaker_start"] = to_numpy(std::move(t.cand_speaker_start));
          c["speaker_end"] = to_numpy(std::move(t.cand_speaker_end));
          c["slot"] = to_numpy(std::move(t.cand_slot));
          c["chosen"] = to_numpy(std::move(t.cand_chosen));
          c["features"] = to_numpy(std::move(t.cand_features)).reshape({n_cands, n_features});
          out["candidates"] = std::move(c);
        }
        out["warnings"] = warnings_dict(r.warnings);
        if (stems)
          out["stems"] =
              py::make_tuple(to_numpy(std::move(quote_stems.counts)), py::bytes(quote_stems.bytes),
                             to_numpy(std::move(quote_stems.lengths)));
        return out;
      },
      py::arg("corpus"), py::arg("entities"), py::arg("gazetteer"),
      py::arg("min_unattributed_words") = 10, py::arg("utterance_overlap") = 0.4,
      py::arg("attribution_weights") = std::vector<double>{}, py::arg("keep_candidates") = false,
      py::arg("threads") = 0, py::arg("stems") = false,
      R"pbdoc(Quotes with their speakers as numpy columns (offsets in code points; -1 when a
quote has no cue or speaker), one row per part (part_quote, part_start, part_end: the speaker's
words, without the attribution inside a split quote), "parts" (per quote, the list of its
(start, end) parts), "strings" (the text columns of ``presslens.quotes`` but speaker_name, each
as (UTF-8 bytes, int64 offsets) in Arrow's large_string layout) and the per-document warnings. With
attribution_weights (one per ATTRIBUTION_FEATURES name) the ranker picks each direct quote's
speaker; with keep_candidates, "candidates" holds every candidate (code points) and its
features, for training (tools/train_attribution.py); with stems, "stems" holds each quote's
utterance stems flat, as link_utterance_stems reads them: (the number of stems of each quote,
their UTF-8 back to back as bytes, each one's byte length). Use ``presslens.quotes``.)pbdoc");

  m.def(
      "content_stems",
      [](const std::vector<std::string>& texts) {
        return without_gil([&](const presslens::Interrupt&) {
          std::vector<std::vector<std::string>> out;
          out.reserve(texts.size());
          for (const std::string& t : texts) out.push_back(presslens::content_stems(t));
          return out;
        });
      },
      py::arg("texts"),
      R"pbdoc(The content stems of each text, in text order: what utterance ids compare (lower case,
first five letters of words of three or more letters, a few function words left out).)pbdoc");

  m.def("flat_parts", &flat_parts, py::arg("parts"),
        R"pbdoc(The parts of each quote (a list, or a 1-d object array, of lists of (start, end)
tuples of ints, as ``extract_quotes`` gives them) flat: (number of parts per quote, the pairs' ints back to back),
two int64 arrays. TypeError for anything else. Use ``presslens.speaker_sentiment``.)pbdoc");

  py::list kinds, rules, speakers;
  for (int k = 0; k <= 3; ++k)
    kinds.append(presslens::quote_kind_name(static_cast<presslens::QuoteKind>(k)));
  for (int k = 0; k <= 9; ++k)
    rules.append(presslens::quote_rule_name(static_cast<presslens::QuoteRule>(k)));
  for (int k = 0; k <= 5; ++k)
    speakers.append(presslens::speaker_kind_name(static_cast<presslens::SpeakerKind>(k)));
  m.attr("QUOTE_KINDS") = py::tuple(kinds);
  m.attr("ATTRIBUTION_FEATURES") = py::cast(presslens::attribution_features()).cast<py::tuple>();
  m.attr("QUOTE_RULES") = py::tuple(rules);
  m.attr("SPEAKER_KINDS") = py::tuple(speakers);
}

}  // namespace presslens_py
