// Preloaded into a benchmark's server process (`node --expose-gc --import <this file>`, see
// idle-streams.mjs): on SIGWINCH (ignored by default; Nest's shutdown hooks take SIGUSR2) it runs a
// full garbage collection (with --expose-gc) and writes the V8 heap in use to heapProbeFile(pid):
// the server's memory without the garbage of the moment, and no endpoint in the app for it. Costs nothing until signalled.
import { renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';

/** Where the probe of process `pid` writes its reading. */
export const heapProbeFile = (pid) => path.join(os.tmpdir(), `tdgen-heap-probe-${pid}.json`);

/** The Node options that load the probe into a server. */
export const heapProbeNodeArgs = ['--expose-gc', `--import=${new URL(import.meta.url).pathname}`];

process.on('SIGWINCH', () => {
  try {
    globalThis.gc?.();
    // Not process.memoryUsage(): its RSS reading opens a file, which fails when the server has
    // used up its open-files limit (the benchmark reads the RSS from /proc itself).
    const file = heapProbeFile(process.pid);
    writeFileSync(`${file}.tmp`, JSON.stringify({ heapUsed: v8.getHeapStatistics().used_heap_size }));
    renameSync(`${file}.tmp`, file);
  } catch {
    // no reading this time (e.g. no file descriptor left to write it): the benchmark shows none
  }
});
