// Validates Kubernetes manifests offline: every object in the multi-document YAML read from
// the files named on the command line (or from standard input) against the schema of its
// apiVersion and kind. Kubernetes kinds use the schemas in the kubernetes-models package;
// other kinds need a JSON schema in schemas/<group>-<version>-<Kind>.json. An object of any
// other kind is an error, so nothing passes unchecked.
//
// Usage: node validate.mjs [--json] [FILE...]
//   --json  also print the objects as one JSON array on standard output, for callers that
//           check more than the schemas, such as the deploy tests. Messages then go to
//           standard error.
// The exit code is 0 when every object is valid, else 1.
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { Ajv2020 } from "ajv/dist/2020.js";

const schemaDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "schemas");
const ajv = new Ajv2020({ allErrors: true, strict: true });

async function readInputs(files) {
    if (files.length > 0) {
        return Promise.all(files.map(async (file) => ({ name: file, text: await readFile(file, "utf8") })));
    }

    const chunks = [];
    for await (const chunk of process.stdin) {
        chunks.push(chunk);
    }
    return [{ name: "<stdin>", text: Buffer.concat(chunks).toString("utf8") }];
}

// "apps/v1" -> ["apps", "v1"]; the core group "v1" -> ["", "v1"].
function splitApiVersion(apiVersion) {
    const slash = apiVersion.indexOf("/");
    return slash < 0 ? ["", apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

async function loadKubernetesModel(group, version, kind) {
    const modulePath = group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
    try {
        const module = await import(modulePath);
        return module[kind];
    } catch (error) {
        if (error.code === "ERR_PACKAGE_PATH_NOT_EXPORTED" || error.code === "ERR_MODULE_NOT_FOUND") {
            return undefined;
        }
        throw error;
    }
}

const localValidators = new Map();

async function loadLocalSchema(group, version, kind) {
    const file = path.join(schemaDir, `${group}-${version}-${kind}.json`);
    if (!localValidators.has(file)) {
        localValidators.set(file, existsSync(file) ? ajv.compile(JSON.parse(await readFile(file, "utf8"))) : undefined);
    }
    return localValidators.get(file);
}

// Returns a list of error messages for one object; empty when it is valid.
async function validateObject(object) {
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
        return ["the document is not a YAML mapping"];
    }
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
        return ["apiVersion or kind is missing"];
    }

    const [group, version] = splitApiVersion(object.apiVersion);
    const Model = await loadKubernetesModel(group, version, object.kind);
    if (Model !== undefined) {
        try {
            new Model(object).validate();
            return [];
        } catch (error) {
            return [error.message];
        }
    }

    const validate = await loadLocalSchema(group, version, object.kind);
    if (validate === undefined) {
        return [`no schema for ${object.apiVersion} ${object.kind}: add ${group}-${version}-${object.kind}.json to ${schemaDir}`];
    }
    if (validate(object)) {
        return [];
    }
    return validate.errors.map((error) => `${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
}

async function main() {
    const args = process.argv.slice(2);
    const printJson = args[0] === "--json";
    const inputs = await readInputs(printJson ? args.slice(1) : args);
    const parsed = [];
    let objects = 0;
    let failures = 0;

    for (const input of inputs) {
        for (const document of parseAllDocuments(input.text)) {
            if (document.errors.length > 0) {
                for (const error of document.errors) {
                    console.error(`${input.name}: invalid YAML: ${error.message}`);
                }
                failures++;
                continue;
            }

            const object = document.toJS();
            if (object === null) {
                continue; // An empty document, such as after a trailing "---".
            }

            objects++;
            parsed.push(object);
            const label = `${input.name}: ${object?.kind ?? "?"} ${object?.metadata?.name ?? "?"}`;
            const errors = await validateObject(object);
            for (const error of errors) {
                console.error(`${label}: ${error}`);
            }
            if (errors.length > 0) {
                failures++;
            }
        }
    }

    if (objects === 0) {
        console.error("error: no Kubernetes object found in the input");
        process.exitCode = 1;
        return;
    }

    const summary = `validated ${objects} objects: ${objects - failures} valid, ${failures} invalid`;
    if (printJson) {
        console.error(summary);
        process.stdout.write(JSON.stringify(parsed));
    } else {
        console.log(summary);
    }
    // exitCode rather than exit(): exit() can cut off output still queued for a pipe.
    process.exitCode = failures === 0 ? 0 : 1;
}

await main();
