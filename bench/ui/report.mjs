// Writes the "ui" section of docs/BENCHMARKS.md (between <!-- ui: begin --> and
// <!-- ui: end -->, appended when absent) from the JSON files tests/e2e/perf.test.mjs wrote.
// Usage: node report.mjs [--load-before "a b c"] [--load-after "a b c"] [--build-type T]
//        [--note TEXT] <BENCHMARKS.md> [label=]<run.json>...
// A label (e.g. before=run1.json after=run2.json, from bench/ui/run with BENCH_UI_BEFORE_DIST)
// names the UI build of a run: the tables get a "UI" column and a summary compares the labels.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, release } from "node:os";

const BEGIN = "<!-- ui: begin -->";
const END = "<!-- ui: end -->";

function parseArgs(argv) {
  const opts = { files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      opts[a.slice(2)] = argv[++i];
    } else opts.files.push(a);
  }
  if (opts.files.length < 2) throw new Error("usage: report.mjs [options] <BENCHMARKS.md> <run.json>...");
  return opts;
}

const pct = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : "n/a");

/** One line per label: mean dropped frames (share of the frames the scroll would take at 60 Hz) and open time. */
export function summarize(runs) {
  const labels = [...new Set(runs.map((r) => r.label))];
  return labels.map((label) => {
    const rs = runs.filter((r) => r.label === label);
    const sum = (f) => rs.reduce((a, r) => a + (f(r) ?? 0), 0);
    const dropped = sum((r) => r.scroll.dropped);
    const expected = sum((r) => r.scroll.frames + r.scroll.dropped);
    const mean = (f) => Math.round(sum(f) / rs.length);
    return `- **${label}** (${rs.length} runs): scroll dropped ${pct(dropped, expected)} of frames (dropped / (shown + dropped)) ` +
      `(${rs.map((r) => pct(r.scroll.dropped, r.scroll.frames + r.scroll.dropped)).join(", ")}); ` +
      `open ${mean((r) => r.open.ms)} ms on average (${rs.map((r) => r.open.ms).join(", ")}), ` +
      `longest task while opening ${mean((r) => r.open.longestTaskMs)} ms; messages mounted ${rs[0].open.mounted}; ` +
      `baseline page dropped ${pct(sum((r) => r.baseline?.dropped), sum((r) => (r.baseline?.frames ?? 0) + (r.baseline?.dropped ?? 0)))}.`;
  });
}

