/** Flags of every headless Chromium the tests launch. */
export declare const CHROMIUM_ARGS: readonly string[];
/** The Chromium to launch (`CHROMIUM_PATH` or Debian's); throws how to install it when missing. */
export declare function chromiumExecutable(env?: Record<string, string | undefined>): string;
/** Options for playwright-core's `chromium.launch()`. */
export declare function chromiumLaunchOptions(env?: Record<string, string | undefined>): {
  executablePath: string;
  args: string[];
};
