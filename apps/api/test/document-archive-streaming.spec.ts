import { describe, expect, it, jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DocumentRendererService } from '../src/documents/document-renderer.service';
import { DocumentsService } from '../src/documents/documents.service';
import { addTask, createDescription, createTask, holdLock, releaseLocks, useDomainSuite } from './fixtures/domain';
import { readZipEntries } from './support/zip-entries';
import { waitUntil } from './support/wait-until';

const DESCRIPTIONS = 10;
// Dozens of requests and ten PDFs: CPU-bound work that a busy 2-core machine slows down a lot.
const TIMEOUT_MS = 120_000;
const SENTENCE =
  'Checks every application for completeness and entitlement, talks to the applicants, asks the ' +
  'departments concerned for their opinion and documents the decision so that it can be traced. ';

/** A reader that takes nothing until `release()`, then everything (a stalled, then resumed, client). */
function stalledReader() {
  const chunks: Buffer[] = [];
  const held: (() => void)[] = [];
  let isReleased = false;
  const output = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (isReleased) callback();
      else held.push(callback);
    },
  });
  // writeArchive destroys its output on failure; the test's assertions report that, not a crash.
  output.on('error', () => undefined);
  return {
    output,
    bytes: () => Buffer.concat(chunks),
    release() {
      isReleased = true;
      for (const callback of held.splice(0)) callback();
    },
  };
}

describe('the ZIP of many streams (one document at a time, as fast as the reader takes it)', () => {
  const s = useDomainSuite();

  it(
    'renders no further ahead than the archive takes, and completes once the reader reads on',
    async () => {
      // Descriptions of three long tasks: PDFs of ≈ 37 kB, together several times the archive's buffers.
      const tasks = [];
      for (let i = 0; i < 3; i += 1) {
        tasks.push(await createTask(s.admin, { text: `<p>${SENTENCE.repeat(6)}</p><p>${SENTENCE.repeat(6)}</p>` }));
      }
      const ids: number[] = [];
      for (let i = 0; i < DESCRIPTIONS; i += 1) {
        const description = await createDescription(s.admin);
        await holdLock(s.t, 'JobDescription', description.id, 'admin');
        for (const task of tasks) await addTask(s.admin, description.id, task.id);
        ids.push(description.id);
      }
      await releaseLocks(s.t);
      const renderer = s.t.app.get(DocumentRendererService);
      const render = jest.spyOn(renderer, 'render');
      const reader = stalledReader();
      try {
        const started = Date.now();
        const written = s.t.app.get(DocumentsService).writeArchive(ids, 'en', reader.output);
        await waitUntil(() => render.mock.results.length >= 1, 'the first document to be rendered');
        await render.mock.results[0].value;
        const oneDocumentMs = Date.now() - started;
        // Time for several more documents, but the archive waits for the reader: what it has taken
        // fills its buffers (≈ 100 kB, DocumentsService.writeArchive), and no further document is rendered.
        await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(2000, 4 * oneDocumentMs), 15_000)));
        expect(render.mock.calls.length).toBeLessThanOrEqual(5);

        reader.release();
        await written;
        await finished(reader.output);
        expect(render).toHaveBeenCalledTimes(DESCRIPTIONS);
        expect((await readZipEntries(reader.bytes())).length).toBe(DESCRIPTIONS);
      } finally {
        render.mockRestore();
      }
    },
    TIMEOUT_MS,
  );
});
