// Checks of the capture worklet's messages against their JSON Schemas
// (docs/protocol/worklet-*.schema.json). Both the worklet and the page run these on
// everything they receive; an invalid message is refused whole, never half-applied.

import inSchema from "@protocol/worklet-in.schema.json";
import optionsSchema from "@protocol/worklet-options.schema.json";
import outSchema from "@protocol/worklet-out.schema.json";
import { compileValidator } from "../protocol/schemaValidator";
import type { FromWorkletEnvelope, ToWorkletEnvelope, WorkletOptions } from "./messages";

/** Checks a message to the worklet (the whole envelope). */
export const validateToWorklet = compileValidator<ToWorkletEnvelope>(inSchema, { ToWorklet: "type" });

/** Checks a message from the worklet (the whole envelope). */
export const validateFromWorklet = compileValidator<FromWorkletEnvelope>(outSchema, { FromWorklet: "type" });

/** Checks the worklet's creation options. */
export const validateOptions = compileValidator<WorkletOptions>(optionsSchema, {});
