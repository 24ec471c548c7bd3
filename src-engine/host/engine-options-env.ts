// Options a host passes to a forked or utility engine process. They travel in one
// environment variable as JSON (argv would need quoting across platforms), and are
// validated here because a process boundary is a trust boundary too.
import { z } from 'zod';
import { describeIssues } from '../../src-shared/recipe.js';
import type { EngineServiceOptions } from './engine-service.js';

export const ENGINE_OPTIONS_ENV = 'LOUPE_ENGINE_OPTIONS';

const EngineOptionsSchema = z
  .object({
    defaultSource: z.unknown().optional(),
    /** Start the line as soon as the default source is open (what `npm start` and the desktop app do). */
    autoRun: z.boolean().optional(),
    statusIntervalMs: z.number().int().min(50).max(60_000).optional(),
    previewAckTimeoutMs: z.number().int().min(50).max(600_000).optional(),
    defaultView: z
      .object({ width: z.number().int().min(16).max(8192), height: z.number().int().min(16).max(8192), format: z.enum(['jpeg', 'webp']) })
      .strict()
      .optional(),
  })
  .strict();

export type EngineProcessOptions = z.input<typeof EngineOptionsSchema>;

/** Options from the environment; an invalid value is reported and ignored, never fatal. */
export function engineOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): { options: EngineServiceOptions; problem: string | null } {
  const raw = env[ENGINE_OPTIONS_ENV];
  if (!raw) return { options: {}, problem: null };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { options: {}, problem: `${ENGINE_OPTIONS_ENV} is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = EngineOptionsSchema.safeParse(json);
  if (!parsed.success) return { options: {}, problem: `${ENGINE_OPTIONS_ENV} ignored: ${describeIssues(parsed.error)}` };
  return { options: parsed.data, problem: null };
}
