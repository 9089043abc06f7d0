// nginx in front of the instances is shared with `npm run cluster` (tools/), like the test OpenID
// Provider; TypeScript test files reach it through this module and its .d.mts.
export * from '../../../../tools/nginx.mjs';
