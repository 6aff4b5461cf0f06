// bindings/bind.hpp: one bind_<concept>() per core header, called by module.cpp.
#pragma once

#include <pybind11/pybind11.h>

namespace presslens_py {
void bind_text(pybind11::module_& m);
void bind_corpus(pybind11::module_& m);
void bind_entities(pybind11::module_& m);
void bind_quotes(pybind11::module_& m);
void bind_sentiment(pybind11::module_& m);
void bind_terms(pybind11::module_& m);
}  // namespace presslens_py

#include <string>

#include <vector>

#include "presslens/corpus.hpp"
#include "presslens/tokenize.hpp"

namespace presslens_py {
/// "auto" | "line" | "blank" -> ParagraphMode; ValueError otherwise.
presslens::ParagraphMode paragraph_mode(const std::string& name);
/// Per-document warnings as columns (doc_id, source, line, offset, code, message).
pybind11::dict warnings_dict(const std::vector<presslens::CorpusWarning>& warnings);
/// UTF-8 bytes of a str (lone surrogates kept as invalid bytes) or of bytes as they are.
std::string text_to_utf8(const pybind11::handle& obj);

/// A str's or bytes' characters as Python stores them, read without the GIL (the object
/// must be kept alive, and str and bytes never change): what text_to_utf8 makes of it,
/// by utf8() on any thread.
class TextView {
 public:
  /// Under the GIL. TypeError for anything but str or bytes.
  explicit TextView(const pybind11::handle& obj);
  /// The UTF-8 bytes, as text_to_utf8(obj) gives them (surrogates encoded as they are).
  [[nodiscard]] std::string utf8() const;

 private:
  const void* data_ = nullptr;
  std::size_t length_ = 0;  // characters (bytes for bytes and ASCII)
  int kind_ = 1;            // bytes per character: 1, 2 or 4; 0 for bytes or ASCII
};
}  // namespace presslens_py
