import './monaco-environment';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import './explorer.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { ToolbarButton, useGraphiQL, type GraphiQLPlugin } from '@graphiql/react';
import type { Fetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { StrictMode, useMemo, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { csvLinkFor, downloadCsv } from './csv-link';
import { READY_MADE_REPORTS } from './reports';
import { loadSession, logIn, saveSession, type Session } from './session';

const TODAY = new Date();
/** The question as comment lines of at most ~72 characters, above the query. */
const asComment = (text: string) => text.replace(/(.{1,72})(\s+|$)/g, '# $1\n');
const reportTab = (report: (typeof READY_MADE_REPORTS)[number]) => ({
  query: `${asComment(report.question)}${report.query}\n`,
  variables: JSON.stringify(report.variables(TODAY), null, 2),
});

/**
 * GraphiQL applies `defaultTabs` only when the browser has no saved tabs (localStorage). So the
 * ready-made report tabs are added to saved tabs too, once per set of reports (a report tab the
 * analyst closes stays closed until the set changes), and the Reports panel reopens any of them.
 */
const TABS_KEY = 'graphiql:tabState';
const REPORTS_SET_KEY = 'claro-explorer:reports-set';
function addReadyMadeTabsToSavedOnes(): void {
  const set = READY_MADE_REPORTS.map((r) => r.id).join(',');
  try {
    const saved = localStorage.getItem(TABS_KEY);
    if (saved && localStorage.getItem(REPORTS_SET_KEY) !== set) {
      const state = JSON.parse(saved) as { activeTabIndex: number; tabs: { title: string }[] };
      const titles = new Set(state.tabs.map((tab) => tab.title));
      for (const report of READY_MADE_REPORTS) {
        const title = /query (\w+)/.exec(report.query)![1];
        if (titles.has(title)) continue;
        const tab = reportTab(report);
        state.tabs.push({ id: crypto.randomUUID(), hash: null, title, query: tab.query, variables: tab.variables, headers: null, operationName: title, response: null } as { title: string });
      }
      localStorage.setItem(TABS_KEY, JSON.stringify(state));
    }
    localStorage.setItem(REPORTS_SET_KEY, set);
  } catch {
    // Unreadable saved tabs: GraphiQL falls back to the default tabs itself.
  }
}

/**
 * What the active tab holds when the page opens: the report of `?report=<id>`, else the saved
 * active tab, else the first ready-made one. GraphiQL fills the first tab's query but not its
 * variables by itself; given both, it selects the tab holding them (or opens one for a report).
 */
function openingTab(): { query?: string; variables?: string } {
  const opened = READY_MADE_REPORTS.find((r) => r.id === new URLSearchParams(location.search).get('report'));
  if (opened) return reportTab(opened);
  try {
    const state = JSON.parse(localStorage.getItem(TABS_KEY) ?? 'null') as { activeTabIndex: number; tabs: { query: string | null; variables: string | null }[] } | null;
    const tab = state?.tabs[state.activeTabIndex];
    if (tab) return { query: tab.query ?? undefined, variables: tab.variables ?? undefined };
  } catch {
    // Unreadable saved tabs: GraphiQL starts from the default tabs.
  }
  return reportTab(READY_MADE_REPORTS[0]);
}

/**
 * The operation to run: GraphiQL updates its selected operation name 100 ms after the editor
 * changes, so a run right after switching tabs can carry the previous tab's name. A name the
 * document does not define is replaced by its only operation's (or dropped).
 */
function withDefinedOperationName<T extends { query: string; operationName?: string | null }>(params: T): T {
  if (!params.operationName) return params;
  let names: (string | undefined)[];
  try {
    names = parse(params.query)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => d.name?.value);
  } catch {
    return params;
  }
  if (names.includes(params.operationName)) return params;
  return { ...params, operationName: names.length === 1 ? names[0] : undefined };
}

function LoginBar({ session, onChange }: { session: Session | null; onChange(session: Session | null): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (session) {
    return (
      <header className="claro-bar">
        <strong>claro-graph explorer</strong>
        <span className="claro-who" data-testid="logged-in-as">
          Logged in as {session.name} ({session.role})
        </span>
        <button type="button" onClick={() => onChange(null)}>
          Log out
        </button>
      </header>
    );
  }
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      onChange(await logIn(String(form.get('email')), String(form.get('password'))));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <header className="claro-bar">
      <strong>claro-graph explorer</strong>
      <form className="claro-login" onSubmit={submit} aria-label="Log in">
        <input name="email" type="email" placeholder="email" autoComplete="username" required aria-label="Email" />
        <input name="password" type="password" placeholder="password" autoComplete="current-password" required aria-label="Password" />
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <span className={error ? 'claro-error' : 'claro-hint'} role={error ? 'alert' : undefined}>
        {error ?? 'Log in to run reports: every request then carries your token (this tab only).'}
      </span>
    </header>
  );
}

function CsvButton({ token }: { token: string | null }) {
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const operationName = useGraphiQL((state) => state.operationName);
  const [message, setMessage] = useState<string | null>(null);
  const download = async () => {
    const link = csvLinkFor(queryEditor?.getValue() ?? '', variableEditor?.getValue() ?? '', operationName);
    if ('reason' in link) {
      setMessage(link.reason);
      return;
    }
    try {
      await downloadCsv(link.url, token, `${/\/reports\/(\w+)\.csv/.exec(link.url)![1]}.csv`);
      setMessage(`Downloaded ${link.url}`);
    } catch (failure) {
      setMessage((failure as Error).message);
    }
  };
  return (
    <>
      <ToolbarButton label="Download this report as CSV" onClick={download} data-testid="csv-button">
        <span className="claro-csv-icon">CSV</span>
      </ToolbarButton>
      {message ? (
        <output className="claro-csv-message" onClick={() => setMessage(null)} title="Click to dismiss">
          {message}
        </output>
      ) : null}
    </>
  );
}

const reportsPlugin: GraphiQLPlugin = {
  title: 'Reports',
  icon: () => <span className="claro-reports-icon">R</span>,
  content: () => (
    <div className="claro-reports">
      <div className="graphiql-doc-explorer-title">Reports</div>
      <p>Ready-made reports: each opens in a tab of its own (or goes back to it). Run it with ▶, change it freely; the CSV button on the toolbar downloads what a report tab asks for.</p>
      <ul>
        {READY_MADE_REPORTS.map((report) => (
          <li key={report.id}>
            <a href={`?report=${report.id}`}>{/query (\w+)/.exec(report.query)![1]}</a>
            <br />
            <small>{report.question}</small>
          </li>
        ))}
      </ul>
      <p>
        Dates: <code>from</code> is included, <code>to</code> excluded, both UTC instants; a Bogotá day starts at 05:00Z. See the README, “For analysts”.
      </p>
    </div>
  ),
};

function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const token = session?.token ?? null;
  // A new fetcher when the token changes: GraphiQL then loads the schema again (with the token).
  const fetcher = useMemo<Fetcher>(
    () => async (params, options) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options?.headers as Record<string, string> | undefined),
        },
        body: JSON.stringify(withDefinedOperationName(params)),
      });
      return response.json();
    },
    [token],
  );
  const plugins = useMemo(() => [HISTORY_PLUGIN, reportsPlugin, explorerPlugin()], []);
  const [opening] = useState(openingTab);
  return (
    <div className="claro-app">
      <LoginBar
        session={session}
        onChange={(next) => {
          saveSession(next);
          setSession(next);
        }}
      />
      <div className="claro-graphiql">
        <GraphiQL
          fetcher={fetcher}
          plugins={plugins}
          defaultTabs={READY_MADE_REPORTS.map(reportTab)}
          initialQuery={opening.query}
          initialVariables={opening.variables}
          defaultEditorToolsVisibility
        >
          <GraphiQL.Toolbar>
            {({ prettify, copy, merge }) => (
              <>
                {prettify}
                {merge}
                {copy}
                <CsvButton token={token} />
              </>
            )}
          </GraphiQL.Toolbar>
        </GraphiQL>
      </div>
    </div>
  );
}

addReadyMadeTabsToSavedOnes();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
