import { randomBytes } from "node:crypto";
import type { Clock } from "./clock.js";

/** What a code or token grants: who, to which client, with which scopes, plus provider data. */
export interface Grant {
  provider: string;
  clientId: string;
  userId: string;
  scopes: string[];
  /** Provider-specific values (Zoho `location`, Zendesk `subdomain`, Pipedrive `api_domain`, ...). */
  data: Record<string, string>;
}

/** An authorization code. */
export interface CodeRecord extends Grant {
  code: string;
  redirectUri: string;
  issuedAt: number;
  expiresAt: number;
  used: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/** An access token. */
export interface AccessTokenRecord extends Grant {
  kind: "access";
  token: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
  refreshToken?: string;
}

/** A refresh token. */
export interface RefreshTokenRecord extends Grant {
  kind: "refresh";
  token: string;
  issuedAt: number;
  /** Undefined: never expires. */
  expiresAt?: number;
  revoked: boolean;
  accessTokens: string[];
}

/** Result of looking a token up. */
export type Lookup<T> =
  | { status: "valid"; record: T }
  | { status: "expired" | "revoked"; record: T }
  | { status: "unknown" };

/** Result of redeeming a code. */
export type Redeem =
  | { ok: true; record: CodeRecord }
  | { ok: false; reason: "unknown" | "used" | "expired"; record?: CodeRecord };

/** Options of {@link TokenStore.issue}. */
export interface IssueOptions extends Grant {
  accessTtlSeconds: number;
  /** Issue a new refresh token (with optional lifetime; undefined = never expires). */
  newRefresh?: { ttlSeconds?: number } | false;
  /** Attach the new access token to this existing refresh token (refresh grant). */
  refreshToken?: string;
  /** Token prefix, e.g. `"1000."` for Zoho-looking tokens. */
  prefix?: string;
  /** Keep at most this many live access tokens per refresh token (oldest revoked). */
  maxAccessPerRefresh?: number;
}

/** Filter for bulk operations; omitted fields match everything. */
export interface TokenFilter {
  provider?: string;
  token?: string;
  clientId?: string;
}

function matches(r: Grant & { token: string }, f: TokenFilter | undefined): boolean {
  if (!f) return true;
  if (f.provider !== undefined && r.provider !== f.provider) return false;
  if (f.token !== undefined && r.token !== f.token) return false;
  if (f.clientId !== undefined && r.clientId !== f.clientId) return false;
  return true;
}

/** Random opaque secret with an optional prefix. */
export function randomToken(prefix = "", bytes = 24): string {
  return prefix + randomBytes(bytes).toString("hex");
}

/**
 * Codes (single use, short-lived), access tokens and refresh tokens of every provider.
 * All times come from the emulator {@link Clock}.
 */
export class TokenStore {
  readonly #clock: Clock;
  readonly #codes = new Map<string, CodeRecord>();
  readonly #access = new Map<string, AccessTokenRecord>();
  readonly #refresh = new Map<string, RefreshTokenRecord>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Creates a single-use authorization code valid for `ttlSeconds`. */
  createCode(
    grant: Grant & {
      redirectUri: string;
      ttlSeconds: number;
      prefix?: string;
      codeChallenge?: string;
      codeChallengeMethod?: string;
    },
  ): CodeRecord {
    const now = this.#clock.now();
    const { ttlSeconds, prefix, ...rest } = grant;
    const record: CodeRecord = {
      ...rest,
      scopes: [...grant.scopes],
      data: { ...grant.data },
      code: randomToken(prefix ?? "", 16),
      issuedAt: now,
      expiresAt: now + ttlSeconds * 1000,
      used: false,
    };
    this.#codes.set(record.code, record);
    return record;
  }

