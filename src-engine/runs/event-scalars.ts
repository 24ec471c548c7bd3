// The scalars inside one Event record. Writers put them in two places:
// - `simple_value` (TF1 summaries, tensorboardX / torch.utils.tensorboard, CatBoost);
// - a one-element tensor (TF2 / Keras `tf.summary.scalar`), whose number is in
//   float_val / double_val or in tensor_content as raw little-endian bytes.
// A tensor is taken as a scalar only for the `scalars` plugin, or when no plugin
// was ever named for the tag (writers name it on a tag's first value only, so
// the caller keeps tag → plugin per file); other plugins' tensors (text,
// hparams, histograms) are not scalars even when they happen to be one float.
//
// Why this walks the wire format with protobufjs' Reader instead of calling
// EventType.decode: decoding builds seven objects per scalar event (Event,
// Summary, the value array, Value, TensorProto, its shape, the float array);
// reading 1,000,000 events that way cost about twice the 2 s budget on
// these machines, most of it allocation. The walk allocates nothing per record
// (tags come from a small cache, the Reader is reused). Field numbers come from
// the parsed schema (tensorboard-protos.ts), and a field whose wire type is not
// the schema's is skipped, as a decoder would.
import protobuf from 'protobufjs';
import {
  DataType,
  EventType,
  PluginDataType,
  SummaryMetadataType,
  SummaryType,
  SummaryValueType,
  TensorProtoType,
  TensorShapeDimType,
  TensorShapeType,
  fieldNumber,
  int64ToNumber,
} from './tensorboard-protos.js';

export const SCALARS_PLUGIN = 'scalars';

export type ScalarHandler = (tag: string, value: number, step: number, wallTime: number) => void;

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;
const key = (field: number, wireType: number): number => ((field << 3) | wireType) >>> 0;

const EVENT_WALL_TIME = key(fieldNumber(EventType, 'wall_time'), FIXED64);
const EVENT_STEP = key(fieldNumber(EventType, 'step'), VARINT);
const EVENT_SUMMARY = key(fieldNumber(EventType, 'summary'), LENGTH_DELIMITED);
const SUMMARY_VALUE = key(fieldNumber(SummaryType, 'value'), LENGTH_DELIMITED);
const VALUE_TAG = key(fieldNumber(SummaryValueType, 'tag'), LENGTH_DELIMITED);
const VALUE_SIMPLE = key(fieldNumber(SummaryValueType, 'simple_value'), FIXED32);
const VALUE_TENSOR = key(fieldNumber(SummaryValueType, 'tensor'), LENGTH_DELIMITED);
const VALUE_METADATA = key(fieldNumber(SummaryValueType, 'metadata'), LENGTH_DELIMITED);
const METADATA_PLUGIN_DATA = key(fieldNumber(SummaryMetadataType, 'plugin_data'), LENGTH_DELIMITED);
const PLUGIN_NAME = key(fieldNumber(PluginDataType, 'plugin_name'), LENGTH_DELIMITED);
const TENSOR_DTYPE = key(fieldNumber(TensorProtoType, 'dtype'), VARINT);
const TENSOR_SHAPE = key(fieldNumber(TensorProtoType, 'tensor_shape'), LENGTH_DELIMITED);
const TENSOR_CONTENT = key(fieldNumber(TensorProtoType, 'tensor_content'), LENGTH_DELIMITED);
// Repeated numbers come packed (proto3's default) or, from old writers, one per field.
const FLOAT_VAL = fieldNumber(TensorProtoType, 'float_val');
const FLOAT_VAL_PACKED = key(FLOAT_VAL, LENGTH_DELIMITED);
const FLOAT_VAL_SINGLE = key(FLOAT_VAL, FIXED32);
const DOUBLE_VAL = fieldNumber(TensorProtoType, 'double_val');
const DOUBLE_VAL_PACKED = key(DOUBLE_VAL, LENGTH_DELIMITED);
const DOUBLE_VAL_SINGLE = key(DOUBLE_VAL, FIXED64);
const SHAPE_DIM = key(fieldNumber(TensorShapeType, 'dim'), LENGTH_DELIMITED);
const SHAPE_UNKNOWN_RANK = key(fieldNumber(TensorShapeType, 'unknown_rank'), VARINT);
const DIM_SIZE = key(fieldNumber(TensorShapeDimType, 'size'), VARINT);

const { readFloatLE, readDoubleLE } = protobuf.util.float;

