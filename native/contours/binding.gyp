# Loupe's native helper: contours of an opencv4nodejs Mat as flat typed arrays
# in a single call (see src/find_contours_flat.cc for why), and the per-object
# measurement and Otsu histogram (src/measure_binding.cc), and the default
# recipe's 3×3 Gaussian with its histogram in one pass (src/blur_histogram.cc). -ffp-contract=off
# keeps a*b+c as two roundings, as in JS, so the numbers match the JS path. Built by
# scripts/setup.sh against Debian's OpenCV, like @u4/opencv4nodejs itself.
# -fvisibility=hidden: only the module's entry point is exported, so calls
# between its own files (SmoothedField's, per sample) need no PLT indirection.
{
  "targets": [{
    "target_name": "loupe_contours",
    "sources": ["src/find_contours_flat.cc", "src/measure_binding.cc", "src/object_geometry.cc", "src/smoothed_field.cc", "src/blur_histogram.cc"],
    "include_dirs": [
      "<!(node -e \"require('nan')\")",
      "../../node_modules/@u4/opencv4nodejs/cc",
      "../../node_modules/@u4/opencv4nodejs/cc/core",
      "../../node_modules/@u4/opencv4nodejs/cc/native-node-utils",
      "<!@(pkg-config --variable=includedir opencv4)",
    ],
    "libraries": ["-lopencv_core", "-lopencv_imgproc"],
    "cflags_cc": ["-std=c++17", "-O2", "-ffp-contract=off", "-fvisibility=hidden", "-Wno-cast-function-type"],
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
  }]
}
