#pragma once
// Saved files under a set of folders, through Linux's inotify: one watch per folder, added for
// new folders as they appear. inotify is the kernel's own interface (sys/inotify.h); the
// wrappers packaged for it add nothing this needs.
#include <filesystem>
#include <functional>
#include <map>
#include <vector>

namespace chainlit::watch {

class file_watcher {
public:
    /// Folders for which this is true are not watched, nor anything under them (build trees,
    /// node_modules, version control).
    using skip_fn = std::function<bool(const std::filesystem::path& dir)>;
    /// Throws std::system_error when inotify is not available.
    explicit file_watcher(skip_fn skip);
    ~file_watcher();
    file_watcher(const file_watcher&) = delete;
    file_watcher& operator=(const file_watcher&) = delete;

    /// Watches `root` and every folder under it.
    void add_tree(const std::filesystem::path& root);
    /// For poll(): readable when changes are pending.
    int fd() const noexcept { return fd_; }
    /// The files written, moved or removed since the last call (without blocking), in order.
    std::vector<std::filesystem::path> take_changes();
    std::size_t folder_count() const noexcept { return dirs_.size(); }

private:
    int fd_;
    skip_fn skip_;
    std::map<int, std::filesystem::path> dirs_;
};

} // namespace chainlit::watch
