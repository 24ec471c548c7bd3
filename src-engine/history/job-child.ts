// Runs one import or what-if in a forked child (tsx, like the engine's own
// child), at a lower CPU priority than the line, relaying its progress and
// problems to the job and killing it on cancel.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { pathToFileURL } from 'node:url';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { JobControl } from './history-jobs.js';
import { sourceEntryPath } from '../source-entry.js';
import type { FromJobChild, JobTask } from './job-protocol.js';

const CHILD_ENTRY = sourceEntryPath('historyJobChild');
/** Nice value of the child: the live engine (0) always goes first on a busy machine. */
const CHILD_NICE = 10;

export function runInJobChild(task: JobTask, control: JobControl): Promise<Result<unknown>> {
  const child = fork(CHILD_ENTRY, [], {
    execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    if (child.pid !== undefined) setPriority(child.pid, CHILD_NICE);
  } catch {
    // Not permitted on some systems; the job still runs, at normal priority.
  }
  control.onCancel(() => child.kill('SIGKILL'));
  return new Promise((resolve) => {
    let outcome: Result<unknown> | null = null;
    child.on('message', (m: FromJobChild) => {
      if (m.type === 'progress' && m.message !== 'exiting') {
        if (m.runId !== undefined) control.note('runId', m.runId);
        control.progress(m.done, m.total, m.message);
      }
      else if (m.type === 'problem') control.problem(m.text);
      else if (m.type === 'done') outcome = ok(m.result);
      else if (m.type === 'failed') outcome = fail('internal', m.message);
    });
    child.once('error', (err) => resolve(outcome ?? fail('internal', `the job process failed: ${err.message}`)));
    child.once('exit', (code, signal) => {
      if (outcome) return resolve(outcome);
      if (control.cancelled) return resolve(fail('busy', 'cancelled'));
      resolve(fail('internal', `the job process exited before finishing (${signal ?? `code ${code}`})`));
    });
    child.send(task);
  });
}
