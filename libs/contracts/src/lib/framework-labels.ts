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
