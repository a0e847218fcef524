/** What `npm pack` would publish: only the built package, its README and licence, no secrets. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PUBLISHED_DOCS, sandboxDocsBase } from '../scripts/n8n/install-package';

import { everyOperation } from '../nodes/Ovice/actions/operations';
import { INACTIVE_KEY, SANDBOX_KEY } from '../sandbox/data';
import { headingAnchor } from '../sandbox/docs';
import { startSandbox } from '../sandbox/server';
import { PACKAGE_ROOT } from './harness/engine';

interface PackedFile {
	path: string;
}

const packageJson = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};

function packedFiles(): string[] {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: PACKAGE_ROOT,
		encoding: 'utf8',
	});
	const [pack] = JSON.parse(output) as Array<{ files: PackedFile[] }>;
	return pack.files.map((file) => file.path).sort();
}

function headingAnchors(markdown: string): Set<string> {
	return new Set([
		...[...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((match) => headingAnchor(match[1])),
		...[...markdown.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((match) => match[1]),
	]);
}

function packedDocumentationLinks(): string[] {
	return packedFiles()
		.filter((file) => /\.node\.json$|\.node\.js$|credentials\.js$/.test(file))
		.flatMap((file) => [
			...readFileSync(join(PACKAGE_ROOT, file), 'utf8').matchAll(
				/https:\/\/www\.npmjs\.com\/package\/[^"'\s]*/g,
			),
		])
		.map((match) => match[0]);
}

