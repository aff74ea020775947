import type { Api, Reply, User } from './http.js';

/** Drives one document through commands over HTTP, carrying its revision like a client would. */
export class DocumentWalk {
  id = '';
  revision = -1;
  /** Global position of the last event a command of this walk recorded (for consistentWith). */
  position = '';

  constructor(private readonly api: Api) {}

  async assign(user: User, body: Record<string, unknown>): Promise<Reply> {
    const reply = await this.api.request('POST', '/documents', { user, body });
    if (reply.status === 201) {
      this.id = reply.body.documentId;
      this.revision = reply.body.revision;
      this.position = reply.body.position;
    }
    return reply;
  }

  /** Runs a command; on success the walk moves to the new revision. */
  async run(command: string, user: User, body: Record<string, unknown> = {}): Promise<Reply> {
    const reply = await this.api.request('POST', `/documents/${this.id}/${command}`, {
      user,
      body,
      headers: { 'if-match': `"${this.revision}"` },
    });
    if (reply.status === 200) {
      this.revision = reply.body.revision;
      this.position = reply.body.position;
    }
    return reply;
  }

  /** Runs a command that must succeed and land the document in `stage`. */
  async expect(
    command: string,
    user: User,
    stage: string,
    body: Record<string, unknown> = {},
  ): Promise<Reply> {
    const reply = await this.run(command, user, body);
    if (reply.status !== 200 || reply.body.stage !== stage) {
      throw new Error(
        `${command} → expected 200 ${stage}, got ${reply.status} ${JSON.stringify(reply.body)}`,
      );
    }
    return reply;
  }

  get(user: User): Promise<Reply> {
    return this.api.request('GET', `/documents/${this.id}`, { user });
  }
}
