/**
 * `npm run bench`: the ovice node measured side by side with n8n's HTTP Request node, in
 * the real n8n that `npm start` runs, against the sandbox on this machine.
 *
 *   npm run bench -- --runs 5 --items 1000 --memory-items 10000
 *   npm run bench -- --parts 7 --scale-executions 1000 --scale-runs 3   (needs PostgreSQL and Redis)
 *
 * Runs the chosen parts (default all) in their order, 1 to 9, and after each writes its
 * figures to bench/results.json under `parts.<n>` with the time it was measured, so a part
 * run alone leaves the others' figures as they were. Every figure is a median of --runs runs
 * with min and max.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import { KEEP_FOR_TESTS } from '../sandbox/server';
import { PACKAGE_ROOT } from '../scripts/n8n/install-package';
import { startLocalN8n } from '../scripts/n8n/local';
import { numberOption, option } from '../scripts/options';
import { log } from './measure';
import type { BenchContext, BenchOptions, BenchPart, SharedN8n } from './part';
import { throughput } from './parts/1-throughput';
import { memory } from './parts/2-memory';
import { rateLimit } from './parts/3-rate-limit';
import { presence } from './parts/4-presence';
import { packageFigures } from './parts/5-package';
import { evaluations } from './parts/6-evaluations';
import { scaling } from './parts/7-scaling';
import { gate } from './parts/8-turns';
import { ownCpu } from './parts/9-own-cpu';
import { customAuthCredential, variants } from './variants';

const PARTS: BenchPart[] = [
	throughput,
	memory,
	rateLimit,
	presence,
	packageFigures,
	evaluations,
	scaling,
	gate,
	ownCpu,
];

const RESULTS_FILE = join(PACKAGE_ROOT, 'bench', 'results.json');

function readOptions(): BenchOptions {
	return {
		runs: numberOption('runs', 5),
		items: numberOption('items', 1000),
		memoryItems: numberOption('memory-items', 10_000),
		rate: numberOption('rate', 10),
		rateItems: numberOption('rate-items', 600),
		presenceUsers: numberOption('presence-users', 10_000),
		countItems: numberOption('count-items', 100),
		scaleExecutions: numberOption('scale-executions', 1000),
		scaleRuns: numberOption('scale-runs', 3),
		gateWindowS: numberOption('gate-window', 10),
	};
}

interface Results {
	machine?: Record<string, unknown>;
	parts: Record<string, { title: string; measuredAt: string; [figure: string]: unknown }>;
}

function readResults(): Results {
	try {
		const saved = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Partial<Results>;
		return { ...saved, parts: saved.parts ?? {} };
	} catch {
		return { parts: {} };
	}
}

function save(results: Results): void {
	mkdirSync(join(PACKAGE_ROOT, 'bench'), { recursive: true });
	writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

async function main(): Promise<void> {
	const options = readOptions();
	const chosen = (option('parts') ?? PARTS.map((part) => part.number).join(',')).split(',');
	const unknown = chosen.filter((number) => !PARTS.some((part) => part.number === number));
	if (unknown.length) throw new Error(`--parts: no part ${unknown.join(', ')} (there are 1 to 8)`);

	// n8n-core, used in-process for the presence figures, keeps its settings here.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'ovice-bench-core-'));
	process.env.N8N_LOG_LEVEL ??= 'silent';

	let shared: { n8n: SharedN8n; folder: string } | undefined;
	const context: BenchContext = {
		options,
		async sharedN8n() {
			if (!shared) {
				const folder = mkdtempSync(join(tmpdir(), 'ovice-bench-n8n-'));
				const local = await startLocalN8n({
					sandboxKeep: KEEP_FOR_TESTS,
					userFolder: folder,
					port: 5698,
					sandboxPort: 4030,
					log,
				});
				shared = {
					folder,
					n8n: { local, targets: variants(local, await customAuthCredential(local.api)) },
				};
			}
			return shared.n8n;
		},
		async stopSharedN8n() {
			if (!shared) return;
			const { n8n, folder } = shared;
			shared = undefined;
			await n8n.local.stop();
			rmSync(folder, { recursive: true, force: true });
		},
	};

	const results = readResults();
	results.machine = { cpus: cpus().length, node: process.version, runs: options.runs };
	try {
		for (const part of PARTS.filter((candidate) => chosen.includes(candidate.number))) {
			if (!part.usesSharedN8n) await context.stopSharedN8n();
			log(`\n${part.number}) ${part.title}`);
			const measuredAt = new Date().toISOString();
			const figures = await part.run(context);
			const n8n = shared?.n8n.local.runtime.n8nVersion;
			results.parts[part.number] = {
				title: part.title,
				measuredAt,
				...(n8n ? { n8n } : {}),
				...figures,
			};
			save(results);
		}
	} finally {
		await context.stopSharedN8n();
	}
	log(`\nWrote ${RESULTS_FILE}`);
}

main().catch((error: Error) => {
	process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
