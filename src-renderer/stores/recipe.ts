// The recipe in force, the recipes this session knows, and the editor's draft
// with its live re-inspection. Editing re-runs `recipe.preview` on the current
// frame (debounced lightly, one request in flight, newest draft wins) and the
// overlay shows that result until the editor closes. Saving (`recipe.save`)
// writes the draft as the next version in the engine's data folder and adopts
// it; the picker offers the built-in recipe and every saved version (`recipe.list`).
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, toRaw, watch } from 'vue';
import { RecipeSchema, describeIssues, type Recipe } from '../../src-shared/recipe.js';
import type { FrameResult } from '../../src-shared/inspection.js';
import { useLoupeClient } from '../client/client-key.js';
import { callEngine } from './request.js';
import { useErrorsStore } from './errors.js';
import { useLiveStore } from './live.js';
import { debounce } from '../lib/debounce.js';
import { LatestOnly } from '../lib/latest-only.js';

/** Merges the events of one slider step or keystroke burst; the one-in-flight queue (LatestOnly) does the rest, so this stays well inside the 100 ms redraw budget. */
export const PREVIEW_DEBOUNCE_MS = 8;

export const recipeKey = (r: Pick<Recipe, 'name' | 'version'>) => `${r.name}@${r.version}`;

export const useRecipeStore = defineStore('recipe', () => {
  const client = useLoupeClient();
  const errors = useErrorsStore();
  const live = useLiveStore();

  const current = shallowRef<Recipe | null>(null);
  const library = shallowRef<readonly Recipe[]>([]);
  const editorOpen = ref(false);
  const draft = ref<Recipe | null>(null);
  const draftIssues = ref<string | null>(null);
  const previewResult = shallowRef<FrameResult | null>(null);
  /** Time from the last edit to its re-inspected result, for the editor's footer. */
  const previewMs = ref<number | null>(null);
  const saving = ref(false);
  let resumeAfterEdit = false;

  const mmPerPixel = computed(() => current.value?.calibration.mmPerPixel ?? null);
  // Stringify the reactive draft (not toRaw): reading through the proxy is what makes this recompute on nested edits.
  const dirty = computed(() => draft.value !== null && current.value !== null && JSON.stringify(draft.value) !== JSON.stringify(current.value));

  function remember(recipe: Recipe): void {
    const key = recipeKey(recipe);
    library.value = [...library.value.filter((r) => recipeKey(r) !== key), markRaw(recipe)].sort((a, b) =>
      a.name === b.name ? b.version - a.version : a.name.localeCompare(b.name),
    );
  }

  async function load(): Promise<void> {
    const [recipe, entries] = await Promise.all([callEngine(client, 'recipe.get', {}), callEngine(client, 'recipe.list', {})]);
    for (const entry of entries ?? []) remember(entry.recipe);
    if (recipe) {
      current.value = markRaw(recipe);
      remember(recipe);
    }
  }

  /** Makes `recipe` the one every following frame is judged by. */
  async function apply(recipe: Recipe): Promise<boolean> {
    const status = await callEngine(client, 'recipe.set', { recipe });
    if (!status) return false;
    live.ingestStatus(status);
    current.value = markRaw(recipe);
    remember(recipe);
    return true;
  }

  /** Parses a recipe file a person picked; a bad file names the field that is wrong. */
  async function applyFromText(text: string, fileName: string): Promise<boolean> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      errors.report('recipe file', { code: 'bad-recipe', message: `not JSON: ${err instanceof Error ? err.message : String(err)}`, subject: fileName });
      return false;
    }
    const parsed = RecipeSchema.safeParse(json);
    if (!parsed.success) {
      errors.report('recipe file', { code: 'bad-recipe', message: describeIssues(parsed.error), subject: fileName });
      return false;
    }
    return apply(parsed.data);
  }

  let editStartedAt = 0;
  const previewer = new LatestOnly(
    (recipe: Recipe) => callEngine(client, 'recipe.preview', { recipe }),
    (value) => {
      previewMs.value = performance.now() - editStartedAt;
      if (editorOpen.value) previewResult.value = value ? markRaw(value) : null;
    },
  );

  const schedulePreview = debounce(() => {
    if (!draft.value) return;
    const parsed = RecipeSchema.safeParse(structuredClone(toRaw(draft.value)));
    if (!parsed.success) {
      draftIssues.value = describeIssues(parsed.error);
      return;
    }
    draftIssues.value = null;
    previewer.submit(parsed.data);
  }, PREVIEW_DEBOUNCE_MS);

  watch(
    draft,
    () => {
      if (!editorOpen.value) return;
      editStartedAt = performance.now();
      schedulePreview();
    },
    { deep: true },
  );

  async function openEditor(): Promise<void> {
    if (editorOpen.value) return;
    if (!current.value) await load();
    if (!current.value) return;
    // A running line replaces the frame every 33 ms; the draft's result would be
    // drawn over a different picture. Pause while editing, resume on close.
    resumeAfterEdit = live.running;
    if (resumeAfterEdit) await live.stop();
    draft.value = structuredClone(toRaw(current.value)) as Recipe;
    draftIssues.value = null;
    previewResult.value = null;
    editorOpen.value = true;
    editStartedAt = performance.now();
    schedulePreview();
  }

  async function closeEditor(): Promise<void> {
    if (!editorOpen.value) return;
    schedulePreview.cancel();
    editorOpen.value = false;
    draft.value = null;
    previewResult.value = null;
    if (resumeAfterEdit) {
      resumeAfterEdit = false;
      await live.start();
    }
  }

  const toggleEditor = () => (editorOpen.value ? closeEditor() : openEditor());

  /** Saves the draft as the next version of its recipe (the engine picks the number, never reusing one) and adopts it. */
  async function saveDraft(): Promise<boolean> {
    if (!draft.value || !current.value) return false;
    const parsed = RecipeSchema.safeParse(structuredClone(toRaw(draft.value)));
    if (!parsed.success) {
      draftIssues.value = describeIssues(parsed.error);
      return false;
    }
    saving.value = true;
    try {
      const saved = await callEngine(client, 'recipe.save', { recipe: parsed.data });
      if (!saved) return false;
      current.value = markRaw(saved.recipe);
      remember(saved.recipe);
      draft.value = structuredClone(saved.recipe);
      return true;
    } finally {
      saving.value = false;
    }
  }

  return {
    current,
    library,
    editorOpen,
    draft,
    draftIssues,
    previewResult,
    previewMs,
    saving,
    mmPerPixel,
    dirty,
    load,
    apply,
    applyFromText,
    openEditor,
    closeEditor,
    toggleEditor,
    saveDraft,
  };
});
