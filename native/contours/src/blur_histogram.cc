// The default recipe's first two steps in one pass over the frame: the 3×3
// Gaussian (kernel 3, σ from the kernel, BORDER_REPLICATE) and the 256-bin
// histogram of its output that Otsu needs, for src-engine/vision/blur-histogram.ts.
//
//   gaussian3Histogram(src, dst, out Float64Array(256)) → the sum of src's pixels, or -1 when src is a view
//     src, dst: 8-bit one-channel Mats of one size (dst is written, src only read)
//   The sum gives the frame's mean as cv::mean computes it, sum · (1 / pixel count),
//   so the mean needs no pass of its own either.
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
#if defined(__x86_64__)
#include <immintrin.h>
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

#if defined(__x86_64__)
// The same two passes 32 and 16 pixels at a time where the CPU has AVX2 (checked
// at run time; the addon itself is built for baseline x86-64). Integer
// arithmetic, so the same pixels, sums and counts as the SSE2 loops.
__attribute__((target("avx2"))) int verticalAvx2(const uint8_t* a, const uint8_t* b, const uint8_t* c, uint16_t* v, int W, uint64_t& pixelSum) {
  int x = 0;
  __m256i rowSum = _mm256_setzero_si256();
  for (; x + 16 <= W; x += 16) {
    const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + x));
    const __m256i wa = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + x)));
    const __m256i wb = _mm256_cvtepu8_epi16(vb);
    const __m256i wc = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(c + x)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(v + x), _mm256_add_epi16(_mm256_add_epi16(wa, wc), _mm256_slli_epi16(wb, 1)));
    rowSum = _mm256_add_epi64(rowSum, _mm256_cvtepu32_epi64(_mm_sad_epu8(vb, _mm_setzero_si128())));
  }
  alignas(32) uint64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), rowSum);
  pixelSum += lanes[0] + lanes[1] + lanes[2] + lanes[3];
  return x;
}

__attribute__((target("avx2"))) int horizontalAvx2(const uint16_t* v, uint8_t* out, int W, uint32_t (&h)[4][256]) {
  int x = 0;
  const __m256i eight = _mm256_set1_epi16(8);
  for (; x + 16 <= W; x += 16) {
    const __m256i l = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(v + x - 1));
    const __m256i m = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(v + x));
    const __m256i r = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(v + x + 1));
    const __m256i sum = _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(_mm256_add_epi16(l, r), _mm256_slli_epi16(m, 1)), eight), 4);
    const __m128i blurred = _mm_packus_epi16(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x), blurred);
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(blurred, _mm_set1_epi8(static_cast<char>(out[x])))) == 0xFFFF) {
      h[0][out[x]] += 16;
    } else {
      for (int k = 0; k < 16; k += 4) countFour(out + x + k, h);
    }
  }
  return x;
}

// __builtin_cpu_init first: this initialiser runs as a constructor of the
// addon, and GCC only guarantees the feature table once that has run.
const bool HAS_AVX2 = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
}();
#endif

uint64_t blurAndCount(const cv::Mat& src, cv::Mat& dst, uint32_t (&h)[4][256]) {
  const int W = src.cols;
  const int H = src.rows;
  // One row of vertical sums a + 2b + c (≤ 1020), with the replicated column on either side.
  std::vector<uint16_t> sums(static_cast<size_t>(W) + 2);
  uint16_t* v = sums.data() + 1;
  uint64_t pixelSum = 0;
  for (int y = 0; y < H; ++y) {
    const uint8_t* a = src.ptr<uint8_t>(y > 0 ? y - 1 : 0);
    const uint8_t* b = src.ptr<uint8_t>(y);
    const uint8_t* c = src.ptr<uint8_t>(y + 1 < H ? y + 1 : H - 1);
    uint8_t* out = dst.ptr<uint8_t>(y);
    int x = 0;
#if defined(__x86_64__)
    if (HAS_AVX2) x = verticalAvx2(a, b, c, v, W, pixelSum);
#endif
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    __m128i rowSum = zero;
    for (; x + 16 <= W; x += 16) {
      const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + x));
      const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + x));
      const __m128i vc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c + x));
      const __m128i lo = _mm_add_epi16(_mm_add_epi16(_mm_unpacklo_epi8(va, zero), _mm_unpacklo_epi8(vc, zero)), _mm_slli_epi16(_mm_unpacklo_epi8(vb, zero), 1));
      const __m128i hi = _mm_add_epi16(_mm_add_epi16(_mm_unpackhi_epi8(va, zero), _mm_unpackhi_epi8(vc, zero)), _mm_slli_epi16(_mm_unpackhi_epi8(vb, zero), 1));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(v + x), lo);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(v + x + 8), hi);
      rowSum = _mm_add_epi64(rowSum, _mm_sad_epu8(vb, zero));
    }
    pixelSum += static_cast<uint64_t>(_mm_cvtsi128_si64(rowSum)) + static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(rowSum, rowSum)));
#endif
    for (; x < W; ++x) {
      v[x] = static_cast<uint16_t>(a[x] + 2 * b[x] + c[x]);
      pixelSum += b[x];
    }
    v[-1] = v[0];
    v[W] = v[W - 1];

    x = 0;
#if defined(__x86_64__)
    if (HAS_AVX2) x = horizontalAvx2(v, out, W, h);
#endif
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
  return pixelSum;
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
  if (src->isSubmatrix()) return info.GetReturnValue().Set(-1.0);
  uint32_t h[4][256] = {{0}};
  const uint64_t pixelSum = blurAndCount(*src, *dst, h);
  double* out = typedData<double>(info[2].As<v8::Float64Array>());
  for (int k = 0; k < 256; ++k) out[k] = static_cast<double>(h[0][k]) + h[1][k] + h[2][k] + h[3][k];
  info.GetReturnValue().Set(static_cast<double>(pixelSum));
}

}  // namespace

void InitBlurHistogram(v8::Local<v8::Object> target) { Nan::SetMethod(target, "gaussian3Histogram", Gaussian3Histogram); }
