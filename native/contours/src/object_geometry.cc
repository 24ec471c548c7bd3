// See object_geometry.h. Each function names the JS function it ports; keep the
// two in step (the agreement test compares them on real and synthetic frames).
#include "object_geometry.h"
#include "smoothed_field.h"

#include <opencv2/imgproc.hpp>
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loupe {
namespace {

using Polygon = std::vector<double>;

// measure-object.ts
constexpr int BACKGROUND_MARGIN = 3;
constexpr int WINDOW_MARGIN = 7;
constexpr double OUTLINE_EPSILON = 0.5;
// subpixel-outline.ts
constexpr double FIELD_SCALE = 256;
constexpr int BOX_TOLERANCE = 2;
constexpr int WALK_MARGIN = 3;
constexpr int SEED_RADIUS = 3;
// edge-level.ts
constexpr double MIN_CONTRAST = 6;
// object-pixels.ts
constexpr uint8_t VISITED = 1;

struct Pt {
  double x, y;
};

/** A hull edge for the calipers: its vector, length and unit vector. */
struct CaliperEdge {
  double ex, ey, len, ux, uy;
};

/**
 * One object's window (object-pixels.ts ObjectWindow) and every scratch buffer
 * of one measurement, reused between objects. One per thread, fetched once per
 * object and passed down: each thread_local access from a shared library is a
 * call to __tls_get_addr, and the fill's queue alone made thousands per object.
 */
struct Window {
  int x = 0, y = 0, width = 0, height = 0;
  std::vector<uint8_t> mask, gray, segGray;
  SmoothedField field;  // what the iso-line walker traces, computed where it reads
  std::vector<int> fillStack;
  std::vector<Pt> hullPoints, hullLower, hullUpper, sortScratch;
  std::vector<CaliperEdge> caliperEdges;
};

// Never destroyed: a thread_local cv::Mat freed at process exit ran after
// OpenCV's own statics were gone and crashed node on exit (measured). One
// window per thread is all that is ever kept.
Window& windowOfThread() {
  thread_local Window* w = new Window();
  return *w;
}

void copyWindow(const cv::Mat& m, const cv::Rect& r, std::vector<uint8_t>& out) {
  out.resize(static_cast<size_t>(r.width) * r.height);
  for (int row = 0; row < r.height; ++row) std::memcpy(out.data() + static_cast<size_t>(row) * r.width, m.ptr<uint8_t>(r.y + row) + r.x, r.width);
}

// measure-object.ts readWindow
void readWindow(Window& win, const GeometryRequest& req) {
  const int W = req.mask->cols;
  const int H = req.mask->rows;
  win.x = std::max(0, req.box.minX - WINDOW_MARGIN);
  win.y = std::max(0, req.box.minY - WINDOW_MARGIN);
  win.width = std::min(W, req.box.maxX + WINDOW_MARGIN + 1) - win.x;
  win.height = std::min(H, req.box.maxY + WINDOW_MARGIN + 1) - win.y;
  const cv::Rect rect(win.x, win.y, win.width, win.height);
  copyWindow(*req.mask, rect, win.mask);
  copyWindow(*req.gray, rect, win.gray);
  if (req.segGray != req.gray) copyWindow(*req.segGray, rect, win.segGray);
  // The JS reference smooths the whole window: segGray(rect).convertTo(CV_16U, FIELD_SCALE),
  // then GaussianBlur 7×7, σ = ESTIMATOR_SIGMA; SmoothedField gives the same samples on demand.
  win.field.reset((req.segGray == req.gray ? win.gray : win.segGray).data(), win.width, win.height);
}

const std::vector<uint8_t>& segOf(const Window& win, const GeometryRequest& req) {
  return req.segGray == req.gray ? win.gray : win.segGray;
}

// object-pixels.ts
struct ObjectPixels {
  double count = 0;
  Box filled{INT_MAX, INT_MAX, INT_MIN, INT_MIN};
  double meanGray = 0, objectLevel = NAN, backgroundLevel = NAN;
};

double histMedian(const uint32_t* hist, double total) {
  const double half = total / 2;
  double acc = 0;
  for (int v = 0; v < 256; ++v) {
    acc += hist[v];
    if (acc >= half) return v;
  }
  return 255;
}

// The fill's two byte loops, 16 bytes at a time (SSE2, baseline on x86-64).
// Which pixels the fill reaches does not depend on the order runs are queued
// in, so count, sum, box and marks are those of the JS fill.
#if defined(__SSE2__)
inline uint32_t fullBytes(const uint8_t* at) {
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at)), _mm_set1_epi8(static_cast<char>(0xFF)))));
}
#endif

