import { fakePerson, isoZ, recordTimes, words } from "../../core/data.js";
import { escapeXml } from "../../core/http.js";
import { FALLBACK, type HighriseShared, type Resource } from "./state.js";

type XmlValue = string | number | boolean | null | undefined | XmlNode[];
/** One element: name, value, and the Rails `type` attribute when typed. */
export type XmlNode = [
  name: string,
  value: XmlValue,
  type?: "integer" | "datetime" | "boolean" | "array",
];

function xmlNode([name, value, type]: XmlNode): string {
  if (value === null || value === undefined) {
    return `<${name}${type && type !== "array" ? ` type="${type}"` : ""} nil="true"></${name}>`;
  }
  const attr = type ? ` type="${type}"` : "";
  if (Array.isArray(value)) return `<${name}${attr}>${value.map(xmlNode).join("")}</${name}>`;
  return `<${name}${attr}>${escapeXml(String(value))}</${name}>`;
}

export const xmlDoc = (root: XmlNode) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${xmlNode(root)}\n`;

export const hrTime = (ms: number): string => isoZ(ms);

function companyName(s: HighriseShared, i: number): string {
  const rng = s.core.rng("companies", i);
  return `${rng.pick(words.companyStems)} ${rng.pick(words.companySuffixes)} ${i + 1}`;
}

export function personNodes(s: HighriseShared, i: number): XmlNode[] {
  const rng = s.core.rng("people", i);
  const p = fakePerson(rng, i);
  const t = recordTimes(rng, i);
  const companies = s.core.datasetSize("companies", FALLBACK.companies);
  const ci = companies > 0 && rng.chance(0.8) ? rng.int(0, companies - 1) : -1;
  return [
    ["id", 1000 + i, "integer"],
    ["first-name", p.firstName],
    ["last-name", p.lastName],
    ["title", rng.pick(["CEO", "CTO", "Buyer", "Sales Manager", "Engineer", ""])],
    ["background", null],
    ["company-id", ci >= 0 ? 500_000 + ci : null, "integer"],
    ["company-name", ci >= 0 ? companyName(s, ci) : null],
    ["created-at", hrTime(t.created), "datetime"],
    ["updated-at", hrTime(t.modified), "datetime"],
    ["visible-to", "Everyone"],
    ["owner-id", null, "integer"],
    ["group-id", null, "integer"],
    ["author-id", s.userId, "integer"],
    [
      "contact-data",
      [
        [
          "email-addresses",
          [
            [
              "email-address",
              [
                ["id", 7000 + i, "integer"],
                ["address", p.email],
                ["location", "Work"],
              ],
            ],
          ],
          "array",
        ],
        [
          "phone-numbers",
          [
            [
              "phone-number",
              [
                ["id", 8000 + i, "integer"],
                ["number", p.phone],
                ["location", "Work"],
              ],
            ],
          ],
          "array",
        ],
        [
          "addresses",
          [
            [
              "address",
              [
                ["id", 9000 + i, "integer"],
                ["city", p.city],
                ["country", p.country],
                ["street", p.street],
                ["location", "Work"],
              ],
            ],
          ],
          "array",
        ],
      ],
    ],
    ["subject_datas", [], "array"],
  ];
}

function companyNodes(s: HighriseShared, i: number): XmlNode[] {
  const rng = s.core.rng("companies", i);
  const t = recordTimes(rng, i);
  const [city, country] = rng.pick(words.cities);
  return [
    ["id", 500_000 + i, "integer"],
    ["name", companyName(s, i)],
    ["background", `${rng.pick(words.industries)} company`],
    ["created-at", hrTime(t.created), "datetime"],
    ["updated-at", hrTime(t.modified), "datetime"],
    ["visible-to", "Everyone"],
    ["owner-id", null, "integer"],
    ["group-id", null, "integer"],
    ["author-id", s.userId, "integer"],
    [
      "contact-data",
      [
        [
          "addresses",
          [
            [
              "address",
              [
                ["id", 600_000 + i, "integer"],
                ["city", city],
                ["country", country],
              ],
            ],
          ],
          "array",
        ],
      ],
    ],
  ];
}

function dealNodes(s: HighriseShared, i: number): XmlNode[] {
  const rng = s.core.rng("deals", i);
  const t = recordTimes(rng, i);
  const people = s.core.datasetSize("people", FALLBACK.people);
  const status = rng.pick(["pending", "pending", "won", "lost"]);
  return [
    ["id", 40_000 + i, "integer"],
    ["name", `${rng.pick(words.adjectives)} ${rng.pick(words.products)} deal #${i + 1}`],
    ["background", null],
    ["status", status],
    ["status-changed-on", status === "pending" ? null : hrTime(t.modified).slice(0, 10)],
    ["currency", rng.pick(["USD", "EUR"])],
    ["price", rng.int(5, 500) * 100, "integer"],
    ["price-type", "fixed"],
    ["duration", null, "integer"],
    ["party-id", people > 0 ? 1000 + rng.int(0, people - 1) : null, "integer"],
    ["category-id", null, "integer"],
    ["responsible-party-id", s.userId, "integer"],
    ["author-id", s.userId, "integer"],
    ["visible-to", "Everyone"],
    ["created-at", hrTime(t.created), "datetime"],
    ["updated-at", hrTime(t.modified), "datetime"],
    ["account-id", s.accountId, "integer"],
  ];
}

export const ELEMENT: Record<Resource, string> = {
  people: "person",
  companies: "company",
  deals: "deal",
};
export function nodes(s: HighriseShared, r: Resource, i: number): XmlNode[] {
  return r === "people"
    ? personNodes(s, i)
    : r === "companies"
      ? companyNodes(s, i)
      : dealNodes(s, i);
}
