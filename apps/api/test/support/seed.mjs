// The demo seed is shared with the launcher (tools/); TypeScript test files reach it through this
// module and its .d.mts.
export * from '../../../../tools/seed.mjs';
