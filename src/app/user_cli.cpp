// `user add|list|remove`: manage the users of the app's data layer from the command line.
// Passwords are read from standard input (never from argv, where `ps` would show them) and
// stored only as argon2id hashes.
#include "user_cli.hpp"

#include "chainlit/auth/password.hpp"
#include "chainlit/data/data_layer.hpp"

#include <iostream>

namespace chainlit {

int run_user_command(const user_cli_args& a, const std::string& database_url) {
    if (database_url.empty()) {
        std::cerr << "error: persistence is off: set DATABASE_URL (e.g. sqlite://.chainlit/"
                     "chainlit.db) or call app.data_layer(url) in the app\n";
        return 2;
    }
    auto opened = data::make_data_layer(database_url);
    if (!opened) {
        std::cerr << "error: cannot open the database " << data::redact_url(database_url) << ": "
                  << opened.error().message() << "\n";
        return 2;
    }
    auto& db = **opened;
    if (a.action == "list") {
        auto users = db.list_users();
        if (!users) {
            std::cerr << "error: " << users.error().message() << "\n";
            return 1;
        }
        for (const auto& u : *users)
            std::cout << u.identifier << (u.display_name ? "\t" + *u.display_name : "") << "\n";
        return 0;
    }
    if (a.name.empty()) {
        std::cerr << "error: a user name is required\n";
        return 2;
    }
    if (a.action == "remove") {
        auto removed = db.delete_user(a.name);
        if (!removed) {
            std::cerr << "error: " << removed.error().message() << "\n";
            return 1;
        }
        if (!*removed) {
            std::cerr << "error: no user named " << a.name << "\n";
            return 1;
        }
        std::cout << "removed " << a.name << "\n";
        return 0;
    }
    // add (or update)
    data::user row;
    row.identifier = a.name;
    if (!a.display_name.empty())
        row.display_name = a.display_name;
    auto created = db.create_user(row);
    if (!created) {
        std::cerr << "error: " << created.error().message() << "\n";
        return 1;
    }
    if (a.password_stdin) {
        std::string password;
        std::getline(std::cin, password);
        if (password.empty()) {
            std::cerr << "error: an empty password was read from standard input\n";
            return 2;
        }
        auto hash = auth::hash_password(password);
        if (!hash) {
            std::cerr << "error: " << hash.error().message() << "\n";
            return 1;
        }
        if (auto set = db.set_password_hash(a.name, *hash); !set) {
            std::cerr << "error: " << set.error().message() << "\n";
            return 1;
        }
    }
    std::cout << (a.password_stdin ? "user " + a.name + " saved, with a password\n"
                                   : "user " + a.name + " saved\n");
    return 0;
}

} // namespace chainlit
