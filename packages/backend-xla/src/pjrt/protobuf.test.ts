import { describe, expect, it } from 'vitest';
import { encodeCompileOptions, ProtoWriter } from './protobuf.js';

describe('protobuf writer', () => {
  it('encodes varints, including 300 and negative int64 as ten bytes', () => {
    expect([...new ProtoWriter().int64(1, 300).finish()]).toEqual([0x08, 0xac, 0x02]);
    expect([...new ProtoWriter().int64(2, -1).finish()]).toEqual([
      0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
    ]);
  });
  it('encodes strings and nested messages with length prefixes', () => {
    expect([...new ProtoWriter().bytes(2, 'hi').finish()]).toEqual([0x12, 0x02, 0x68, 0x69]);
    expect([...new ProtoWriter().message(3, (w) => w.bool(1, true)).finish()]).toEqual([
      0x1a, 0x02, 0x08, 0x01,
    ]);
  });
  it('encodes the default CompileOptionsProto (single device, portable)', () => {
    // 3: ExecutableBuildOptionsProto {1: device_ordinal=-1, 4: num_replicas=1, 5: num_partitions=1}; 4: true
    const build = [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x20, 0x01, 0x28, 0x01];
    expect([...encodeCompileOptions()]).toEqual([0x1a, build.length, ...build, 0x20, 0x01]);
  });
  it('honours explicit replica and partition counts', () => {
    const bytes = [
      ...encodeCompileOptions({ deviceOrdinal: 0, numReplicas: 2, numPartitions: 4, portable: false }),
    ];
    expect(bytes).toEqual([0x1a, 0x06, 0x08, 0x00, 0x20, 0x02, 0x28, 0x04, 0x20, 0x00]);
  });
});
