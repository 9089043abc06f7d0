// `npm run bench`: runs every benchmark in turn (each is a script, not a test). Arguments after
// `--` go to each of them, e.g. `npm run bench -- --clients 200`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ['sse-fanout.mjs', 'rest.mjs', 'browser-latency.mjs'];

for (const script of BENCHMARKS) {
  console.log(`\n=== ${script} ===`);
  const { status } = spawnSync(process.execPath, [path.join(HERE, script), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (status !== 0) process.exit(status ?? 1);
}
