import { ESLint } from 'eslint';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The lint's layer rule, checked on code written as if it were in the tree (nothing is written to disk). */
const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint per layer', () => {
  it('refuses a recipe importing another recipe, and says how data passes instead', async () => {
    const found = await problems('main/recipes/outreach/probe.ts', "import { x } from '../personalization/index';\nexport const y = x;\n");
    expect(found.join('\n')).toMatch(/hunter\/layering: main\/recipes\/outreach may not import main\/recipes\/personalization \(recipes pass data through recipes\/handoff/);
  });

  it('sees a recipe named by its folder as that recipe', async () => {
    const found = await problems('main/recipes/outreach/probe.ts', "import { x } from '../personalization';\nexport const y = x;\n");
    expect(found.join('\n')).toMatch(/main\/recipes\/outreach may not import main\/recipes\/personalization/);
  });

  it('lets a recipe import what recipes share (handoff) and the layers below it', async () => {
    const found = await problems('main/recipes/outreach/probe.ts', "import type { Handoff } from '../handoff';\nimport { HunterError } from '../../core/errors';\nexport type H = Handoff; export const e = HunterError;\n");
    expect(found.filter((m) => m.startsWith('hunter/layering'))).toEqual([]);
  });

  it('refuses core importing any code of ours', async () => {
    for (const target of ['../store/database', '../engine/runner', '../ai/pricing', '../services/index']) {
      const found = await problems('main/core/probe.ts', `import { a } from '${target}';\nexport const b = a;\n`);
      expect(found.join('\n')).toMatch(/hunter\/layering: main\/core may not import/);
    }
  });

  it('refuses the renderer importing main, even for its types, and lets it import the contract', async () => {
    const denied = await problems('renderer/src/probe.ts', "import type { Lead } from '../../main/core/lead';\nexport type L = Lead;\n");
    expect(denied.join('\n')).toMatch(/renderer may not import main\/core/);
    const allowed = await problems('renderer/src/probe.ts', "import type { Api } from '../../preload/contract';\nexport type A = Api;\n");
    expect(allowed.filter((m) => m.startsWith('hunter/layering'))).toEqual([]);
  });

  it('allows a type-only import where only types may cross, and refuses the same import as code', async () => {
    const asType = await problems('main/engine/probe.ts', "import type { Usage } from '../ai/usage';\nexport type U = Usage;\n");
    expect(asType.filter((m) => m.startsWith('hunter/layering'))).toEqual([]);
    const asCode = await problems('main/engine/probe.ts', "import { usage } from '../ai/usage';\nexport const u = usage;\n");
    expect(asCode.join('\n')).toMatch(/main\/engine may not import main\/ai except for its types/);
    const lazily = await problems('main/store/probe.ts', "export const load = () => import('../engine/runner');\n");
    expect(lazily.join('\n')).toMatch(/main\/store may not import main\/engine/);
  });

  it('holds for the tree as it is', async () => {
    const results = await eslint.lintFiles(['main', 'preload', 'renderer']);
    const layering = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'hunter/layering').map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(layering).toEqual([]);
  }, 120_000);

  it('tests mirror the source tree: every folder of tests/main names a folder of main', () => {
    const strays: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (!statSync(full).isDirectory()) continue;
        const source = join(root, 'main', relative(join(root, 'tests', 'main'), full));
        let exists = false;
        try { exists = statSync(source).isDirectory(); } catch { exists = false; }
        if (!exists) strays.push(relative(root, full));
        walk(full);
      }
    };
    walk(join(root, 'tests', 'main'));
    expect(strays).toEqual([]);
  });

  it('SQL is written only in main/store', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) { if (full !== join(root, 'main', 'store')) walk(full); continue; }
        if (!/\.tsx?$/.test(name)) continue;
        const text = readFileSync(full, 'utf8');
        // A statement prepared or executed on a better-sqlite3 handle, or a pragma read or set.
        if (/\b(db|database|connection|sqlite)\??\.(prepare|exec|pragma)\(|\.prepare\(\s*[`'"]\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE)/i.test(text)) offenders.push(relative(root, full));
      }
    };
    walk(join(root, 'main'));
    expect(offenders).toEqual([]);
  });
});
