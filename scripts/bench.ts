/**
 * `npm run bench`: the ovice node measured side by side with n8n's HTTP Request node, in
 * the real n8n that `npm start` runs, against the sandbox on this machine.
 *
 *   npm run bench -- --runs 5 --items 1000 --memory-items 10000
 *   npm run bench -- --parts 7 --scale-executions 1000 --scale-runs 3   (needs PostgreSQL and Redis)
 *
 * Writes bench/results.json. Every figure is a median of --runs runs with min and max.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';

import { SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../sandbox/data';
import { SandboxClient } from '../sandbox/client';
import { startSandbox } from '../sandbox/server';
import { activateWebhook, itemsWorkflow, knockWorkflow, runSaved } from '../test/e2e/local-n8n';
import { Engine } from '../test/harness/engine';
import { presenceTriggerNode } from '../test/harness/fixtures';
import { PollHarness } from '../test/harness/triggers';
import { waitForTurn } from '../nodes/shared/transport/rateGate';
import { details, diffPresence, snapshot } from '../nodes/OvicePresenceTrigger/presence';
import { PACKAGE_ROOT } from './install-package';
import { sandboxCredentialData, startLocalN8n } from './local-n8n';
import type { LocalN8n } from './local-n8n';
import type { N8nApi, WorkflowJson } from './n8n-api';
import { startQueueN8n } from './queue-n8n';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index !== -1 ? Number(process.argv[index + 1]) : fallback;
}

const RUNS = option('runs', 5);
const ITEMS = option('items', 1000);
const MEMORY_ITEMS = option('memory-items', 10_000);
const RATE = option('rate', 10);
const RATE_ITEMS = option('rate-items', 600);
const PRESENCE_USERS = option('presence-users', 10_000);
const COUNT_ITEMS = option('count-items', 100);
const SCALE_EXECUTIONS = option('scale-executions', 1000);
const SCALE_RUNS = option('scale-runs', 3);
const PARTS = (
	process.argv.includes('--parts')
		? process.argv[process.argv.indexOf('--parts') + 1]
		: '1,2,3,4,5,6,7,8'
).split(',');
const GATE_WINDOW_S = option('gate-window', 10);
const part = (number: number) => PARTS.includes(String(number));

interface Stats {
	median: number;
	min: number;
	max: number;
	runs: number[];
}

function readResults(): Record<string, unknown> {
	try {
		return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'bench', 'results.json'), 'utf8')) as Record<
			string,
			unknown
		>;
	} catch {
		return {};
	}
}

function stats(values: number[]): Stats {
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

const round = (value: number) => Math.round(value * 10) / 10;
const log = (line: string) => process.stdout.write(`${line}\n`);

function benchWorkflow(name: string, count: number, target: Record<string, unknown>): WorkflowJson {
	return itemsWorkflow(name, count, { ...target, name: 'Target' });
}

function variants(local: LocalN8n, customAuth: { id: string; name: string }) {
	const url = `${local.sandbox.url}/api/public/v1/${SANDBOX_ORGANIZATION_ID}/workspaces/notification`;
	const body = {
		sendBody: true,
		specifyBody: 'json',
		jsonBody:
			'={{ JSON.stringify({ workspace_id: 101, auth: ["admin", "member", "visitor", "guest"], message: "bench " + $json.items, service_name: "n8n", service_logo_url: "https://avatars.githubusercontent.com/u/45487711?s=200&v=4" }) }}',
		options: {},
	};
	return {
		'ovice node': {
			type: 'n8n-nodes-ovice.ovice',
			typeVersion: 1,
			parameters: {
				resource: 'workspace',
				operation: 'sendNotification',
				workspaceId: { __rl: true, mode: 'id', value: '101' },
				message: '={{ "bench " + $json.items }}',
			},
			credentials: { oviceApi: { id: local.credential.id, name: local.credential.name } },
		},
		'HTTP Request + credential': {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpCustomAuth',
				...body,
			},
			credentials: { httpCustomAuth: customAuth },
		},
		'HTTP Request + typed headers': {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url,
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'client_id', value: SANDBOX_KEY.clientId },
						{ name: 'client_secret', value: SANDBOX_KEY.clientSecret },
					],
				},
				...body,
			},
		},
	} as Record<string, Record<string, unknown>>;
}

interface ExecutionMeasure {
	nodeMs: number;
	wallMs: number;
	items: number;
	errors: number;
}

async function execute(local: LocalN8n, workflowId: string): Promise<ExecutionMeasure> {
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
async function peakRss(
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

async function rawUndiciLoop(local: LocalN8n, count: number): Promise<number> {
	const url = `${local.sandbox.url}/api/public/v1/${SANDBOX_ORGANIZATION_ID}/workspaces/notification`;
	const started = performance.now();
	for (let index = 0; index < count; index++) {
		const response = await request(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				client_id: SANDBOX_KEY.clientId,
				client_secret: SANDBOX_KEY.clientSecret,
			},
			body: JSON.stringify({
				workspace_id: 101,
				auth: ['admin'],
				message: `bench ${index}`,
				service_name: 'n8n',
				service_logo_url: 'https://example.com/logo.png',
			}),
		});
		await response.body.text();
	}
	return performance.now() - started;
}

async function presenceDiff(users: number) {
	const sandbox = await startSandbox();
	const client = new SandboxClient(sandbox.url);
	await client.generateWorkspace(900, users);
	const engine = await Engine.load();
	const credentials = {
		oviceApi: sandboxCredentialData(sandbox.url),
	};
	const node = presenceTriggerNode({ workspaceId: { __rl: true, mode: 'id', value: '900' } });
	const poller = new PollHarness(engine, node, credentials);
	await poller.poll();
	const times: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		await client.setUser(900, 100000 + run * 7, { status: run % 2 ? 'away' : 'online' });
		const started = performance.now();
		await poller.poll();
		times.push(performance.now() - started);
	}
	const staticDataBytes = Buffer.byteLength(JSON.stringify(poller.staticData));
	await sandbox.close();
	Engine.shutdown();
	// A third of the generated users are online (sandbox/data.ts: generatedWorkspace).
	return {
		users,
		pollMs: stats(times),
		staticDataBytes,
		bytesPerUser: round(staticDataBytes / users),
	};
}

/**
 * Part 4b: every user of a workspace leaves the list at once (the poll's diff alone, on the
 * main thread where n8n runs polls): the time to describe each departure from what was kept.
 */
