#include "translations.hpp"

#include "chainlit/app/ui_assets.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>

namespace chainlit::translations {

namespace fs = std::filesystem;

namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
char upper(char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

class builtin final : public source {
public:
    std::optional<std::string> read(std::string_view name) const override {
        auto bytes = embedded_translation_file("/" + std::string(name) + ".json");
        if (!bytes)
            return std::nullopt;
        return std::string(*bytes);
    }
    std::vector<std::string> names() const override {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < embedded_translation_file_count(); ++i) {
            std::string_view p = embedded_translation_file_path(i);
            if (p.size() > 6 && p.front() == '/' && p.ends_with(".json"))
                out.emplace_back(p.substr(1, p.size() - 6));
        }
        std::sort(out.begin(), out.end());
        return out;
    }
};

class directory final : public source {
public:
    explicit directory(fs::path dir) : dir_(std::move(dir)) {}

    std::optional<std::string> read(std::string_view name) const override {
        if (!canonical_tag(name))
            return std::nullopt; // never a path: only letters, digits and '-'
        std::error_code ec;
        const fs::path root = fs::canonical(dir_, ec);
        if (ec)
            return std::nullopt;
        const fs::path file = fs::canonical(root / (std::string(name) + ".json"), ec);
        if (ec || file.parent_path() != root || !fs::is_regular_file(file, ec))
            return std::nullopt;
        if (fs::file_size(file, ec) > max_file_size || ec)
            return std::nullopt;
        std::ifstream in(file, std::ios::binary);
        if (!in)
            return std::nullopt;
        std::ostringstream ss;
        ss << in.rdbuf();
        return std::move(ss).str();
    }

    std::vector<std::string> names() const override {
        std::vector<std::string> out;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir_, ec)) {
            if (e.path().extension() != ".json")
                continue;
            const std::string stem = e.path().stem().string();
            if (auto tag = canonical_tag(stem); tag && *tag == stem)
                out.push_back(stem);
        }
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    fs::path dir_;
};

/// The file of `name` in `src`: `<name>.json`, or for a bare language the first regional
/// variant `<name>-*.json`. Returns the name found and its text.
std::optional<std::pair<std::string, std::string>> find(const source& src, std::string_view name,
                                                        bool allow_variant) {
    if (auto text = src.read(name))
        return std::pair{std::string(name), std::move(*text)};
    if (!allow_variant)
        return std::nullopt;
    const std::string prefix = std::string(name) + "-";
    for (const auto& n : src.names())
        if (n.starts_with(prefix))
            if (auto text = src.read(n))
                return std::pair{n, std::move(*text)};
    return std::nullopt;
}

} // namespace

std::optional<std::string> canonical_tag(std::string_view tag) {
    static const std::regex pattern(
        "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,4})?(-[a-zA-Z0-9]{2,8})?(-x-[a-zA-Z0-9]{1,8})?");
    if (tag.empty() || tag.size() > max_tag_size ||
        !std::regex_match(tag.begin(), tag.end(), pattern))
        return std::nullopt;
    std::string out;
    out.reserve(tag.size());
    std::size_t index = 0;
    bool private_use = false;
    for (std::size_t start = 0; start <= tag.size();) {
        const std::size_t end = std::min(tag.find('-', start), tag.size());
        std::string part(tag.substr(start, end - start));
        if (index == 0 || private_use || part == "x" || part == "X") {
            std::transform(part.begin(), part.end(), part.begin(), lower);
            private_use = private_use || part == "x";
        } else if (part.size() == 4 && std::isalpha(static_cast<unsigned char>(part[0]))) {
            std::transform(part.begin(), part.end(), part.begin(), lower); // script: Hant
            part[0] = upper(part[0]);
        } else if (part.size() == 2) {
            std::transform(part.begin(), part.end(), part.begin(), upper); // region: BR
        } else {
            std::transform(part.begin(), part.end(), part.begin(), lower); // 419, variants
        }
        out += (index ? "-" : "") + part;
        ++index;
        start = end + 1;
    }
    return out;
}

std::vector<std::string> chain(std::string_view canonical) {
    std::vector<std::string> out{"en-US"};
    auto add = [&](std::string name) {
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(std::move(name));
    };
    add(std::string(canonical.substr(0, canonical.find('-'))));
    add(std::string(canonical));
    return out;
}

const source& builtin_source() {
    static const builtin instance;
    return instance;
}

std::unique_ptr<source> directory_source(fs::path dir) {
    return std::make_unique<directory>(std::move(dir));
}

void merge_into(json::object& base, const json::object& overlay) {
    for (const auto& [key, value] : overlay) {
        auto* mine = base.if_contains(key);
        if (mine && mine->is_object() && value.is_object())
            merge_into(mine->as_object(), value.as_object());
        else
            base[key] = value;
    }
}

result merged(std::string_view canonical, std::span<const source* const> sources) {
    result out;
    out.language = "en-US";
    const auto names = chain(canonical);
    for (std::size_t level = 0; level < names.size(); ++level) {
        const auto& name = names[level];
        // The base language may be a regional file ("pt" -> "pt-BR"); English and the exact
        // tag may not (en-US is always the first layer, fr-CA is not fr-FR).
        const bool bare = name.find('-') == std::string::npos;
        for (const source* src : sources) {
            auto found = find(*src, name, bare);
            if (!found)
                continue;
            boost::system::error_code ec;
            json::value v = json::parse(found->second, ec);
            if (ec || !v.is_object()) {
                out.problems.push_back(found->first + ".json is not a JSON object" +
                                       (ec ? ": " + ec.message() : std::string()));
                continue;
            }
            merge_into(out.strings, v.as_object());
            if (level > 0)
                out.language = found->first;
        }
    }
    return out;
}

} // namespace chainlit::translations
