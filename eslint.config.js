import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Boundaries: a library reaches another only through its entry point (`#name`, or a declared
// `#name/part` such as `#deadlines/queue`; package.json "imports"), never by a relative path into
// its folder; an app never imports another app. Relative imports inside one library or app stay free.
const LIBS = readdirSync('libs');
const APPS = readdirSync('apps');
const either = (names) => names.join('|');
const boundaries = (own, others) => [
  {
    regex: `^(\\.\\./)+(apps|libs)/`,
    message: 'Import another library by its entry point (#name), never by a path into libs/ or apps/.',
  },
  {
    regex: `^(\\.\\./)+(${either(others.filter((name) => name !== own))})/src(/|$)`,
    message: 'Import another library by its entry point (#name), never by a path into its src/.',
  },
];
const libBoundaries = (lib) => boundaries(lib, LIBS);
const appBoundaries = (app) => [
  boundaries(app, LIBS)[0],
  {
    regex: `^(\\.\\./)+(${either(APPS.filter((name) => name !== app))})/`,
    message: 'Apps never import each other: move what both need into libs/.',
  },
];

// The domain (libs/drafting, and the pure parts of libs/deadlines) is plain TypeScript: no
// framework, database, queue or store client may be imported there.
const infrastructure = [
  '@nestjs/*',
  'pg',
  'pg-*',
  'bullmq',
  'ioredis',
  '@kurrent/*',
  '@electric-sql/*',
  'express',
  'node:fs',
  'node:net',
  'node:http',
];

/** The pure parts of the domain: no framework or infrastructure, on top of the boundaries. */
const DOMAIN = [
  { lib: 'drafting', files: ['libs/drafting/**/*.ts'], ignores: ['**/*.spec.ts'] },
  {
    lib: 'deadlines',
    files: ['libs/deadlines/src/**/*.ts'],
    // The BullMQ scheduling adapter (src/queue) and its Nest hosting (src/hosting) may.
    ignores: ['**/*.spec.ts', 'libs/deadlines/src/queue/**', 'libs/deadlines/src/hosting/**'],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Plain Node scripts (the build, Jest's global setup and config).
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...LIBS.map((lib) => ({
    files: [`libs/${lib}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: libBoundaries(lib) }] },
  })),
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: appBoundaries(app) }] },
  })),
  {
    // Cross-app tests start the apps, but reach a library only by its entry point as well.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+libs/',
              message: 'Import a library by its entry point (#name), never by a path into libs/.',
            },
          ],
        },
      ],
    },
  },
  ...DOMAIN.map(({ lib, files, ignores }) => ({
    files,
    ignores,
    rules: {
      // Replaces the block above for these files (rule options do not merge): boundaries kept.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...libBoundaries(lib),
            {
              group: infrastructure,
              message: `libs/${lib} is the pure domain: no framework or infrastructure imports.`,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain takes time as input: no new Date().',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The domain takes time as input: no Date.now().',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'The domain takes ids as input: no Math.random().',
        },
      ],
    },
  })),
);
