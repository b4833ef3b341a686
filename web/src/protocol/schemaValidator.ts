// Compiles the protocol's JSON Schemas (docs/protocol/*.schema.json, generated from the
// Rust types) into checks that report problems at paths in the server's style
// (`payload.paths[3]`). Used for the WebSocket protocol (validate.ts) and the capture
// worklet's messages (audio/validate.ts).

import Ajv2020 from "ajv/dist/2020";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020";

/** One problem, at a path relative to the envelope in the server's style (`payload.paths[3]`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const F32_MAX = 3.4028234663852886e38;

/** The `format`s schemars writes, checked for real rather than ignored. */
const NUMBER_FORMATS: Record<string, (n: number) => boolean> = {
  uint64: (n) => Number.isInteger(n) && n >= 0 && n <= 2 ** 64 - 1,
  uint32: (n) => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff,
  int32: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1,
  double: (n) => Number.isFinite(n),
  float: (n) => Number.isFinite(n) && Math.abs(n) <= F32_MAX,
};

/**
 * Adds `discriminator` to the tagged unions (a `oneOf` whose every branch requires a
 * distinct `const` tag). This accepts exactly the same messages; it makes Ajv check one
 * branch instead of all of them and report that branch's error, not one per branch.
 */
function withDiscriminators(schema: unknown, unions: Record<string, string>): JsonObject {
  // A JSON round trip, not structuredClone: the AudioWorklet scope has no structuredClone.
  const copy = JSON.parse(JSON.stringify(schema)) as JsonObject;
  const defs = copy["$defs"] as Record<string, JsonObject>;
  for (const [name, tag] of Object.entries(unions)) {
    const def = defs[name];
    const branches = def?.["oneOf"];
    if (!def || !Array.isArray(branches)) continue;
    const tags = branches.map((b) => {
      const branch = b as JsonObject;
      const props = branch["properties"] as Record<string, JsonObject> | undefined;
      const required = branch["required"] as string[] | undefined;
      return required?.includes(tag) ? props?.[tag]?.["const"] : undefined;
    });
    const objects = branches.every((b) => (b as JsonObject)["type"] === "object");
    if (objects && tags.every((t) => typeof t === "string") && new Set(tags).size === tags.length) {
      // Every branch is an object, so saying so at the union changes nothing (Ajv's
      // strict mode wants it beside `discriminator`).
      def["type"] = "object";
      def["discriminator"] = { propertyName: tag };
    }
  }
  return copy;
}

const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, discriminator: true, allErrors: false });
for (const [name, validate] of Object.entries(NUMBER_FORMATS)) {
  ajv.addFormat(name, { type: "number", validate });
}
// Where a message carries an ArrayBuffer as a transferable (the capture worklet's
// batches), the schema says `"x-transferable": "ArrayBuffer"`; checked for real.
ajv.addKeyword({
  keyword: "x-transferable",
  schemaType: "string",
  errors: false,
  validate: (kind: string, data: unknown) => kind === "ArrayBuffer" && data instanceof ArrayBuffer,
});

/** `/payload/paths/3` -> `payload.paths[3]`. */
function toPath(pointer: string, child?: string): string {
  const parts = pointer === "" ? [] : pointer.slice(1).split("/");
  if (child !== undefined) parts.push(child);
  let path = "";
  for (const raw of parts) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^(0|[1-9]\d*)$/.test(part)) path += `[${part}]`;
    else path += path === "" ? part : `.${part}`;
  }
  return path;
}

function toIssue(e: ErrorObject): ValidationIssue {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return { path: toPath(e.instancePath, String(p["missingProperty"])), message: "is required" };
    case "additionalProperties":
      return {
        path: toPath(e.instancePath, String(p["additionalProperty"])),
        message: "is not a known field",
      };
    case "discriminator":
      if (p["error"] === "mapping") {
        return {
          path: toPath(e.instancePath, String(p["tag"])),
          message: `unknown ${String(p["tag"])} ${JSON.stringify(p["tagValue"])}`,
        };
      }
      return { path: toPath(e.instancePath, String(p["tag"])), message: "must be a string" };
    default:
      return { path: toPath(e.instancePath) || "(message)", message: e.message ?? e.keyword };
  }
}

function run<T>(validator: ValidateFunction, msg: unknown): Validation<T> {
  if (validator(msg)) return { ok: true, value: msg as T };
  const errors = (validator.errors ?? []).map(toIssue);
  return { ok: false, errors: errors.length ? errors : [{ path: "(message)", message: "invalid" }] };
}

/**
 * A check of messages against `schema`. `unions` names the tagged unions (definition
 * name -> tag field, e.g. `{ ServerMessage: "type" }`) so that an error names the one
 * branch the tag chose.
 */
export function compileValidator<T>(schema: unknown, unions: Record<string, string>): (msg: unknown) => Validation<T> {
  const validator = ajv.compile(withDiscriminators(schema, unions));
  return (msg) => run<T>(validator, msg);
}

/** `payload.db: must be <= 0; ...` for logs and error banners. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("; ");
}
