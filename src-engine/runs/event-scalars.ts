// The scalars inside one decoded Event. Writers put them in two places:
// - `simple_value` (TF1 summaries, tensorboardX / torch.utils.tensorboard, CatBoost);
// - a rank-0 tensor (TF2 / Keras `tf.summary.scalar`), whose number is in
//   float_val / double_val or in tensor_content as raw little-endian bytes.
// A tensor is taken as a scalar only for the `scalars` plugin, or when no plugin
// was ever named for the tag (TF2 writers name it on a tag's first value only,
// so the caller remembers it per file); other plugins' tensors (text, hparams,
// histograms) are not scalars even when they happen to be one float.
import { DataType, int64ToNumber, type EventMessage, type SummaryValueMessage, type TensorMessage } from './tensorboard-protos.js';

export const SCALARS_PLUGIN = 'scalars';

export interface ScalarEvent {
  tag: string;
  value: number;
}

const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** Calls `onScalar` for every scalar of `event`; `pluginOfTag` is the file's memory of tag → plugin name. */
export function forEachScalar(
  event: EventMessage,
  pluginOfTag: Map<string, string>,
  onScalar: (tag: string, value: number, step: number, wallTime: number) => void,
): void {
  const values = event.summary?.value;
  if (!values || values.length === 0) return;
  const step = int64ToNumber(event.step);
  const wallTime = event.wall_time ?? 0;
  for (const v of values) {
    const tag = v.tag ?? '';
    const plugin = v.metadata?.plugin_data?.plugin_name;
    if (plugin) pluginOfTag.set(tag, plugin);
    const value = scalarOf(v, pluginOfTag.get(tag));
    if (value !== null) onScalar(tag, value, step, wallTime);
  }
}

function scalarOf(v: SummaryValueMessage, plugin: string | undefined): number | null {
  if (has(v, 'simple_value')) return v.simple_value ?? 0;
  if (!v.tensor || (plugin !== undefined && plugin !== SCALARS_PLUGIN)) return null;
  return tensorScalar(v.tensor);
}

/** The single number of a one-element float or double tensor, or null for anything else. */
export function tensorScalar(t: TensorMessage): number | null {
  const dims = t.tensor_shape?.dim ?? [];
  if (dims.some((d) => int64ToNumber(d.size) !== 1)) return null;
  const content = t.tensor_content;
  if (t.dtype === DataType.DT_FLOAT) {
    if (t.float_val && t.float_val.length === 1) return t.float_val[0];
    if (content && content.length === 4) return new DataView(content.buffer, content.byteOffset, 4).getFloat32(0, true);
  } else if (t.dtype === DataType.DT_DOUBLE) {
    if (t.double_val && t.double_val.length === 1) return t.double_val[0];
    if (content && content.length === 8) return new DataView(content.buffer, content.byteOffset, 8).getFloat64(0, true);
  }
  return null;
}