function presenceDepartures(users: number) {
	const listed = Array.from({ length: users }, (_, index) => ({
		id: 100_000 + index,
		name: `User ${index}`,
		email: `user${index}@example.com`,
		status: 'online',
	}));
	const before = snapshot(listed);
	const kept = details(listed);
	const times: number[] = [];
	let events = 0;
	for (let run = 0; run < RUNS; run++) {
		const started = performance.now();
		events = diffPresence(before, [], kept).length;
		times.push(performance.now() - started);
	}
	return { users, events, diffMs: stats(times) };
}

function packageFigures() {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		}),
	) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
	const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((file) => join(PACKAGE_ROOT, file));
	const script = `const t=process.hrtime.bigint();for(const f of ${JSON.stringify(files)})require(f);console.log(Number(process.hrtime.bigint()-t)/1e6)`;
	const loads: number[] = [];
	for (let run = 0; run < RUNS; run++)
		loads.push(
			Number(
				execFileSync(process.execPath, ['-e', script], {
					cwd: PACKAGE_ROOT,
					encoding: 'utf8',
				}).trim(),
			),
		);
	return {
		tarballBytes: packed[0].size,
		unpackedBytes: packed[0].unpackedSize,
		files: packed[0].entryCount,
		loadAllModulesMs: stats(loads),
	};
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 per second here).
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The whole machine's busy and total CPU time so far, from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
	const [, ...values] = readFileSync('/proc/stat', 'utf8')
		.split('\n')[0]
		.trim()
		.split(/\s+/)
		.map(Number);
	const total = values.reduce((sum, value) => sum + value, 0);
	// idle and iowait are the 4th and 5th values.
	return { busy: total - values[3] - values[4], total };
}

