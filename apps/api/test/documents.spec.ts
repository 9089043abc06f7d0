import { describe, expect, it } from '@jest/globals';
import type { JobDescriptionDto } from '@tdgen/contracts';
import request from 'supertest';
import {
  addTask,
  createDescription,
  createTask,
  holdLock,
  releaseLocks,
  TAB,
  uniqueTitle,
  useDomainSuite,
  type Agent,
} from './fixtures/domain';
import { extractPdfText, fontOf, type PdfText } from './support/pdf-text';
import { readZipEntries } from './support/zip-entries';

/** GET with the body collected as bytes (PDF, ZIP) whatever the content type. */
function getBinary(agent: Agent | ReturnType<typeof request>, url: string) {
  return (agent as Agent)
    .get(url)
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}

async function pdfText(agent: Agent, id: number): Promise<PdfText> {
  const res = await getBinary(agent, `/api/job-descriptions/${id}/document.pdf`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return extractPdfText(res.body as Buffer);
}

// Several PDFs are rendered and parsed per test: CPU-bound work that a busy 2-core machine slows down a lot.
const RENDERING_TIMEOUT_MS = 120_000;

const LOREM =
  'Plans the work of the week with the team, checks the results against the agreed standards and ' +
  'writes down what has to change. Talks to the departments concerned, keeps the files complete and ' +
  'makes sure that every decision can be traced later by someone who was not there.';

describe('job description documents (PDF and ZIP)', () => {
  const s = useDomainSuite();

  async function descriptionWithTasks(
    tasks: { title: string; text: string; payGroup: number | null }[],
    percentages: number[],
    body: Record<string, unknown> = {},
  ): Promise<JobDescriptionDto> {
    const d = await createDescription(s.admin, body);
    await holdLock(s.t, 'JobDescription', d.id, 'admin');
    const created = [];
    for (const task of tasks) {
      const t = await createTask(s.admin, task);
      created.push(t);
      await addTask(s.admin, d.id, t.id);
    }
    const res = await s.admin
      .patch(`/api/job-descriptions/${d.id}/percentages`)
      .set('X-Client-Id', TAB)
      .send({ percentages: created.map((t, i) => ({ jobTaskId: t.id, percentage: percentages[i] })) });
    expect(res.status).toBe(200);
    await releaseLocks(s.t);
    return res.body as JobDescriptionDto;
  }

  it(
    'renders a description over several pages: header, framework data, tasks in order, totals, page numbers',
    async () => {
      const frameworkData = {
        taskSummary: 'Runs the regional payroll office.',
        reportsTo: 'Head of finance',
        directReports: 'Four payroll clerks',
        deputyFor: 'Team lead accounting',
        deputizedBy: 'Senior payroll clerk',
        authorities: 'Approves payments up to 10 000 €',
        education: 'Degree in business administration',
        otherSkills: 'Payroll software, labour law',
      };
      const shares = [5, 5, 10, 10, 10, 10, 10, 10, 15, 15];
      const tasks = shares.map((_, i) => ({
        title: uniqueTitle(`Duty ${i + 1}`),
        text: `<p>Opening ${i + 1}: ${LOREM}</p><p>${LOREM}</p><ul><li><p>${LOREM}</p></li><li><p>Closing ${i + 1}</p></li></ul>`,
        payGroup: i + 1,
      }));
      const d = await descriptionWithTasks(tasks, shares, { tags: ['Finance', 'Full time'], frameworkData });

      const res = await getBinary(s.bob, `/api/job-descriptions/${d.id}/document.pdf`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${d.title}.pdf"`);
      const { pages } = await extractPdfText(res.body as Buffer);
      const all = pages.join('\n');

      expect(pages.length).toBeGreaterThanOrEqual(3);
      pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
      expect(pages[0]).toContain(d.title);
      expect(pages[0]).toContain('Finance, Full time');
      expect(pages[0]).toMatch(/Status Active/);
      expect(pages[0]).toContain('Last change Ada Admin,');
      for (const [field, value] of Object.entries(frameworkData)) {
        expect(all).toContain(value);
        expect(field).toBeTruthy();
      }
      for (const label of [
        'Summary of the tasks',
        'Reports to',
        'Direct reports',
        'Deputy for',
        'Deputized by',
        'Authorities',
        'Education',
        'Other skills',
      ]) {
        expect(all).toContain(label);
      }

      // Every task in order, with its pay group and share in its own row.
      const starts = tasks.map((t, i) => all.indexOf(`${i + 1}. ${t.title}`));
      expect(starts.every((start) => start >= 0)).toBe(true);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      tasks.forEach((t, i) => {
        const row = all.slice(starts[i], starts[i + 1] ?? undefined);
        expect(row).toContain(`${t.payGroup} ${shares[i]}%`);
        expect(row).toContain(`Closing ${i + 1}`);
      });
      expect(all).toContain('Total · Weighted pay group 6.30 100%');

      // The table header starts every page that shows tasks; no title stands apart from its text.
      const taskPages = pages.filter((page) => /Duty \d+/.test(page));
      expect(taskPages.length).toBeGreaterThanOrEqual(2);
      for (const page of taskPages) expect(page).toContain('No. Task Pay group Share');
      tasks.forEach((t, i) => {
        const page = pages.find((p) => p.includes(`${i + 1}. ${t.title}`));
        expect(page).toContain(`Opening ${i + 1}:`);
      });
      expect(pages.at(-1)).toMatch(/Signatures[\s\S]*Employee[\s\S]*Supervisor[\s\S]*Human resources/);
    },
    RENDERING_TIMEOUT_MS,
  );

  it(
    'flows a task text longer than a page over several pages and loses none of it',
    async () => {
      const words = Array.from({ length: 2400 }, (_, i) => `w${i}`);
      const d = await descriptionWithTasks(
        [
          { title: uniqueTitle('Long'), text: `<p>${words.join(' ')}</p>`, payGroup: 3 },
          { title: uniqueTitle('After'), text: '<p>after text</p>', payGroup: 5 },
        ],
        [50, 50],
      );
      const { pages } = await pdfText(s.alice, d.id);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      const extracted = pages.join(' ').match(/\bw\d+\b/g);
      expect(extracted).toEqual(words);
      expect(pages.join('\n')).toContain(`2. ${d.tasks[1].task.title}`);
    },
    RENDERING_TIMEOUT_MS,
  );

  it('renders a description without tasks', async () => {
    const d = await createDescription(s.alice);
    const { pages } = await pdfText(s.alice, d.id);
    const all = pages.join('\n');
    expect(all).toContain(d.title);
    expect(all).toContain('This description has no tasks yet.');
    expect(all).not.toContain('Weighted pay group');
    expect(all).toContain('Signatures');
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
  });

  it(
    "is written in the user's stored language, else the browser's (docs/product.md § Languages)",
    async () => {
      const d = await descriptionWithTasks(
        [
          { title: uniqueTitle('Akten führen'), text: '<p>Akten</p>', payGroup: 7 },
          { title: uniqueTitle('Beraten'), text: '<p>Beraten</p>', payGroup: 8 },
        ],
        [40, 60],
      );
      const url = `/api/job-descriptions/${d.id}/document.pdf`;
      const browserGerman = await getBinary(s.alice, url).set('Accept-Language', 'de-DE,de;q=0.9');
      const german = (await extractPdfText(browserGerman.body as Buffer)).pages.join('\n');
      for (const label of [
        'TÄTIGKEITSDARSTELLUNG',
        'Rahmendaten',
        'Arbeitsvorgang',
        'Zeitanteil',
        'EG',
        'Unterschrift',
      ]) {
        expect(german).toContain(label);
      }
      expect(german).toContain('Gewichtete Entgeltgruppe 7,60');
      expect(german).toMatch(/40\s%/);
      expect(german).toContain('7,60');
      expect(german).toMatch(/Seite 1 von \d/);
      expect(german).not.toContain('Weighted pay group');

      // A stored choice wins over the browser, both ways.
      await s.alice.patch('/api/auth/me').send({ language: 'en' }).expect(200);
      try {
        const chosen = await getBinary(s.alice, url).set('Accept-Language', 'de-DE');
        const english = (await extractPdfText(chosen.body as Buffer)).pages.join('\n');
        expect(english).toContain('Weighted pay group');
        expect(english).toContain('7.60');
        expect(english).not.toContain('TÄTIGKEITSDARSTELLUNG');
      } finally {
        await s.alice.patch('/api/auth/me').send({ language: null }).expect(200);
      }
    },
    RENDERING_TIMEOUT_MS,
  );

  it('keeps every formatting of the editor, German, Polish and Czech names, in embedded fonts', async () => {
    const text =
      '<p>plainword <strong>boldword</strong> <em>italicword</em> <u>underlineword</u> ' +
      '<strong><em>bolditalicword</em></strong><br>secondline</p>' +
      '<ul><li><p>bulletone</p></li><li><p>bullettwo</p></li></ul>' +
      '<ol><li><p>numberone</p></li><li><p>numbertwo</p></li></ol>' +
      '<h1>headingtext</h1><p><a href="https://example.org">linktext</a></p>';
    const d = await descriptionWithTasks([{ title: uniqueTitle('Łukasz Dvořák – Grüße'), text, payGroup: 4 }], [100], {
      title: uniqueTitle('Jürgen Weiß, Żółć, Říčany'),
      frameworkData: { reportsTo: 'Małgorzata Świętochowska\nAntonín Dvořák', deputyFor: 'Günther Groß' },
    });
    const pdf = await pdfText(s.bob, d.id);
    const all = pdf.pages.join('\n');

    for (const name of [d.title, d.tasks[0].task.title, 'Małgorzata Świętochowska', 'Antonín Dvořák', 'Günther Groß']) {
      expect(all).toContain(name);
    }
    expect(all).toMatch(/plainword boldword italicword underlineword bolditalicword\s*\nsecondline/);
    // PDF.js reads a numbered item's number after its text.
    expect(all).toMatch(/numberone\s*1\.\s*numbertwo\s*2\./);
    expect(all).toMatch(/bulletone[\s\S]*bullettwo/);
    // Not in the editor's schema: plain text, never markup.
    expect(all).toContain('headingtext');
    expect(all).toContain('linktext');
    expect(all).not.toMatch(/<[a-z]+|https:\/\/example\.org/);

    // Each face is its own embedded font: regular, bold, italic, bold italic.
    const faces = ['plainword', 'boldword', 'italicword', 'bolditalicword'].map((word) => fontOf(pdf, word));
    expect(new Set(faces).size).toBe(4);
    expect(fontOf(pdf, 'underlineword')).toBe(faces[0]);
    for (const face of ['Roboto-Regular', 'Roboto-Medium', 'Roboto-Italic', 'Roboto-MediumItalic']) {
      expect(pdf.raw).toMatch(new RegExp(`/BaseFont /[A-Z]{6}\\+${face}\\b`));
    }
    expect(pdf.raw).toContain('/FontFile2');
    expect(pdf.raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });

  describe('who may have the document: whoever may read the description', () => {
    it('editors and admins get read-only and deleted descriptions, marked as such', async () => {
      const readOnly = await createDescription(s.admin, { readOnlyForEditors: true });
      const deleted = await createDescription(s.alice);
      await holdLock(s.t, 'JobDescription', deleted.id, 'alice');
      expect((await s.alice.delete(`/api/job-descriptions/${deleted.id}`).set('X-Client-Id', TAB)).status).toBe(200);
      for (const agent of [s.alice, s.bob, s.admin]) {
        expect((await pdfText(agent, readOnly.id)).pages[0]).toContain('Status Active · Read-only for editors');
        expect((await pdfText(agent, deleted.id)).pages[0]).toContain('Status Deleted');
      }
    });

    it('anonymous requests get 401, unknown ids 404, malformed ids 400', async () => {
      const d = await createDescription(s.alice);
      expect((await request(s.t.baseUrl).get(`/api/job-descriptions/${d.id}/document.pdf`)).status).toBe(401);
      expect((await request(s.t.baseUrl).get(`/api/documents/job-descriptions.zip?ids=${d.id}`)).status).toBe(401);
      expect((await s.alice.get('/api/job-descriptions/99999/document.pdf')).status).toBe(404);
      expect((await s.alice.get('/api/job-descriptions/1e3/document.pdf')).status).toBe(400);
    });
  });

  describe('ZIP of many', () => {
    it('holds one PDF per selected description, named after the title, deleted ones included', async () => {
      const a = await createDescription(s.alice, { title: uniqueTitle('Zip alpha') });
      const b = await createDescription(s.bob, { title: uniqueTitle('Zip beta/gamma') });
      await holdLock(s.t, 'JobDescription', b.id, 'bob');
      expect((await s.bob.delete(`/api/job-descriptions/${b.id}`).set('X-Client-Id', TAB)).status).toBe(200);

      const res = await getBinary(s.alice, `/api/documents/job-descriptions.zip?ids=${b.id},${a.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toBe('attachment; filename="Job descriptions.zip"');
      const entries = await readZipEntries(res.body as Buffer);
      expect(entries.map((e) => e.name)).toEqual([`${a.title}.pdf`, `${b.title.replace('/', '-')}.pdf`]);
      const texts = await Promise.all(entries.map((e) => extractPdfText(e.content)));
      expect(texts[0].pages[0]).toContain(a.title);
      expect(texts[1].pages[0]).toContain(b.title);
      expect(texts[1].pages[0]).toContain('Status Deleted');
    });

    it('holds every live description carrying a tag (case-insensitive)', async () => {
      const tag = uniqueTitle('export').replace(/ /g, '-');
      const one = await createDescription(s.alice, { tags: [tag] });
      const two = await createDescription(s.admin, { tags: [tag.toUpperCase(), 'other'], readOnlyForEditors: true });
      await createDescription(s.alice, { tags: ['other'] });
      const gone = await createDescription(s.alice, { tags: [tag] });
      await holdLock(s.t, 'JobDescription', gone.id, 'alice');
      expect((await s.alice.delete(`/api/job-descriptions/${gone.id}`).set('X-Client-Id', TAB)).status).toBe(200);

      const res = await getBinary(s.bob, `/api/documents/job-descriptions.zip?tag=${encodeURIComponent(tag)}`);
      expect(res.status).toBe(200);
      const names = (await readZipEntries(res.body as Buffer)).map((e) => e.name);
      expect(names.sort()).toEqual([`${one.title}.pdf`, `${two.title}.pdf`].sort());
      // Named in the reader's language, with the tag (UTF-8 in filename*, RFC 6266).
      const german = await getBinary(s.bob, `/api/documents/job-descriptions.zip?tag=${encodeURIComponent(tag)}`).set(
        'Accept-Language',
        'de',
      );
      expect(german.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent(`Tätigkeitsdarstellungen - ${tag}.zip`)}`,
      );
    });

    it.each([
      ['neither ids nor tag', '', 400],
      ['both ids and tag', 'ids=1&tag=x', 400],
      ['a malformed id', 'ids=1,x', 400],
      ['a repeated id', 'ids=1,1', 400],
      ['too many ids', `ids=${Array.from({ length: 501 }, (_, i) => i + 1).join(',')}`, 400],
      ['an unknown id', 'ids=99998', 404],
      ['a tag nobody carries', 'tag=nobody-carries-this', 404],
    ])('refuses %s before sending anything', async (_name, query, status) => {
      const res = await s.alice.get(`/api/documents/job-descriptions.zip?${query}`);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    });
  });
});
