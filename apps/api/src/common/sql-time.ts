/** A timestamptz column as JavaScript's `toISOString()` writes it, in SQL (the DTOs' time format). */
export function isoTime(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
