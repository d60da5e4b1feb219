import {
  applyBinary,
  applyUnary,
  type Block,
  binaryLoop,
  call1,
  call2,
  callN,
  froundLoop,
  indexLoop,
  loadGather,
  loadRange,
  selectLoop,
  storeRange,
  storeScatter,
  unaryLoop,
} from './interpreterOps.js';
import { type Expr, parseBody, type Stmt } from './interpreterParse.js';

// The eval-free twin of `compileLoop` (codegen.ts), for engines where `new Function` is forbidden (a
// Content-Security-Policy without 'unsafe-eval'). It runs the very source the generators emit, so the two
// cannot disagree: statements outside the loop and loop-invariant expressions are evaluated once per call;
// the loop body is evaluated a block of BLOCK elements at a time, each operator of each expression as one
// typed loop over the block into its own block-sized scratch array (interpreterOps.ts). Values go through
// exactly the operators, helper calls and array stores of the generated code (Math.fround, `| 0`, the
// half-float encoders, …), so results are bitwise the same; only slower.

/** Elements per block. */
export const BLOCK = 256;

/** Names an interpreted body may use besides its parameters and constants. */
export interface InterpreterGlobals {
  /** Values by name (Math, BigInt, helper functions, decode tables). */
  readonly values: ReadonlyMap<string, unknown>;
  /** Functions returning bigints (their results go to bigint blocks); every other call returns a number. */
  readonly bigResults: ReadonlySet<unknown>;
}

type Env = Map<string, unknown>;
type Fn = (...args: unknown[]) => unknown;

function lookup(env: Env, globals: InterpreterGlobals, name: string): unknown {
  if (env.has(name)) return env.get(name);
  if (globals.values.has(name)) return globals.values.get(name);
  throw new ReferenceError(`interpreter: ${name} is not defined`);
}

/** Evaluates an expression on single values, with JavaScript's semantics (lazy `?:`, `&&`, `||`). */
function evaluate(e: Expr, env: Env, globals: InterpreterGlobals): unknown {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'id':
      return lookup(env, globals, e.name);
    case 'un':
      return applyUnary(e.op, evaluate(e.x, env, globals));
    case 'bin': {
      const l = evaluate(e.l, env, globals);
      if (e.op === '&&') return l ? evaluate(e.r, env, globals) : l;
      if (e.op === '||') return l ? l : evaluate(e.r, env, globals);
      return applyBinary(e.op, l, evaluate(e.r, env, globals));
    }
    case 'cond':
      return evaluate(e.c, env, globals) ? evaluate(e.a, env, globals) : evaluate(e.b, env, globals);
    case 'call': {
      const args = e.args.map((a) => evaluate(a, env, globals));
      if (e.f.k === 'member') {
        const receiver = evaluate(e.f.o, env, globals) as Record<string, Fn>;
        return receiver[e.f.name]!(...args);
      }
      return (evaluate(e.f, env, globals) as Fn)(...args);
    }
    case 'member':
      return (evaluate(e.o, env, globals) as Record<string, unknown>)[e.name];
    case 'index':
      return (evaluate(e.o, env, globals) as Record<number, unknown>)[evaluate(e.i, env, globals) as number];
  }
}

/** A per-element value of the loop body: a block of numbers or of bigints. */
interface Slot {
  readonly big: boolean;
  readonly buf: Block;
}

/** A loop body compiled for the array types of one call: per-call setup, then per-block steps. */
interface Plan {
  /** The arrays the body reads or writes, with the constructor each had when compiled. */
  readonly arrays: { readonly expr: Expr; readonly ctor: unknown; array: Block }[];
  /** Once per call, after the arrays: loop-invariant constants and filled invariant blocks. */
  readonly setup: ((env: Env) => void)[];
  /** Once per block, in order. */
  readonly steps: ((start: number, len: number) => void)[];
}

function newBlock(big: boolean): Block {
  return (big ? new Array<bigint>(BLOCK).fill(0n) : new Float64Array(BLOCK)) as unknown as Block;
}

function isBigArray(a: unknown): boolean {
  return a instanceof BigInt64Array || a instanceof BigUint64Array;
}

