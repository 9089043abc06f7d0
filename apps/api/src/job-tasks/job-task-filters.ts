import { AUDIT_JOINS, AUDIT_JSON, tagsJson, type ListTable } from '../catalogue/list-sql';

/**
 * The list of GET /job-tasks (docs/product.md § Job tasks): free text searches the title, the text
 * and the tags; the pay group is the task's own.
 */
export const JOB_TASK_LIST: ListTable = {
  table: 'job_tasks',
  // The expression of the index job_tasks_search_trgm_idx (migration 1796019828851), on alias `s`.
  searchText: `(s.title || E'\\n' || s.text)`,
  tagLinks: { table: 'job_task_tags', column: 'job_task_id' },
  ownConditions: (query, sql) =>
    query.payGroup === undefined ? [] : [`t.pay_group = ${sql.add(query.payGroup, 'int')}`],
  countKey: 'JobTask',
};

/** A JobTaskDto built by PostgreSQL from the page row `p` (the same fields as `toJobTaskDto`). */
export const JOB_TASK_JSON = {
  json: `json_build_object('id', p.id, 'title', p.title, 'text', p.text, 'payGroup', p.pay_group,
    'tags', ${tagsJson(JOB_TASK_LIST.tagLinks)}, 'readOnlyForEditors', p.read_only_for_editors, ${AUDIT_JSON})`,
  joins: AUDIT_JOINS,
};
