#!/usr/bin/env node
// Compiles a JSON Schema with ajv in strict mode: unknown keywords, keywords that apply to no declared type,
// `required` names with no `properties` entry and ambiguous tuples all fail. The draft is the schema's own
// $schema (7 for the spec language, 2020-12 for the --json documents). With --refs FOLDER every schema in
// FOLDER is added by its $id first, so that relative $refs between them resolve.
//
//   node ajv-strict.js [--refs FOLDER] SCHEMA [DATA.json]...
//
// Prints "ok: SCHEMA" (and "valid: DATA" per data file); exit 1 with ajv's message when a schema does not
// compile or a data file does not validate.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const refs = args[0] === '--refs' ? args.splice(0, 2)[1] : null;
const [schemaFile, ...dataFiles] = args;
if (!schemaFile) {
  process.stderr.write('usage: node ajv-strict.js [--refs FOLDER] SCHEMA [DATA.json]...\n');
  process.exit(2);
}

const read = file => JSON.parse(fs.readFileSync(file, 'utf8'));
let validate;
let ajv;
try {
  const schema = read(schemaFile);
  const Ajv = String(schema.$schema).includes('2020-12') ? require('ajv/dist/2020') : require('ajv');
  // The spec schema has no union types; the --json documents use ["string", "null"] to say "absent".
  ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: refs !== null });
  if (refs !== null) {
    for (const file of fs.readdirSync(refs).filter(f => f.endsWith('.schema.json')).sort()) ajv.addSchema(read(path.join(refs, file)));
    validate = ajv.getSchema(schema.$id);
    if (!validate) throw new Error(`its $id ${schema.$id} is not among ${refs}'s schemas`);
  } else validate = ajv.compile(schema);
} catch (e) {
  process.stderr.write(`ajv --strict rejects ${schemaFile}: ${e.message}\n`);
  process.exit(1);
}
process.stdout.write(`ok: ${schemaFile}\n`);

let failed = false;
for (const file of dataFiles) {
  if (validate(read(file))) process.stdout.write(`valid: ${file}\n`);
  else {
    failed = true;
    process.stdout.write(`invalid: ${file}: ${ajv.errorsText(validate.errors)}\n`);
  }
}
process.exit(failed ? 1 : 0);
