#pragma once
// The files `chainlit-cpp new NAME` writes, as raw strings (template_*.cpp). Each `@NAME@` is
// replaced by the project's name and `@CONFIGURE@` by its configure command. The config.toml
// is not here: it is the library's default_config_toml(), the text `app init` writes.
#include <string_view>

namespace chainlit::tools::templates {

extern const std::string_view main_cpp;
extern const std::string_view cmakelists_txt;
extern const std::string_view readme_md;
extern const std::string_view chainlit_md;
extern const std::string_view gitignore;

} // namespace chainlit::tools::templates
