// The default recipe's first two steps in one pass over the frame: the 3×3
// Gaussian (kernel 3, σ from the kernel, BORDER_REPLICATE) and the 256-bin
// histogram of its output that Otsu needs, for src-engine/vision/blur-histogram.ts.
//
//   gaussian3Histogram(src, dst, out Float64Array(256)) → true, or false when src is a view
//     src, dst: 8-bit one-channel Mats of one size (dst is written, src only read)
//
// Why: through opencv4nodejs, gaussianBlur took about 0.5 ms of a 1.3 MP frame
// and the histogram another 0.2–0.8 ms reading the whole blurred frame again.
//
// Why it is bit-identical: for an 8-bit image that is not a view into a larger
// one, cv::GaussianBlur runs its bit-exact fixed-point code
// (smooth.dispatch.cpp, GaussianBlurFixedPoint), and for kernel 3 with σ = 0 the
// taps are exactly 1/4, 1/2, 1/4: the result is the integer (S + 8) >> 4 with
// S = Σ (1 2 1)ᵀ(1 2 1)·pixel, borders replicated (checked against
// cv::GaussianBlur on every pixel of random images from 1×1 to 300×300, and by
// tests/src-engine/vision/blur-histogram.test.ts). A view takes OpenCV's other
// path (it reads the real pixels beyond the view's edge), so views are left to
// OpenCV: the call returns false and writes nothing.
#include <nan.h>
#include <vector>
#include "Mat.h"
#include "measure_binding.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {

cv::Mat* matArg(v8::Local<v8::Value> v) {
  if (!v->IsObject()) return nullptr;
  v8::Local<v8::Object> object = v.As<v8::Object>();
  if (object->InternalFieldCount() < 1) return nullptr;
  cv::Mat& m = Nan::ObjectWrap::Unwrap<Mat>(object)->self;
  return m.type() == CV_8UC1 ? &m : nullptr;
}

inline void countFour(const uint8_t* p, uint32_t (&h)[4][256]) {
  h[0][p[0]]++;
  h[1][p[1]]++;
  h[2][p[2]]++;
  h[3][p[3]]++;
}

void blurAndCount(const cv::Mat& src, cv::Mat& dst, uint32_t (&h)[4][256]) {
  const int W = src.cols;
  const int H = src.rows;
  // One row of vertical sums a + 2b + c (≤ 1020), with the replicated column on either side.
  std::vector<uint16_t> sums(static_cast<size_t>(W) + 2);
  uint16_t* v = sums.data() + 1;
  for (int y = 0; y < H; ++y) {
    const uint8_t* a = src.ptr<uint8_t>(y > 0 ? y - 1 : 0);
    const uint8_t* b = src.ptr<uint8_t>(y);
    const uint8_t* c = src.ptr<uint8_t>(y + 1 < H ? y + 1 : H - 1);
    uint8_t* out = dst.ptr<uint8_t>(y);
    int x = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    for (; x + 16 <= W; x += 16) {
      const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + x));
      const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + x));
      const __m128i vc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c + x));
      const __m128i lo = _mm_add_epi16(_mm_add_epi16(_mm_unpacklo_epi8(va, zero), _mm_unpacklo_epi8(vc, zero)), _mm_slli_epi16(_mm_unpacklo_epi8(vb, zero), 1));
      const __m128i hi = _mm_add_epi16(_mm_add_epi16(_mm_unpackhi_epi8(va, zero), _mm_unpackhi_epi8(vc, zero)), _mm_slli_epi16(_mm_unpackhi_epi8(vb, zero), 1));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(v + x), lo);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(v + x + 8), hi);
    }
#endif
    for (; x < W; ++x) v[x] = static_cast<uint16_t>(a[x] + 2 * b[x] + c[x]);
    v[-1] = v[0];
    v[W] = v[W - 1];

    x = 0;
#if defined(__SSE2__)
    const __m128i eight = _mm_set1_epi16(8);
    auto half = [&](int at) {
      const __m128i l = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v + at - 1));
      const __m128i m = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v + at));
      const __m128i r = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v + at + 1));
      return _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(_mm_add_epi16(l, r), _mm_slli_epi16(m, 1)), eight), 4);
    };
    for (; x + 16 <= W; x += 16) {
      const __m128i blurred = _mm_packus_epi16(half(x), half(x + 8));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x), blurred);
      // A flat background blurs to 16 equal pixels: one addition instead of
      // sixteen on the same counter, which would wait on each other.
      if (_mm_movemask_epi8(_mm_cmpeq_epi8(blurred, _mm_set1_epi8(static_cast<char>(out[x])))) == 0xFFFF) {
        h[0][out[x]] += 16;
      } else {
        for (int k = 0; k < 16; k += 4) countFour(out + x + k, h);
      }
    }
#endif
    for (; x < W; ++x) {
      out[x] = static_cast<uint8_t>((v[x - 1] + 2 * v[x] + v[x + 1] + 8) >> 4);
      h[0][out[x]]++;
    }
  }
}

template <typename T>
T* typedData(v8::Local<v8::TypedArray> a) {
  return reinterpret_cast<T*>(static_cast<char*>(a->Buffer()->Data()) + a->ByteOffset());
}

NAN_METHOD(Gaussian3Histogram) {
  cv::Mat* src = info.Length() == 3 ? matArg(info[0]) : nullptr;
  cv::Mat* dst = info.Length() == 3 ? matArg(info[1]) : nullptr;
  if (!src || !dst || src->size() != dst->size() || src->empty() || !info[2]->IsFloat64Array() || info[2].As<v8::Float64Array>()->Length() != 256) {
    return Nan::ThrowTypeError("gaussian3Histogram(src, dst, out): expected two 8-bit one-channel Mats of one size and a Float64Array(256)");
  }
  if (src->data == dst->data) return Nan::ThrowTypeError("gaussian3Histogram: dst must not be src");
  if (src->isSubmatrix()) return info.GetReturnValue().Set(false);
  uint32_t h[4][256] = {{0}};
  blurAndCount(*src, *dst, h);
  double* out = typedData<double>(info[2].As<v8::Float64Array>());
  for (int k = 0; k < 256; ++k) out[k] = static_cast<double>(h[0][k]) + h[1][k] + h[2][k] + h[3][k];
  info.GetReturnValue().Set(true);
}

}  // namespace

void InitBlurHistogram(v8::Local<v8::Object> target) { Nan::SetMethod(target, "gaussian3Histogram", Gaussian3Histogram); }
