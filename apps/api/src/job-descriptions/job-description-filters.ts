import { FRAMEWORK_FIELDS, type ListQuery } from '@tdgen/contracts';
import type { ListTable } from '../catalogue/list-sql';
import { sharedListWhere, tagAndTextFilters } from '../catalogue/list-where';
import type { Prisma } from '../generated/prisma/client';

/**
 * The `where` of GET /job-descriptions (docs/product.md § Job descriptions). Free text searches the
 * title, the tags and the framework data (a description's "text"); `payGroup` finds descriptions
 * containing a task of it.
 */
export function descriptionListWhere(query: ListQuery): Prisma.JobDescriptionWhereInput {
  return {
    ...sharedListWhere(query),
    ...(query.payGroup === undefined ? {} : { tasks: { some: { jobTask: { payGroup: query.payGroup } } } }),
    AND: tagAndTextFilters(query, FRAMEWORK_FIELDS),
  };
}

/**
 * The list of GET /job-descriptions in SQL: the same filters as `descriptionListWhere`, with the
 * free text in the title and the framework data through the trigram index.
 */
// The framework data columns in the order of FRAMEWORK_FIELDS and of the search index.
const FRAMEWORK_COLUMNS = [
  'task_summary',
  'reports_to',
  'direct_reports',
  'deputy_for',
  'deputized_by',
  'authorities',
  'education',
  'other_skills',
];

export const JOB_DESCRIPTION_LIST: ListTable = {
  table: 'job_descriptions',
  // The expression of the index job_descriptions_search_trgm_idx (migration 1796020400000), on alias `s`.
  searchText: `(s.title || E'\\n' || ${FRAMEWORK_COLUMNS.map((c) => `coalesce(s.${c}, '')`).join(` || E'\\n' || `)})`,
  tagLinks: { table: 'job_description_tags', column: 'job_description_id' },
  ownConditions: (query, sql) =>
    query.payGroup === undefined
      ? []
      : [
          `EXISTS (SELECT 1 FROM job_description_tasks a JOIN job_tasks jt ON jt.id = a.job_task_id
                    WHERE a.job_description_id = t.id AND jt.pay_group = ${sql.add(query.payGroup, 'int')})`,
        ],
  countKey: 'JobDescription',
};
