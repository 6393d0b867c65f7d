/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation BackOfficeLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) { token expiresAt staff { name role } }\n  }\n": typeof types.BackOfficeLoginDocument,
    "\n  query BackOfficeCustomers($first: Int, $search: String) {\n    customers(first: $first, filter: { search: $search }) {\n      totalCount\n      edges { node { id kind displayName category city region } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.BackOfficeCustomersDocument,
    "\n  query BackOfficeCheapestInStock {\n    products(first: 3, filter: { status: ACTIVE, inStock: true }, orderBy: { field: PRICE, direction: ASC }) {\n      edges { node { id sku name stock price { amount currency } } }\n    }\n  }\n": typeof types.BackOfficeCheapestInStockDocument,
    "\n  mutation BackOfficeCreateSale($input: CreateSaleInput!) {\n    createSale(input: $input) {\n      id number status expiresAt\n      lines { description quantity total { amount } }\n      total { amount currency }\n    }\n  }\n": typeof types.BackOfficeCreateSaleDocument,
    "\n  mutation BackOfficePaySale($id: ID!, $input: PaySaleInput!) {\n    paySale(id: $id, input: $input) { id number status paidAt paymentMethod total { amount currency } }\n  }\n": typeof types.BackOfficePaySaleDocument,
    "\n  query BackOfficeRevenueByRegion($fromDate: LocalDate!, $toDate: LocalDate!) {\n    salesReport(groupBy: [REGION], filter: { createdAt: { fromDate: $fromDate, toDate: $toDate } }, orderBy: { measure: REVENUE }) {\n      keys { dimension value label }\n      salesCount\n      units\n      revenue\n      currency\n    }\n  }\n": typeof types.BackOfficeRevenueByRegionDocument,
};
const documents: Documents = {
    "\n  mutation BackOfficeLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) { token expiresAt staff { name role } }\n  }\n": types.BackOfficeLoginDocument,
    "\n  query BackOfficeCustomers($first: Int, $search: String) {\n    customers(first: $first, filter: { search: $search }) {\n      totalCount\n      edges { node { id kind displayName category city region } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.BackOfficeCustomersDocument,
    "\n  query BackOfficeCheapestInStock {\n    products(first: 3, filter: { status: ACTIVE, inStock: true }, orderBy: { field: PRICE, direction: ASC }) {\n      edges { node { id sku name stock price { amount currency } } }\n    }\n  }\n": types.BackOfficeCheapestInStockDocument,
    "\n  mutation BackOfficeCreateSale($input: CreateSaleInput!) {\n    createSale(input: $input) {\n      id number status expiresAt\n      lines { description quantity total { amount } }\n      total { amount currency }\n    }\n  }\n": types.BackOfficeCreateSaleDocument,
    "\n  mutation BackOfficePaySale($id: ID!, $input: PaySaleInput!) {\n    paySale(id: $id, input: $input) { id number status paidAt paymentMethod total { amount currency } }\n  }\n": types.BackOfficePaySaleDocument,
    "\n  query BackOfficeRevenueByRegion($fromDate: LocalDate!, $toDate: LocalDate!) {\n    salesReport(groupBy: [REGION], filter: { createdAt: { fromDate: $fromDate, toDate: $toDate } }, orderBy: { measure: REVENUE }) {\n      keys { dimension value label }\n      salesCount\n      units\n      revenue\n      currency\n    }\n  }\n": types.BackOfficeRevenueByRegionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) { token expiresAt staff { name role } }\n  }\n"): (typeof documents)["\n  mutation BackOfficeLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) { token expiresAt staff { name role } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeCustomers($first: Int, $search: String) {\n    customers(first: $first, filter: { search: $search }) {\n      totalCount\n      edges { node { id kind displayName category city region } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeCustomers($first: Int, $search: String) {\n    customers(first: $first, filter: { search: $search }) {\n      totalCount\n      edges { node { id kind displayName category city region } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeCheapestInStock {\n    products(first: 3, filter: { status: ACTIVE, inStock: true }, orderBy: { field: PRICE, direction: ASC }) {\n      edges { node { id sku name stock price { amount currency } } }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeCheapestInStock {\n    products(first: 3, filter: { status: ACTIVE, inStock: true }, orderBy: { field: PRICE, direction: ASC }) {\n      edges { node { id sku name stock price { amount currency } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeCreateSale($input: CreateSaleInput!) {\n    createSale(input: $input) {\n      id number status expiresAt\n      lines { description quantity total { amount } }\n      total { amount currency }\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeCreateSale($input: CreateSaleInput!) {\n    createSale(input: $input) {\n      id number status expiresAt\n      lines { description quantity total { amount } }\n      total { amount currency }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficePaySale($id: ID!, $input: PaySaleInput!) {\n    paySale(id: $id, input: $input) { id number status paidAt paymentMethod total { amount currency } }\n  }\n"): (typeof documents)["\n  mutation BackOfficePaySale($id: ID!, $input: PaySaleInput!) {\n    paySale(id: $id, input: $input) { id number status paidAt paymentMethod total { amount currency } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeRevenueByRegion($fromDate: LocalDate!, $toDate: LocalDate!) {\n    salesReport(groupBy: [REGION], filter: { createdAt: { fromDate: $fromDate, toDate: $toDate } }, orderBy: { measure: REVENUE }) {\n      keys { dimension value label }\n      salesCount\n      units\n      revenue\n      currency\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeRevenueByRegion($fromDate: LocalDate!, $toDate: LocalDate!) {\n    salesReport(groupBy: [REGION], filter: { createdAt: { fromDate: $fromDate, toDate: $toDate } }, orderBy: { measure: REVENUE }) {\n      keys { dimension value label }\n      salesCount\n      units\n      revenue\n      currency\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;