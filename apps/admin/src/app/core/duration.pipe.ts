import { Pipe, PipeTransform } from '@angular/core';

/**
 * Seconds as a track length (`3:05`, `1:02:03`) or, with `'span'`, as a time allowance
 * (`1 h 05 min`, `45 min`, `30 s`). Null shows as an em dash.
 */
@Pipe({ name: 'duration' })
export class DurationPipe implements PipeTransform {
  transform(seconds: number | null | undefined, style: 'clock' | 'span' = 'clock'): string {
    if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
    const total = Math.max(0, Math.round(seconds));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const pad = (n: number) => String(n).padStart(2, '0');
    if (style === 'span') {
      if (h > 0) return `${h} h ${pad(m)} min`;
      return m > 0 ? `${m} min` : `${s} s`;
    }
    return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  }
}
