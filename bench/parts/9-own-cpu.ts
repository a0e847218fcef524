/**
 * Part 9: the package's own CPU per notification. A separate n8n runs under V8's sampling
 * profiler (`--cpu-prof`, one sample every 100 µs); the ovice node sends `--items`
 * notifications `--runs` times; when n8n stops, the profile is read and every sample whose
 * function lies in the installed package's files is counted as the package's own (time in
 * n8n's request helper, the HTTP exchange, n8n's expression engine and the engine itself is
 * not, even when the package called it). Prints where the package's time goes, by function,
 * and the n8n process's, by what ran. OVICE_BENCH_ALL_FRAMES=1 lists n8n's functions too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startLocalN8n } from '../../scripts/n8n/local';
import { execute, log, round } from '../measure';
import type { BenchPart } from '../part';
import { benchWorkflow, customAuthCredential, variants } from '../variants';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** A stretch of the monotonic clock, in µs: V8's profile and process.hrtime share it on Linux. */
type Window = [from: number, to: number];

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Where a sample's time went, by the file of the function that was running. */
function category(frame: ProfileNode['callFrame'] | undefined): string {
	const url = frame?.url ?? '';
	if (url.includes(PACKAGE_FILES)) return 'this package';
	if (!url)
		return frame?.functionName?.startsWith('(') ? frame.functionName : 'V8 and Node built-ins';
	if (url.startsWith('node:')) return 'Node (http, streams, timers)';
	const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
		url.split('node_modules/n8n/').pop() ?? '',
	);
	if (!inModules) return 'n8n (server)';
	const name = inModules[1];
	if (name === 'axios' || name === 'follow-redirects' || name.includes('proxy-agent'))
		return "n8n's request helper (axios, follow-redirects, agents)";
	if (name === 'n8n-core' || name === 'n8n-workflow' || name.startsWith('@n8n/'))
		return 'n8n engine (n8n-core, n8n-workflow: parameters, expressions, execution)';
	return 'other libraries of n8n';
}

const PACKAGE_FILES = '/node_modules/n8n-nodes-ovice/dist/';

/**
 * Of one profile, within the run windows: µs of self time per package function, and per
 * category (what ran: this package, n8n's helper, the engine, Node…).
 */
function ownTime(
	profile: Profile,
	windows: Window[],
): { byFunction: Map<string, number>; byCategory: Map<string, number> } {
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const byFunction = new Map<string, number>();
	const byCategory = new Map<string, number>();
	let at = profile.startTime;
	profile.samples.forEach((id, index) => {
		const delta = profile.timeDeltas[index] ?? 0;
		at += delta;
		if (!windows.some(([from, to]) => at >= from && at <= to)) return;
		const frame = nodes.get(id)?.callFrame;
		const kind = category(frame);
		byCategory.set(kind, (byCategory.get(kind) ?? 0) + delta);
		if (process.env.OVICE_BENCH_ALL_FRAMES && frame && !frame.url.includes(PACKAGE_FILES)) {
			const where = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '')}:${frame.lineNumber + 1}`;
			byFunction.set(where, (byFunction.get(where) ?? 0) + delta);
		}
		if (!frame?.url.includes(PACKAGE_FILES)) return;
		const file = frame.url.slice(frame.url.indexOf(PACKAGE_FILES) + PACKAGE_FILES.length);
		const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
		byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
	});
	return { byFunction, byCategory };
}

export const ownCpu: BenchPart = {
	number: '9',
	title: "the package's own CPU per notification (V8 profile of n8n)",
	usesSharedN8n: false,
	async run({ options }) {
		const { items, runs } = options;
		log(`${runs} × ${items} notifications by the ovice node, n8n under V8's sampling profiler`);
		const folder = mkdtempSync(join(tmpdir(), 'ovice-bench-profile-'));
		const profiles = join(folder, 'profiles');
		const profiled = await startLocalN8n({
			userFolder: join(folder, 'home'),
			port: 5707,
			sandboxPort: 4035,
			log: () => undefined,
			env: {
				NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiles} --cpu-prof-interval=100`,
			},
		});
		const nodeMs: number[] = [];
		const windows: Window[] = [];
		try {
			const target = variants(profiled, await customAuthCredential(profiled.api))['ovice node'];
			const id = (await profiled.api.createWorkflow(benchWorkflow('profile', items, target))).id;
			for (let run = 0; run < runs; run++) {
				const from = monotonicUs();
				const measured = await execute(profiled, id);
				windows.push([from, monotonicUs()]);
				if (measured.items !== items || measured.errors)
					throw new Error(
						`profiled run ${run + 1}: ${measured.items} items, ${measured.errors} errors`,
					);
				nodeMs.push(measured.nodeMs);
			}
		} finally {
			// The profile is written when n8n exits.
			await profiled.stop();
		}
		const byFunction = new Map<string, number>();
		const byCategory = new Map<string, number>();
		for (const file of readdirSync(profiles).filter((name) => name.endsWith('.cpuprofile'))) {
			const own = ownTime(
				JSON.parse(readFileSync(join(profiles, file), 'utf8')) as Profile,
				windows,
			);
			if (!own.byFunction.size) continue;
			for (const [name, us] of own.byFunction)
				byFunction.set(name, (byFunction.get(name) ?? 0) + us);
			for (const [name, us] of own.byCategory)
				byCategory.set(name, (byCategory.get(name) ?? 0) + us);
		}
		rmSync(folder, { recursive: true, force: true });
		const notifications = items * runs;
		const ownUs = [...byFunction.values()].reduce((sum, us) => sum + us, 0);
		const top = [...byFunction.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 30)
			.map(([name, us]) => ({
				function: name,
				microsecondsPerNotification: round(us / notifications),
			}));
		const perNotification = [...byCategory.entries()]
			.sort((a, b) => b[1] - a[1])
			.map(([what, us]) => ({ what, microsecondsPerNotification: round(us / notifications) }));
		const figures = {
			notifications,
			ownMicrosecondsPerNotification: round(ownUs / notifications),
			nodeMsMedian: round([...nodeMs].sort((a, b) => a - b)[Math.floor(nodeMs.length / 2)]),
			perNotification,
			top,
		};
		log(`  package's own CPU: ${figures.ownMicrosecondsPerNotification} µs per notification`);
		log('  the n8n process during the runs, per notification, by what ran:');
		for (const entry of perNotification)
			log(`    ${entry.microsecondsPerNotification} µs  ${entry.what}`);
		log("  the package's own, by function:");
		for (const entry of top) log(`    ${entry.microsecondsPerNotification} µs  ${entry.function}`);
		return figures;
	},
};