/**
 * Calls `onScalar` for every scalar of the Event in `data`, after the whole
 * record has been read: a malformed record throws (from the Reader) before any
 * of its scalars is reported. `pluginOfTag` is the file's memory of tag → plugin.
 */
export function forEachScalar(data: Uint8Array, pluginOfTag: Map<string, string>, onScalar: ScalarHandler): void {
  const r = readerOver(data);
  let wallTime = 0;
  let step = 0;
  // A message field repeated on the wire is merged (its values concatenated); one is the rule.
  let summaries: number[] | null = null;
  let summaryStart = -1;
  let summaryEnd = -1;
  while (r.pos < r.len) {
    const k = r.uint32();
    if (k === EVENT_WALL_TIME) wallTime = r.double();
    else if (k === EVENT_STEP) step = int64ToNumber(r.int64());
    else if (k === EVENT_SUMMARY) {
      const end = r.uint32() + r.pos;
      if (summaryStart < 0) {
        summaryStart = r.pos;
        summaryEnd = end;
      } else (summaries ??= []).push(r.pos, end);
      r.pos = end;
    } else r.skipType(k & 7);
  }
  if (r.pos !== r.len) throw new RangeError(`event ends ${r.pos - r.len} byte(s) past its record`);
  if (summaryStart < 0) return;
  found.count = 0;
  readSummary(r, summaryStart, summaryEnd, pluginOfTag);
  if (summaries) for (let i = 0; i < summaries.length; i += 2) readSummary(r, summaries[i], summaries[i + 1], pluginOfTag);
  for (let i = 0; i < found.count; i++) onScalar(found.tags[i], found.values[i], step, wallTime);
}

// One Reader (of each kind: protobufjs reads Buffers and plain Uint8Arrays with
// different classes), pointed at each record in turn: a new Reader per record
// was a sixth of the reading time of a million-record file, mostly garbage.
// Safe because a record is read to its end before any scalar is reported.
const readers: { buffer?: protobuf.Reader; bytes?: protobuf.Reader } = {};
function readerOver(data: Uint8Array): protobuf.Reader {
  const r = data instanceof Buffer ? (readers.buffer ??= protobuf.Reader.create(data)) : (readers.bytes ??= protobuf.Reader.create(data));
  r.buf = data;
  r.pos = 0;
  r.len = data.length;
  return r;
}

/** Scalars of the record being read, reported once all of it has been read (reused: no allocation per record). */
const found = { count: 0, tags: [] as string[], values: [] as number[] };

function readSummary(r: protobuf.Reader, start: number, end: number, pluginOfTag: Map<string, string>): void {
  r.pos = start;
  while (r.pos < end) {
    const k = r.uint32();
    if (k !== SUMMARY_VALUE) {
      r.skipType(k & 7);
      continue;
    }
    const valueEnd = r.uint32() + r.pos;
    readValue(r, valueEnd, pluginOfTag);
    r.pos = valueEnd;
  }
  if (r.pos !== end) throw new RangeError('summary value runs past its summary');
}

function readValue(r: protobuf.Reader, end: number, pluginOfTag: Map<string, string>): void {
  let tag = '';
  let simple = 0;
  let hasSimple = false;
  let tensorStart = -1;
  let tensorEnd = -1;
  let plugin: string | undefined;
  while (r.pos < end) {
    const k = r.uint32();
    if (k === VALUE_TAG) tag = readTag(r);
    else if (k === VALUE_SIMPLE) {
      simple = r.float();
      hasSimple = true;
    } else if (k === VALUE_TENSOR) {
      tensorEnd = r.uint32() + r.pos;
      tensorStart = r.pos;
      r.pos = tensorEnd;
    } else if (k === VALUE_METADATA) {
      const metadataEnd = r.uint32() + r.pos;
      plugin = readPluginName(r, metadataEnd) ?? plugin;
      r.pos = metadataEnd;
    } else r.skipType(k & 7);
  }
  if (plugin) pluginOfTag.set(tag, plugin);
  let value: number | null = null;
  if (hasSimple) value = simple;
  else if (tensorStart >= 0) {
    const known = pluginOfTag.get(tag);
    if (known === undefined || known === SCALARS_PLUGIN) value = readTensorScalar(r, tensorStart, tensorEnd);
  }
  if (value === null) return;
  found.tags[found.count] = tag;
  found.values[found.count] = value;
  found.count++;
}

