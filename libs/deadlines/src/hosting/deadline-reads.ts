import type { Clock } from '#deadlines';
import { clocksOfDocument } from '#deadlines/queue';
import type { SqlClient } from '#event-store';
import { Inbox, readDirectoryFile, UserDirectory } from '#notifications';

/**
 * What the api reads of deadlines and notifications, from SQL alone: a document's clocks, the
 * inbox and the user directory. Present wherever there is a read-model database, whether or not
 * the worker side runs in this process.
 */
export class DeadlineReads {
  readonly directory: UserDirectory;
  readonly inbox: Inbox;

  constructor(private readonly sql: SqlClient) {
    this.directory = new UserDirectory(sql);
    this.inbox = new Inbox(sql);
  }

  /** Every clock of a document (the deadlines read model), oldest first. */
  clocksOf(documentId: string): Promise<Clock[]> {
    return clocksOfDocument(this.sql, documentId);
  }

  /** Loads the users of USER_DIRECTORY_FILE into the directory (idempotent), when it is set. */
  async seedDirectory(file: string | undefined): Promise<void> {
    if (file) await this.directory.seed(readDirectoryFile(file));
  }
}
