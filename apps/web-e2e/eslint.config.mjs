import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Like the specs: the end-to-end helpers assert presence with `!` after checking it.
    files: ['**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
