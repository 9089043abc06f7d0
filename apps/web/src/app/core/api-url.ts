import { API_PREFIX } from '@tdgen/contracts';

/** Absolute path of an API endpoint, e.g. `apiUrl('job-tasks', 5)` → `/api/job-tasks/5`. */
export function apiUrl(...segments: (string | number)[]): string {
  return ['', API_PREFIX, ...segments.map((s) => encodeURIComponent(String(s)))].join('/');
}
