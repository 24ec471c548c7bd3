// Runs one service (the engine, the trainer or the workbench) in an Electron
// utility process and connects windows to it directly: for each window a
// MessageChannelMain is made, one end goes to the service, the other to the
// window's preload, so frames never pass through main. Crashes are restarted
// under the CrashLimiter policy; past the limit the supervisor stops and tells
// the user.
import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { CrashLimiter } from '../src-shared/crash-policy.js';
import { IPC, type EngineStateMessage, type ServicePortMessage } from '../src-preload/ipc-channels.js';
import { SERVICE_LABELS, type ServiceName } from '../src-shared/services.js';

export interface SupervisorEvents {
  /** The crash limit was reached; the engine stays down until restart() is called. */
  onGiveUp(message: string): void;
}

export class EngineSupervisor {
  private child: UtilityProcess | null = null;
  private readonly windows = new Set<WebContents>();
  private readonly limiter = new CrashLimiter();
  private stopping = false;
  private gaveUp = false;

  constructor(
    private readonly service: ServiceName,
    private readonly modulePath: string,
    private readonly env: Record<string, string>,
    private readonly events: SupervisorEvents,
  ) {}

  start(): void {
    this.stopping = false;
    this.gaveUp = false;
    const child = utilityProcess.fork(this.modulePath, [], { serviceName: `Loupe ${this.service}`, stdio: 'inherit', env: { ...process.env, ...this.env } });
    this.child = child;
    child.once('exit', (code) => this.onExit(child, code));
    for (const wc of this.windows) this.connect(wc);
  }

  /** Gives `wc` a fresh port to the engine (first load, reload, or after an engine restart). */
  connect(wc: WebContents): void {
    if (!this.windows.has(wc)) {
      this.windows.add(wc);
      wc.once('destroyed', () => this.windows.delete(wc));
    }
    if (!this.child || wc.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    this.child.postMessage({ kind: 'connect-window' }, [port1]);
    const message: ServicePortMessage = { service: this.service };
    wc.postMessage(IPC.enginePort, message, [port2]);
  }

  /** The user asked to try again after the supervisor gave up. */
  restart(): void {
    this.limiter.reset();
    if (!this.child) this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    this.child = null;
    if (child) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      await exited;
    }
  }

  private onExit(child: UtilityProcess, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.stopping) return;
    const decision = this.limiter.recordCrash(Date.now());
    if (decision.action === 'restart') {
      this.tell({
        state: 'restarting',
        service: this.service,
        message: `${capitalized(SERVICE_LABELS[this.service])} stopped unexpectedly (exit code ${code}); restarting it (crash ${decision.crashesInWindow} of 3 allowed in 5 minutes).`,
      });
      this.start();
    } else {
      this.gaveUp = true;
      const message = `${capitalized(SERVICE_LABELS[this.service])} crashed ${decision.crashesInWindow} times within 5 minutes (last exit code ${code}). It was not restarted again; check the log, then restart Loupe.`;
      this.tell({ state: 'stopped', service: this.service, message });
      this.events.onGiveUp(message);
    }
  }

  get hasGivenUp(): boolean {
    return this.gaveUp;
  }

  private tell(msg: EngineStateMessage): void {
    for (const wc of this.windows) if (!wc.isDestroyed()) wc.send(IPC.engineState, msg);
  }
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
