// Labelling: the image classes a labeller picks from, the operator's name (kept
// in localStorage, required before the first label and sent as `author`), and
// every label and outline change with undo / redo. A change always names the
// revision it replaces; when someone else changed the target meanwhile the
// store refuses it ('conflict') and this store says so until the record is reloaded.
import { defineStore } from 'pinia';
import { markRaw, ref } from 'vue';
import type { HistoryFrame } from '../../src-shared/history-methods.js';
import type { Point } from '../../src-shared/inspection.js';
import type { LoupeError } from '../../src-shared/result.js';
import { useLoupeClient } from '../client/client-key.js';
import { callEngine } from './request.js';
import { useErrorsStore } from './errors.js';
import { useReviewStore } from './review.js';
import { EditStack, inverse, targetKey, type LabelEdit } from '../lib/label-edits.js';

export const AUTHOR_STORAGE_KEY = 'loupe.review.author';

function readAuthor(): string {
  try {
    return globalThis.localStorage?.getItem(AUTHOR_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export const useLabelsStore = defineStore('labels', () => {
  const client = useLoupeClient();
  const errors = useErrorsStore();

  const classes = ref<string[]>([]);
  const author = ref(readAuthor());
  /** Set when a change was refused because nothing may be labelled without a name. */
  const authorMissing = ref(false);
  /** A change refused as stale: what the store said, and which frame to reload. */
  const stale = ref<{ frameId: number; message: string } | null>(null);
  const saving = ref(false);
  const stack = markRaw(new EditStack());
  /** Bumped when the undo stack moved (canUndo / canRedo are read through it). */
  const stackRevision = ref(0);
  const canUndo = ref(false);
  const canRedo = ref(false);
  /** The object of the open record that number keys and outline edits act on (null: the image). */
  const selectedObjectId = ref<number | null>(null);
  /** 'vertices': drag, add and delete vertices of the selected outline; 'redraw': draw it anew. */
  const editMode = ref<'none' | 'vertices' | 'redraw'>('none');
  /** The current revision of each label and outline target, as last reported by the history. */
  const revisions = new Map<string, number | null>();

  function syncStack(): void {
    canUndo.value = stack.canUndo;
    canRedo.value = stack.canRedo;
    stackRevision.value++;
  }

  function setAuthor(name: string): void {
    author.value = name.trim();
    if (author.value) authorMissing.value = false;
    try {
      globalThis.localStorage?.setItem(AUTHOR_STORAGE_KEY, author.value);
    } catch {
      // A browser without storage still labels; the name is asked again next session.
    }
  }

  /** Remembers the revisions a freshly read frame reports (what the next change to each must replace). */
  function learn(frame: HistoryFrame): void {
    revisions.set(targetKey('label', frame.row.frameId, null), frame.row.labelRevision);
    for (const o of frame.objects) {
      revisions.set(targetKey('label', frame.row.frameId, o.objectId), o.labelRevision);
      revisions.set(targetKey('outline', frame.row.frameId, o.objectId), o.outlineRevision);
    }
  }

  async function loadClasses(): Promise<void> {
    const answer = await callEngine(client, 'labels.classes', {});
    if (answer) classes.value = answer.classes;
  }

  async function saveClasses(next: string[]): Promise<boolean> {
    const answer = await callEngine(client, 'labels.setClasses', { classes: next });
    if (answer) classes.value = answer.classes;
    return answer !== null;
  }

  function refuse(error: LoupeError, frameId: number, origin: string): void {
    if (error.code === 'conflict') stale.value = { frameId, message: error.message };
    else errors.report(origin, error);
  }

  /** Sends one edit's `after` value, naming the current revision; true when the history took it. */
  async function send(edit: LabelEdit): Promise<boolean> {
    if (!author.value) {
      authorMissing.value = true;
      return false;
    }
    if (stale.value) return false;
    const key = targetKey(edit.kind, edit.frameId, edit.objectId);
    const replaces = revisions.get(key) ?? null;
    saving.value = true;
    try {
      const origin = edit.kind === 'label' ? 'labels.set' : 'labels.outline';
      let result;
      try {
        result =
          edit.kind === 'label'
            ? await client.request('labels.set', {
                frameId: edit.frameId,
                ...(edit.objectId !== null ? { objectId: edit.objectId } : {}),
                value: edit.after,
                author: author.value,
                replaces,
              })
            : await client.request('labels.outline', { frameId: edit.frameId, objectId: edit.objectId, outline: edit.after, author: author.value, replaces });
      } catch (err) {
        errors.report(origin, { code: 'internal', message: err instanceof Error ? err.message : String(err) });
        return false;
      }
      if (!result.ok) {
        refuse(result.error, edit.frameId, origin);
        return false;
      }
      revisions.set(key, result.value.revision);
    } finally {
      saving.value = false;
    }
    const fresh = await useReviewStore().refreshFrame(edit.frameId);
    if (fresh) learn(fresh);
    return true;
  }

  async function record(edit: LabelEdit): Promise<boolean> {
    if (!(await send(edit))) return false;
    stack.push(edit);
    syncStack();
    return true;
  }

  const setLabel = (frameId: number, objectId: number | null, before: string | null, after: string | null) =>
    before === after ? Promise.resolve(true) : record({ kind: 'label', frameId, objectId, before, after });

  const setOutline = (frameId: number, objectId: number, before: Point[], after: Point[]) => record({ kind: 'outline', frameId, objectId, before, after });

  /** Restores the value before the last change, as a new revision (the history keeps both). */
  async function undo(): Promise<boolean> {
    const edit = stack.peekUndo();
    if (!edit || !(await send(inverse(edit)))) return false;
    stack.commitUndo();
    syncStack();
    return true;
  }

  async function redo(): Promise<boolean> {
    const edit = stack.peekRedo();
    if (!edit || !(await send(edit))) return false;
    stack.commitRedo();
    syncStack();
    return true;
  }

  /** After a stale refusal: reads the frame again (its current labels and revisions) and lets edits through. */
  async function reloadStale(): Promise<void> {
    const target = stale.value;
    if (!target) return;
    const fresh = await useReviewStore().refreshFrame(target.frameId);
    if (!fresh) return;
    learn(fresh);
    stale.value = null;
  }

  function selectObject(objectId: number | null): void {
    selectedObjectId.value = objectId;
    if (objectId === null) editMode.value = 'none';
  }

  return {
    selectedObjectId,
    editMode,
    selectObject,
    classes,
    author,
    authorMissing,
    stale,
    saving,
    canUndo,
    canRedo,
    stackRevision,
    setAuthor,
    learn,
    loadClasses,
    saveClasses,
    setLabel,
    setOutline,
    undo,
    redo,
    reloadStale,
  };
});
