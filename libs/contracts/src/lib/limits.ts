/** Domain limits shared by server validation and client forms (docs/product.md § Limits). */
export const TITLE_MAX_LENGTH = 120;
export const TAG_MAX_LENGTH = 40;
export const TAGS_PER_RECORD_MAX = 30;
export const TASK_TEXT_MAX_LENGTH = 20_000;
export const PAY_GROUP_MIN = 1;
export const PAY_GROUP_MAX = 15;
export const SHARE_STEP = 5;
export const SHARE_MIN = 5;
export const SHARE_TOTAL = 100;
export const LIST_LIMIT_MAX = 500;
export const LIST_LIMIT_DEFAULT = 100;
export const USERNAME_MAX_LENGTH = 40;
export const DISPLAY_NAME_MAX_LENGTH = 80;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;
export const CLIENT_ID_MAX_LENGTH = 64;
/** Header every mutating request carries so the server knows which tab acts (lock ownership is per tab). */
export const CLIENT_ID_HEADER = 'x-client-id';

/** The eight framework-data fields of a description and their maximum lengths (docs/product.md § Framework data). */
export const FRAMEWORK_FIELD_LIMITS = {
  taskSummary: 1000,
  reportsTo: 600,
  directReports: 600,
  deputyFor: 600,
  deputizedBy: 600,
  authorities: 600,
  education: 1000,
  otherSkills: 2000,
} as const;
export type FrameworkField = keyof typeof FRAMEWORK_FIELD_LIMITS;
export const FRAMEWORK_FIELDS = Object.keys(FRAMEWORK_FIELD_LIMITS) as FrameworkField[];

/** HTML elements allowed in a task's rich text (docs/product.md § Job tasks). */
export const ALLOWED_TEXT_TAGS = ['p', 'br', 'strong', 'em', 'u', 'ul', 'ol', 'li'] as const;
