// Starts the real edgewamp binary for a test file: a generated config with one TCP listener that serves
// RawSocket, WebSocket (/ws), the HTTP bridge (POST /publish, /call) and long-poll (/longpoll) on a free port, every
// serializer, realm1 open to anonymous clients.
// Stopped by PID (SIGTERM, then SIGKILL after 10 s).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const BINARY = process.env.EDGEWAMP_BIN || path.join(REPO, 'src', 'EdgeWamp.Host', 'bin', 'Release', 'net10.0', 'edgewamp');
const START_TIMEOUT_MS = 20000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

// `configure(config)` may change the generated config before the router starts (auth.test.js adds principals).
async function startRouter({ allowedOrigins, tls, configure } = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgewamp-node-'));
  const config = {
    realms: [{
      name: 'realm1',
      roles: [{ name: 'anonymous', permissions: [{ uri: '', match: 'prefix', allow: ['call', 'register', 'publish', 'subscribe'] }] }],
    }],
    authentication: { anonymous: [{ realm: 'realm1', role: 'anonymous' }] },
    listeners: [{
      tcp: `127.0.0.1:${port}`,
      websocket: { path: '/ws', bridge: { realm: 'realm1' }, longPoll: '/longpoll', ...(allowedOrigins ? { allowedOrigins } : {}) },
      authMethods: ['anonymous'],
      serializers: ['json', 'msgpack', 'cbor', 'ubjson'],
      ...(tls ? { tls } : {}),
    }],
  };
  if (configure) {
    configure(config);
  }
  const configPath = path.join(dir, 'config.json');
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));

  let output = '';
  const child = spawn(BINARY, ['run', '--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`edgewamp did not start listening on ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    port,
    url: `${tls ? 'wss' : 'ws'}://127.0.0.1:${port}/ws`,
    http: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
        const { code } = await exited;
        clearTimeout(timer);
        fs.rmSync(dir, { recursive: true, force: true });
        return code;
      }
      fs.rmSync(dir, { recursive: true, force: true });
      return child.exitCode;
    },
  };
}

module.exports = { startRouter, REPO };
