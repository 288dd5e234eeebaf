/** Deterministic pseudo-random numbers (mulberry32). */
export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Hex string of n characters. */
  hex(n: number): string;
}

function hashKeys(keys: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const k of keys) {
    const s = `${k}\u0001`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

/** A generator for (keys...): the same keys always give the same sequence. */
export function createRng(...keys: (string | number)[]): Rng {
  let a = hashKeys(keys);
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
    hex: (n) => {
      let s = "";
      while (s.length < n) s += Math.floor(next() * 16).toString(16);
      return s;
    },
  };
  return rng;
}

/** Word lists for realistic records. */
export const words = {
  firstNames: [
    "Ada",
    "Alan",
    "Amara",
    "Ana",
    "Arjun",
    "Beatriz",
    "Ben",
    "Carla",
    "Chen",
    "Chloe",
    "Daniel",
    "Diego",
    "Elena",
    "Emma",
    "Farah",
    "Felix",
    "Grace",
    "Hana",
    "Hugo",
    "Ines",
    "Ivan",
    "Jamal",
    "Jana",
    "Kenji",
    "Lara",
    "Leo",
    "Lina",
    "Lucas",
    "Maya",
    "Mei",
    "Nadia",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Sara",
    "Sofia",
    "Tariq",
    "Tom",
    "Uma",
    "Victor",
    "Wei",
    "Yara",
    "Zoe",
  ],
  lastNames: [
    "Adams",
    "Ahmed",
    "Berg",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Martin",
    "Meyer",
    "Nakamura",
    "Novak",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Tanaka",
    "Urban",
    "Varga",
    "Wang",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
  ],
  companyStems: [
    "Acme",
    "Blue Harbor",
    "Brightline",
    "Cedar",
    "Copperleaf",
    "Delta",
    "Evergreen",
    "Falcon",
    "Granite",
    "Helix",
    "Ironwood",
    "Juniper",
    "Keystone",
    "Lumen",
    "Meridian",
    "Northwind",
    "Oakridge",
    "Pinnacle",
    "Quantum",
    "Redwood",
    "Silverline",
    "Summit",
    "Tidewater",
    "Umbra",
    "Vertex",
    "Willow",
    "Zenith",
  ],
  companySuffixes: ["Ltd", "GmbH", "Inc", "LLC", "SA", "BV", "Group", "Labs", "Systems", "Trading"],
  cities: [
    ["Amsterdam", "Netherlands"],
    ["Berlin", "Germany"],
    ["Chennai", "India"],
    ["Dublin", "Ireland"],
    ["Lisbon", "Portugal"],
    ["London", "United Kingdom"],
    ["Lyon", "France"],
    ["Madrid", "Spain"],
    ["Melbourne", "Australia"],
    ["Milan", "Italy"],
    ["Osaka", "Japan"],
    ["Oslo", "Norway"],
    ["Toronto", "Canada"],
    ["Austin", "United States"],
    ["Warsaw", "Poland"],
    ["Riyadh", "Saudi Arabia"],
  ] as const,
  industries: [
    "Software",
    "Manufacturing",
    "Retail",
    "Healthcare",
    "Finance",
    "Education",
    "Logistics",
    "Hospitality",
    "Energy",
    "Media",
  ],
  products: [
    "Widget",
    "Gadget",
    "Sensor",
    "Cable",
    "Adapter",
    "Bracket",
    "Valve",
    "Panel",
    "Module",
    "Controller",
    "Filter",
    "Pump",
    "Router",
    "Switch",
    "Lamp",
  ],
  adjectives: [
    "Compact",
    "Deluxe",
    "Eco",
    "Heavy-duty",
    "Mini",
    "Pro",
    "Smart",
    "Standard",
    "Ultra",
  ],
  streets: ["High St", "Main St", "Station Rd", "Market Sq", "Park Ave", "River Rd", "Church Ln"],
} as const;

/** A person with consistent name, email and company. */
export interface FakePerson {
  firstName: string;
  lastName: string;
  fullName: string;
  email: string;
  company: string;
  phone: string;
  city: string;
  country: string;
  street: string;
}

