import 'reflect-metadata';
import { loadConfig } from '#config';

// The worker hosts projection runners and deadline jobs (read side and deadlines issues). Until
// they land it validates its configuration and says so, rather than pretending to work.
const config = loadConfig();
console.log(`Draftline worker: nothing to run yet (store ${config.eventStoreUrl})`);
