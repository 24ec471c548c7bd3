// See smoothed_field.h.
#include "smoothed_field.h"

#include <opencv2/imgproc.hpp>
#include <algorithm>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loupe {
namespace {

constexpr int TAPS = 7;
constexpr int REACH = TAPS / 2;
constexpr double SIGMA = 1;
constexpr int FRACTION_BITS = 16;

struct Kernel {
  uint32_t k[TAPS];
};

// OpenCV's getGaussianKernelFixedPoint_ED (smooth.dispatch.cpp) on the kernel
// getGaussianKernel returns (its bit-exact softdouble kernel, exactly
// representable as double): taps rounded to 16 fraction bits with the rounding
// error carried to the next tap, the centre tap making the sum exactly 2^16.
// softdouble arithmetic is IEEE double arithmetic, and cvRound rounds half to
// even either way, so the taps are OpenCV's own (291 3539 15862 26152 …).
Kernel fixedPointKernel() {
  const cv::Mat k = cv::getGaussianKernel(TAPS, SIGMA, CV_64F);
  const double one = static_cast<double>(int64_t{1} << FRACTION_BITS);
  Kernel out{};
  double err = 0;
  int64_t sum = 0;
  for (int i = 0; i < REACH; ++i) {
    const double adjusted = k.at<double>(i) * one + err;
    const int64_t v = cvRound(adjusted);
    err = adjusted - static_cast<double>(v);
    out.k[i] = out.k[TAPS - 1 - i] = static_cast<uint32_t>(v);
    sum += v;
  }
  out.k[REACH] = static_cast<uint32_t>((int64_t{1} << FRACTION_BITS) - 2 * sum);
  return out;
}


inline int clampTo(int v, int n) { return v < 0 ? 0 : v >= n ? n - 1 : v; }

}  // namespace

SmoothedField::SmoothedField() {
  const Kernel k = fixedPointKernel();
  std::copy(k.k, k.k + TAPS, k_);
#if defined(__SSE2__)
  // Row taps in pairs for pmaddwd (rows 0+1, 2+3, 4+5, 6 with an empty row), column taps in the
  // even 32-bit lanes _mm_mul_epu32 reads: columns 0 and 2, 1 and 3, 4 and 6, 5 and 7 (none).
  auto pair = [](uint32_t a, uint32_t b) { return _mm_set1_epi32(static_cast<int>(a | (b << 16))); };
  tapPairs_[0] = pair(k_[0], k_[1]);
  tapPairs_[1] = pair(k_[2], k_[3]);
  tapPairs_[2] = pair(k_[4], k_[5]);
  tapPairs_[3] = pair(k_[6], 0);
  auto lanes = [](uint32_t a, uint32_t b) { return _mm_set_epi32(0, static_cast<int>(b), 0, static_cast<int>(a)); };
  columnTaps_[0] = lanes(k_[0], k_[2]);
  columnTaps_[1] = lanes(k_[1], k_[3]);
  columnTaps_[2] = lanes(k_[4], k_[6]);
  columnTaps_[3] = lanes(k_[5], 0);
#endif
}

void SmoothedField::reset(const uint8_t* gray, int width, int height) {
  gray_ = gray;
  width_ = width;
  height_ = height;
  const size_t n = static_cast<size_t>(width) * height;
  if (values_.size() < n) {
    values_.resize(n, 0);
    rows_.resize(n, 0);
  }
  if (++generation_ == 0) {
    // After 2^32 windows: forget every entry once rather than mistake an old one for new.
    std::fill(values_.begin(), values_.end(), 0);
    std::fill(rows_.begin(), rows_.end(), 0);
    generation_ = 1;
  }
}