// Lower-case names and company names with their e-mail domains, built once: people are made for
// every generated record, so their strings are a hot path.
const lowerFirst = words.firstNames.map((n) => n.toLowerCase());
const lowerLast = words.lastNames.map((n) => n.toLowerCase());
const companies = words.companyStems.map((stem) =>
  words.companySuffixes.map((suffix) => `${stem} ${suffix}`),
);
const domains = words.companyStems.map((stem) => `${stem.split(" ")[0]!.toLowerCase()}.example`);

const index = (rng: Rng, length: number) => Math.floor(rng.next() * length);

/** A deterministic person; `i` keeps emails unique within a data set. */
export function fakePerson(rng: Rng, i: number): FakePerson {
  // Index picks draw exactly as `rng.pick` does, so the people stay the same.
  const first = index(rng, words.firstNames.length);
  const last = index(rng, words.lastNames.length);
  const stem = index(rng, words.companyStems.length);
  const company = companies[stem]![index(rng, words.companySuffixes.length)]!;
  const [city, country] = rng.pick(words.cities);
  const firstName = words.firstNames[first]!;
  const lastName = words.lastNames[last]!;
  const n = `${i}`;
  return {
    firstName,
    lastName,
    fullName: `${firstName} ${lastName}`,
    email: `${lowerFirst[first]}.${lowerLast[last]}.${Number.isFinite(i) ? n : n.toLowerCase()}@${domains[stem]}`,
    company,
    phone: `+1-555-${rng.int(100, 999)}-${rng.int(1000, 9999)}`,
    city,
    country,
    street: `${rng.int(1, 250)} ${rng.pick(words.streets)}`,
  };
}

/** Advances `rng` exactly as {@link fakePerson} does, without making the person. */
export function skipPerson(rng: Rng): void {
  for (let n = 0; n < PERSON_DRAWS; n++) rng.next();
}

/** How many numbers {@link fakePerson} draws: 5 picks and 4 integers. */
const PERSON_DRAWS = 9;

/** Fixed epoch the generated timestamps start from: 2024-01-01T00:00:00Z. */
export const DATA_EPOCH = Date.UTC(2024, 0, 1);

/**
 * Monotonic timestamps: record i was created at `DATA_EPOCH + i * stepMs + jitter` and modified
 * later, both strictly increasing with i (so "modified since T" is a suffix of the data set).
 */
export function recordTimes(
  rng: Rng,
  i: number,
  stepMs = 600_000,
): { created: number; modified: number } {
  const created = DATA_EPOCH + i * stepMs + rng.int(0, Math.floor(stepMs / 4));
  const modified = created + Math.floor(stepMs / 4) + rng.int(0, Math.floor(stepMs / 4));
  return { created, modified };
}

/** Years 1970 to 9999 are formatted directly; other times go through `Date`. */
const LAST_MS = Date.UTC(10000, 0, 1);

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `YYYY-MM-DDTHH:MM:SS` of `ms` (as `toISOString` prints it), or undefined outside 1970..9999.
 * Built from the day number (Hinnant's civil-from-days): formatting through `Date` was a large
 * part of generating records.
 */
function isoSeconds(ms: number): string | undefined {
  if (!(ms >= 0 && ms < LAST_MS)) return undefined;
  const days = Math.floor(ms / 86_400_000);
  const secs = Math.floor((ms - days * 86_400_000) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}T${two(h)}:${two(m)}:${two(secs % 60)}`;
}

/** ISO-8601 with offset, as Zoho prints it: `2024-01-01T10:20:30+00:00`. */
export function isoOffset(ms: number): string {
  const s = isoSeconds(ms);
  return s === undefined ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00") : `${s}+00:00`;
}

/** ISO-8601 UTC without milliseconds: `2024-01-01T10:20:30Z`. */
export function isoZ(ms: number): string {
  const s = isoSeconds(ms);
  return s === undefined ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z") : `${s}Z`;
}
