/**
 * The few browser shapes the tests' in-page functions use: the test program is type-checked without the DOM
 * library (it runs in Node), so what a function does in the page is typed here.
 */

export interface Scrollable {
  scrollTo(x: number, y: number): void;
  scrollHeight: number;
}

export interface Attributed {
  getAttribute(name: string): string | null;
}

export interface PageGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: string[], name: string) => unknown;
  __pwned?: unknown;
  document: { querySelectorAll(selector: string): { length: number } };
}
