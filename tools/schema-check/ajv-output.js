#!/usr/bin/env node
// Validates `repro COMMAND --json` documents with ajv (draft 2020-12) in strict mode, an implementation
// independent of the tests' own: every schema in the folder is added by its $id, so the relative $refs
// resolve; SCHEMA names the one the documents must satisfy.
//
//   node ajv-output.js FOLDER SCHEMA [DATA.json]...
//
// Prints "ok: SCHEMA" (and "valid: DATA" per data file); exit 1 with ajv's message when a schema does not
// compile or a data file does not validate.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');

const [folder, schemaFile, ...dataFiles] = process.argv.slice(2);
if (!folder || !schemaFile) {
  process.stderr.write('usage: node ajv-output.js FOLDER SCHEMA [DATA.json]...\n');
  process.exit(2);
}

// Union types (["string", "null"]) are how the documents say "absent"; every other strict check stays on.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
let validate;
try {
  for (const file of fs.readdirSync(folder).filter(f => f.endsWith('.schema.json')).sort())
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')));
  validate = ajv.getSchema(JSON.parse(fs.readFileSync(schemaFile, 'utf8')).$id);
  if (!validate) throw new Error(`no $id in ${schemaFile}`);
} catch (e) {
  process.stderr.write(`ajv --strict rejects ${schemaFile}: ${e.message}\n`);
  process.exit(1);
}
process.stdout.write(`ok: ${schemaFile}\n`);

let failed = false;
for (const file of dataFiles) {
  if (validate(JSON.parse(fs.readFileSync(file, 'utf8')))) process.stdout.write(`valid: ${file}\n`);
  else {
    failed = true;
    process.stdout.write(`invalid: ${file}: ${ajv.errorsText(validate.errors)}\n`);
  }
}
process.exit(failed ? 1 : 0);
