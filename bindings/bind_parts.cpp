// bindings/bind_parts.cpp: the pieces that let parts of a corpus (Dask partitions) find their
// quotes with the entities of the whole corpus (presslens/parts.hpp). Use presslens.dask.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "bind.hpp"
#include "presslens/parts.hpp"

namespace py = pybind11;

namespace presslens_py {

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
         const std::vector<std::uint8_t>& kind, const std::vector<std::vector<std::string>>& stems,
         double utterance_overlap) {
        std::vector<presslens::QuoteKind> kinds(kind.size());
        for (std::size_t i = 0; i < kind.size(); ++i) {
          if (kind[i] > static_cast<std::uint8_t>(presslens::QuoteKind::kScare))
            throw std::invalid_argument("link_utterance_stems: kind " + std::to_string(kind[i]) +
                                        " is not a QUOTE_KINDS index");
          kinds[i] = static_cast<presslens::QuoteKind>(kind[i]);
        }
        auto ids = without_gil([&](const presslens::Interrupt& stop) {
          return presslens::link_utterance_stems(doc, speaker, kinds, stems, utterance_overlap,
                                                 stop);
        });
        return to_numpy(std::move(ids));
      },
      py::arg("doc"), py::arg("speaker"), py::arg("kind"), py::arg("stems"),
      py::arg("utterance_overlap") = 0.4,
      R"pbdoc(Utterance ids of the quotes of a whole corpus in its order, from each quote's
document number, speaker entity (-1: none), kind (QUOTE_KINDS index) and stems (extract_quotes
with stems=True): the ids extract_quotes gives them. Use presslens.dask.)pbdoc");
}

}  // namespace presslens_py
