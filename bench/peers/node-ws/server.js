// The relay path of the pairing protocol on Node's `ws`, written the way a Node developer would:
// any ?token= is accepted, join_channel adds the socket to a Set, channel_message is sent as
// received to the other members, ping gets pong. See ../PROTOCOL.md.
'use strict';
const { WebSocketServer } = require('ws');
const crypto = require('crypto');

const port = Number(process.argv[2] || 9101);
const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws', perMessageDeflate: false, clientTracking: false });
const channels = new Map();

wss.on('connection', (ws, req) => {
  const token = new URL(req.url, 'http://localhost').searchParams.get('token');
  if (!token) {
    ws.send(JSON.stringify({ type: 'error', code: 'INVALID_TOKEN' }));
    ws.close(1008, 'Invalid token');
    return;
  }
  let channel = null;
  ws.send(JSON.stringify({ type: 'connected', client_id: crypto.randomUUID() }));
  ws.on('message', (data, isBinary) => {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch (e) {
      ws.send('{"type":"error","code":"INVALID_JSON"}');
      return;
    }
    switch (msg.type) {
      case 'channel_message': {
        const members = channels.get(channel);
        if (members) {
          for (const m of members) {
            if (m !== ws && m.readyState === 1) m.send(data, { binary: false });
          }
        }
        break;
      }
      case 'ping':
        ws.send(JSON.stringify({ type: 'pong', sequence: msg.sequence, timestamp: new Date().toISOString() }));
        break;
      case 'join_channel': {
        channel = String(msg.channel);
        let members = channels.get(channel);
        if (!members) channels.set(channel, (members = new Set()));
        members.add(ws);
        ws.send(JSON.stringify({ type: 'channel_joined', channel, members: members.size }));
        break;
      }
      default:
        break;
    }
  });
  ws.on('close', () => {
    const members = channel && channels.get(channel);
    if (members) {
      members.delete(ws);
      if (members.size === 0) channels.delete(channel);
    }
  });
});

wss.on('listening', () => console.log(`READY node-ws port ${port}`));

// The benchmark reads memory after a full collection: started with --expose-gc, SIGUSR2 runs one
// and says so on a line of its own.
if (typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    console.log('collected');
  });
}
