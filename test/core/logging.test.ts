import { Writable } from 'node:stream';
import { loadConfig } from '../../src/core/config';
import { createLogger } from '../../src/core/logger';

/** Development logs read as lines on a terminal; JSON otherwise, or whenever LOG_FORMAT=json. */
describe('log format', () => {
  it('is pretty on a terminal outside production, JSON when stdout is not a terminal, in production or when asked', () => {
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, true).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow('Invalid configuration: LOG_FORMAT must be json or pretty (got "xml")');
  });

  it('writes readable lines through pino-pretty in the process (no network, no worker), JSON lines otherwise', () => {
    const written: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    createLogger({ logLevel: 'info', logFormat: 'pretty' }, sink).info({ requestId: 'r-1', durationMs: 12 }, 'POST /graphql 200 in 12 ms');
    createLogger({ logLevel: 'info', logFormat: 'json' }, sink).info({ requestId: 'r-2' }, 'as JSON');
    const [pretty, json] = written;
    expect(pretty).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: POST \/graphql 200 in 12 ms \{"requestId":"r-1","durationMs":12\}\n$/);
    expect(JSON.parse(json)).toMatchObject({ level: 30, msg: 'as JSON', requestId: 'r-2', service: 'claro-graph' });
  });
});
