// The job child: receives one task (an import or a what-if) from the
// workbench, runs it, reports progress at most a few times a second, sends the
// outcome and exits. Cancelling is the parent killing it: an import commits
// file by file, so what was imported stays and a re-import continues.
import { errorText } from '../store/failure-streak.js';
import { importFolder } from './import-folder.js';
import type { FromJobChild, JobTask } from './job-protocol.js';
import { reinspect } from './whatif.js';

const PROGRESS_MS = 200;
let lastProgressAt = 0;

const send = (message: FromJobChild): void => {
  process.send?.(message);
};

function progress(done: number, total: number, message: string, runId?: number | null): void {
  const now = Date.now();
  if (now - lastProgressAt < PROGRESS_MS && done < total) return;
  lastProgressAt = now;
  send({ type: 'progress', done, total, message, ...(runId == null ? {} : { runId }) });
}

async function run(task: JobTask): Promise<void> {
  if (task.kind === 'import') {
    const summary = importFolder({ dataDir: task.dataDir, folder: task.folder, recipe: task.recipe, onProgress: (p) => progress(p.done, p.total, p.message, p.runId) });
    if (!summary.ok) return send({ type: 'failed', message: summary.error.message });
    for (const text of summary.value.problems) send({ type: 'problem', text });
    return send({ type: 'done', result: summary.value });
  }
  const tally = await reinspect(task.items, task.recipe, {
    progress: (done, total) => progress(done, total, `re-inspected ${done} of ${total}`),
    problem: (text) => send({ type: 'problem', text }),
  });
  send({ type: 'done', result: tally });
}

process.once('message', (task: JobTask) => {
  run(task)
    .catch((err: unknown) => send({ type: 'failed', message: errorText(err) }))
    // The outcome is sent already; exit once the channel has written it.
    .finally(() => process.send?.({ type: 'progress', done: 0, total: 0, message: 'exiting' } satisfies FromJobChild, () => process.exit(0)));
});
process.on('disconnect', () => process.exit(0));
