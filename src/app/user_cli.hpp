#pragma once
#include <string>

namespace chainlit {

struct user_cli_args {
    std::string action; ///< add, list or remove
    std::string name;
    std::string display_name;
    bool password_stdin = false;
};

/// Runs `user <action>` against the database at `database_url`. Returns the exit code: 0, 1 on
/// a database error, 2 on bad usage or when persistence is off.
int run_user_command(const user_cli_args& a, const std::string& database_url);

} // namespace chainlit
