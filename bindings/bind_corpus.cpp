// bindings/bind_corpus.cpp: presslens._core.Corpus. Argument conversion and GIL release
// only; loading, decoding and segmentation are in cpp/src/corpus.cpp.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>
#include <string_view>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/boilerplate.hpp"
#include "presslens/corpus.hpp"
#include "presslens/parallel.hpp"
#include "presslens/serialize.hpp"

namespace py = pybind11;
using presslens::Corpus;

namespace presslens_py {

std::string_view bytes_view(const py::bytes& b) {
  char* data = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(b.ptr(), &data, &size) != 0) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

namespace {

// The JSON field names of a JSONL loader's records.
void set_fields(presslens::LoadOptions& o, const std::string& id_field,
                const std::string& text_field, const std::string& outlet_field,
                const std::string& date_field, const std::string& title_field) {
  o.id_field = id_field;
  o.text_field = text_field;
  o.outlet_field = outlet_field;
  o.date_field = date_field;
  o.title_field = title_field;
}

using OutletTable = std::shared_ptr<presslens::OutletRepeatedLines>;

presslens::LoadOptions load_options(const std::string& errors, int threads,
                                    const std::string& paragraphs, bool boilerplate,
                                    const OutletTable& outlet_lines) {
  presslens::LoadOptions o;
  if (errors == "replace")
    o.errors = presslens::DecodeErrors::kReplace;
  else if (errors == "strict")
    o.errors = presslens::DecodeErrors::kStrict;
  else
    throw std::invalid_argument("errors must be \"replace\" or \"strict\", not \"" + errors + "\"");
  if (threads < 0) throw std::invalid_argument("threads must be >= 0 (0 = all cores)");
  o.threads = threads;
  o.segment.paragraphs = paragraph_mode(paragraphs);
  o.detect_boilerplate = boilerplate;
  o.outlet_lines = outlet_lines;
  return o;
}

template <class Get>
py::list column(const Corpus& c, Get get) {
  py::list out(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) out[i] = py::str(get(c.at(i)));
  return out;
}

}  // namespace

py::dict warnings_dict(const std::vector<presslens::CorpusWarning>& warnings) {
  py::list doc_id, source, line, offset, code, message;
  for (const auto& w : warnings) {
    doc_id.append(w.doc_id);
    source.append(w.source);
    line.append(w.line);
    offset.append(w.offset);
    code.append(w.code);
    message.append(w.message);
  }
  py::dict out;
  out["doc_id"] = doc_id;
  out["source"] = source;
  out["line"] = line;
  out["offset"] = offset;
  out["code"] = code;
  out["message"] = message;
  return out;
}

namespace {

template <class T>
std::vector<T> vector_of(const py::array_t<T, py::array::c_style | py::array::forcecast>& a,
                         const char* name) {
  if (a.ndim() != 1) throw std::invalid_argument(std::string(name) + " must be one-dimensional");
  return {a.data(), a.data() + a.size()};
}

void bind_outlet_lines(py::module_& m) {
  using presslens::OutletRepeatedLines;
  py::class_<OutletRepeatedLines, OutletTable>(m, "OutletRepeatedLines",
                                               R"pbdoc(The outlet boilerplate rule decided over a
whole collection: per outlet its counts knew, the hashes of its repeated lines (immutable). Made
by ``presslens.OutletLines``; loaders take it as ``outlet_lines``.)pbdoc")
      .def(
          py::init(
              [](std::vector<std::string> outlets,
                 const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& n_docs,
                 const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& outlet,
                 const py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>& hash,
                 const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& df) {
                presslens::OutletLineCounts c;
                c.outlets = std::move(outlets);
                c.n_docs = vector_of(n_docs, "n_docs");
                c.outlet = vector_of(outlet, "outlet");
                c.hash = vector_of(hash, "hash");
                c.df = vector_of(df, "df");
                return without_gil([&](const presslens::Interrupt&) {
                  return std::make_shared<OutletRepeatedLines>(OutletRepeatedLines::decide(c));
                });
              }),
          py::arg("outlets"), py::arg("n_docs"), py::arg("outlet"), py::arg("hash"), py::arg("df"),
          R"pbdoc(Decide the rule from counts (the columns of ``outlet_line_counts``, rows in
any order, rows of one outlet and hash summed). ValueError for inconsistent counts.)pbdoc")
      .def(
          "outlets",
          [](const OutletRepeatedLines& t) {
            return std::vector<std::string>(t.outlets().begin(), t.outlets().end());
          },
          "The outlets the counts knew, sorted.")
      .def(
          "repeated",
          [](const OutletRepeatedLines& t, const std::string& outlet) -> py::object {
            const std::vector<std::uint64_t>* hs = t.find(outlet);
            if (hs == nullptr) return py::none();
            return to_numpy(std::vector<std::uint64_t>(*hs));
          },
          py::arg("outlet"),
          "The sorted hashes of an outlet's repeated lines (uint64), None for an unknown outlet.")
      .def(
          "__eq__",
          [](const OutletRepeatedLines& a, const OutletRepeatedLines& b) { return a == b; },
          py::is_operator())
      .def(py::pickle(
          [](const OutletRepeatedLines& t) { return py::bytes(presslens::serialize(t)); },
          [](const py::bytes& state) {
            return std::make_shared<OutletRepeatedLines>(
                presslens::deserialize_outlet_lines(bytes_view(state)));
          }));
  m.attr("OutletRepeatedLines").attr("__hash__") = py::none();
}

// After the Corpus class: its signature names it.
void bind_outlet_line_counts(py::module_& m) {
  m.def(
      "outlet_line_counts",
      [](const Corpus& corpus, int threads) {
        if (threads < 0) throw std::invalid_argument("threads must be >= 0 (0 = all cores)");
        auto c = without_gil([&](const presslens::Interrupt& stop) {
          return presslens::outlet_line_counts(corpus, threads, stop);
        });
        py::dict out;
        out["outlets"] = py::cast(c.outlets);
        out["n_docs"] = to_numpy(std::move(c.n_docs));
        out["outlet"] = to_numpy(std::move(c.outlet));
        out["hash"] = to_numpy(std::move(c.hash));
        out["df"] = to_numpy(std::move(c.df));
        return out;
      },
      py::arg("corpus"), py::arg("threads") = 0,
      R"pbdoc(The inputs of the outlet boilerplate rule over every document of ``corpus``:
``outlets`` (sorted), ``n_docs`` per outlet, and rows (``outlet`` index, line ``hash``,
``df``: documents of the outlet holding the line), sorted by outlet and hash.)pbdoc");
}

}  // namespace

