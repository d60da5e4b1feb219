// Fails when an exported declaration (or a public member of an exported class/interface) of any built
// package has no TSDoc comment. Run after `turbo run build`: node --import tsx scripts/check-tsdoc.ts
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function entryPoints(): string[] {
  const found: string[] = [];
  for (const name of readdirSync(join(root, 'packages'))) {
    const dist = join(root, 'packages', name, 'dist');
    if (!existsSync(dist)) continue;
    for (const file of readdirSync(dist)) if (file.endsWith('.d.ts')) found.push(join(dist, file));
  }
  return found;
}

function documented(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  return symbol.getDocumentationComment(checker).length > 0 || symbol.getJsDocTags(checker).length > 0;
}

const files = entryPoints();
const program = ts.createProgram(files, {
  strict: true,
  skipLibCheck: true,
  types: ['node'],
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
});
const checker = program.getTypeChecker();
const missing: string[] = [];
for (const file of files) {
  const source = program.getSourceFile(file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) continue;
  for (let exported of checker.getExportsOfModule(moduleSymbol)) {
    if (exported.flags & ts.SymbolFlags.Alias) exported = checker.getAliasedSymbol(exported);
    const where = `${file.replace(`${root}/`, '')}: ${exported.getName()}`;
    if (!documented(exported, checker)) missing.push(where);
    if (exported.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
      exported.members?.forEach((member, name) => {
        const decl = member.declarations?.[0];
        const isPrivate =
          decl && ts.getCombinedModifierFlags(decl) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
        if (isPrivate || String(name).startsWith('__') || member.flags & ts.SymbolFlags.TypeParameter) return;
        if (!documented(member, checker)) missing.push(`${where}.${String(name)}`);
      });
    }
  }
}
if (missing.length) {
  console.error(
    `TSDoc missing on ${missing.length} public declaration(s):\n  ${[...new Set(missing)].join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`TSDoc present on every public declaration of ${files.length} entry point(s).`);
