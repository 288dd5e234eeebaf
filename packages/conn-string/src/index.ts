/** Placeholder until the parser lands. */
export const placeholder = true;
