#include "chainlit/chat/element.hpp"

namespace chainlit {

namespace {
element make(std::string type, std::string name, std::string display) {
    element e;
    e.type = std::move(type);
    e.name = std::move(name);
    e.display = std::move(display);
    return e;
}
} // namespace

element element::text(std::string name, std::string content, std::string display,
                      std::string language) {
    auto e = make("text", std::move(name), std::move(display));
    e.content = std::move(content);
    e.language = std::move(language);
    return e;
}

element element::image(std::string name, std::string bytes, std::string mime, std::string display,
                       std::string size) {
    auto e = make("image", std::move(name), std::move(display));
    e.content = std::move(bytes);
    e.mime = std::move(mime);
    e.size = std::move(size);
    return e;
}

element element::image_url(std::string name, std::string url, std::string display) {
    auto e = make("image", std::move(name), std::move(display));
    e.url = std::move(url);
    e.size = "medium";
    return e;
}

element element::file(std::string name, std::string bytes, std::string mime, std::string display) {
    auto e = make("file", std::move(name), std::move(display));
    e.content = std::move(bytes);
    e.mime = std::move(mime);
    return e;
}

element element::pdf(std::string name, std::string bytes, std::string display,
                     std::optional<int> page) {
    auto e = make("pdf", std::move(name), std::move(display));
    e.content = std::move(bytes);
    e.mime = "application/pdf";
    e.page = page;
    return e;
}

element element::audio(std::string name, std::string bytes, std::string mime, bool auto_play) {
    auto e = make("audio", std::move(name), "inline");
    e.content = std::move(bytes);
    e.mime = std::move(mime);
    e.auto_play = auto_play;
    return e;
}

element element::video(std::string name, std::string bytes, std::string mime) {
    auto e = make("video", std::move(name), "inline");
    e.content = std::move(bytes);
    e.mime = std::move(mime);
    return e;
}

element element::plotly(std::string name, const json::value& figure, std::string display) {
    auto e = make("plotly", std::move(name), std::move(display));
    e.content = json::serialize(figure);
    e.size = "medium";
    return e;
}

element element::tasklist(std::string status, json::array tasks) {
    auto e = make("tasklist", "tasklist", "inline");
    e.content =
        json::serialize(json::object{{"status", std::move(status)}, {"tasks", std::move(tasks)}});
    return e;
}

element element::custom(std::string name, json::value props, std::string display) {
    auto e = make("custom", std::move(name), std::move(display));
    e.content = json::serialize(props);
    e.props = std::move(props);
    return e;
}

std::string element::effective_mime() const {
    if (!mime.empty())
        return mime;
    if (type == "text")
        return "text/plain";
    if (type == "tasklist" || type == "plotly" || type == "custom" || type == "dataframe")
        return "application/json";
    if (type == "pdf")
        return "application/pdf";
    return "application/octet-stream";
}

} // namespace chainlit
