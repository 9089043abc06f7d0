import boundaries from 'eslint-plugin-boundaries';

/**
 * The API's folders and which of them each may import: a layered order from the leaves
 * (decorators, common, config) up to the feature folders, so an import against it — and with it
 * any cycle between folders — fails the lint. A new folder needs an entry here.
 * Bottom to top: decorators, common, config → prisma → events → locks → event-stream; tags, catalogue →
 * job-descriptions → job-tasks, job-description-tasks, documents; users → auth → sso, lean-routes; app (main, AppModule) on top.
 */
// What every feature folder may use: the leaves, the database and the event bus.
const BASE = ['decorators', 'common', 'config', 'prisma', 'generated', 'events'];
const CATALOGUE = [...BASE, 'locks', 'tags', 'catalogue'];
const LAYERS = {
  decorators: [],
  generated: [],
  common: ['generated'],
  config: ['decorators'],
  prisma: ['config', 'generated'],
  events: BASE,
  locks: BASE,
  tags: ['common', 'prisma', 'generated'],
  catalogue: [...BASE, 'locks', 'tags'],
  'job-descriptions': CATALOGUE,
  'job-tasks': [...CATALOGUE, 'job-descriptions'],
  'job-description-tasks': [...CATALOGUE, 'job-descriptions'],
  documents: [...BASE, 'job-descriptions'],
  users: BASE,
  // The stream endpoints and the hello snapshot: above events and locks, so neither imports the other.
  'event-stream': [...BASE, 'locks'],
  auth: [...BASE, 'locks', 'users'],
  sso: [...BASE, 'auth'],
  // The hottest routes' common case below Express (ADR 0020), built from the features' own pieces.
  'lean-routes': [...BASE, 'locks', 'users', 'auth', 'event-stream', 'job-tasks'],
  health: ['decorators', 'prisma'],
  // Serving the built web app (static files, no API code).
  'web-app': [],
};
const FOLDERS = Object.keys(LAYERS);

/**
 * The layer rule for the API's sources. `files` is relative to the config that uses it: the root
 * config (what `npm run lint` runs) and apps/api/eslint.config.mjs (`nx lint api`) both apply it.
 */
export function apiLayerRules(files) {
  return [
    ...apiErrorRules(files),
    {
      files,
      plugins: { boundaries },
      settings: {
        'import/resolver': { node: { extensions: ['.ts', '.js'] } },
        'boundaries/elements': [
          ...FOLDERS.map((folder) => ({ type: folder, pattern: `src/${folder}` })),
          // main.ts, bootstrap.ts, app.module.ts: the composition root.
          { type: 'app', pattern: 'src' },
        ],
      },
      rules: {
        'boundaries/dependencies': [
          'error',
          {
            default: 'disallow',
            policies: [
              // Inside one folder anything goes.
              ...FOLDERS.map((folder) => ({
                from: { element: { type: folder } },
                allow: { to: { element: { types: { anyOf: [folder, ...LAYERS[folder]] } } } },
              })),
              {
                from: { element: { type: 'app' } },
                allow: { to: { element: { types: { anyOf: ['app', ...FOLDERS] } } } },
              },
              // Packages (NestJS, @tdgen/contracts, ...) are governed by the Nx module-boundary rule.
              { allow: { to: { module: { origin: 'external' } } } },
              { allow: { to: { module: { origin: 'core' } } } },
            ],
          },
        ],
      },
    },
  ];
}

/** Nest's HTTP exceptions: each would answer without an error code. */
const NEST_HTTP_EXCEPTIONS = [
  'HttpException',
  'BadRequestException',
  'UnauthorizedException',
  'ForbiddenException',
  'NotFoundException',
  'ConflictException',
  'GoneException',
  'PayloadTooLargeException',
  'UnsupportedMediaTypeException',
  'UnprocessableEntityException',
  'PreconditionFailedException',
  'InternalServerErrorException',
  'ServiceUnavailableException',
  'NotImplementedException',
  'MethodNotAllowedException',
  'NotAcceptableException',
  'RequestTimeoutException',
  'BadGatewayException',
  'GatewayTimeoutException',
  'ImATeapotException',
  'HttpVersionNotSupportedException',
  'MisdirectedException',
];

/**
 * docs/product.md § Errors: every error carries a code of libs/contracts, so the API throws only
 * `ApiException` (common/api-exception.ts). Nest's own exceptions are refused by the linter outside
 * the three files that translate them (the exception, the filter, the validation pipe) and specs.
 */
function apiErrorRules(files) {
  const translators = ['api-exception.ts', 'http-exception.filter.ts', 'validation-pipe.ts'];
  return [
    {
      files,
      // Specs may throw Nest's exceptions to test the translation.
      ignores: [...translators.map((file) => `common/${file}`), '**/*.spec.ts'].map((file) =>
        files[0].replace(/\*\*\/\*\.ts$/, file),
      ),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [
              {
                name: '@nestjs/common',
                importNames: NEST_HTTP_EXCEPTIONS,
                message: 'Throw ApiException (common/api-exception.ts) with a code of libs/contracts.',
              },
            ],
          },
        ],
      },
    },
  ];
}
