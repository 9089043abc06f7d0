// Preloaded into a benchmark's server process (`node --expose-gc --import <this file>`, see
// idle-streams.mjs): on SIGWINCH (ignored by default; Nest's shutdown hooks take SIGUSR2) it runs a
// full garbage collection (with --expose-gc) and writes the V8 heap in use to heapProbeFile(pid):
// the server's memory without the garbage of the moment, and no endpoint in the app for it. Costs nothing until signalled.
// On SIGPWR (idle-stream-heap.mjs) it writes a V8 heap snapshot after a full GC to heapSnapshotFile(pid).
import { renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';

/** Where the probe of process `pid` writes its reading. */
export const heapProbeFile = (pid) => path.join(os.tmpdir(), `tdgen-heap-probe-${pid}.json`);

/** Where the probe of process `pid` writes a heap snapshot (SIGPWR). */
export const heapSnapshotFile = (pid) => path.join(os.tmpdir(), `tdgen-heap-${pid}.heapsnapshot`);

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

process.on('SIGPWR', () => {
  try {
    globalThis.gc?.();
    const file = heapSnapshotFile(process.pid);
    // The heap spaces as they are before the snapshot (committed and used bytes): the snapshot itself allocates.
    const spaces = v8.getHeapSpaceStatistics().map((s) => ({
      name: s.space_name,
      committed: s.space_size,
      used: s.space_used_size,
    }));
    writeFileSync(`${file}.spaces.json`, JSON.stringify(spaces));
    v8.writeHeapSnapshot(`${file}.tmp`);
    renameSync(`${file}.tmp`, file);
  } catch {
    // no snapshot this time
  }
});
