// libFuzzer target for GET /project/translations' handling of untrusted input: the `language`
// query value and an app's translation file. The first line of the input is the language, the
// rest is the text of the app's file for that language (and for its base language).
// Invariants checked: no crash or UB; a canonical tag holds only ASCII letters, digits and '-',
// is at most max_tag_size long, never "." or "..", and is its own canonical form; every name
// of its chain is canonical too; the merge always yields an object, and the language it names
// is canonical.
#include "app/translations.hpp"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

using namespace chainlit;
namespace tr = chainlit::translations;

namespace {

void check(bool ok) {
    if (!ok)
        std::abort();
}

void check_canonical(const std::string& tag) {
    check(!tag.empty() && tag.size() <= tr::max_tag_size);
    for (unsigned char c : tag)
        check((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-');
    check(tag.front() != '-' && tag.find("..") == std::string::npos);
    check(tr::canonical_tag(tag) == tag);
}

class one_file final : public tr::source {
public:
    one_file(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {}
    std::optional<std::string> read(std::string_view name) const override {
        if (name == name_ || name == name_.substr(0, name_.find('-')))
            return text_;
        return std::nullopt;
    }
    std::vector<std::string> names() const override { return {name_}; }

private:
    std::string name_;
    std::string text_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const auto nl = in.find('\n');
    const std::string_view language = in.substr(0, nl);
    const std::string_view file =
        nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);

    auto tag = tr::canonical_tag(language);
    if (!tag)
        return 0;
    check_canonical(*tag);
    const auto names = tr::chain(*tag);
    check(!names.empty() && names.front() == "en-US");
    for (const auto& n : names)
        check_canonical(n);

    one_file app(*tag, std::string(file));
    const tr::source* sources[] = {&tr::builtin_source(), &app};
    auto result = tr::merged(*tag, sources);
    check_canonical(result.language);
    check(result.strings.contains("chat")); // English is always the first layer
    return 0;
}
