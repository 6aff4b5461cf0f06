// bindings/bind_text.cpp: tokenize / segment one text (code point offsets out).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/parallel.hpp"
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
  auto t = presslens::segmentation_table(text, seg, /*code_points=*/true);
  py::dict out;
  out["token_start"] = to_numpy(std::move(t.token_start));
  out["token_end"] = to_numpy(std::move(t.token_end));
  out["token_kind"] = to_numpy(std::move(t.token_kind));
  out["token_flags"] = to_numpy(std::move(t.token_flags));
  out["token_sentence"] = to_numpy(std::move(t.token_sentence));
  out["sentence_start"] = to_numpy(std::move(t.sentence_start));
  out["sentence_end"] = to_numpy(std::move(t.sentence_end));
  out["sentence_paragraph"] = to_numpy(std::move(t.sentence_paragraph));
  out["paragraph_start"] = to_numpy(std::move(t.paragraph_start));
  out["paragraph_end"] = to_numpy(std::move(t.paragraph_end));
  out["paragraph_line"] = to_numpy(std::move(t.paragraph_line));
  out["paragraph_boilerplate"] = to_numpy(std::move(t.paragraph_boilerplate));
  return out;
}

/// What the per-text calls return for one text: sentence or token offsets (start, end
/// interleaved, code points) and, for tokens, their kinds.
enum class Unit : std::uint8_t { kSentence, kToken };

/// Segments one str and appends its sentence or token offsets (code points of the str) to
/// `offsets` (and the token kinds to `kinds`). `utf8` is a reusable buffer. A str's lone
/// surrogates become U+FFFD, one code point each, so the offsets stay those of the str.
/// Needs no GIL (the str must stay alive).
void offsets_of(const presslens::TextView& v, Unit unit, presslens::ParagraphMode mode,
                std::string& utf8, std::vector<std::int64_t>& offsets,
                std::vector<std::uint8_t>& kinds) {
  std::string_view text;
  if (v.width == 0) {
    text = {static_cast<const char*>(v.data), v.length};  // an ASCII str: its own bytes
  } else {
    utf8.clear();
    presslens::append_utf8(utf8, v, presslens::Surrogates::kReplace);
    text = utf8;
  }
  presslens::SegmentOptions opt;
  opt.paragraphs = mode;
  const std::size_t first = offsets.size();
  if (unit == Unit::kSentence) {
    // Sentences alone: segment_sentences() gives segment()'s, tokenizing little of the text.
    const std::vector<presslens::SentenceSpan> spans = presslens::segment_sentences(text, opt);
    offsets.resize(first + 2 * spans.size());
    std::int64_t* o = offsets.data() + first;
    for (const auto& x : spans) {
      *o++ = x.start;
      *o++ = x.end;
    }
  } else {
    const std::vector<presslens::Token> tokens = presslens::segment_tokens(text, opt);
    offsets.resize(first + 2 * tokens.size());
    kinds.resize(kinds.size() + tokens.size());
    std::int64_t* o = offsets.data() + first;
    std::uint8_t* kd = kinds.data() + kinds.size() - tokens.size();
    for (const auto& x : tokens) {
      *o++ = x.start;
      *o++ = x.end;
      *kd++ = static_cast<std::uint8_t>(x.kind);
    }
  }
  if (v.width != 0)
    presslens::monotone_bytes_to_code_points(text, offsets.data() + first, offsets.size() - first);
}

/// Interleaved (start, end) offsets as an (n, 2) int64 numpy array, without a copy.
py::array_t<std::int64_t> pairs_array(std::vector<std::int64_t>&& v) {
  auto holder = std::make_unique<std::vector<std::int64_t>>(std::move(v));
  const auto rows = static_cast<py::ssize_t>(holder->size() / 2);
  std::int64_t* data = holder->data();
  py::capsule owner(holder.get(),
                    [](void* p) { delete static_cast<std::vector<std::int64_t>*>(p); });
  holder.release();  // the capsule owns it now
  constexpr auto item = static_cast<py::ssize_t>(sizeof(std::int64_t));
  return py::array_t<std::int64_t>({rows, py::ssize_t{2}}, {2 * item, item}, data, owner);
}

/// Texts longer than this are segmented with the GIL released (shorter ones take less time
/// than releasing and taking it back).
constexpr std::size_t kReleaseGilFrom = 1 << 16;

/// The offsets (and kinds) of the units of each text.
struct Found {
  std::vector<std::vector<std::int64_t>> offsets;
  std::vector<std::vector<std::uint8_t>> kinds;
};

Found found_in_one(const py::str& s, Unit unit, const std::string& paragraphs) {
  const presslens::ParagraphMode mode = paragraph_mode(paragraphs);
  const presslens::TextView v = text_view(s);
  thread_local std::string utf8;
  Found f{std::vector<std::vector<std::int64_t>>(1), std::vector<std::vector<std::uint8_t>>(1)};
  if (v.length >= kReleaseGilFrom) {
    py::gil_scoped_release release;
    offsets_of(v, unit, mode, utf8, f.offsets[0], f.kinds[0]);
  } else {
    offsets_of(v, unit, mode, utf8, f.offsets[0], f.kinds[0]);
  }
  if (utf8.capacity() > (std::size_t{1} << 24)) std::string().swap(utf8);  // keep no huge buffer
  return f;
}

