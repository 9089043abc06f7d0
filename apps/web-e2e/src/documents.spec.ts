import { readFile } from 'node:fs/promises';
import { extractText } from 'unpdf';
import { expect, test } from './fixtures';
import { openInWorkspace, uniqueTitle } from './support';

test.describe('the job description as a document', () => {
  test('the document view follows changes live, and "Download PDF" gives the PDF of it', async ({ api, openAs }) => {
    const admin = await api('admin');
    const { description, tasks } = await admin.createDescriptionWithTasks(uniqueTitle('Document'), [
      uniqueTitle('Łukasz task'),
      uniqueTitle('Dvořák task'),
    ]);
    const alice = await openAs('alice', '/descriptions');

    // From the workspace header to the document view.
    await openInWorkspace(alice, description, 'editor');
    await alice.getByTestId('workspace-document').click();
    await expect(alice).toHaveURL(new RegExp(`/job-descriptions/${description.id}/document$`));
    await expect(alice.getByTestId('document-title')).toHaveText(description.title);
    await expect(alice.getByTestId('document-task-title')).toHaveText(tasks.map((t) => t.title));
    await expect(alice.getByTestId('document-task-share')).toHaveText(['50%', '50%']);

    // Someone else renames it: the view shows the new title without a reload.
    const renamed = uniqueTitle('Renamed document');
    const bob = await api('bob');
    // Alice still holds the lock from the workspace; an admin breaks it so Bob can edit.
    await admin.breakLock('JobDescription', description.id).catch(() => undefined);
    await bob.acquire('JobDescription', description.id);
    await bob.renameDescription(description.id, renamed);
    await bob.release('JobDescription', description.id);
    await expect(alice.getByTestId('document-title')).toHaveText(renamed);

    // On paper only the document is printed: no app toolbar, no action buttons.
    await alice.emulateMedia({ media: 'print' });
    await expect(alice.getByTestId('app-header')).toBeHidden();
    await expect(alice.getByTestId('document-print')).toBeHidden();
    await expect(alice.getByTestId('document-tasks')).toBeVisible();
    await alice.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([
      alice.waitForEvent('download'),
      alice.getByTestId('document-download-pdf').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${renamed}.pdf`);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    expect(text).toContain(renamed);
    for (const task of tasks) expect(text).toContain(task.title);
  });

  test('the descriptions list downloads a ZIP of the selected descriptions', async ({ api, openAs }) => {
    const admin = await api('admin');
    const first = await admin.createDescription(uniqueTitle('Zip one'));
    const second = await admin.createDescription(uniqueTitle('Zip two'));
    const alice = await openAs('alice', '/descriptions');

    await alice.getByTestId('export-documents').click();
    const selection = alice.getByTestId('export-selection');
    await selection.getByRole('option', { name: first.title }).click();
    await selection.getByRole('option', { name: second.title }).click();
    const [download] = await Promise.all([
      alice.waitForEvent('download'),
      alice.getByTestId('export-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Job descriptions.zip');
    const zip = await readFile(await download.path());
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    // The central directory names both PDFs.
    expect(zip.toString('utf8')).toContain(`${first.title}.pdf`);
    expect(zip.toString('utf8')).toContain(`${second.title}.pdf`);
  });
});
