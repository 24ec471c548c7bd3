// The binary frame packet: a frame event and its picture as one WebSocket message.
import { describe, expect, it } from 'vitest';
import { hasPreviewBytes, packFrameEvent, unpackFrameEvent } from '../../src-shared/frame-packet.js';
import { FrameEventSchema } from '../../src-shared/events.js';

const picture = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37) & 0xff);
const frameEvent = () => ({
  kind: 'event' as const,
  event: 'frame' as const,
  payload: {
    result: {
      seq: 42,
      timestampMs: 1,
      width: 1280,
      height: 1024,
      recipe: { name: 'Ünïcode recipe', version: 3 },
      thresholdUsed: 120,
      metrics: { objectCount: 1 },
      objects: [],
      verdict: { ok: true, reasons: [] },
    },
    preview: { mime: 'image/jpeg' as const, width: 640, height: 512, data: picture },
    truth: null,
    capturedAtMs: 10,
    sentAtMs: 12,
  },
});

describe('frame packet', () => {
  it('round-trips the event and the picture bytes exactly, and the result passes the contract', () => {
    const packet = packFrameEvent(frameEvent());
    // Smaller than the picture alone would be as base64.
    expect(packet.byteLength).toBeLessThan((picture.byteLength * 4) / 3);
    const out = unpackFrameEvent(packet.slice().buffer); // an ArrayBuffer, as a browser delivers it
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const msg = out.message as ReturnType<typeof frameEvent>;
    expect(msg.kind).toBe('event');
    expect(msg.payload.result.recipe.name).toBe('Ünïcode recipe');
    expect(msg.payload.preview.data).toBeInstanceOf(Uint8Array);
    expect([...msg.payload.preview.data]).toEqual([...picture]);
    expect(FrameEventSchema.safeParse(msg.payload).success).toBe(true);
  });

  it('recognises only frame events that carry bytes', () => {
    expect(hasPreviewBytes(frameEvent())).toBe(true);
    const e = frameEvent();
    expect(hasPreviewBytes({ ...e, payload: { ...e.payload, preview: null } })).toBe(false);
    expect(hasPreviewBytes({ ...e, payload: { ...e.payload, preview: { ...e.payload.preview, data: 'QUJD' } } })).toBe(false);
    expect(hasPreviewBytes({ kind: 'event', event: 'status', payload: {} })).toBe(false);
    expect(hasPreviewBytes(null)).toBe(false);
  });

  it('refuses malformed packets with a reason instead of throwing', () => {
    const good = packFrameEvent(frameEvent());
    const cases: [string, Uint8Array, RegExp][] = [
      ['empty', new Uint8Array(0), /bad magic/],
      ['other bytes', new TextEncoder().encode('{"kind":"event"}'), /bad magic/],
      ['truncated header', good.subarray(0, 20), /truncated/],
      ['truncated picture', good.subarray(0, good.byteLength - 1), /picture is \d+ bytes, header says 5000/],
      ['extra bytes', Uint8Array.from([...good, 0]), /header says 5000/],
    ];
    for (const [name, packet, reason] of cases) {
      const out = unpackFrameEvent(packet);
      expect(out.ok, name).toBe(false);
      if (!out.ok) expect(out.error, name).toMatch(reason);
    }
    const notJson = good.slice();
    notJson[8] = 0x7b; // '{'
    notJson[9] = 0xff; // not UTF-8
    const bad = unpackFrameEvent(notJson);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/not UTF-8 JSON/);
  });

  it('a preview whose picture is not bytes fails the contract', () => {
    const e = frameEvent();
    expect(FrameEventSchema.safeParse({ ...e.payload, preview: { ...e.payload.preview, data: 'QUJD' } }).success).toBe(false);
  });
});
