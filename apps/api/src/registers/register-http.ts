// The registers' path ids and correlation ids follow the documents' rules exactly.
import { correlationIdOf, parseUuid } from '../http/request-headers.js';

export { correlationIdOf };
export const parseEntryId = (id: string): string => parseUuid(id, 'The id');
