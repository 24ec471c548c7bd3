// "Another program keeps one core busy": a child process spinning a tight loop,
// so a benchmark can measure the live view with half the machine taken.
import { spawn, type ChildProcess } from 'node:child_process';

export interface CpuHog {
  stop(): Promise<void>;
}

export function startCpuHog(): CpuHog {
  const child: ChildProcess = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
