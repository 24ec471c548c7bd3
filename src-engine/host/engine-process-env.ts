// Environment for processes that run the engine (forked child, Electron utility
// process, benchmark workers).
//
// glibc serves allocations above 128 KB — every frame-sized Mat — with a fresh
// mmap and returns them with munmap, and trims freed heap back to the OS. The
// engine allocates and frees several frame-sized Mats per frame, so each frame
// then pays page faults on brand-new memory. Where page faults are expensive (VMs
// that hand freed pages back to the host, as on our build machines) a 1.3 MB
// threshold output was measured at 3.5–4 ms instead of 0.04 ms, at random moments
// after a garbage collection. Raising both thresholds keeps frame buffers in the
// heap, where the next frame reuses them. glibc reads these only at process start,
// so they must be set by whoever starts the process; other C libraries ignore them.
export const ENGINE_MALLOC_ENV: Readonly<Record<string, string>> = {
  /** Allocations up to 64 MiB (a 4K BGR frame is 25 MB) come from the heap, not mmap. */
  MALLOC_MMAP_THRESHOLD_: String(64 * 1024 * 1024),
  /** Keep up to 256 MiB of freed heap for reuse instead of returning it to the OS. */
  MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024),
};
