#include "chainlit/http/static_files.hpp"

namespace chainlit::http {

namespace fs = std::filesystem;

bool is_safe_relative_path(std::string_view rel) noexcept {
    if (rel.empty() || rel.front() == '/' || rel.find('\\') != std::string_view::npos ||
        rel.find('\0') != std::string_view::npos)
        return false;
    std::size_t start = 0;
    while (start <= rel.size()) {
        const auto slash = rel.find('/', start);
        const auto seg = rel.substr(start, slash - start);
        if (seg == "..")
            return false;
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return true;
}

response serve_static(const fs::path& root, std::string_view relative) {
    if (!is_safe_relative_path(relative))
        return response::error(400, "Invalid path");
    std::error_code ec;
    const fs::path base = fs::canonical(root, ec);
    if (ec)
        return response::error(404, "Not Found");
    const fs::path target = fs::weakly_canonical(base / fs::path(relative), ec);
    if (ec)
        return response::error(404, "Not Found");
    // A symlink inside root may point outside it: compare resolved paths.
    auto [b, t] = std::mismatch(base.begin(), base.end(), target.begin(), target.end());
    if (b != base.end())
        return response::error(400, "Invalid path");
    if (!fs::is_regular_file(target, ec))
        return response::error(404, "Not Found");
    return response::file(target);
}

} // namespace chainlit::http
