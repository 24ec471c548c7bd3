import { describe, expect, it } from 'vitest';
import { PreviewGate } from '../../../src-engine/host/preview-gate.js';

describe('PreviewGate', () => {
  it('lets one preview through until it is acked', () => {
    const gate = new PreviewGate(1000, () => 0);
    expect(gate.tryAcquire(1)).toBe(true);
    expect(gate.tryAcquire(2)).toBe(false);
    gate.ack(0); // older than the one in flight: ignored
    expect(gate.tryAcquire(3)).toBe(false);
    gate.ack(1);
    expect(gate.tryAcquire(4)).toBe(true);
  });

  it('reopens after the ack timeout, so a lost ack cannot freeze the picture', () => {
    let now = 0;
    const gate = new PreviewGate(500, () => now);
    expect(gate.tryAcquire(1)).toBe(true);
    now = 499;
    expect(gate.tryAcquire(2)).toBe(false);
    now = 500;
    expect(gate.tryAcquire(3)).toBe(true);
  });

  it('release and reset reopen the gate', () => {
    const gate = new PreviewGate(1000, () => 0);
    gate.tryAcquire(5);
    gate.release(5);
    expect(gate.tryAcquire(6)).toBe(true);
    gate.reset();
    expect(gate.tryAcquire(7)).toBe(true);
  });
});
