/** Parses the server's timestamps (ISO with or without Z, or epoch ms). */
export function parseTimestamp(value: string | number | undefined): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatTime(value: string | number | undefined): string {
  const date = parseTimestamp(value);
  return date ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

/** Duration between two timestamps, e.g. "1.2s"; empty if either is missing. */
export function formatDuration(start: string | number | undefined, end: string | number | undefined): string {
  const from = parseTimestamp(start);
  const to = parseTimestamp(end);
  if (!from || !to) return '';
  const ms = Math.max(0, to.getTime() - from.getTime());
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** The history group of a date: a translation key under `history.groups`, or a month label. */
export type DateGroup = 'today' | 'yesterday' | 'previous7Days' | 'previous30Days' | 'older' | { month: string };

/** Groups items by today, yesterday, the previous 7 days, the previous 30 days, then month. */
export function dateGroup(value: string | number, now: Date = new Date()): DateGroup {
  const date = parseTimestamp(value);
  if (!date) return 'older';
  const startOfToday = new Date(now);
  startOfToday.setHours(0, 0, 0, 0);
  const day = new Date(date);
  day.setHours(0, 0, 0, 0);
  const days = Math.round((startOfToday.getTime() - day.getTime()) / 86_400_000);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days <= 7) return 'previous7Days';
  if (days <= 30) return 'previous30Days';
  return { month: date.toLocaleDateString(undefined, { month: 'long', year: 'numeric' }) };
}
