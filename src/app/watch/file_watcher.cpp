#include "file_watcher.hpp"

#include "chainlit/core/log.hpp"

#include <cerrno>
#include <cstring>
#include <sys/inotify.h>
#include <system_error>
#include <unistd.h>

namespace chainlit::watch {

namespace fs = std::filesystem;

namespace {
// A save as editors do it: written in place, renamed over, or removed; folders created.
constexpr std::uint32_t events =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE;
} // namespace

file_watcher::file_watcher(skip_fn skip)
    : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)), skip_(std::move(skip)) {
    if (fd_ < 0)
        throw std::system_error(errno, std::generic_category(), "inotify_init1");
}

file_watcher::~file_watcher() {
    ::close(fd_);
}

void file_watcher::add_tree(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec) || skip_(root))
        return;
    const int wd = ::inotify_add_watch(fd_, root.c_str(), events);
    if (wd < 0) {
        // ENOSPC: fs.inotify.max_user_watches is reached. Say so once per folder; the rest
        // of the tree is still watched.
        log().warn("watch: cannot watch {}: {}", root.string(), std::strerror(errno));
        return;
    }
    dirs_[wd] = root;
    for (fs::directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec))
        if (it->is_directory(ec) && !it->is_symlink(ec))
            add_tree(it->path());
}

std::vector<fs::path> file_watcher::take_changes() {
    std::vector<fs::path> out;
    alignas(inotify_event) char buf[16 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0)
            break; // EAGAIN: nothing more now
        for (ssize_t off = 0; off < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
            off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            if (ev->mask & IN_IGNORED) {
                dirs_.erase(ev->wd);
                continue;
            }
            const auto dir = dirs_.find(ev->wd);
            if (dir == dirs_.end() || ev->len == 0)
                continue;
            const fs::path path = dir->second / ev->name;
            if ((ev->mask & IN_ISDIR) != 0) {
                if (ev->mask & (IN_CREATE | IN_MOVED_TO))
                    add_tree(path); // a new folder of sources (files saved in it follow)
                continue;
            }
            if (ev->mask & IN_CREATE)
                continue; // its IN_CLOSE_WRITE follows once it is written
            out.push_back(path);
        }
    }
    return out;
}

} // namespace chainlit::watch
