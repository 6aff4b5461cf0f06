// presslens/errors.hpp: the exception types of the core, and the cancellation hook.
//
//   try { auto c = presslens::Corpus::from_folder("articles", {}); }
//   catch (const presslens::IoError& e) { /* unreadable path: OSError in Python */ }
//
// Conventions (the bindings map them, so a Python user gets an exception she can act on):
//   std::invalid_argument -> ValueError   bad argument or bad input under errors="strict"
//   std::out_of_range     -> IndexError   bad index
//   presslens::IoError    -> OSError      a path that cannot be read or written
//   presslens::Interrupted -> KeyboardInterrupt  the caller asked the scan to stop
// A problem limited to one document is never an exception: it becomes a warning record.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace presslens {

/// A file or folder could not be read or written. Carries the path and the OS reason.
class IoError : public std::runtime_error {
 public:
  IoError(std::string path, const std::string& what)
      : std::runtime_error(what), path_(std::move(path)) {}
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// Thrown by a long scan when its `Interrupt` callback returned true.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

/// Polled by long scans (from the thread that started them, never from workers)
/// roughly every few milliseconds; returning true stops the scan with `Interrupted`.
/// The Python glue checks for Ctrl-C here. An empty function never interrupts.
using Interrupt = std::function<bool()>;

}  // namespace presslens