export function renderSection(runs, { loadBefore, loadAfter, buildType, note, date = new Date() } = {}) {
  const first = runs[0];
  const fmt = (n) => (n === null || n === undefined ? "n/a" : Number(n).toLocaleString("en-US"));
  const labelled = runs.some((r) => r.label);
  const ui = (r) => (labelled ? ` ${r.label ?? ""} |` : "");
  const uiHead = labelled ? " UI |" : "";
  const uiRule = labelled ? "---|" : "";
  const lines = [
    BEGIN,
    "",
    "## Web UI (bench/ui)",
    "",
    `- Date: ${date.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    `- Machine: ${cpus().length} cores, ${cpus()[0]?.model.trim() ?? "unknown CPU"}, Linux ${release()}; ` +
      `load average (1/5/15 min) ${loadBefore ?? "?"} before, ${loadAfter ?? "?"} after. Shared machine: other work ran too.`,
    `- Browser: Chromium ${first.chromium} headless (\`--disable-gpu\`, software rendering), viewport 1280×800. ` +
      `Server build: ${buildType ?? "unknown"}.`,
    "",
    `Method (tests/e2e/perf.test.mjs, run by bench/ui/run; the same test runs in \`make test\` and asserts ` +
      `only correctness): tests/e2e/perf_app.cpp seeds one thread of ${fmt(first.messages)} messages ` +
      "(alternating user and assistant markdown, a code block every 25th answer) through the data layer. " +
      "**Open**: from the click on the thread in the history sidebar to the first frame painted with its last " +
      "message (includes the socket reconnect, the server reading the thread from SQLite and React rendering " +
      "it); *longest task* is the longest main-thread task meanwhile (PerformanceObserver `longtask`). " +
      "**Scroll**: the message list is scrolled from the bottom to the top, 120 px per animation frame " +
      "(a fast fling); *dropped* = Σ(round(rAF delta / 16.7 ms) − 1), *long* = frames over 50 ms; " +
      "*baseline* is the same scroll over a plain page of static paragraphs of the same height in the same " +
      "browser, i.e. what this machine and software rendering allow at best. " +
      `Afterwards the test walks the list and checks that all ${fmt(first.messages)} messages can be reached. ` +
      "*Messages mounted* counts the message elements in the page once the thread is open (the list is " +
      "virtualised from 200 items: only those near the screen are). " +
      `**Stream**: the app streams ${fmt(first.tokens)} tokens (\`w0 w1 …\`) on a fixed schedule of ` +
      `${fmt(first.rate)} tokens/s; a MutationObserver records each rendered update of the reply. ` +
      "*Lag* at an update is how long the oldest token not shown before it had been waiting since its " +
      "scheduled send time (an upper bound when the server sends late); *last token* = time from the " +
      "server sending the last token to the page showing it. The test checks the final text is complete.",
    "",
    ...(note ? [note, ""] : []),
    ...(labelled ? [...summarize(runs), ""] : []),
    `| run |${uiHead} open ms | messages mounted | open: longest task ms | scroll px | scroll frames | dropped | long frames | p95 frame ms | baseline: frames | baseline: dropped |`,
    `|---:|${uiRule}---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...runs.map((r, i) =>
      `| ${i + 1} |${ui(r)} ${fmt(r.open.ms)} | ${fmt(r.open.mounted)} | ${fmt(r.open.longestTaskMs)} | ${fmt(r.scroll.heightPx)} | ` +
      `${fmt(r.scroll.frames)} | ${fmt(r.scroll.dropped)} | ${fmt(r.scroll.long)} | ${r.scroll.p95FrameMs} | ` +
      `${fmt(r.baseline?.frames)} | ${fmt(r.baseline?.dropped)} |`),
    "",
    `| run |${uiHead} sent tokens/s | renders | tokens/render | lag p50 ms | lag p95 ms | lag max ms | last token ms | frames | dropped | long frames | longest task ms |`,
    `|---:|${uiRule}---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...runs.map((r, i) => {
      const s = r.stream;
      return `| ${i + 1} |${ui(r)} ${fmt(s.sentRate)} | ${fmt(s.renders)} | ${s.tokensPerRender} | ${fmt(s.lagP50Ms)} | ` +
        `${fmt(s.lagP95Ms)} | ${fmt(s.lagMaxMs)} | ${fmt(s.finalLagMs)} | ${fmt(s.frames)} | ${fmt(s.dropped)} | ` +
        `${fmt(s.long)} | ${fmt(s.longestTaskMs)} |`;
    }),
    "",
    END,
  ];
  return lines.join("\n");
}

export function replaceSection(doc, section) {
  const b = doc.indexOf(BEGIN);
  const e = doc.indexOf(END);
  if (b >= 0 && e > b) return doc.slice(0, b) + section + doc.slice(e + END.length);
  return doc.replace(/\n*$/, "\n\n") + section + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const opts = parseArgs(process.argv.slice(2));
  const [target, ...files] = opts.files;
  const runs = files.map((arg) => {
    const m = /^([\w-]+)=(.+)$/.exec(arg);
    const run = JSON.parse(readFileSync(m ? m[2] : arg, "utf8"));
    return m ? { ...run, label: m[1] } : run;
  });
  const section = renderSection(runs, {
    loadBefore: opts["load-before"], loadAfter: opts["load-after"], buildType: opts["build-type"], note: opts.note,
  });
  writeFileSync(target, replaceSection(readFileSync(target, "utf8"), section));
  console.log(`bench/ui: wrote the ui section of ${target} (${runs.length} runs)`);
}
