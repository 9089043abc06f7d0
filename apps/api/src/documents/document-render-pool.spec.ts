import { afterEach, describe, expect, it } from '@jest/globals';
import { DOCUMENT_LABELS, type JobDescriptionDto } from '@tdgen/contracts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_DESCRIPTION, SAMPLE_DOCUMENT_DATE } from '../../test/fixtures/document-sample';
import { DocumentRenderPool } from './document-render-pool';
import { renderJobDescriptionPdf } from './job-description-pdf';

// Built from document-render.worker.ts by the API tests' global set-up.
const WORKER_SCRIPT = process.env['TDGEN_TEST_DOCUMENT_WORKER'] as string;
const job = (description: JobDescriptionDto) => ({
  description,
  locale: 'en' as const,
  documentDate: SAMPLE_DOCUMENT_DATE.getTime(),
});

describe('DocumentRenderPool', () => {
  const pools: DocumentRenderPool[] = [];
  const pool = (script: string, size: number) => {
    const created = new DocumentRenderPool(script, size);
    pools.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it('renders in a worker thread exactly what the API thread renders', async () => {
    const [inWorker, onThisThread] = await Promise.all([
      pool(WORKER_SCRIPT, 1).render(job(SAMPLE_DESCRIPTION)),
      renderJobDescriptionPdf(SAMPLE_DESCRIPTION, DOCUMENT_LABELS.en, SAMPLE_DOCUMENT_DATE),
    ]);
    expect(inWorker.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(inWorker.equals(onThisThread)).toBe(true);
  });

  it('queues jobs beyond its workers and answers each with its own document', async () => {
    const renderer = pool(WORKER_SCRIPT, 1);
    const titles = ['First of three', 'Second of three', 'Third of three'];
    const pdfs = await Promise.all(titles.map((title) => renderer.render(job({ ...SAMPLE_DESCRIPTION, title }))));
    const expected = await Promise.all(
      titles.map((title) =>
        renderJobDescriptionPdf({ ...SAMPLE_DESCRIPTION, title }, DOCUMENT_LABELS.en, SAMPLE_DOCUMENT_DATE),
      ),
    );
    expect(pdfs.map((pdf, i) => pdf.equals(expected[i]))).toEqual([true, true, true]);
  });

  it('fails a job the renderer cannot render, and the worker goes on with the next', async () => {
    const renderer = pool(WORKER_SCRIPT, 1);
    const broken = { ...SAMPLE_DESCRIPTION, tasks: null } as unknown as JobDescriptionDto;
    const [failed, rendered] = await Promise.allSettled([
      renderer.render(job(broken)),
      renderer.render(job(SAMPLE_DESCRIPTION)),
    ]);
    expect(failed).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringMatching(/^Rendering the document failed: /) },
    });
    expect(rendered.status).toBe('fulfilled');
  });

  it('fails the job of a worker that dies, and starts a new worker for the next job', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tdgen-render-worker-'));
    try {
      const script = join(folder, 'dies.cjs');
      writeFileSync(script, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
      const renderer = pool(script, 1);
      await expect(renderer.render(job(SAMPLE_DESCRIPTION))).rejects.toThrow('exited with code 3');
      await expect(renderer.render(job(SAMPLE_DESCRIPTION))).rejects.toThrow('exited with code 3');
      await expect(pool(join(folder, 'missing.cjs'), 1).render(job(SAMPLE_DESCRIPTION))).rejects.toThrow(
        /render worker failed: Cannot find module/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses jobs once closed and fails those still waiting', async () => {
    const renderer = pool(WORKER_SCRIPT, 1);
    const started = Promise.allSettled([
      renderer.render(job(SAMPLE_DESCRIPTION)),
      renderer.render(job(SAMPLE_DESCRIPTION)),
    ]);
    await renderer.close();
    const [running, waiting] = await started;
    expect(running.status).toBe('rejected'); // its worker was ended
    expect(waiting).toMatchObject({ status: 'rejected', reason: { message: 'The document renderer is shut down' } });
    await expect(renderer.render(job(SAMPLE_DESCRIPTION))).rejects.toThrow('shut down');
  });
});
