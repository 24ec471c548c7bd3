// The engine's message loop: validates every request, runs the source → inspect →
// preview pipeline at the source's pace, and pushes frame, status and log events.
// It answers every addressable request exactly once, with a Result, and never
// throws out of a handler: a bad message costs its sender an error, not the engine.
import type { Counters, EngineStatus, FrameEvent, LogEvent, Preview } from '../../src-shared/events.js';
import type { EngineMethod } from '../../src-shared/messages.js';
import { SERVICE_LABELS, serviceOf } from '../../src-shared/services.js';
import { describeIssues, type Recipe } from '../../src-shared/recipe.js';
import { fail, ok, type LoupeError, type Result } from '../../src-shared/result.js';
import { DEFAULT_SOURCE, SourceSpecSchema, type SourceSpec } from '../../src-shared/sources.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import type { Frame, FrameSource, SourceItem } from '../sources/frame-source.js';
import type { EngineDeps, LiveJudge, ViewConfig } from './engine-deps.js';
import { ModelShelf } from '../inference/model-shelf.js';
import { StallWatch, stallThresholdMs } from './stall-watch.js';
import { fallbackRecipe } from './fallback-recipe.js';
import { parseInbound, type InboundRequest, type ParsedParams } from './inbound.js';
import type { EnginePort } from './port.js';
import { PreviewGate } from './preview-gate.js';
import { countFrame, emptyCounters, RateMeter } from './run-counters.js';
import { MAX_BACKLOG_MS, RunLoop } from './run-loop.js';
import { RecipeLibrary } from '../recipes/recipe-library.js';
import { defaultRecipePath } from '../recipes/recipe-paths.js';
import { copyPixels, type RawImage } from '../store/raw-image.js';
import type { LiveProduction, ProductionEvents } from '../production/live-production.js';
import { productionHandlers } from './production-handlers.js';

export interface EngineServiceOptions {
  /** How often a running engine reports status (counters, fps). */
  statusIntervalMs?: number;
  /** A preview not acked within this time is presumed lost and the gate reopens. */
  previewAckTimeoutMs?: number;
  /** Source opened at start(); defaults to the synthetic line. */
  defaultSource?: unknown;
  /** Run the default source as soon as it is open, so a newcomer sees the line working at once. */
  autoRun?: boolean;
  /** Display size previews are encoded at until the client says otherwise. */
  defaultView?: ViewConfig;
  /** Mirror of every log event (e.g. to stderr in a child process). */
  onLog?: (event: LogEvent) => void;
  /** Where inspected frames are recorded (the data folder's results database); none in tests that need no history. */
  results?: ResultSink;
  /** Built-in and saved recipes; without one, only the default recipe is offered and saving is refused. */
  recipes?: RecipeLibrary;
  /** Model bundles the trainer wrote (<data>/models); without one no model can be loaded. */
  models?: ModelShelf;
  /** Lots, shift counters and alarms (<data>/production.sqlite); without one production.* is refused. */
  production?: LiveProduction;
}

/** The part of the results store the engine writes to; see store/result-store.ts. */
export interface ResultSink {
  beginRun(source: SourceSpec, recipe: { name: string; version: number }): number;
  /** `pixels` copies the frame's picture; the sink calls it only for a picture it keeps. */
  append(runId: number, result: FrameResult, pixels?: () => RawImage): void;
  close(): void;
}

const DEFAULT_VIEW: ViewConfig = { width: 960, height: 768, format: 'jpeg' };

type Handler<M extends EngineMethod> = (params: ParsedParams<M>) => Promise<Result<unknown>> | Result<unknown>;

/** While catching up, a picture for the screen at most this often (5 a second). */
const CATCH_UP_PREVIEW_MS = 200;

