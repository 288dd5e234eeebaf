export {
  type ErrorKind,
  isXConnError,
  XConnError,
  type XConnErrorOptions,
} from "@x/errors";
export {
  decryptRecord,
  deriveSettingsKey,
  encryptRecord,
  SETTINGS_SECRET_ENV,
  SettingsKey,
  type SettingsKeyInput,
  type SettingsKeySource,
} from "./crypto.js";
export {
  checkKey,
  DEFAULT_LEASE_MS,
  DEFAULT_WAIT_MS,
  type SettingsDriver,
  type UpdateOptions,
  type UpdateResult,
  type Updater,
} from "./driver.js";
export {
  type FileDriverOptions,
  fileDriver,
  readRecords,
  SETTINGS_FILE_FORMAT,
  SETTINGS_FILE_VERSION,
} from "./drivers/file.js";
export { type MemoryDriverOptions, memoryDriver } from "./drivers/memory.js";
export type { PostgresPoolLike } from "./drivers/postgres.js";
export type { RedisClientLike } from "./drivers/redis.js";
export * from "./errors.js";
export {
  defaultRecoveryPath,
  defaultSettingsPath,
  type OpenSettingsStoreOptions,
  openSettingsStore,
  type ParsedLocation,
  type PlatformInfo,
  parseSettingsLocation,
  RECOVERY_FILE_NAME,
  redactUrl,
  SETTINGS_FILE_NAME,
  SETTINGS_FOLDER,
} from "./location.js";
export type { PendingRecord, RecoveryEvent, RecoveryOptions } from "./recovery.js";
export {
  createSettingsStore,
  type OAuthSettings,
  OAuthSettingsSchema,
  redactSettings,
  type SettingsStore,
  type SettingsStoreOptions,
  type SettingsUpdateResult,
  type StoreUpdateOptions,
} from "./settings.js";
