// bindings/bind_text.cpp: tokenize / segment one text (code point offsets out).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/text.hpp"
#include "presslens/tokenize.hpp"

namespace py = pybind11;

namespace presslens_py {

presslens::ParagraphMode paragraph_mode(const std::string& name) {
  if (name == "auto") return presslens::ParagraphMode::kAuto;
  if (name == "line") return presslens::ParagraphMode::kLine;
  if (name == "blank") return presslens::ParagraphMode::kBlank;
  throw std::invalid_argument("paragraphs must be \"auto\", \"line\" or \"blank\", not \"" + name +
                              "\"");
}

namespace {

std::string valid_text(const py::str& s) {
  std::string text = text_to_utf8(s);
  if (const auto bad = presslens::find_invalid_utf8(text); bad != std::string::npos) {
    presslens::RepairStats st;
    text = presslens::repair_utf8(text, st);
  }
  return text;
}

py::dict segmentation_dict(const std::string& text, const presslens::Segmentation& seg) {
  std::vector<std::int64_t> ts, te, ss, se, sp, ps, pe, pl, tsent(seg.tokens.size());
  std::vector<std::uint8_t> tk, tf, pb;
  for (const auto& t : seg.tokens) {
    ts.push_back(t.start);
    te.push_back(t.end);
    tk.push_back(static_cast<std::uint8_t>(t.kind));
    tf.push_back(t.flags);
  }
  for (std::size_t i = 0; i < seg.sentences.size(); ++i) {
    const auto& s = seg.sentences[i];
    ss.push_back(s.start);
    se.push_back(s.end);
    sp.push_back(s.paragraph);
    for (auto k = s.token_begin; k < s.token_end; ++k) tsent[k] = static_cast<std::int64_t>(i);
  }
  for (const auto& p : seg.paragraphs) {
    ps.push_back(p.start);
    pe.push_back(p.end);
    pl.push_back(p.line);
    pb.push_back(p.boilerplate);
  }
  for (auto* v : {&ts, &te, &ss, &se, &ps, &pe})
    presslens::bytes_to_code_points(text, v->data(), v->size());
  py::dict out;
  out["token_start"] = to_numpy(std::move(ts));
  out["token_end"] = to_numpy(std::move(te));
  out["token_kind"] = to_numpy(std::move(tk));
  out["token_flags"] = to_numpy(std::move(tf));
  out["token_sentence"] = to_numpy(std::move(tsent));
  out["sentence_start"] = to_numpy(std::move(ss));
  out["sentence_end"] = to_numpy(std::move(se));
  out["sentence_paragraph"] = to_numpy(std::move(sp));
  out["paragraph_start"] = to_numpy(std::move(ps));
  out["paragraph_end"] = to_numpy(std::move(pe));
  out["paragraph_line"] = to_numpy(std::move(pl));
  out["paragraph_boilerplate"] = to_numpy(std::move(pb));
  return out;
}

}  // namespace

presslens::TextView text_view(const py::handle& obj) {
  PyObject* p = obj.ptr();
  if (PyBytes_Check(p))
    return presslens::TextView::utf8(
        {PyBytes_AS_STRING(p), static_cast<std::size_t>(PyBytes_GET_SIZE(p))});
  if (!PyUnicode_Check(p))
    throw py::type_error("expected str or bytes, not " +
                         std::string(py::str(py::type::of(obj).attr("__name__"))));
#if PY_VERSION_HEX < 0x030C0000
  if (PyUnicode_READY(p) != 0) throw py::error_already_set();
#endif
  const auto length = static_cast<std::size_t>(PyUnicode_GET_LENGTH(p));
  if (PyUnicode_IS_ASCII(p))
    return presslens::TextView::utf8({static_cast<const char*>(PyUnicode_DATA(p)), length});
  return {PyUnicode_DATA(p), length, static_cast<std::uint8_t>(PyUnicode_KIND(p))};
}

void append_utf8_of(std::string& out, const presslens::TextView& v) {
  // (lone surrogates pass through as ill-formed bytes, for the corpus decoder to repair and
  // report: see presslens::Surrogates)
  presslens::append_utf8(out, v, presslens::Surrogates::kPass);
}

std::string text_to_utf8(const py::handle& obj) {
  std::string out;
  append_utf8_of(out, text_view(obj));
  return out;
}

void bind_text(py::module_& m) {
  m.def(
      "segment",
      [](const py::str& s, const std::string& paragraphs) {
        const std::string text = valid_text(s);
        presslens::SegmentOptions opt;
        opt.paragraphs = paragraph_mode(paragraphs);
        presslens::Segmentation seg;
        {
          py::gil_scoped_release release;
          seg = presslens::segment(text, opt);
        }
        return segmentation_dict(text, seg);
      },
      py::arg("text"), py::arg("paragraphs") = "auto",
      R"pbdoc(Segment one text into tokens, sentences and paragraphs.

Returns a dict of numpy arrays (token_start, token_end, token_kind, token_flags,
token_sentence, sentence_start, sentence_end, sentence_paragraph, paragraph_start,
paragraph_end, paragraph_line, paragraph_boilerplate). Offsets are code points, so
``text[start:end]`` is exact. Invalid surrogates are replaced by U+FFFD first.
)pbdoc");
  m.def(
      "normalize_for_match",
      [](const py::str& s) { return presslens::normalize_for_match(valid_text(s)); },
      py::arg("text"),
      R"pbdoc(Typographic normalisation for matching: curly apostrophes and quotes to ASCII,
dashes to '-', white space collapsed. Offsets do not survive it.)pbdoc");
}

}  // namespace presslens_py