uint32_t SmoothedField::rowSum(int x, int y) {
  const size_t i = static_cast<size_t>(y) * width_ + x;
  const uint64_t e = rows_[i];
  if ((e >> 32) == generation_) return static_cast<uint32_t>(e);
  const uint32_t* k = k_;
  const uint8_t* row = gray_ + static_cast<size_t>(y) * width_;
  uint32_t s;
  if (x >= REACH && x + REACH < width_) {
    const uint8_t* p = row + x - REACH;
    s = k[0] * (uint32_t{p[0]} + p[6]) + k[1] * (uint32_t{p[1]} + p[5]) + k[2] * (uint32_t{p[2]} + p[4]) + k[3] * uint32_t{p[3]};
  } else {
    s = 0;
    for (int t = 0; t < TAPS; ++t) s += k[t] * uint32_t{row[clampTo(x + t - REACH, width_)]};
  }
  rows_[i] = (uint64_t{generation_} << 32) | s;
  return s;
}

#if defined(__SSE2__)
// Σ_j k_j Σ_i k_i·gray(x + i − 3, y + j − 3) over the 7×7 block around (x, y),
// all of it inside the window (and one byte more on the right, read with
// weight 0). Column sums first, two rows per pmaddwd (taps < 2^15 and pixels
// < 2^8 fit its signed 16-bit lanes, a column sum < 2^24 its 32-bit ones), then
// the row of column sums with 32 × 32 → 64-bit products. Exact integers, so the
// same sum as the row-by-row scalar path in any order.
uint64_t SmoothedField::interiorSum(int x, int y) const {
  const uint8_t* p = gray_ + static_cast<size_t>(y - REACH) * width_ + (x - REACH);
  const __m128i zero = _mm_setzero_si128();
  auto row = [&](int j) { return _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + static_cast<size_t>(j) * width_)), zero); };
  const __m128i r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5), r6 = row(6);
  const __m128i lo = _mm_add_epi32(_mm_add_epi32(_mm_madd_epi16(_mm_unpacklo_epi16(r0, r1), tapPairs_[0]), _mm_madd_epi16(_mm_unpacklo_epi16(r2, r3), tapPairs_[1])),
                                   _mm_add_epi32(_mm_madd_epi16(_mm_unpacklo_epi16(r4, r5), tapPairs_[2]), _mm_madd_epi16(_mm_unpacklo_epi16(r6, zero), tapPairs_[3])));
  const __m128i hi = _mm_add_epi32(_mm_add_epi32(_mm_madd_epi16(_mm_unpackhi_epi16(r0, r1), tapPairs_[0]), _mm_madd_epi16(_mm_unpackhi_epi16(r2, r3), tapPairs_[1])),
                                   _mm_add_epi32(_mm_madd_epi16(_mm_unpackhi_epi16(r4, r5), tapPairs_[2]), _mm_madd_epi16(_mm_unpackhi_epi16(r6, zero), tapPairs_[3])));
  // lo holds the column sums of columns 0–3, hi of 4–7 (column 7 has tap 0).
  const __m128i sum = _mm_add_epi64(_mm_add_epi64(_mm_mul_epu32(lo, columnTaps_[0]), _mm_mul_epu32(_mm_srli_epi64(lo, 32), columnTaps_[1])),
                                    _mm_add_epi64(_mm_mul_epu32(hi, columnTaps_[2]), _mm_mul_epu32(_mm_srli_epi64(hi, 32), columnTaps_[3])));
  return static_cast<uint64_t>(_mm_cvtsi128_si64(sum)) + static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sum, sum)));
}
#endif

uint16_t SmoothedField::compute(int x, int y, size_t i) {
  const uint32_t* k = k_;
  uint64_t acc = 0;
#if defined(__SSE2__)
  if (x >= REACH && x + REACH + 1 < width_ && y >= REACH && y + REACH < height_) acc = interiorSum(x, y);
  else
#endif
    for (int t = 0; t < TAPS; ++t) acc += uint64_t{k[t]} * rowSum(x, clampTo(y + t - REACH, height_));
  // OpenCV: (Σ k·(256·rowSum) + 2^31) >> 32, the same integer as this.
  const uint16_t v = static_cast<uint16_t>((acc + (uint64_t{1} << 23)) >> 24);
  values_[i] = (uint64_t{generation_} << 32) | v;
  return v;
}

}  // namespace loupe
