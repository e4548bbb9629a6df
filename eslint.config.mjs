import nx from '@nx/eslint-plugin';
import simpleImportSort from 'eslint-plugin-simple-import-sort';

/**
 * Module boundaries: each service is a room whose only door is its contract. Apps may use the
 * contracts and small shared libs, never another app; the panel never imports Node-side code.
 */
const productionConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:api-client'],
  },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts'],
  },
  // deploy/compose checks compose.yaml against libs/config's env contract (like e2e, it may read type:util).
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:testing', 'type:util'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts'],
  },
  // bench/: measures the station from outside, like the e2e tests (never an app's internals).
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts'] },
  { sourceTag: 'type:api-client', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:admin', onlyDependOnLibsWithTags: ['scope:admin'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:queue', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:downloader', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:livestream', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:deploy', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

/** Specs may also use the shared test helpers (real processes, free ports, audio probes). */
const specConstraints = productionConstraints.map((constraint) =>
  constraint.sourceTag === 'type:app' ||
  constraint.sourceTag === 'type:util' ||
  constraint.sourceTag === 'type:contracts'
    ? {
        ...constraint,
        onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'],
      }
    : constraint,
);

const boundaries = (depConstraints) => ({
  '@nx/enforce-module-boundaries': [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
      depConstraints,
    },
  ],
});

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/generated/**', '**/webpack.config.js', '**/jest.config.cts'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      ...boundaries(productionConstraints),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e.ts', '**/*.e2e.spec.ts'],
    rules: boundaries(specConstraints),
  },
  // Imports in one order everywhere (packages, then @h4k libs, then relative), so a diff shows what changed.
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: { 'simple-import-sort/imports': 'error' },
  },
];