export class EngineService {
  private recipe: Recipe = fallbackRecipe();
  private source: FrameSource | null = null;
  private spec: SourceSpec | null = null;
  /** The source ran out; run.start reopens it from its spec (a rewind). */
  private exhausted = false;
  private loop: RunLoop | null = null;
  /** Results-store run of the current loop; a new one starts with each run.start or source change. */
  private resultsRun: number | null = null;
  /** The last inspected frame, kept so recipe.preview can re-judge it. Raw frames never leave the engine. */
  private lastFrame: Frame | null = null;
  /** The number of the last frame read from this source, to count the ones it took and we never read. */
  private lastSeq: number | null = null;
  private behindLoggedAtMs = -Infinity;
  private lastPreviewAtMs = -Infinity;
  /** The last frame sent WITH a picture: what the client shows, so what recipe.preview must re-judge. */
  private lastPreviewedFrame: Frame | null = null;
  private readonly recipes: RecipeLibrary;
  private readonly models: ModelShelf;
  /** The model judging beside the rules, when one is loaded. */
  private model: LiveJudge | null = null;
  private counters: Counters = emptyCounters();
  private lastError: LoupeError | null = null;
  private view: ViewConfig;
  private readonly gate: PreviewGate;
  private readonly rate = new RateMeter();
  private statusTimer: ReturnType<typeof setInterval> | null = null;
  /** Watches the running source for silence; replaced with each loop. */
  private stall: StallWatch | null = null;
  private stalledReported = false;
  /** Source-changing requests run one at a time, in arrival order. */
  private sourceQueue: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(
    private readonly port: EnginePort,
    private readonly deps: EngineDeps,
    private readonly options: EngineServiceOptions = {},
  ) {
    this.view = { ...(options.defaultView ?? DEFAULT_VIEW) };
    this.recipes = options.recipes ?? new RecipeLibrary(defaultRecipePath(), null);
    this.models = options.models ?? new ModelShelf(null);
    this.gate = new PreviewGate(options.previewAckTimeoutMs ?? 2000);
    this.unsubscribe = port.onMessage((msg) => void this.handleMessage(msg));
  }

  /** Loads the default recipe and opens the default source; runs it only with `autoRun` (otherwise run.start does). */
  async start(): Promise<void> {
    const loaded = this.safely(() => this.deps.loadDefaultRecipe(), 'bad-recipe');
    if (loaded.ok) this.recipe = loaded.value;
    else this.log('error', `default recipe not loaded, using the built-in fallback: ${loaded.error.message}`);

    const spec = SourceSpecSchema.safeParse(this.options.defaultSource ?? DEFAULT_SOURCE);
    if (!spec.success) {
      this.log('error', `default source spec is invalid: ${describeIssues(spec.error)}`);
    } else {
      const opened = await this.enqueue(() => this.openSource(spec.data));
      if (!opened.ok) this.log('error', `default source not opened: ${opened.error.message}`);
    }
    this.log('info', `engine ready (recipe "${this.recipe.name}" v${this.recipe.version}, source ${this.spec?.kind ?? 'none'})`);
    if (this.options.autoRun && this.source) {
      const started = await this.enqueue(() => this.startRun());
      if (!started.ok) this.log('error', `the line did not start: ${started.error.message}`);
    }
    this.broadcastStatus();
  }

  /** Stops the run, closes the source and stops listening. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopLoop();
    this.closeSource();
    this.unsubscribe();
    this.closeResults();
    this.model?.dispose();
    this.model = null;
    this.closeProduction();
  }

  private closeProduction(): void {
    try {
      this.options.production?.close();
    } catch (err) {
      console.error(`[engine] closing the production database failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private closeResults(): void {
    try {
      this.options.results?.close();
    } catch (err) {
      console.error(`[engine] closing the results store failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  status(): EngineStatus {
    return {
      running: this.loop?.running ?? false,
      source: this.spec,
      recipe: { name: this.recipe.name, version: this.recipe.version },
      counters: { ...this.counters },
      fps: Math.round(this.rate.rate() * 10) / 10,
      lastError: this.lastError,
      model: this.model?.status() ?? null,
      // Only once reported, so the status and its lastError always tell the same story.
      stalledSec: this.stalledReported && this.loop?.running ? (this.stall?.stalledSec() ?? null) : null,
      production: this.options.production?.status() ?? null,
    };
  }

  /** Status ticks: says once when the source went quiet, and once when it is back. */
  private checkStall(): void {
    const stalled = this.loop?.running ? (this.stall?.stalledSec() ?? null) : null;
    if (stalled !== null && !this.stalledReported) {
      this.stalledReported = true;
      this.lastError = { code: 'bad-source', message: `no frames for ${stalled} s from ${this.source?.info.label ?? 'the source'}: check the camera or stream` };
      this.log('error', this.lastError.message);
    } else if (stalled === null && this.stalledReported) {
      this.stalledReported = false;
      this.lastError = null;
      this.log('info', 'frames are arriving again');
    }
  }

