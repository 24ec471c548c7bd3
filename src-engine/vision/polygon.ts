// Plain geometry on closed polygons stored as flat [x0, y0, x1, y1, …] arrays.
// The sub-pixel outlines are built in JS, so measuring them in JS too avoids
// handing thousands of points back to the native binding per object.

/** A closed polygon as a flat coordinate list: x at even, y at odd indices; the last point joins the first. */
export type Polygon = number[];

/** Signed shoelace area (positive for counter-clockwise in a y-up frame, i.e. clockwise on screen). */
export function signedArea(p: Polygon): number {
  const n = p.length;
  if (n < 6) return 0;
  let s = 0;
  let px = p[n - 2];
  let py = p[n - 1];
  for (let i = 0; i < n; i += 2) {
    const x = p[i];
    const y = p[i + 1];
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s / 2;
}

export function polygonArea(p: Polygon): number {
  return Math.abs(signedArea(p));
}

/** Length of the closed outline. */
export function polygonLength(p: Polygon): number {
  const n = p.length;
  if (n < 4) return 0;
  let s = 0;
  let px = p[n - 2];
  let py = p[n - 1];
  for (let i = 0; i < n; i += 2) {
    const dx = p[i] - px;
    const dy = p[i + 1] - py;
    s += Math.sqrt(dx * dx + dy * dy); // Math.hypot is several times slower in V8
    px = p[i];
    py = p[i + 1];
  }
  return s;
}

/** Area-weighted centroid of an outer polygon minus its holes; falls back to the vertex mean for degenerate input. */
export function centroidWithHoles(outer: Polygon, holes: Polygon[]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const add = (p: Polygon, sign: number): void => {
    const n = p.length;
    if (n < 6) return;
    let sa = 0;
    let sx = 0;
    let sy = 0;
    let px = p[n - 2];
    let py = p[n - 1];
    for (let i = 0; i < n; i += 2) {
      const x = p[i];
      const y = p[i + 1];
      const cross = px * y - x * py;
      sa += cross;
      sx += (px + x) * cross;
      sy += (py + y) * cross;
      px = x;
      py = y;
    }
    // Normalise orientation so every ring adds (outer) or removes (hole) its true area.
    const flip = sa < 0 ? -1 : 1;
    a += (sign * flip * sa) / 2;
    cx += (sign * flip * sx) / 6;
    cy += (sign * flip * sy) / 6;
  };
  add(outer, 1);
  for (const h of holes) add(h, -1);
  if (Math.abs(a) < 1e-9) {
    let mx = 0;
    let my = 0;
    const k = Math.max(1, outer.length / 2);
    for (let i = 0; i < outer.length; i += 2) {
      mx += outer[i];
      my += outer[i + 1];
    }
    return [mx / k, my / k];
  }
  return [cx / a, cy / a];
}

/** Convex hull (Andrew's monotone chain), counter-clockwise on screen, no repeated end point. */
export function convexHull(p: Polygon): Polygon {
  const n = p.length / 2;
  if (n < 3) return p.slice();
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((i, j) => p[2 * i] - p[2 * j] || p[2 * i + 1] - p[2 * j + 1]);
  const cross = (o: number, a: number, b: number): number =>
    (p[2 * a] - p[2 * o]) * (p[2 * b + 1] - p[2 * o + 1]) - (p[2 * a + 1] - p[2 * o + 1]) * (p[2 * b] - p[2 * o]);
  const lower: number[] = [];
  for (const i of idx) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = idx.length - 1; k >= 0; k--) {
    const i = idx[k];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], i) <= 0) upper.pop();
    upper.push(i);
  }
  lower.pop();
  upper.pop();
  const out: Polygon = [];
  for (const i of lower.concat(upper)) out.push(p[2 * i], p[2 * i + 1]);
  return out;
}

/**
 * Long and short side of the minimum-area enclosing rectangle of a convex polygon
 * (rotating calipers: the optimal rectangle has a side on a hull edge; O(n)).
 */
