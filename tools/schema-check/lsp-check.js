#!/usr/bin/env node
// Opens YAML files in the real yaml-language-server (the one VS Code's YAML extension runs), over stdio
// JSON-RPC as an editor would, and prints what an editor would show: every diagnostic, and the hover
// text at the positions asked for. The schema comes from each file's `# yaml-language-server: $schema=`
// modeline, as in an editor.
//
//   node lsp-check.js [--hover FILE:LINE:COL]... [--complete FILE:LINE:COL]... FILE...
//
// Prints one JSON object: { files: { FILE: [{ line, column, endLine, endColumn, severity, message }] },
// hovers: [{ file, line, column, text }], completions: [{ file, line, column, labels }] }. Lines and columns count from 1. Exit 0 once the server answered,
// whatever it found; 2 when it did not start or answer in time.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const QUIET_MS = 400; // no new diagnostics for this long: the server has settled
const TIMEOUT_MS = 60000;

function parseArgs(argv) {
  const files = [];
  const hovers = [];
  const completions = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--hover' || argv[i] === '--complete') {
      const m = /^(.*):(\d+):(\d+)$/.exec(argv[i + 1] ?? '');
      if (!m) fail(`${argv[i]} wants FILE:LINE:COL, got ${argv[i + 1]}`);
      (argv[i] === '--hover' ? hovers : completions).push({ file: path.resolve(m[1]), line: Number(m[2]), column: Number(m[3]) });
      i++;
    } else files.push(path.resolve(argv[i]));
  }
  if (files.length === 0) fail('usage: node lsp-check.js [--hover FILE:LINE:COL]... [--complete FILE:LINE:COL]... FILE...');
  for (const at of [...hovers, ...completions]) if (!files.includes(at.file)) files.push(at.file);
  return { files, hovers, completions };
}

function fail(message) {
  process.stderr.write(`lsp-check: ${message}\n`);
  process.exit(2);
}

// The editor's settings. No schema store or CRD store: they would be fetched from the network, and the
// modeline names the schema anyway.
const settings = {
  yaml: {
    validate: true,
    hover: true,
    completion: true,
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    schemas: {},
  },
  http: {},
  '[yaml]': {},
  editor: {},
};

class Client {
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.buffer = Buffer.alloc(0);
    this.onNotification = () => {};
    child.stdout.on('data', (chunk) => this.receive(chunk));
  }

  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  notify(method, params) {
    this.send({ method, params });
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  dispatch(message) {
    if (message.method && message.id !== undefined) {
      // A request from the server: settings are answered, everything else (registrations, progress) acknowledged.
      const result = message.method === 'workspace/configuration'
        ? message.params.items.map((item) => settings[item.section] ?? null)
        : null;
      this.send({ id: message.id, result });
    } else if (message.method) {
      this.onNotification(message);
    } else if (this.pending.has(message.id)) {
      const { resolve, reject } = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) reject(new Error(`${message.error.code}: ${message.error.message}`));
      else resolve(message.result);
    }
  }
}

function hoverText(result) {
  if (!result) return null;
  const parts = Array.isArray(result.contents) ? result.contents : [result.contents];
  return parts.map((p) => (typeof p === 'string' ? p : p.value)).join('\n');
}

async function main() {
  const { files, hovers, completions } = parseArgs(process.argv.slice(2));
  const server = require.resolve('yaml-language-server/bin/yaml-language-server');
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.on('exit', (code) => { if (code) fail(`yaml-language-server exited with ${code}: ${stderr}`); });
  const timer = setTimeout(() => fail(`no answer within ${TIMEOUT_MS / 1000} s; server said: ${stderr}`), TIMEOUT_MS);

  const client = new Client(child);
  const diagnostics = new Map();
  let lastPublish = Date.now();
  client.onNotification = (message) => {
    if (message.method !== 'textDocument/publishDiagnostics') return;
    diagnostics.set(message.params.uri, message.params.diagnostics);
    lastPublish = Date.now();
  };

  const uris = files.map((f) => pathToFileURL(f).href);
  const root = pathToFileURL(process.cwd()).href;
  await client.request('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'repro' }],
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
      textDocument: {
        publishDiagnostics: { relatedInformation: false },
        hover: { contentFormat: ['plaintext', 'markdown'] },
        completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext', 'markdown'] } },
      },
    },
  });
  client.notify('initialized', {});
  client.notify('workspace/didChangeConfiguration', { settings });

  files.forEach((file, i) => client.notify('textDocument/didOpen', {
    textDocument: { uri: uris[i], languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') },
  }));
  // Each file's diagnostics are published once validated; a configuration change may validate again.
  await new Promise((resolve) => {
    const poll = setInterval(() => {
      if (uris.every((u) => diagnostics.has(u)) && Date.now() - lastPublish >= QUIET_MS) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });

  const hoverResults = [];
  for (const h of hovers) {
    const result = await client.request('textDocument/hover', {
      textDocument: { uri: pathToFileURL(h.file).href },
      position: { line: h.line - 1, character: h.column - 1 },
    });
    hoverResults.push({ file: h.file, line: h.line, column: h.column, text: hoverText(result) });
  }

  const completionResults = [];
  for (const c of completions) {
    const result = await client.request('textDocument/completion', {
      textDocument: { uri: pathToFileURL(c.file).href },
      position: { line: c.line - 1, character: c.column - 1 },
    });
    const items = Array.isArray(result) ? result : result?.items ?? [];
    completionResults.push({ file: c.file, line: c.line, column: c.column, labels: items.map((item) => item.label) });
  }

  await client.request('shutdown', null);
  client.notify('exit', null);
  clearTimeout(timer);

  const out = { files: {}, hovers: hoverResults, completions: completionResults };
  files.forEach((file, i) => {
    out.files[file] = diagnostics.get(uris[i]).map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: ['', 'error', 'warning', 'information', 'hint'][d.severity ?? 1],
      message: d.message,
    }));
  });
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((e) => fail(e.stack ?? String(e)));
