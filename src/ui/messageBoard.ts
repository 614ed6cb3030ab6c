// Messages for the user while the screen is up (a store that cannot be written, a corrupt file
// moved aside): shown in the header instead of being printed over the UI.
export class MessageBoard {
  latest: string | undefined;
  private readonly listeners = new Set<(message: string | undefined) => void>();

  post(message: string | undefined): void {
    this.latest = message;
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: (message: string | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
