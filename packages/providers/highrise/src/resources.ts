import { offsetPagination, type ResourceDefinition } from "@x/connector-kit";
import { listItems, parseXmlBody } from "./xml.js";

/** A list paged with `?n=<offset>`: a page shorter than `pageSize` is the last one. */
function list(
  path: string,
  pageSize: number,
  params: (p: Record<string, unknown>) => Record<string, string | undefined> = () => ({}),
): ResourceDefinition {
  return {
    firstRequest: (p) => ({ path, searchParams: params(p) }),
    pagination: offsetPagination({ offsetParam: "n", pageSize, items: listItems }),
    parse: parseXmlBody,
  };
}

/** Highrise's lists: 500 a page for people, companies and deals; 25 for search. */
export const highriseResources: Record<string, ResourceDefinition> = {
  people: list("people.xml", 500, (p) => ({
    since: p.since === undefined ? undefined : String(p.since),
  })),
  companies: list("companies.xml", 500, (p) => ({
    since: p.since === undefined ? undefined : String(p.since),
  })),
  deals: list("deals.xml", 500),
  people_search: list("people/search.xml", 25, (p) => ({ term: String(p.term ?? "") })),
};
