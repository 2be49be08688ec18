// Times and durations for people.

/** duration is a number of seconds as "1h2m", "3m4s" or "5s". */
export function duration(seconds: number): string {
  if (!isFinite(seconds) || seconds < 0) {
    return '';
  }
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (d > 0) {
    return `${d}d${h}h`;
  }
  if (h > 0) {
    return `${h}h${m}m`;
  }
  if (m > 0) {
    return `${m}m${r}s`;
  }
  return `${r}s`;
}

/** runDuration is how long something ran: from start to finish, or to now while it runs. */
export function runDuration(started?: string, finishedAt?: string, now = Date.now()): string {
  if (!started) {
    return '';
  }
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return duration((end - Date.parse(started)) / 1000);
}

/** ago is how long ago an RFC 3339 time was: "5m ago". */
export function ago(time?: string, now = Date.now()): string {
  if (!time) {
    return '';
  }
  const secs = (now - Date.parse(time)) / 1000;
  if (secs < 0) {
    return 'in ' + duration(-secs);
  }
  return duration(secs) + ' ago';
}

/** localTime is an RFC 3339 time in the browser's time zone, to the second. */
export function localTime(time?: string): string {
  if (!time) {
    return '';
  }
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