/** Last index of the run of 255s in `row` that contains r. */
int runEnd(const uint8_t* row, int r, int W) {
#if defined(__SSE2__)
  while (r + 16 < W) {
    const uint32_t on = fullBytes(row + r + 1);
    if (on != 0xFFFF) return r + __builtin_ctz(~on);
    r += 16;
  }
#endif
  while (r < W - 1 && row[r + 1] == 255) r++;
  return r;
}

/** Sum of n bytes (SSE2 sums 16 at a time; integers, so the order does not matter). */
uint64_t byteSum(const uint8_t* p, int n) {
  uint64_t s = 0;
  int i = 0;
#if defined(__SSE2__)
  __m128i acc = _mm_setzero_si128();
  for (; i + 16 <= n; i += 16) acc = _mm_add_epi64(acc, _mm_sad_epu8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), _mm_setzero_si128()));
  s = static_cast<uint64_t>(_mm_cvtsi128_si64(acc)) + static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(acc, acc)));
#endif
  for (; i < n; ++i) s += p[i];
  return s;
}

/** Queues (x, y) for the first pixel of each run of 255s in row[from … to]. */
void pushRunStarts(std::vector<int>& fillStack, const uint8_t* row, int from, int to, int y) {
  int nx = from;
  bool inRun = false;
#if defined(__SSE2__)
  uint32_t prev = 0;
  for (; nx + 16 <= to + 1; nx += 16) {
    const uint32_t on = fullBytes(row + nx);
    for (uint32_t starts = on & ~((on << 1) | prev) & 0xFFFF; starts; starts &= starts - 1) {
      fillStack.push_back(nx + __builtin_ctz(starts));
      fillStack.push_back(y);
    }
    prev = (on >> 15) & 1;
  }
  inRun = prev != 0;
#endif
  for (; nx <= to; ++nx) {
    const bool on = row[nx] == 255;
    if (on && !inRun) {
      fillStack.push_back(nx);
      fillStack.push_back(y);
    }
    inRun = on;
  }
}

// object-pixels.ts scanObjectPixels
ObjectPixels scanObjectPixels(Window& win, const std::vector<uint8_t>& segGray, int seedX, int seedY, const Box& box, int margin) {
  std::vector<int>& fillStack = win.fillStack;
  const int W = win.width;
  const int H = win.height;
  uint8_t* mask = win.mask.data();
  const uint8_t* gray = win.gray.data();
  const uint8_t* seg = segGray.data();
  ObjectPixels px;
  uint64_t count = 0, sum = 0;  // integers, exactly as the JS doubles hold them
  fillStack.clear();
  fillStack.push_back(seedX);
  fillStack.push_back(seedY);
  while (!fillStack.empty()) {
    const int y = fillStack.back();
    fillStack.pop_back();
    const int x = fillStack.back();
    fillStack.pop_back();
    const size_t row = static_cast<size_t>(y) * W;
    if (mask[row + x] != 255) continue;
    int l = x;
    int r = x;
    while (l > 0 && mask[row + l - 1] == 255) l--;
    r = runEnd(mask + row, r, W);
    if (l < px.filled.minX) px.filled.minX = l;
    if (r > px.filled.maxX) px.filled.maxX = r;
    if (y < px.filled.minY) px.filled.minY = y;
    if (y > px.filled.maxY) px.filled.maxY = y;
    count += r - l + 1;
    sum += byteSum(gray + row + l, r - l + 1);
    std::memset(mask + row + l, VISITED, r - l + 1);
    const int from = l > 0 ? l - 1 : 0;
    const int to = r < W - 1 ? r + 1 : W - 1;
    for (int ny = y - 1; ny <= y + 1; ny += 2) {
      if (ny < 0 || ny >= H) continue;
      pushRunStarts(fillStack, mask + static_cast<size_t>(ny) * W, from, to, ny);
    }
  }

  uint32_t interior[256] = {0}, edge[256] = {0}, bgHist[256] = {0}, nearHist[256] = {0};
  // Integer counts (the JS doubles hold the same integers), converted once at the end.
  uint32_t interiorCount = 0, edgeCount = 0, bgCount = 0, nearCount = 0;
  const int bx0 = box.minX - margin;
  const int by0 = box.minY - margin;
  const int bx1 = box.maxX + margin;
  const int by1 = box.maxY + margin;
  const int step = W * H > 4096 ? 2 : 1;
  for (int y = 0; y < H; y += step) {
    const bool inRows = y >= by0 && y <= by1;
    size_t i = static_cast<size_t>(y) * W;
    for (int x = 0; x < W; x += step, i += step) {
      const uint8_t m = mask[i];
      if (m == VISITED) {
        const uint8_t v = seg[i];
        if (x > 0 && y > 0 && x < W - 1 && y < H - 1 && mask[i - 1] != 0 && mask[i + 1] != 0 && mask[i - W] != 0 && mask[i + W] != 0) {
          interior[v]++;
          interiorCount++;
        } else {
          edge[v]++;
          edgeCount++;
        }
      } else if (m == 0) {
        const uint8_t v = seg[i];
        if (inRows && x >= bx0 && x <= bx1) {
          nearHist[v]++;
          nearCount++;
        } else {
          bgHist[v]++;
          bgCount++;
        }
      }
    }
  }
  if (interiorCount < 8) {
    for (int v = 0; v < 256; ++v) interior[v] += edge[v];
    interiorCount += edgeCount;
  }
  if (bgCount < 8) {
    for (int v = 0; v < 256; ++v) bgHist[v] += nearHist[v];
    bgCount += nearCount;
  }
  px.count = static_cast<double>(count);
  px.meanGray = count ? static_cast<double>(sum) / static_cast<double>(count) : 0;
  px.objectLevel = interiorCount ? histMedian(interior, static_cast<double>(interiorCount)) : NAN;
  px.backgroundLevel = bgCount ? histMedian(bgHist, static_cast<double>(bgCount)) : NAN;
  return px;
}

