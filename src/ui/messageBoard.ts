// A value the screen shows and something outside React changes: messages for the user (a store
// that cannot be written, a corrupt file moved aside) shown in the header instead of printed over
// the UI, or what the status line's side file says.
export class Board<T> {
  constructor(public latest: T) {}

  private readonly listeners = new Set<(value: T) => void>();

  post(value: T): void {
    this.latest = value;
    for (const listener of this.listeners) listener(value);
  }

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export class MessageBoard extends Board<string | undefined> {
  constructor() {
    super(undefined);
  }
}
