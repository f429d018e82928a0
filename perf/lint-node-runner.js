// The npm Dockerfile linters at their fastest: one node process loads the library once
// and lints every file given (no per-file start-up), like `drydock lint DIR` does.
// Usage: node lint-node-runner.js NODE_MODULES LINTER FILE...   prints the finding count.
const fs = require('fs');
const path = require('path');
const [mods, which, ...files] = process.argv.slice(2);
const req = (m) => require(path.join(mods, m));
let lint;
if (which === 'dockerfilelint') {
  const dl = req('dockerfilelint');
  lint = (text) => dl.run(process.cwd(), text);
} else if (which === 'dockerfile_lint') {
  const Linter = req('dockerfile_lint');
  const linter = new Linter();
  lint = (text) => {
    const r = linter.validate(text);
    return [].concat(r.error.data, r.warn.data, r.info.data);
  };
} else if (which === 'dockerfile-utils') {
  const du = req('dockerfile-utils');
  lint = (text) => du.validate(text);
} else {
  throw new Error('unknown linter ' + which);
}
let findings = 0, failed = 0;
for (const f of files) {
  try {
    findings += lint(fs.readFileSync(f, 'utf8')).length;
  } catch (e) {
    failed++; // a linter that throws on a file still spent the time on it
  }
}
console.log(`${findings} findings, ${failed} files the linter failed on`);