export function minAreaRectSides(hull: Polygon): { long: number; short: number } {
  const n = hull.length / 2;
  if (n === 0) return { long: 0, short: 0 };
  if (n < 3) {
    const d = n === 2 ? Math.hypot(hull[2] - hull[0], hull[3] - hull[1]) : 0;
    return { long: d, short: 0 };
  }
  // Plain loops, no closures: this runs once per object per frame.
  let best = Infinity;
  let bestW = 0;
  let bestH = 0;
  // Caliper indices (unwrapped, taken mod n): farthest along the edge (r), across it (t), and back against it (l).
  // For a convex polygon they only ever advance, in the order r ≤ t ≤ l.
  let r = 1;
  let t = 1;
  let l = 1;
  for (let i = 0; i < n; i++) {
    const bx = hull[2 * i];
    const by = hull[2 * i + 1];
    const j = (i + 1) % n;
    const ex = hull[2 * j] - bx;
    const ey = hull[2 * j + 1] - by;
    const len = Math.sqrt(ex * ex + ey * ey);
    if (len < 1e-12) continue;
    const ux = ex / len;
    const uy = ey / len;
    if (r < i + 1) r = i + 1;
    while (r < i + n) {
      const a = r % n;
      const b = (r + 1) % n;
      if ((hull[2 * b] - hull[2 * a]) * ux + (hull[2 * b + 1] - hull[2 * a + 1]) * uy >= 0) r++;
      else break;
    }
    if (t < r) t = r;
    while (t < i + n) {
      const a = t % n;
      const b = (t + 1) % n;
      if (Math.abs((hull[2 * b] - bx) * -uy + (hull[2 * b + 1] - by) * ux) >= Math.abs((hull[2 * a] - bx) * -uy + (hull[2 * a + 1] - by) * ux)) t++;
      else break;
    }
    if (l < t) l = t;
    while (l < i + n) {
      const a = l % n;
      const b = (l + 1) % n;
      if ((hull[2 * b] - hull[2 * a]) * ux + (hull[2 * b + 1] - hull[2 * a + 1]) * uy <= 0) l++;
      else break;
    }
    const ra = r % n;
    const ta = t % n;
    const la = l % n;
    const w = (hull[2 * ra] - bx) * ux + (hull[2 * ra + 1] - by) * uy - ((hull[2 * la] - bx) * ux + (hull[2 * la + 1] - by) * uy);
    const h = Math.abs((hull[2 * ta] - bx) * -uy + (hull[2 * ta + 1] - by) * ux);
    if (w * h < best) {
      best = w * h;
      bestW = w;
      bestH = h;
    }
  }
  return bestW >= bestH ? { long: bestW, short: bestH } : { long: bestH, short: bestW };
}

/** Ramer–Douglas–Peucker simplification of a closed polygon, for drawing (keeps the outline within `epsilon`). */
export function simplifyClosed(p: Polygon, epsilon: number): Polygon {
  const n = p.length / 2;
  if (n <= 4) return p.slice();
  // Split the ring at the vertex farthest from vertex 0, then simplify both open halves.
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const d = (p[2 * i] - p[0]) ** 2 + (p[2 * i + 1] - p[1]) ** 2;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = 1;
  keep[far] = 1;
  keep[n] = 1;
  const px = (i: number): number => p[2 * (i % n)];
  const py = (i: number): number => p[2 * (i % n) + 1];
  const stack: Array<[number, number]> = [
    [0, far],
    [far, n],
  ];
  const eps2 = epsilon * epsilon;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    if (b - a < 2) continue;
    const ax = px(a);
    const ay = py(a);
    const dx = px(b) - ax;
    const dy = py(b) - ay;
    const len2 = dx * dx + dy * dy;
    let maxD = -1;
    let maxI = -1;
    for (let i = a + 1; i < b; i++) {
      const vx = px(i) - ax;
      const vy = py(i) - ay;
      let d2: number;
      if (len2 < 1e-12) d2 = vx * vx + vy * vy;
      else {
        const c = vx * dy - vy * dx;
        d2 = (c * c) / len2;
      }
      if (d2 > maxD) {
        maxD = d2;
        maxI = i;
      }
    }
    if (maxD > eps2) {
      keep[maxI] = 1;
      stack.push([a, maxI], [maxI, b]);
    }
  }
  const out: Polygon = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(p[2 * i], p[2 * i + 1]);
  return out;
}
