// One Redis connection on Asio, with hiredis for the protocol (redis_client.hpp).
#include "redis_client.hpp"

#include "chainlit/core/log.hpp"

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <hiredis/hiredis.h>

#include <array>
#include <atomic>
#include <deque>

namespace chainlit::cluster {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

using reply_handler = asio::any_completion_handler<void(std::exception_ptr, redis_reply)>;

std::string format_command(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    char* cmd = nullptr;
    const int len =
        redisFormatCommandArgv(&cmd, static_cast<int>(args.size()), argv.data(), lens.data());
    if (len < 0)
        throw std::bad_alloc();
    std::string out(cmd, static_cast<std::size_t>(len));
    redisFreeCommand(cmd);
    return out;
}

redis_reply convert(const redisReply& r) {
    redis_reply out;
    switch (r.type) {
    case REDIS_REPLY_STATUS:
        out.type = redis_reply::kind::status;
        break;
    case REDIS_REPLY_ERROR:
        out.type = redis_reply::kind::error;
        break;
    case REDIS_REPLY_INTEGER:
        out.type = redis_reply::kind::integer;
        out.integer = r.integer;
        return out;
    case REDIS_REPLY_STRING:
        out.type = redis_reply::kind::string;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = redis_reply::kind::array;
        out.elements.reserve(r.elements);
        for (std::size_t i = 0; i < r.elements; ++i)
            out.elements.push_back(convert(*r.element[i]));
        return out;
    default:
        return out; // nil
    }
    out.str.assign(r.str, r.len);
    return out;
}

struct reader_deleter {
    void operator()(redisReader* r) const noexcept { redisReaderFree(r); }
};

} // namespace

struct redis_client::state : std::enable_shared_from_this<redis_client::state> {
    state(asio::any_io_executor ex, redis_endpoint e, redis_client_options o)
        : strand(asio::make_strand(ex)), ep(std::move(e)), opts(o), sock(strand),
          backoff_timer(strand), watchdog_timer(strand) {}

    asio::strand<asio::any_io_executor> strand;
    redis_endpoint ep;
    redis_client_options opts;
    std::atomic<bool> up{false};

    // Everything below is touched on the strand only.
    bool stopped = false;
    tcp::socket sock;
    asio::steady_timer backoff_timer;
    asio::steady_timer watchdog_timer;
    std::unique_ptr<redisReader, reader_deleter> reader;
    struct pending_command {
        reply_handler handler;        // empty: fire and forget (send())
        asio::any_io_executor caller; // where the awaiting coroutine resumes
        clock::time_point sent;
    };
    std::deque<pending_command> pending;
    std::string out, writing;
    bool write_busy = false;
    std::uint64_t generation = 0; // of the connection; stale write completions are ignored
    bool outage_logged = false;

    static void complete(pending_command p, std::exception_ptr e, redis_reply r) {
        if (!p.handler) {
            if (e || r.type == redis_reply::kind::error)
                log().debug("redis: a command sent without waiting failed");
            return;
        }
        asio::post(p.caller, [h = std::move(p.handler), e, r = std::move(r)]() mutable {
            std::move(h)(e, std::move(r));
        });
    }

    void enqueue(std::string cmd, pending_command p) {
        if (!up || stopped) {
            complete(std::move(p),
                     std::make_exception_ptr(
                         redis_unavailable("redis " + ep.display() + " is unreachable")),
                     {});
            return;
        }
        p.sent = clock::now();
        pending.push_back(std::move(p));
        out += cmd;
        start_write();
    }

    void start_write() {
        if (write_busy || out.empty())
            return;
        write_busy = true;
        writing.swap(out);
        asio::async_write(sock, asio::buffer(writing),
                          [self = shared_from_this(),
                           gen = generation](boost::system::error_code ec, std::size_t) {
                              if (gen != self->generation)
                                  return;
                              self->write_busy = false;
                              self->writing.clear();
                              if (ec) {
                                  boost::system::error_code ignored;
                                  self->sock.close(ignored); // the read loop sees it and ends
                                  return;
                              }
                              self->start_write();
                          });
    }

    void fail_all(const std::string& why) {
        auto failed = std::move(pending);
        pending.clear();
        for (auto& p : failed)
            complete(std::move(p), std::make_exception_ptr(redis_unavailable(why)), {});
    }

    // Parses what the reader holds; returns false (and sets `why`) on a protocol error.
    bool next_reply(std::optional<redis_reply>& reply, std::string& why) {
        void* r = nullptr;
        if (redisReaderGetReply(reader.get(), &r) != REDIS_OK) {
            why = std::string("protocol error: ") + reader->errstr;
            return false;
        }
        if (r) {
            reply = convert(*static_cast<redisReply*>(r));
            freeReplyObject(r);
        }
        return true;
    }

