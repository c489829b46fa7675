#include "persist_convert.hpp"

#include "chainlit/core/log.hpp"

namespace chainlit {

namespace {
std::optional<std::string> opt(const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
}
} // namespace

data::step_dict to_step_dict(const message& m) {
    data::step_dict d;
    d.id = m.id;
    d.name = m.author;
    d.type = m.type;
    d.thread_id = m.thread_id;
    d.parent_id = opt(m.parent_id);
    d.command = opt(m.command);
    d.streaming = false;
    d.is_error = m.is_error;
    d.metadata = m.metadata;
    if (!m.tags.empty())
        d.tags = m.tags;
    d.output = m.content;
    d.created_at = m.created_at;
    d.start = m.created_at;
    d.end = m.created_at;
    d.language = opt(m.language);
    return d;
}

data::step_dict to_step_dict(const step& s) {
    data::step_dict d;
    d.id = s.id;
    d.name = s.name;
    d.type = s.type;
    d.thread_id = s.thread_id;
    d.parent_id = opt(s.parent_id);
    d.streaming = false;
    d.is_error = s.is_error;
    d.metadata = metadata_with_icon(s.metadata, s.icon);
    if (!s.tags.empty())
        d.tags = s.tags;
    d.input = s.input;
    d.output = s.output;
    d.created_at = s.created_at;
    d.start = opt(s.start);
    // No end while the step runs: the data layers store the start's time then, and mark a
    // run step unfinished until its end is written (data/common.cpp step_extra).
    d.end = opt(s.end);
    d.language = opt(s.language);
    d.default_open = s.default_open;
    d.auto_collapse = s.auto_collapse;
    d.show_input = s.show_input == "false" ? json::value(false) : json::value(s.show_input);
    d.generation = s.generation;
    return d;
}

data::element_dict to_element_dict(const element& e, const std::string& thread_id,
                                   const std::string& chainlit_key) {
    data::element_dict d;
    d.id = e.id;
    d.thread_id = thread_id;
    d.type = e.type;
    d.url = opt(e.url);
    d.chainlit_key = opt(chainlit_key);
    d.name = e.name;
    d.display = e.display;
    d.size = opt(e.size);
    if (!e.props.is_null())
        d.props = e.props;
    d.page = e.page;
    d.language = opt(e.language);
    d.for_id = opt(e.for_id);
    d.mime = e.effective_mime();
    return d;
}

persister::write_op element_write(data::element_dict row, std::filesystem::path content,
                                  std::shared_ptr<element_storage> files) {
    return [row = std::move(row), content = std::move(content),
            files = std::move(files)](data::data_layer& d) mutable -> result<void> {
        if (files && !content.empty() && row.thread_id) {
            const auto key = element_object_key(*row.thread_id, row.id);
            if (auto stored = files->put_file(key, content); stored)
                row.object_key = key;
            else
                log().error("element {}: cannot store its bytes under {}: {}", row.id, key,
                            stored.error().message());
        }
        return d.create_element(row);
    };
}

std::string element_file_url(std::string_view root_path, const std::string& thread_id,
                             const std::string& element_id) {
    // The CLI normalises --root-path; an app may pass run_options::root_path as it likes.
    while (!root_path.empty() && root_path.back() == '/')
        root_path.remove_suffix(1);
    std::string url;
    if (!root_path.empty() && root_path.front() != '/')
        url += '/';
    url += root_path;
    url += "/project/thread/" + thread_id + "/element/" + element_id + "/file";
    return url;
}

void link_element_file(data::element_dict& e, std::string_view root_path) {
    if (e.object_key && !e.url && e.thread_id)
        e.url = element_file_url(root_path, *e.thread_id, e.id);
}

void link_element_files(data::thread_dict& t, std::string_view root_path) {
    for (auto& e : t.elements) {
        if (!e.thread_id)
            e.thread_id = t.id;
        link_element_file(e, root_path);
    }
}

std::string element_type_for(std::string_view mime) {
    if (mime.find("image") != std::string_view::npos)
        return "image";
    if (mime == "application/pdf")
        return "pdf";
    if (mime.find("audio") != std::string_view::npos)
        return "audio";
    if (mime.find("video") != std::string_view::npos)
        return "video";
    return "file";
}

element upload_element(const session_file& f, const std::string& for_id) {
    element e;
    e.type = element_type_for(f.mime);
    e.name = f.name;
    e.display = "inline";
    e.mime = f.mime.empty() ? std::string("application/octet-stream") : f.mime;
    if (e.type == "image")
        e.size = "medium"; // Chainlit's Image default
    e.for_id = for_id;
    return e;
}

} // namespace chainlit
