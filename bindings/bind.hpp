// bindings/bind.hpp: one bind_<concept>() per core header, called by module.cpp.
#pragma once

#include <pybind11/pybind11.h>

namespace presslens_py {
void bind_text(pybind11::module_& m);
void bind_corpus(pybind11::module_& m);
void bind_entities(pybind11::module_& m);
void bind_quotes(pybind11::module_& m);
void bind_parts(pybind11::module_& m);
void bind_sentiment(pybind11::module_& m);
void bind_terms(pybind11::module_& m);
}  // namespace presslens_py

#include <string>
#include <string_view>

#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/terms.hpp"
#include "presslens/tokenize.hpp"

namespace presslens_py {
/// "auto" | "line" | "blank" -> ParagraphMode; ValueError otherwise.
presslens::ParagraphMode paragraph_mode(const std::string& name);
/// Per-document warnings as columns (doc_id, source, line, offset, code, message).
pybind11::dict warnings_dict(const std::vector<presslens::CorpusWarning>& warnings);
/// UTF-8 bytes of a str (lone surrogates kept as invalid bytes) or of bytes as they are.
std::string text_to_utf8(const pybind11::handle& obj);
/// The bytes of a Python bytes object, valid while it is alive (bytes never change).
std::string_view bytes_view(const pybind11::bytes& b);

/// A str's characters where Python stores them (an ASCII str, like bytes, as UTF-8), to be
/// read without the GIL while the object is kept alive (str and bytes never change). Under
/// the GIL; TypeError for anything but str or bytes.
presslens::TextView text_view(const pybind11::handle& obj);
/// The UTF-8 of `v` appended to `out`, as text_to_utf8 makes it (lone surrogates as 3-byte,
/// "surrogatepass", sequences). Needs no GIL.
void append_utf8_of(std::string& out, const presslens::TextView& v);
}  // namespace presslens_py
