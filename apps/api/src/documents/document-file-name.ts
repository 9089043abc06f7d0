import type { DocumentLabels, JobDescriptionDto } from '@tdgen/contracts';

// Characters no file system or ZIP tool takes kindly in a name, and control characters.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]+/g;
const MAX_BASE_LENGTH = 100;

/** "Payroll clerk.pdf" from the title: unsafe characters become "-", letters of any script stay. */
export function documentFileName(description: Pick<JobDescriptionDto, 'id' | 'title'>): string {
  return `${safeBase(description.title) || `job-description-${description.id}`}.pdf`;
}

/** "Job descriptions.zip", or "Job descriptions - <tag>.zip" for all carrying a tag, in the reader's language. */
export function archiveFileName(labels: Pick<DocumentLabels, 'archiveName'>, tag?: string): string {
  return `${safeBase(tag ? `${labels.archiveName} - ${tag}` : labels.archiveName) || labels.archiveName}.zip`;
}

/** A text as a file name without extension: unsafe characters become "-", cut to a length every file system accepts. */
function safeBase(text: string): string {
  return text
    .replace(UNSAFE, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.]+$/g, '')
    .slice(0, MAX_BASE_LENGTH)
    .trim();
}

/** The name itself, or "name (2).pdf", "name (3).pdf"… when an earlier entry took it (case-insensitively). */
export function uniqueFileName(name: string, taken: Set<string>): string {
  const stem = name.replace(/\.pdf$/, '');
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem} (${n}).pdf`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
