import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const run = promisify(execFile);

/** Renders one page of a PDF to PNG with poppler's pdftoppm (Debian package poppler-utils). */
export async function renderPdfPage(pdf: Buffer, page = 1, dpi = 60): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'tdgen-pdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const p = String(page);
    await run('pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      p,
      '-l',
      p,
      '-singlefile',
      join(dir, 'in.pdf'),
      join(dir, 'out'),
    ]);
    return readFileSync(join(dir, 'out.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface VisualDifference {
  /** Share of pixels that differ beyond pixelmatch's anti-aliasing-tolerant threshold (0…1). */
  ratio: number;
  /** Where the actual image and the difference image were written when they differ too much. */
  artifacts?: { actual: string; diff: string };
}

/**
 * Compares a PNG with the committed reference. With UPDATE_VISUAL_REFERENCES=1 the reference is
 * (re)written instead; a missing reference is an error, never silently created.
 */
export function compareWithReference(actualPng: Buffer, referencePath: string, maxRatio: number): VisualDifference {
  if (process.env['UPDATE_VISUAL_REFERENCES'] === '1') {
    writeFileSync(referencePath, actualPng);
    return { ratio: 0 };
  }
  if (!existsSync(referencePath)) {
    throw new Error(`No reference image ${referencePath}: run the test once with UPDATE_VISUAL_REFERENCES=1`);
  }
  const actual = PNG.sync.read(actualPng);
  const expected = PNG.sync.read(readFileSync(referencePath));
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return { ratio: 1, artifacts: writeArtifacts(actualPng, null) };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(actual.data, expected.data, diff.data, actual.width, actual.height, { threshold: 0.2 });
  const ratio = differing / (actual.width * actual.height);
  return ratio > maxRatio ? { ratio, artifacts: writeArtifacts(actualPng, PNG.sync.write(diff)) } : { ratio };
}

function writeArtifacts(actualPng: Buffer, diffPng: Buffer | null): { actual: string; diff: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tdgen-visual-'));
  const paths = { actual: join(dir, 'actual.png'), diff: join(dir, 'diff.png') };
  writeFileSync(paths.actual, actualPng);
  if (diffPng) writeFileSync(paths.diff, diffPng);
  return paths;
}
