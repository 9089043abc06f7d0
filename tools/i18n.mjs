#!/usr/bin/env node
// The web app's translations (Angular i18n, XLIFF 1.2 in apps/web/src/locale/, README § Languages).
//
//   node tools/i18n.mjs extract   re-extracts messages.xlf from the sources (nx run web:extract-i18n)
//                                 and brings every messages.<lang>.xlf in step: new messages are
//                                 added without a translation, removed ones dropped, kept ones keep
//                                 their translation
//   node tools/i18n.mjs check     fails when messages.xlf is stale (the sources hold other messages)
//                                 or a language file lacks a translation, has one left over, or
//                                 a translation's placeholders differ from the English message's.
//                                 Part of `npm run lint`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCALE_DIR = path.join(ROOT, 'apps', 'web', 'src', 'locale');
const SOURCE_FILE = path.join(LOCALE_DIR, 'messages.xlf');

/** The trans-units of an XLIFF 1.2 file as Angular writes it: id, source, target, state, notes. */
export function parseUnits(xml) {
  const units = new Map();
  for (const match of xml.matchAll(/<trans-unit id="([^"]+)"[^>]*>([\s\S]*?)<\/trans-unit>/g)) {
    const [, id, body] = match;
    const source = /<source>([\s\S]*?)<\/source>/.exec(body)?.[1] ?? '';
    const targetMatch = /<target(?: state="([^"]*)")?>([\s\S]*?)<\/target>/.exec(body);
    const notes = [...body.matchAll(/<note [^>]*>[\s\S]*?<\/note>/g)].map((m) => m[0]);
    units.set(id, { id, source, target: targetMatch?.[2] ?? null, state: targetMatch?.[1] ?? null, notes });
  }
  return units;
}

/** The placeholder ids of a message (`<x id="INTERPOLATION" …/>`), sorted, with repeats. */
export function placeholders(message) {
  return [...message.matchAll(/<x id="([^"]+)"/g)].map((m) => m[1]).sort();
}

function languageFiles() {
  return readdirSync(LOCALE_DIR)
    .map((name) => /^messages\.([a-z]{2,3}(?:-[A-Za-z]+)?)\.xlf$/.exec(name))
    .filter(Boolean)
    .map(([name, language]) => ({ language, file: path.join(LOCALE_DIR, name) }));
}

function extractTo(folder) {
  const result = spawnSync(
    'npx',
    ['nx', 'run', 'web:extract-i18n', `--output-path=${folder}`, '--outputStyle=static', '--skip-nx-cache'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' } },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error('Extracting the messages failed');
  }
  return readFileSync(path.join(folder, 'messages.xlf'), 'utf8');
}

function escapeAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** A language file for the source units, keeping each still-matching translation of `previous`. */
function languageXml(language, sourceUnits, previous) {
  const units = [...sourceUnits.values()].map((unit) => {
    const kept = previous.get(unit.id);
    const target = kept?.target && kept.source === unit.source ? kept.target : null;
    const targetLine =
      target === null ? '' : `\n        <target state="${kept.state ?? 'translated'}">${target}</target>`;
    const notes = unit.notes.map((note) => `\n        ${note}`).join('');
    return `      <trans-unit id="${escapeAttribute(unit.id)}" datatype="html">\n        <source>${unit.source}</source>${targetLine}${notes}\n      </trans-unit>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" ?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="${language}" datatype="plaintext" original="ng2.template">
    <body>
${units.join('\n')}
    </body>
  </file>
</xliff>
`;
}

/** Every problem of one language file against the source units. */
export function translationProblems(language, sourceUnits, languageUnits) {
  const problems = [];
  for (const unit of sourceUnits.values()) {
    const translated = languageUnits.get(unit.id);
    const label = `${language}: ${JSON.stringify(unit.source.trim().slice(0, 70))} (${unit.id})`;
    if (!translated || translated.target === null || translated.target.trim() === '') {
      problems.push(`${label} has no translation`);
    } else if (translated.source !== unit.source) {
      problems.push(`${label}: the translation is of an older English text`);
    } else if (translated.state === 'new' || translated.state === 'needs-translation') {
      problems.push(`${label} is marked ${translated.state}`);
    } else if (placeholders(translated.target).join() !== placeholders(unit.source).join()) {
      problems.push(`${label}: the translation's placeholders differ from the English message's`);
    }
  }
  for (const id of languageUnits.keys()) {
    if (!sourceUnits.has(id)) problems.push(`${language}: ${id} is no longer a message of the app`);
  }
  return problems;
}

function extract() {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tdgen-i18n-'));
  try {
    const xml = extractTo(folder);
    writeFileSync(SOURCE_FILE, xml);
    const sourceUnits = parseUnits(xml);
    for (const { language, file } of languageFiles()) {
      const previous = parseUnits(readFileSync(file, 'utf8'));
      writeFileSync(file, languageXml(language, sourceUnits, previous));
      const missing = translationProblems(language, sourceUnits, parseUnits(readFileSync(file, 'utf8')));
      console.log(`${path.relative(ROOT, file)}: ${sourceUnits.size} messages, ${missing.length} to translate`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function check() {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tdgen-i18n-'));
  const problems = [];
  try {
    const fresh = parseUnits(extractTo(folder));
    const committed = parseUnits(readFileSync(SOURCE_FILE, 'utf8'));
    const key = (units) => [...units.values()].map((u) => `${u.id}\u0000${u.source}`).sort();
    if (key(fresh).join('\n') !== key(committed).join('\n')) {
      problems.push('apps/web/src/locale/messages.xlf is stale: run `node tools/i18n.mjs extract` and translate');
    }
    for (const { language, file } of languageFiles()) {
      problems.push(...translationProblems(language, fresh, parseUnits(readFileSync(file, 'utf8'))));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`i18n check failed (${problems.length}):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    `i18n check: messages.xlf is current; ${languageFiles()
      .map((f) => f.language)
      .join(', ')} complete.`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'extract') extract();
  else if (command === 'check') check();
  else {
    console.error('usage: node tools/i18n.mjs extract | check');
    process.exit(2);
  }
}