  log(level: LogEvent['level'], message: string): void {
    const event: LogEvent = { level, message, atMs: Date.now() };
    this.options.onLog?.(event);
    this.post({ kind: 'event', event: 'log', payload: event });
  }

  // ---- inbound ---------------------------------------------------------------------------

  private async handleMessage(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const parsed = parseInbound(raw);
    if (!parsed.ok) {
      this.log('warn', `refused a message${parsed.id === null ? ' (no usable id, not answered)' : ` (id ${parsed.id})`}: ${parsed.error.message}`);
      if (parsed.id !== null) this.respond(parsed.id, { ok: false, error: parsed.error });
      return;
    }
    const { id, method } = parsed.request;
    let result: Result<unknown>;
    try {
      result = await this.dispatch(parsed.request);
    } catch (err) {
      // A handler bug must cost one request, not the engine.
      const message = err instanceof Error ? err.message : String(err);
      this.log('error', `${method} failed: ${message}`);
      result = fail('internal', `${method} failed inside the engine: ${message}`, method);
    }
    this.respond(id, result);
  }

  private dispatch(request: InboundRequest): Promise<Result<unknown>> | Result<unknown> {
    const handler = (this.handlers as Partial<Record<string, Handler<EngineMethod>>>)[request.method];
    // Another service's namespace sent to the engine: a host's routing bug, answered, not crashed on.
    if (!handler) return fail('bad-request', `${request.method} is served by ${SERVICE_LABELS[serviceOf(request.method)]}, not the engine`, request.method);
    return handler(request.params as never);
  }

  /** Alarm changes and NG frames go out as their own events: never latest-wins, never skipped with a frame. */
  private readonly productionEvents: ProductionEvents = {
    alarm: (payload) => this.post({ kind: 'event', event: 'production.alarm', payload }),
    ng: (payload) => this.post({ kind: 'event', event: 'production.ng', payload }),
  };

  private readonly handlers: { [M in EngineMethod]: Handler<M> } = {
    'engine.hello': () => ok(this.deps.identity()),
    'source.open': (params) => this.enqueue(() => this.openSource(params.source)),
    'run.start': () => this.enqueue(() => this.startRun()),
    'run.stop': () =>
      this.enqueue(() => {
        if (this.loop?.running) {
          this.stopLoop();
          this.log('info', 'run stopped');
          this.broadcastStatus();
        }
        return ok(this.status());
      }),
    'status.get': () => ok(this.status()),
    'recipe.get': () => ok(this.recipe),
    'recipe.set': (params) => {
      this.adoptRecipe(params.recipe);
      return ok(this.status());
    },
    'recipe.save': (params) => {
      const saved = this.recipes.save(params.recipe);
      if (!saved.ok) return saved;
      this.log('info', `recipe saved as ${saved.value.file}`);
      this.adoptRecipe(saved.value.recipe);
      return saved;
    },
    'recipe.list': () => ok(this.recipes.list()),
    'recipe.preview': (params) => {
      const frame = this.lastPreviewedFrame ?? this.lastFrame;
      if (!frame) return ok(null);
      // The candidate judges the frame now on screen; the adopted recipe is untouched.
      return ok(this.deps.inspectImage(frame.image, params.recipe, { seq: frame.seq, timestampMs: frame.timestampMs }));
    },
    'view.configure': (params) => {
      this.view = { width: params.width, height: params.height, format: params.format };
      this.gate.reset(); // a (re)configured view is ready to paint now
      return ok({ ...this.view });
    },
    'preview.ack': (params) => {
      this.gate.ack(params.seq);
      return ok({ seq: params.seq });
    },
    'model.list': () => ok(this.models.list()),
    'model.load': (params) => this.loadModel(params.name),
    'model.unload': () => {
      const unloaded = this.model?.name ?? null;
      this.model?.dispose();
      this.model = null;
      if (unloaded) this.log('info', `model ${unloaded} unloaded; the rules judge alone`);
      this.broadcastStatus();
      return ok({ unloaded });
    },
    ...productionHandlers(() => this.options.production ?? null, this.productionEvents, () => this.broadcastStatus()),
  };


