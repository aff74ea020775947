import { jest } from '@jest/globals';
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

  it('gives each request an id (its own unless the client sent a safe one), in the header and the line, with no child logger per request', async () => {
    const log = memoryLog();
    const logger = createLogger('info', log.stream);
    const child = jest.spyOn(logger, 'child');
    const server = app(logger);
    const a = await request(server).get('/fine').expect(200);
    const b = await request(server).get('/fine').expect(200);
    const given = await request(server).get('/fine').set('x-request-id', 'req-1').expect(200);
    const unsafe = await request(server).get('/fine').set('x-request-id', 'a b;c').expect(200);
    const ids = [a, b, given, unsafe].map((r) => r.headers['x-request-id']);
    expect(ids[2]).toBe('req-1');
    expect(new Set(ids).size).toBe(4);
    expect(ids[3]).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(log.lines().map((l) => (l.req as { id: string }).id)).toEqual(ids);
    expect(log.lines()[0]).toMatchObject({ req: { method: 'GET', path: '/fine' }, msg: 'request completed' });
    expect(child).not.toHaveBeenCalled();
  });

  it('under LOG_LEVEL=warn writes a line only for a failure', async () => {
    const log = memoryLog();
    const server = app(createLogger('warn', log.stream));
    server.get('/broken', (_req, res) => {
      res
        .status(500)
        .type('application/problem+json')
        .send(JSON.stringify({ code: 'HTTP.INTERNAL', title: 'x' }));
    });
    await request(server).get('/fine').expect(200);
    await request(server).get('/conflict').expect(409);
    await request(server).get('/broken').expect(500);
    expect(log.lines()).toEqual([
      expect.objectContaining({ res: { statusCode: 500 }, code: 'HTTP.INTERNAL', level: 50 }),
    ]);
  });
});
