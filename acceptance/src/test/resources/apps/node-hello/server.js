// A plain Node.js HTTP server: it knows nothing of Quiver but $PORT.
const http = require('http');

const port = Number(process.env.PORT || 8080);
const host = process.env.HOST || '127.0.0.1';

http.createServer((req, res) => {
  let body = '';
  req.on('data', chunk => { body += chunk; });
  req.on('end', () => {
    const url = new URL(req.url, 'http://localhost');
    let name = url.searchParams.get('name');
    if (!name && body) {
      try { name = JSON.parse(body).name; } catch (e) { /* not JSON: no name */ }
    }
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(JSON.stringify({message: `Hello, ${name || 'stranger'}!`, path: url.pathname,
      function: process.env.QUIVER_FUNCTION || null}));
  });
}).listen(port, host, () => console.log(`listening on ${host}:${port}`));

process.on('SIGTERM', () => process.exit(0));
