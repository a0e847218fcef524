/**
 * `npm run scan`: n8n's verification scanner (@n8n/scan-community-package) over this
 * package, offline — the two legs it runs on a published package: the community-node lint
 * rules over the source tree (package.json, nodes/, credentials/) and over the packed
 * tarball's `*.js` and package.json (both with inline configuration off, so an `eslint-disable`
 * comment would hide nothing). Its network steps (download, npm provenance) need a
 * published version and are not run here.
 *
 * The scanner is installed once into the runtime cache and runs under Node 24, as it needs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packTarball, PACKAGE_ROOT } from './n8n/install-package';
import { cacheDirectory, ensureNode, NODE_MAJOR, run } from './n8n/runtime';

const SCANNER_VERSION = '0.32.0';
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
	const cacheDir = cacheDirectory();
	const { node } = await ensureNode(cacheDir, NODE_MAJOR, log);
	const scannerDir = join(cacheDir, `scanner-${SCANNER_VERSION}`);
	const scanner = join(
		scannerDir,
		'node_modules',
		'@n8n',
		'scan-community-package',
		'scanner',
		'scanner.mjs',
	);
	if (!existsSync(scanner)) {
		mkdirSync(scannerDir, { recursive: true });
		writeFileSync(
			join(scannerDir, 'package.json'),
			JSON.stringify({ name: 'n8n-scanner', private: true }),
		);
		await run(
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				`@n8n/scan-community-package@${SCANNER_VERSION}`,
			],
			{
				cwd: scannerDir,
				env: { ...process.env, npm_config_yes: 'true' },
				log,
				label: 'scanner',
			},
		);
	}
	const unpacked = mkdtempSync(join(tmpdir(), 'ovice-scan-'));
	const { tarball, cleanUp } = packTarball();
	try {
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const legs = [
			{
				name: 'source (package.json, nodes/, credentials/)',
				dir: PACKAGE_ROOT,
				patterns: 'SOURCE_FILE_PATTERNS',
			},
			{
				name: 'packed tarball (*.js, package.json)',
				dir: unpacked,
				patterns: JSON.stringify(['**/*.js', 'package.json']),
			},
		];
		let failed = false;
		for (const leg of legs) {
			const script = `
import * as scanner from ${JSON.stringify(scanner)};
const patterns = ${leg.patterns === 'SOURCE_FILE_PATTERNS' ? 'scanner.SOURCE_FILE_PATTERNS' : leg.patterns};
const result = await scanner.analyzePackage(${JSON.stringify(leg.dir)}, patterns);
console.log(JSON.stringify(result));
process.exit(0);`;
			const output = execFileSync(node, ['--input-type=module', '-e', script], {
				cwd: scannerDir,
				encoding: 'utf8',
			})
				.trim()
				.split('\n')
				.pop()!;
			const result = JSON.parse(output) as { passed: boolean; message?: string; details?: string };
			log(
				`${result.passed ? 'pass' : 'FAIL'}  ${leg.name}${result.message ? `: ${result.message}` : ''}`,
			);
			if (!result.passed) {
				failed = true;
				if (result.details) log(result.details);
			}
		}
		if (failed) process.exit(1);
		log(`n8n's scanner ${SCANNER_VERSION}: both legs pass`);
	} finally {
		cleanUp();
		rmSync(unpacked, { recursive: true, force: true });
	}
}

main().catch((error: Error) => {
	process.stderr.write(`scan failed: ${error.message}\n`);
	process.exit(1);
});
