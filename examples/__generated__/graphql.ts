/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A new sale (invoice) registered by a sales agent: it starts PENDING and holds its stock until paid, cancelled or expired. */
export type CreateSaleInput = {
  /** Id of the buying customer. */
  customerId: string | number;
  /** Sending the same key again returns the first sale and writes nothing; the same key with other input is CONFLICT (detail IDEMPOTENCY_KEY_REUSED). */
  idempotencyKey?: string | null | undefined;
  /** What is sold: 1 to 50 lines, each a product or a service plan with a quantity. */
  lines: Array<SaleLineInput>;
  /** Free text kept with the sale (delivery details, the customer’s request); optional. */
  notes?: string | null | undefined;
  /** A promotion’s code to apply, any letter case; refused (BAD_USER_INPUT, with a detail such as PROMOTION_EXPIRED) when it does not apply. */
  promotionCode?: string | null | undefined;
};

/** Loyalty category of a customer, which promotions and offers may target. Rule: LOYAL after 730 days with 5 paid purchases or 5,000,000 COP spent; REGULAR after 180 days or 2 paid purchases; NEW otherwise (thresholds set in configuration). */
export type CustomerCategory =
  /** A customer for at least 730 days with 5 paid purchases or 5,000,000 COP spent (net), or set by hand. */
  | 'LOYAL'
  /** A customer for less than 180 days with fewer than 2 paid purchases. */
  | 'NEW'
  /** A customer for at least 180 days or with at least 2 paid purchases, not yet LOYAL. */
  | 'REGULAR';

/** Whether a customer is a person or a company; it follows from the document type (NIT: a company). */
export type CustomerKind =
  /** A company, identified by its NIT; named by its `legalName`, with a contact person in `firstName`/`lastName`. */
  | 'COMPANY'
  /** A private person, identified by a CC, CE or passport; named by first and last name. */
  | 'PERSON';

/** How a PENDING sale was paid. */
export type PaySaleInput = {
  /** Cash, card, bank transfer or financing. */
  method: PaymentMethod;
  /** The payment’s own reference (voucher, transfer id). */
  reference?: string | null | undefined;
};

/** How a customer paid a sale. */
export type PaymentMethod =
  /** Debit or credit card at the till (datáfono). */
  | 'CARD'
  /** Cash at the store. */
  | 'CASH'
  /** Paid in instalments through a financing partner. */
  | 'FINANCING'
  /** Bank transfer (PSE or similar); `paymentReference` holds its reference. */
  | 'TRANSFER';

/** What a staff account may do. Every operation names the roles it allows; ADMIN may do everything. */
export type Role =
  /** Everything any other role may do, and staff management. */
  | 'ADMIN'
  /** Reads customers, catalog, sales and reports. */
  | 'ANALYST'
  /** External partner application. */
  | 'PARTNER'
  /** Manages customers, their interactions and subscriptions; sells. */
  | 'SALES_AGENT';

/** One line of a new sale: a product or a service plan, and how many. */
export type SaleLineInput = {
  /** Exactly one of productId and servicePlanId. */
  productId?: string | number | null | undefined;
  /** 1 to 1000; for a plan, how many subscriptions it opens when paid. */
  quantity: number;
  /** The service plan sold (ACTIVE and within its dates); not with `productId`. */
  servicePlanId?: string | number | null | undefined;
};

/** Where a sale stands in its lifecycle: PENDING → PAID | CANCELLED; PAID → REFUNDED. */
export type SaleStatus =
  /** Cancelled before payment (by hand or when its hold expired): stock released. Final. */
  | 'CANCELLED'
  /** Paid: its service-plan lines opened subscriptions. */
  | 'PAID'
  /** Created, not paid: holds its stock until paid, cancelled or expired. */
  | 'PENDING'
  /** Paid, then refunded: stock back, subscriptions cancelled. Final. */
  | 'REFUNDED';

