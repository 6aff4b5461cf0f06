// bindings/arrays.hpp: zero-copy hand-over of core result vectors to numpy, and the
// GIL/interrupt helpers every binding uses.
//
//   std::vector<std::int64_t> v = core_call();
//   py::array_t<std::int64_t> a = presslens_py::to_numpy(std::move(v));  // no copy
//
//   auto result = presslens_py::without_gil([&](const presslens::Interrupt& stop) {
//       return presslens::some_scan(args, stop);     // Ctrl-C raises KeyboardInterrupt
//   });
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "presslens/errors.hpp"

namespace presslens_py {

namespace py = pybind11;

/// Moves `v` into a heap holder owned by a capsule and returns a numpy array viewing it.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  auto holder = std::make_unique<std::vector<T>>(std::move(v));
  const auto size = static_cast<py::ssize_t>(holder->size());
  T* data = holder->data();
  py::capsule owner(holder.get(), [](void* p) { delete static_cast<std::vector<T>*>(p); });
  holder.release();  // the capsule owns it now
  return py::array_t<T>({size}, {static_cast<py::ssize_t>(sizeof(T))}, data, owner);
}

/// Strings in Arrow's large_string layout, built without the GIL: their UTF-8 back to back
/// and n + 1 offsets into it. Python makes a string column of them without one str object
/// per row (presslens._columns.strings).
///
///   StringColumn c;
///   c.add("Moscow");                    // one string
///   c.append("A,"); c.append(" B.");    // or one made of pieces...
///   c.finish();                         // ...ended by finish()
///   py::tuple t = std::move(c).to_numpy();  // (uint8 data, int64 offsets), no copy
class StringColumn {
 public:
  StringColumn() : offsets_{0} {}
  void reserve(std::size_t n) { offsets_.reserve(n + 1); }
  /// Room for `n` bytes of UTF-8 in all (an upper bound is fine).
  void reserve_bytes(std::size_t n) { data_.reserve(n); }
  void append(std::string_view piece) { data_.insert(data_.end(), piece.begin(), piece.end()); }
  void finish() { offsets_.push_back(static_cast<std::int64_t>(data_.size())); }
  void add(std::string_view s) {
    append(s);
    finish();
  }
  /// The strings of `other` added after these (columns made in parallel runs, joined).
  void extend(const StringColumn& other) {
    const auto base = static_cast<std::int64_t>(data_.size());
    data_.insert(data_.end(), other.data_.begin(), other.data_.end());
    for (auto it = other.offsets_.begin() + 1; it != other.offsets_.end(); ++it)
      offsets_.push_back(base + *it);
  }
  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size() - 1; }
  [[nodiscard]] std::size_t bytes() const noexcept { return data_.size(); }
  [[nodiscard]] py::tuple to_numpy() && {
    return py::make_tuple(presslens_py::to_numpy(std::move(data_)),
                          presslens_py::to_numpy(std::move(offsets_)));
  }

 private:
  std::vector<std::uint8_t> data_;
  std::vector<std::int64_t> offsets_;
};

/// `text[a, b)` (bytes) as Python slices the decoded text at the code points the core's
/// tables give these bytes (CodePointIndex::to_code_point): an offset inside a multi-byte
/// sequence goes back to its start, one past the end stops at the end, and b <= a gives an
/// empty string. The text columns built here are then those Python slicing made before.
inline std::string_view code_point_slice(std::string_view text, std::uint32_t a, std::uint32_t b) {
  const auto char_start = [text](std::size_t i) {
    i = std::min(i, text.size());
    while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    return i;
  };
  const std::size_t from = char_start(a);
  const std::size_t to = char_start(b);
  return to > from ? text.substr(from, to - from) : std::string_view{};
}

/// Runs `fn(interrupt)` with the GIL released. `interrupt` re-acquires the GIL briefly and
/// returns true when a signal handler raised (Ctrl-C); the core then throws
/// presslens::Interrupted, which reaches Python as the pending KeyboardInterrupt.
template <class Fn>
auto without_gil(Fn&& fn) {
  presslens::Interrupt interrupt = []() {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };
  py::gil_scoped_release release;
  return fn(interrupt);
}

/// Python's cyclic garbage collector paused for the life of the guard (restored as it was).
/// For a binding that creates tens of thousands of containers that cannot form a cycle
/// (per-row lists of ints): each 700 new containers otherwise set off a collection, and
/// every tenth of those a pass over all older objects too. Under the GIL.
class GcPause {
 public:
  GcPause() noexcept : was_enabled_(PyGC_Disable() != 0) {}
  ~GcPause() {
    if (was_enabled_) PyGC_Enable();
  }
  GcPause(const GcPause&) = delete;
  GcPause& operator=(const GcPause&) = delete;

 private:
  bool was_enabled_;
};

/// `n` Python lists made with the C API while the collector is paused: list i holds
/// `count(i)` items, item k of it `make(i, k)` (a new reference; called in order, i then k).
/// An exception leaks nothing: each list and item is owned by the result as soon as made.
template <class Count, class Make>
py::list new_lists(std::size_t n, Count count, Make make) {
  const GcPause pause;  // lists of ints or untracked tuples of ints: no cycle to find
  py::list out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<Py_ssize_t>(count(i));
    PyObject* one = PyList_New(c);
    if (one == nullptr) throw py::error_already_set();
    PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), one);
    for (Py_ssize_t k = 0; k < c; ++k) {
      PyObject* item = make(i, static_cast<std::size_t>(k));
      if (item == nullptr) throw py::error_already_set();
      PyList_SET_ITEM(one, k, item);
    }
  }
  return out;
}

/// The tuple (a, b) of ints (a new reference, or nullptr with the Python error set),
/// untracked by the collector: two ints are never in a cycle, and the collections that tens
/// of thousands of new tuples set off would otherwise traverse them.
inline PyObject* int_pair(std::int64_t a, std::int64_t b) {
  PyObject* pair = PyTuple_New(2);
  if (pair == nullptr) return nullptr;
  for (const auto& [slot, v] : {std::pair{0, a}, std::pair{1, b}}) {
    PyObject* x = PyLong_FromLongLong(v);
    if (x == nullptr) {
      Py_DECREF(pair);
      return nullptr;
    }
    PyTuple_SET_ITEM(pair, slot, x);
  }
  PyObject_GC_UnTrack(pair);
  return pair;
}

}  // namespace presslens_py
