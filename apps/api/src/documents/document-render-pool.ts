import type { DocumentLocale, JobDescriptionDto } from '@tdgen/contracts';
import { Worker } from 'node:worker_threads';

/** What a render worker is asked: labels travel as their locale (they hold functions). */
export interface RenderJob {
  id: number;
  description: JobDescriptionDto;
  locale: DocumentLocale;
  /** Milliseconds since the epoch. */
  documentDate: number;
}

export type RenderResult = { id: number; pdf: Uint8Array } | { id: number; error: string };

interface PendingJob {
  job: RenderJob;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  current: PendingJob | null;
}

/**
 * A few worker threads that render PDFs, so a document never holds up the API's event loop (event
 * streams, REST). Jobs wait in one queue and go to whichever worker is free; each worker renders
 * one at a time. A worker that dies fails its job and is replaced by the next job. Workers start
 * with the first job, parse the fonts once, and are ended by `close()`.
 */
export class DocumentRenderPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: PendingJob[] = [];
  private nextId = 1;
  private isClosed = false;

  constructor(
    private readonly script: string,
    private readonly size: number,
  ) {}

  render(job: Omit<RenderJob, 'id'>): Promise<Buffer> {
    if (this.isClosed) return Promise.reject(new Error('The document renderer is shut down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every worker; jobs not yet finished fail. */
  async close(): Promise<void> {
    this.isClosed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('The document renderer is shut down'));
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let free = this.workers.find((w) => w.current === null);
      if (!free && this.workers.length < this.size) free = this.start();
      if (!free) return;
      const pending = this.queue.shift() as PendingJob;
      free.current = pending;
      free.worker.postMessage(pending.job);
    }
  }

  private start(): PoolWorker {
    // No resourceLimits: a smaller old generation makes V8 shrink the young one too, and the many
    // short-lived objects of a render then cost a fifth more CPU time (docs/performance.md).
    const worker = new Worker(this.script);
    // An idle worker does not keep the process alive (the API ends them on shutdown anyway).
    worker.unref();
    const entry: PoolWorker = { worker, current: null };
    this.workers.push(entry);
    worker.on('message', (result: RenderResult) => {
      const pending = entry.current;
      if (!pending || pending.job.id !== result.id) return;
      entry.current = null;
      if ('error' in result) pending.reject(new Error(`Rendering the document failed: ${result.error}`));
      else pending.resolve(Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength));
      this.dispatch();
    });
    const fail = (error: Error) => {
      const index = this.workers.indexOf(entry);
      if (index === -1) return;
      this.workers.splice(index, 1);
      entry.current?.reject(error);
      entry.current = null;
      if (!this.isClosed) this.dispatch();
    };
    worker.on('error', (error) => fail(new Error(`The document render worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`The document render worker exited with code ${code}`)));
    return entry;
  }
}
