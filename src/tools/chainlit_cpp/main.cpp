// `chainlit-cpp`: the package's command line. Parses arguments and calls the commands.
#include "hello_command.hpp"
#include "new_project.hpp"

#include <chainlit/core/version.hpp>

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    namespace tools = chainlit::tools;
    CLI::App cli{"chainlit-cpp: start a new chat app, or run the demo."};
    cli.name("chainlit-cpp");
    cli.set_version_flag("--version", std::string("chainlit-cpp ") + chainlit::version);
    cli.require_subcommand(1, 1);

    tools::new_project_args new_args;
    std::string dir;
    auto* create = cli.add_subcommand("new", "Write a ready project in ./NAME");
    create->add_option("NAME", new_args.name, "The project's name: letters, digits, _ and -")
        ->required();
    create->add_option("--dir", dir, "Write the project into this folder instead of ./NAME");

    // Everything after `hello` is the demo's own command line (`--port 9000`, `--help`...).
    auto* hello = cli.add_subcommand("hello", "Run the demo app; the rest goes to it, e.g. "
                                              "`chainlit-cpp hello --port 9000`");
    hello->prefix_command();
    hello->set_help_flag();

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (*create) {
        new_args.dir = dir;
        return tools::new_project(new_args);
    }
    return tools::run_hello(hello->remaining());
}
