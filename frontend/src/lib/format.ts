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

/** Groups items by "Today", "Yesterday", "Previous 7 days", "Previous 30 days", then month. */
export function dateGroupLabel(value: string | number, now: Date = new Date()): string {
  const date = parseTimestamp(value);
  if (!date) return 'Older';
  const startOfToday = new Date(now);
  startOfToday.setHours(0, 0, 0, 0);
  const day = new Date(date);
  day.setHours(0, 0, 0, 0);
  const days = Math.round((startOfToday.getTime() - day.getTime()) / 86_400_000);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  if (days <= 7) return 'Previous 7 days';
  if (days <= 30) return 'Previous 30 days';
  return date.toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
}
