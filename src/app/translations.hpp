#pragma once
// The UI's strings for a language (spec C.2 `GET /project/translations`): the built-in
// translations (frontend/src/translations, embedded in the library) layered with the app's
// `.chainlit/translations/<lang>.json`, English first, so a key a language lacks still shows.
// Internal to the app layer.
#include "chainlit/core/json.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::translations {

/// Longer language values are refused (a BCP 47 tag of the protocol's pattern is at most 39).
inline constexpr std::size_t max_tag_size = 40;
/// An app's translation file larger than this is skipped: the UI's strings are a few kB.
inline constexpr std::uintmax_t max_file_size = 1 << 20;

/// `tag` with each subtag in its usual case ("pt-br" -> "pt-BR", "zh-hant-tw" ->
/// "zh-Hant-TW") when it matches the protocol's BCP 47 pattern (spec C.2) and has at most
/// max_tag_size characters; nullopt otherwise. A canonical tag holds only ASCII letters, digits
/// and '-', so it is safe as a file name.
std::optional<std::string> canonical_tag(std::string_view tag);

/// The names whose files are layered for a canonical tag, least specific first: "en-US", the
/// base language ("fr"), then the tag itself ("fr-CA"), without repeats.
std::vector<std::string> chain(std::string_view canonical);

/// Where translation files come from. Names are canonical tags; implementations never read a
/// file outside their own folder.
class source {
public:
    virtual ~source() = default;
    /// The text of `<name>.json`, if there is one.
    virtual std::optional<std::string> read(std::string_view name) const = 0;
    /// The names of every file, sorted (for the regional fallback: "pt" -> "pt-BR").
    virtual std::vector<std::string> names() const = 0;
};

/// The translations embedded in the library.
const source& builtin_source();
/// The `*.json` files directly in `dir` (none when it does not exist). Files that resolve
/// outside `dir` (symbolic links) or are larger than max_file_size are not read.
std::unique_ptr<source> directory_source(std::filesystem::path dir);

struct result {
    json::object strings;
    /// The most specific name a file was found for ("fr" for fr-CA), "en-US" when none.
    std::string language;
    /// Files skipped because they are not a JSON object, for the caller to log.
    std::vector<std::string> problems;
};

/// For each name of chain(canonical), each source's file merged in, in order: later ones win,
/// objects are merged key by key. The base language's file is `<base>.json`, else the first
/// `<base>-*.json` of that source (a regional variant).
result merged(std::string_view canonical, std::span<const source* const> sources);

/// Merges `overlay` into `base`: objects key by key, anything else replaced.
void merge_into(json::object& base, const json::object& overlay);

} // namespace chainlit::translations