/** An axis of `salesReport`. Sale-level: DAY, WEEK, MONTH, YEAR (buckets in the business time zone), REGION and CITY (the customer’s billing address), CUSTOMER_CATEGORY, SELLER, STATUS, PAYMENT_METHOD: they group whole sales. Line-level: PRODUCT, BRAND, PRODUCT_CATEGORY (product lines only) and SERVICE_PLAN, SERVICE_TYPE (service-plan lines only): grouping by them counts only the lines that sell such an item, so a sale with a phone and a plan counts in both a BRAND row and a SERVICE_TYPE report, each with its own lines’ units and revenue. A product dimension and a service-plan dimension cannot be combined (no line is both): BAD_USER_INPUT. */
export type SalesDimension =
  /** Line-level, product lines only; value the brand id, label its name. */
  | 'BRAND'
  /** City of the customer’s billing address; value the city, label "city, region". */
  | 'CITY'
  /** The customer’s current category (NEW, REGULAR, LOYAL). */
  | 'CUSTOMER_CATEGORY'
  /** Calendar day in the business time zone; value "2026-03-05", label "2026-03-05". */
  | 'DAY'
  /** Calendar month in the business time zone; value "2026-03-01", label "2026-03". */
  | 'MONTH'
  /** How the sale was paid; value null for sales without payment (PENDING, CANCELLED). */
  | 'PAYMENT_METHOD'
  /** Line-level, product lines only; value the product id, label its name. */
  | 'PRODUCT'
  /** Line-level, product lines only; value the category id, label its name. */
  | 'PRODUCT_CATEGORY'
  /** Region (department) of the customer’s billing address; value and label the region. */
  | 'REGION'
  /** The staff member who registered the sale; value the staff id, label the name. */
  | 'SELLER'
  /** Line-level, service-plan lines only; value the plan id, label its name. */
  | 'SERVICE_PLAN'
  /** Line-level, service-plan lines only; value and label the ServiceType. */
  | 'SERVICE_TYPE'
  /** The sale’s status (filter `statuses` to see others than PAID). */
  | 'STATUS'
  /** ISO week (Monday to Sunday) in the business time zone; value its Monday "2026-03-02", label "2026-W10". */
  | 'WEEK'
  /** Calendar year in the business time zone; value "2026-01-01", label "2026". */
  | 'YEAR';

export type BackOfficeLoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type BackOfficeLoginMutation = { login: { token: string, expiresAt: string, staff: { name: string, role: Role } } };

export type BackOfficeCustomersQueryVariables = Exact<{
  first?: number | null | undefined;
  search?: string | null | undefined;
}>;


export type BackOfficeCustomersQuery = { customers: { totalCount: number, edges: Array<{ node: { id: string, kind: CustomerKind, displayName: string, category: CustomerCategory, city: string, region: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type BackOfficeCheapestInStockQueryVariables = Exact<{ [key: string]: never; }>;


export type BackOfficeCheapestInStockQuery = { products: { edges: Array<{ node: { id: string, sku: string, name: string, stock: number, price: { amount: string, currency: string } } }> } };

export type BackOfficeCreateSaleMutationVariables = Exact<{
  input: CreateSaleInput;
}>;


export type BackOfficeCreateSaleMutation = { createSale: { id: string, number: string, status: SaleStatus, expiresAt: string | null, lines: Array<{ description: string, quantity: number, total: { amount: string } }>, total: { amount: string, currency: string } } };

export type BackOfficePaySaleMutationVariables = Exact<{
  id: string | number;
  input: PaySaleInput;
}>;


export type BackOfficePaySaleMutation = { paySale: { id: string, number: string, status: SaleStatus, paidAt: string | null, paymentMethod: PaymentMethod | null, total: { amount: string, currency: string } } };

export type BackOfficeRevenueByRegionQueryVariables = Exact<{
  fromDate: string;
  toDate: string;
}>;


export type BackOfficeRevenueByRegionQuery = { salesReport: Array<{ salesCount: number, units: number, revenue: string, currency: string, keys: Array<{ dimension: SalesDimension, value: string | null, label: string | null }> }> };


export const BackOfficeLoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BackOfficeLogin"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"staff"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<BackOfficeLoginMutation, BackOfficeLoginMutationVariables>;
export const BackOfficeCustomersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BackOfficeCustomers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"region"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<BackOfficeCustomersQuery, BackOfficeCustomersQueryVariables>;
export const BackOfficeCheapestInStockDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BackOfficeCheapestInStock"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"ACTIVE"}},{"kind":"ObjectField","name":{"kind":"Name","value":"inStock"},"value":{"kind":"BooleanValue","value":true}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"PRICE"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"ASC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stock"}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BackOfficeCheapestInStockQuery, BackOfficeCheapestInStockQueryVariables>;
export const BackOfficeCreateSaleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BackOfficeCreateSale"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSaleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSale"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}}]} as unknown as DocumentNode<BackOfficeCreateSaleMutation, BackOfficeCreateSaleMutationVariables>;
export const BackOfficePaySaleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BackOfficePaySale"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PaySaleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"paySale"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"paidAt"}},{"kind":"Field","name":{"kind":"Name","value":"paymentMethod"}},{"kind":"Field","name":{"kind":"Name","value":"total"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]}}]} as unknown as DocumentNode<BackOfficePaySaleMutation, BackOfficePaySaleMutationVariables>;
export const BackOfficeRevenueByRegionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BackOfficeRevenueByRegion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromDate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toDate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LocalDate"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"salesReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"REGION"}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"createdAt"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"fromDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromDate"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"toDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toDate"}}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"measure"},"value":{"kind":"EnumValue","value":"REVENUE"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"keys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dimension"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"salesCount"}},{"kind":"Field","name":{"kind":"Name","value":"units"}},{"kind":"Field","name":{"kind":"Name","value":"revenue"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}}]}}]} as unknown as DocumentNode<BackOfficeRevenueByRegionQuery, BackOfficeRevenueByRegionQueryVariables>;