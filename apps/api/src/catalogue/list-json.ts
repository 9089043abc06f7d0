// The DTOs of the lists as PostgreSQL builds them (ADR 0018): the same fields and formats as the
// mappers (job-task.mapper.ts, job-description.mapper.ts) — the integration tests compare every
// listed item with GET /:id. Expressions over a row alias; never any user input.

import { isoTime } from '../common/sql-time';

/** `{id, displayName}` of the user joined as `alias` (null when the left join found none). */
function userRefJson(alias: string): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'displayName', ${alias}.display_name) END`;
}

/** The audit fields of row `row`, for `json_build_object`, with users joined by `auditJoins(row, prefix)`. */
function auditJson(row: string, prefix: string): string {
  return `'createdAt', ${isoTime(`${row}.created_at`)}, 'createdBy', ${userRefJson(`${prefix}cu`)},
    'updatedAt', ${isoTime(`${row}.updated_at`)}, 'updatedBy', ${userRefJson(`${prefix}uu`)},
    'deletedAt', ${isoTime(`${row}.deleted_at`)}, 'deletedBy', ${userRefJson(`${prefix}du`)}`;
}

function auditJoins(row: string, prefix: string): string {
  return `JOIN users ${prefix}cu ON ${prefix}cu.id = ${row}.created_by_id
    JOIN users ${prefix}uu ON ${prefix}uu.id = ${row}.updated_by_id
    LEFT JOIN users ${prefix}du ON ${prefix}du.id = ${row}.deleted_by_id`;
}

/** The tag names of `row` as a JSON array, sorted as `tagNames` sorts them (case-insensitive first). */
const TAG_AGGREGATE = `json_agg(g.name ORDER BY lower(g.name) COLLATE "und-x-icu", g.name COLLATE "und-x-icu")`;

function tagsJson(table: 'job_task_tags' | 'job_description_tags', column: string, row: string): string {
  return `coalesce((SELECT ${TAG_AGGREGATE} FROM ${table} l JOIN tags g ON g.id = l.tag_id WHERE l.${column} = ${row}.id), '[]')`;
}

/** A JobTaskDto of the job_tasks row `row` (`toJobTaskDto`), with its users joined by `joins`. */
function taskJson(row: string, prefix: string): string {
  return `json_build_object('id', ${row}.id, 'title', ${row}.title, 'text', ${row}.text, 'payGroup', ${row}.pay_group,
    'tags', ${tagsJson('job_task_tags', 'job_task_id', row)}, 'readOnlyForEditors', ${row}.read_only_for_editors,
    ${auditJson(row, prefix)})`;
}

/**
 * The page row `p` of job_tasks as a JobTaskDto. The tags of the whole page are aggregated in one
 * join (`page_tags`), not looked up row by row: a third less time for a page of 500.
 */
export const JOB_TASK_JSON = {
  ctes: `page_tags AS (
    SELECT l.job_task_id, ${TAG_AGGREGATE} AS tags FROM job_task_tags l JOIN tags g ON g.id = l.tag_id
     WHERE l.job_task_id IN (SELECT id FROM page) GROUP BY l.job_task_id)`,
  json: `json_build_object('id', p.id, 'title', p.title, 'text', p.text, 'payGroup', p.pay_group,
    'tags', coalesce(pt.tags, '[]'), 'readOnlyForEditors', p.read_only_for_editors, ${auditJson('p', '')})`,
  joins: `${auditJoins('p', '')} LEFT JOIN page_tags pt ON pt.job_task_id = p.id`,
};

/**
 * The page row `p` of job_descriptions as a JobDescriptionDto (`toJobDescriptionDto`): tasks in
 * order with their shares, and the weighted pay group rounded as `weightedPayGroup` rounds
 * (Math.round of the float quotient × 100, i.e. floor(x + 0.5), in the same double arithmetic).
 */
export const JOB_DESCRIPTION_JSON = {
  json: `json_build_object('id', p.id, 'title', p.title,
    'tags', ${tagsJson('job_description_tags', 'job_description_id', 'p')},
    'readOnlyForEditors', p.read_only_for_editors,
    'frameworkData', json_build_object('taskSummary', p.task_summary, 'reportsTo', p.reports_to,
      'directReports', p.direct_reports, 'deputyFor', p.deputy_for, 'deputizedBy', p.deputized_by,
      'authorities', p.authorities, 'education', p.education, 'otherSkills', p.other_skills),
    'tasks', coalesce((SELECT json_agg(json_build_object('jobTaskId', a.job_task_id, 'order', a."order",
        'percentage', a.percentage, 'task', ${taskJson('jt', 't_')}) ORDER BY a."order")
      FROM job_description_tasks a JOIN job_tasks jt ON jt.id = a.job_task_id ${auditJoins('jt', 't_')}
      WHERE a.job_description_id = p.id), '[]'),
    'taskCount', w.task_count,
    'weightedPayGroup', CASE WHEN w.shares > 0 THEN floor(w.weighted::float8 / w.shares::float8 * 100 + 0.5) / 100 END,
    ${auditJson('p', '')})`,
  joins: `${auditJoins('p', '')}
    CROSS JOIN LATERAL (SELECT count(*)::int AS task_count,
        sum(jt.pay_group * a.percentage) FILTER (WHERE jt.pay_group IS NOT NULL) AS weighted,
        sum(a.percentage) FILTER (WHERE jt.pay_group IS NOT NULL) AS shares
      FROM job_description_tasks a JOIN job_tasks jt ON jt.id = a.job_task_id WHERE a.job_description_id = p.id) w`,
};
