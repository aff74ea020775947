import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

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
    files: ['libs/drafting/**/*.ts', 'libs/deadlines/src/**/*.ts'],
    // The BullMQ scheduling adapter of libs/deadlines lives under src/queue and may import infrastructure.
    ignores: ['**/*.spec.ts', 'libs/deadlines/src/queue/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: infrastructure,
              message: 'libs/drafting is the pure domain: no framework or infrastructure imports.',
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
  },
);
