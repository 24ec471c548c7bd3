// The content size of an element, kept current by a ResizeObserver: the preview
// pane re-fits its image and asks the engine for a matching preview size on resize.
import { onMounted, onUnmounted, shallowRef, type Ref } from 'vue';
import type { Size } from '../lib/overlay-geometry.js';

export function useElementSize(target: Ref<HTMLElement | null>): Ref<Size> {
  const size = shallowRef<Size>({ width: 0, height: 0 });
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    const el = target.value;
    if (!el) return;
    const read = () => {
      const width = el.clientWidth;
      const height = el.clientHeight;
      if (width !== size.value.width || height !== size.value.height) size.value = { width, height };
    };
    read();
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(read);
      observer.observe(el);
    }
  });
  onUnmounted(() => observer?.disconnect());
  return size;
}