    // Reads one reply straight from the socket (the AUTH/SELECT handshake, before `up`).
    task<std::optional<redis_reply>> read_one(std::string& why) {
        std::array<char, 512> buf;
        for (;;) {
            std::optional<redis_reply> reply;
            if (!next_reply(reply, why))
                co_return std::nullopt;
            if (reply)
                co_return reply;
            auto [ec, n] = co_await sock.async_read_some(asio::buffer(buf), use_tuple);
            if (ec) {
                why = ec.message();
                co_return std::nullopt;
            }
            redisReaderFeed(reader.get(), buf.data(), n);
        }
    }

    task<bool> connect_once(std::string& why) {
        ++generation;
        write_busy = false;
        out.clear();
        writing.clear();
        sock = tcp::socket(strand);
        reader.reset(redisReaderCreate());
        tcp::resolver resolver(strand);
        auto [rec, results] =
            co_await resolver.async_resolve(ep.host, std::to_string(ep.port), use_tuple);
        if (rec) {
            why = rec.message();
            co_return false;
        }
        asio::steady_timer deadline(strand);
        deadline.expires_after(opts.connect_timeout);
        deadline.async_wait([this](boost::system::error_code ec) {
            if (!ec)
                sock.close(ec);
        });
        auto [cec, endpoint] = co_await asio::async_connect(sock, results, use_tuple);
        deadline.cancel();
        if (cec) {
            why = cec == asio::error::bad_descriptor ? "connect timed out" : cec.message();
            co_return false;
        }
        sock.set_option(tcp::no_delay(true));
        std::vector<std::vector<std::string>> hello;
        if (!ep.password.empty())
            hello.push_back(ep.user.empty()
                                ? std::vector<std::string>{"AUTH", ep.password}
                                : std::vector<std::string>{"AUTH", ep.user, ep.password});
        if (ep.db != 0)
            hello.push_back({"SELECT", std::to_string(ep.db)});
        for (const auto& cmd : hello) {
            auto [wec, n] =
                co_await asio::async_write(sock, asio::buffer(format_command(cmd)), use_tuple);
            if (wec) {
                why = wec.message();
                co_return false;
            }
            auto reply = co_await read_one(why);
            if (!reply)
                co_return false;
            if (reply->type == redis_reply::kind::error) {
                why = cmd[0] + " refused: " + reply->str;
                co_return false;
            }
        }
        if (!opts.subscribe.empty()) {
            std::vector<std::string> cmd{"SUBSCRIBE"};
            cmd.insert(cmd.end(), opts.subscribe.begin(), opts.subscribe.end());
            auto [wec, n] =
                co_await asio::async_write(sock, asio::buffer(format_command(cmd)), use_tuple);
            if (wec) {
                why = wec.message();
                co_return false;
            }
            for (std::size_t i = 0; i < opts.subscribe.size(); ++i) {
                auto reply = co_await read_one(why);
                if (!reply)
                    co_return false;
                if (reply->type == redis_reply::kind::error) {
                    why = "SUBSCRIBE refused: " + reply->str;
                    co_return false;
                }
            }
        }
        co_return true;
    }

    // A pub/sub delivery: ["message", channel, payload] (RESP2).
    bool is_message(const redis_reply& r) const {
        return !opts.subscribe.empty() && r.type == redis_reply::kind::array &&
               r.elements.size() == 3 && r.elements[0].str == "message";
    }

    task<std::string> read_loop() {
        std::array<char, 16384> buf;
        for (;;) {
            std::string why;
            for (;;) {
                std::optional<redis_reply> reply;
                if (!next_reply(reply, why))
                    co_return why;
                if (!reply)
                    break;
                if (is_message(*reply)) {
                    if (opts.on_message)
                        opts.on_message(std::move(reply->elements[1].str),
                                        std::move(reply->elements[2].str));
                    continue;
                }
                if (!opts.subscribe.empty())
                    continue; // a (un)subscribe confirmation
                if (pending.empty())
                    co_return "a reply no command asked for";
                auto p = std::move(pending.front());
                pending.pop_front();
                if (reply->type == redis_reply::kind::error)
                    complete(std::move(p),
                             std::make_exception_ptr(redis_error("redis: " + reply->str)), {});
                else
                    complete(std::move(p), nullptr, std::move(*reply));
            }
            auto [ec, n] = co_await sock.async_read_some(asio::buffer(buf), use_tuple);
            if (ec)
                co_return ec == asio::error::eof ? std::string("closed by the server")
                                                 : ec.message();
            redisReaderFeed(reader.get(), buf.data(), n);
        }
    }

