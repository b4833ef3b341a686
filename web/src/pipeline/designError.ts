// Why a filter cannot be designed, located by the parameter at fault (as the engine's
// ParamError names it), with a code the UI translates.

/** Why a design failed (translated as `pipeline-issue-<code>`). */
export const DESIGN_ERROR_CODES = [
  /** A number outside what the design accepts (a range check that spec checks missed). */
  "invalid",
  /** Neither `q` nor `bandwidth` (nor `slope` for shelves) given. */
  "width-missing",
  /** More than one of `q`, `bandwidth`, `slope` given. */
  "width-many",
  /** Free biquad with poles on or outside the unit circle. */
  "unstable",
  /** Free biquad with a0 = 0. */
  "a0-zero",
  /** Graphic EQ with freq_max <= freq_min. */
  "freq-order",
  /** Conv with neither or both of `file` and `values`. */
  "source-missing",
  "source-many",
  /** A filter type this UI does not know. */
  "unknown-type",
] as const;
export type DesignErrorCode = (typeof DESIGN_ERROR_CODES)[number];

export class DesignError extends Error {
  constructor(
    /** The parameter at fault (`freq`, `q`, `a2`, `gains[3]`). */
    readonly field: string,
    readonly code: DesignErrorCode,
    message: string = `${field}: ${code}`,
  ) {
    super(message);
    this.name = "DesignError";
  }
}
