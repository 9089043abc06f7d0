import { Injectable } from '@nestjs/common';
import { equalsIgnoringCase } from '../common/like-pattern';
import type { Tx } from '../prisma/prisma.service';

/**
 * Tags are names shared across records (docs/product.md § Tags), kept in `tags` and linked through
 * `job_task_tags` / `job_description_tags`. A name is reused case-insensitively, so "HR" and "hr"
 * stay one tag, spelled as it was first stored.
 */
@Injectable()
export class TagsService {
  /** Trimmed, without blanks, deduplicated case-insensitively (the first spelling wins). */
  normalize(names: readonly string[]): string[] {
    const seen = new Set<string>();
    const result: string[] = [];
    for (const raw of names) {
      const name = raw.trim();
      const key = name.toLowerCase();
      if (name && !seen.has(key)) {
        seen.add(key);
        result.push(name);
      }
    }
    return result;
  }

  /** Replaces a task's tags with `names` (already normalized). */
  async setJobTaskTags(tx: Tx, jobTaskId: number, names: readonly string[]): Promise<void> {
    const tagIds = await this.upsertNames(tx, names);
    await tx.jobTaskTag.deleteMany({ where: { jobTaskId } });
    if (tagIds.length) await tx.jobTaskTag.createMany({ data: tagIds.map((tagId) => ({ jobTaskId, tagId })) });
  }

  /** Replaces a description's tags with `names` (already normalized). */
  async setJobDescriptionTags(tx: Tx, jobDescriptionId: number, names: readonly string[]): Promise<void> {
    const tagIds = await this.upsertNames(tx, names);
    await tx.jobDescriptionTag.deleteMany({ where: { jobDescriptionId } });
    if (tagIds.length) {
      await tx.jobDescriptionTag.createMany({ data: tagIds.map((tagId) => ({ jobDescriptionId, tagId })) });
    }
  }

  /** The ids of the tags named, creating the missing ones; a constant number of queries. */
  private async upsertNames(tx: Tx, names: readonly string[]): Promise<number[]> {
    if (names.length === 0) return [];
    const byName = (list: readonly string[]) => ({
      OR: list.map((name) => ({ name: equalsIgnoringCase(name) })),
    });
    const existing = await tx.tag.findMany({ where: byName(names), orderBy: { id: 'asc' } });
    const known = new Set(existing.map((t) => t.name.toLowerCase()));
    const missing = names.filter((n) => !known.has(n.toLowerCase()));
    if (missing.length === 0) return this.idsInOrder(names, existing);
    // skipDuplicates: a concurrent request may have created the same name a moment ago.
    await tx.tag.createMany({ data: missing.map((name) => ({ name })), skipDuplicates: true });
    const created = await tx.tag.findMany({ where: byName(missing), orderBy: { id: 'asc' } });
    return this.idsInOrder(names, [...existing, ...created]);
  }

  private idsInOrder(names: readonly string[], tags: readonly { id: number; name: string }[]): number[] {
    const ids = new Set<number>();
    for (const name of names) {
      const tag = tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
      if (tag) ids.add(tag.id);
    }
    return [...ids];
  }
}

/** Tag names of a row loaded with `tags: { include: { tag: true } }`, sorted case-insensitively. */
export function tagNames(links: readonly { tag: { name: string } }[]): string[] {
  return links
    .map((l) => l.tag.name)
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b));
}

/** Prisma `where` parts: the record carries every one of `tags` (case-insensitive). */
export function hasAllTags(tags: readonly string[] | undefined) {
  return (tags ?? []).map((name) => ({
    tags: { some: { tag: { name: equalsIgnoringCase(name) } } },
  }));
}

/** Whether two tag lists name the same tags (case-insensitive, order ignored). */
export function sameTagSet(a: readonly string[], b: readonly string[]): boolean {
  const key = (list: readonly string[]) => [...new Set(list.map((t) => t.toLowerCase()))].sort().join('\u0000');
  return key(a) === key(b);
}
