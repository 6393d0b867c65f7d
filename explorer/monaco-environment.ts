// Monaco's workers are built by scripts/build-explorer.mjs as files of their own and served next to
// the page: no CDN, no bundler loader. This module is imported before anything loads Monaco.
const WORKERS: Record<string, string> = { json: 'json.worker', graphql: 'graphql.worker' };

(self as unknown as { MonacoEnvironment: { getWorker(workerId: string, label: string): Worker } }).MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(`/explorer/${WORKERS[label] ?? 'editor.worker'}.js`);
  },
};
