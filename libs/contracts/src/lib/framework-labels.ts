import type { FrameworkField } from './limits';

/** How each framework-data field of a description is labelled, in forms and in the API docs. */
export const FRAMEWORK_FIELD_LABELS: Record<FrameworkField, string> = {
  taskSummary: 'Summary of the tasks',
  reportsTo: 'Reports to',
  directReports: 'Direct reports',
  deputyFor: 'Deputy for',
  deputizedBy: 'Deputized by',
  authorities: 'Authorities',
  education: 'Education',
  otherSkills: 'Other skills',
};

/** The same fields in German (Rahmendaten), for the German document. */
export const FRAMEWORK_FIELD_LABELS_DE: Record<FrameworkField, string> = {
  taskSummary: 'Zusammenfassung der Aufgaben',
  reportsTo: 'Unterstellt unter',
  directReports: 'Direkt unterstellte Beschäftigte',
  deputyFor: 'Vertritt',
  deputizedBy: 'Wird vertreten durch',
  authorities: 'Befugnisse',
  education: 'Ausbildung',
  otherSkills: 'Sonstige Kenntnisse',
};