    // Drops the connection when the oldest command waits too long for its reply. A callback,
    // not a coroutine joined with the read loop: GCC 12 miscompiles awaitable operators.
    void arm_watchdog(std::uint64_t gen) {
        watchdog_timer.expires_after(opts.command_timeout / 4);
        watchdog_timer.async_wait([self = shared_from_this(), gen](boost::system::error_code ec) {
            if (ec || gen != self->generation || !self->up)
                return;
            if (!self->pending.empty() &&
                clock::now() - self->pending.front().sent > self->opts.command_timeout) {
                log().warn("redis: {} gave no reply in {} ms; reconnecting", self->ep.display(),
                           self->opts.command_timeout.count());
                boost::system::error_code ignored;
                self->sock.close(ignored); // the read loop ends and fails what is pending
                return;
            }
            self->arm_watchdog(gen);
        });
    }

    static task<void> run(std::shared_ptr<state> st) {
        auto backoff = st->opts.backoff_min;
        while (!st->stopped) {
            std::string why;
            if (co_await st->connect_once(why)) {
                backoff = st->opts.backoff_min;
                if (st->outage_logged)
                    log().info("redis: connected again to {}", st->ep.display());
                st->outage_logged = false;
                st->up = true;
                st->arm_watchdog(st->generation);
                why = co_await st->read_loop();
                st->up = false;
                st->watchdog_timer.cancel();
                boost::system::error_code ignored;
                st->sock.close(ignored);
                st->fail_all("redis " + st->ep.display() + " connection lost: " + why);
            }
            if (st->stopped)
                break;
            if (!st->outage_logged) {
                log().warn("redis: {} unreachable ({}); retrying every {} ms at most",
                           st->ep.display(), why, st->opts.backoff_max.count());
                st->outage_logged = true;
            }
            st->backoff_timer.expires_after(backoff);
            co_await st->backoff_timer.async_wait(use_tuple);
            backoff = std::min(backoff * 2, st->opts.backoff_max);
        }
        st->fail_all("redis client stopped");
    }
};

redis_client::redis_client(asio::any_io_executor ex, redis_endpoint ep, redis_client_options opts)
    : st_(std::make_shared<state>(std::move(ex), std::move(ep), opts)) {}

redis_client::~redis_client() {
    stop();
}

void redis_client::start() {
    asio::co_spawn(st_->strand, state::run(st_), asio::detached);
}

void redis_client::stop() {
    asio::dispatch(st_->strand, [st = st_] {
        st->stopped = true;
        st->up = false;
        boost::system::error_code ignored;
        st->sock.close(ignored);
        st->backoff_timer.cancel();
        st->watchdog_timer.cancel();
    });
}

asio::any_io_executor redis_client::executor() const {
    return st_->strand;
}

bool redis_client::connected() const noexcept {
    return st_->up;
}

const redis_endpoint& redis_client::endpoint() const noexcept {
    return st_->ep;
}

task<redis_reply> redis_client::command(std::vector<std::string> args) {
    std::vector<std::vector<std::string>> one;
    one.push_back(std::move(args));
    co_return co_await batch(std::move(one));
}

task<redis_reply> redis_client::batch(std::vector<std::vector<std::string>> cmds) {
    // All but the last are fire and forget; every one goes in the same strand hop, so the
    // block reaches Redis whole.
    std::vector<std::string> formatted;
    formatted.reserve(cmds.size());
    for (const auto& c : cmds)
        formatted.push_back(format_command(c));
    auto st = st_;
    asio::any_io_executor caller = co_await asio::this_coro::executor;
    // Named, not a temporary inside the co_await: GCC 12 destroys such a lambda's captures
    // twice (docs/ARCHITECTURE.md, compiler notes).
    auto initiation = [st, caller](auto handler, std::vector<std::string> formatted) {
        state::pending_command p{reply_handler(std::move(handler)), caller, {}};
        asio::dispatch(st->strand,
                       [st, p = std::move(p), formatted = std::move(formatted)]() mutable {
                           for (std::size_t i = 0; i + 1 < formatted.size(); ++i)
                               st->enqueue(std::move(formatted[i]), state::pending_command{});
                           st->enqueue(std::move(formatted.back()), std::move(p));
                       });
    };
    co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&,
                                            void(std::exception_ptr, redis_reply)>(
        initiation, asio::use_awaitable, std::move(formatted));
}

void redis_client::send(std::vector<std::string> args) {
    auto cmd = format_command(args);
    asio::dispatch(st_->strand, [st = st_, cmd = std::move(cmd)]() mutable {
        st->enqueue(std::move(cmd), state::pending_command{});
    });
}

} // namespace chainlit::cluster
