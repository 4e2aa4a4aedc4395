// How numbers, times and states are written: every number with its unit, every time with its age.

const numberFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 6 });

/** A value with its unit ("7.25 m", "52.5 %LEL"); "no value" when the source sent none. */
export function quantity(value, unit) {
  if (value === null || value === undefined) return 'no value';
  const number = numberFormat.format(value);
  return unit ? `${number} ${unit}` : `${number} (no unit)`;
}

/** "12 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function age(iso, now = Date.now()) {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '–';
}

/** A device is stale when not heard from for this long (the server writes last-seen at most every 10 s). */
export const staleAfterMs = 2 * 60 * 1000;

export function isStale(lastSeenAt, now = Date.now()) {
  return !lastSeenAt || now - Date.parse(lastSeenAt) > staleAfterMs;
}

export const qualityText = {
  good: 'good',
  stale: 'stale (last good value repeated)',
  comm_failure: 'no answer from the instrument',
  out_of_range: 'out of range',
  sensor_fault: 'sensor fault',
};
