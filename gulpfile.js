// Copies what tsc does not emit into dist/: the icons and each node's codex (.node.json).
const { src, dest } = require('gulp');

function copyIcons() {
	return src('icons/*.svg', { encoding: false }).pipe(dest('dist/icons'));
}

function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

function buildAssets(done) {
	const { parallel } = require('gulp');
	return parallel(copyIcons, copyCodex)(done);
}

exports['build:assets'] = buildAssets;
