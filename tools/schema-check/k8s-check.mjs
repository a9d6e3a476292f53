// Validates a Kubernetes manifest (one YAML file, any number of documents) offline against the schema of each
// document's apiVersion and kind: kubernetes-models, generated from the Kubernetes OpenAPI definitions.
// Usage: node k8s-check.mjs FILE  -> prints one line per document, exits 1 when one is invalid or of an unknown kind.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as batch from "kubernetes-models/batch/v1";

const groups = { v1: core, "batch/v1": batch };
const docs = parseAllDocuments(readFileSync(process.argv[2], "utf8"));
let failed = false;
for (const doc of docs) {
  if (doc.errors.length > 0) { console.log(`yaml error: ${doc.errors[0].message}`); failed = true; continue; }
  const object = doc.toJS();
  const model = groups[object?.apiVersion]?.[object?.kind];
  if (!model) { console.log(`unknown: apiVersion ${object?.apiVersion} kind ${object?.kind}`); failed = true; continue; }
  try {
    new model(object).validate();
    console.log(`valid: ${object.apiVersion} ${object.kind} ${object.metadata?.name}`);
  } catch (e) {
    console.log(`invalid: ${object.apiVersion} ${object.kind} ${object.metadata?.name}: ${e.message}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
