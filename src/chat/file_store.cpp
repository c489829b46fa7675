#include "file_store.hpp"

#include "chainlit/chat/element_storage.hpp"
#include "chainlit/core/ids.hpp"
#include "chainlit/core/log.hpp"

#include <fstream>
#include <sstream>

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

namespace {

bool valid_key(std::string_view key) {
    if (key.empty() || key.size() > 512 || key.front() == '/' || key.back() == '/')
        return false;
    char prev = '/';
    for (char c : key) {
        const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!word && !(c == '/' && prev != '/'))
            return false;
        prev = c;
    }
    return true;
}

boost::system::error_code os_error(const std::error_code& ec) {
    return {ec.value(), boost::system::generic_category()};
}

class local_storage final : public element_storage {
public:
    explicit local_storage(std::filesystem::path root) : root_(std::move(root)) {}

    result<void> put_file(const std::string& key, const std::filesystem::path& source) override {
        if (!valid_key(key))
            return make_error_code(errc::invalid_argument);
        const auto target = root_ / key;
        std::error_code ec;
        std::filesystem::create_directories(target.parent_path(), ec);
        if (ec)
            return os_error(ec);
        std::filesystem::remove(target, ec); // a re-sent element replaces its bytes
        // A hard link costs no copy and keeps the bytes when the session folder goes.
        std::filesystem::create_hard_link(source, target, ec);
        if (ec) {
            ec.clear();
            std::filesystem::copy_file(source, target,
                                       std::filesystem::copy_options::overwrite_existing, ec);
        }
        if (ec)
            return os_error(ec);
        return {};
    }

    result<std::string> read(const std::string& key) override {
        if (!valid_key(key))
            return make_error_code(errc::invalid_argument);
        std::ifstream in(root_ / key, std::ios::binary);
        if (!in)
            return make_error_code(errc::not_found);
        std::ostringstream out;
        out << in.rdbuf();
        return std::move(out).str();
    }

    void remove_prefix(const std::string& prefix) override {
        if (!valid_key(prefix))
            return;
        std::error_code ec;
        std::filesystem::remove_all(root_ / prefix, ec);
        if (ec)
            log().warn("cannot remove stored files under {}: {}", prefix, ec.message());
    }

private:
    std::filesystem::path root_;
};

} // namespace

std::string element_object_key(const std::string& thread_id, const std::string& element_id) {
    return "threads/" + thread_id + "/files/" + element_id;
}

std::shared_ptr<element_storage> local_element_storage(std::filesystem::path root) {
    return std::make_shared<local_storage>(std::move(root));
}

} // namespace chainlit
