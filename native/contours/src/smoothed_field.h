// The field the sub-pixel iso-line walker traces (subpixel-outline.ts): the
// window's segmentation gray ×256, smoothed by OpenCV's 16-bit Gaussian
// (7×7, σ = 1, BORDER_REPLICATE at the window's edges), exactly as
// object-geometry.ts readWindow gets it from
//   gray.convertTo(CV_16U, 256) → GaussianBlur(Size(7, 7), 1, 1, BORDER_REPLICATE)
// but computed only at the samples the walker reads, on first use.
//
// Why: the walker reads a band of a few pixels along the outline, about a
// tenth of the window, while convertTo and GaussianBlur of the whole window
// (plus OpenCV building its kernels from scratch on every call) were about a
// third of the per-object time.
//
// Why it is bit-identical: for 16-bit input OpenCV runs its bit-exact
// fixed-point Gaussian (smooth.dispatch.cpp GaussianBlurFixedPoint): kernel
// taps with 16 fraction bits (getGaussianKernelFixedPoint_ED), a row pass
// into 32-bit sums, a column pass into 64-bit sums, rounded half up at the end.
// With values ≤ 255·256 and taps summing to 2^16 no sum ever saturates, so the
// result is the exact integer (Σ_j k_j Σ_i k_i v·256 + 2^31) >> 32 whatever
// order OpenCV adds in, which is what this computes. Checked against
// cv::GaussianBlur on every pixel of random windows from 1×1 to 200×200 and
// by tests/src-engine/vision/smoothed-field.test.ts.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loupe {

class SmoothedField {
 public:
  SmoothedField();
  /** Starts a new window: `gray` is width × height 8-bit samples, rows contiguous; it must outlive the reads. */
  void reset(const uint8_t* gray, int width, int height);
  /** The smoothed sample at (x, y), 0 ≤ x < width, 0 ≤ y < height. */
  uint16_t at(int x, int y) {
    const size_t i = static_cast<size_t>(y) * width_ + x;
    const uint64_t e = values_[i];
    if ((e >> 32) == generation_) return static_cast<uint16_t>(e);
    return compute(x, y, i);
  }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  uint16_t compute(int x, int y, size_t i);
  uint32_t rowSum(int x, int y);
#if defined(__SSE2__)
  uint64_t interiorSum(int x, int y) const;
  __m128i tapPairs_[4];
  __m128i columnTaps_[4];
#endif

  uint32_t k_[7];  // OpenCV's fixed-point taps (16 fraction bits), copied here so reads need no guard
  const uint8_t* gray_ = nullptr;
  int width_ = 0, height_ = 0;
  // Memo entries: generation in the high 32 bits, value in the low ones, so
  // a new window invalidates every entry by bumping the generation, not by clearing.
  uint32_t generation_ = 0;
  std::vector<uint64_t> values_;  // smoothed samples
  std::vector<uint64_t> rows_;    // row pass: Σ_i k_i·gray (the ×256 is applied at the end)
};

}  // namespace loupe
