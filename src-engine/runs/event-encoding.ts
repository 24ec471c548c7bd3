// Events as TensorBoard's TF2 writers (Keras' TensorBoard callback, tf.summary)
// write them: scalars are rank-0 DT_FLOAT tensors under the `scalars` plugin,
// text is a rank-0 DT_STRING tensor under the `text` plugin. The plugin
// metadata goes with a tag's first value in a file only, as summary.proto
// describes ("the FileWriter only keeps a metadata object on the first summary
// value with a certain tag"); readers, TensorBoard's and Loupe's, remember it
// per tag. That makes an `epoch_loss` record 39 bytes instead of 54, and
// reading it cheaper.
import { DataClass, DataType, EventType } from './tensorboard-protos.js';

/** The first record of every event file; TensorBoard checks the `brain.Event:` prefix. */
export const FILE_VERSION = 'brain.Event:2';
/** SourceMetadata.writer of the first record, as TF writes `tensorflow.core.util.events_writer`. */
export const WRITER_NAME = 'loupe';

export function fileVersionEvent(wallTimeSec: number): Uint8Array {
  return EventType.encode({ wall_time: wallTimeSec, file_version: FILE_VERSION, source_metadata: { writer: WRITER_NAME } }).finish();
}

const SCALAR_METADATA = { plugin_data: { plugin_name: 'scalars' }, data_class: DataClass.DATA_CLASS_SCALAR };
const TEXT_METADATA = { plugin_data: { plugin_name: 'text' }, data_class: DataClass.DATA_CLASS_TENSOR };

export function scalarEvent(tag: string, value: number, step: number, wallTimeSec: number, withMetadata: boolean): Uint8Array {
  return summaryEvent(step, wallTimeSec, {
    tag,
    ...(withMetadata ? { metadata: SCALAR_METADATA } : {}),
    tensor: { dtype: DataType.DT_FLOAT, tensor_shape: {}, float_val: [value] },
  });
}

export function textEvent(tag: string, text: string, step: number, wallTimeSec: number, withMetadata: boolean): Uint8Array {
  return summaryEvent(step, wallTimeSec, {
    tag,
    ...(withMetadata ? { metadata: TEXT_METADATA } : {}),
    tensor: { dtype: DataType.DT_STRING, tensor_shape: {}, string_val: [Buffer.from(text, 'utf8')] },
  });
}

// The objects above already have the schema's field names and types, so they
// are encoded as they are (no fromObject conversion: a third of the cost).
function summaryEvent(step: number, wallTimeSec: number, value: object): Uint8Array {
  return EventType.encode({ wall_time: wallTimeSec, step, summary: { value: [value] } }).finish();
}
