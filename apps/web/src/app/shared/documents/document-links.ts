import { JOB_DESCRIPTION_ARCHIVE_PATH, jobDescriptionPdfPath } from '@tdgen/contracts';
import { API_PREFIX } from '@tdgen/contracts';

/** The router path of a description's document view. */
export function documentRoute(id: number): (string | number)[] {
  return ['/job-descriptions', id, 'document'];
}

/** Where the browser downloads a description's PDF. */
export function pdfUrl(id: number): string {
  return `/${API_PREFIX}/${jobDescriptionPdfPath(id)}`;
}

/** Where the browser downloads the ZIP of the selected descriptions, or of all carrying a tag. */
export function archiveUrl(selection: { ids: readonly number[] } | { tag: string }): string {
  const query =
    'tag' in selection ? `tag=${encodeURIComponent(selection.tag)}` : `ids=${selection.ids.map(String).join(',')}`;
  return `/${API_PREFIX}/${JOB_DESCRIPTION_ARCHIVE_PATH}?${query}`;
}
