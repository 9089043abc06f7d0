import nx from '@nx/eslint-plugin';
import boundaries from 'eslint-plugin-boundaries';
import baseConfig from '../../eslint.config.mjs';

/**
 * The web app's folders are layers; a folder may import only the layers below it, so a cycle
 * between folders cannot be written (docs/architecture.md § Web app layers):
 *   core → shared → stores → flows/locks → flows/* → features/* → layout → app root
 * (shared and stores are side by side: neither imports the other). Imports inside one folder
 * (one feature, one flow, all of core, ...) are free. Specs and test helpers may import anything.
 */
const layer = (type) => ({ element: { type } });
const anyOf = (...types) => ({ element: { types: { anyOf: types } } });

export default [
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        {
          type: 'attribute',
          prefix: 'td',
          style: 'camelCase',
        },
      ],
      '@angular-eslint/component-selector': [
        'error',
        {
          type: 'element',
          prefix: 'td',
          style: 'kebab-case',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts', 'src/testing/**'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'boundaries/elements': [
        { type: 'core', pattern: 'src/app/core' },
        { type: 'shared', pattern: 'src/app/shared' },
        { type: 'stores', pattern: 'src/app/stores' },
        { type: 'lock-flow', pattern: 'src/app/flows/locks' },
        { type: 'flow', pattern: 'src/app/flows/*' },
        { type: 'feature', pattern: 'src/app/features/*' },
        { type: 'layout', pattern: 'src/app/layout' },
        { type: 'app', pattern: 'src' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            { from: layer('core'), allow: { to: layer('core') } },
            { from: layer('shared'), allow: { to: anyOf('core', 'shared') } },
            { from: layer('stores'), allow: { to: anyOf('core', 'stores') } },
            { from: layer('lock-flow'), allow: { to: anyOf('core', 'shared', 'stores') } },
            { from: layer('flow'), allow: { to: anyOf('core', 'shared', 'stores', 'lock-flow') } },
            { from: layer('feature'), allow: { to: anyOf('core', 'shared', 'stores', 'lock-flow', 'flow') } },
            { from: layer('layout'), allow: { to: anyOf('core', 'shared', 'stores', 'lock-flow', 'flow') } },
            { from: layer('app'), allow: { to: anyOf('core', 'feature', 'layout', 'app') } },
          ],
        },
      ],
      // Every source file belongs to a layer.
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: ['**/*.html'],
    // Override or add rules here
    rules: {},
  },
];