// object-pixels.ts clearVisited
void clearVisited(Window& win) {
  for (uint8_t& m : win.mask)
    if (m == VISITED) m = 255;
}

// object-pixels.ts firstSetPixel
int firstSetPixel(const Window& win, int y, int x0, int x1) {
  const size_t row = static_cast<size_t>(y) * win.width;
  for (int x = std::max(0, x0); x <= std::min(win.width - 1, x1); ++x)
    if (win.mask[row + x] == 255) return x;
  return -1;
}

// edge-level.ts edgeLevels
std::vector<double> edgeLevels(double objectLevel, double backgroundLevel, int polarity, bool hasThreshold, double threshold8) {
  std::vector<double> levels;
  if (std::isfinite(objectLevel) && std::isfinite(backgroundLevel) && polarity * (objectLevel - backgroundLevel) >= MIN_CONTRAST) {
    levels.push_back(((objectLevel + backgroundLevel) / 2) * FIELD_SCALE);
  }
  if (hasThreshold) {
    const double t = (std::floor(threshold8) + 0.5) * FIELD_SCALE;
    bool near = false;
    for (double l : levels) near = near || std::abs(l - t) < FIELD_SCALE;
    if (!near) levels.push_back(t);
  }
  return levels;
}

// polygon.ts signedArea
double signedArea(const Polygon& p) {
  const size_t n = p.size();
  if (n < 6) return 0;
  double s = 0;
  double px = p[n - 2];
  double py = p[n - 1];
  for (size_t i = 0; i < n; i += 2) {
    const double x = p[i];
    const double y = p[i + 1];
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s / 2;
}

double polygonArea(const Polygon& p) { return std::abs(signedArea(p)); }

// polygon.ts polygonLength
double polygonLength(const Polygon& p) {
  const size_t n = p.size();
  if (n < 4) return 0;
  double s = 0;
  double px = p[n - 2];
  double py = p[n - 1];
  for (size_t i = 0; i < n; i += 2) {
    const double dx = p[i] - px;
    const double dy = p[i + 1] - py;
    s += std::sqrt(dx * dx + dy * dy);
    px = p[i];
    py = p[i + 1];
  }
  return s;
}

// polygon.ts centroidWithHoles
void centroidWithHoles(const Polygon& outer, const std::vector<Polygon>& holes, double& outX, double& outY) {
  double a = 0, cx = 0, cy = 0;
  auto add = [&](const Polygon& p, double sign) {
    const size_t n = p.size();
    if (n < 6) return;
    double sa = 0, sx = 0, sy = 0;
    double px = p[n - 2];
    double py = p[n - 1];
    for (size_t i = 0; i < n; i += 2) {
      const double x = p[i];
      const double y = p[i + 1];
      const double cross = px * y - x * py;
      sa += cross;
      sx += (px + x) * cross;
      sy += (py + y) * cross;
      px = x;
      py = y;
    }
    const double flip = sa < 0 ? -1 : 1;
    a += (sign * flip * sa) / 2;
    cx += (sign * flip * sx) / 6;
    cy += (sign * flip * sy) / 6;
  };
  add(outer, 1);
  for (const Polygon& h : holes) add(h, -1);
  if (std::abs(a) < 1e-9) {
    double mx = 0, my = 0;
    const double k = std::max(1.0, outer.size() / 2.0);
    for (size_t i = 0; i < outer.size(); i += 2) {
      mx += outer[i];
      my += outer[i + 1];
    }
    outX = mx / k;
    outY = my / k;
    return;
  }
  outX = cx / a;
  outY = cy / a;
}

// polygon.ts convexHull
inline bool lessPt(const Pt& a, const Pt& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }

/**
 * Sorts by (x, y) as a natural merge sort: an outline is a closed curve, so its
 * points come in a few runs already in order (a convex outline: up to three or
 * four), and merging them is O(n) where std::sort took a fifth of the hull's time.
 * Points that compare equal are identical, so any correct sort gives the same
 * sequence; with too many runs (ragged outlines) this hands over to std::sort.
 */
void sortPoints(std::vector<Pt>& v, std::vector<Pt>& scratch) {
  constexpr size_t MAX_RUNS = 32;
  const size_t n = v.size();
  size_t bounds[MAX_RUNS + 1];
  size_t runs = 0;
  for (size_t i = 0; i < n;) {
    if (runs == MAX_RUNS) {
      std::sort(v.begin(), v.end(), lessPt);
      return;
    }
    bounds[runs++] = i;
    size_t j = i + 1;
    if (j < n && lessPt(v[j], v[i])) {
      while (j + 1 < n && lessPt(v[j + 1], v[j])) ++j;
      ++j;
      std::reverse(v.begin() + i, v.begin() + j);  // strictly descending: reversed, strictly ascending
    } else {
      while (j < n && !lessPt(v[j], v[j - 1])) ++j;
    }
    i = j;
  }
  bounds[runs] = n;
  scratch.resize(n);
  while (runs > 1) {
    size_t merged = 0;
    for (size_t r = 0; r < runs; r += 2) {
      if (r + 1 < runs) {
        const auto first = v.begin() + bounds[r];
        const auto middle = v.begin() + bounds[r + 1];
        const auto last = v.begin() + bounds[r + 2];
        std::merge(first, middle, middle, last, scratch.begin(), lessPt);
        std::copy(scratch.begin(), scratch.begin() + (last - first), first);
      }
      bounds[merged++] = bounds[r];
    }
    bounds[merged] = n;
    runs = merged;
  }
}

Polygon convexHull(Window& win, const Polygon& p) {
  const size_t n = p.size() / 2;
  if (n < 3) return p;
  // Sorting the points themselves rather than indices into them (as the JS does):
  // equal keys are identical points, so the hull comes out the same, without the
  // scattered reads of an index sort.
  std::vector<Pt>& pts = win.hullPoints;
  std::vector<Pt>& lower = win.hullLower;
  std::vector<Pt>& upper = win.hullUpper;
  pts.resize(n);
  for (size_t i = 0; i < n; ++i) pts[i] = {p[2 * i], p[2 * i + 1]};
  sortPoints(pts, win.sortScratch);
  auto cross = [](const Pt& o, const Pt& a, const Pt& b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); };
  lower.clear();
  upper.clear();
  for (const Pt& q : pts) {
    while (lower.size() >= 2 && cross(lower[lower.size() - 2], lower[lower.size() - 1], q) <= 0) lower.pop_back();
    lower.push_back(q);
  }
  for (size_t k = n; k-- > 0;) {
    const Pt& q = pts[k];
    while (upper.size() >= 2 && cross(upper[upper.size() - 2], upper[upper.size() - 1], q) <= 0) upper.pop_back();
    upper.push_back(q);
  }
  lower.pop_back();
  upper.pop_back();
  Polygon out;
  out.reserve(2 * (lower.size() + upper.size()));
  for (const Pt& q : lower) out.insert(out.end(), {q.x, q.y});
  for (const Pt& q : upper) out.insert(out.end(), {q.x, q.y});
  return out;
}

