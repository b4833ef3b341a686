// Checks messages against the protocol's JSON Schemas (docs/protocol/*.schema.json,
// generated from the Rust types). Every message from the server goes through
// validateServer before anything reads it; every command goes through validateClient
// before it is sent.

import clientSchema from "@protocol/client.schema.json";
import serverSchema from "@protocol/server.schema.json";
import { compileValidator } from "./schemaValidator";
import type { ClientEnvelope, ServerEnvelope } from "./types";

export { formatIssues } from "./schemaValidator";
export type { Validation, ValidationIssue } from "./schemaValidator";

/** Checks a parsed message from the server (the whole envelope). */
export const validateServer = compileValidator<ServerEnvelope>(serverSchema, {
  ServerMessage: "type",
  EngineEvent: "kind",
});

/** Checks a command envelope before it is sent. */
export const validateClient = compileValidator<ClientEnvelope>(clientSchema, { ClientMessage: "type" });
