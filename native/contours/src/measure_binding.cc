// JS-facing side of the per-object measurement (object_geometry.h) and of the
// 256-bin histogram Otsu needs, for src-engine/vision/native-geometry.ts.
//
// Why native: in JS the per-object work (flood fill and level histograms,
// iso-line walk, hull, calipers) plus the window copies through opencv4nodejs
// took about 10 ms of an 18 ms frame (1280×1024, 40 parts), and cv.calcHist
// through the binding about 1 ms. Here each object is one call that reads the
// frame's Mats in place and writes its result into one Float64Array that the JS
// side keeps and grows, so nothing per object is allocated in V8.
//
//   measureObject(mask, gray, segGray, spec Int32Array, threshold8, points Int32Array, out Float64Array) → length
//     spec: boxMinX, boxMinY, boxMaxX, boxMaxY, polarity, outerStart, outerEnd, holeCount,
//           then holeStart, holeEnd per hole (point indices into `points`, x y pairs)
//     threshold8: the global threshold in 8-bit gray, or NaN when there is none
//     out (written only when its length ≥ the returned length; otherwise grow and call again):
//       count, meanGray, subpixel (0/1), holeFallbacks, outerArea, area, perimeter, hullArea,
//       hullPerimeter, rectLong, rectShort, centroidX, centroidY, holeCount, outlineLength,
//       holeLength per hole, then the outline's coordinates, then each hole's.
//   histogram8(mat, out Float64Array(256))
//   smoothedField(mat, out Uint16Array(rows·cols)): every sample of SmoothedField over the
//     whole Mat, for the test that holds it to cv::GaussianBlur (smoothed_field.h)
#include "measure_binding.h"

#include <cmath>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>
#include "Mat.h"
#include "object_geometry.h"
#include "smoothed_field.h"

namespace {

constexpr int HEADER = 15;

const cv::Mat* matArg(v8::Local<v8::Value> v) {
  if (!v->IsObject()) return nullptr;
  v8::Local<v8::Object> object = v.As<v8::Object>();
  if (object->InternalFieldCount() < 1) return nullptr;
  const cv::Mat& m = Nan::ObjectWrap::Unwrap<Mat>(object)->self;
  return m.type() == CV_8UC1 ? &m : nullptr;
}

// ArrayBuffer::Data() rather than GetBackingStore(), which takes a lock and a
// shared_ptr per call: measurable at several calls per object.
template <typename T>
T* typedData(v8::Local<v8::TypedArray> a) {
  return reinterpret_cast<T*>(static_cast<char*>(a->Buffer()->Data()) + a->ByteOffset());
}

NAN_METHOD(MeasureObject) {
  const char* usage = "measureObject(mask, gray, segGray, spec, threshold8, points, out): expected three 8-bit one-channel Mats of one size, an Int32Array, a number, an Int32Array and a Float64Array";
  if (info.Length() != 7 || !info[3]->IsInt32Array() || !info[4]->IsNumber() || !info[5]->IsInt32Array() || !info[6]->IsFloat64Array()) {
    return Nan::ThrowTypeError(usage);
  }
  const cv::Mat* mask = matArg(info[0]);
  const cv::Mat* gray = matArg(info[1]);
  const cv::Mat* segGray = matArg(info[2]);
  if (!mask || !gray || !segGray || gray->size() != mask->size() || segGray->size() != mask->size()) return Nan::ThrowTypeError(usage);
  // The same Mat for gray and segGray (no blur) must stay recognisable as such.
  if (info[1]->StrictEquals(info[2])) segGray = gray;

  v8::Local<v8::Int32Array> specArray = info[3].As<v8::Int32Array>();
  const int32_t* spec = typedData<int32_t>(specArray);
  const size_t specLength = specArray->Length();
  v8::Local<v8::Int32Array> pointsArray = info[5].As<v8::Int32Array>();
  const int32_t* points = typedData<int32_t>(pointsArray);
  const size_t pointCount = pointsArray->Length() / 2;
  v8::Local<v8::Float64Array> outArray = info[6].As<v8::Float64Array>();

  if (specLength < 8 || spec[7] < 0 || specLength != 8 + 2 * static_cast<size_t>(spec[7])) return Nan::ThrowRangeError("measureObject: spec has the wrong length for its hole count");
  loupe::GeometryRequest req;
  req.mask = mask;
  req.gray = gray;
  req.segGray = segGray;
  req.box = {spec[0], spec[1], spec[2], spec[3]};
  if (req.box.minX < 0 || req.box.minY < 0 || req.box.maxX >= mask->cols || req.box.maxY >= mask->rows || req.box.minX > req.box.maxX || req.box.minY > req.box.maxY) {
    return Nan::ThrowRangeError("measureObject: the box lies outside the mask");
  }
  req.polarity = spec[4] < 0 ? -1 : 1;
  const double threshold8 = Nan::To<double>(info[4]).FromJust();
  req.hasThreshold = !std::isnan(threshold8);
  req.threshold8 = threshold8;
  auto view = [&](int32_t start, int32_t end, loupe::ContourView& v) {
    if (start < 0 || end <= start || static_cast<size_t>(end) > pointCount) return false;
    v = {points + 2 * static_cast<size_t>(start), static_cast<size_t>(end - start)};
    return true;
  };
  if (!view(spec[5], spec[6], req.outer)) return Nan::ThrowRangeError("measureObject: the outer contour's range lies outside the points");
  req.holes.resize(spec[7]);
  for (int k = 0; k < spec[7]; ++k) {
    if (!view(spec[8 + 2 * k], spec[9 + 2 * k], req.holes[k])) return Nan::ThrowRangeError("measureObject: a hole's range lies outside the points");
  }

  thread_local loupe::GeometryResult r;
  try {
    loupe::measureGeometry(req, r);
  } catch (const std::exception& e) {
    return Nan::ThrowError((std::string("measureObject: ") + e.what()).c_str());
  }
  size_t length = HEADER + r.holes.size() + r.outline.size();
  for (const auto& h : r.holes) length += h.size();
  info.GetReturnValue().Set(Nan::New(static_cast<double>(length)));
  if (outArray->Length() < length) return;

  double* out = typedData<double>(outArray);
  const double header[HEADER] = {r.count,    r.meanGray,      r.subpixel ? 1.0 : 0.0, static_cast<double>(r.holeFallbacks),
                                 r.outerArea, r.area,         r.perimeter,            r.hullArea,
                                 r.hullPerimeter, r.rectLong, r.rectShort,            r.centroidX,
                                 r.centroidY, static_cast<double>(r.holes.size()), static_cast<double>(r.outline.size())};
  std::copy(header, header + HEADER, out);
  double* at = out + HEADER;
  for (const auto& h : r.holes) *at++ = static_cast<double>(h.size());
  at = std::copy(r.outline.begin(), r.outline.end(), at);
  for (const auto& h : r.holes) at = std::copy(h.begin(), h.end(), at);
}

// Counts one row into four interleaved tables, so consecutive equal pixels do
// not all wait on one counter. A flat background still hammers one counter in
// each table, and that dependency chain, not the reading, set the pace: 0.5–0.8 ms
// per 1.3 MP frame with a uniform belt. So 64 equal bytes in a row (checked 16
// at a time, SSE2) are counted with one addition; anything else goes pixel by pixel.
void countRow(const uint8_t* row, int n, uint32_t (&h)[4][256]) {
  int x = 0;
#if defined(__SSE2__)
  for (; x + 64 <= n; x += 64) {
    const __m128i first = _mm_set1_epi8(static_cast<char>(row[x]));
    const __m128i* p = reinterpret_cast<const __m128i*>(row + x);
    const __m128i same = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(p), first), _mm_cmpeq_epi8(_mm_loadu_si128(p + 1), first)),
                                       _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(p + 2), first), _mm_cmpeq_epi8(_mm_loadu_si128(p + 3), first)));
    if (_mm_movemask_epi8(same) == 0xFFFF) {
      h[0][row[x]] += 64;
      continue;
    }
    for (int k = x; k < x + 64; k += 4) {
      h[0][row[k]]++;
      h[1][row[k + 1]]++;
      h[2][row[k + 2]]++;
      h[3][row[k + 3]]++;
    }
  }
