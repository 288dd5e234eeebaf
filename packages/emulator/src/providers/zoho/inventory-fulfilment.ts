import { fakePerson } from "../../core/data.js";
import { byDate } from "./inventory-documents.js";
import { day, type InvTable, money, num, resource, stamps, times } from "./inventory-model.js";

// The resources around sales orders: customer payments, packages, shipment orders, returns.

/** Packages of sales orders; a generated shipment order ships the package of its number. */
const packageTable = resource("packages", {
  one: "package",
  key: "package_id",
  prefix: "56",
  fallback: 80,
  label: "Package",
  fields: {
    salesorder_id: { type: "string", required: true },
    date: { type: "date", required: true },
    package_number: { type: "string", nullable: true },
    notes: { type: "string", nullable: true },
    line_items: { type: "json" },
    status: { type: "string", readOnly: true },
    customer_id: { type: "string", readOnly: true },
    salesorder_number: { type: "string", readOnly: true },
    ...stamps,
  },
  defaults: (n) => ({ status: "not_shipped", package_number: `PKG-${num(n)}` }),
  refs: { salesorder_id: "salesorders" },
  query: ["salesorder_id"],
  generate(g, i) {
    const rng = g.rng("packages", i);
    const t = times(rng, i);
    const orders = g.size("salesorders");
    const order = orders > 0 ? rng.int(0, orders - 1) : -1;
    return {
      package_number: `PKG-${num(i + 1)}`,
      salesorder_id: order >= 0 ? g.ref("salesorders", order) : null,
      salesorder_number: order >= 0 ? `SO-${num(order + 1)}` : null,
      customer_id: null,
      date: day(t.created),
      status: rng.pick(["not_shipped", "shipped", "delivered"]),
      notes: null,
      created_time: t.created_time,
      last_modified_time: t.last_modified_time,
    };
  },
});

/** Customer payments, packages, shipment orders and sales returns, by table name. */
export const FULFILMENT_TABLES = {
  customerpayments: resource("customerpayments", {
    one: "payment",
    key: "payment_id",
    prefix: "54",
    fallback: 150,
    label: "Payment",
    fields: {
      customer_id: { type: "string", required: true },
      amount: { type: "decimal", required: true },
      date: { type: "date", required: true },
      payment_mode: { type: "string", required: true },
      reference_number: { type: "string", nullable: true },
      description: { type: "string", nullable: true },
      payment_number: { type: "string", readOnly: true },
      customer_name: { type: "string", readOnly: true },
      ...stamps,
    },
    defaults: (n) => ({ payment_number: String(n) }),
    refs: { customer_id: "contacts" },
    filters: [{ param: "customer_id", field: "customer_id", test: "eq" }, ...byDate],
    generate(g, i) {
      const rng = g.rng("customerpayments", i);
      const t = times(rng, i);
      const contacts = g.size("contacts");
      return {
        payment_number: String(i + 1),
        customer_id: contacts > 0 ? g.ref("contacts", rng.int(0, contacts - 1)) : null,
        customer_name: fakePerson(rng, i).company,
        amount: money(rng, 10, 5000),
        date: day(t.created),
        payment_mode: rng.pick(["cash", "check", "banktransfer", "creditcard"]),
        reference_number: rng.chance(0.5) ? `PAY-${rng.int(1000, 9999)}` : null,
        description: null,
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  }),
  packages: packageTable,
  shipments: resource("shipments", {
    path: "shipmentorders",
    list: "shipmentorders",
    one: "shipment_order",
    key: "shipment_id",
    prefix: "57",
    scope: "shipmentorders",
    fallback: 40,
    label: "Shipment Order",
    fields: {
      salesorder_id: { type: "string", required: true },
      package_ids: { type: "json", required: true },
      shipment_number: { type: "string", required: true },
      date: { type: "date", required: true },
      delivery_method: { type: "string", required: true },
      tracking_number: { type: "string", required: true },
      shipping_charge: { type: "decimal", nullable: true },
      notes: { type: "string", nullable: true },
      status: { type: "string", readOnly: true },
      carrier: { type: "string", readOnly: true },
      ...stamps,
    },
    defaults: () => ({ status: "shipped" }),
    refs: { salesorder_id: "salesorders" },
    query: ["salesorder_id", "package_ids"],
    unlisted: true,
    generate(g, i) {
      const rng = g.rng("shipments", i);
      const t = times(rng, i);
      const packages = g.size("packages");
      // Shipment i ships package i (of that package's sales order).
      const pkg = packages > 0 ? i % packages : -1;
      const order = pkg >= 0 ? packageTable.generate(g, pkg).salesorder_id : null;
      const method = rng.pick(["FedEx", "UPS", "DHL", "Courier"]);
      return {
        shipment_number: `SH-${num(i + 1)}`,
        salesorder_id: order,
        package_ids: pkg >= 0 ? [g.ref("packages", pkg)] : [],
        date: day(t.created),
        status: rng.pick(["shipped", "delivered"]),
        delivery_method: method,
        carrier: method,
        tracking_number: `TRK${rng.int(100000, 999999)}`,
        shipping_charge: null,
        notes: null,
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  }),
  salesreturns: resource("salesreturns", {
    one: "salesreturn",
    key: "salesreturn_id",
    prefix: "58",
    fallback: 40,
    label: "Sales return",
    fields: {
      salesorder_id: { type: "string", required: true },
      date: { type: "date", required: true },
      reason: { type: "string", nullable: true },
      line_items: { type: "json" },
      salesreturn_number: { type: "string", readOnly: true },
      salesreturn_status: { type: "string", readOnly: true },
      ...stamps,
    },
    defaults: (n) => ({ salesreturn_status: "pending", salesreturn_number: `RMA-${num(n)}` }),
    refs: { salesorder_id: "salesorders" },
    query: ["salesorder_id"],
    generate(g, i) {
      const rng = g.rng("salesreturns", i);
      const t = times(rng, i);
      const orders = g.size("salesorders");
      return {
        salesreturn_number: `RMA-${num(i + 1)}`,
        salesorder_id: orders > 0 ? g.ref("salesorders", rng.int(0, orders - 1)) : null,
        date: day(t.created),
        reason: rng.pick(["Damaged", "Wrong item", null]),
        salesreturn_status: rng.pick(["pending", "approved", "received"]),
        created_time: t.created_time,
        last_modified_time: t.last_modified_time,
      };
    },
  }),
} satisfies Record<string, InvTable>;
