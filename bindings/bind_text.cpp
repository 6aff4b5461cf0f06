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

std::string utf8_of(const py::str& s) {
  Py_ssize_t size = 0;
  if (!PyUnicode_IS_ASCII(s.ptr())) {
    // Encoded into a temporary: PyUnicode_AsUTF8AndSize would keep a UTF-8 copy inside the
    // caller's str for as long as it lives (200 MB more for a 200 MB text).
    py::bytes b = py::reinterpret_steal<py::bytes>(PyUnicode_AsUTF8String(s.ptr()));
    if (b) {
      char* bytes = nullptr;
      PyBytes_AsStringAndSize(b.ptr(), &bytes, &size);
      return std::string(bytes, static_cast<std::size_t>(size));
    }
    PyErr_Clear();  // lone surrogates: handled below
  }
  const char* data = PyUnicode_AsUTF8AndSize(s.ptr(), &size);  // ASCII: its own bytes, no copy
  if (data == nullptr) {
    PyErr_Clear();  // lone surrogates: keep them as invalid bytes, the core reports them
    py::bytes b = py::reinterpret_steal<py::bytes>(
        PyUnicode_AsEncodedString(s.ptr(), "utf-8", "surrogatepass"));
    if (!b) throw py::error_already_set();
    return std::string(b);
  }
  return std::string(data, static_cast<std::size_t>(size));
}

std::string valid_text(const py::str& s) {
  std::string text = utf8_of(s);
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

std::string text_to_utf8(const py::handle& obj) {
  if (py::isinstance<py::bytes>(obj)) return std::string(py::reinterpret_borrow<py::bytes>(obj));
  if (py::isinstance<py::str>(obj)) return utf8_of(py::reinterpret_borrow<py::str>(obj));
  throw py::type_error("expected str or bytes, not " +
                       std::string(py::str(py::type::of(obj).attr("__name__"))));
}

TextView::TextView(const py::handle& obj) {
  if (py::isinstance<py::bytes>(obj)) {
    data_ = PyBytes_AS_STRING(obj.ptr());
    length_ = static_cast<std::size_t>(PyBytes_GET_SIZE(obj.ptr()));
    kind_ = 0;
  } else if (py::isinstance<py::str>(obj)) {
    data_ = PyUnicode_DATA(obj.ptr());
    length_ = static_cast<std::size_t>(PyUnicode_GET_LENGTH(obj.ptr()));
    kind_ = PyUnicode_IS_ASCII(obj.ptr()) ? 0 : static_cast<int>(PyUnicode_KIND(obj.ptr()));
  } else {
    throw py::type_error("expected str or bytes, not " +
                         std::string(py::str(py::type::of(obj).attr("__name__"))));
  }
}

namespace {
// UTF-8 of code points stored `Unit` wide: the length first, then the bytes. Surrogates
// are written as three bytes, as Python's "surrogatepass" does (the core reports them).
template <class Unit>
std::string encode_utf8(const Unit* p, std::size_t n) {
  std::size_t size = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t c = p[i];
    size += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  std::string out(size, '\0');
  char* o = out.data();
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t c = p[i];
    if (c < 0x80) {
      *o++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *o++ = static_cast<char>(0xC0 | (c >> 6));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *o++ = static_cast<char>(0xE0 | (c >> 12));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *o++ = static_cast<char>(0xF0 | (c >> 18));
      *o++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}
}  // namespace

std::string TextView::utf8() const {
  switch (kind_) {
    case 0:
      return {static_cast<const char*>(data_), length_};
    case 1:
      return encode_utf8(static_cast<const std::uint8_t*>(data_), length_);
    case 2:
      return encode_utf8(static_cast<const std::uint16_t*>(data_), length_);
    default:
      return encode_utf8(static_cast<const std::uint32_t*>(data_), length_);
  }
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