interface Burst {
	ms: Stats;
	/** per run: how busy the machine's cores were, and the CPU seconds of each n8n process */
	cpu: Array<{ machineBusyPercent: number; processSeconds: Record<string, number> }>;
}

/**
 * Part 7's measure: `--scale-executions` ovice webhook POSTs (10 at a time), each starting one execution
 * that sends one group notification; the time from the first POST until the sandbox holds
 * all `--scale-executions` notifications. Every run checks each arrived exactly once.
 */
async function webhookBurst(
	api: N8nApi,
	webhookBase: string,
	sandboxUrl: string,
	credential: { id: string; name: string },
	label: string,
	processes: () => Record<string, number>,
): Promise<Burst> {
	const sandbox = new SandboxClient(sandboxUrl);
	const webhookId = 'a11ce0de-0000-4000-8000-000000000700';
	const { id, post } = await activateWebhook(
		api,
		webhookBase,
		webhookId,
		knockWorkflow(`bench scaling ${label}`, webhookId, credential),
	);
	const times: number[] = [];
	const cpu: Burst['cpu'] = [];
	try {
		for (let run = 0; run < SCALE_RUNS; run++) {
			await sandbox.reset();
			const names = Array.from({ length: SCALE_EXECUTIONS }, (_, index) => `scale-${run}-${index}`);
			const pids = { ...processes(), 'benchmark (load generator and sandbox)': process.pid };
			const cpuBefore = Object.fromEntries(
				Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]),
			);
			const machineBefore = machineCpu();
			const started = performance.now();
			for (let offset = 0; offset < names.length; offset += 10) {
				const answers = await Promise.all(
					names.slice(offset, offset + 10).map((name) => post({ event: 'knock', name })),
				);
				if (answers.some((answer) => answer.status !== 200))
					throw new Error(
						`${label}: a webhook POST was answered ${answers.map((answer) => answer.status).join(', ')}`,
					);
			}
			let delivered = 0;
			while (delivered < names.length && performance.now() - started < 900_000) {
				await new Promise((resolve) => setTimeout(resolve, 100));
				delivered = (await sandbox.notifications()).length;
			}
			const elapsed = performance.now() - started;
			const machineAfter = machineCpu();
			const processSeconds = Object.fromEntries(
				Object.entries(pids).map(([name, pid]) => [name, round(cpuSeconds(pid) - cpuBefore[name])]),
			);
			const busySeconds = (machineAfter.busy - machineBefore.busy) / 100;
			// What the listed processes did not use: PostgreSQL, Redis, n8n's task runners, the rest of the machine.
			processSeconds.other = round(
				busySeconds - Object.values(processSeconds).reduce((sum, seconds) => sum + seconds, 0),
			);
			cpu.push({
				machineBusyPercent: round(
					((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) *
						100,
				),
				processSeconds,
			});
			await new Promise((resolve) => setTimeout(resolve, 2000));
			const messages = (await sandbox.notifications()).map((notification) => notification.message);
			if (messages.length !== names.length || new Set(messages).size !== names.length) {
				throw new Error(
					`${label}: ${messages.length} notifications arrived, ${new Set(messages).size} distinct, ${names.length} expected`,
				);
			}
			times.push(elapsed);
			log(
				`  ${label} run ${run + 1}: ${names.length} executions, all notifications in ${round(elapsed)} ms; CPU ${JSON.stringify(cpu[cpu.length - 1])}`,
			);
		}
	} finally {
		await api.deactivate(id);
	}
	return { ms: stats(times), cpu };
}

