import { FRAMEWORK_FIELD_LABELS, FRAMEWORK_FIELD_LABELS_DE } from './framework-labels';
import { DEFAULT_LANGUAGE, type Language, LANGUAGES, languageFor } from './languages';
import type { FrameworkField } from './limits';

/**
 * The words of the printable job description, shared by the PDF and the web document view, keyed
 * by locale. A locale is added here as a whole map; the type makes a missing label a compile error.
 */
export const DOCUMENT_LOCALES = LANGUAGES;
export type DocumentLocale = Language;
export const DEFAULT_DOCUMENT_LOCALE: DocumentLocale = DEFAULT_LANGUAGE;

export interface DocumentLabels {
  /** BCP 47 tag used to format dates and numbers. */
  intlLocale: string;
  documentKind: string;
  /** The name of a ZIP of several descriptions ("Job descriptions.zip", "… - <tag>.zip"). */
  archiveName: string;
  tags: string;
  noTags: string;
  status: string;
  statusActive: string;
  statusDeleted: string;
  statusReadOnly: string;
  lastChange: string;
  documentDate: string;
  frameworkData: string;
  frameworkFields: Record<FrameworkField, string>;
  notSpecified: string;
  tasks: string;
  noTasks: string;
  position: string;
  task: string;
  payGroup: string;
  share: string;
  total: string;
  weightedPayGroup: string;
  none: string;
  signatures: string;
  placeAndDate: string;
  signature: string;
  signatureEmployee: string;
  signatureSupervisor: string;
  signatureHr: string;
  /** "Page 2 of 3". */
  pageOf: (page: number, pages: number) => string;
  /** "last changed by Ada, 30 November 2026, 09:15". */
  changedBy: (name: string, when: string) => string;
}

export const DOCUMENT_LABELS: Record<DocumentLocale, DocumentLabels> = {
  en: {
    intlLocale: 'en-GB',
    documentKind: 'Job description',
    archiveName: 'Job descriptions',
    tags: 'Tags',
    noTags: 'none',
    status: 'Status',
    statusActive: 'Active',
    statusDeleted: 'Deleted',
    statusReadOnly: 'Read-only for editors',
    lastChange: 'Last change',
    documentDate: 'Document date',
    frameworkData: 'Framework data',
    frameworkFields: FRAMEWORK_FIELD_LABELS,
    notSpecified: '—',
    tasks: 'Tasks',
    noTasks: 'This description has no tasks yet.',
    position: 'No.',
    task: 'Task',
    payGroup: 'Pay group',
    share: 'Share',
    total: 'Total',
    weightedPayGroup: 'Weighted pay group',
    none: '—',
    signatures: 'Signatures',
    placeAndDate: 'Place, date',
    signature: 'Signature',
    signatureEmployee: 'Employee',
    signatureSupervisor: 'Supervisor',
    signatureHr: 'Human resources',
    pageOf: (page, pages) => `Page ${page} of ${pages}`,
    changedBy: (name, when) => `${name}, ${when}`,
  },
  // Terminology of docs/product.md § Languages (Tätigkeitsdarstellung, Arbeitsvorgang, Entgeltgruppe, Zeitanteil).
  de: {
    intlLocale: 'de-DE',
    documentKind: 'Tätigkeitsdarstellung',
    archiveName: 'Tätigkeitsdarstellungen',
    tags: 'Schlagwörter',
    noTags: 'keine',
    status: 'Status',
    statusActive: 'Aktiv',
    statusDeleted: 'Gelöscht',
    statusReadOnly: 'Bearbeitung für Benutzer gesperrt',
    lastChange: 'Letzte Änderung',
    documentDate: 'Datum des Dokuments',
    frameworkData: 'Rahmendaten',
    frameworkFields: FRAMEWORK_FIELD_LABELS_DE,
    notSpecified: '—',
    tasks: 'Arbeitsvorgänge',
    noTasks: 'Diese Tätigkeitsdarstellung enthält noch keine Arbeitsvorgänge.',
    position: 'Nr.',
    task: 'Arbeitsvorgang',
    // The column is narrow: the abbreviation every German pay table uses.
    payGroup: 'EG',
    share: 'Zeitanteil',
    total: 'Summe',
    weightedPayGroup: 'Gewichtete Entgeltgruppe',
    none: '—',
    signatures: 'Unterschriften',
    placeAndDate: 'Ort, Datum',
    signature: 'Unterschrift',
    signatureEmployee: 'Beschäftigte/r',
    signatureSupervisor: 'Vorgesetzte/r',
    signatureHr: 'Personalabteilung',
    pageOf: (page, pages) => `Seite ${page} von ${pages}`,
    changedBy: (name, when) => `${name}, ${when}`,
  },
};

/** The document language for an Accept-Language header (see languageFor). */
export function documentLocaleFor(acceptLanguage: string | null | undefined): DocumentLocale {
  return languageFor(acceptLanguage);
}

/** How the document states the status of a description. */
export function documentStatus(
  labels: DocumentLabels,
  description: { deletedAt: string | null; readOnlyForEditors: boolean },
): string {
  const states = [description.deletedAt ? labels.statusDeleted : labels.statusActive];
  if (description.readOnlyForEditors) states.push(labels.statusReadOnly);
  return states.join(' · ');
}

/** Number and date formats of the document in a locale; dates in UTC so every reader sees the same. */
export function documentFormats(labels: DocumentLabels) {
  const share = new Intl.NumberFormat(labels.intlLocale, { style: 'percent', maximumFractionDigits: 0 });
  const payGroup = new Intl.NumberFormat(labels.intlLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const date = new Intl.DateTimeFormat(labels.intlLocale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(labels.intlLocale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  return {
    share: (percentage: number) => share.format(percentage / 100),
    weightedPayGroup: (value: number | null) => (value === null ? labels.none : payGroup.format(value)),
    payGroup: (value: number | null) => (value === null ? labels.none : String(value)),
    date: (iso: string | Date) => date.format(new Date(iso)),
    dateTime: (iso: string | Date) => dateTime.format(new Date(iso)),
  };
}
export type DocumentFormats = ReturnType<typeof documentFormats>;
