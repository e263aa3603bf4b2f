// Runs rawsocket_peer.py (Debian's python3-autobahn, RawSocket + CBOR) as the non-WebSocket side of a test.
'use strict';

const path = require('node:path');
const { spawn } = require('node:child_process');

const PYTHON = '/usr/bin/python3'; // Debian's, where python3-autobahn lives

/** Starts the peer; `ready` resolves once it printed `expected`, `exited` with its exit code. */
function startPeer(port, args, expected) {
  const child = spawn(PYTHON, [path.join(__dirname, 'rawsocket_peer.py'), String(port), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rawsocket_peer.py printed no ${expected}:\n${output}`)), 20000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes(expected)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!output.includes(expected)) {
        reject(new Error(`rawsocket_peer.py exited with ${code}:\n${output}`));
      }
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, ready, exited, output: () => output };
}

module.exports = { startPeer };
