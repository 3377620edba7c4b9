/**
 * Resolves with `value` in a task of its own. A phone answers a tap only between tasks: a chunk
 * evaluated and its screen drawn in the same task made one long task just as a room opened, and
 * split here they are two shorter ones (Lighthouse counts each task's time over 50 ms as blocking).
 */
export const nextTask = <T>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), 0));
