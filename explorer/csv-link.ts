import { Kind, parse, valueFromASTUntyped, type OperationDefinitionNode } from 'graphql';

/** The reports `/reports/<name>.csv` serves (src/modules/reporting/report-csv.ts). */
export const CSV_REPORTS = [
  'salesReport',
  'popularProducts',
  'popularServices',
  'topCustomers',
  'buyersOfProduct',
  'buyersOfServicePlan',
  'catalogSummary',
  'customerInsights',
];

/**
 * The CSV address of the report a tab runs: the operation's first root field with its arguments
 * (literals and variables alike) as query parameters, `a.b=value` for input fields, one parameter per
 * list item. Null with the reason when the tab runs no report.
 */
export function csvLinkFor(query: string, variablesText: string, operationName?: string | null): { url: string } | { reason: string } {
  let operation: OperationDefinitionNode | undefined;
  try {
    const operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    operation = operations.find((o) => operationName && o.name?.value === operationName) ?? operations[0];
  } catch {
    return { reason: 'The query does not parse yet.' };
  }
  if (!operation || operation.operation !== 'query') return { reason: 'Only a query can be downloaded.' };
  const field = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  if (!field || field.kind !== Kind.FIELD || !CSV_REPORTS.includes(field.name.value)) {
    return { reason: `CSV is offered for ${CSV_REPORTS.join(', ')}.` };
  }
  let variables: Record<string, unknown> = {};
  try {
    variables = variablesText.trim() ? (JSON.parse(variablesText) as Record<string, unknown>) : {};
  } catch {
    return { reason: 'The variables are not valid JSON.' };
  }
  const params = new URLSearchParams();
  const add = (key: string, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) for (const item of value) add(key, item);
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) add(`${key}.${k}`, v);
    else params.append(key, String(value));
  };
  for (const argument of field.arguments ?? []) add(argument.name.value, valueFromASTUntyped(argument.value, variables));
  const search = params.toString();
  return { url: `/reports/${field.name.value}.csv${search ? `?${search}` : ''}` };
}

/** Fetches the CSV with the tab's token and hands it to the browser as a download. */
export async function downloadCsv(url: string, token: string | null, fileName: string): Promise<void> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: { message: string; extensions?: { code?: string } }[] } | null;
    const error = body?.errors?.[0];
    throw new Error(error ? `${error.extensions?.code ?? response.status}: ${error.message}` : `The server answered ${response.status}`);
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
