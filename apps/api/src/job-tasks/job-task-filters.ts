import type { ListTable } from '../catalogue/list-sql';

/**
 * The list of GET /job-tasks (docs/product.md § Job tasks): free text searches the title, the text
 * and the tags; the pay group is the task's own.
 */
export const JOB_TASK_LIST: ListTable = {
  table: 'job_tasks',
  // The expression of the index job_tasks_search_trgm_idx (migration 1796020400000), on alias `s`.
  searchText: `(s.title || E'\\n' || s.text)`,
  tagLinks: { table: 'job_task_tags', column: 'job_task_id' },
  ownConditions: (query, sql) =>
    query.payGroup === undefined ? [] : [`t.pay_group = ${sql.add(query.payGroup, 'int')}`],
  countKey: 'JobTask',
};
