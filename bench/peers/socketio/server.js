// The relay path of the pairing protocol as Socket.IO events, the way a Socket.IO developer would
// write it: any token is accepted, join_channel joins a room, channel_message is emitted to the
// rest of the room, ping gets pong. WebSocket transport only. See ../PROTOCOL.md.
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 9104);
const io = new Server({ serveClient: false, transports: ['websocket'], perMessageDeflate: false });

io.use((socket, next) => {
  const token = (socket.handshake.auth && socket.handshake.auth.token) || socket.handshake.query.token;
  return token ? next() : next(new Error('Invalid token'));
});

io.on('connection', (socket) => {
  socket.emit('connected', { client_id: socket.id });
  socket.on('join_channel', (msg) => {
    const channel = String(msg && msg.channel);
    socket.join(channel);
    socket.data.channel = channel;
    const room = io.sockets.adapter.rooms.get(channel);
    socket.emit('channel_joined', { channel, members: room ? room.size : 1 });
  });
  socket.on('channel_message', (msg) => {
    if (socket.data.channel) socket.to(socket.data.channel).emit('channel_message', msg);
  });
  socket.on('ping', (msg) => {
    socket.emit('pong', { sequence: msg && msg.sequence, timestamp: new Date().toISOString() });
  });
});

const server = http.createServer();
io.attach(server);
server.listen(port, '127.0.0.1', () => console.log(`READY socketio port ${port}`));

// The benchmark reads memory after a full collection: started with --expose-gc, SIGUSR2 runs one
// and says so on a line of its own.
if (typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    console.log('collected');
  });
}