  /** Loads a bundle beside the rules; only a model that loaded replaces the current one. */
  private async loadModel(name: string): Promise<Result<NonNullable<EngineStatus['model']>>> {
    const dir = this.models.find(name);
    if (!dir.ok) return dir;
    const opened = await this.deps.openModel(dir.value, {
      onVerdict: (verdict) => this.post({ kind: 'event', event: 'model.verdict', payload: verdict }),
      onFailure: (message) => this.dropModel(opened.ok ? opened.value : null, message),
    });
    if (!opened.ok) {
      this.log('warn', `model ${name} not loaded, keeping ${this.model ? this.model.name : 'the rules alone'}: ${opened.error.message}`);
      return opened;
    }
    if (this.disposed) {
      opened.value.dispose();
      return fail('internal', 'the engine is shutting down');
    }
    this.model?.dispose();
    this.model = opened.value;
    const trained = opened.value.recipe;
    const note =
      trained.name === this.recipe.name && trained.version === this.recipe.version
        ? ''
        : ` (trained with recipe "${trained.name}" v${trained.version}; the line runs "${this.recipe.name}" v${this.recipe.version})`;
    this.log('info', `model ${name} loaded: it judges every part beside the rules${note}`);
    this.broadcastStatus();
    return ok(opened.value.status());
  }

  private adoptRecipe(recipe: Recipe): void {
    this.recipe = recipe;
    this.log('info', `recipe "${recipe.name}" v${recipe.version} adopted`);
    this.broadcastStatus();
  }

  // ---- source and run --------------------------------------------------------------------

  private enqueue<T>(operation: () => Promise<Result<T>> | Result<T>): Promise<Result<T>> {
    const next = this.sourceQueue.then(operation, operation);
    this.sourceQueue = next.catch(() => undefined);
    return next;
  }

  /** Opens `spec`; only on success does it replace the current source (which is closed). A running engine keeps running on the new one. */
  private async openSource(spec: SourceSpec): Promise<Result<EngineStatus>> {
    let opened: Result<FrameSource>;
    try {
      opened = await this.deps.openSource(spec);
    } catch (err) {
      opened = fail('bad-source', err instanceof Error ? err.message : String(err));
    }
    if (this.disposed) {
      if (opened.ok) opened.value.close();
      return fail('internal', 'the engine is shutting down');
    }
    if (!opened.ok) {
      this.log('warn', `source not opened (${spec.kind}), keeping the previous one: ${opened.error.message}`);
      return opened;
    }
    const wasRunning = this.loop?.running ?? false;
    this.stopLoop();
    this.closeSource();
    this.source = opened.value;
    this.spec = spec;
    this.exhausted = false;
    this.lastFrame = null;
    this.lastSeq = null;
    this.lastPreviewedFrame = null;
    this.lastError = null;
    this.counters = emptyCounters();
    this.rate.reset();
    this.gate.reset(); // seqs restart with the new source
    this.log('info', `source opened: ${opened.value.info.label}`);
    if (wasRunning) this.startLoop();
    this.broadcastStatus();
    return ok(this.status());
  }

