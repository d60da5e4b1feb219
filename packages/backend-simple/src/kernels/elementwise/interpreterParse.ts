// Parser of the small JavaScript subset the elementwise code generators emit (codegen.ts callers): `const`
// declarations, stores `array[index] = value;`, one counted `for (let i = a; i < b; i++) { … }` loop, and
// expressions made of number/bigint literals, names, member and index access, calls, unary, binary,
// logical and conditional operators with JavaScript's precedence. Used where `new Function` is not allowed
// (interpreter.ts); anything outside the subset is a SyntaxError.

/** An expression of the subset. */
export type Expr =
  | { readonly k: 'lit'; readonly v: number | bigint }
  | { readonly k: 'id'; readonly name: string }
  | { readonly k: 'un'; readonly op: string; readonly x: Expr }
  | { readonly k: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'cond'; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'call'; readonly f: Expr; readonly args: readonly Expr[] }
  | { readonly k: 'member'; readonly o: Expr; readonly name: string }
  | { readonly k: 'index'; readonly o: Expr; readonly i: Expr };

/** A statement of the subset. */
export type Stmt =
  | { readonly k: 'const'; readonly name: string; readonly init: Expr }
  | { readonly k: 'store'; readonly array: Expr; readonly index: Expr; readonly value: Expr }
  | {
      readonly k: 'for';
      readonly name: string;
      readonly init: Expr;
      readonly limit: Expr;
      readonly body: readonly Stmt[];
    };

const TOKEN =
  /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?n?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_$][\w$]*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(>>>|===|!==|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||\+\+|[-+*/%&|^~!<>?:=()[\]{},;.]))/y;

/** Binary operator precedences (JavaScript's; `**` is right-associative). */
const PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 3,
  '&&': 4,
  '|': 5,
  '^': 6,
  '&': 7,
  '===': 8,
  '!==': 8,
  '==': 8,
  '!=': 8,
  '<': 9,
  '>': 9,
  '<=': 9,
  '>=': 9,
  '<<': 10,
  '>>': 10,
  '>>>': 10,
  '+': 11,
  '-': 11,
  '*': 12,
  '/': 12,
  '%': 12,
  '**': 13,
};

type Token = { readonly t: 'num' | 'id' | 'str' | 'op'; readonly s: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(source);
    if (!m) throw new SyntaxError(`interpreter: unexpected input at ${source.slice(at, at + 20)}`);
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) tokens.push({ t: 'num', s: m[1] });
    else if (m[2] !== undefined) tokens.push({ t: 'id', s: m[2] });
    else if (m[3] !== undefined) tokens.push({ t: 'str', s: m[3] });
    else tokens.push({ t: 'op', s: m[4]! });
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  get done(): boolean {
    return this.at >= this.tokens.length;
  }
  private peek(s: string): boolean {
    const tok = this.tokens[this.at];
    return tok !== undefined && (tok.t === 'op' || tok.t === 'id') && tok.s === s;
  }
  private accept(s: string): boolean {
    if (!this.peek(s)) return false;
    this.at++;
    return true;
  }
  private expect(s: string): void {
    if (!this.accept(s)) throw new SyntaxError(`interpreter: expected '${s}' at token ${this.at}`);
  }
  private name(): string {
    const tok = this.tokens[this.at++];
    if (tok?.t !== 'id') throw new SyntaxError(`interpreter: expected a name at token ${this.at - 1}`);
    return tok.s;
  }

  statements(): Stmt[] {
    const out: Stmt[] = [];
    while (!this.done && !this.peek('}')) {
      const s = this.statement();
      if (s) out.push(s);
    }
    return out;
  }

  private statement(): Stmt | undefined {
    if (this.accept(';')) return undefined;
    const tok = this.tokens[this.at]!;
    if (tok.t === 'str') {
      this.at++; // a directive such as "use strict"
      this.accept(';');
      return undefined;
    }
    if (this.accept('const') || this.accept('let')) {
      const name = this.name();
      this.expect('=');
      const init = this.expression();
      this.accept(';');
      return { k: 'const', name, init };
    }
    if (this.accept('for')) return this.forLoop();
    const target = this.expression();
    if (target.k !== 'index') throw new SyntaxError('interpreter: only element stores are statements');
    this.expect('=');
    const value = this.expression();
    this.accept(';');
    return { k: 'store', array: target.o, index: target.i, value };
  }

  private forLoop(): Stmt {
    this.expect('(');
    this.expect('let');
    const name = this.name();
    this.expect('=');
    const init = this.expression();
    this.expect(';');
    if (this.name() !== name) throw new SyntaxError('interpreter: unsupported loop condition');
    this.expect('<');
    const limit = this.expression();
    this.expect(';');
    if (this.name() !== name) throw new SyntaxError('interpreter: unsupported loop update');
    this.expect('++');
    this.expect(')');
    let body: Stmt[];
    if (this.accept('{')) {
      body = this.statements();
      this.expect('}');
    } else {
      const s = this.statement();
      body = s ? [s] : [];
    }
    return { k: 'for', name, init, limit, body };
  }

  expression(): Expr {
    const c = this.binary(3);
    if (!this.accept('?')) return c;
    const a = this.expression();
    this.expect(':');
    const b = this.expression();
    return { k: 'cond', c, a, b };
  }

  private binary(min: number): Expr {
    let l = this.unary();
    for (;;) {
      const tok = this.tokens[this.at];
      const p = tok?.t === 'op' ? PRECEDENCE[tok.s] : undefined;
      if (p === undefined || p < min) return l;
      this.at++;
      const r = tok!.s === '**' ? this.binary(p) : this.binary(p + 1);
      l = { k: 'bin', op: tok!.s, l, r };
    }
  }

  private unary(): Expr {
    for (const op of ['-', '+', '!', '~']) {
      if (this.accept(op)) return { k: 'un', op, x: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.accept('.')) e = { k: 'member', o: e, name: this.name() };
      else if (this.accept('[')) {
        const i = this.expression();
        this.expect(']');
        e = { k: 'index', o: e, i };
      } else if (this.accept('(')) {
        const args: Expr[] = [];
        while (!this.accept(')')) {
          args.push(this.expression());
          if (!this.peek(')')) this.expect(',');
        }
        e = { k: 'call', f: e, args };
      } else return e;
    }
  }

  private primary(): Expr {
    const tok = this.tokens[this.at++];
    if (tok === undefined) throw new SyntaxError('interpreter: unexpected end of source');
    if (tok.t === 'num') {
      return { k: 'lit', v: tok.s.endsWith('n') ? BigInt(tok.s.slice(0, -1)) : Number(tok.s) };
    }
    if (tok.t === 'id') return { k: 'id', name: tok.s };
    if (tok.t === 'op' && tok.s === '(') {
      const e = this.expression();
      this.expect(')');
      return e;
    }
    throw new SyntaxError(`interpreter: unexpected '${tok.s}'`);
  }
}

/** Parses a function body of the subset into statements. @throws SyntaxError outside the subset. */
export function parseBody(source: string): Stmt[] {
  const parser = new Parser(tokenize(source));
  const statements = parser.statements();
  if (!parser.done) throw new SyntaxError('interpreter: unbalanced braces');
  return statements;
}

/** Parses one expression of the subset. @throws SyntaxError outside the subset. */
export function parseExpression(source: string): Expr {
  const parser = new Parser(tokenize(source));
  const e = parser.expression();
  if (!parser.done) throw new SyntaxError('interpreter: trailing input after the expression');
  return e;
}
