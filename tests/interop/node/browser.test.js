// A real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no browser download) opens a
// page this test serves. The page connects with autobahn-browser over WebSocket and shows the events it receives;
// a RawSocket CBOR client (Debian's python3-autobahn) publishes one, and the test reads it off the page.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startRouter } = require('./router');
const { startPeer } = require('./peer');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AUTOBAHN_BROWSER = path.join(__dirname, 'node_modules', 'autobahn-browser', 'autobahn.min.js');
const TOPIC = 'com.example.browser.temperature';

function page(routerUrl) {
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><title>EdgeWamp in a browser</title><script src="/autobahn.min.js"></script></head>
<body>
<p id="status">connecting</p>
<ul id="events"></ul>
<script>
  const connection = new autobahn.Connection({ url: ${JSON.stringify(routerUrl)}, realm: 'realm1', max_retries: 0 });
  connection.onopen = async (session) => {
    await session.subscribe(${JSON.stringify(TOPIC)}, (args, kwargs) => {
      const item = document.createElement('li');
      item.textContent = args[0] + ' from ' + kwargs.source;
      document.getElementById('events').appendChild(item);
    });
    document.getElementById('status').textContent = 'subscribed';
  };
  connection.onclose = (reason) => { document.getElementById('status').textContent = 'closed: ' + reason; };
  connection.open();
</script>
</body>
</html>`;
}

let server;
let pageOrigin;
let router;
let browser;

before(async () => {
  let html = '';
  server = http.createServer((request, response) => {
    if (request.url === '/autobahn.min.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      fs.createReadStream(AUTOBAHN_BROWSER).pipe(response);
    } else if (request.url === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(html);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${server.address().port}`;
  // Only the test page's origin may open a WebSocket: the browser sends it, the router checks it.
  router = await startRouter({ allowedOrigins: [pageOrigin] });
  html = page(router.url);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (router) {
    assert.equal(await router.stop(), 0, router.output());
  }
});

test('Chromium shows an event a RawSocket client published', async () => {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(pageOrigin + '/');
    await tab.waitForFunction(() => document.getElementById('status').textContent !== 'connecting', null, { timeout: 20000 });
    assert.equal(await tab.textContent('#status'), 'subscribed');

    const publisher = startPeer(router.port, ['publish', TOPIC, '21.5 °C'], 'PUBLISHED');
    await publisher.ready;
    assert.equal(await publisher.exited, 0, publisher.output());
    await tab.waitForSelector('#events li', { timeout: 20000 });

    assert.equal(await tab.textContent('#events li'), '21.5 °C from rawsocket');
    // The router issued its WAMP authentication cookie in the upgrade response, and the browser kept it.
    const cookie = (await context.cookies(pageOrigin)).find((c) => c.name === 'cbtid');
    assert.ok(cookie, 'no cbtid cookie was set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
  } finally {
    await context.close();
  }
});

test('a page from an origin that is not allowed cannot connect', async () => {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    // about:blank has the opaque origin "null", which the router's allow-list does not name.
    const outcome = await tab.evaluate((url) => new Promise((resolve) => {
      const socket = new WebSocket(url, ['wamp.2.json']);
      socket.onopen = () => resolve('open');
      socket.onclose = (event) => resolve('closed ' + event.code);
    }), router.url);
    assert.equal(outcome, 'closed 1006');
  } finally {
    await context.close();
  }
});