#endif
  for (; x + 4 <= n; x += 4) {
    h[0][row[x]]++;
    h[1][row[x + 1]]++;
    h[2][row[x + 2]]++;
    h[3][row[x + 3]]++;
  }
  for (; x < n; ++x) h[0][row[x]]++;
}

NAN_METHOD(Histogram8) {
  const cv::Mat* mat = info.Length() == 2 ? matArg(info[0]) : nullptr;
  if (!mat || !info[1]->IsFloat64Array() || info[1].As<v8::Float64Array>()->Length() != 256) {
    return Nan::ThrowTypeError("histogram8(mat, out): expected an 8-bit one-channel Mat and a Float64Array(256)");
  }
  uint32_t h[4][256] = {{0}};
  for (int y = 0; y < mat->rows; ++y) countRow(mat->ptr<uint8_t>(y), mat->cols, h);
  double* out = typedData<double>(info[1].As<v8::Float64Array>());
  for (int v = 0; v < 256; ++v) out[v] = static_cast<double>(h[0][v]) + h[1][v] + h[2][v] + h[3][v];
}

NAN_METHOD(SmoothedFieldOf) {
  const cv::Mat* mat = info.Length() == 2 ? matArg(info[0]) : nullptr;
  if (!mat || !info[1]->IsUint16Array() || info[1].As<v8::Uint16Array>()->Length() != mat->total()) {
    return Nan::ThrowTypeError("smoothedField(mat, out): expected an 8-bit one-channel Mat and a Uint16Array of its size");
  }
  std::vector<uint8_t> gray(mat->total());
  for (int y = 0; y < mat->rows; ++y) std::copy(mat->ptr<uint8_t>(y), mat->ptr<uint8_t>(y) + mat->cols, gray.data() + static_cast<size_t>(y) * mat->cols);
  loupe::SmoothedField field;
  field.reset(gray.data(), mat->cols, mat->rows);
  uint16_t* out = typedData<uint16_t>(info[1].As<v8::Uint16Array>());
  // Column by column, so samples are computed in an order unlike the rows OpenCV runs.
  for (int x = 0; x < mat->cols; ++x)
    for (int y = 0; y < mat->rows; ++y) out[static_cast<size_t>(y) * mat->cols + x] = field.at(x, y);
}

}  // namespace

void InitMeasure(v8::Local<v8::Object> target) {
  Nan::SetMethod(target, "measureObject", MeasureObject);
  Nan::SetMethod(target, "histogram8", Histogram8);
  Nan::SetMethod(target, "smoothedField", SmoothedFieldOf);
}
