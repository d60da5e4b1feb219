/**
 * The native seam of the PJRT binding: the four things that need native code. Everything else (struct
 * layouts, marshalling, error handling, ownership) is TypeScript in {@link PjrtApi}. The default
 * implementation uses koffi (see `koffiFfi.ts`); a Node-API addon, Deno's or Bun's FFI can implement the
 * same interface.
 *
 * Addresses are `bigint`s; `0n` is the null pointer.
 */
export interface PjrtFfi {
  /** Short name of the implementation, for messages (`'koffi'`). */
  readonly name: string;
  /**
   * Opens a shared library and calls its `GetPjrtApi()`.
   *
   * @returns the address of the `PJRT_Api` table.
   * @throws Error when the library cannot be opened or lacks `GetPjrtApi`.
   */
  open(path: string): bigint;
  /**
   * Calls a PJRT function `PJRT_Error* fn(Args* args)` with a caller-owned args struct.
   *
   * @returns the address of the returned `PJRT_Error` (0n when the call succeeded; ignore it for the
   * functions returning void).
   */
  call(fn: bigint, args: Uint8Array): bigint;
  /** Copies `length` bytes of native memory starting at `address`. */
  read(address: bigint, length: number): Uint8Array;
  /** Native address of the first byte of a typed array (stable while the array is referenced). */
  addressOf(data: ArrayBufferView): bigint;
}
