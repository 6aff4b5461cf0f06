// Private: the keys names are compared by (names.cpp), for the gazetteer, entity detection
// and resolution. transliteration_key, the key of person names, is public (entities.hpp).
//
//   detail::form_key("The Kremlin") == "kremlin";  detail::initials("Tarsk Press Agency") == "TPA"
//
// Offsets and lengths are UTF-8 bytes; none of these throws but for std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace presslens::detail {

/// Lower-cased, typographically folded, without a leading "the ": the key of gazetteer forms.
[[nodiscard]] std::string form_key(std::string_view s);

/// form_key(s) into `out`; `scratch` is working space. Both keep their capacity, so that a
/// caller looking up many spans allocates nothing once they are large enough.
void form_key_into(std::string& out, std::string& scratch, std::string_view s);

/// Each word's first letter upper-cased when it is an ASCII lower-case letter ("Russian
/// foreign ministry" -> "Russian Foreign Ministry"); words are separated by ' '.
[[nodiscard]] std::string title_case(std::string_view s);

/// True when `w` holds an ASCII capital and no ASCII lower-case letter ("NATO", "R.C.").
[[nodiscard]] bool is_caps(std::string_view w);

/// The ASCII capitals that start the words of `name`, words split at ' ' and '-'
/// ("Tarsk Press Agency" -> "TPA").
[[nodiscard]] std::string initials(std::string_view name);

}  // namespace presslens::detail
