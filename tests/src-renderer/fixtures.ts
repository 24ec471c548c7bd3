// Test doubles for renderer tests: an in-memory LoupeClient that records
// requests and lets a test push engine events, plus builders for results.
import type { RendererClient } from '../../src-renderer/client/client-key.js';
import type { EngineStatus, FrameEvent, LogEvent } from '../../src-shared/events.js';
import type { FrameResult, ObjectResult, Point } from '../../src-shared/inspection.js';
import type { EventName, RequestMethod } from '../../src-shared/messages.js';
import type { PayloadOf } from '../../src-shared/client.js';
import type { Recipe } from '../../src-shared/recipe.js';
import type { ProductionStatus } from '../../src-shared/production-contract.js';
import type { Result } from '../../src-shared/result.js';

export type Responder = (params: unknown) => Result<unknown> | Promise<Result<unknown>>;

export class FakeClient implements RendererClient {
  onDidDisconnect?: (listener: () => void) => () => void;
  readonly requests: { method: RequestMethod; params: unknown }[] = [];
  readonly responders = new Map<RequestMethod, Responder>();
  private readonly frame = new Set<(e: FrameEvent) => void>();
  private readonly status = new Set<(e: EngineStatus) => void>();
  private readonly log = new Set<(e: LogEvent) => void>();
  private readonly named = new Map<EventName, Set<(payload: unknown) => void>>();

  request(method: RequestMethod, params: unknown): Promise<never> {
    this.requests.push({ method, params: structuredClone(params) });
    const responder = this.responders.get(method);
    const result = responder ? responder(params) : { ok: true, value: defaultValue(method, params) };
    return Promise.resolve(result) as Promise<never>;
  }
  onDidReceiveFrame(l: (e: FrameEvent) => void) {
    this.frame.add(l);
    return () => void this.frame.delete(l);
  }
  onDidChangeStatus(l: (e: EngineStatus) => void) {
    this.status.add(l);
    return () => void this.status.delete(l);
  }
  onDidLog(l: (e: LogEvent) => void) {
    this.log.add(l);
    return () => void this.log.delete(l);
  }
  onEvent<E extends EventName>(event: E, l: (payload: PayloadOf<E>) => void) {
    const set = this.named.get(event) ?? new Set();
    this.named.set(event, set);
    set.add(l as (payload: unknown) => void);
    return () => void set.delete(l as (payload: unknown) => void);
  }
  /** Pushes any named event (train.progress, runs.update, …) to its onEvent listeners. */
  emitEvent<E extends EventName>(event: E, payload: PayloadOf<E>) {
    for (const l of this.named.get(event) ?? []) l(payload);
  }
  emitFrame(e: FrameEvent) {
    for (const l of this.frame) l(e);
  }
  emitStatus(s: EngineStatus) {
    for (const l of this.status) l(s);
  }
  emitLog(e: LogEvent) {
    for (const l of this.log) l(e);
  }
  methods(): RequestMethod[] {
    return this.requests.map((r) => r.method);
  }
}

function defaultValue(method: RequestMethod, params: unknown): unknown {
  switch (method) {
    case 'engine.hello':
      return { engine: 'fake', opencv: '0', pid: 1 };
    case 'preview.ack':
      return { seq: (params as { seq: number }).seq };
    case 'recipe.get':
      return makeRecipe();
    case 'recipe.list':
      return [{ recipe: makeRecipe(), origin: 'builtin', file: 'default.json' }];
    case 'recipe.save': {
      // Like the engine: the next version after the one given, written to the data folder.
      const recipe = (params as { recipe: Recipe }).recipe;
      return { recipe: { ...recipe, version: recipe.version + 1 }, file: `${recipe.name}.v${recipe.version + 1}.json` };
    }
    case 'view.configure':
      return { ...(params as object), format: 'jpeg' };
    case 'recipe.preview':
      return makeResult(1, [true, false]);
    case 'production.status':
      return makeProductionStatus();
    default:
      return makeStatus();
  }
}

export function makeStatus(over: Partial<EngineStatus> = {}): EngineStatus {
  return {
    running: false,
    source: null,
    recipe: { name: 'discs', version: 1 },
    counters: { frames: 0, framesOk: 0, framesNg: 0, objectsOk: 0, objectsNg: 0, previewsDropped: 0, framesSkipped: 0, framesMissed: 0 },
    fps: 0,
    lastError: null,
    ...over,
  };
}

export function makeProductionStatus(over: Partial<ProductionStatus> = {}): ProductionStatus {
  const none = { frames: 0, framesNg: 0, partsOk: 0, partsNg: 0, ngByReason: {} };
  return {
    lot: null,
    lotCounters: null,
    shift: { key: '2026-12-01 06:00', name: 'early', startMs: Date.parse('2026-12-01T06:00:00Z'), endMs: Date.parse('2026-12-01T14:00:00Z') },
    shiftCounters: none,
    openAlarms: [],
    alarmConfig: { consecutiveNg: 5, ngRate: null, unit: 'part' },
    ...over,
  };
}

export function makeRecipe(over: Partial<Recipe> = {}): Recipe {
  return {
    schema: 'loupe.recipe/1',
    name: 'discs',
    version: 1,
    description: '',
    pipeline: {
      channel: 'gray',
      invert: false,
      blur: { kind: 'none', kernel: 3 },
      threshold: { method: 'otsu' },
      morphology: { op: 'none', kernel: 3, iterations: 1 },
      roi: null,
      minArea: 50,
      ignoreBorderObjects: true,
    },
    calibration: { mmPerPixel: null },
    tolerances: { circularity: { min: 0.85 } },
    parts: [],
    frameTolerances: {},
    ...over,
  };
}

const square = (x: number, y: number, s: number): Point[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
];

export function makeObject(id: number, ok: boolean): ObjectResult {
  const x = 100 + id * 120;
  return {
    id,
    part: null,
    bbox: { x, y: 200, width: 80, height: 80 },
    centroid: [x + 40, 240],
    outline: square(x, 200, 80),
    holes: [],
    metrics: {
      area: 6400 + id,
      areaPixels: 6400,
      perimeter: 320,
      circularity: ok ? 0.9 : 0.7,
      circularityCv: 0.8,
      convexity: 1,
      solidity: 1,
      aspectRatio: 1,
      equivalentDiameter: 90.3,
      meanIntensity: 200,
      holes: 0,
    },
    verdict: ok ? { ok: true, reasons: [] } : { ok: false, reasons: [{ metric: 'circularity', value: 0.7, min: 0.85, message: 'below min' }] },
  };
}

export function makeResult(seq: number, oks: boolean[]): FrameResult {
  const objects = oks.map((ok, i) => makeObject(i + 1, ok));
  return {
    seq,
    timestampMs: 1_000_000 + seq * 33,
    width: 1280,
    height: 1024,
    recipe: { name: 'discs', version: 1 },
    thresholdUsed: 128,
    metrics: { meanIntensity: 90, pixelsAboveThreshold: 1000, objectCount: objects.length, processingMs: 4 + seq },
    objects,
    verdict: { ok: oks.every(Boolean), reasons: [] },
  };
}

export function makeFrame(seq: number, oks: boolean[], withPreview = true): FrameEvent {
  const now = Date.now();
  return {
    result: makeResult(seq, oks),
    preview: withPreview ? { mime: 'image/jpeg', width: 640, height: 512, data: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) } : null,
    truth: null,
    capturedAtMs: now - 10,
    sentAtMs: now - 5,
  };
}