// i mod n for 0 ≤ i < 2n: the caliper indices never reach 2n, and an integer
// division per step was most of the calipers' time.
inline size_t wrap(size_t i, size_t n) { return i >= n ? i - n : i; }

// polygon.ts minAreaRectSides
void minAreaRectSides(Window& win, const Polygon& hull, double& outLong, double& outShort) {
  const size_t n = hull.size() / 2;
  if (n == 0) {
    outLong = outShort = 0;
    return;
  }
  if (n < 3) {
    outLong = n == 2 ? std::hypot(hull[2] - hull[0], hull[3] - hull[1]) : 0;
    outShort = 0;
    return;
  }
  // Every edge's vector and unit vector first, in a loop of independent
  // square roots and divisions: computed inside the caliper loop below, their
  // latency was exposed again after every mispredicted caliper step. Same
  // expressions, so the same values; the edge from point a to a + 1 is also the
  // vector the caliper tests compare, (hull[a + 1] − hull[a]).
  using Edge = CaliperEdge;
  std::vector<Edge>& edges = win.caliperEdges;
  edges.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t j = wrap(i + 1, n);
    edges[i].ex = hull[2 * j] - hull[2 * i];
    edges[i].ey = hull[2 * j + 1] - hull[2 * i + 1];
  }
  size_t i0 = 0;
