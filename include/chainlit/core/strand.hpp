#pragma once
// Strands over the io_context's own executor type. A strand over `any_io_executor` queries the
// type-erased executor on every dispatch, and Asio (Boost 1.81) answers such a query with a
// heap allocation: about 30 allocations per chat message (bench/realtime profile).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <stdexcept>

namespace chainlit {

using io_strand = boost::asio::strand<boost::asio::io_context::executor_type>;

/// A new strand on the io_context behind `ex`. Throws std::invalid_argument if `ex` is not an
/// io_context executor (every executor the server hands out is one).
inline io_strand make_io_strand(const boost::asio::any_io_executor& ex) {
    if (const auto* io = ex.target<boost::asio::io_context::executor_type>())
        return boost::asio::make_strand(*io);
    throw std::invalid_argument("make_io_strand: not an io_context executor");
}

} // namespace chainlit
