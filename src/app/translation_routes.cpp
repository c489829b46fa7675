// GET /project/translations (spec C.2): the UI's strings for the browser's language, English
// where the language has no string, with the app's `.chainlit/translations/<lang>.json`
// layered on top, as Chainlit lets apps do. No login needed: the login page is translated too.
#include "app_impl.hpp"
#include "chainlit/core/log.hpp"
#include "translations.hpp"

namespace chainlit {

void app::impl::add_translation_routes() {
    using http::method;
    using http::request;
    using http::response;

    routes.add(
        method::get, "/project/translations",
        [this](request& req) -> task<response> {
            const std::string asked = req.query_param("language").value_or("en-US");
            auto tag = translations::canonical_tag(asked);
            if (!tag)
                co_return response::error(
                    400, "language must be a BCP 47 tag such as en-US or pt-BR, of at most " +
                             std::to_string(translations::max_tag_size) + " characters");
            // A language fixed in the config wins over the browser's (spec G.2 ui.language).
            if (const auto* fixed = config.ui.if_contains("language");
                fixed && fixed->is_string() && !fixed->as_string().empty()) {
                if (auto forced = translations::canonical_tag(fixed->as_string()))
                    tag = std::move(forced);
            }
            const auto app_dir =
                translations::directory_source(opts.app_root / ".chainlit" / "translations");
            const translations::source* sources[] = {&translations::builtin_source(),
                                                     app_dir.get()};
            auto result = translations::merged(*tag, sources);
            for (const auto& problem : result.problems)
                log().warn("[{}] translations: {}", req.request_id(), problem);
            auto res = response::json(json::object{{"translation", std::move(result.strings)}});
            res.set_header("Content-Language", result.language);
            co_return res;
        },
        http::route_priority::builtin);
}

} // namespace chainlit