/** Compiles the body of `for (let <name> = …; …)` for the values in `env` (those of a first call). */
class PlanCompiler {
  readonly plan: Plan = { arrays: [], setup: [], steps: [] };
  private readonly locals = new Map<string, Slot>();
  private index: Slot | undefined;

  constructor(
    private readonly loopVar: string,
    private readonly env: Env,
    private readonly globals: InterpreterGlobals,
  ) {}

  statement(s: Stmt): void {
    if (s.k === 'for') throw new SyntaxError('interpreter: nested loops are not supported');
    if (s.k === 'const') {
      if (this.invariant(s.init)) {
        const { init, name } = s;
        const globals = this.globals;
        this.env.set(name, evaluate(init, this.env, globals));
        this.plan.setup.push((env) => env.set(name, evaluate(init, env, globals)));
      } else this.locals.set(s.name, this.slot(s.init));
      return;
    }
    const entry = this.array(s.array);
    const x = this.slot(s.value);
    if (s.index.k === 'id' && s.index.name === this.loopVar) {
      this.plan.steps.push((start, len) => storeRange(entry.array, start, x.buf, len));
    } else {
      const i = this.slot(s.index);
      this.plan.steps.push((_start, len) => storeScatter(entry.array, i.buf, x.buf, len));
    }
  }

  private invariant(e: Expr): boolean {
    switch (e.k) {
      case 'lit':
        return true;
      case 'id':
        return e.name !== this.loopVar && !this.locals.has(e.name);
      case 'un':
        return this.invariant(e.x);
      case 'bin':
        return this.invariant(e.l) && this.invariant(e.r);
      case 'cond':
        return this.invariant(e.c) && this.invariant(e.a) && this.invariant(e.b);
      case 'call':
        return this.invariant(e.f) && e.args.every((a) => this.invariant(a));
      case 'member':
        return this.invariant(e.o);
      case 'index':
        return this.invariant(e.o) && this.invariant(e.i);
    }
  }

  /** An array read or written by the body, looked up again on every call. */
  private array(e: Expr): Plan['arrays'][number] {
    if (!this.invariant(e)) throw new SyntaxError('interpreter: arrays must not depend on the loop');
    const array = evaluate(e, this.env, this.globals) as Block;
    const entry = { expr: e, ctor: (array as object)?.constructor, array };
    this.plan.arrays.push(entry);
    return entry;
  }

  /** A block filled with the value of an invariant expression (per call, unless a literal). */
  private constant(e: Expr): Slot {
    const value = evaluate(e, this.env, this.globals);
    const big = typeof value === 'bigint';
    const buf = newBlock(big);
    const fill = (v: unknown) => {
      const b = buf as unknown as unknown[];
      const x = typeof v === 'boolean' ? Number(v) : v;
      for (let j = 0; j < BLOCK; j++) b[j] = x;
    };
    fill(value);
    if (e.k !== 'lit') {
      const globals = this.globals;
      this.plan.setup.push((env) => fill(evaluate(e, env, globals)));
    }
    return { big, buf };
  }

  slot(e: Expr): Slot {
    if (this.invariant(e)) return this.constant(e);
    const steps = this.plan.steps;
    switch (e.k) {
      case 'id': {
        const local = this.locals.get(e.name);
        if (local) return local;
        if (!this.index) {
          const index = { big: false, buf: newBlock(false) };
          steps.push((start, len) => indexLoop(start, index.buf, len));
          this.index = index;
        }
        return this.index;
      }
      case 'index': {
        const entry = this.array(e.o);
        const out = { big: isBigArray(entry.array), buf: newBlock(isBigArray(entry.array)) };
        if (e.i.k === 'id' && e.i.name === this.loopVar) {
          steps.push((start, len) => loadRange(entry.array, start, out.buf, len));
        } else {
          const i = this.slot(e.i);
          steps.push((_start, len) => loadGather(entry.array, i.buf, out.buf, len));
        }
        return out;
      }
      case 'un': {
        const x = this.slot(e.x);
        const loop = unaryLoop(e.op);
        if (!loop) throw new SyntaxError(`interpreter: unknown operator ${e.op}`);
        const out = { big: e.op !== '!' && x.big, buf: newBlock(e.op !== '!' && x.big) };
        steps.push((_start, len) => loop(x.buf, out.buf, len));
        return out;
      }
      case 'bin': {
        const l = this.slot(e.l);
        const r = this.slot(e.r);
        const loop = binaryLoop(e.op, l.big);
        if (!loop) throw new SyntaxError(`interpreter: unknown operator ${e.op}`);
        const compares = /^(===|!==|==|!=|<|>|<=|>=)$/.test(e.op);
        const big = compares ? false : e.op === '&&' || e.op === '||' ? r.big : l.big;
        const out = { big, buf: newBlock(big) };
        steps.push((_start, len) => loop(l.buf, r.buf, out.buf, len));
        return out;
      }
      case 'cond': {
        const c = this.slot(e.c);
        const a = this.slot(e.a);
        const b = this.slot(e.b);
        const out = { big: a.big, buf: newBlock(a.big) };
        steps.push((_start, len) => selectLoop(c.buf, a.buf, b.buf, out.buf, len));
        return out;
      }
      case 'call':
        return this.call(e.f, e.args);
      default:
        throw new SyntaxError(`interpreter: unsupported per-element ${e.k}`);
    }
  }

