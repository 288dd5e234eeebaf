export * from "./columns.js";
export type {
  BatchRecordResult,
  BatchWrite,
  CompleteContext,
  KeyedChanges,
  PushdownMapping,
  QueryListing,
  RecordFailure,
  TableDeclaration,
  TableQuery,
  WriteResult,
} from "./declaration.js";
export { defineTable } from "./declaration.js";
export {
  type ColumnFilter,
  type Condition,
  type FilterNode,
  formatFilter,
  MATCH_ALL,
  matches,
  OPERATORS,
  type Operator,
  operatorsFor,
  parseWhere,
  type Where,
} from "./filter.js";
export { Listing } from "./listing.js";
export {
  renderTablesMarkdown,
  replaceTablesSection,
  TABLES_END,
  TABLES_START,
} from "./markdown.js";
export { type Explanation, type ListPlan, type OrderTerm, planList } from "./plan.js";
export * from "./table.js";
export { validateRecord } from "./validate.js";
