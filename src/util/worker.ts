import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `<name>.js` beside `from` (a module's import.meta.url) in the built package, or
 * under tsx (tests, benchmarks, `npm start` from sources) the `.ts` source with tsx registered first.
 */
export function startModuleWorker(from: string, name: string, options: WorkerOptions): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), options);
  const worker = new URL(`./${name}.ts`, from).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
