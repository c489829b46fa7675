// Figures from what perf.test.mjs records in the page: requestAnimationFrame deltas, long
// tasks, and (time, last token index shown) samples of a token stream.

/** The value at fraction `p` (0..1) of the sorted values; 0 for none. */
export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const round1 = (x) => Math.round(x * 10) / 10;
export const FRAME_MS = 1000 / 60;

/**
 * frames: rAF deltas in ms. A delta of n frame periods means n-1 frames were dropped (60 Hz).
 * longTasks / loafs: durations of "longtask" and "long-animation-frame" entries.
 */
export function frameStats({ frames, longTasks = [], loafs = [] }) {
  const dropped = frames.reduce((sum, d) => sum + Math.max(0, Math.round(d / FRAME_MS) - 1), 0);
  return {
    frames: frames.length,
    dropped,
    long: frames.filter((d) => d > 50).length,
    p50FrameMs: round1(percentile(frames, 0.5)),
    p95FrameMs: round1(percentile(frames, 0.95)),
    maxFrameMs: round1(frames.length ? Math.max(...frames) : 0),
    longTasks: longTasks.length,
    longestTaskMs: Math.round(longTasks.length ? Math.max(...longTasks) : 0),
    longAnimationFrames: loafs.length,
  };
}

/**
 * samples: [{t: epoch ms, k: index of the last token shown}] in order; report: the app's
 * {tokens, rate, start_ms, last_ms}. Token k was due at start_ms + k*1000/rate (the app sends on
 * that schedule, or later when it falls behind, so the lag below is an upper bound). At each
 * render the lag is how long the oldest token not yet shown had been waiting.
 */
export function streamLag(samples, { tokens, rate, start_ms, last_ms }) {
  const due = (k) => start_ms + (k * 1000) / rate;
  const lags = samples.map((s, i) => Math.max(0, s.t - due(i === 0 ? 0 : samples[i - 1].k + 1)));
  const last = samples[samples.length - 1];
  const seconds = Math.max(1, last_ms - start_ms) / 1000;
  return {
    sentRate: Math.round((tokens - 1) / seconds),
    renders: samples.length,
    tokensPerRender: round1(tokens / Math.max(1, samples.length)),
    lagP50Ms: Math.round(percentile(lags, 0.5)),
    lagP95Ms: Math.round(percentile(lags, 0.95)),
    lagMaxMs: Math.round(lags.length ? Math.max(...lags) : 0),
    finalLagMs: last && last.k === tokens - 1 ? Math.round(last.t - last_ms) : null,
  };
}
