// A DurableFs that behaves like a disk filling up: from the nth file write on,
// every write fails with ENOSPC after writing part of the file (as a real full
// disk does), so tests can check what survives.
import { writeFileSync } from 'node:fs';
import { nodeDurableFs, type DurableFs } from '../../../../src-engine/learn/bundle/durable-fs.js';

export function diskFullAfter(writesThatSucceed: number): DurableFs & { writes: () => number } {
  let writes = 0;
  return {
    ...nodeDurableFs,
    writeFile(path, data) {
      writes++;
      if (writes > writesThatSucceed) {
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        writeFileSync(path, bytes.subarray(0, Math.floor(bytes.byteLength / 2)));
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
      }
      nodeDurableFs.writeFile(path, data);
    },
    writes: () => writes,
  };
}
