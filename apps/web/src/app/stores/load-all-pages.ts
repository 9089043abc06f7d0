import { HttpClient, HttpParams } from '@angular/common/http';
import type { Page } from '@tdgen/contracts';
import { LIST_LIMIT_MAX } from '@tdgen/contracts';
import { EMPTY, Observable, expand, map, reduce } from 'rxjs';

/**
 * Fetches every page of a list endpoint. The catalogue is small (hundreds of records), so the
 * stores hold it whole and filter on the client; that keeps live events trivially applicable.
 */
export function loadAllPages<T>(http: HttpClient, url: string, params: Record<string, string> = {}): Observable<T[]> {
  const fetchPage = (offset: number) =>
    http.get<Page<T>>(url, {
      params: new HttpParams({ fromObject: { ...params, limit: String(LIST_LIMIT_MAX), offset: String(offset) } }),
    });
  return fetchPage(0).pipe(
    expand((page) => {
      const next = page.offset + page.items.length;
      return page.items.length > 0 && next < page.total ? fetchPage(next) : EMPTY;
    }),
    map((page) => page.items),
    reduce((all, items) => all.concat(items), [] as T[]),
  );
}
