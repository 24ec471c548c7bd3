// See smoothed_field.h.
#include "smoothed_field.h"

#include <opencv2/imgproc.hpp>
#include <algorithm>

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

uint16_t SmoothedField::compute(int x, int y, size_t i) {
  const uint32_t* k = k_;
  uint64_t acc = 0;
  for (int t = 0; t < TAPS; ++t) acc += uint64_t{k[t]} * rowSum(x, clampTo(y + t - REACH, height_));
  // OpenCV: (Σ k·(256·rowSum) + 2^31) >> 32, the same integer as this.
  const uint16_t v = static_cast<uint16_t>((acc + (uint64_t{1} << 23)) >> 24);
  values_[i] = (uint64_t{generation_} << 32) | v;
  return v;
}

}  // namespace loupe
