/** Durations as the crisis pages show them: a countdown clock, and a deadline in words. */
import type { TFunction } from 'i18next';

/** 1:02:03 or 4:05, from whole seconds (the sign is the caller's). */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The largest whole unit that keeps the number readable: 90 s, 45 min, 36 h, 42 d. */
export function duration(seconds: number, t: TFunction): string {
  if (seconds < 120) return t('hl.duration.seconds', { count: Math.round(seconds) });
  if (seconds < 2 * 3600) return t('hl.duration.minutes', { count: Math.round(seconds / 60) });
  if (seconds < 2 * 86_400) return t('hl.duration.hours', { count: Math.round(seconds / 3600) });
  return t('hl.duration.days', { count: Math.round(seconds / 86_400) });
}

/** A position of the record (1e-7 degree integers) as 15.312° N 117.556° E. */
export function position(p: { lat: number; lon: number }): string {
  const part = (scaled: number, positive: string, negative: string) =>
    `${Number((Math.abs(scaled) / 1e7).toFixed(4))}° ${scaled >= 0 ? positive : negative}`;
  return `${part(p.lat, 'N', 'S')} ${part(p.lon, 'E', 'W')}`;
}