  private async startRun(): Promise<Result<EngineStatus>> {
    if (this.loop?.running) return ok(this.status());
    if (!this.source || !this.spec) return fail('bad-source', 'no source is open: open one with source.open first');
    if (this.exhausted) {
      // The source ran to its end: replay it from the start.
      const reopened = await this.openSource(this.spec);
      if (!reopened.ok) return reopened;
    }
    this.startLoop();
    this.log('info', 'run started');
    this.broadcastStatus();
    return ok(this.status());
  }

  private startLoop(): void {
    if (!this.source || this.disposed) return;
    this.resultsRun = this.beginResultsRun();
    this.loop = new RunLoop(this.source, {
      onItem: (item, newerWaiting) => this.onItem(item, newerWaiting),
      onEnd: () => this.onSourceEnd(),
      onError: (err) => this.onSkipped({ code: 'bad-source', message: err instanceof Error ? err.message : String(err) }),
      onBehind: (frames) => this.onBehind(frames),
    });
    this.stall = new StallWatch(stallThresholdMs(this.source.info.fps));
    this.stalledReported = false;
    this.loop.start();
    this.statusTimer ??= setInterval(() => {
      this.checkStall();
      this.broadcastStatus();
    }, this.options.statusIntervalMs ?? 1000);
  }

