import { Injectable } from '@nestjs/common';
import { ChangeClock } from '../events/change-clock';

/** What one record type's cache may hold at most; the least recently used pages go first. */
const MAX_BYTES = 32 * 1024 * 1024;

/**
 * The serialized list pages of one record type on this instance (docs/adr/0018-catalogue-lists-in-sql.md § Page
 * cache): a page is read from PostgreSQL once and then served as it is, until data a list shows
 * changes anywhere (ChangeClock) — then every page is dropped. A page read while the clock moved is
 * answered but not kept, and nothing is cached while the clock cannot hear other instances.
 * Concurrent requests for a page that is being read share that read.
 */
@Injectable()
export class PageCache {
  private readonly pages = new Map<string, Buffer>();
  private readonly reading = new Map<string, { version: number; body: Promise<Buffer> }>();
  private bytes = 0;

  constructor(private readonly changes: ChangeClock) {
    changes.onTick(() => this.clear());
  }

  /** The page under `key`, read with `load` when it is not held (or not being read) at the current version. */
  async get(key: string, load: () => Promise<string>): Promise<Buffer> {
    // Deaf to other instances' changes (the feed reconnecting): read, keep nothing.
    if (!this.changes.isListening) return Buffer.from(await load(), 'utf8');
    const held = this.pages.get(key);
    if (held) {
      this.pages.delete(key); // most recently used last
      this.pages.set(key, held);
      return held;
    }
    const version = this.changes.version;
    const pending = this.reading.get(key);
    if (pending?.version === version) return pending.body;
    const body = load().then((text) => Buffer.from(text, 'utf8'));
    const entry = { version, body };
    this.reading.set(key, entry);
    try {
      const page = await body;
      if (this.changes.version === version) this.keep(key, page);
      return page;
    } finally {
      if (this.reading.get(key) === entry) this.reading.delete(key);
    }
  }

  /** Pages held and their size (tests, diagnostics). */
  get size(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }

  private keep(key: string, page: Buffer): void {
    if (page.length > MAX_BYTES / 4) return;
    const replaced = this.pages.get(key);
    if (replaced) this.bytes -= replaced.length;
    this.pages.set(key, page);
    this.bytes += page.length;
    for (const [oldKey, old] of this.pages) {
      if (this.bytes <= MAX_BYTES) break;
      this.pages.delete(oldKey);
      this.bytes -= old.length;
    }
  }

  private clear(): void {
    this.pages.clear();
    this.reading.clear();
    this.bytes = 0;
  }
}