/** Every markdown link of the README and of docs/*.md, with the page it is on. */
function readmeAndDocsLinks(): Array<{ page: string; href: string }> {
	const pages = [
		'README.md',
		...readdirSync(join(PACKAGE_ROOT, 'docs'))
			.filter((file) => file.endsWith('.md'))
			.map((file) => `docs/${file}`),
	];
	return pages.flatMap((page) => {
		const text = readFileSync(join(PACKAGE_ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
		return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({ page, href: match[1] }));
	});
}

describe('package', () => {
	it('publishes only the built credentials, nodes and icons, README.md, LICENSE and package.json', () => {
		const files = packedFiles();
		// n8n-node build copies every .png and .svg of the tree into dist/ (the README's
		// screenshots too); package.json's "files" keeps them out of the tarball.
		const outside = files.filter(
			(file) =>
				!/^dist\/(credentials|nodes|icons)\//.test(file) &&
				!['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(outside).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
		expect(files.some((file) => /test|sandbox|\.map$|\.png$/.test(file))).toBe(false);
	});

	it('ships every node and credential it declares, with icons and codex files', () => {
		const files = packedFiles();
		for (const entry of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) {
			expect(files).toContain(entry);
		}
		for (const node of packageJson.n8n.nodes) {
			expect(files).toContain(node.replace(/\.js$/, '.json'));
		}
		expect(files).toEqual(
			expect.arrayContaining(['dist/icons/ovice.svg', 'dist/icons/ovice.dark.svg']),
		);
	});

	it('ships an output schema for every operation of the ovice node and for both triggers', () => {
		const schemas = packedFiles().filter((file) => file.includes('/__schema__/'));
		// The path written out by hand, as n8n looks a schema up:
		// <node dir>/__schema__/v<x.y.z>[/<resource>/<operation>].json; one per declared operation.
		const operations = everyOperation().map(({ resource, value }) => `${resource}/${value}`);
		expect(schemas).toEqual(
			[
				...operations.map((operation) => `dist/nodes/Ovice/__schema__/v1.0.0/${operation}.json`),
				'dist/nodes/OvicePresenceTrigger/__schema__/v1.0.0.json',
				'dist/nodes/OviceWebhookTrigger/__schema__/v1.0.0.json',
			].sort(),
		);
	});

	it("each node's Docs link is its description's documentationUrl (n8n's editor uses it as it is) and its codex's", () => {
		for (const node of packageJson.n8n.nodes) {
			const built = join(PACKAGE_ROOT, node);
			const url = /documentationUrl: '([^']+)'/.exec(readFileSync(built, 'utf8'))?.[1];
			const codex = JSON.parse(readFileSync(built.replace(/\.js$/, '.json'), 'utf8')) as {
				resources: { primaryDocumentation: Array<{ url: string }> };
			};
			expect({ node, url }).toEqual({ node, url: codex.resources.primaryDocumentation[0].url });
		}
	});

	it("every documentation link names the package's npm page and a heading of its README", () => {
		const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
		const anchors = headingAnchors(readme);
		const links = packedDocumentationLinks();
		expect(links.length).toBeGreaterThanOrEqual(7);
		for (const link of links) {
			// Written out by hand: the npm page a published package gets.
			expect(link).toMatch(/^https:\/\/www\.npmjs\.com\/package\/n8n-nodes-ovice(#[a-z0-9-]+)?$/);
			const anchor = link.split('#')[1];
			expect({ link, found: anchor === undefined || anchors.has(anchor) }).toEqual({
				link,
				found: true,
			});
		}
	});

	it('until publication, every documentation link opens a page that exists: the sandbox serves the docs npm start points them at', async () => {
		const sandbox = await startSandbox({ port: 0 });
		try {
			const base = sandboxDocsBase(Number(new URL(sandbox.url).port));
			const pages = [
				...packedDocumentationLinks().map((link) => link.replace(PUBLISHED_DOCS, base)),
				...readmeAndDocsLinks().flatMap((link) => {
					// The README's links to docs/ and every page's own anchors, as the sandbox serves them.
					const [path, anchor] = link.href.split('#');
					if (!anchor || /^[a-z]+:/.test(link.href)) return [];
					const file = (path || link.page).replace(/^(docs\/|\.\.\/)/, '');
					if (!file.endsWith('.md')) return [];
					return [`${base}${file === 'README.md' ? '' : `/${file}`}#${anchor}`];
				}),
			];
			for (const page of pages) {
				const [address, anchor] = page.split('#');
				const response = await fetch(address);
				const html = await response.text();
				expect({
					page,
					status: response.status,
					anchor: !anchor || html.includes(`id="${anchor}"`),
				}).toEqual({
					page,
					status: 200,
					anchor: true,
				});
			}
		} finally {
			await sandbox.close();
		}
	});

	it('every screenshot in docs/screenshots is shown by the README or docs/ (the browser test takes them)', () => {
		const shown = new Set(
			readmeAndDocsLinks()
				.map((link) => link.href.replace(/^(docs\/)?screenshots\//, ''))
				.filter((href) => href.endsWith('.png')),
		);
		const files = readdirSync(join(PACKAGE_ROOT, 'docs', 'screenshots'));
		expect(files.filter((file) => !shown.has(file))).toEqual([]);
	});

	it('every link of the README and docs/ to a file of the repository or one of its headings resolves', () => {
		const broken = readmeAndDocsLinks()
			.filter((link) => !/^[a-z]+:/.test(link.href))
			.filter((link) => {
				const [path, anchor] = link.href.split('#');
				const folder = link.page === 'README.md' ? PACKAGE_ROOT : join(PACKAGE_ROOT, 'docs');
				const target = path ? join(folder, path) : join(folder, link.page.replace(/^docs\//, ''));
				if (!existsSync(target)) return true;
				if (!anchor || !target.endsWith('.md')) return false;
				return !headingAnchors(readFileSync(target, 'utf8')).has(anchor);
			});
		expect(broken).toEqual([]);
	});

	it('has no runtime dependencies; n8n-workflow is a peer', () => {
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(packageJson.peerDependencies).toHaveProperty('n8n-workflow');
	});

	it('contains no sandbox secret in any published file', () => {
		for (const file of packedFiles()) {
			const path = join(PACKAGE_ROOT, file);
			if (!existsSync(path)) continue;
			const text = readFileSync(path, 'utf8');
			expect(text).not.toContain(SANDBOX_KEY.clientSecret);
			expect(text).not.toContain(INACTIVE_KEY.clientSecret);
		}
	});
});
