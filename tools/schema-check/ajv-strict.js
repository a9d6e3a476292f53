#!/usr/bin/env node
// Compiles a JSON Schema (draft 7) with ajv in strict mode: unknown keywords, keywords that apply to no
// declared type, `required` names with no `properties` entry, union types and ambiguous tuples all fail.
//
//   node ajv-strict.js SCHEMA [DATA.json]...
//
// Prints "ok: SCHEMA" (and "valid: DATA" per data file); exit 1 with ajv's message when the schema does
// not compile or a data file does not validate.
'use strict';

const fs = require('node:fs');
const Ajv = require('ajv');

const [schemaFile, ...dataFiles] = process.argv.slice(2);
if (!schemaFile) {
  process.stderr.write('usage: node ajv-strict.js SCHEMA [DATA.json]...\n');
  process.exit(2);
}

const ajv = new Ajv({ strict: true, allErrors: true });
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
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
