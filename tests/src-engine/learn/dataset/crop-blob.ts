// The part in a crop: the 8-connected bright region (above halfway between the
// synthetic belt, 40, and part, 200) holding the bright pixel nearest the crop's
// centre. Neighbours that a window lets in are other regions and do not count.
export interface Blob {
  area: number;
  cx: number;
  cy: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export function centreBlob(input: Uint8Array, size: number, level = 120): Blob {
  const c = (size - 1) / 2;
  let seed = -1;
  let best = Infinity;
  input.forEach((v, i) => {
    const d = Math.hypot((i % size) - c, Math.floor(i / size) - c);
    if (v > level && d < best) [seed, best] = [i, d];
  });
  if (seed < 0) throw new Error('no bright pixel in the crop');
  const seen = new Uint8Array(input.length);
  const stack = [seed];
  seen[seed] = 1;
  const blob: Blob = { area: 0, cx: 0, cy: 0, minX: size, maxX: -1, minY: size, maxY: -1 };
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % size;
    const y = Math.floor(i / size);
    blob.area++;
    blob.cx += x;
    blob.cy += y;
    [blob.minX, blob.maxX, blob.minY, blob.maxY] = [Math.min(blob.minX, x), Math.max(blob.maxX, x), Math.min(blob.minY, y), Math.max(blob.maxY, y)];
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= size || ny >= size) continue;
        const j = ny * size + nx;
        if (!seen[j] && input[j] > level) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
  }
  blob.cx /= blob.area;
  blob.cy /= blob.area;
  return blob;
}
