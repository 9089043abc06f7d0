// The test OpenID Provider is shared with the end-to-end server (tools/), like tools/db.mjs is with
// global-setup.mjs; TypeScript test files reach it through this module and its .d.mts.
export * from '../../../../tools/oidc-test-provider.mjs';
