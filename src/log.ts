/** The logging port. Library code logs through this; only the adapters decide where lines go. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Runs `fn` inside a collapsible group (a GitHub log group; an indented block on a terminal). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}
