// Private: one walk over normalize_for_match(s) for each of its consumers (the string itself,
// the line hash of repeated-line detection, the lower-cased line of the boilerplate rules),
// so that the rule is written once and its word-at-a-time fast path serves all three.
#pragma once

#include <cstddef>
#include <string_view>

#include "detail/bytes.hpp"
#include "presslens/text.hpp"

namespace presslens::detail {

/// Walks normalize_for_match(s) without building it and tells `sink` what it holds, in order:
///   sink.run(p, n, spaces): n bytes copied as they are (printable ASCII but the backtick,
///     with `spaces` single spaces inside, none at either end);
///   sink.space(): one space between two words;
///   sink.cp(c) -> bool: one code point after folding, other than white space (false stops
///     the walk).
/// Returns false when the sink stopped it. Most of a line goes by runs, found 8 bytes at a
/// time; after a failed try the bytes are taken one by one for 8 bytes.
template <class Sink>
bool walk_normalized(std::string_view s, Sink& sink) {
  bool pending_space = false, any = false;
  std::size_t i = 0;
  std::size_t bytewise_until = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == ' ') {
      pending_space = any;
      ++i;
      continue;
    }
    const bool plain = b < 0x80 && b > 0x20 && b != 0x60;
    if (plain && i >= bytewise_until) {
      std::size_t spaces = 0;
      const std::size_t verbatim = verbatim_prefix(s.substr(i), spaces);
      if (verbatim == 0) {
        bytewise_until = i + 8;
      } else {
        // A trailing space stays pending: more white space may follow.
        const std::size_t trailing = s[i + verbatim - 1] == ' ' ? 1 : 0;
        if (pending_space) sink.space();
        sink.run(s.data() + i, verbatim - trailing, spaces - trailing);
        any = true;
        pending_space = trailing != 0;
        i += verbatim;
        continue;
      }
    }
    char32_t c = b;
    if (plain) {
      ++i;
    } else {
      const Decoded d = decode_utf8(s, i);
      i += d.len;
      c = fold_punct(d.cp);
      if (c == U' ' || is_space(c)) {
        pending_space = any;
        continue;
      }
    }
    if (pending_space) sink.space();
    pending_space = false;
    any = true;
    if (!sink.cp(c)) return false;
  }
  return true;
}

}  // namespace presslens::detail
