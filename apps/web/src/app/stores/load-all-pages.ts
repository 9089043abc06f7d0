import { HttpClient, HttpParams } from '@angular/common/http';
import type { Page } from '@tdgen/contracts';
import { LIST_LIMIT_MAX } from '@tdgen/contracts';
import { EMPTY, Observable, expand, map, reduce } from 'rxjs';

/**
 * Fetches every page of a list endpoint, each after the previous one's keyset cursor (a record
 * created meanwhile shifts nothing). For the management pages, which hold their whole list; the
 * board's backlog searches and pages on the server instead (TaskSearchStore).
 */
export function loadAllPages<T>(http: HttpClient, url: string, params: Record<string, string> = {}): Observable<T[]> {
  const fetchPage = (cursor: string | null) =>
    http.get<Page<T>>(url, {
      params: new HttpParams({
        fromObject: { ...params, limit: String(LIST_LIMIT_MAX), ...(cursor === null ? {} : { cursor }) },
      }),
    });
  return fetchPage(null).pipe(
    expand((page) => (page.items.length > 0 && page.nextCursor ? fetchPage(page.nextCursor) : EMPTY)),
    map((page) => page.items),
    reduce((all, items) => all.concat(items), [] as T[]),
  );
}