  private beginResultsRun(): number | null {
    if (!this.options.results || !this.spec) return null;
    try {
      return this.options.results.beginRun(this.spec, { name: this.recipe.name, version: this.recipe.version });
    } catch (err) {
      this.log('error', `results will not be recorded for this run: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  private recordResult(result: FrameResult, frame: Frame): void {
    if (this.resultsRun === null || !this.options.results) return;
    try {
      this.options.results.append(this.resultsRun, result, () => copyPixels(frame.image));
    } catch (err) {
      // A full disk must not stop the line; the operator sees the error and the run goes on.
      this.lastError = { code: 'internal', message: `result of frame ${result.seq} not recorded: ${err instanceof Error ? err.message : String(err)}` };
      this.log('error', this.lastError.message);
    }
  }

  private stopLoop(): void {
    this.loop?.stop();
    this.loop = null;
    this.resultsRun = null;
    if (this.statusTimer !== null) clearInterval(this.statusTimer);
    this.statusTimer = null;
  }

  private closeSource(): void {
    try {
      this.source?.close();
    } catch (err) {
      this.log('warn', `closing the source failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.source = null;
  }

  private onSourceEnd(): void {
    this.exhausted = true;
    this.stopLoop();
    this.log('info', `source ended after ${this.counters.frames} frames`);
    this.broadcastStatus();
  }

  private onSkipped(error: LoupeError): void {
    this.counters.framesSkipped += 1;
    this.lastError = error;
    this.log('warn', `skipped: ${error.message}${error.subject ? ` (${error.subject})` : ''}`);
    this.broadcastStatus();
  }

  private onItem(item: SourceItem, newerWaiting = 0): void {
    this.stall?.alive();
    if (item.kind === 'skipped') {
      this.onSkipped(item.error);
      return;
    }
    const frame = item.frame;
    if (this.lastSeq !== null && frame.seq > this.lastSeq + 1) this.counters.framesMissed += frame.seq - this.lastSeq - 1;
    this.lastSeq = frame.seq;
    let result: FrameResult;
    try {
      result = this.deps.inspectImage(frame.image, this.recipe, { seq: frame.seq, timestampMs: frame.timestampMs });
    } catch (err) {
      this.onSkipped({
        code: 'internal',
        message: `inspection failed on frame ${frame.seq}: ${err instanceof Error ? err.message : String(err)}`,
        ...(frame.origin ? { subject: frame.origin } : {}),
      });
      return;
    }
    this.judgeWithModel(frame, result);
    this.lastFrame = frame;
    countFrame(this.counters, result);
    if (this.options.production?.onFrame(result, frame.image, this.productionEvents, this.resultsRun).length) this.broadcastStatus();
    this.rate.tick();
    const event: FrameEvent = {
      result,
      preview: this.catchingUp(newerWaiting) ? this.withholdPreview() : this.previewFor(frame),
      truth: frame.truth ?? null,
      capturedAtMs: frame.timestampMs,
      sentAtMs: Date.now(),
    };
    this.post({ kind: 'event', event: 'frame', payload: event }); // never throws: a lost view is logged
    // Recorded once the frame is on its way (or the view is gone): the store's
    // pixel copy is not the operator's latency, and the frame is still recorded
    // in this step, before the next one is taken.
    this.recordResult(result, frame);
  }

  /** Said at most every few seconds: while it lasts, the line is losing frames every step. */
  private onBehind(frames: number): void {
    const now = performance.now();
    if (now - this.behindLoggedAtMs < 5000) return;
    this.behindLoggedAtMs = now;
    this.log('warn', `inspection fell more than ${MAX_BACKLOG_MS / 1000} s behind the camera: ${frames} frame(s) were never inspected (${this.counters.framesMissed + frames} so far)`);
  }

  /** Hands the frame to the model (its verdict follows as a model.verdict event); a model that fails is unloaded, and the rules go on judging. */
  private judgeWithModel(frame: Frame, result: FrameResult): void {
    if (!this.model) return;
    try {
      this.model.submit(frame.image, this.recipe.pipeline.channel, result);
    } catch (err) {
      this.dropModel(this.model, `it failed on frame ${frame.seq}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private dropModel(model: LiveJudge | null, why: string): void {
    if (!model || this.model !== model) return;
    model.dispose();
    this.model = null;
    this.lastError = { code: 'internal', message: `model ${model.name} was unloaded (${why}); the rules judge alone` };
    this.log('error', this.lastError.message);
    this.broadcastStatus();
  }

  /**
   * Catching up, newer frames already wait: their pictures, not this one's, are what the screen
   * should show, so this frame is inspected, counted and stored but not encoded for display, and
   * the time goes to catching up. One frame behind is timer jitter, not catching up; and a picture
   * still goes out every CATCH_UP_PREVIEW_MS, so a line that stays behind still moves on screen.
   */
  private catchingUp(newerWaiting: number): boolean {
    const now = performance.now();
    if (newerWaiting < 2 || now - this.lastPreviewAtMs >= CATCH_UP_PREVIEW_MS) {
      this.lastPreviewAtMs = now;
      return false;
    }
    return true;
  }

  private withholdPreview(): null {
    this.counters.previewsDropped += 1;
    return null;
  }

  /** Latest-wins: a preview only when the client acked the last one; otherwise the frame goes without. */
  private previewFor(frame: Frame): Preview | null {
    if (!this.gate.tryAcquire(frame.seq)) {
      this.counters.previewsDropped += 1;
      return null;
    }
    try {
      const preview = this.deps.encodePreview(frame.image, this.view);
      this.lastPreviewedFrame = frame;
      return preview;
    } catch (err) {
      this.gate.release(frame.seq);
      this.log('warn', `preview of frame ${frame.seq} not encoded: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  // ---- outbound --------------------------------------------------------------------------

  /** Sends the current status to the client (state changes do this themselves; hosts call it when a new client attaches). */
  broadcastStatus(): void {
    this.post({ kind: 'event', event: 'status', payload: this.status() });
  }

  private respond(id: number, result: Result<unknown>): void {
    this.post({ kind: 'response', id, result });
  }

  private post(message: unknown): void {
    if (this.disposed) return;
    try {
      this.port.postMessage(message);
    } catch (err) {
      // Nothing to tell the peer we cannot reach; stderr is the last resort.
      console.error(`[engine] could not post a message: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private safely<T>(fn: () => Result<T>, code: LoupeError['code']): Result<T> {
    try {
      return fn();
    } catch (err) {
      return fail(code, err instanceof Error ? err.message : String(err));
    }
  }
}
