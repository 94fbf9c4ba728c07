// Compile the published schema with ajv in strict mode and validate the bundled examples.
//
//   cd /tmp && npm install ajv ajv-formats
//   NODE_PATH=/tmp/node_modules node tests/js/check_schema.mjs [schemas/report.schema.json] [doc.json ...]
//
// Exits 0 when ajv (Draft 2020-12, strict: true) compiles the schema and every given
// document is valid; prints ajv's errors and exits 1 otherwise.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(join(process.env.NODE_PATH ?? process.cwd(), "noop.js"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const [schemaPath = "schemas/report.schema.json", ...documents] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
console.log(`ajv ${require("ajv/package.json").version}: ${schemaPath} compiles in strict mode`);

let failed = 0;
for (const path of documents) {
  const document = JSON.parse(readFileSync(path, "utf8"));
  if (validate(document)) {
    console.log(`valid: ${path}`);
  } else {
    failed += 1;
    console.log(`INVALID: ${path}`);
    for (const error of validate.errors) console.log(`  ${error.instancePath} ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
