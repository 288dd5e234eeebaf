/** Stable codes of {@link EmulatorError}. */
export type EmulatorErrorCode =
  | "EMULATOR_INVALID_OPTION"
  | "EMULATOR_UNKNOWN_PROVIDER"
  | "EMULATOR_NOT_AN_EMULATOR_URL"
  | "EMULATOR_NOT_STARTED";

/** An error thrown by the emulator's own API (never sent over HTTP as a provider response). */
export class EmulatorError extends Error {
  override readonly name = "EmulatorError";
  /** Stable machine-readable code. */
  readonly code: EmulatorErrorCode;
  /** What to do about it. */
  readonly hint: string;

  constructor(code: EmulatorErrorCode, message: string, hint: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}
