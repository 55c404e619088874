import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { packageRoot } from '../../src/util/package-root.ts';

/**
 * The CLI is a front end: nothing else in src/ imports it. The ESLint configuration enforces this; these tests
 * check that its rule catches such an import and that the code keeps to it. Only that rule runs, without
 * type information (fast, and independent of other lint findings).
 */

const RULE = '@typescript-eslint/no-restricted-imports';

function layeringLinter(): ESLint {
  return new ESLint({
    cwd: packageRoot(),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
    ruleFilter: ({ ruleId }) => ruleId === RULE,
  });
}

const CLI_IMPORT = "import { withDetectOptions } from '../../../cli/commands/detect-options.ts';\nexport const options = withDetectOptions;\n";

describe('layering', () => {
  it('refuses an import of CLI code from the server or the pipeline, and allows it inside the CLI', async () => {
    const eslint = layeringLinter();
    const messages = async (filePath: string, text = CLI_IMPORT) => (await eslint.lintText(text, { filePath }))[0]!.messages.map((m) => m.ruleId);
    assert.deepEqual(await messages('src/server/routes/analyze/index.ts'), [RULE]);
    assert.deepEqual(await messages('src/jobs/kinds/analyze.ts'), [RULE]);
    assert.deepEqual(await messages('src/pipeline/analyze.ts', "import { x } from '../cli/main.ts';\nexport const y = x;\n"), [RULE]);
    assert.deepEqual(await messages('src/cli/commands/analyze.ts', "import { withDetectOptions } from './detect-options.ts';\nexport const options = withDetectOptions;\n"), []);
  });

  it('finds no such import in src/', async () => {
    const results = await layeringLinter().lintFiles(['src/**/*.ts']);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    assert.deepEqual(found, []);
    assert.ok(results.length > 100, `linted the source files (${results.length})`);
  });
});