async function queueScaling(single: Burst): Promise<Record<string, unknown>> {
	const folder = mkdtempSync(join(tmpdir(), 'ovice-bench-queue-'));
	const queue = await startQueueN8n({
		folder,
		workers: 1,
		port: 5780,
		sandboxPort: 4090,
		log: () => undefined,
	});
	try {
		const processes = () => ({
			'n8n main': queue.main.process.pid!,
			'n8n webhook process': queue.webhook.process.pid!,
			...Object.fromEntries(
				queue.workers.map((worker, index) => [`n8n worker ${index + 1}`, worker.process.pid!]),
			),
		});
		const oneWorker = await webhookBurst(
			queue.api,
			queue.webhook.url,
			queue.sandbox.url,
			queue.credential,
			'queue mode, 1 worker',
			processes,
		);
		await queue.addWorker();
		const twoWorkers = await webhookBurst(
			queue.api,
			queue.webhook.url,
			queue.sandbox.url,
			queue.credential,
			'queue mode, 2 workers',
			processes,
		);
		return {
			executions: SCALE_EXECUTIONS,
			measure:
				'webhook POSTs (10 at a time) until every notification reached the sandbox; one notification per execution',
			'single process (regular mode)': single,
			'queue mode, 1 worker': oneWorker,
			'queue mode, 2 workers': twoWorkers,
		};
	} finally {
		await queue.stop();
		rmSync(folder, { recursive: true, force: true });
	}
}

/** Written after every part, so a failure later keeps what was measured. */
function save(results: Record<string, unknown>): void {
	mkdirSync(join(PACKAGE_ROOT, 'bench'), { recursive: true });
	writeFileSync(
		join(PACKAGE_ROOT, 'bench', 'results.json'),
		`${JSON.stringify(results, null, 2)}\n`,
	);
}

/**
 * How often n8n evaluates the templated message per item in each variant. A separate n8n
 * runs with a counter preloaded (scripts/count-expressions.ts), so the timed runs are
 * untouched by it.
 */
async function countEvaluations(): Promise<Record<string, number>> {
	const folder = mkdtempSync(join(tmpdir(), 'ovice-bench-count-'));
	const countFile = join(folder, 'counts.json');
	const counter = join(__dirname, 'count-expressions.js');
	const counting = await startLocalN8n({
		userFolder: folder,
		port: 5706,
		sandboxPort: 4034,
		log: () => undefined,
		env: { NODE_OPTIONS: `--require ${counter}`, OVICE_BENCH_COUNT_FILE: countFile },
	});
	const perItem: Record<string, number> = {};
	try {
		const auth = await counting.api.ensureCredential('bench custom auth', 'httpCustomAuth', {
			json: JSON.stringify({
				headers: { client_id: SANDBOX_KEY.clientId, client_secret: SANDBOX_KEY.clientSecret },
			}),
		});
		// Every n8n process writes its own counts file; the total is their sum.
		const total = () =>
			readdirSync(folder)
				.filter((file) => file.startsWith('counts.json.'))
				.flatMap((file) =>
					Object.values(
						JSON.parse(readFileSync(join(folder, file), 'utf8') || '{}') as Record<string, number>,
					),
				)
				.reduce((sum, count) => sum + count, 0);
		const settled = async () => {
			for (let last = -1, now = total(); now !== last; last = now, now = total())
				await new Promise((resolve) => setTimeout(resolve, 500));
			return total();
		};
		for (const [name, target] of Object.entries(
			variants(counting, { id: auth.id, name: auth.name }),
		)) {
			const id = (
				await counting.api.createWorkflow(benchWorkflow(`count ${name}`, COUNT_ITEMS, target))
			).id;
			const before = await settled();
			await execute(counting, id);
			perItem[name] = round(((await settled()) - before) / COUNT_ITEMS);
			log(`  ${name}: ${perItem[name]} evaluations of the message expression per item`);
		}
	} finally {
		await counting.stop();
		rmSync(folder, { recursive: true, force: true });
	}
	return perItem;
}

/**
 * Part 8: the rate gate alone, in this process. `queued` requests wait at 20/s; over a
 * window of GATE_WINDOW_S seconds it counts the turns given and the CPU time spent, then
 * Stop (the abort signal) empties the queue.
 */
