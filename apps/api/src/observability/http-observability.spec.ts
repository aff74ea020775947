import express from 'express';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '#observability';
import { requestLogger } from './http-observability.js';

/** The request log's lines, parsed (one JSON object a line). */
function memoryLog(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const lines = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('request log lines', () => {
  const app = (logger: ReturnType<typeof createLogger>) => {
    const server = express();
    server.use(requestLogger(logger));
    server.get('/conflict', (_req, res) => {
      res
        .status(409)
        .type('application/problem+json')
        .send(JSON.stringify({ status: 409, code: 'DRAFT.ILLEGAL_TRANSITION', title: 'x' }));
    });
    server.get('/fine', (_req, res) => {
      res.json({ code: 'NOT.A.PROBLEM' });
    });
    return server;
  };

  it('a 4xx line carries the problem code; a 2xx line does not', async () => {
    const log = memoryLog();
    const server = app(createLogger('info', log.stream));
    await request(server).get('/conflict').expect(409);
    await request(server).get('/fine').expect(200);
    const [conflict, fine] = log.lines();
    expect(conflict).toMatchObject({ res: { statusCode: 409 }, code: 'DRAFT.ILLEGAL_TRANSITION' });
    expect(fine).toMatchObject({ res: { statusCode: 200 } });
    expect(fine).not.toHaveProperty('code');
  });
});
