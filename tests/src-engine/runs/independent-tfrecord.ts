// A second, independent implementation of the event-file format for the tests,
// sharing no code with src-engine/runs: a table-driven CRC-32C written from the
// algorithm's definition (reflected polynomial 0x82F63B78), the framing decoded
// by hand, and the protos declared again here (field numbers from
// tensorflow/core/util/event.proto and tensorflow/core/framework/*.proto). If
// Loupe's writer and reader agreed with each other but not with the format,
// these tests would see it.
import protobuf from 'protobufjs';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32cByTable(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export interface DecodedRecord {
  offset: number;
  data: Buffer;
}

/** Splits a whole file into records, checking both CRCs of each; throws on the first bad one. */
export function decodeRecordsByHand(file: Buffer): DecodedRecord[] {
  const records: DecodedRecord[] = [];
  let at = 0;
  while (at < file.length) {
    if (file.length - at < 12) throw new Error(`${file.length - at} stray bytes at ${at}`);
    const lengthBytes = file.subarray(at, at + 8);
    const length = Number(file.readBigUInt64LE(at));
    if (maskCrc(crc32cByTable(lengthBytes)) !== file.readUInt32LE(at + 8)) throw new Error(`length CRC mismatch at ${at}`);
    const data = file.subarray(at + 12, at + 12 + length);
    if (data.length !== length) throw new Error(`record at ${at} cut short`);
    if (maskCrc(crc32cByTable(data)) !== file.readUInt32LE(at + 12 + length)) throw new Error(`data CRC mismatch at ${at}`);
    records.push({ offset: at, data });
    at += 12 + length + 4;
  }
  return records;
}

/** One record framed by hand. */
export function frameByHand(data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length + 4);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(maskCrc(crc32cByTable(out.subarray(0, 8))), 8);
  Buffer.from(data).copy(out, 12);
  out.writeUInt32LE(maskCrc(crc32cByTable(data)), 12 + data.length);
  return out;
}

const root = protobuf.parse(`
syntax = "proto3";
package tftest;
message TensorShapeProto { message Dim { int64 size = 1; string name = 2; } repeated Dim dim = 2; bool unknown_rank = 3; }
message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  bytes tensor_content = 4;
  repeated float float_val = 5;
  repeated double double_val = 6;
  repeated bytes string_val = 8;
}
message PluginData { string plugin_name = 1; bytes content = 2; }
message SummaryMetadata { PluginData plugin_data = 1; string display_name = 2; int32 data_class = 4; }
message Value { string tag = 1; SummaryMetadata metadata = 9; oneof value { float simple_value = 2; TensorProto tensor = 8; } }
message Summary { repeated Value value = 1; }
message Event { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
`).root;

export const TestEvent = root.lookupType('tftest.Event');

export const DT_FLOAT = 1;
export const DT_DOUBLE = 2;
export const DT_STRING = 7;

/** An Event decoded into plain JS (int64 as number, bytes as Buffer). */
export function decodeEventByHand(data: Uint8Array): Record<string, unknown> {
  return TestEvent.toObject(TestEvent.decode(data), { longs: Number, bytes: Buffer, defaults: false }) as Record<string, unknown>;
}

/** Encodes an Event given as a plain object with the .proto's field names (camelCase, as protobufjs.parse gives). */
export function encodeEventByHand(event: Record<string, unknown>): Uint8Array {
  const err = TestEvent.verify(event);
  if (err) throw new Error(err);
  return TestEvent.encode(TestEvent.fromObject(event)).finish();
}

/** A framed Event record. */
export const eventRecord = (event: Record<string, unknown>): Buffer => frameByHand(encodeEventByHand(event));

export const fileVersionRecord = (): Buffer => eventRecord({ wallTime: 1, fileVersion: 'brain.Event:2' });

/** A simple_value scalar event, as TF1 and tensorboardX write them. */
export const simpleScalarRecord = (tag: string, value: number, step: number, wallTime = 1000 + step): Buffer =>
  eventRecord({ wallTime, step, summary: { value: [{ tag, simpleValue: value }] } });