  private call(callee: Expr, argExprs: readonly Expr[]): Slot {
    if (!this.invariant(callee)) throw new SyntaxError('interpreter: callees must not depend on the loop');
    const f = evaluate(callee, this.env, this.globals) as Fn;
    const args = argExprs.map((a) => this.slot(a));
    const big = this.globals.bigResults.has(f);
    const out = { big, buf: newBlock(big) };
    const o = out.buf;
    const steps = this.plan.steps;
    const [x, y] = args.map((a) => a.buf);
    if (f === Math.fround && x) steps.push((_s, len) => froundLoop(x, o, len));
    else if (args.length === 1) steps.push((_s, len) => call1(f as (x: number) => number, x!, o, len));
    else if (args.length === 2)
      steps.push((_s, len) => call2(f as (x: number, y: number) => number, x!, y!, o, len));
    else {
      const blocks = args.map((a) => a.buf);
      steps.push((_s, len) => callN(f as (...x: number[]) => number, blocks, o, len));
    }
    return out;
  }
}

/** A top-level counted loop: compiled on first use, again if a call brings arrays of other types. */
function runLoop(s: Extract<Stmt, { k: 'for' }>, plans: Plan[], env: Env, globals: InterpreterGlobals): void {
  const start = evaluate(s.init, env, globals) as number;
  const end = evaluate(s.limit, env, globals) as number;
  let plan: Plan | undefined;
  for (const p of plans) {
    let same = true;
    for (const a of p.arrays) {
      const array = evaluate(a.expr, env, globals) as Block;
      if ((array as object)?.constructor !== a.ctor) same = false;
      a.array = array;
    }
    if (same) {
      plan = p;
      break;
    }
  }
  if (!plan) {
    const compiler = new PlanCompiler(s.name, new Map(env), globals);
    for (const statement of s.body) compiler.statement(statement);
    plan = compiler.plan;
    plans.push(plan);
  }
  for (const task of plan.setup) task(env);
  const steps = plan.steps;
  for (let at = start; at < end; at += BLOCK) {
    const len = Math.min(BLOCK, end - at);
    for (let k = 0; k < steps.length; k++) steps[k]!(at, len);
  }
}

/**
 * Interprets `function (params) { body }` where `body` is in the subset the elementwise generators emit
 * (interpreterParse.ts), without `new Function`. Returns a function taking the same arguments.
 *
 * @throws SyntaxError when the body is outside the subset (checked on parsing, or on the first call).
 */
export function interpretLoop<F>(params: readonly string[], body: string, globals: InterpreterGlobals): F {
  const statements = parseBody(body);
  const plans = statements.map((): Plan[] => []);
  const run = (...args: unknown[]): void => {
    const env: Env = new Map();
    for (let k = 0; k < params.length; k++) env.set(params[k]!, args[k]);
    statements.forEach((s, k) => {
      if (s.k === 'const') env.set(s.name, evaluate(s.init, env, globals));
      else if (s.k === 'store') {
        const array = evaluate(s.array, env, globals) as Block;
        array[evaluate(s.index, env, globals) as number] = evaluate(s.value, env, globals) as number;
      } else runLoop(s, plans[k]!, env, globals);
    });
  };
  return run as unknown as F;
}