  /** Redeems a code: succeeds once, before it expires. */
  redeemCode(code: string): Redeem {
    const record = this.#codes.get(code);
    if (!record) return { ok: false, reason: "unknown" };
    if (record.used) return { ok: false, reason: "used", record };
    record.used = true;
    if (this.#clock.now() >= record.expiresAt) return { ok: false, reason: "expired", record };
    return { ok: true, record };
  }

  /** Looks a code up without redeeming it. */
  peekCode(code: string): CodeRecord | undefined {
    return this.#codes.get(code);
  }

  /** Issues an access token, and a refresh token when asked. */
  issue(options: IssueOptions): { access: AccessTokenRecord; refresh?: RefreshTokenRecord } {
    const now = this.#clock.now();
    const grant: Grant = {
      provider: options.provider,
      clientId: options.clientId,
      userId: options.userId,
      scopes: [...options.scopes],
      data: { ...options.data },
    };
    let refresh: RefreshTokenRecord | undefined;
    if (options.newRefresh) {
      refresh = {
        ...grant,
        kind: "refresh",
        token: randomToken(options.prefix ?? ""),
        issuedAt: now,
        ...(options.newRefresh.ttlSeconds !== undefined
          ? { expiresAt: now + options.newRefresh.ttlSeconds * 1000 }
          : {}),
        revoked: false,
        accessTokens: [],
      };
      this.#refresh.set(refresh.token, refresh);
    }
    const parent =
      refresh ?? (options.refreshToken ? this.#refresh.get(options.refreshToken) : undefined);
    const access: AccessTokenRecord = {
      ...grant,
      kind: "access",
      token: randomToken(options.prefix ?? ""),
      issuedAt: now,
      expiresAt: now + options.accessTtlSeconds * 1000,
      revoked: false,
      ...(parent ? { refreshToken: parent.token } : {}),
    };
    this.#access.set(access.token, access);
    if (parent) {
      parent.accessTokens.push(access.token);
      if (options.maxAccessPerRefresh !== undefined) {
        const live = parent.accessTokens.filter((t) => {
          const a = this.#access.get(t);
          return a && !a.revoked && a.expiresAt > now;
        });
        while (live.length > options.maxAccessPerRefresh) {
          const oldest = live.shift();
          const a = oldest ? this.#access.get(oldest) : undefined;
          if (a) a.revoked = true;
        }
      }
    }
    return refresh ? { access, refresh } : { access };
  }

  /** Looks up an access token. */
  lookupAccess(token: string): Lookup<AccessTokenRecord> {
    const record = this.#access.get(token);
    if (!record) return { status: "unknown" };
    if (record.revoked) return { status: "revoked", record };
    if (this.#clock.now() >= record.expiresAt) return { status: "expired", record };
    return { status: "valid", record };
  }

  /** Looks up a refresh token. */
  lookupRefresh(token: string): Lookup<RefreshTokenRecord> {
    const record = this.#refresh.get(token);
    if (!record) return { status: "unknown" };
    if (record.revoked) return { status: "revoked", record };
    if (record.expiresAt !== undefined && this.#clock.now() >= record.expiresAt) {
      return { status: "expired", record };
    }
    return { status: "valid", record };
  }

  /** The access or refresh token record of `token`, whatever its state. */
  find(token: string): AccessTokenRecord | RefreshTokenRecord | undefined {
    return this.#access.get(token) ?? this.#refresh.get(token);
  }

  /**
   * Revokes an access or refresh token. Revoking a refresh token revokes every access token
   * minted from it. Returns false when the token is unknown.
   */
  revoke(token: string, options: { cascade?: boolean } = {}): boolean {
    const a = this.#access.get(token);
    if (a) {
      a.revoked = true;
      return true;
    }
    const r = this.#refresh.get(token);
    if (!r) return false;
    r.revoked = true;
    if (options.cascade !== false) {
      for (const t of r.accessTokens) {
        const x = this.#access.get(t);
        if (x) x.revoked = true;
      }
    }
    return true;
  }

  /** Revokes every token (access and refresh) matching the filter; returns how many. */
  revokeAll(filter?: TokenFilter): number {
    let n = 0;
    for (const r of [...this.#access.values(), ...this.#refresh.values()]) {
      if (!r.revoked && matches(r, filter)) {
        r.revoked = true;
        n++;
      }
    }
    return n;
  }

  /** Makes matching access tokens expire now; returns how many changed. */
  expireAccessTokens(filter?: TokenFilter): number {
    const now = this.#clock.now();
    let n = 0;
    for (const r of this.#access.values()) {
      if (matches(r, filter) && r.expiresAt > now) {
        r.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  /** Makes matching refresh tokens expire now; returns how many changed. */
  expireRefreshTokens(filter?: TokenFilter): number {
    const now = this.#clock.now();
    let n = 0;
    for (const r of this.#refresh.values()) {
      if (matches(r, filter) && (r.expiresAt === undefined || r.expiresAt > now)) {
        r.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  /** Refresh tokens matching the filter, oldest first. */
  refreshTokens(filter?: TokenFilter): RefreshTokenRecord[] {
    return [...this.#refresh.values()].filter((r) => matches(r, filter));
  }

  /** Access tokens matching the filter, oldest first. */
  accessTokens(filter?: TokenFilter): AccessTokenRecord[] {
    return [...this.#access.values()].filter((r) => matches(r, filter));
  }

  /** Forgets everything. */
  clear(): void {
    this.#codes.clear();
    this.#access.clear();
    this.#refresh.clear();
  }
}
