// Lint for the whole tree: typescript-eslint's recommended rules, promises that must be awaited or
// handled (a forgotten await in a service or an activity loses an error or a write), one import
// order, and Prettier's formatting choices left to Prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'generated/**', 'node_modules/**', '.tools/**', '.data/**', 'coverage/**', 'test-results/**', 'bench-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    // The path aliases of tsconfig.json are this project's own modules.
    settings: { 'import-x/internal-regex': '^@(workflows|activities|generated|db|test|observability)(/|$)' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index', 'type'],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      'import-x/no-duplicates': 'error',
    },
  },
  // A controller is wired by its module (or an area's index and the portal's route table), never
  // imported for what else it exports: shared helpers live in their own files.
  {
    files: ['**/*.ts'],
    ignores: ['**/*.module.ts', '**/index.ts', 'apps/api/src/web/web-routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '\\.controller(\\.[jt]s)?$',
              message:
                '控制器文件只由模块、index 或 web-routes.ts 引入，共用的部分放到单独文件 / ' +
                'Import a controller file only in a module, an index or web-routes.ts; move what is shared to its own file.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The portal's small scripts run in the browser.
  { files: ['templates/web/assets/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } },
  prettier,
  // After Prettier's config (which turns max-len off): no line of the product over 140 characters;
  // tests may hold long literal fixtures.
  {
    files: ['**/*.{ts,js,cjs,mjs}'],
    ignores: ['**/*.spec.ts', 'test/**'],
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true }] },
  },
);
