// Undo and redo of label and outline edits. An edit remembers the value before
// and after; undoing never rewinds the store: it sends a NEW revision restoring
// the old value (so the history keeps every change), and redo sends the newer
// value again the same way. Which revision each change must name as `replaces`
// is tracked per target, from what the history reported and each answer since.
import type { Point } from '../../src-shared/inspection.js';

export type LabelEdit =
  | { kind: 'label'; frameId: number; objectId: number | null; before: string | null; after: string | null }
  | { kind: 'outline'; frameId: number; objectId: number; before: Point[]; after: Point[] };

export const targetKey = (kind: 'label' | 'outline', frameId: number, objectId: number | null) => `${kind}:${frameId}:${objectId ?? 'frame'}`;

export class EditStack {
  private done: LabelEdit[] = [];
  private undone: LabelEdit[] = [];

  constructor(readonly limit = 200) {}

  /** A new edit: it clears the redo side, as in every editor. */
  push(edit: LabelEdit): void {
    this.done.push(edit);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  peekUndo(): LabelEdit | undefined {
    return this.done[this.done.length - 1];
  }

  peekRedo(): LabelEdit | undefined {
    return this.undone[this.undone.length - 1];
  }

  /** Call once the undo was saved: moves the edit to the redo side. */
  commitUndo(): void {
    const edit = this.done.pop();
    if (edit) this.undone.push(edit);
  }

  commitRedo(): void {
    const edit = this.undone.pop();
    if (edit) this.done.push(edit);
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}

/** The reverse of an edit (what an undo sends). */
export function inverse(edit: LabelEdit): LabelEdit {
  return edit.kind === 'label' ? { ...edit, before: edit.after, after: edit.before } : { ...edit, before: edit.after, after: edit.before };
}
