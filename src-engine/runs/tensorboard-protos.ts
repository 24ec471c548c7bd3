// The protocol buffers of TensorBoard event files, cut down to what scalars and
// text need. Every message name, field name and field number below is copied
// from tensorflow/tensorboard's tensorboard/compat/proto/ (event.proto,
// summary.proto, tensor.proto, tensor_shape.proto, types.proto, themselves
// copies of tensorflow/core/util/event.proto and tensorflow/core/framework/*):
// changing a number would write files TensorBoard cannot read. Fields left out
// (graph_def, session_log, images, histograms, ...) are skipped by the decoder
// as unknown fields, which is how protobuf keeps old readers working.
//
// The two `oneof` groups (Summary.Value.value, Event.what) are written as plain
// fields: a oneof changes nothing on the wire (it only says at most one member
// is set), and protobufjs enforces it by deleting the sibling properties on
// every decoded message, which turns each object into a slow dictionary object
// in V8 and cost a third of the reading time of a scalar file. Presence still
// works: a decoded message has an own property only for the fields on the wire.
//
// The text is parsed by protobufjs at load time rather than shipped as a
// separate .proto file, so the engine bundle needs no file next to it.
import protobuf from 'protobufjs';

const SCHEMA = `
syntax = "proto3";
package tensorboard;

// types.proto (only the dtypes a scalar or a text summary can carry)
enum DataType {
  DT_INVALID = 0;
  DT_FLOAT = 1;
  DT_DOUBLE = 2;
  DT_INT32 = 3;
  DT_STRING = 7;
  DT_INT64 = 9;
  DT_HALF = 19;
}

// tensor_shape.proto
message TensorShapeProto {
  message Dim {
    int64 size = 1;
    string name = 2;
  }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}

// tensor.proto
message TensorProto {
  DataType dtype = 1;
  TensorShapeProto tensor_shape = 2;
  int32 version_number = 3;
  bytes tensor_content = 4;
  repeated float float_val = 5 [packed = true];
  repeated double double_val = 6 [packed = true];
  repeated int32 int_val = 7 [packed = true];
  repeated bytes string_val = 8;
  repeated int64 int64_val = 10 [packed = true];
}

// summary.proto
enum DataClass {
  DATA_CLASS_UNKNOWN = 0;
  DATA_CLASS_SCALAR = 1;
  DATA_CLASS_TENSOR = 2;
  DATA_CLASS_BLOB_SEQUENCE = 3;
}

message SummaryMetadata {
  message PluginData {
    string plugin_name = 1;
    bytes content = 2;
  }
  PluginData plugin_data = 1;
  string display_name = 2;
  string summary_description = 3;
  DataClass data_class = 4;
}

message Summary {
  message Value {
    string node_name = 7;
    string tag = 1;
    SummaryMetadata metadata = 9;
    // oneof value:
    float simple_value = 2;
    TensorProto tensor = 8;
  }
  repeated Value value = 1;
}

// event.proto
message SourceMetadata {
  string writer = 1;
}

message Event {
  double wall_time = 1;
  int64 step = 2;
  // oneof what:
  string file_version = 3;
  Summary summary = 5;
  SourceMetadata source_metadata = 10;
}
`;

const root = protobuf.parse(SCHEMA, { keepCase: true }).root;

export const EventType = root.lookupType('tensorboard.Event');
export const SummaryType = root.lookupType('tensorboard.Summary');
export const SummaryValueType = root.lookupType('tensorboard.Summary.Value');
export const SummaryMetadataType = root.lookupType('tensorboard.SummaryMetadata');
export const PluginDataType = root.lookupType('tensorboard.SummaryMetadata.PluginData');
export const TensorProtoType = root.lookupType('tensorboard.TensorProto');
export const TensorShapeType = root.lookupType('tensorboard.TensorShapeProto');
export const TensorShapeDimType = root.lookupType('tensorboard.TensorShapeProto.Dim');

/** The number of a field, from the schema above, for code that walks the wire format itself. */
export function fieldNumber(type: protobuf.Type, name: string): number {
  const field = type.fields[name];
  if (!field) throw new Error(`${type.fullName} has no field ${name}`);
  return field.id;
}

/** types.proto's DataType numbers that Loupe reads or writes. */
export const DataType = { DT_FLOAT: 1, DT_DOUBLE: 2, DT_STRING: 7 } as const;
/** summary.proto's DataClass numbers. */
export const DataClass = { DATA_CLASS_SCALAR: 1, DATA_CLASS_TENSOR: 2 } as const;

/** protobufjs reads an int64 as a Long (from the `long` package) when that package is present, else as a number. */
export const int64ToNumber = (v: number | protobuf.Long): number =>
  typeof v === 'number' ? v : (v.unsigned ? v.high >>> 0 : v.high | 0) * 2 ** 32 + (v.low >>> 0);