/// Many texts in one call, segmented in parallel without the GIL.
Found found_in_many(const py::object& texts, Unit unit, const std::string& paragraphs,
                    int threads) {
  if (threads < 0) throw std::invalid_argument("threads must be >= 0 (0 = all cores)");
  const presslens::ParagraphMode mode = paragraph_mode(paragraphs);
  if (PyUnicode_Check(texts.ptr()) || PyBytes_Check(texts.ptr()))
    throw py::type_error("expected an iterable of str, not a single string");
  const auto list = py::reinterpret_steal<py::list>(PySequence_List(texts.ptr()));
  if (!list) throw py::error_already_set();
  const std::size_t n = list.size();
  std::vector<presslens::TextView> views;
  views.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const py::handle item = list[i];
    if (!PyUnicode_Check(item.ptr()))
      throw py::type_error("item " + std::to_string(i) + " is " + Py_TYPE(item.ptr())->tp_name +
                           ", not str");
    views.push_back(text_view(item));
  }
  Found f{std::vector<std::vector<std::int64_t>>(n), std::vector<std::vector<std::uint8_t>>(n)};
  without_gil([&](const presslens::Interrupt& stop) {
    presslens::parallel_for(
        n, threads,
        [&](std::size_t i) {
          thread_local std::string utf8;
          offsets_of(views[i], unit, mode, utf8, f.offsets[i], f.kinds[i]);
        },
        stop);
  });
  return f;
}

/// Each text's offsets as an (n_i, 2) array, handed to numpy without a copy.
std::vector<py::array_t<std::int64_t>> offset_arrays(Found& f) {
  std::vector<py::array_t<std::int64_t>> out;
  out.reserve(f.offsets.size());
  for (auto& o : f.offsets) out.push_back(pairs_array(std::move(o)));
  return out;
}

std::vector<py::array_t<std::uint8_t>> kind_arrays(Found& f) {
  std::vector<py::array_t<std::uint8_t>> out;
  out.reserve(f.kinds.size());
  for (auto& k : f.kinds) out.push_back(to_numpy(std::move(k)));
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
      "sentence_offsets",
      [](const py::str& s, const std::string& paragraphs) {
        Found f = found_in_one(s, Unit::kSentence, paragraphs);
        return pairs_array(std::move(f.offsets[0]));
      },
      py::arg("text"), py::arg("paragraphs") = "auto",
      R"pbdoc(Sentence offsets of one str: an (n, 2) int64 array of (start, end) code points,
as segment() finds them, without building the token and paragraph arrays. Lone surrogates
count as one code point each (U+FFFD to the segmenter).)pbdoc");
  m.def(
      "token_offsets",
      [](const py::str& s) {
        Found f = found_in_one(s, Unit::kToken, "auto");
        return std::make_tuple(pairs_array(std::move(f.offsets[0])),
                               to_numpy(std::move(f.kinds[0])));
      },
      py::arg("text"),
      R"pbdoc(Token offsets of one str: an (n, 2) int64 array of (start, end) code points and
the (n,) uint8 kinds (indices into presslens.corpus.TOKEN_KINDS), as segment() finds them.)pbdoc");
  m.def(
      "sentence_offsets_many",
      [](const py::object& texts, const std::string& paragraphs, int threads) {
        Found f = found_in_many(texts, Unit::kSentence, paragraphs, threads);
        return offset_arrays(f);
      },
      py::arg("texts"), py::arg("paragraphs") = "auto", py::arg("threads") = 0,
      R"pbdoc(sentence_offsets of every str of an iterable in one call, on `threads` threads
(0 = all cores) without the GIL: one (n_i, 2) int64 array per text. TypeError for an item
that is not a str.)pbdoc");
  m.def(
      "token_offsets_many",
      [](const py::object& texts, int threads) {
        Found f = found_in_many(texts, Unit::kToken, "auto", threads);
        return std::make_tuple(offset_arrays(f), kind_arrays(f));
      },
      py::arg("texts"), py::arg("threads") = 0,
      R"pbdoc(token_offsets of every str of an iterable in one call: (one (n_i, 2) int64
offsets array per text, one (n_i,) uint8 kinds array per text).)pbdoc");
  m.def(
      "normalize_for_match",
      [](const py::str& s) { return presslens::normalize_for_match(valid_text(s)); },
      py::arg("text"),
      R"pbdoc(Typographic normalisation for matching: curly apostrophes and quotes to ASCII,
dashes to '-', white space collapsed. Offsets do not survive it.)pbdoc");
}

}  // namespace presslens_py
