/**
 * Preloaded into a benchmark's n8n process only (`node --require`), never into the package:
 * counts how often n8n evaluates each expression that contains "bench ", and writes the
 * counts to $OVICE_BENCH_COUNT_FILE.<pid>.<thread> (n8n's child processes and threads inherit the preload), so
 * the benchmark can print evaluations per item.
 */
import { writeFileSync } from 'node:fs';
import Module from 'node:module';
import { threadId } from 'node:worker_threads';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
interface ExpressionModule {
	Expression?: {
		prototype: { resolveSimpleParameterValue?: (value: unknown, ...rest: unknown[]) => unknown };
	};
}

const counts: Record<string, number> = {};
const file = process.env.OVICE_BENCH_COUNT_FILE;
const loader = Module as unknown as { _load: Load };
const load = loader._load;
const patched = new WeakSet<object>();

// n8n-workflow's Expression class (in its own module, not always re-exported) evaluates
// every expression string in resolveSimpleParameterValue, whichever caller asks.
loader._load = function (request, parent, isMain) {
	const exported = load.call(this, request, parent, isMain) as ExpressionModule;
	const prototype = exported?.Expression?.prototype;
	const evaluate = prototype?.resolveSimpleParameterValue;
	if (prototype && evaluate && !patched.has(prototype)) {
		patched.add(prototype);
		prototype.resolveSimpleParameterValue = function (value: unknown, ...rest: unknown[]) {
			if (typeof value === 'string' && value.startsWith('=') && value.includes('bench '))
				counts[value] = (counts[value] ?? 0) + 1;
			return evaluate.call(this, value, ...rest);
		};
	}
	return exported;
};

if (file)
	setInterval(
		() => writeFileSync(`${file}.${process.pid}.${threadId}`, JSON.stringify(counts)),
		100,
	).unref();
