// Names, units and meanings of every metric Loupe measures. The renderer, the
// CLI's CSV header and the recipe schema all read this one table, so a metric
// cannot be shown with one unit and checked with another.

export type Unit = 'px' | 'px²' | 'mm' | 'mm²' | '' | 'gray' | 'ms' | 'count';

export interface MetricInfo {
  label: string;
  /** Unit in pixels; `scales` says how it converts once a calibration (mm per pixel) is set. */
  unit: Unit;
  scales: 'length' | 'area' | 'none';
  description: string;
}

export const OBJECT_METRICS = {
  area: { label: 'Area', unit: 'px²', scales: 'area', description: 'Area enclosed by the sub-pixel outline, holes subtracted' },
  areaPixels: { label: 'Pixel count', unit: 'px²', scales: 'area', description: 'Foreground pixels inside the object, holes excluded' },
  perimeter: { label: 'Perimeter', unit: 'px', scales: 'length', description: 'Length of the sub-pixel outer outline' },
  circularity: { label: 'Circularity', unit: '', scales: 'none', description: '4πA/P² of the sub-pixel outer outline (1 for a circle)' },
  circularityCv: { label: 'Circularity (OpenCV)', unit: '', scales: 'none', description: '4π·contourArea/arcLength² of the pixel contour (≈0.89 for a disc)' },
  convexity: { label: 'Convexity', unit: '', scales: 'none', description: 'Convex hull perimeter / perimeter' },
  solidity: { label: 'Solidity', unit: '', scales: 'none', description: 'Area / convex hull area' },
  aspectRatio: { label: 'Aspect ratio', unit: '', scales: 'none', description: 'Long side / short side of the minimum-area rectangle' },
  equivalentDiameter: { label: 'Equivalent diameter', unit: 'px', scales: 'length', description: 'Diameter of the circle with the same area' },
  meanIntensity: { label: 'Mean intensity', unit: 'gray', scales: 'none', description: 'Mean gray level inside the object' },
  holes: { label: 'Holes', unit: 'count', scales: 'none', description: 'Number of holes inside the object' },
} as const satisfies Record<string, MetricInfo>;

export const FRAME_METRICS = {
  meanIntensity: { label: 'Mean intensity', unit: 'gray', scales: 'none', description: 'Mean gray level of the region of interest' },
  pixelsAboveThreshold: { label: 'Pixels above threshold', unit: 'count', scales: 'none', description: 'Foreground pixels after thresholding' },
  objectCount: { label: 'Objects', unit: 'count', scales: 'none', description: 'Objects found' },
  processingMs: { label: 'Processing time', unit: 'ms', scales: 'none', description: 'Time the pipeline took on this frame' },
} as const satisfies Record<string, MetricInfo>;

export type ObjectMetricName = keyof typeof OBJECT_METRICS;
export type FrameMetricName = keyof typeof FRAME_METRICS;
export const OBJECT_METRIC_NAMES = Object.keys(OBJECT_METRICS) as ObjectMetricName[];
export const FRAME_METRIC_NAMES = Object.keys(FRAME_METRICS) as FrameMetricName[];

/** Unit of a metric once a calibration is (or is not) set. */
export function unitFor(info: MetricInfo, calibrated: boolean): Unit {
  if (!calibrated) return info.unit;
  if (info.scales === 'length') return 'mm';
  if (info.scales === 'area') return 'mm²';
  return info.unit;
}

/** Converts a pixel-unit value to calibrated units (mm, mm²); dimensionless values pass through. */
export function toCalibrated(info: MetricInfo, value: number, mmPerPixel: number | null): number {
  if (mmPerPixel === null) return value;
  if (info.scales === 'length') return value * mmPerPixel;
  if (info.scales === 'area') return value * mmPerPixel * mmPerPixel;
  return value;
}
