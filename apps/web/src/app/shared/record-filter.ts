import { htmlToPlainText } from './text';
import { compareText } from '../core/collation';

/** What the backlog and the management lists filter by (docs/product.md § Job tasks), applied on the client. */
export interface RecordFilter {
  text: string;
  tags: readonly string[];
  /** Tasks only; null = any. */
  payGroup: number | null;
  /** null = any. */
  readOnlyForEditors: boolean | null;
  includeDeleted: boolean;
}

export const EMPTY_FILTER: RecordFilter = {
  text: '',
  tags: [],
  payGroup: null,
  readOnlyForEditors: null,
  includeDeleted: false,
};

interface FilterableRecord {
  title: string;
  text?: string;
  tags: readonly string[];
  payGroup?: number | null;
  readOnlyForEditors: boolean;
  deletedAt: string | null;
}

/** Case-insensitive free text over title, text and tags; every chosen tag must be present. */
export function matchesFilter(record: FilterableRecord, filter: RecordFilter): boolean {
  if (!filter.includeDeleted && record.deletedAt) return false;
  if (filter.payGroup !== null && record.payGroup !== filter.payGroup) return false;
  if (filter.readOnlyForEditors !== null && record.readOnlyForEditors !== filter.readOnlyForEditors) return false;
  const recordTags = record.tags.map((t) => t.toLowerCase());
  if (!filter.tags.every((tag) => recordTags.includes(tag.toLowerCase()))) return false;
  const needle = filter.text.trim().toLowerCase();
  if (!needle) return true;
  return (
    record.title.toLowerCase().includes(needle) ||
    recordTags.some((t) => t.includes(needle)) ||
    (record.text !== undefined && htmlToPlainText(record.text).toLowerCase().includes(needle))
  );
}

/** Every tag in use, sorted, for the tag filter. */
export function tagsInUse(records: readonly { tags: readonly string[] }[]): string[] {
  const tags = new Map<string, string>();
  for (const record of records) for (const tag of record.tags) tags.set(tag.toLowerCase(), tag);
  return [...tags.values()].sort((a, b) => compareText(a, b));
}
