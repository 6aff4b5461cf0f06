// Private: per-line boilerplate rules used by corpus.cpp.
#pragma once

#include <cstdint>
#include <string_view>

namespace presslens::detail {

/// Position of a line within its document, for rules that depend on it.
struct LineContext {
  bool is_first_content_line;  // the first non-empty line (a headline, not a repeat)
  bool near_end;               // among the last three non-empty lines
};

/// The reason a single line (trimmed, non-empty) is boilerplate, judged on its own, or 0.
/// Repeated lines are detected by the caller, which sees the whole document and corpus.
[[nodiscard]] std::uint8_t classify_line(std::string_view line, const LineContext& ctx);
/// The same, with `scratch` as working space (kept from one line to the next: no allocation).
[[nodiscard]] std::uint8_t classify_line(std::string_view line, const LineContext& ctx,
                                         std::string& scratch);

}  // namespace presslens::detail
