/** Benchmark inputs, valid for both parsers. */
export declare const inputs: Record<string, string>;