#if defined(__SSE2__)
  // Two edges per instruction: packed IEEE square roots and divisions round
  // exactly as the scalar ones (and multiply and add stay separate operations).
  for (; i0 + 2 <= n; i0 += 2) {
    Edge& a = edges[i0];
    Edge& b = edges[i0 + 1];
    const __m128d ex = _mm_set_pd(b.ex, a.ex);
    const __m128d ey = _mm_set_pd(b.ey, a.ey);
    const __m128d len = _mm_sqrt_pd(_mm_add_pd(_mm_mul_pd(ex, ex), _mm_mul_pd(ey, ey)));
    const __m128d ux = _mm_div_pd(ex, len);
    const __m128d uy = _mm_div_pd(ey, len);
    _mm_storel_pd(&a.len, len);
    _mm_storeh_pd(&b.len, len);
    _mm_storel_pd(&a.ux, ux);
    _mm_storeh_pd(&b.ux, ux);
    _mm_storel_pd(&a.uy, uy);
    _mm_storeh_pd(&b.uy, uy);
  }
#endif
  for (; i0 < n; ++i0) {
    Edge& e = edges[i0];
    e.len = std::sqrt(e.ex * e.ex + e.ey * e.ey);
    e.ux = e.ex / e.len;
    e.uy = e.ey / e.len;
  }
  double best = INFINITY, bestW = 0, bestH = 0;
  size_t r = 1, t = 1, l = 1;
  for (size_t i = 0; i < n; ++i) {
    const double bx = hull[2 * i];
    const double by = hull[2 * i + 1];
    if (edges[i].len < 1e-12) continue;
    const double ux = edges[i].ux;
    const double uy = edges[i].uy;
    if (r < i + 1) r = i + 1;
    while (r < i + n) {
      const Edge& e = edges[wrap(r, n)];
      if (e.ex * ux + e.ey * uy >= 0) r++;
      else break;
    }
    if (t < r) t = r;
    // Distance of hull point t from the edge's line; each step's far point is the
    // next step's near one, so each distance is computed once (same expression, same value).
    auto distance = [&](size_t k) { return std::abs((hull[2 * k] - bx) * -uy + (hull[2 * k + 1] - by) * ux); };
    double atT = distance(wrap(t, n));
    while (t < i + n) {
      const double next = distance(wrap(t + 1, n));
      if (next >= atT) {
        t++;
        atT = next;
      } else {
        break;
      }
    }
    if (l < t) l = t;
    while (l < i + n) {
      const Edge& e = edges[wrap(l, n)];
      if (e.ex * ux + e.ey * uy <= 0) l++;
      else break;
    }
    const size_t ra = wrap(r, n);
    const size_t la = wrap(l, n);
    const double w = (hull[2 * ra] - bx) * ux + (hull[2 * ra + 1] - by) * uy - ((hull[2 * la] - bx) * ux + (hull[2 * la + 1] - by) * uy);
    const double h = atT;
    if (w * h < best) {
      best = w * h;
      bestW = w;
      bestH = h;
    }
  }
  outLong = bestW >= bestH ? bestW : bestH;
  outShort = bestW >= bestH ? bestH : bestW;
}

