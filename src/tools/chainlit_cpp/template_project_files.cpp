// The other files of a new project: its CMakeLists.txt, README, chat readme and .gitignore.
#include "templates.hpp"

namespace chainlit::tools::templates {

const std::string_view cmakelists_txt = R"tpl(cmake_minimum_required(VERSION 3.25)
project(@NAME@ LANGUAGES CXX)

find_package(chainlit REQUIRED)

# The executable, linked with chainlit, plus what `run -w` needs to rebuild it on a change.
chainlit_add_app(@NAME@ main.cpp)
)tpl";

const std::string_view readme_md = R"tpl(# @NAME@

A chainlit-cpp chat app: `main.cpp` streams its replies and serves a custom endpoint at
`/hello`.

```sh
# configure (finds the installed chainlit package)
@CONFIGURE@
# build
cmake --build build
# run, then open http://127.0.0.1:8000
./build/@NAME@
```

`./build/@NAME@ run -w` rebuilds and reloads on save. `./build/@NAME@ --help` lists the other
commands; `.chainlit/config.toml` holds the settings and `chainlit.md` the readme the chat shows.
)tpl";

const std::string_view chainlit_md = R"tpl(# Welcome to @NAME@

This is the readme the chat shows. Edit `chainlit.md` to change it, or empty it to hide it.

The app also serves a custom endpoint: [/hello](/hello).
)tpl";

const std::string_view gitignore = R"tpl(build/
.chainlit/*.db*
.chainlit/demo_secret
.chainlit/files/
.files/
.env
)tpl";

} // namespace chainlit::tools::templates
