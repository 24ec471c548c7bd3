// The per-object measurement of src-engine/vision (object-geometry.ts is the
// reference implementation in JS), in C++: the window around one object, the
// flood fill and edge levels (object-pixels.ts, edge-level.ts), the sub-pixel
// iso-line trace (subpixel-outline.ts) and the polygon measures (polygon.ts).
//
// It is a line-by-line port, with every floating-point expression written in
// the JS evaluation order (and built with -ffp-contract=off), so the numbers
// match the JS path to the last bits or so; the agreement test in
// tests/src-engine/vision/native-geometry-agreement.test.ts holds both to 1e-9.
#pragma once
#include <opencv2/core.hpp>
#include <cstdint>
#include <vector>

namespace loupe {

/** Inclusive bounds of pixel centres. */
struct Box {
  int minX, minY, maxX, maxY;
};

/** A boundary of OpenCV's contour set: its top-most (then left-most) point and box. */
struct Boundary {
  int seedX, seedY;
  Box box;
};

/** A contour's points as x, y pairs (a view into the caller's array). */
struct ContourView {
  const int32_t* xy;
  size_t points;
};

struct GeometryRequest {
  const cv::Mat* mask;     // ROI mask, 0/255, CV_8UC1
  const cv::Mat* gray;     // unblurred ROI gray, CV_8UC1
  const cv::Mat* segGray;  // segmentation gray (may be gray itself), CV_8UC1
  Box box;                 // the outer contour's box
  int polarity;            // +1 bright parts, -1 dark
  bool hasThreshold;
  double threshold8;
  ContourView outer;
  std::vector<ContourView> holes;
};

/** What object-geometry.ts's objectGeometry returns, in the same units (ROI coordinates). */
struct GeometryResult {
  double count = 0, meanGray = 0;
  bool subpixel = false;
  int holeFallbacks = 0;
  double outerArea = 0, area = 0, perimeter = 0, hullArea = 0, hullPerimeter = 0;
  double rectLong = 0, rectShort = 0, centroidX = 0, centroidY = 0;
  std::vector<double> outline;             // simplified outer polygon (flat x, y)
  std::vector<std::vector<double>> holes;  // simplified hole polygons
};

void measureGeometry(const GeometryRequest& req, GeometryResult& out);

}  // namespace loupe
