/**
 * A tiny C struct layout calculator (LP64: x86-64 and arm64 Linux/macOS): offsets and sizes from a list of
 * (field name, C type) pairs by the usual alignment rules, so every PJRT struct is described once.
 */

/** A primitive C type as the PJRT headers use them (pointers, enums and `size_t` included). */
export type CPrimitive = 'size_t' | 'ptr' | 'int' | 'enum' | 'int64' | 'bool' | 'float';

/** A C type: a primitive, an embedded struct (`{ struct: fields }`) or an anonymous union. */
export type CType =
  | CPrimitive
  | { readonly struct: readonly CField[] }
  | { readonly union: readonly CField[] };

/** One field: its name and C type. Members of an anonymous union are addressed by their own names. */
export type CField = readonly [name: string, type: CType];

const PRIMITIVES: Readonly<Record<CPrimitive, { size: number; align: number }>> = {
  size_t: { size: 8, align: 8 },
  ptr: { size: 8, align: 8 },
  int: { size: 4, align: 4 },
  enum: { size: 4, align: 4 },
  int64: { size: 8, align: 8 },
  bool: { size: 1, align: 1 },
  float: { size: 4, align: 4 },
};

/** Where a field lives inside a struct. */
export interface FieldLayout {
  /** Byte offset from the start of the outermost struct. */
  readonly offset: number;
  /** Size in bytes. */
  readonly size: number;
  /** The primitive type when the field is one (embedded structs and unions have none). */
  readonly primitive: CPrimitive | undefined;
}

/** The layout of one struct. */
export interface StructLayout {
  /** The struct's name, for messages. */
  readonly name: string;
  /**
   * The size PJRT expects in `struct_size`: `offsetof(last) + sizeof(last)`, without tail padding
   * (the `PJRT_STRUCT_SIZE` rule).
   */
  readonly size: number;
  /** `sizeof` as C computes it (tail padding included): the size when embedded or put in an array. */
  readonly sizeof: number;
  /** Alignment of the struct. */
  readonly align: number;
  /** Every field by name, members of embedded structs and unions as `outer.inner`. */
  readonly fields: ReadonlyMap<string, FieldLayout>;
}

function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

interface Measured {
  size: number;
  align: number;
  fields: Map<string, FieldLayout>;
}

function measure(type: CType): Measured {
  if (typeof type === 'string') {
    const p = PRIMITIVES[type];
    return { size: p.size, align: p.align, fields: new Map() };
  }
  if ('struct' in type) {
    const inner = measureFields(type.struct);
    return { size: alignUp(inner.end, inner.align), align: inner.align, fields: inner.fields };
  }
  let size = 0;
  let align = 1;
  const fields = new Map<string, FieldLayout>();
  for (const [name, member] of type.union) {
    const m = measure(member);
    size = Math.max(size, m.size);
    align = Math.max(align, m.align);
    fields.set(name, { offset: 0, size: m.size, primitive: typeof member === 'string' ? member : undefined });
    for (const [sub, f] of m.fields) fields.set(`${name}.${sub}`, f);
  }
  return { size: alignUp(size, align), align, fields };
}

function measureFields(list: readonly CField[]): {
  end: number;
  align: number;
  fields: Map<string, FieldLayout>;
} {
  let end = 0;
  let align = 1;
  const fields = new Map<string, FieldLayout>();
  for (const [name, type] of list) {
    if (fields.has(name)) throw new Error(`duplicate field ${name}`);
    const m = measure(type);
    const offset = alignUp(end, m.align);
    fields.set(name, { offset, size: m.size, primitive: typeof type === 'string' ? type : undefined });
    for (const [sub, f] of m.fields) {
      // Members of an anonymous union keep their own names; members of embedded structs get a prefix.
      const key = typeof type === 'object' && 'union' in type ? sub : `${name}.${sub}`;
      fields.set(key, { ...f, offset: offset + f.offset });
    }
    end = offset + m.size;
    align = Math.max(align, m.align);
  }
  return { end, align, fields };
}

/**
 * Computes the layout of a struct from its fields in declaration order.
 *
 * @example
 * ```ts
 * layoutStruct('Pair', [['a', 'int'], ['b', 'ptr']]).fields.get('b')?.offset; // 8
 * ```
 */
export function layoutStruct(name: string, fields: readonly CField[]): StructLayout {
  if (fields.length === 0) throw new Error(`struct ${name} has no fields`);
  const measured = measureFields(fields);
  return {
    name,
    size: measured.end,
    sizeof: alignUp(measured.end, measured.align),
    align: measured.align,
    fields: measured.fields,
  };
}
