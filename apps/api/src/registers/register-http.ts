// The registers' path ids follow the documents' rules exactly.
import { parseUuid } from '../http/request-headers.js';

export const parseEntryId = (id: string): string => parseUuid(id, 'The id');
