// Every key of the Review view, in one table: the view binds these and the `?`
// overlay lists them, so the help can never drift from what the keys do.
export interface ReviewShortcut {
  keys: string;
  does: string;
}

export const REVIEW_SHORTCUTS: readonly ReviewShortcut[] = [
  { keys: '→ / K', does: 'Next record' },
  { keys: '← / J', does: 'Previous record' },
  { keys: '1 … 9', does: 'Label with class 1 … 9 (the selected object, or the image)' },
  { keys: '0', does: 'Clear the label (the selected object, or the image)' },
  { keys: 'O', does: 'Select the next object (after the last one: the image again)' },
  { keys: 'E', does: 'Edit the selected object’s outline: drag a vertex, double-click an edge to add one' },
  { keys: 'Delete / Backspace', does: 'Delete the chosen vertex (click a vertex to choose it)' },
  { keys: 'D', does: 'Redraw the selected object’s outline (drag around it)' },
  { keys: 'Ctrl+Z', does: 'Undo the last label or outline change' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', does: 'Redo' },
  { keys: 'F', does: 'Fit the picture' },
  { keys: 'X', does: 'Picture at 1:1' },
  { keys: '+ / −', does: 'Zoom in / out (or the mouse wheel; drag to pan)' },
  { keys: 'G', does: 'Switch between gallery and table' },
  { keys: 'Escape', does: 'Leave editing, deselect the object, close the record' },
  { keys: '?', does: 'Show or hide this list' },
  { keys: 'F1 / F2 / F3', does: 'Live / Training / Review screens' },
];

/** Undo / redo keys (with Ctrl or ⌘, which the plain shortcut map ignores). */
export function undoRedoFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}
