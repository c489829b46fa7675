"""What the bench/*/report.py scripts share: the date and machine lines of a section, and
writing that section into docs/BENCHMARKS.md between its markers, so that the other
benchmarks' sections stay as they are."""
import datetime
import os
import platform

# The document's start when it does not exist yet.
HEADER = """# Benchmarks

`make bench` runs every `bench/*/run` script. Each one regenerates its own section below, with
the date, the machine and the load it ran under: figures from a shared, noisy 2-core machine
are comparable within one run, not across runs.
"""


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def date_and_machine():
    """The "- Date:" and "- Machine:" lines every section starts with."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return [f"- Date: {now}",
            f"- Machine: {os.cpu_count()} cores, {cpu_model()}, Linux {platform.release()}"]


def write_section(doc_path, begin, end, section):
    """Replaces the text from `begin` to `end` in `doc_path` with `section` (which starts with
    `begin` and ends with `end`), or appends it when the markers are not there yet; prints it."""
    text = open(doc_path).read() if os.path.exists(doc_path) else HEADER
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    with open(doc_path, "w") as f:
        f.write(text)
    print(section)
