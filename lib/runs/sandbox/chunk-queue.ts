/**
 * An unbounded single-consumer queue read with `for await`. Memory stays bounded because what is
 * pushed is already capped (the output cap). Items pushed after the consumer stopped are dropped.
 */
export class ChunkQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #ended = false;
  #abandoned = false;
  #wake: (() => void) | null = null;

  push(item: T): void {
    if (this.#ended || this.#abandoned) return;
    this.#items.push(item);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (;;) {
        const item = this.#items.shift();
        if (item !== undefined) {
          yield item;
        } else if (this.#ended) {
          return;
        } else {
          await new Promise<void>((resolve) => (this.#wake = resolve));
          this.#wake = null;
        }
      }
    } finally {
      this.#abandoned = true;
      this.#items = [];
    }
  }
}
