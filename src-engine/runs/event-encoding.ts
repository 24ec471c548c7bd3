// Events as TensorBoard's TF2 writers (Keras' TensorBoard callback, tf.summary)
// write them: scalars are rank-0 DT_FLOAT tensors under the `scalars` plugin,
// text is a rank-0 DT_STRING tensor under the `text` plugin. The metadata goes
// with every value, not only a tag's first, so a reader that starts anywhere in
// the file still knows what each tag is.
import { DataClass, DataType, EventType } from './tensorboard-protos.js';

/** The first record of every event file; TensorBoard checks the `brain.Event:` prefix. */
export const FILE_VERSION = 'brain.Event:2';
export const WRITER_NAME = 'loupe';

export function fileVersionEvent(wallTimeSec: number): Uint8Array {
  return EventType.encode(
    EventType.fromObject({ wall_time: wallTimeSec, file_version: FILE_VERSION, source_metadata: { writer: WRITER_NAME } }),
  ).finish();
}

export function scalarEvent(tag: string, value: number, step: number, wallTimeSec: number): Uint8Array {
  return summaryEvent(step, wallTimeSec, {
    tag,
    metadata: { plugin_data: { plugin_name: 'scalars' }, data_class: DataClass.DATA_CLASS_SCALAR },
    tensor: { dtype: DataType.DT_FLOAT, tensor_shape: {}, float_val: [value] },
  });
}

export function textEvent(tag: string, text: string, step: number, wallTimeSec: number): Uint8Array {
  return summaryEvent(step, wallTimeSec, {
    tag,
    metadata: { plugin_data: { plugin_name: 'text' }, data_class: DataClass.DATA_CLASS_TENSOR },
    tensor: { dtype: DataType.DT_STRING, tensor_shape: {}, string_val: [Buffer.from(text, 'utf8')] },
  });
}

function summaryEvent(step: number, wallTimeSec: number, value: object): Uint8Array {
  return EventType.encode(EventType.fromObject({ wall_time: wallTimeSec, step, summary: { value: [value] } })).finish();
}
