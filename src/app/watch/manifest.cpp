#include "manifest.hpp"

#include "chainlit/core/config.hpp"
#include "chainlit/core/json.hpp"

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

namespace chainlit::watch {

namespace fs = std::filesystem;

namespace {

bool is_under(const fs::path& file, const fs::path& dir) {
    const auto rel = file.lexically_relative(dir);
    return !rel.empty() && *rel.begin() != ".." && rel.is_relative();
}

bool is_source(const fs::path& file) {
    static const std::string_view exts[] = {".cpp", ".cc",  ".cxx", ".c",   ".hpp", ".hh",
                                            ".h",   ".hxx", ".ipp", ".inl", ".tpp", ".cmake"};
    const auto ext = file.extension().string();
    for (auto e : exts)
        if (ext == e)
            return true;
    return file.filename() == "CMakeLists.txt";
}

std::string string_at(const json::object& o, std::string_view key, const fs::path& file) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string() || v->get_string().empty())
        throw config_error(file.string() + ": \"" + std::string(key) +
                           "\" is missing; re-run cmake to write it again");
    return std::string(v->get_string());
}

} // namespace

manifest read_manifest(const fs::path& file) {
    std::ifstream in(file);
    if (!in)
        throw config_error("watch mode needs " + file.string() +
                           ", which CMake's chainlit_add_app() writes next to the app's binary: "
                           "build the app with chainlit_add_app(<target> <sources>...) "
                           "(docs/guide/watch.md)");
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    auto v = json::parse(text.str(), ec);
    if (ec || !v.is_object())
        throw config_error(file.string() + " is not valid JSON; re-run cmake to write it again");
    const auto& o = v.as_object();
    manifest m;
    m.target = string_at(o, "target", file);
    m.cmake = string_at(o, "cmake", file);
    m.build_dir = string_at(o, "build_dir", file);
    m.binary = string_at(o, "binary", file);
    if (const auto* w = o.if_contains("watch"); w && w->is_array())
        for (const auto& dir : w->as_array())
            if (dir.is_string())
                m.watch.emplace_back(std::string(dir.get_string()));
    if (m.watch.empty())
        throw config_error(file.string() + ": \"watch\" lists no folder");
    return m;
}

fs::path own_manifest_path() {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        throw config_error("watch mode cannot find its own binary: " + ec.message());
    return exe.string() + ".watch.json";
}

change classify(const fs::path& file, const fs::path& app_root, const manifest& m) {
    const auto name = file.filename().string();
    if (name.empty() || name.front() == '.' || name.back() == '~')
        return change::none; // editors' swap and backup files
    if (is_under(file, m.build_dir))
        return change::none;
    const auto dot = app_root / ".chainlit";
    if (file == dot / "config.toml" || is_under(file, app_root / "public") ||
        (file.parent_path() == dot / "translations" && file.extension() == ".json") ||
        (file.parent_path() == app_root && name.starts_with("chainlit") &&
         file.extension() == ".md"))
        return change::restart;
    if (is_under(file, dot))
        return change::none; // the database, uploaded files, the demo's secret
    if (is_source(file))
        for (const auto& dir : m.watch)
            if (is_under(file, dir))
                return change::rebuild;
    return change::none;
}

std::string first_build_error(std::string_view output, std::size_t max_lines) {
    std::size_t start = std::string_view::npos;
    for (std::size_t pos = 0; pos < output.size();) {
        const auto end = std::min(output.find('\n', pos), output.size());
        const auto line = output.substr(pos, end - pos);
        // GCC and Clang write "file:line:col: error: ...", ld "... undefined reference ...",
        // and CMake "CMake Error at ...".
        if (line.find(": error:") != std::string_view::npos ||
            line.find(": fatal error:") != std::string_view::npos ||
            line.find("undefined reference to") != std::string_view::npos ||
            line.starts_with("CMake Error")) {
            start = pos;
            break;
        }
        pos = end + 1;
    }
    if (start == std::string_view::npos)
        return {};
    std::string out;
    std::size_t lines = 0;
    for (std::size_t pos = start; pos < output.size() && lines < max_lines; ++lines) {
        const auto end = std::min(output.find('\n', pos), output.size());
        const auto line = output.substr(pos, end - pos);
        // The next step's progress line or the next diagnostic ends this one.
        if (lines > 0 &&
            (line.starts_with("[") || line.find(": error:") != std::string_view::npos ||
             line.starts_with("ninja:")))
            break;
        if (!out.empty())
            out += '\n';
        out += line;
        pos = end + 1;
    }
    return out;
}

} // namespace chainlit::watch