// polygon.ts simplifyClosed
Polygon simplifyClosed(const Polygon& p, double epsilon) {
  const size_t n = p.size() / 2;
  if (n <= 4) return p;
  size_t far = 0;
  double farD = -1;
  for (size_t i = 1; i < n; ++i) {
    const double dx = p[2 * i] - p[0];
    const double dy = p[2 * i + 1] - p[1];
    const double d = dx * dx + dy * dy;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  std::vector<uint8_t> keep(n + 1, 0);
  keep[0] = keep[far] = keep[n] = 1;
  // Indices run 0…n, where n is vertex 0 again.
  auto px = [&](size_t i) { return p[2 * (i == n ? 0 : i)]; };
  auto py = [&](size_t i) { return p[2 * (i == n ? 0 : i) + 1]; };
  std::vector<std::pair<size_t, size_t>> stack{{0, far}, {far, n}};
  const double eps2 = epsilon * epsilon;
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    if (b - a < 2) continue;
    const double ax = px(a);
    const double ay = py(a);
    const double dx = px(b) - ax;
    const double dy = py(b) - ay;
    const double len2 = dx * dx + dy * dy;
    double maxD = -1;
    size_t maxI = 0;
    for (size_t i = a + 1; i < b; ++i) {
      const double vx = px(i) - ax;
      const double vy = py(i) - ay;
      double d2;
      if (len2 < 1e-12) d2 = vx * vx + vy * vy;
      else {
        const double c = vx * dy - vy * dx;
        d2 = (c * c) / len2;
      }
      if (d2 > maxD) {
        maxD = d2;
        maxI = i;
      }
    }
    if (maxD > eps2) {
      keep[maxI] = 1;
      stack.push_back({a, maxI});
      stack.push_back({maxI, b});
    }
  }
  Polygon out;
  for (size_t i = 0; i < n; ++i)
    if (keep[i]) out.insert(out.end(), {p[2 * i], p[2 * i + 1]});
  return out;
}

// subpixel-outline.ts traceIsoLine and helpers
struct Field {
  SmoothedField* data;
  int W, H;
  double level;
  int polarity;
  double f(int x, int y) const {
    if (x >= 0 && y >= 0 && x < W && y < H) return polarity * (data->at(x, y) - level);
    const int cx = x < 0 ? 0 : x >= W ? W - 1 : x;
    const int cy = y < 0 ? 0 : y >= H ? H - 1 : y;
    return -std::abs(polarity * (data->at(cx, cy) - level));
  }
};

int exitEdge(int entry, const double* v) {
  const bool ins[4] = {v[0] > 0, v[1] > 0, v[2] > 0, v[3] > 0};
  if (ins[entry] == ins[(entry + 1) & 3]) return -1;
  const int crossings = (ins[0] != ins[1]) + (ins[1] != ins[2]) + (ins[2] != ins[3]) + (ins[3] != ins[0]);
  if (crossings == 2) {
    for (int k = 0; k < 4; ++k)
      if (k != entry && ins[k] != ins[(k + 1) & 3]) return k;
    return -1;
  }
  const bool centreInside = v[0] + v[1] + v[2] + v[3] > 0;
  const bool cutInside = !centreInside;
  const int corner = ins[entry] == cutInside ? entry : (entry + 1) & 3;
  return entry == corner ? (corner + 3) & 3 : corner;
}

enum class Kind { Outer, Hole };

bool findSeedCrossing(const Field& fld, int seedX, int seedY, Kind kind, const Box& w, int& cx, int& cy, int& entry) {
  const int j0 = kind == Kind::Outer ? seedY - 1 : seedY;
  for (int dx : {0, 1, -1, 2, -2, 3, -3}) {
    const int x = seedX + dx;
    if (x < w.minX || x > w.maxX) continue;
    for (int k = 0; k <= 2 * SEED_RADIUS; ++k) {
      const int j = j0 + (k % 2 == 0 ? k / 2 : -(k + 1) / 2);
      if (j < w.minY || j + 1 > w.maxY) continue;
      const bool upper = fld.f(x, j) > 0;
      const bool lower = fld.f(x, j + 1) > 0;
      const bool match = kind == Kind::Outer ? !upper && lower : upper && !lower;
      if (!match) continue;
      if (x + 1 <= w.maxX) {
        cx = x, cy = j, entry = 3;
        return true;
      }
      if (x - 1 >= w.minX) {
        cx = x - 1, cy = j, entry = 1;
        return true;
      }
    }
  }
  return false;
}

