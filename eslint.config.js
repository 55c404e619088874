import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'bin/**', 'eslint.config.js', '**/*.tmp.ts', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    // Layering: the CLI is a front end like the server; nothing else imports it (shared code lives in
    // pipeline, config or schema).
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\./|(\\.\\./)+)cli/', message: 'only src/cli imports CLI code: move what is shared to src/pipeline, src/config or src/schema' }] },
      ],
    },
  },
  {
    // The web app: only the shared schema's types from the rest of the package; log text never becomes HTML.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+src/(?!schema/)', message: 'the web app imports only src/schema, never server or engine code' },
            // event-text.ts is the one pure function shared with the CLI (how an event reads in a list); it imports types only.
            { regex: '^(\\.\\./)+src/schema/(?!event-text\\.ts$)', allowTypeImports: true, message: 'the web app imports types only from src/schema (import type)' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'never render HTML: log-derived text is rendered as text' },
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'never write HTML: log-derived text is rendered as text' },
        { selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/]", message: 'never write HTML: log-derived text is rendered as text' },
      ],
    },
  },
);
