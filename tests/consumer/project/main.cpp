// The consumer test's app: one route, started on a free port, asked once over real TCP, then
// stopped. Exit code 0 proves the installed headers, libraries and CMake package work together.
#include <chainlit/chainlit.hpp>

#include <arpa/inet.h>
#include <cstdio>
#include <filesystem>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace cl = chainlit;

namespace {

// A blocking HTTP/1.0 GET with plain sockets: the consumer must not need anything the
// installed package does not provide.
std::string get(unsigned short port, const std::string& path) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return {};
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string reply;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        const std::string req = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
        if (::send(fd, req.data(), req.size(), 0) == static_cast<ssize_t>(req.size())) {
            char buf[4096];
            for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
                reply.append(buf, static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return reply;
}

} // namespace

int main(int argc, char** argv) {
    cl::app app;
    app.get("/hello/{name}", [](cl::request& req) -> cl::task<cl::response> {
        co_return cl::response::json(cl::json::object{{"hello", req.path_param("name")}});
    });
    cl::run_options opts;
    opts.port = 0;
    opts.threads = 1;
    opts.access_log = false;
    if (argc > 1)
        opts.app_root = argv[1]; // the driver's empty folder: default config
    app.start(opts);
    const unsigned short port = app.port();
    const auto reply = get(port, "/hello/consumer");
    app.stop();
    app.wait();

    const bool ok = reply.starts_with("HTTP/1.0 200") && // the server answers in our version
                    reply.find(R"({"hello":"consumer"})") != std::string::npos;
    std::printf("consumer: port %u, %s\n%s\n", port, ok ? "ok" : "FAILED", reply.c_str());
    return ok ? 0 : 1;
}
