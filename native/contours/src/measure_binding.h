// The addon's other groups of calls (measure_binding.cc, blur_histogram.cc), registered by the module init in find_contours_flat.cc.
#pragma once
#include <nan.h>

void InitMeasure(v8::Local<v8::Object> target);
void InitBlurHistogram(v8::Local<v8::Object> target);
