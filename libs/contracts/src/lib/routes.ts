/** URL paths shared by server controllers and client services. */
export const API_PREFIX = 'api';
export const ROUTES = {
  auth: 'auth',
  users: 'users',
  jobTasks: 'job-tasks',
  jobDescriptions: 'job-descriptions',
  jobDescriptionTasks: 'job-description-tasks',
  locks: 'locks',
  events: 'events',
  config: 'config',
  health: 'health',
  documents: 'documents',
} as const;
export const SESSION_COOKIE = 'tdgen_session';
/** Single sign-on (OpenID Connect) routes, under ROUTES.auth. */
export const SSO_ROUTES = {
  base: 'auth/oidc',
  /** GET, a full-page navigation: `?returnTo=/same/origin/path` */
  login: 'login',
  callback: 'callback',
  logout: 'logout',
  backchannelLogout: 'backchannel-logout',
} as const;

/** Path (below the API prefix) of a description's PDF. */
export function jobDescriptionPdfPath(id: number): string {
  return `${ROUTES.jobDescriptions}/${id}/document.pdf`;
}

/** Path (below the API prefix) of the ZIP of many descriptions' PDFs: selected ids or one tag. */
export const JOB_DESCRIPTION_ARCHIVE_PATH = `${ROUTES.documents}/job-descriptions.zip`;
