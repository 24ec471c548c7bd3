import { describe, expect, it } from 'vitest';
import { ENGINE_METHODS, REQUEST_METHODS, EVENT_NAMES, RequestParams } from '../../src-shared/messages.js';
import { EventPayloads, ResponseValues } from '../../src-shared/events.js';
import { serviceOf } from '../../src-shared/services.js';

describe('service routing', () => {
  it('sends each namespace to its process and everything else to the engine', () => {
    expect(serviceOf('train.start')).toBe('trainer');
    expect(serviceOf('runs.scalars')).toBe('workbench');
    expect(serviceOf('history.query')).toBe('workbench');
    expect(serviceOf('labels.set')).toBe('workbench');
    for (const method of ENGINE_METHODS) expect(serviceOf(method)).toBe('engine');
    // A namespace nobody serves falls to the engine, which answers "not served" instead of hanging.
    expect(serviceOf('nobody.here')).toBe('engine');
  });

  // The whole surface in one place (as Insomnia snapshots its IPC): a new method or event shows up in review.
  it('lists every method and event of the contract, each with its schemas', () => {
    expect(REQUEST_METHODS).toMatchInlineSnapshot(`
      [
        "engine.hello",
        "source.open",
        "run.start",
        "run.stop",
        "status.get",
        "recipe.get",
        "recipe.set",
        "recipe.preview",
        "recipe.save",
        "recipe.list",
        "view.configure",
        "preview.ack",
        "model.list",
        "model.load",
        "model.unload",
        "production.status",
        "production.startLot",
        "production.endLot",
        "production.ackAlarm",
        "production.report",
        "production.alarmConfig",
        "train.start",
        "train.stop",
        "train.resume",
        "train.status",
        "runs.open",
        "runs.close",
        "runs.list",
        "runs.scalars",
        "runs.epoch",
        "runs.exportCsv",
        "history.query",
        "history.count",
        "history.frame",
        "history.picture",
        "history.thumbnails",
        "history.import",
        "history.export",
        "history.whatif",
        "history.whatifResult",
        "history.cancel",
        "history.jobs",
        "labels.set",
        "labels.outline",
        "labels.classes",
        "labels.setClasses",
      ]
    `);
    for (const method of REQUEST_METHODS) {
      expect(RequestParams[method], method).toBeDefined();
      expect(ResponseValues[method], method).toBeDefined();
    }
    expect(EVENT_NAMES).toMatchInlineSnapshot(`
      [
        "frame",
        "status",
        "log",
        "model.verdict",
        "train.progress",
        "runs.update",
        "history.job",
        "production.alarm",
        "production.ng",
      ]
    `);
    for (const event of EVENT_NAMES) expect(EventPayloads[event], event).toBeDefined();
  });
});
