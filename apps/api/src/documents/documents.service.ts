import { Injectable, Logger } from '@nestjs/common';
import { DOCUMENT_LABELS, type DocumentLocale, type JobDescriptionDto } from '@tdgen/contracts';
import archiver from 'archiver';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ApiException } from '../common/api-exception';
import { PrismaService } from '../prisma/prisma.service';
import { descriptionListWhere } from '../job-descriptions/job-description-filters';
import { JobDescriptionsService } from '../job-descriptions/job-descriptions.service';
import { DocumentRendererService } from './document-renderer.service';
import { documentFileName, uniqueFileName } from './document-file-name';

export interface RenderedDocument {
  fileName: string;
  content: Buffer;
}

export interface ArchiveSelection {
  ids?: number[];
  tag?: string;
}

/**
 * Job descriptions as documents. Whoever may read a description may have its document: every
 * signed-in user, deleted and read-only descriptions included (the document says so in its header).
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly jobDescriptions: JobDescriptionsService,
    private readonly renderer: DocumentRendererService,
  ) {}

  async pdf(id: number, locale: DocumentLocale, now = new Date()): Promise<RenderedDocument> {
    const description = await this.jobDescriptions.get(id);
    return { fileName: documentFileName(description), content: await this.render(description, locale, now) };
  }

  /**
   * The ids an archive will contain, in title order — resolved (and refused with a 4xx) before a
   * byte of the archive is sent.
   */
  async archiveIds(selection: ArchiveSelection): Promise<number[]> {
    if ((selection.ids === undefined) === (selection.tag === undefined)) {
      throw new ApiException(
        'VALIDATION_FAILED',
        { fields: [{ field: 'ids', rules: ['eitherIdsOrTag'] }] },
        'Give either ids or tag',
      );
    }
    const where = selection.ids
      ? { id: { in: selection.ids } }
      : descriptionListWhere({ tags: [selection.tag as string] });
    const rows = await this.prisma.jobDescription.findMany({
      where,
      select: { id: true },
      orderBy: [{ titleKey: 'asc' }, { id: 'asc' }],
    });
    if (selection.ids) {
      const found = new Set(rows.map((row) => row.id));
      const missing = selection.ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw new ApiException(
          'NOT_FOUND',
          { records: missing.map((id) => ({ entityType: 'JobDescription' as const, id })) },
          `Job descriptions ${missing.join(', ')} do not exist`,
        );
      }
    } else if (rows.length === 0) {
      throw new ApiException(
        'NO_DESCRIPTIONS_WITH_TAG',
        { tag: selection.tag as string },
        `No job description carries the tag "${selection.tag}"`,
      );
    }
    return rows.map((row) => row.id);
  }

  /**
   * Streams a ZIP with one PDF per description into `output`. One document is rendered at a time,
   * and the next only once the archive has taken the previous one, so memory holds one PDF and the
   * stream buffers however many descriptions there are; a slow reader slows the rendering down.
   * Stops early when `output` closes (the client went away).
   */
  async writeArchive(ids: number[], locale: DocumentLocale, output: Writable, now = new Date()): Promise<void> {
    // Node's usual 16 KiB buffers instead of archiver's 1 MiB on either side: with the zip and deflate
    // streams' own, a download holds ≈ 100 kB of archive and one PDF, whatever the count.
    const archive = archiver('zip', { zlib: { level: 1 }, highWaterMark: 16 * 1024 });
    let isClosed = false;
    output.once('close', () => {
      isClosed = true;
    });
    archive.on('warning', (error) => this.logger.warn(`ZIP export: ${error.message}`));
    archive.pipe(output);
    const names = new Set<string>();
    try {
      for (const id of ids) {
        if (isClosed) break;
        const description = await this.jobDescriptions.get(id).catch((error: unknown) => {
          // Deleted for good while the archive was being written: leave it out.
          if (error instanceof ApiException && error.code === 'NOT_FOUND') return null;
          throw error;
        });
        if (!description) continue;
        const content = await this.render(description, locale, now);
        const entry = once(archive, 'entry');
        archive.append(content, { name: uniqueFileName(documentFileName(description), names), date: now });
        await entry;
      }
      if (isClosed) {
        archive.abort();
        return;
      }
      await archive.finalize();
    } catch (error) {
      this.logger.error(`ZIP export failed: ${(error as Error).message}`);
      archive.abort();
      output.destroy(error as Error);
    }
  }

  private render(description: JobDescriptionDto, locale: DocumentLocale, now: Date): Promise<Buffer> {
    return this.renderer.render(description, DOCUMENT_LABELS[locale], now);
  }
}
