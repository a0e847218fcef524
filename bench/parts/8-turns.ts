/**
 * Part 8: the turns alone (turns.ts), in this process (no n8n). Requests waiting at 20/s on
 * one credential's ceiling: over a `--gate-window` of seconds, the turns given and the CPU
 * time spent, then Stop ends every wait. 8b: 200,000 requests waiting at the slowest pace a
 * user can set (0.01/s); Stop must let them go at once, and the heap must fall back.
 */
import { performance } from 'node:perf_hooks';

import { waitForTurn } from '../../nodes/shared/transport/turns';
import { collector, DAY_MS, log, round } from '../measure';
import type { BenchPart } from '../part';

async function rateGate(queued: number, windowS: number): Promise<Record<string, number>> {
	const perSecond = 20;
	const stop = new AbortController();
	let granted = 0;
	let cancelled = 0;
	const enqueueStarted = process.cpuUsage();
	const waits = Array.from({ length: queued }, () =>
		waitForTurn({
			paceKey: `bench gate ${queued}`,
			ceilingKey: `bench gate ${queued}`,
			perSecond,
			deadline: Date.now() + DAY_MS,
			signal: stop.signal,
		}).then(
			() => void granted++,
			() => void cancelled++,
		),
	);
	const enqueueCpu = process.cpuUsage(enqueueStarted);
	// Let the collector settle what the enqueueing made, so the window measures the turns.
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const windowStarted = performance.now();
	const cpuStarted = process.cpuUsage();
	const grantedBefore = granted;
	await new Promise((resolve) => setTimeout(resolve, windowS * 1000));
	const cpu = process.cpuUsage(cpuStarted);
	const seconds = (performance.now() - windowStarted) / 1000;
	const turns = granted - grantedBefore;
	const stopStarted = performance.now();
	stop.abort();
	await Promise.all(waits);
	const figures = {
		queued,
		configuredPerSecond: perSecond,
		measuredPerSecond: round(turns / seconds),
		rateErrorPercent: round((Math.abs(turns / seconds - perSecond) / perSecond) * 100),
		cpuMsPerTurn: round((cpu.user + cpu.system) / 1000 / Math.max(1, turns)),
		enqueueMicrosecondsPerRequest: round((enqueueCpu.user + enqueueCpu.system) / queued),
		stopMs: round(performance.now() - stopStarted),
		cancelled,
	};
	log(`  ${JSON.stringify(figures)}`);
	return figures;
}

/** Heap in use (after collection) before queueing, while queued, and 200 ms after Stop. */
async function stopReleases(queued: number): Promise<Record<string, number>> {
	const gc = collector();
	const heap = () => {
		gc();
		return round(process.memoryUsage().heapUsed / 1024 / 1024);
	};
	const stop = new AbortController();
	const before = heap();
	let cancelled = 0;
	const waits = Array.from({ length: queued }, () =>
		waitForTurn({
			paceKey: 'bench stop',
			ceilingKey: 'bench stop',
			perSecond: 0.01,
			deadline: Date.now() + 365 * DAY_MS,
			signal: stop.signal,
		}).catch(() => void cancelled++),
	);
	const whileQueued = heap();
	stop.abort();
	await Promise.all(waits);
	waits.length = 0;
	await new Promise((resolve) => setTimeout(resolve, 200));
	const figures = {
		queued,
		heapMbBefore: before,
		heapMbQueued: whileQueued,
		heapMbAfterStop: heap(),
		cancelled,
	};
	log(`  ${JSON.stringify(figures)}`);
	return figures;
}

export const gate: BenchPart = {
	number: '8',
	title: 'the turns alone, and Stop with 200,000 waiting',
	usesSharedN8n: false,
	async run({ options }) {
		log(`requests queued at 20/s, ${options.gateWindowS} s window each`);
		const rateGateFigures = [];
		for (const queued of [1000, 10_000, 40_000])
			rateGateFigures.push(await rateGate(queued, options.gateWindowS));
		log('8b) Stop with 200,000 requests queued at 0.01/s: heap before, while queued, after');
		return { rateGate: rateGateFigures, stopReleases: await stopReleases(200_000) };
	},
};
