// The lint rule that keeps code split by runtime is itself tested: a rule that
// silently stopped matching would let the renderer import Node or the engine.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('runtime-boundary lint rules', () => {
  it('forbid Node, Electron and engine imports in the renderer', async () => {
    expect(await restrictedImports('src-renderer/views/x.ts', "import fs from 'node:fs';\nexport default fs;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/views/x.ts', "import { ipcRenderer } from 'electron';\nexport default ipcRenderer;\n")).toHaveLength(1);
    expect(await restrictedImports('src-renderer/views/x.ts', "import { opencv } from '../../src-engine/opencv.js';\nexport default opencv;\n")).toHaveLength(1);
  });

  it('forbid Electron in the engine and anything runtime-bound in the contract', async () => {
    expect(await restrictedImports('src-engine/host/x.ts', "import { app } from 'electron';\nexport default app;\n")).toHaveLength(1);
    expect(await restrictedImports('src-shared/x.ts', "import path from 'node:path';\nexport default path;\n")).toHaveLength(1);
    expect(await restrictedImports('src-shared/x.ts', "import { ref } from 'vue';\nexport default ref;\n")).toHaveLength(1);
  });

  it('allow what each runtime may use', async () => {
    expect(await restrictedImports('src-renderer/views/x.ts', "import { z } from 'zod';\nimport { ref } from 'vue';\nexport default [z, ref];\n")).toEqual([]);
    expect(await restrictedImports('src-engine/host/x.ts', "import fs from 'node:fs';\nexport default fs;\n")).toEqual([]);
    expect(await restrictedImports('src-main/x.ts', "import { app } from 'electron';\nexport default app;\n")).toEqual([]);
  });
});
