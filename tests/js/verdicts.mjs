// Validate many documents with ajv against the published schemas, in one process.
//
//   NODE_PATH=build/js/node_modules node tests/js/verdicts.mjs 1.0=schemas/1.0/report.schema.json 1.1=schemas/report.schema.json < documents.jsonl
//
// Reads one JSON document per line from standard input and prints one line of JSON: an
// array with, for each document, true (valid) or false. Each document is checked against
// the schema of the version it names in schema_version, or the last schema given when it
// names none of them. ajv is set up as docs/other-languages.md tells JavaScript users to:
// Draft 2020-12, strict mode, ajv-formats for "format": "date".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(resolve(process.env.NODE_PATH ?? process.cwd(), "noop.js"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true });
addFormats(ajv, ["date"]);

const validators = new Map();
let newest = null;
for (const argument of process.argv.slice(2)) {
  const [version, path] = argument.split(/=(.*)/s);
  newest = ajv.compile(JSON.parse(readFileSync(path, "utf8")));
  validators.set(version, newest);
}
if (newest === null) throw new Error("usage: verdicts.mjs VERSION=SCHEMA ... < documents.jsonl");

function validatorFor(document) {
  const version =
    document !== null && typeof document === "object" && !Array.isArray(document)
      ? document.schema_version
      : undefined;
  return typeof version === "string" && validators.has(version) ? validators.get(version) : newest;
}

const verdicts = [];
for (const line of readFileSync(0, "utf8").split("\n")) {
  if (line === "") continue;
  const document = JSON.parse(line);
  verdicts.push(validatorFor(document)(document));
}
console.log(JSON.stringify(verdicts));
