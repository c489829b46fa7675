// A minimal CLI over create_jwt/decode_jwt so tests/interop/jwt_interop.py can check tokens
// against PyJWT in both directions. Test-only: the shipped `token` command lives in the app.
//
//   auth_jwt_tool sign <secret> <user-json> <lifetime-seconds>   -> prints the token
//   auth_jwt_tool decode <secret> <token>                        -> prints the user as JSON
// Exit status 0 on success, 1 on a rejected token (message on stderr), 2 on bad usage.
#include "chainlit/auth/jwt.hpp"

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

using namespace chainlit;

int main(int argc, char** argv) {
    try {
        const std::string cmd = argc > 1 ? argv[1] : "";
        if (cmd == "sign" && argc == 5) {
            auto u = auth::user_from_json(json::parse(argv[3]).as_object());
            if (!u) {
                std::cerr << "bad user: " << u.error().message() << "\n";
                return 2;
            }
            // user_from_json drops nothing a caller set: persisted fields go into the claims.
            std::cout << auth::create_jwt(*u, argv[2], std::chrono::seconds{std::stoll(argv[4])})
                      << "\n";
            return 0;
        }
        if (cmd == "decode" && argc == 4) {
            auto u = auth::decode_jwt(argv[3], argv[2]);
            if (!u) {
                std::cerr << u.error().message() << "\n";
                return 1;
            }
            std::cout << json::serialize(auth::to_json(*u)) << "\n";
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 2;
    }
    std::cerr << "usage: auth_jwt_tool sign <secret> <user-json> <lifetime-s> | decode <secret> "
                 "<token>\n";
    return 2;
}
