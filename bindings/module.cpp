// bindings/module.cpp: the private extension module presslens._core. It maps the core's
// exceptions to Python's and calls one bind_<concept>() per core header; every algorithm
// lives in the core (cpp/), every convenience in python/presslens/.
#include <pybind11/pybind11.h>

#include "bind.hpp"
#include "presslens/errors.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "presslens core (C++20). Private: use the public names in `presslens`.";
  m.attr("__version__") = PRESSLENS_VERSION;

  // std::invalid_argument -> ValueError and std::out_of_range -> IndexError are pybind11's
  // defaults; these are the core's own types.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const presslens::IoError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const presslens::Interrupted&) {
      // PyErr_CheckSignals already set KeyboardInterrupt; keep it, or set one.
      if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });

  presslens_py::bind_text(m);
  presslens_py::bind_corpus(m);
  presslens_py::bind_entities(m);
  presslens_py::bind_quotes(m);
  presslens_py::bind_parts(m);
  presslens_py::bind_sentiment(m);
  presslens_py::bind_terms(m);
}
