import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger';

describe('logger', () => {
  it('redacts cookies, authorization headers, passwords and secrets wherever they are logged', () => {
    let output = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ req: { headers: { cookie: 'nudgelab_session=SESSION-TOKEN', authorization: 'Bearer nlsk_SECRET-KEY' } } }, 'request');
    logger.info({ user: { password: 'PLAIN-PASSWORD' }, apiKey: { secret: 'nlsk_ANOTHER' } }, 'objects');
    logger.info({ password: 'TOP-LEVEL-PASSWORD', secret: 'TOP-LEVEL-SECRET' }, 'top level');
    for (const leaked of ['SESSION-TOKEN', 'SECRET-KEY', 'PLAIN-PASSWORD', 'nlsk_ANOTHER', 'TOP-LEVEL-PASSWORD', 'TOP-LEVEL-SECRET']) expect(output).not.toContain(leaked);
    expect(output.match(/\[redacted\]/g)?.length).toBe(6);
  });
});
