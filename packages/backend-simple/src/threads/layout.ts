// Layout of the control block (an Int32Array over a SharedArrayBuffer) that the main thread and the
// workers share. The same numbers are spelled out in the worker's source (workerSource.ts).

/** Job generation: even = a published job, odd = the main thread is writing the next one. */
export const GEN = 0;
/** Workers currently inside a job (reading its description). */
export const ACTIVE = 1;
/** Next task index to claim. */
export const NEXT = 2;
/** Tasks finished. */
export const DONE = 3;
/** Tasks in the job. */
export const COUNT = 4;
/** Set to 1 to make workers exit. */
export const STOP = 5;
/** Registrations published (modules and loops). */
export const REGS = 6;
/** Arrays described for loop tasks. */
export const NARR = 7;
/** Set when a worker task threw. */
export const ERR = 8;
/** Workers with an index below this may join the job. */
export const LIMIT = 9;
/** Workers started (each adds one when its loop starts). */
export const ONLINE = 10;

/** First slot of the array table: (type code, byte offset, length) per array. */
export const ARR_BASE = 16;
/** Arrays a job can describe. */
export const MAX_ARRAYS = 16;
/** First slot of the registration log: (kind, byte offset, byte length, text length) per entry. */
export const REG_BASE = ARR_BASE + 3 * MAX_ARRAYS;
/** Registrations the log holds. */
export const MAX_REGS = 2048;
/** First slot of the task rows: (function id, 11 integer arguments) per task. */
export const TASK_BASE = REG_BASE + 4 * MAX_REGS;
/** Integers per task row. */
export const TASK_STRIDE = 12;
/** Tasks a job can hold. */
export const MAX_TASKS = 4096;
/** Integers in the control block. */
export const CONTROL_INTS = TASK_BASE + TASK_STRIDE * MAX_TASKS;

/** Registration kinds. */
export const REG_MODULE = 1;
/** A loop: source text of a function body returning `function (arrays, start, end)`. */
export const REG_LOOP = 2;

/** Typed-array constructors by the type code used in the array table. */
export const ARRAY_TYPES = [
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  BigInt64Array,
  BigUint64Array,
] as const;
