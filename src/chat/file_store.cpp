#include "file_store.hpp"

#include "chainlit/core/ids.hpp"
#include "chainlit/core/log.hpp"

#include <fstream>

namespace chainlit {

std::string extension_for_mime(std::string_view mime) {
    static constexpr std::pair<std::string_view, std::string_view> table[] = {
        {"text/plain", ".txt"},   {"application/json", ".json"}, {"application/pdf", ".pdf"},
        {"image/png", ".png"},    {"image/jpeg", ".jpg"},        {"image/gif", ".gif"},
        {"image/webp", ".webp"},  {"image/svg+xml", ".svg"},     {"audio/mpeg", ".mp3"},
        {"audio/wav", ".wav"},    {"video/mp4", ".mp4"},         {"text/csv", ".csv"},
        {"text/markdown", ".md"}, {"text/html", ".html"},
    };
    const auto base = mime.substr(0, mime.find(';'));
    for (const auto& [m, ext] : table)
        if (base == m)
            return std::string(ext);
    return "";
}

result<session_file> store_session_file(session& s, std::string name, std::string mime,
                                        std::string_view content) {
    std::error_code ec;
    std::filesystem::create_directories(s.files_dir(), ec);
    if (ec)
        return boost::system::error_code(ec.value(), boost::system::generic_category());
    session_file f;
    f.id = uuid4();
    f.name = std::move(name);
    f.mime = std::move(mime);
    f.size = content.size();
    f.path = s.files_dir() / (f.id + extension_for_mime(f.mime));
    std::ofstream out(f.path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out)
        return make_error_code(errc::unavailable);
    s.add_file(f);
    return f;
}

void remove_session_files(const session& s) {
    std::error_code ec;
    std::filesystem::remove_all(s.files_dir(), ec);
    if (ec)
        log().warn("session {}: cannot remove {}: {}", s.id(), s.files_dir().string(),
                   ec.message());
}

} // namespace chainlit
