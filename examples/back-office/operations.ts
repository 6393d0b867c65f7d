/**
 * The operations of the back-office example, typed by `npm run codegen` (codegen.yml) into
 * examples/__generated__/: each `graphql(...)` call returns a TypedDocumentNode, so Apollo Client
 * knows the variables it takes and the data it returns.
 */
import { graphql } from '../__generated__';

export const Login = graphql(`
  mutation BackOfficeLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) { token expiresAt staff { name role } }
  }
`);

export const Customers = graphql(`
  query BackOfficeCustomers($first: Int, $search: String) {
    customers(first: $first, filter: { search: $search }) {
      totalCount
      edges { node { id kind displayName category city region } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const CheapestInStock = graphql(`
  query BackOfficeCheapestInStock {
    products(first: 3, filter: { status: ACTIVE, inStock: true }, orderBy: { field: PRICE, direction: ASC }) {
      edges { node { id sku name stock price { amount currency } } }
    }
  }
`);

export const CreateSale = graphql(`
  mutation BackOfficeCreateSale($input: CreateSaleInput!) {
    createSale(input: $input) {
      id number status expiresAt
      lines { description quantity total { amount } }
      total { amount currency }
    }
  }
`);

export const PaySale = graphql(`
  mutation BackOfficePaySale($id: ID!, $input: PaySaleInput!) {
    paySale(id: $id, input: $input) { id number status paidAt paymentMethod total { amount currency } }
  }
`);

/** Revenue by region over calendar days in the business time zone (`toDate` excluded). */
export const RevenueByRegion = graphql(`
  query BackOfficeRevenueByRegion($fromDate: LocalDate!, $toDate: LocalDate!) {
    salesReport(groupBy: [REGION], filter: { createdAt: { fromDate: $fromDate, toDate: $toDate } }, orderBy: { measure: REVENUE }) {
      keys { dimension value label }
      salesCount
      units
      revenue
      currency
    }
  }
`);
