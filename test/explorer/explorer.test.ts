import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Locator } from 'playwright-core';
import { READY_MADE_REPORTS } from '../../explorer/reports';
import { PROJECT_ROOT } from '../../src/core/config';
import { EXPLORER_DIR } from '../../src/core/http/explorer';
import { DEMO_PASSWORD } from '../../src/seed/demo/users';
import { postGraphql } from '../support/http';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The analysts' explorer as a new analyst meets it: the page from the API's own files, a login,
 * the ready-made report tabs, results, CSV, and nothing loaded from anywhere else. Over the demo
 * data (seeded as `npm start` does), logged in as the demo analyst.
 */
const ANALYST = 'analyst@demo.claro';
/** `CHROMIUM_PATH` when set (only it), else Debian's. */
const CHROMIUM = (process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser']).find((candidate) => existsSync(candidate));
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

let server: TestServer;
let origin: string;
let analystToken: string;

beforeAll(async () => {
  if (!existsSync(path.join(EXPLORER_DIR, 'explorer.js'))) throw new Error('The explorer is not built: run `npm run build:explorer` (npm install and npm run build do it)');
  server = await startTestServer({ env: { DEMO_SEED: 'true' } });
  origin = new URL(server.url).origin;
  const login = await postGraphql(server.url, { query: `mutation { login(email: "${ANALYST}", password: "${DEMO_PASSWORD}") { token } }` });
  analystToken = (login.body!.data!.login as { token: string }).token;
}, 120_000);
afterAll(() => server?.stop());

describe('the explorer over HTTP', () => {
  it('is the page a browser gets on /graphql, and / leads there; GraphQL clients are unaffected', async () => {
    const root = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');

    const page = await fetch(server.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).toContain('<title>claro-graph explorer</title>');
    expect(html).not.toMatch(/https?:\/\//);

    // An operation over GET (with Apollo's CSRF header) and over POST still answer JSON.
    const overGet = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(await overGet.json()).toEqual({ data: { __typename: 'Query' } });
    const overPost = await postGraphql(server.url, { query: '{ __typename }' }, { accept: 'text/html, application/json' });
    expect(overPost.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves the bundle gzipped from its own files, and nothing outside them', async () => {
    const script = await fetch(`${origin}/explorer/explorer.js?v=1`, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');
    for (const worker of ['editor.worker.js', 'json.worker.js', 'graphql.worker.js']) expect((await fetch(`${origin}/explorer/${worker}`)).status).toBe(200);
    expect((await fetch(`${origin}/explorer/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${origin}/explorer/index.html`)).status).toBe(404);
  });

  it('is served in production too, with Apollo’s landing page (loaded from a CDN) off', async () => {
    const production = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const page = await fetch(production.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('claro-graph explorer');
    } finally {
      await production.stop();
    }
  });
});

describe('the ready-made report tabs', () => {
  it.each(READY_MADE_REPORTS.map((report) => [report.id, report] as const))('%s runs against the demo data and returns rows', async (_id, report) => {
    const answer = await postGraphql(server.url, { query: report.query, variables: report.variables(new Date()) }, { authorization: `Bearer ${analystToken}` });
    expect(answer.body?.errors).toBeUndefined();
    const rows = Object.values(answer.body!.data!)[0] as unknown[];
    expect(rows.length).toBeGreaterThan(0);
  });

  it('are the six queries the README gives analysts, word for word', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## For analysts'), readme.indexOf('\n## ', readme.indexOf('## For analysts') + 1));
    expect(READY_MADE_REPORTS).toHaveLength(6);
    for (const report of READY_MADE_REPORTS) expect(section).toContain(report.query);
  });
});

const inBrowser = CHROMIUM ? describe : describe.skip;
if (!CHROMIUM) process.stderr.write(`explorer.test.ts: no Chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}: the browser test is skipped (apt-get install chromium)\n`);

inBrowser('the explorer in headless Chromium', () => {
  it('logs in as the demo analyst (after a wrong password), runs a salesReport tab, shows rows, downloads its CSV, and loads nothing from another host', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      // No DNS for any other host: a request that tried to leave the machine would fail (and be recorded below).
      args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
      // At the context level, so that the requests of Monaco's workers are seen too.
      const requested: string[] = [];
      context.on('request', (request) => requested.push(request.url()));
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // The page's Content-Security-Policy stops a request to another host before it is made:
      // the attempt then shows as a console error, which counts as much as a request would.
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });

      await page.goto(`${origin}/`);
      expect(page.url()).toBe(`${origin}/graphql`);
      // The first tab opens with its variables (GraphiQL alone would leave them out).
      await expectText(page.locator('.graphiql-editor-tool'), '"from": "20');
      await page.getByLabel('Email').fill(ANALYST);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expectText(page.getByRole('alert'), 'Wrong email or password');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await expectText(page.getByTestId('logged-in-as'), 'Logged in as Valentina Ospina (ANALYST)');
      const token = await page.evaluate<string>(`JSON.parse(sessionStorage.getItem('claro-explorer:session')).token`);
      expect(token).toMatch(/^ey/);

      // Every ready-made report has its tab; switch to the revenue-by-region one (a salesReport) and run it at once.
      for (const title of ['SalesByMonth', 'RevenueByRegion', 'TopProducts', 'PopularPlans', 'TopCustomers', 'SellersThisYear']) {
        await page.locator('.graphiql-tab', { hasText: title }).first().waitFor();
      }
      await page.locator('.graphiql-tab', { hasText: 'RevenueByRegion' }).first().click();
      const answered = page.waitForResponse((response) => response.url() === server.url && (response.request().postData() ?? '').includes('RevenueByRegion'));
      await page.locator('.graphiql-execute-button').click();
      const response = await answered;
      expect(response.request().headers().authorization).toBe(`Bearer ${token}`);
      const answer = (await response.json()) as { data: { salesReport: unknown[] } };
      expect(answer).toEqual({ data: { salesReport: expect.any(Array) } });
      const rows = answer.data.salesReport;
      expect(rows.length).toBeGreaterThan(0);
      const resultPane = page.locator('.result-window');
      await expectText(resultPane, '"salesReport": [');
      await expectText(resultPane, '"distinctCustomers":');
      await expectText(resultPane, '"label": "Antioquia"');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-sales-report.png') });

      // The toolbar's CSV button downloads what the tab asks for, with the tab's token.
      const download = page.waitForEvent('download');
      await page.getByTestId('csv-button').click();
      const csvFile = await (await download).path();
      const csvLines = readFileSync(csvFile!, 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
      expect(csvLines[0]).toBe('region,region_value,sales_count,units,revenue,discount_total,average_ticket,currency');
      expect(csvLines).toHaveLength(rows.length + 1);

      // A new browser tab: logged out (the token lives in the tab's sessionStorage). Saved tabs
      // (non-empty localStorage, where GraphiQL ignores its default tabs) get the ready-made ones added.
      await page.close();
      const second = await context.newPage();
      second.on('pageerror', (error) => pageErrors.push(error.message));
      second.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      await second.goto(`${origin}/health`);
      const saved = { activeTabIndex: 0, tabs: [{ id: 'mine', hash: null, title: 'MyOwnQuery', query: 'query MyOwnQuery { __typename }', variables: null, headers: null, operationName: 'MyOwnQuery', response: null }] };
      await second.evaluate(`localStorage.setItem('graphiql:tabState', ${JSON.stringify(JSON.stringify(saved))}); localStorage.removeItem('claro-explorer:reports-set')`);
      await second.goto(`${origin}/graphql`);
      await second.getByRole('button', { name: 'Log in' }).waitFor();
      await second.locator('.graphiql-tab', { hasText: 'MyOwnQuery' }).first().waitFor();
      await second.locator('.graphiql-tab', { hasText: 'TopCustomers' }).first().waitFor();

      expect(pageErrors).toEqual([]);
      const elsewhere = requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
      expect(elsewhere).toEqual([]);
      expect(requested).toEqual(expect.arrayContaining([`${origin}/explorer/editor.worker.js`, `${origin}/explorer/graphql.worker.js`]));
    } finally {
      await browser.close();
    }
  }, 120_000);
});

/** Waits (up to 20 s) until the element's text contains `text`, then asserts it. */
async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
  // Monaco renders spaces as no-break spaces.
  expect((await locator.first().innerText()).replace(/\u00a0/g, ' ')).toContain(text);
}
