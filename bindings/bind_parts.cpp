// bindings/bind_parts.cpp: the pieces that let parts of a corpus (Dask partitions) find their
// quotes with the entities of the whole corpus (presslens/parts.hpp). Use presslens.dask.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/parts.hpp"

namespace py = pybind11;

namespace presslens_py {

namespace {

using Int64s = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using UInt64s = py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>;

/// The sum of `counts`; std::invalid_argument for a negative count.
std::uint64_t checked_sum(const Int64s& counts, const char* what) {
  std::uint64_t total = 0;
  for (const std::int64_t c : std::span(counts.data(), static_cast<std::size_t>(counts.size()))) {
    if (c < 0) throw std::invalid_argument(std::string(what) + ": a negative count");
    total += static_cast<std::uint64_t>(c);
  }
  return total;
}

/// The stems of each quote from their flat form (presslens._partials._pack_stems): the
/// number of stems of each quote, the stems' UTF-8 back to back and each stem's length.
/// Parts travel and merge flat; the lists are made here, without a Python str per stem.
std::vector<std::vector<std::string>> unflatten_stems(const Int64s& counts, std::string_view bytes,
                                                      const UInt64s& lengths) {
  const auto n_stems = static_cast<std::size_t>(lengths.size());
  if (checked_sum(counts, "link_utterance_stems") != n_stems)
    throw std::invalid_argument("link_utterance_stems: the stem counts do not add up to the stems");
  const std::span len(lengths.data(), n_stems);
  std::uint64_t n_bytes = 0;
  for (const std::uint64_t l : len) n_bytes += l;
  if (n_bytes != bytes.size())
    throw std::invalid_argument(
        "link_utterance_stems: the stem lengths do not add up to the bytes");
  std::vector<std::vector<std::string>> out(static_cast<std::size_t>(counts.size()));
  std::size_t k = 0, at = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<std::size_t>(counts.data()[i]);
    out[i].reserve(c);
    for (std::size_t j = 0; j < c; ++j, ++k) {
      out[i].emplace_back(bytes.substr(at, len[k]));
      at += len[k];
    }
  }
  return out;
}

/// The frame's "parts" column (per quote, the list of its (start, end) tuples) from each
/// quote's number of parts and the parts' ints back to back (presslens._partials._pack_parts).
/// With the C API, as extract_quotes makes the column.
py::list parts_of_flat(const Int64s& counts, const Int64s& ab) {
  if (2 * checked_sum(counts, "parts_of_flat") != static_cast<std::uint64_t>(ab.size()))
    throw std::invalid_argument("parts_of_flat: the part counts do not add up to the pairs");
  const std::int64_t* v = ab.data();
  return new_lists(
      static_cast<std::size_t>(counts.size()),
      [&](std::size_t i) { return static_cast<std::size_t>(counts.data()[i]); },
      [&](std::size_t, std::size_t) {  // the pairs in order
        PyObject* pair = int_pair(v[0], v[1]);
        v += 2;
        return pair;
      });
}

/// values[starts[i]:ends[i]] for every i, as lists of int: the quote_ids column of the speaker
/// tables, one list per row, without a Python slice per row.
py::list int_lists(const Int64s& values, const Int64s& starts, const Int64s& ends) {
  if (starts.size() != ends.size())
    throw std::invalid_argument("int_lists: starts and ends differ in length");
  const auto n = static_cast<std::size_t>(starts.size());
  const std::int64_t* a = starts.data();
  const std::int64_t* b = ends.data();
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] < 0 || a[i] > b[i] || b[i] > values.size())
      throw std::invalid_argument("int_lists: a slice outside the values");
  return new_lists(
      n, [&](std::size_t i) { return static_cast<std::size_t>(b[i] - a[i]); },
      [&](std::size_t i, std::size_t k) {
        return PyLong_FromLongLong(values.data()[a[i] + static_cast<std::int64_t>(k)]);
      });
}

}  // namespace

void bind_parts(py::module_& m) {
  m.def(
      "entities_of_documents",
      [](const presslens::EntityResult& result, const std::vector<std::uint32_t>& docs) {
        return without_gil([&](const presslens::Interrupt&) {
          return std::make_shared<presslens::EntityResult>(
              presslens::entities_of_documents(result, docs));
        });
      },
      py::arg("entities"), py::arg("docs"),
      R"pbdoc(The entities restricted to documents ``docs`` (indexes into the documents they were
found in; document docs[k] becomes document k); entity ids unchanged. Use presslens.dask.)pbdoc");

  m.def(
      "check_entities_fit",
      [](const presslens::Corpus& corpus, const presslens::EntityResult& result) {
        presslens::check_entities_fit(corpus, result);
      },
      py::arg("corpus"), py::arg("entities"),
      R"pbdoc(ValueError unless every mention of ``entities`` lies inside a document of
``corpus``.)pbdoc");

  m.def(
      "link_utterance_stems",
      [](const std::vector<std::uint32_t>& doc, const std::vector<std::int32_t>& speaker,
         const std::vector<std::uint8_t>& kind, const Int64s& stem_counts, const py::bytes& stems,
         const UInt64s& stem_lengths, double utterance_overlap) {
        std::vector<presslens::QuoteKind> kinds(kind.size());
        for (std::size_t i = 0; i < kind.size(); ++i) {
          if (kind[i] > static_cast<std::uint8_t>(presslens::QuoteKind::kScare))
            throw std::invalid_argument("link_utterance_stems: kind " + std::to_string(kind[i]) +
                                        " is not a QUOTE_KINDS index");
          kinds[i] = static_cast<presslens::QuoteKind>(kind[i]);
        }
        const auto lists = unflatten_stems(stem_counts, std::string_view(stems), stem_lengths);
        auto ids = without_gil([&](const presslens::Interrupt& stop) {
          return presslens::link_utterance_stems(doc, speaker, kinds, lists, utterance_overlap,
                                                 stop);
        });
        return to_numpy(std::move(ids));
      },
      py::arg("doc"), py::arg("speaker"), py::arg("kind"), py::arg("stem_counts"), py::arg("stems"),
      py::arg("stem_lengths"), py::arg("utterance_overlap") = 0.4,
      R"pbdoc(Utterance ids of the quotes of a whole corpus in its order, from each quote's
document number, speaker entity (-1: none), kind (QUOTE_KINDS index) and stems (extract_quotes
with stems=True), the stems flat: each quote's number of stems (``stem_counts``), the stems'
UTF-8 back to back (``stems``) and each stem's byte length (``stem_lengths``): the ids
extract_quotes gives them. ValueError when the counts and lengths do not add up. Use
presslens.dask.)pbdoc");

  m.def("int_lists", &int_lists, py::arg("values"), py::arg("starts"), py::arg("ends"),
        R"pbdoc(``[values[a:b].tolist() for a, b in zip(starts, ends)]`` in C: lists of int, one
per slice. ValueError for a slice outside the values.)pbdoc");
  m.def("parts_of_flat", &parts_of_flat, py::arg("counts"), py::arg("pairs"),
        R"pbdoc(The "parts" column of a quote frame (per quote, a list of (start, end) tuples) from
each quote's number of parts and the parts' start and end back to back (the inverse of
flat_parts). ValueError when the counts do not add up to the pairs. Use presslens.dask.)pbdoc");
}

}  // namespace presslens_py
