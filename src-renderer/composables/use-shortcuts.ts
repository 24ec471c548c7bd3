// Keyboard shortcuts for the operator screen. Keys typed into a form field
// belong to the field: Space in a recipe name must not stop the line.
import { onMounted, onUnmounted } from 'vue';

export type ShortcutMap = Partial<Record<string, () => void>>;

const EDITABLE = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** Normalised key name ("Space", "r", "Escape"), or null when the event is not ours to handle. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target' | 'repeat'>): string | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return null;
  const target = event.target as (HTMLElement & { isContentEditable?: boolean }) | null;
  if (target && typeof target.tagName === 'string') {
    // Escape still works inside fields, so a half-typed edit can be abandoned.
    if ((EDITABLE.has(target.tagName) || target.isContentEditable) && event.key !== 'Escape') return null;
    // Space on a focused button would also "click" it: the button handles that itself.
    if (target.tagName === 'BUTTON' && event.key === ' ') return null;
  }
  if (event.key === ' ' || event.key === 'Spacebar') return 'Space';
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

export function useShortcuts(map: ShortcutMap): void {
  const onKey = (event: KeyboardEvent) => {
    const key = shortcutFor(event);
    const action = key ? map[key] : undefined;
    if (!action) return;
    event.preventDefault();
    action();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onUnmounted(() => window.removeEventListener('keydown', onKey));
}
