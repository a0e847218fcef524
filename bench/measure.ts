/** How the benchmark measures: statistics over runs, an execution's timings, memory and CPU. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import type { LocalN8n } from '../scripts/n8n/local';
import { runSaved } from '../scripts/n8n/runs';

export interface Stats {
	median: number;
	min: number;
	max: number;
	runs: number[];
}

export const round = (value: number) => Math.round(value * 10) / 10;
export const log = (line: string) => process.stdout.write(`${line}\n`);
export const DAY_MS = 24 * 3600 * 1000;

export function stats(values: number[]): Stats {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	return {
		median: round(median),
		min: round(sorted[0]),
		max: round(sorted[sorted.length - 1]),
		runs: values.map(round),
	};
}

export interface ExecutionMeasure {
	nodeMs: number;
	wallMs: number;
	items: number;
	errors: number;
}

/** Runs a saved bench workflow; n8n's execution time of its Target node, and its items. */
export async function execute(local: LocalN8n, workflowId: string): Promise<ExecutionMeasure> {
	const started = performance.now();
	const run = await runSaved(local, workflowId, undefined, 900_000);
	const wallMs = performance.now() - started;
	const task = run.data.resultData.runData.Target?.[0] as unknown as {
		executionTime: number;
		data?: { main: Array<Array<{ json: Record<string, unknown> }>> };
	};
	const items = task?.data?.main[0] ?? [];
	return {
		nodeMs: task?.executionTime ?? NaN,
		wallMs,
		items: items.length,
		errors: items.filter((item) => item.json.error).length + (run.error ? 1 : 0),
	};
}

/** Peak resident memory of a process while `work` runs, sampled every 20 ms. */
export async function peakRss(
	pid: number,
	work: () => Promise<unknown>,
): Promise<{ baselineMb: number; peakMb: number }> {
	const rss = () => {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
	};
	const baselineMb = rss();
	let peakMb = baselineMb;
	const timer = setInterval(() => (peakMb = Math.max(peakMb, rss())), 20);
	try {
		await work();
	} finally {
		clearInterval(timer);
	}
	peakMb = Math.max(peakMb, rss());
	return { baselineMb: round(baselineMb), peakMb: round(peakMb) };
}

/** CPU seconds a process has used (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 per second here).
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The whole machine's busy and total CPU time so far, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
	const [, ...values] = readFileSync('/proc/stat', 'utf8')
		.split('\n')[0]
		.trim()
		.split(/\s+/)
		.map(Number);
	const total = values.reduce((sum, value) => sum + value, 0);
	// idle and iowait are the 4th and 5th values.
	return { busy: total - values[3] - values[4], total };
}

export { collector } from '../test/harness/collector';
