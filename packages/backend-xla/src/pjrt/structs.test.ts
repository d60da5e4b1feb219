import { beforeAll, describe, expect, it } from 'vitest';
import { layoutStruct } from './ctypes.js';
import { defaultPjrtFfi } from './plugin.js';
import { API_SLOTS } from './slots.js';
import { API_SLOTS_OFFSET, LAYOUTS, STRUCT_FIELDS, type StructName } from './structs.js';
import { buildMockPlugin, haveGcc, type MockPlugin } from './testing/mockPlugin.js';

describe('C layout rules', () => {
  it('pads an int before a pointer and leaves no tail padding in size', () => {
    const s = layoutStruct('S', [
      ['a', 'int'],
      ['p', 'ptr'],
      ['b', 'bool'],
    ]);
    expect(s.fields.get('p')?.offset).toBe(8);
    expect(s.fields.get('b')?.offset).toBe(16);
    expect(s.size).toBe(17);
    expect(s.sizeof).toBe(24);
  });
  it('lays out unions at one offset with the widest member', () => {
    const s = layoutStruct('U', [
      ['tag', 'enum'],
      [
        'u',
        {
          union: [
            ['f', 'float'],
            ['i', 'int64'],
          ],
        },
      ],
    ]);
    expect(s.fields.get('f')?.offset).toBe(8);
    expect(s.fields.get('i')?.offset).toBe(8);
    expect(s.size).toBe(16);
  });
});

// Sizes of PJRT C API 0.104 structs (xla.md §2, from the header's PJRT_STRUCT_SIZE definitions).
const KNOWN_SIZES: Partial<Record<StructName, number>> = {
  Plugin_Initialize_Args: 16,
  Client_Create_Args: 88,
  Program: 48,
  Client_Compile_Args: 56,
  Client_BufferFromHostBuffer_Args: 120,
  Buffer_ToHostBuffer_Args: 56,
  ExecuteOptions: 120,
  LoadedExecutable_Execute_Args: 80,
  Event_Await_Args: 24,
  NamedValue: 56,
  Api_Version: 24,
};

describe('PJRT struct table', () => {
  for (const [name, size] of Object.entries(KNOWN_SIZES)) {
    it(`${name} is ${size} bytes`, () => {
      expect(LAYOUTS[name as StructName].size).toBe(size);
    });
  }
  it('puts function slot i at byte 40 + 8i', () => {
    expect(API_SLOTS_OFFSET).toBe(40);
    expect(API_SLOTS.LoadedExecutable_Execute).toBe(55);
  });
  it('aligns ExecuteOptions.non_donatable_input_indices after the int launch_id', () => {
    expect(LAYOUTS.ExecuteOptions.fields.get('launch_id')?.offset).toBe(48);
    expect(LAYOUTS.ExecuteOptions.fields.get('non_donatable_input_indices')?.offset).toBe(56);
  });
  it('places the named value union at 40 and value_size at 48', () => {
    expect(LAYOUTS.NamedValue.fields.get('int64_value')?.offset).toBe(40);
    expect(LAYOUTS.NamedValue.fields.get('bool_value')?.offset).toBe(40);
    expect(LAYOUTS.NamedValue.fields.get('value_size')?.offset).toBe(48);
  });
  it('embeds the tiled layout at 16 and its type at 72', () => {
    const m = LAYOUTS.Buffer_MemoryLayout.fields;
    expect(m.get('tiled.minor_to_major')?.offset).toBe(32);
    expect(m.get('byte_strides')).toBeUndefined();
    expect(m.get('strides.byte_strides')?.offset).toBe(32);
    expect(m.get('type')?.offset).toBe(72);
    expect(LAYOUTS.Buffer_MemoryLayout.size).toBe(76);
  });
});

describe.skipIf(!haveGcc())('PJRT struct table against the C compiler (mock plugin)', () => {
  let mock: MockPlugin;
  beforeAll(() => {
    defaultPjrtFfi();
    mock = buildMockPlugin();
  });
  for (const name of Object.keys(STRUCT_FIELDS) as StructName[]) {
    if (name === 'Api' || name === 'Api_Version' || name.startsWith('Client_PlatformVersion')) continue;
    it(`${name} matches gcc`, () => {
      const c = mock.structSize(name);
      expect(c, `mock_struct_size does not know ${name}`).toBeGreaterThan(0);
      expect(LAYOUTS[name].size).toBe(c);
    });
  }
});