void bind_corpus(py::module_& m) {
  bind_outlet_lines(m);
  py::class_<Corpus>(m, "Corpus", R"pbdoc(Documents decoded, segmented and flagged for
boilerplate by the C++ core. Use ``presslens.Corpus`` (the Python wrapper) rather than this
class directly.)pbdoc")
      .def_static(
          "from_folder",
          [](const std::filesystem::path& folder, const std::string& errors, int threads,
             const std::string& extension, bool recursive, bool follow_symlinks,
             const std::string& paragraphs, bool boilerplate, std::size_t first_file,
             std::optional<std::size_t> max_files, const OutletTable& outlet_lines) {
            auto o = load_options(errors, threads, paragraphs, boilerplate, outlet_lines);
            o.extension = extension;
            o.recursive = recursive;
            o.follow_symlinks = follow_symlinks;
            o.first_file = first_file;
            if (max_files) o.max_files = *max_files;
            return without_gil([&](const presslens::Interrupt& stop) {
              return Corpus::from_folder(folder, o, stop);
            });
          },
          py::arg("folder"), py::kw_only(), py::arg("errors") = "replace", py::arg("threads") = 0,
          py::arg("extension") = ".txt", py::arg("recursive") = false,
          py::arg("follow_symlinks") = false, py::arg("paragraphs") = "auto",
          py::arg("boilerplate") = true, py::arg("first_file") = 0,
          py::arg("max_files") = py::none(), py::arg("outlet_lines") = py::none(),
          R"pbdoc(Load every ``*.txt`` file of a folder (sorted by name) with an optional
metadata.jsonl / metadata.csv sidecar. Raises OSError for a missing folder. ``first_file``
and ``max_files`` read a window of the sorted files (streaming); the listing's warnings go
with the window at file 0.)pbdoc")
      .def_static(
          "from_jsonl",
          [](const std::filesystem::path& file, const std::string& errors, int threads,
             const std::string& id_field, const std::string& text_field,
             const std::string& outlet_field, const std::string& date_field,
             const std::string& title_field, const std::string& paragraphs, bool boilerplate,
             const OutletTable& outlet_lines) {
            auto o = load_options(errors, threads, paragraphs, boilerplate, outlet_lines);
            set_fields(o, id_field, text_field, outlet_field, date_field, title_field);
            return without_gil([&](const presslens::Interrupt& stop) {
              return Corpus::from_jsonl(file, o, stop);
            });
          },
          py::arg("file"), py::kw_only(), py::arg("errors") = "replace", py::arg("threads") = 0,
          py::arg("id_field") = "id", py::arg("text_field") = "text",
          py::arg("outlet_field") = "outlet", py::arg("date_field") = "date",
          py::arg("title_field") = "title", py::arg("paragraphs") = "auto",
          py::arg("boilerplate") = true, py::arg("outlet_lines") = py::none(),
          R"pbdoc(Load one JSON object per line. A malformed line is a warning (ValueError
under errors="strict"). Raises OSError for a missing file.)pbdoc")
      .def_static(
          "from_jsonl_text",
          [](const py::bytes& data, const std::string& source, const std::string& stem,
             std::int64_t first_line, const std::string& errors, int threads,
             const std::string& id_field, const std::string& text_field,
             const std::string& outlet_field, const std::string& date_field,
             const std::string& title_field, const std::string& paragraphs, bool boilerplate,
             const OutletTable& outlet_lines) {
            if (first_line < 0) throw std::invalid_argument("first_line must be >= 0");
            auto o = load_options(errors, threads, paragraphs, boilerplate, outlet_lines);
            set_fields(o, id_field, text_field, outlet_field, date_field, title_field);
            const std::string_view view = bytes_view(data);  // bytes never change
            return without_gil([&](const presslens::Interrupt& stop) {
              return Corpus::from_jsonl_text(view, source, stem, first_line, o, stop);
            });
          },
          py::arg("data"), py::arg("source"), py::arg("stem"), py::arg("first_line") = 0,
          py::kw_only(), py::arg("errors") = "replace", py::arg("threads") = 0,
          py::arg("id_field") = "id", py::arg("text_field") = "text",
          py::arg("outlet_field") = "outlet", py::arg("date_field") = "date",
          py::arg("title_field") = "title", py::arg("paragraphs") = "auto",
          py::arg("boilerplate") = true, py::arg("outlet_lines") = py::none(),
          R"pbdoc(Parse JSONL lines already read (bytes), as from_jsonl parses a file:
``source`` names the file in warnings and sources (``source:LINE``), ``stem`` makes default
ids (``stem:LINE``), and the first line of ``data`` is line ``first_line + 1``.)pbdoc")
      .def(py::pickle(
          [](const Corpus& c) {
            std::string state =
                without_gil([&](const presslens::Interrupt&) { return presslens::serialize(c); });
            return py::bytes(state);
          },
          [](const py::bytes& state) {
            const std::string_view view = bytes_view(state);
            return without_gil([&](const presslens::Interrupt& stop) {
              return presslens::deserialize_corpus(view, 0, stop);
            });
          }))
      .def_static(
          "from_records",
          [](const py::sequence& ids, const py::sequence& texts, const py::sequence& outlets,
             const py::sequence& dates, const py::sequence& titles, const py::sequence& metas,
             const std::string& errors, int threads, const std::string& paragraphs,
             bool boilerplate, const OutletTable& outlet_lines) {
            const auto n = static_cast<std::size_t>(py::len(texts));
            for (const auto* seq : {&ids, &outlets, &dates, &titles, &metas})
              if (static_cast<std::size_t>(py::len(*seq)) != n)
                throw std::invalid_argument("all columns must have as many items as texts");
            auto o = load_options(errors, threads, paragraphs, boilerplate, outlet_lines);
            std::vector<presslens::RawDocument> raw(n);
            // The texts are held here and read where Python stores them; their UTF-8 is
            // made without the GIL, in parallel (encoding was a serial 70 ms per 100 MB).
            std::vector<py::object> held(n);
            std::vector<presslens::TextView> views;
            views.reserve(n);
            for (std::size_t i = 0; i < n; ++i) {
              // Going through a large batch holds the GIL for a while: let Ctrl-C in.
              if (i % 1024 == 1023 && PyErr_CheckSignals() != 0) throw py::error_already_set();
              auto& r = raw[i];
              r.id = py::str(ids[i]);
              held[i] = texts[i];
              views.push_back(text_view(held[i]));
              r.outlet = py::str(outlets[i]);
              r.date = py::str(dates[i]);
              r.title = py::str(titles[i]);
              r.meta_json = py::str(metas[i]);
            }
            return without_gil([&](const presslens::Interrupt& stop) {
              presslens::parallel_for(
                  n, o.threads, [&](std::size_t i) { append_utf8_of(raw[i].bytes, views[i]); },
                  stop);
              return Corpus::from_records(std::move(raw), o, stop);
            });
          },
          py::arg("ids"), py::arg("texts"), py::arg("outlets"), py::arg("dates"), py::arg("titles"),
          py::arg("metas"), py::kw_only(), py::arg("errors") = "replace", py::arg("threads") = 0,
          py::arg("paragraphs") = "auto", py::arg("boilerplate") = true,
          py::arg("outlet_lines") = py::none(),
          R"pbdoc(Build a corpus from columns (texts as str or bytes; metas as JSON object
strings).)pbdoc")
      .def("__len__", &Corpus::size)
      .def_property_readonly("n_inputs", &Corpus::n_inputs,
                             "Documents seen in the input, used or skipped.")
      .def("ids", [](const Corpus& c) { return column(c, [](const auto& d) { return d.id; }); })
      .def("texts", [](const Corpus& c) { return column(c, [](const auto& d) { return d.text; }); })
      .def("outlets",
           [](const Corpus& c) { return column(c, [](const auto& d) { return d.outlet; }); })
      .def("dates", [](const Corpus& c) { return column(c, [](const auto& d) { return d.date; }); })
      .def("titles",
           [](const Corpus& c) { return column(c, [](const auto& d) { return d.title; }); })
      .def("metas",
           [](const Corpus& c) { return column(c, [](const auto& d) { return d.meta_json; }); })
      .def("sources",
           [](const Corpus& c) { return column(c, [](const auto& d) { return d.source; }); })
      .def(
          "text", [](const Corpus& c, std::size_t i) { return c.at(i).text; }, py::arg("index"))
      .def(
          "document",
          [](const Corpus& c, std::size_t i) {
            const presslens::Document& d = c.at(i);
            return py::make_tuple(d.id, d.text, d.outlet, d.date, d.title, d.source, d.meta_json);
          },
          py::arg("index"),
          "(id, text, outlet, date, title, source, meta_json) of one document; IndexError if "
          "out of range.")
      .def(
          "warnings", [](const Corpus& c) { return warnings_dict(c.warnings()); },
          "Warnings as columns: doc_id, source, line, offset (bytes), code, message.")
      .def(
          "doc_stats",
          [](const Corpus& c) {
            auto s =
                without_gil([&](const presslens::Interrupt&) { return presslens::doc_stats(c); });
            py::dict out;
            out["n_chars"] = to_numpy(std::move(s.n_chars));
            out["n_bytes"] = to_numpy(std::move(s.n_bytes));
            out["n_tokens"] = to_numpy(std::move(s.n_tokens));
            out["n_sentences"] = to_numpy(std::move(s.n_sentences));
            out["n_paragraphs"] = to_numpy(std::move(s.n_paragraphs));
            out["n_boilerplate"] = to_numpy(std::move(s.n_boilerplate));
            return out;
          },
          "Per-document counts as numpy arrays.")
      .def(
          "token_table",
          [](const Corpus& c, bool code_points) {
            auto t = without_gil([&](const presslens::Interrupt&) {
              return presslens::token_table(c, code_points);
            });
            py::dict out;
            out["doc"] = to_numpy(std::move(t.doc));
            out["start"] = to_numpy(std::move(t.start));
            out["end"] = to_numpy(std::move(t.end));
            out["sentence"] = to_numpy(std::move(t.sentence));
            out["kind"] = to_numpy(std::move(t.kind));
            out["flags"] = to_numpy(std::move(t.flags));
            return out;
          },
          py::arg("code_points") = true, "One row per token, as numpy arrays.")
      .def(
          "sentence_table",
          [](const Corpus& c, bool code_points) {
            auto t = without_gil([&](const presslens::Interrupt&) {
              return presslens::sentence_table(c, code_points);
            });
            py::dict out;
            out["doc"] = to_numpy(std::move(t.doc));
            out["start"] = to_numpy(std::move(t.start));
            out["end"] = to_numpy(std::move(t.end));
            out["paragraph"] = to_numpy(std::move(t.paragraph));
            out["n_tokens"] = to_numpy(std::move(t.n_tokens));
            out["boilerplate"] = to_numpy(std::move(t.boilerplate));
            return out;
          },
          py::arg("code_points") = true, "One row per sentence, as numpy arrays.")
      .def(
          "paragraph_table",
          [](const Corpus& c, bool code_points) {
            auto t = without_gil([&](const presslens::Interrupt&) {
              return presslens::paragraph_table(c, code_points);
            });
            py::dict out;
            out["doc"] = to_numpy(std::move(t.doc));
            out["start"] = to_numpy(std::move(t.start));
            out["end"] = to_numpy(std::move(t.end));
            out["line"] = to_numpy(std::move(t.line));
            out["n_sentences"] = to_numpy(std::move(t.n_sentences));
            out["boilerplate"] = to_numpy(std::move(t.boilerplate));
            return out;
          },
          py::arg("code_points") = true, "One row per paragraph, as numpy arrays.");

  m.def(
      "boilerplate_name",
      [](int reason) {
        return std::string(presslens::boilerplate_name(static_cast<std::uint8_t>(reason)));
      },
      py::arg("reason"), "Name of a boilerplate reason code (\"\" for 0).");
  bind_outlet_line_counts(m);
}

}  // namespace presslens_py