bool traceIsoLine(const Field& fld, int seedX, int seedY, Kind kind, const Box& w, Polygon& pts) {
  int cx, cy, entry;
  if (!findSeedCrossing(fld, seedX, seedY, kind, w, cx, cy, entry)) return false;
  const int sx = cx, sy = cy, sEntry = entry;
  pts.clear();
  double v[4];
  auto loadCell = [&]() {
    v[0] = fld.f(cx, cy);
    v[1] = fld.f(cx + 1, cy);
    v[2] = fld.f(cx + 1, cy + 1);
    v[3] = fld.f(cx, cy + 1);
  };
  auto pushCrossing = [&](int edge) {
    const int a = edge;
    const int b = (edge + 1) & 3;
    const double fa = v[a];
    const double fb = v[b];
    const double t = fa / (fa - fb);
    const int ax = cx + (a == 1 || a == 2 ? 1 : 0);
    const int ay = cy + (a >= 2 ? 1 : 0);
    const int bx = cx + (b == 1 || b == 2 ? 1 : 0);
    const int by = cy + (b >= 2 ? 1 : 0);
    pts.push_back(ax + t * (bx - ax));
    pts.push_back(ay + t * (by - ay));
  };
  loadCell();
  pushCrossing(entry);
  const long cellsInWindow = static_cast<long>(w.maxX - w.minX + 1) * (w.maxY - w.minY + 1);
  const long maxSteps = 2 * cellsInWindow + 8;
  for (long step = 0; step < maxSteps; ++step) {
    const int exit = exitEdge(entry, v);
    if (exit < 0) return false;
    pushCrossing(exit);
    switch (exit) {
      case 0: cy -= 1; entry = 2; break;
      case 1: cx += 1; entry = 3; break;
      case 2: cy += 1; entry = 0; break;
      default: cx -= 1; entry = 1;
    }
    if (cx == sx && cy == sy && entry == sEntry) {
      pts.resize(pts.size() - 2);
      const double expected = sEntry == 3 ? 1 : -1;
      if (signedArea(pts) * expected <= 0) return false;
      if (expected < 0) {
        const size_t n = pts.size() / 2;
        for (size_t i = 0; i < n / 2; ++i) {
          std::swap(pts[2 * i], pts[2 * (n - 1 - i)]);
          std::swap(pts[2 * i + 1], pts[2 * (n - 1 - i) + 1]);
        }
      }
      return true;
    }
    if (cx < w.minX || cy < w.minY || cx + 1 > w.maxX || cy + 1 > w.maxY) return false;
    loadCell();
  }
  return false;
}

// subpixel-outline.ts traceBoundary
bool traceBoundary(const Field& fld, const Boundary& b, Kind kind, Polygon& poly) {
  const Box w{std::max(-1, b.box.minX - WALK_MARGIN), std::max(-1, b.box.minY - WALK_MARGIN), std::min(fld.W, b.box.maxX + WALK_MARGIN),
              std::min(fld.H, b.box.maxY + WALK_MARGIN)};
  if (!traceIsoLine(fld, b.seedX, b.seedY, kind, w, poly) || poly.size() < 6) return false;
  double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
  for (size_t i = 0; i < poly.size(); i += 2) {
    minX = std::min(minX, poly[i]);
    maxX = std::max(maxX, poly[i]);
    minY = std::min(minY, poly[i + 1]);
    maxY = std::max(maxY, poly[i + 1]);
  }
  return !(std::abs(minX - b.box.minX) > BOX_TOLERANCE || std::abs(minY - b.box.minY) > BOX_TOLERANCE || std::abs(maxX - b.box.maxX) > BOX_TOLERANCE ||
           std::abs(maxY - b.box.maxY) > BOX_TOLERANCE);
}

