/** The newest modification time (ms) of the sources, their folders and the settings under `root`. */
export function newestSource(root?: string): number;
/** When the build that made `dist` started (ms), or undefined when there is none. */
export function builtAt(dist?: string): number | undefined;
/** True when `dist` is missing or older than a source under `root`. */
export function isStale(root?: string, dist?: string): boolean;
