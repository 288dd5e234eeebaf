import { SettingsDriverMissingError } from "../errors.js";

/** Loads an optional client library, turning "not installed" into `SETTINGS_DRIVER_MISSING`. */
export async function importOptional<T>(
  library: string,
  scheme: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new SettingsDriverMissingError(library, scheme, { cause: error });
    }
    throw error;
  }
}