// measure-object.ts contourGeometry (seed and box; the polygon is the points themselves)
Boundary contourBoundary(const ContourView& c) {
  Box box{INT_MAX, INT_MAX, INT_MIN, INT_MIN};
  int seedX = 0, seedY = 0;
  for (size_t i = 0; i < c.points; ++i) {
    const int x = c.xy[2 * i];
    const int y = c.xy[2 * i + 1];
    if (x < box.minX) box.minX = x;
    if (x > box.maxX) box.maxX = x;
    if (y < box.minY || (y == box.minY && x < seedX)) {
      if (y < box.minY) box.minY = y;
      seedX = x, seedY = y;
    }
    if (y > box.maxY) box.maxY = y;
  }
  return {seedX, seedY, box};
}

Polygon contourPolygon(const ContourView& c) { return Polygon(c.xy, c.xy + 2 * c.points); }

Boundary toLocal(const Window& win, const Boundary& b) {
  return {b.seedX - win.x, b.seedY - win.y, {b.box.minX - win.x, b.box.minY - win.y, b.box.maxX - win.x, b.box.maxY - win.y}};
}

void translate(const Window& win, Polygon& p) {
  for (size_t i = 0; i < p.size(); i += 2) {
    p[i] = p[i] + win.x;
    p[i + 1] = p[i + 1] + win.y;
  }
}

bool sameBox(const Box& a, const Box& b) { return a.minX == b.minX && a.minY == b.minY && a.maxX == b.maxX && a.maxY == b.maxY; }

}  // namespace

// object-geometry.ts objectGeometry
void measureGeometry(const GeometryRequest& req, GeometryResult& out) {
  Window& win = windowOfThread();
  readWindow(win, req);
  const std::vector<uint8_t>& seg = segOf(win, req);
  const Box localBox{req.box.minX - win.x, req.box.minY - win.y, req.box.maxX - win.x, req.box.maxY - win.y};
  const int topX = firstSetPixel(win, localBox.minY, localBox.minX, localBox.maxX);
  Boundary outerLocal{topX, localBox.minY, localBox};
  ObjectPixels px;
  const bool filled = topX >= 0;
  if (filled) px = scanObjectPixels(win, seg, outerLocal.seedX, outerLocal.seedY, localBox, BACKGROUND_MARGIN);
  if (!filled || !sameBox(px.filled, localBox)) {
    if (filled) clearVisited(win);
    outerLocal = toLocal(win, contourBoundary(req.outer));
    px = scanObjectPixels(win, seg, outerLocal.seedX, outerLocal.seedY, localBox, BACKGROUND_MARGIN);
  }
  const Field base{&win.field, win.width, win.height, 0, req.polarity};
  const std::vector<double> levels = edgeLevels(px.objectLevel, px.backgroundLevel, req.polarity, req.hasThreshold, req.threshold8);

  Polygon outer;
  std::vector<Polygon> holes(req.holes.size());
  std::vector<bool> holeTraced(req.holes.size(), false);
  bool traced = false;
  for (double level : levels) {
    Field fld = base;
    fld.level = level;
    if (!traceBoundary(fld, outerLocal, Kind::Outer, outer)) continue;
    traced = true;
    for (size_t k = 0; k < req.holes.size(); ++k) holeTraced[k] = traceBoundary(fld, toLocal(win, contourBoundary(req.holes[k])), Kind::Hole, holes[k]);
    break;
  }
  if (traced) translate(win, outer);
  else outer = contourPolygon(req.outer);
  out.holeFallbacks = 0;
  for (size_t k = 0; k < req.holes.size(); ++k) {
    if (traced && holeTraced[k]) translate(win, holes[k]);
    else {
      holes[k] = contourPolygon(req.holes[k]);
      if (traced) out.holeFallbacks++;
    }
  }

  out.count = px.count;
  out.meanGray = px.meanGray;
  out.subpixel = traced;
  out.outerArea = polygonArea(outer);
  double area = out.outerArea;
  for (const Polygon& h : holes) area -= polygonArea(h);
  out.area = std::max(0.0, area);
  out.perimeter = polygonLength(outer);
  const Polygon hull = convexHull(win, outer);
  out.hullArea = polygonArea(hull);
  out.hullPerimeter = polygonLength(hull);
  minAreaRectSides(win, hull, out.rectLong, out.rectShort);
  centroidWithHoles(outer, holes, out.centroidX, out.centroidY);
  out.outline = simplifyClosed(outer, OUTLINE_EPSILON);
  out.holes.resize(holes.size());
  for (size_t k = 0; k < holes.size(); ++k) out.holes[k] = simplifyClosed(holes[k], OUTLINE_EPSILON);
}

}  // namespace loupe
