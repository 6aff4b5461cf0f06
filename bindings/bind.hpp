// bindings/bind.hpp: one bind_<concept>() per core header, called by module.cpp.
#pragma once

#include <pybind11/pybind11.h>

namespace presslens_py {
void bind_text(pybind11::module_& m);
void bind_corpus(pybind11::module_& m);
}  // namespace presslens_py