// Recently read tags by their UTF-8 bytes. A file repeats a handful of tags, so
// comparing a few bytes replaces decoding a new string for every record (a
// tenth of the reading time of a scalar file). Round-robin, a few dozen entries.
const TAG_CACHE_SIZE = 32;
const cachedTagBytes: Uint8Array[] = [];
const cachedTags: string[] = [];
let nextTagSlot = 0;

function readTag(r: protobuf.Reader): string {
  const length = r.uint32();
  const start = r.pos;
  const end = start + length;
  if (end > r.len) throw new RangeError(`tag of ${length} bytes runs past the record`);
  r.pos = end;
  const buf = r.buf;
  search: for (let i = 0; i < cachedTagBytes.length; i++) {
    const bytes = cachedTagBytes[i];
    if (bytes.length !== length) continue;
    for (let j = 0; j < length; j++) if (bytes[j] !== buf[start + j]) continue search;
    return cachedTags[i];
  }
  const tag = protobuf.util.utf8.read(buf, start, end);
  // A copy: `buf` is the reader's window, overwritten by the next read.
  cachedTagBytes[nextTagSlot] = new Uint8Array(buf.subarray(start, end));
  cachedTags[nextTagSlot] = tag;
  nextTagSlot = (nextTagSlot + 1) % TAG_CACHE_SIZE;
  return tag;
}

function readPluginName(r: protobuf.Reader, end: number): string | undefined {
  let name: string | undefined;
  while (r.pos < end) {
    const k = r.uint32();
    if (k !== METADATA_PLUGIN_DATA) {
      r.skipType(k & 7);
      continue;
    }
    const pluginEnd = r.uint32() + r.pos;
    while (r.pos < pluginEnd) {
      const pk = r.uint32();
      if (pk === PLUGIN_NAME) name = r.string();
      else r.skipType(pk & 7);
    }
  }
  return name;
}

/** The single number of a one-element float or double tensor, or null for anything else. */
function readTensorScalar(r: protobuf.Reader, start: number, end: number): number | null {
  r.pos = start;
  let dtype = 0;
  let singleElement = true;
  let contentStart = -1;
  let contentLength = 0;
  let count = 0;
  let first = 0;
  while (r.pos < end) {
    const k = r.uint32();
    if (k === TENSOR_DTYPE) dtype = r.int32();
    else if (k === TENSOR_SHAPE) singleElement = readSingleElementShape(r, r.uint32() + r.pos) && singleElement;
    else if (k === TENSOR_CONTENT) {
      contentLength = r.uint32();
      contentStart = r.pos;
      r.pos += contentLength;
    } else if (k === FLOAT_VAL_PACKED || k === DOUBLE_VAL_PACKED) {
      const size = k === FLOAT_VAL_PACKED ? 4 : 8;
      const length = r.uint32();
      if (count === 0 && length >= size) first = size === 4 ? readFloatLE(r.buf, r.pos) : readDoubleLE(r.buf, r.pos);
      count += Math.floor(length / size);
      r.pos += length;
    } else if (k === FLOAT_VAL_SINGLE || k === DOUBLE_VAL_SINGLE) {
      const v = k === FLOAT_VAL_SINGLE ? r.float() : r.double();
      if (count++ === 0) first = v;
    } else r.skipType(k & 7);
  }
  if (r.pos > end) throw new RangeError('tensor runs past its value');
  if (!singleElement) return null;
  if (dtype === DataType.DT_FLOAT) {
    if (count === 1) return first;
    if (count === 0 && contentLength === 4) return readFloatLE(r.buf, contentStart);
  } else if (dtype === DataType.DT_DOUBLE) {
    if (count === 1) return first;
    if (count === 0 && contentLength === 8) return readDoubleLE(r.buf, contentStart);
  }
  return null;
}

/** True for rank 0 or every dimension 1 (one element); false for a vector, an image, or an unknown rank. */
function readSingleElementShape(r: protobuf.Reader, end: number): boolean {
  let single = true;
  while (r.pos < end) {
    const k = r.uint32();
    if (k === SHAPE_DIM) {
      const dimEnd = r.uint32() + r.pos;
      let size = 0; // an absent size is 0 in proto3: an empty dimension
      while (r.pos < dimEnd) {
        const dk = r.uint32();
        if (dk === DIM_SIZE) size = int64ToNumber(r.int64());
        else r.skipType(dk & 7);
      }
      if (size !== 1) single = false;
    } else if (k === SHAPE_UNKNOWN_RANK) {
      if (r.bool()) single = false;
    } else r.skipType(k & 7);
  }
  return single;
}