async function rateGate(queued: number): Promise<Record<string, number>> {
	const perSecond = 20;
	const stop = new AbortController();
	let granted = 0;
	let cancelled = 0;
	const enqueueStarted = process.cpuUsage();
	const waits = Array.from({ length: queued }, () =>
		waitForTurn(
			`bench gate ${queued}`,
			perSecond,
			'batch',
			'bench',
			{ deadline: Date.now() + DAY_MS, maxWaitMs: DAY_MS },
			stop.signal,
		).then(
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
	await new Promise((resolve) => setTimeout(resolve, GATE_WINDOW_S * 1000));
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

const DAY_MS = 24 * 3600 * 1000;

/** The collector, for heap figures that count only what is still reachable. */
function collector(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

/**
 * Part 8b: `queued` requests of one execution wait at the slowest pace a user can set
 * (0.01/s: one turn per 100 s); Stop must let them go at once, not at the gate's next turn.
 * Heap in use (after collection) before queueing, while queued, and 200 ms after Stop.
 */
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
		waitForTurn(
			'bench stop',
			0.01,
			'batch',
			'bench stop',
			{ deadline: Date.now() + DAY_MS, maxWaitMs: DAY_MS },
			stop.signal,
		).catch(() => void cancelled++),
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

async function main(): Promise<void> {
	if (PARTS.length === 1 && part(8)) {
		// The gate needs no n8n: measured alone, on a quiet process.
		log(`\n8) the rate gate: requests queued at 20/s, ${GATE_WINDOW_S} s window each`);
		const gate = [];
		for (const queued of [1000, 10_000, 40_000]) gate.push(await rateGate(queued));
		log('\n8b) Stop with 200,000 requests queued at 0.01/s: heap before, while queued, after');
		const stopped = await stopReleases(200_000);
		save({ ...readResults(), rateGate: gate, stopReleases: stopped });
		log('\nWrote bench/results.json');
		return;
	}
	// n8n-core, used in-process for the presence figures, keeps its settings here.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'ovice-bench-core-'));
	process.env.N8N_LOG_LEVEL ??= 'silent';
	const userFolder = mkdtempSync(join(tmpdir(), 'ovice-bench-n8n-'));
	const local = await startLocalN8n({ userFolder, port: 5698, sandboxPort: 4030, log });
	const sandbox = new SandboxClient(local.sandbox.url);
	const previous = readResults();
	const results: Record<string, unknown> = {
		...previous,
		measuredAt: new Date().toISOString(),
		machine: { cpus: cpus().length, node: process.version },
		n8n: local.runtime.n8nVersion,
		runs: RUNS,
	};
	let scalingSingle: Burst | undefined;
	try {
		const customAuth = await local.api.ensureCredential('bench custom auth', 'httpCustomAuth', {
			json: JSON.stringify({
				headers: { client_id: SANDBOX_KEY.clientId, client_secret: SANDBOX_KEY.clientSecret },
			}),
		});
		const targets = variants(local, { id: customAuth.id, name: customAuth.name });

		if (part(1)) {
			log(`\n1) ${ITEMS} workspace notifications, ${RUNS} runs each (interleaved)`);
			const ids: Record<string, string> = {};
			for (const [name, target] of Object.entries(targets)) {
				ids[name] = (
					await local.api.createWorkflow(benchWorkflow(`bench ${name}`, ITEMS, target))
				).id;
			}
			const measures: Record<string, ExecutionMeasure[]> = Object.fromEntries(
				Object.keys(targets).map((name) => [name, []]),
			);
			const raw: number[] = [];
			for (let run = 0; run < RUNS; run++) {
				for (const name of Object.keys(targets)) {
					await sandbox.reset();
					const measure = await execute(local, ids[name]);
					const delivered = (await sandbox.notifications()).length;
					if (measure.items !== ITEMS || measure.errors || delivered !== ITEMS) {
						throw new Error(
							`${name}: ${measure.items} items, ${measure.errors} errors, ${delivered} delivered`,
						);
					}
					measures[name].push(measure);
					log(
						`  run ${run + 1} ${name}: node ${round(measure.nodeMs)} ms, execution ${round(measure.wallMs)} ms`,
					);
				}
				await sandbox.reset();
				raw.push(await rawUndiciLoop(local, ITEMS));
				log(`  run ${run + 1} raw undici loop: ${round(raw[raw.length - 1])} ms`);
			}
			const throughput: Record<string, unknown> = {};
			for (const [name, list] of Object.entries(measures)) {
				throughput[name] = {
					nodeMs: stats(list.map((m) => m.nodeMs)),
					executionMs: stats(list.map((m) => m.wallMs)),
				};
			}
			throughput['raw undici loop'] = { nodeMs: stats(raw) };
			const oviceMedian = (throughput['ovice node'] as { nodeMs: Stats }).nodeMs.median;
			const credentialMedian = (throughput['HTTP Request + credential'] as { nodeMs: Stats }).nodeMs
				.median;
			const typedMedian = (throughput['HTTP Request + typed headers'] as { nodeMs: Stats }).nodeMs
				.median;
			results.notifications = {
				items: ITEMS,
				variants: throughput,
				ratioOviceToHttpRequestWithCredential:
					Math.round((oviceMedian / credentialMedian) * 100) / 100,
				ratioOviceToHttpRequestWithTypedHeaders:
					Math.round((oviceMedian / typedMedian) * 100) / 100,
			};
			save(results);
		}
		if (part(2)) {
			log(`\n2) ${MEMORY_ITEMS} items: peak memory of a fresh n8n process per variant`);
			const memory: Record<string, unknown> = {};
			for (const name of ['ovice node', 'HTTP Request + credential']) {
				// A fresh n8n for each variant, so neither starts from a heap the other grew.
				const folder = mkdtempSync(join(tmpdir(), 'ovice-bench-memory-'));
				const fresh = await startLocalN8n({
					userFolder: folder,
					port: 5702,
					sandboxPort: 4032,
					log: () => undefined,
				});
				try {
					const freshAuth = await fresh.api.ensureCredential(
						'bench custom auth',
						'httpCustomAuth',
						{
							json: JSON.stringify({
								headers: {
									client_id: SANDBOX_KEY.clientId,
									client_secret: SANDBOX_KEY.clientSecret,
								},
							}),
						},
					);
					const target = variants(fresh, { id: freshAuth.id, name: freshAuth.name })[name];
					const id = (
						await fresh.api.createWorkflow(
							benchWorkflow(`bench memory ${name}`, MEMORY_ITEMS, target),
						)
					).id;
					const peaks: number[] = [];
					const growth: number[] = [];
					for (let run = 0; run < Math.min(RUNS, 2); run++) {
						await new SandboxClient(fresh.sandbox.url).reset();
						const { baselineMb, peakMb } = await peakRss(fresh.server.process.pid!, () =>
							execute(fresh, id),
						);
						peaks.push(peakMb);
						growth.push(peakMb - baselineMb);
						log(`  ${name} run ${run + 1}: baseline ${baselineMb} MB, peak ${peakMb} MB`);
					}
					memory[name] = { peakRssMb: stats(peaks), growthMb: stats(growth) };
				} finally {
					await fresh.stop();
					rmSync(folder, { recursive: true, force: true });
				}
			}
			results.memory = { items: MEMORY_ITEMS, freshProcessPerVariant: true, variants: memory };
			save(results);
		}
		if (part(3)) {
			log(`\n3) ${RATE_ITEMS} notifications with the sandbox limited to ${RATE} requests/s`);
			const rateLimited: Record<string, unknown> = {};
			for (const [name, perSecond, executions] of [
				['defaults: ovice paces the key', 0, 1],
				['defaults, two executions at once', 0, 2],
				[`max ${RATE}/s in the credential`, RATE, 1],
			] as const) {
				// What the process learned of the limit goes after a minute without a 429.
				if (Object.keys(rateLimited).length) await new Promise((r) => setTimeout(r, 61_000));
				await local.api.ensureCredential(
					local.credential.name,
					'oviceApi',
					sandboxCredentialData(local.sandbox.url, { maxRequestsPerSecond: perSecond }),
				);
				const id = (
					await local.api.createWorkflow(
						benchWorkflow(`bench rate ${name}`, RATE_ITEMS, targets['ovice node']),
					)
				).id;
				await sandbox.reset();
				await sandbox.limitRate(RATE);
				const measures = await Promise.all(
					Array.from({ length: executions }, () => execute(local, id)),
				);
				const notifications = (await sandbox.notifications()).map((n) => n.message);
				const requests = (await sandbox.requests()).filter((r) => r.method === 'POST');
				const times = requests.map((r) => Date.parse(r.at));
				const counts = new Map<string, number>();
				for (const message of notifications) counts.set(message, (counts.get(message) ?? 0) + 1);
				const notificationsWanted = RATE_ITEMS * executions;
				rateLimited[name] = {
					executions,
					completionMs: round(Math.max(...measures.map((m) => m.nodeMs))),
					firstToLastRequestMs: round(Math.max(...times) - Math.min(...times)),
					idealMs: round(((notificationsWanted - 1) / RATE) * 1000),
					requests: requests.length,
					requestsPerNotification: Math.round((requests.length / notificationsWanted) * 100) / 100,
					refused429: requests.filter((r) => r.status === 429).length,
					delivered: notifications.length,
					// each execution sends the same texts: each text should arrive once per execution
					deliveredTwice: [...counts.values()].filter((count) => count > executions).length,
					itemErrors: measures.reduce((sum, m) => sum + m.errors, 0),
				};
				log(`  ${name}: ${JSON.stringify(rateLimited[name])}`);
			}
			results.rateLimited = { items: RATE_ITEMS, perSecond: RATE, variants: rateLimited };
			save(results);
		}
		if (part(7)) {
			log(
				`\n7) ${SCALE_EXECUTIONS} executions started by webhooks, one notification each: single process first`,
			);
			scalingSingle = await webhookBurst(
				local.api,
				local.server.url,
				local.sandbox.url,
				local.credential,
				'single process',
				() => ({ 'n8n (single process)': local.server.process.pid! }),
			);
		}
	} finally {
		await local.stop();
		rmSync(userFolder, { recursive: true, force: true });
	}

	if (scalingSingle) {
		log(`\n7) the same in queue mode (PostgreSQL, Redis, a webhook process), one worker, then two`);
		results.scaling = await queueScaling(scalingSingle);
		log(`  ${JSON.stringify(results.scaling)}`);
		save(results);
	}
	if (part(6)) {
		log(
			`\n6) expression evaluations per item (${COUNT_ITEMS} items, counted inside a separate n8n)`,
		);
		results.evaluations = await countEvaluations();
		log(`  ${JSON.stringify(results.evaluations)}`);
		save(results);
	}
	if (part(4)) {
		log(`\n4) presence diff for a ${PRESENCE_USERS}-user workspace`);
		results.presence = await presenceDiff(PRESENCE_USERS);
		log(`  ${JSON.stringify(results.presence)}`);
		log('\n4b) every user leaves the list at once: the diff alone, 10,000 and 20,000 users');
		results.presenceDepartures = [10_000, 20_000].map(presenceDepartures);
		log(`  ${JSON.stringify(results.presenceDepartures)}`);
	}
	if (part(8)) {
		log(`\n8) the rate gate: requests queued at 20/s, ${GATE_WINDOW_S} s window each`);
		results.rateGate = [];
		for (const queued of [1000, 10_000, 40_000])
			(results.rateGate as unknown[]).push(await rateGate(queued));
		log('\n8b) Stop with 200,000 requests queued at 0.01/s: heap before, while queued, after');
		results.stopReleases = await stopReleases(200_000);
	}
	if (part(5)) {
		log('\n5) package');
		results.package = packageFigures();
		log(`  ${JSON.stringify(results.package)}`);
	}

	save(results);
	log('\nWrote bench/results.json');
}

main().catch((error: Error) => {
	process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
